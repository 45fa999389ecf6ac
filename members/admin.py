from members import claim_admin, request_admin  # noqa: F401
