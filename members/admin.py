from members import claim_admin  # noqa: F401
from members import request_admin  # noqa: F401
