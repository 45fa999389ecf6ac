"""One log line per request, and the JSON form of every log line (``LOG_FORMAT=json``).

The line says what was asked and how it went, and nothing a reader of the logs
could sign in or reset a password with:

- the path without its query string (search words and filters are what visitors
  typed), and with the token of a password-reset link replaced by ``<token>``;
- the method, the status, the time Django took in milliseconds (a streamed
  file's rows are sent after it), the request id;
- the signed-in user's id, when the request looked the user up anyway — never a
  name, an email address, a session or a CSRF value.

The token of a private calendar's address (``/calendar/private/<token>.ics``)
opens that calendar to whoever reads it: ``SecretPathFilter`` takes it out of every
record the console writes, Django's own "Not Found" and "Internal Server Error"
lines included, and gunicorn's access and error logs do the same
(``gunicorn.conf.py``).

In JSON each line is one object; ``JsonFormatter`` writes every record that way,
Django's and gunicorn's included (``gunicorn.conf.py``), so a log collector reads
a stream of JSON lines only.
"""

import json
import logging
import re
import time
from datetime import UTC, datetime

from django.utils.encoding import escape_uri_path
from django.utils.functional import SimpleLazyObject, empty

logger = logging.getLogger("portal.requests")

# URL arguments that open an account to whoever holds them.
SECRET_URL_ARGUMENTS = frozenset({"token"})
# The private calendar's token, in a path or a request line, whatever follows it.
SECRET_PATH = re.compile(r"(/calendar/private/)[^/?#\s\"']+?(\.ics)?(?=[/?#\s\"']|$)")


def without_secret_paths(text: str) -> str:
    """``text`` with the token of every private calendar's address replaced by
    ``<token>``."""
    return SECRET_PATH.sub(r"\1<token>\2", text)


class SecretPathFilter(logging.Filter):
    """Takes the private calendar's token out of a record's message and ``path``.

    On a handler it sees every record the handler writes, whichever logger wrote it.
    The message is formatted here, once, when it holds a token: its arguments may be
    any object whose text holds one.
    """

    def filter(self, record):
        try:
            message = record.getMessage()
        except Exception:
            # A record that cannot be formatted is the handler's to report.
            return True
        if SECRET_PATH.search(message):
            record.msg, record.args = without_secret_paths(message), ()
        path = getattr(record, "path", None)
        if isinstance(path, str):
            record.path = without_secret_paths(path)
        return True


class RequestLogMiddleware:
    """Log each request's line (``portal.requests``, at INFO) once it is answered."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        path = loggable_path(request)
        logger.info(
            "%s %s %s %.1f ms",
            request.method,
            path,
            response.status_code,
            duration_ms,
            extra={
                "request_id": getattr(request, "request_id", "-"),
                "method": request.method,
                "path": path,
                "status": response.status_code,
                "duration_ms": duration_ms,
                "user_id": user_id_of(request),
            },
        )
        return response


def loggable_path(request) -> str:
    """The path, percent-encoded (no control character reaches a text log), without
    its query string, with secret URL arguments replaced by their names."""
    path = escape_uri_path(request.path)
    match = getattr(request, "resolver_match", None)
    if match is not None:
        for name, value in match.kwargs.items():
            if name in SECRET_URL_ARGUMENTS and isinstance(value, str) and value:
                path = path.replace(escape_uri_path(value), f"<{name}>")
    return path


def user_id_of(request):
    """The signed-in user's id, if the request has already looked the user up.

    Looking them up only for the log would cost queries on every signed-in
    request, and on a database that has just cancelled a query, could fail after
    the answer was ready.
    """
    user = getattr(request, "user", None)
    if user is None or (isinstance(user, SimpleLazyObject) and user._wrapped is empty):
        return None
    return user.pk if user.is_authenticated else None


class JsonFormatter(logging.Formatter):
    """Each record as one line of JSON: time (UTC), level, logger, message, the
    request fields the record carries, and the traceback of an exception."""

    FIELDS = ("request_id", "method", "path", "status", "duration_ms", "user_id")

    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for field in self.FIELDS:
            if hasattr(record, field):
                entry[field] = getattr(record, field)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, default=str)
