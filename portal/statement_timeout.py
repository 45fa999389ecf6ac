"""A time limit on each query of a web request, and the page that answers when it runs out.

Without it, a query waiting on a locked table holds its gunicorn worker until
gunicorn kills the worker: the visitor gets gunicorn's bare error page and the
new worker is slow to serve. With it, PostgreSQL cancels the query after
``DATABASE_STATEMENT_TIMEOUT_MS`` (5000 by default, 0 for no limit), the visitor
gets the site's own 503 page with ``Retry-After``, and the worker goes on.

Only the web entry points set the limit: ``portal/wsgi.py`` and ``portal/asgi.py``
(which ``runserver`` loads too) call ``limit_web_statements()``, and from then on
every connection the process opens starts with ``SET statement_timeout``.
Management commands never load them, so ``migrate``, ``generate_data``, the
benchmarks and the task worker run without a limit. This holds whatever the
environment says, unlike a limit in DATABASES' connection options, which every
process would share.

Waiting for a lock counts against the limit like any other waiting, so no
separate ``lock_timeout`` is set for web requests: a shorter one would turn
short, legitimate waits (two staff saving the same record) into errors.
"""

import sys

from django.conf import settings
from django.db import OperationalError
from django.db.backends.signals import connection_created
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext
from django.views import defaults

# PostgreSQL's codes for a query it gave up on: query_canceled (statement_timeout,
# or an administrator's pg_cancel_backend) and lock_not_available (a lock_timeout
# set in the server's or the role's configuration).
GAVE_UP = frozenset({"57014", "55P03"})
# How long a client is asked to wait: locks and bursts of load pass in seconds.
RETRY_AFTER_SECONDS = 10
# Answers under /api/ are JSON, as the API's own errors are ({"detail": ...}).
API_PREFIX = "/api/"


def limit_web_statements() -> None:
    """Give every database connection this process opens from now on the web
    requests' statement timeout. Called once, by the web entry points."""
    connection_created.connect(set_statement_timeout, dispatch_uid="portal.statement_timeout")


def set_statement_timeout(sender, connection, **kwargs):
    milliseconds = settings.DATABASE_STATEMENT_TIMEOUT_MS
    if connection.vendor == "postgresql" and milliseconds:
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('statement_timeout', %s, false)", [str(milliseconds)])


def is_database_giving_up(error: BaseException | None) -> bool:
    """Whether ``error`` is a query the database cancelled rather than wait longer."""
    if not isinstance(error, OperationalError):
        return False
    cause = error.__cause__
    return getattr(cause, "sqlstate", None) in GAVE_UP


def server_error(request):
    """The site's 500 page (``handler500``), or its 503 with ``Retry-After`` when the
    request failed because the database gave up waiting: the site is busy, not
    broken, and the same request can succeed in a moment.

    Django calls it while handling the exception, from any layer (a view, a
    template, a middleware), so the exception is the one being handled.
    """
    if not is_database_giving_up(sys.exception()):
        return defaults.server_error(request)
    message = gettext("The site is too busy to answer right now. Please try again in a moment.")
    if request.path_info.startswith(API_PREFIX):
        response = JsonResponse({"detail": message}, status=503)
    else:
        # Like the 500 page: no request context, nothing read from the database.
        response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
