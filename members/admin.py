from members import request_admin  # noqa: F401
