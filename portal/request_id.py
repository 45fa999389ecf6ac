"""An id for every request, to find its log lines: the proxy's, gunicorn's, the app's.

A request arriving with a usable ``X-Request-ID`` (the reverse proxy's, see the
README's "Running in production") keeps it; any other gets a new one. Either way
the response carries it back in ``X-Request-ID`` (gunicorn's access log reads it
there), views find it as ``request.request_id`` and every log record written
while the request is handled carries it as ``request_id`` (``RequestIdFilter``).
"""

import logging
import re
import uuid
from contextvars import ContextVar

from django.core.signals import request_finished

HEADER = "X-Request-ID"
# Short and plain, so that an id copied into a log line can neither forge another
# line nor swell it: a client could send anything in the header.
USABLE_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
# Outside a request (start-up, management commands) records say so with "-".
NO_REQUEST = "-"

_current = ContextVar("request_id", default=NO_REQUEST)


def current_request_id() -> str:
    """The id of the request being handled in this thread or task, or ``"-"``."""
    return _current.get()


class RequestIdMiddleware:
    """Give each request its id, in the logs and in the response's ``X-Request-ID``."""

    def __init__(self, get_response):
        self.get_response = get_response
        # Kept until the answer is sent: Django logs a 4xx or 5xx answer after the
        # middleware has returned it.
        request_finished.connect(_forget, dispatch_uid="portal.request_id")

    def __call__(self, request):
        given = request.headers.get(HEADER, "")
        request.request_id = given if USABLE_ID.fullmatch(given) else uuid.uuid4().hex
        _current.set(request.request_id)
        response = self.get_response(request)
        response[HEADER] = request.request_id
        return response


def _forget(**kwargs):
    _current.set(NO_REQUEST)


class RequestIdFilter(logging.Filter):
    """Puts ``request_id`` on every record a handler writes, ``"-"`` outside a request."""

    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id()
        return True
