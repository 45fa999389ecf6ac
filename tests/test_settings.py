import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from portal.env import env_bool, env_int, env_list, env_site_url, parse_database_url

PROJECT_ROOT = Path(__file__).resolve().parent.parent
HINT = "Use postgres://user:password@host:5432/name or sqlite:///path/to/file.sqlite3."

# env_bool


@pytest.mark.parametrize("raw", ["1", "true", "TRUE", "yes", "on", " On "])
def test_a_true_boolean_reads_as_true(monkeypatch, raw):
    monkeypatch.setenv("DEBUG", raw)

    assert env_bool("DEBUG", default=False) is True


@pytest.mark.parametrize("raw", ["0", "false", "False", "no", "off", ""])
def test_a_false_or_empty_boolean_reads_as_false(monkeypatch, raw):
    monkeypatch.setenv("DEBUG", raw)

    assert env_bool("DEBUG", default=True) is False


@pytest.mark.parametrize("default", [True, False])
def test_an_unset_boolean_takes_its_default(monkeypatch, default):
    monkeypatch.delenv("DEBUG", raising=False)

    assert env_bool("DEBUG", default=default) is default


@pytest.mark.parametrize("raw", ["maybe", "2", "tru", "y"])
def test_a_boolean_that_is_neither_true_nor_false_is_refused(monkeypatch, raw):
    monkeypatch.setenv("DEBUG", raw)

    with pytest.raises(ImproperlyConfigured) as excinfo:
        env_bool("DEBUG")

    assert str(excinfo.value) == (
        f"DEBUG must be a boolean (one of 1, 0, true, false, yes, no, on, off), got {raw!r}."
    )


# env_int


@pytest.mark.parametrize(("raw", "expected"), [("30", 30), (" 7 ", 7), ("0", 0)])
def test_an_integer_is_read(monkeypatch, raw, expected):
    monkeypatch.setenv("CONN_MAX_AGE", raw)

    assert env_int("CONN_MAX_AGE", 60, minimum=0) == expected


@pytest.mark.parametrize("raw", [None, "", "  "], ids=["unset", "empty", "blank"])
def test_an_unset_or_empty_integer_takes_its_default(monkeypatch, raw):
    if raw is None:
        monkeypatch.delenv("CONN_MAX_AGE", raising=False)
    else:
        monkeypatch.setenv("CONN_MAX_AGE", raw)

    assert env_int("CONN_MAX_AGE", 60) == 60


@pytest.mark.parametrize("raw", ["sixty", "1.5", "60s"])
def test_an_integer_that_is_not_a_number_is_refused(monkeypatch, raw):
    monkeypatch.setenv("CONN_MAX_AGE", raw)

    with pytest.raises(ImproperlyConfigured) as excinfo:
        env_int("CONN_MAX_AGE", 60)

    assert str(excinfo.value) == f"CONN_MAX_AGE must be an integer, got {raw!r}."


def test_an_integer_below_its_minimum_is_refused(monkeypatch):
    monkeypatch.setenv("CONN_MAX_AGE", "-1")

    with pytest.raises(ImproperlyConfigured) as excinfo:
        env_int("CONN_MAX_AGE", 60, minimum=0)

    assert str(excinfo.value) == "CONN_MAX_AGE must be at least 0, got -1."


# env_list


def test_a_list_is_split_on_commas_and_trimmed(monkeypatch):
    monkeypatch.setenv("ALLOWED_HOSTS", " passerelle.example, www.passerelle.example ,,")

    assert env_list("ALLOWED_HOSTS", ["localhost"]) == [
        "passerelle.example",
        "www.passerelle.example",
    ]


def test_an_unset_list_takes_its_default(monkeypatch):
    monkeypatch.delenv("ALLOWED_HOSTS", raising=False)

    assert env_list("ALLOWED_HOSTS", ["localhost"]) == ["localhost"]


def test_an_empty_list_is_empty_rather_than_the_default(monkeypatch):
    monkeypatch.setenv("ALLOWED_HOSTS", "")

    assert env_list("ALLOWED_HOSTS", ["localhost"]) == []


# env_site_url


@pytest.mark.parametrize(
    "raw", ["https://passerelle.example", "https://passerelle.example/", " http://localhost:8000 "]
)
def test_a_site_address_is_kept_without_its_trailing_slash(monkeypatch, raw):
    monkeypatch.setenv("SITE_URL", raw)

    assert env_site_url("SITE_URL", "") == raw.strip().rstrip("/")


@pytest.mark.parametrize(
    "raw", ["passerelle.example", "ftp://passerelle.example", "https://x.example/en/", "https://"]
)
def test_a_site_address_that_is_no_address_stops_start_up(monkeypatch, raw):
    monkeypatch.setenv("SITE_URL", raw)

    with pytest.raises(ImproperlyConfigured) as excinfo:
        env_site_url("SITE_URL", "")

    assert str(excinfo.value) == (
        f"SITE_URL must be the site's address, as https://passerelle.example.org, got {raw!r}."
    )


def test_an_unset_site_address_takes_its_default(monkeypatch):
    monkeypatch.delenv("SITE_URL", raising=False)

    assert env_site_url("SITE_URL", "https://default.example") == "https://default.example"


# parse_database_url


def test_a_postgres_url_gives_every_part_of_the_connection():
    url = "postgres://user:pa%40ss@host:5433/db?sslmode=require"

    assert parse_database_url(url, base_dir=Path("/srv/passerelle")) == {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "db",
        "USER": "user",
        "PASSWORD": "pa@ss",
        "HOST": "host",
        "PORT": "5433",
        "OPTIONS": {"sslmode": "require"},
    }


def test_a_postgres_url_without_password_or_port_leaves_them_empty():
    url = "postgresql://postgres@127.0.0.1/passerelle"

    assert parse_database_url(url, base_dir=Path("/srv/passerelle")) == {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "passerelle",
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": "127.0.0.1",
        "PORT": "",
        "OPTIONS": {},
    }


def test_a_postgres_url_may_name_a_socket_directory_as_its_host():
    url = "postgres://postgres@%2Fvar%2Frun%2Fpostgresql/passerelle?connect_timeout=5"

    config = parse_database_url(url, base_dir=Path("/srv/passerelle"))

    assert (config["HOST"], config["NAME"], config["OPTIONS"]) == (
        "/var/run/postgresql",
        "passerelle",
        {"connect_timeout": 5},
    )


def test_a_relative_sqlite_path_is_relative_to_the_project():
    url = "sqlite:///relative.sqlite3"

    assert parse_database_url(url, base_dir=Path("/srv/passerelle")) == {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": "/srv/passerelle/relative.sqlite3",
    }


def test_an_absolute_sqlite_path_is_kept():
    url = "sqlite:////abs/path.sqlite3"

    assert parse_database_url(url, base_dir=Path("/srv/passerelle")) == {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": "/abs/path.sqlite3",
    }


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("mysql://user@host/db", "Unknown scheme 'mysql'."),
        ("postgres://host", "It names no database."),
        ("postgres://host/", "It names no database."),
        ("postgres://h:notaport/db", "(Port could not be cast to integer value as 'notaport')"),
        ("not a url", "Unknown scheme ''."),
        ("sqlite://", "It names no file."),
        ("sqlite://host/file.sqlite3", "SQLite URLs take no host."),
    ],
)
def test_a_malformed_database_url_is_refused_with_the_url_and_the_reason(url, reason):
    with pytest.raises(ImproperlyConfigured) as excinfo:
        parse_database_url(url, base_dir=Path("/srv/passerelle"))

    assert str(excinfo.value) == (
        f"DATABASE_URL is not a database URL Passerelle understands: {url!r}. {reason} {HINT}"
    )


def test_a_malformed_database_url_does_not_show_its_password():
    with pytest.raises(ImproperlyConfigured) as excinfo:
        parse_database_url("postgres://user:s3cr%40t@host:54x2/db", base_dir=Path("/srv"))

    assert str(excinfo.value).startswith(
        "DATABASE_URL is not a database URL Passerelle understands: "
        "'postgres://user:***@host:54x2/db'. "
    )
    assert "s3cr" not in str(excinfo.value)


# Start-up, in a fresh interpreter: settings are read once, at import.


def start_django(**environ):
    """Set Django up in a subprocess whose environment holds only `environ`."""
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); "
            "from django.conf import settings; print(settings.DEBUG)",
        ],
        cwd=PROJECT_ROOT,
        env={
            "PATH": os.environ.get("PATH", ""),
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            **environ,
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def last_line(text):
    return text.strip().splitlines()[-1]


def test_a_malformed_database_url_stops_start_up():
    result = start_django(SECRET_KEY="test", DATABASE_URL="mysql://user@host/db")

    assert result.returncode != 0
    assert last_line(result.stderr) == (
        "django.core.exceptions.ImproperlyConfigured: DATABASE_URL is not a database URL "
        f"Passerelle understands: 'mysql://user@host/db'. Unknown scheme 'mysql'. {HINT}"
    )


@pytest.mark.parametrize("environ", [{}, {"DEBUG": "0"}], ids=["DEBUG unset", "DEBUG=0"])
def test_start_up_without_debug_stops_when_no_secret_key_is_given(environ):
    result = start_django(**environ)

    assert result.returncode != 0
    assert last_line(result.stderr).startswith(
        "django.core.exceptions.ImproperlyConfigured: SECRET_KEY is required when DEBUG is off."
    )


def test_start_up_stops_on_a_debug_that_is_not_a_boolean():
    result = start_django(DEBUG="maybe", SECRET_KEY="test")

    assert result.returncode != 0
    assert last_line(result.stderr) == (
        "django.core.exceptions.ImproperlyConfigured: DEBUG must be a boolean "
        "(one of 1, 0, true, false, yes, no, on, off), got 'maybe'."
    )


def test_start_up_stops_on_a_connection_age_that_is_not_a_number():
    result = start_django(SECRET_KEY="test", CONN_MAX_AGE="sixty")

    assert result.returncode != 0
    assert last_line(result.stderr) == (
        "django.core.exceptions.ImproperlyConfigured: CONN_MAX_AGE must be an integer, got 'sixty'."
    )


def test_with_debug_on_django_starts_without_a_secret_key():
    result = start_django(DEBUG="1")

    assert (result.returncode, result.stdout, result.stderr) == (0, "True\n", "")


def test_with_debug_off_and_a_secret_key_django_starts():
    result = start_django(SECRET_KEY="test")

    assert (result.returncode, result.stdout, result.stderr) == (0, "False\n", "")
