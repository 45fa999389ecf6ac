"""Health checks for load balancers and orchestrators: ``/health/`` and ``/health/ready/``.

- ``/health/``: the process answers (200, no database, no cache);
- ``/health/ready/``: it can serve pages, the database and the cache answering
  (200), or not (503).

Their bodies say ``ok`` or ``unavailable`` and nothing else: no version, host name
or error, which would tell an outsider what runs here and what failed. Why a
check failed goes to the log.

They are answered before the rest of the middleware, so:

- they are never language-prefixed, never cached (and say ``no-store``), and set
  no cookie;
- plain HTTP gets no redirect to HTTPS, as a balancer's checks inside the private
  network are plain HTTP;
- the Host header is not checked against ALLOWED_HOSTS: balancers often send the
  server's address. This is safe because these answers contain no URL and are
  never cached, which is what a forged Host header attacks.
"""

import logging

from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse

logger = logging.getLogger(__name__)

ALIVE_PATH = "/health/"
READY_PATH = "/health/ready/"
CACHE_KEY = "health-ready"


def alive(request):
    return _answer(200, "ok")


def ready(request):
    # Both are checked every time, so the log names everything that failed.
    database, cache_ = _database(), _cache()
    return _answer(200, "ok") if database and cache_ else _answer(503, "unavailable")


def _database() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.warning("Not ready: the database did not answer.", exc_info=True)
        return False
    return True


def _cache() -> bool:
    try:
        cache.set(CACHE_KEY, "ok", timeout=60)
        cache.get(CACHE_KEY)
    except Exception:
        logger.warning("Not ready: the cache did not answer.", exc_info=True)
        return False
    return True


def _answer(status, text):
    response = HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


CHECKS = {ALIVE_PATH: alive, READY_PATH: ready}


class HealthCheckMiddleware:
    """Answer the health checks' GET and HEAD requests before any other middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        check = CHECKS.get(request.path_info)
        if check is None or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        return check(request)
