"""Anonymous visitors' pages from Django's cache, and the version that keeps them fresh.

Every page an anonymous visitor sees is the same for every anonymous visitor, so
the first visit renders it and the next ones are served from the cache (local
memory by default, Redis when ``CACHE_URL`` names one, shared by every server).

A cached page is never stale: its key holds the *content version*, a random token
that any write to the data replaces (``content_changed``). Saves, deletes and
many-to-many changes replace it through model signals, at the write and again
when its transaction commits, so a page rendered from the old data in between is
stored under a version nobody asks for any more. Writes that send no signal
(bulk loads, ``QuerySet.update``) call ``content_changed`` themselves. Other
cached figures (the home page's totals, the counts beside the filters' choices)
put the same version in their keys.

What is never stored: a signed-in visitor's page, a page for a request that
carries a session or messages cookie, a response that sets a cookie (a form's
CSRF token sets one), a page that used its CSP nonce, anything but a 200,
anything marked private or no-store, the admin and the API (whose anonymous
limit counts every request), a staff member's private calendar.
"""

import hashlib
import logging
import re
import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone

logger = logging.getLogger(__name__)

VERSION_KEY = "content-version"
# As GZipMiddleware reads Accept-Encoding: the key tells its two answers apart.
ACCEPTS_GZIP = re.compile(r"\bgzip\b")

# Apps whose rows never show on a public page: sign-in bookkeeping, the admin's log,
# the queue of background work (django_tasks_db).
NOT_CONTENT = frozenset({"sessions", "axes", "admin", "contenttypes", "django_tasks_database"})
# Models whose rows no page shows either: what people send through the public forms
# (a submission must not retire every cached page).
NOT_CONTENT_MODELS = frozenset({"members.AccessRequest", "members.CorrectionRequest"})


def cache_get(key, default=None):
    """``cache.get``, or ``default`` when the cache cannot be reached: a page is then
    rendered, not refused."""
    try:
        return cache.get(key, default)
    except Exception:
        logger.warning("The cache could not be read; rendering without it.", exc_info=True)
        return default


def cache_set(key, value) -> None:
    """``cache.set`` for PAGE_CACHE_SECONDS at most (a write retires the entry sooner:
    its key holds the content version), or nothing when the cache cannot be reached."""
    try:
        cache.set(key, value, settings.PAGE_CACHE_SECONDS)
    except Exception:
        logger.warning("The cache could not be written.", exc_info=True)


def content_version() -> str:
    """The current content version; a new one if the cache has none (never an old one)."""
    try:
        version = cache.get(VERSION_KEY)
        if version is None:
            version = uuid.uuid4().hex
            if not cache.add(VERSION_KEY, version, timeout=None):
                version = cache.get(VERSION_KEY, version)
    except Exception:
        logger.warning("The cache could not be read; rendering without it.", exc_info=True)
        # A version no entry has: nothing is served from the cache.
        return uuid.uuid4().hex
    return version


def content_changed() -> None:
    """Something a page shows may have changed: every cached page and figure is stale."""
    try:
        cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:
        # The write itself stands. Cached pages may outlive it until PAGE_CACHE_SECONDS
        # (a cache that restarts empty holds none).
        logger.error("The content version could not be replaced in the cache.", exc_info=True)


def versioned_key(*parts) -> str:
    """A cache key that a write to the data retires."""
    return ":".join((content_version(), *map(str, parts)))


# Columns written on their own by bookkeeping that no page shows (a sign-in).
BOOKKEEPING_FIELDS = frozenset({"last_login"})


def _on_write(sender, update_fields=None, **kwargs):
    if (
        sender._meta.app_label in NOT_CONTENT
        or sender._meta.label in NOT_CONTENT_MODELS
        or sender.__name__.startswith("Historical")
    ):
        return
    if update_fields and update_fields <= BOOKKEEPING_FIELDS:
        return
    content_changed()
    # Again once committed: a page rendered before the commit, from the old rows,
    # was stored under the version replaced here.
    transaction.on_commit(content_changed, robust=True)


def watch_writes():
    """Replace the content version on every save, delete and many-to-many change."""
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_on_write, dispatch_uid=f"page-cache-{id(signal)}")


# Paths below these prefixes are never cached, whatever the language prefix.
EXCLUDED_PREFIXES = ("/admin/", "/api/", "/calendar/private/")
# Cookies that make a visitor's pages their own.
PERSONAL_COOKIES = ("messages",)


class AnonymousPageCacheMiddleware:
    """Serve anonymous GET requests from the cache; store the 200s they produce."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = self.key(request)
        if key is None:
            return self.get_response(request)
        stored = cache_get(key)
        if stored is not None:
            status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response.headers[name] = value
            return response
        response = self.get_response(request)
        if self.storable(request, response):
            stored = (response.status_code, list(response.items()), response.content)
            cache_set(key, stored)
        return response

    @staticmethod
    def key(request):
        """The page's key, or None when this request must not be answered from the cache."""
        if request.method != "GET" or not settings.PAGE_CACHE_SECONDS:
            return None
        cookies = request.COOKIES
        if settings.SESSION_COOKIE_NAME in cookies or any(c in cookies for c in PERSONAL_COOKIES):
            return None
        path = request.path_info
        # /admin/… and /api/…, and the same below a language prefix (/en/api/…).
        if any(
            path.startswith(prefix) or path[3:].startswith(prefix) for prefix in EXCLUDED_PREFIXES
        ):
            return None
        try:
            host = request.get_host()
        except DisallowedHost:
            return None  # the rest of the stack answers 400
        gzip = bool(ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")))
        address = f"{request.scheme}://{host}{request.get_full_path()}"
        digest = hashlib.sha256(address.encode("utf-8", "surrogateescape")).hexdigest()
        # Today's date: pages that say what is upcoming or current turn over at midnight.
        return versioned_key("page", timezone.localdate().isoformat(), int(gzip), digest)

    @staticmethod
    def storable(request, response) -> bool:
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        cache_control = response.headers.get("Cache-Control", "")
        if any(word in cache_control for word in ("private", "no-store", "no-cache")):
            return False
        if getattr(request, "_csp_nonce", None):
            # The page used its CSP nonce (an inline script): a nonce served to every
            # visitor would protect nothing.
            return False
        user = getattr(request, "user", None)
        return user is None or not user.is_authenticated
