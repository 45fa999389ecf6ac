"""Erasing what the members app holds about a person, as the privacy page promises.

``forget_user`` erases an account: its claims, the requests made from it or from its
address, its profile, its authorship of the change history, and the account itself
(``forget_account``). ``forget_contact`` erases a directory contact and then sends
``portal.signals.person_forgotten`` with the addresses it was reached at: the requests
made from those addresses go too (``erase_requests_of_forgotten_person``).
"""

from dataclasses import dataclass

from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.dispatch import receiver

from accounts.models import Profile
from members.claims import give_back_units
from members.models import AccessRequest, Claim, ClaimStatus, CorrectionRequest
from members.retention import delete_admin_log_about, delete_with_admin_log
from portal.signals import person_forgotten


def _from_addresses(emails) -> Q:
    """Rows whose ``email`` is one of ``emails``, in any case ("" matches nothing)."""
    condition = Q(pk__in=[])
    for email in {email.strip() for email in emails if email and email.strip()}:
        condition |= Q(email__iexact=email)
    return condition


def erase_requests_from(emails) -> tuple[int, int]:
    """Delete the member account requests and suggested corrections made from ``emails``:
    (how many requests, how many corrections)."""
    condition = _from_addresses(emails)
    requests = delete_with_admin_log(AccessRequest.objects.filter(condition))
    corrections = delete_with_admin_log(CorrectionRequest.objects.filter(condition))
    return requests, corrections


@receiver(person_forgotten, dispatch_uid="members-erase-requests-of-forgotten-person")
def erase_requests_of_forgotten_person(sender, emails=(), **kwargs):
    """What the sender may print: what was erased, in a sentence."""
    requests, corrections = erase_requests_from(emails)
    return (
        f"{requests} member account request(s) and {corrections} suggested correction(s) "
        "made from its addresses deleted."
    )


def historical_models():
    """Every model of the change history (django-simple-history's tables)."""
    return [model for model in apps.get_models() if hasattr(model, "history_user")]


def erase_history_authorship(user_pk) -> int:
    """Unname ``user_pk`` everywhere in the change history: as the author of a version
    (``history_user``) and where a version names the account (a party's responsible
    staff member, a commitment's owner…). Returns how many versions changed."""
    user_model = get_user_model()
    changed = 0
    for model in historical_models():
        fields = [
            field.attname
            for field in model._meta.concrete_fields
            if field.is_relation and field.related_model is user_model
        ]
        naming = Q(pk__in=[])
        for name in fields:
            naming |= Q(**{name: user_pk})
        # Counted once per version, whichever of its fields named the account.
        changed += model._base_manager.filter(naming).count()
        for name in fields:
            model._base_manager.filter(**{name: user_pk}).update(**{name: None})
    return changed


@dataclass(frozen=True)
class Forgotten:
    """What ``forget_account`` erased."""

    username: str
    claims: int
    units_given_back: int
    account_requests: int
    corrections: int
    profile: bool
    history_versions: int
    admin_log_entries: int


def forget_account(user) -> Forgotten:
    """Erase ``user`` and what the portal holds about them, in one transaction.

    Claims are deleted. An approved claim's units stay counted in its allowance: the
    benefit was given, and giving the units back would let others take more than the
    allowance granted in that period; the counter holds no personal data. A pending
    claim's units are given back: it will never be decided, so nothing was given.
    """
    with transaction.atomic():
        claims = list(Claim.objects.select_for_update().filter(user=user).select_related("benefit"))
        units = 0
        for claim in claims:
            if claim.status == ClaimStatus.PENDING and claim.units_held:
                units += claim.units_held
                give_back_units(claim)
        delete_with_admin_log(Claim.objects.filter(pk__in=[claim.pk for claim in claims]))
        requests, corrections = erase_requests_from([user.email])
        corrections += delete_with_admin_log(CorrectionRequest.objects.filter(user=user))
        profile = delete_with_admin_log(Profile.objects.filter(user=user)) > 0
        versions = erase_history_authorship(user.pk)
        log_entries = LogEntry.objects.filter(user=user).count()
        username = user.get_username()
        # The admin's log entries about the account name it too.
        delete_admin_log_about(get_user_model(), [user.pk])
        user.delete()
    return Forgotten(
        username=username,
        claims=len(claims),
        units_given_back=units,
        account_requests=requests,
        corrections=corrections,
        profile=profile,
        history_versions=versions,
        admin_log_entries=log_entries,
    )
