"""Typed readers for the environment variables that configure Passerelle.

Each reader fails with ImproperlyConfigured naming the variable and the value it
could not understand, so a typo in a deployment stops start-up with a message
instead of silently falling back to a default.
"""

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} must be a boolean (one of 1, 0, true, false, yes, no, on, off), got {raw!r}."
    )


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}.") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {value}.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_site_url(name: str, default: str) -> str:
    """An absolute http(s) address with no path, as ``https://passerelle.example.org``."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().rstrip("/")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.path or parts.query:
        raise ImproperlyConfigured(
            f"{name} must be the site's address, as https://passerelle.example.org, got {raw!r}."
        )
    return value


# The schemes whose database driver Passerelle installs; dj-database-url knows more.
_SCHEMES = {"postgres", "postgresql", "pgsql", "sqlite"}
# Keys of a DATABASES entry the URL gives; the others (CONN_MAX_AGE...) come from settings.
_CONNECTION_KEYS = ("ENGINE", "NAME", "USER", "PASSWORD", "HOST", "PORT")


# From "scheme://user:" to the last "@": masking too much is harmless, too little is not.
_PASSWORD = re.compile(r"^(\s*[a-zA-Z][a-zA-Z0-9+.-]*://[^:/?#@]*):.*@", re.DOTALL)


def _without_password(url: str) -> str:
    """The URL as an error message may show it: start-up errors end up in logs."""
    return _PASSWORD.sub(r"\1:***@", url)


def parse_database_url(url: str, *, base_dir: Path, name: str = "DATABASE_URL") -> dict:
    """Turn ``postgres://user:pass@host:port/db?opt=v`` or ``sqlite:///path`` into
    a Django DATABASES entry.

    dj-database-url reads the URL. What it would let through is refused here with
    the part that is wrong: a scheme whose driver is not installed, a URL naming no
    database, and ``sqlite://``, which it turns into an in-memory database that
    loses everything at the next restart. A relative SQLite path is taken from the
    project rather than from wherever the process was started.
    """
    problem = f"{name} is not a database URL Passerelle understands: {_without_password(url)!r}. "
    hint = "Use postgres://user:password@host:5432/name or sqlite:///path/to/file.sqlite3."
    url = url.strip()
    try:
        parts = urlsplit(url)
        # Read here: dj-database-url's own error does not say which part is wrong.
        parts.port  # noqa: B018
    except ValueError as error:
        raise ImproperlyConfigured(problem + f"({error}) " + hint) from None
    if parts.scheme not in _SCHEMES:
        raise ImproperlyConfigured(problem + f"Unknown scheme {parts.scheme!r}. " + hint)
    if parts.scheme == "sqlite" and parts.path in ("", "/"):
        raise ImproperlyConfigured(problem + "It names no file. " + hint)
    if parts.scheme == "sqlite" and parts.netloc:
        raise ImproperlyConfigured(problem + "SQLite URLs take no host. " + hint)
    parsed = dj_database_url.parse(url)
    if parts.scheme == "sqlite":
        # sqlite:///relative.sqlite3 is relative to the project; sqlite:////abs is absolute.
        return {"ENGINE": parsed["ENGINE"], "NAME": str(base_dir / parsed["NAME"])}
    if not parsed["NAME"] or "/" in parsed["NAME"]:
        raise ImproperlyConfigured(problem + "It names no database. " + hint)
    return {
        **{key: str(parsed[key]) for key in _CONNECTION_KEYS},
        "OPTIONS": parsed.get("OPTIONS", {}),
    }


# Entries local memory holds per process before it drops the oldest: pages are tens
# of kilobytes, so about 50 MB at most.
LOCAL_CACHE_ENTRIES = 2000


def parse_cache_url(url: str | None, *, name: str = "CACHE_URL") -> dict:
    """A Django CACHES entry: Redis for ``redis://`` or ``rediss://`` URLs, each
    process's local memory when the URL is empty or unset."""
    url = (url or "").strip()
    if not url:
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": LOCAL_CACHE_ENTRIES},
        }
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018
    except ValueError as error:
        raise ImproperlyConfigured(
            f"{name} is not a cache URL Passerelle understands: {_without_password(url)!r} "
            f"({error}). Use redis://host:6379/1."
        ) from None
    if parts.scheme not in ("redis", "rediss") or not parts.hostname:
        raise ImproperlyConfigured(
            f"{name} is not a cache URL Passerelle understands: {_without_password(url)!r}. "
            "Use redis://host:6379/1, or leave it unset for each process's local memory."
        )
    return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
