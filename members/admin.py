from members import claim_admin  # noqa: F401
