"""Typed readers for the environment variables that configure Passerelle.

Each reader fails with ImproperlyConfigured naming the variable and the value it
could not understand, so a typo in a deployment stops start-up with a message
instead of silently falling back to a default.
"""

import os
import re
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

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


_POSTGRES_SCHEMES = {"postgres", "postgresql", "pgsql"}
_SQLITE_SCHEMES = {"sqlite"}


# From "scheme://user:" to the last "@": masking too much is harmless, too little is not.
_PASSWORD = re.compile(r"^(\s*[a-zA-Z][a-zA-Z0-9+.-]*://[^:/?#@]*):.*@", re.DOTALL)


def _without_password(url: str) -> str:
    """The URL as an error message may show it: start-up errors end up in logs."""
    return _PASSWORD.sub(r"\1:***@", url)


def parse_database_url(url: str, *, base_dir: Path, name: str = "DATABASE_URL") -> dict:
    """Turn ``postgres://user:pass@host:port/db?opt=v`` or ``sqlite:///path`` into
    a Django DATABASES entry."""
    problem = f"{name} is not a database URL Passerelle understands: {_without_password(url)!r}. "
    hint = "Use postgres://user:password@host:5432/name or sqlite:///path/to/file.sqlite3."
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as error:
        raise ImproperlyConfigured(problem + f"({error}) " + hint) from None
    scheme = parts.scheme.lower()
    if scheme in _SQLITE_SCHEMES:
        # sqlite:///relative.sqlite3 is relative to the project; sqlite:////abs is absolute.
        path = unquote(parts.path)
        if path in ("", "/"):
            raise ImproperlyConfigured(problem + "It names no file. " + hint)
        path = path[1:]
        if parts.netloc:
            raise ImproperlyConfigured(problem + "SQLite URLs take no host. " + hint)
        file = Path(path) if Path(path).is_absolute() else base_dir / path
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(file)}
    if scheme in _POSTGRES_SCHEMES:
        database = unquote(parts.path.lstrip("/"))
        if not database or "/" in database:
            raise ImproperlyConfigured(problem + "It names no database. " + hint)
        options = dict(parse_qsl(parts.query))
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": database,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(port or ""),
            "OPTIONS": options,
        }
    raise ImproperlyConfigured(problem + f"Unknown scheme {parts.scheme!r}. " + hint)
