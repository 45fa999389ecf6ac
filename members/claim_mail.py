"""Temporary: replaced by the staff-side branch's module on merge."""


def claim_made(claim):
    pass


def claim_decided(claim):
    pass
