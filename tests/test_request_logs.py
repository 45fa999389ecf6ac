"""Request ids (portal.request_id) and the one log line per request (portal.request_log)."""

import io
import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts import private_calendar
from portal.request_log import JsonFormatter, without_secret_paths

ROOT = Path(__file__).resolve().parent.parent
NEW_ID = re.compile(r"[0-9a-f]{32}")


# Request ids (no `db`: /health/ reads nothing)


def test_each_answer_carries_a_new_request_id(client):
    ids = [client.get("/health/")["X-Request-ID"] for _ in range(2)]

    assert [bool(NEW_ID.fullmatch(id_)) for id_ in ids] == [True, True]
    assert ids[0] != ids[1]


def test_the_proxys_request_id_is_kept(client):
    response = client.get("/health/", HTTP_X_REQUEST_ID="edge-4f2a.1_B")

    assert response["X-Request-ID"] == "edge-4f2a.1_B"


@pytest.mark.parametrize(
    "given", ["", "a" * 65, "two words", "id;drop", "<script>", "réseau", "a\tb"]
)
def test_a_request_id_that_is_too_long_or_not_plain_is_replaced(client, given):
    response = client.get("/health/", HTTP_X_REQUEST_ID=given)

    assert NEW_ID.fullmatch(response["X-Request-ID"])


# The request line


@pytest.fixture
def request_lines(caplog):
    """The request lines logged so far, as LOG_FORMAT=json writes them (without the
    time and duration, which no test may assert)."""
    caplog.set_level(logging.INFO, logger="portal.requests")

    def lines():
        written = [
            JsonFormatter().format(record)
            for record in caplog.records
            if record.name == "portal.requests"
        ]
        return written, [
            {k: v for k, v in json.loads(line).items() if k not in ("time", "duration_ms")}
            for line in written
        ]

    return lines


@pytest.mark.django_db
def test_a_signed_in_members_request_is_logged_with_their_id_and_nothing_personal(
    client, member, request_lines, settings
):
    client.force_login(member)

    response = client.get("/en/account/")
    written, lines = request_lines()

    assert response.status_code == 200
    assert [{k: v for k, v in line.items() if k != "message"} for line in lines] == [
        {
            "level": "INFO",
            "logger": "portal.requests",
            "request_id": response["X-Request-ID"],
            "method": "GET",
            "path": "/en/account/",
            "status": 200,
            "user_id": member.pk,
        }
    ]
    assert re.fullmatch(r"GET /en/account/ 200 [0-9.]+ ms", lines[0]["message"])
    secrets = [
        member.username,
        member.email,
        client.cookies[settings.SESSION_COOKIE_NAME].value,
    ]
    assert [secret for secret in secrets if secret in written[0]] == []


@pytest.mark.django_db
def test_the_request_line_leaves_out_the_query_string(client, request_lines):
    client.get("/en/organizations/", {"q": "Mercury confidential"})
    written, lines = request_lines()

    assert [(line["path"], line["status"], line["user_id"]) for line in lines] == [
        ("/en/organizations/", 200, None)
    ]
    assert "confidential" not in written[0]


@pytest.mark.django_db
def test_a_password_reset_link_is_logged_without_its_token(client, member, request_lines):
    uid = urlsafe_base64_encode(force_bytes(member.pk))
    token = default_token_generator.make_token(member)

    response = client.get(
        reverse("accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    )
    written, lines = request_lines()

    assert response.status_code == 302
    assert [line["path"] for line in lines] == [f"/en/account/password-reset/{uid}/<token>/"]
    assert token not in written[0]


@pytest.mark.django_db
def test_a_path_with_a_line_break_is_logged_on_one_line(client, request_lines):
    client.get("/en/nothing%0Ahere/")
    _, lines = request_lines()

    assert [(line["path"], line["status"]) for line in lines] == [("/en/nothing%0Ahere/", 404)]


# The private calendar's token


@pytest.fixture
def console():
    """What the site's console handler writes from now on, as it would to stderr."""
    [handler] = [h for h in logging.getLogger().handlers if h.get_name() == "console"]
    written = io.StringIO()
    previous = handler.setStream(written)
    yield written
    handler.setStream(previous)


@pytest.mark.django_db
def test_a_calendar_token_not_found_is_in_no_log_line(client, console, caplog):
    token = "Tk" + "x" * 41

    response = client.get(f"/calendar/private/{token}.ics")

    assert response.status_code == 404
    # Without the time and the request id.
    lines = [re.sub(r"^\S+ \S+ | \[\w+\]", "", line) for line in console.getvalue().splitlines()]
    assert lines == ["WARNING django.request Not Found: /calendar/private/<token>.ics"]
    assert [r.getMessage() for r in caplog.records] == ["Not Found: /calendar/private/<token>.ics"]


@pytest.mark.django_db
def test_a_calendar_that_fails_logs_its_error_without_the_token(
    client, console, monkeypatch, staff_a
):
    def fail(*args):
        raise RuntimeError("the calendar failed")

    monkeypatch.setattr("agreements.reminders.reminded_of", fail)
    token = private_calendar.create_token(staff_a)
    client.raise_request_exception = False

    response = client.get(f"/calendar/private/{token}.ics")

    assert response.status_code == 500
    written = console.getvalue()
    assert "ERROR django.request" in written
    assert "Internal Server Error: /calendar/private/<token>.ics" in written
    assert "RuntimeError: the calendar failed" in written
    assert token not in written


@pytest.mark.parametrize(
    ("text", "logged"),
    [
        ("GET /calendar/private/abc_-9.ics HTTP/1.1", "GET /calendar/private/<token>.ics HTTP/1.1"),
        ("/calendar/private/abc.ics?x=1", "/calendar/private/<token>.ics?x=1"),
        ("/calendar/private/abc", "/calendar/private/<token>"),
        ("/calendar/private/a%2Fb.ics.ics/", "/calendar/private/<token>.ics/"),
        ("/en/calendar/", "/en/calendar/"),
    ],
)
def test_any_text_holding_a_calendar_address_loses_its_token(text, logged):
    assert without_secret_paths(text) == logged


# What a server process writes, with the settings read from its environment


def run_readiness_check_in_a_new_process(tmp_path, **environment):
    """Ask /health/ready/ with the cache unreachable, in a process configured by
    ``environment``, and return what it wrote to standard error, line by line."""
    script = (
        "import django; django.setup(); from django.test import Client; "
        "Client().get('/health/ready/', HTTP_X_REQUEST_ID='probe-1')"
    )
    env = {
        **{name: value for name, value in os.environ.items() if name != "LOG_FORMAT"},
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DEBUG": "0",
        "SECRET_KEY": "test-only-not-secret",
        "ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
        # Nothing listens on port 1: the cache refuses every connection.
        "CACHE_URL": "redis://127.0.0.1:1/0",
        # whitenoise warns that collectstatic has not run.
        "PYTHONWARNINGS": "ignore::UserWarning",
        **environment,
    }
    finished = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert finished.returncode == 0, finished.stderr
    return finished.stderr.splitlines()


def test_logs_are_readable_text_by_default_with_the_request_id(tmp_path):
    lines = run_readiness_check_in_a_new_process(tmp_path)

    warnings = [line for line in lines if " WARNING portal.health " in line]
    assert len(warnings) == 1
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} WARNING portal\.health \[probe-1\] "
        r"Not ready: the cache did not answer\.",
        warnings[0],
    )
    # gunicorn's access log has the request's line in text.
    assert [line for line in lines if "portal.requests" in line or line.startswith("{")] == []


def test_with_log_format_json_every_line_is_json_with_one_line_for_the_request(tmp_path):
    lines = run_readiness_check_in_a_new_process(tmp_path, LOG_FORMAT="json")

    records = [json.loads(line) for line in lines]
    requests = [record for record in records if record["logger"] == "portal.requests"]
    assert [
        {k: v for k, v in record.items() if k not in ("time", "duration_ms", "message")}
        for record in requests
    ] == [
        {
            "level": "INFO",
            "logger": "portal.requests",
            "request_id": "probe-1",
            "method": "GET",
            "path": "/health/ready/",
            "status": 503,
            "user_id": None,
        }
    ]
    failures = [record for record in records if record["logger"] == "portal.health"]
    assert [(f["level"], f["request_id"], f["message"]) for f in failures] == [
        ("WARNING", "probe-1", "Not ready: the cache did not answer.")
    ]
    assert "ConnectionError" in failures[0]["exception"]
