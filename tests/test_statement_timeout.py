"""Web requests' statement timeout (portal.statement_timeout): a query the database
cancels answers the site's 503 page with Retry-After, and the next request is served.

The lock tests hold a table with a second connection, as a long migration or a
bulk load would, and need PostgreSQL; the rest runs on either database.
"""

import http.client
import json
import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager, suppress
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.conf.urls.i18n import i18n_patterns
from django.db import OperationalError, connection
from django.db.backends.signals import connection_created
from django.urls import path
from psycopg import sql
from psycopg.errors import QueryCanceled

from organizations.models import Organization
from portal.statement_timeout import limit_web_statements
from tests.factories import OrganizationFactory
from tests.test_pages_helpers import url
from tests.test_security import heading_of, paragraphs_of, private_details_in

ROOT = Path(__file__).resolve().parent.parent

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="statement_timeout is PostgreSQL's"
)

BUSY = {
    "en": (
        "Service unavailable",
        "The site is too busy to answer right now. Please try again in a moment.",
    ),
    "fr": (
        "Service indisponible",
        "Le site est trop occupé pour répondre pour le moment. Veuillez réessayer dans un instant.",
    ),
}


# As Django raises it: its OperationalError, caused by the driver's.


def cancelled_view(request):
    raise OperationalError("canceling statement due to statement timeout") from QueryCanceled(
        "canceling statement due to statement timeout"
    )


def broken_view(request):
    raise OperationalError("server closed the connection unexpectedly")


urlpatterns = [
    path("api/v1/cancelled/", cancelled_view),
    *i18n_patterns(path("cancelled/", cancelled_view), path("broken/", broken_view)),
]
handler500 = "portal.statement_timeout.server_error"


@pytest.fixture
def failing_urls(settings, client):
    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_cancelled_query_answers_the_translated_503_page_with_retry_after(failing_urls, lang):
    response = failing_urls.get(f"/{lang}/cancelled/")

    assert (response.status_code, response["Retry-After"]) == (503, "10")
    assert (heading_of(response), paragraphs_of(response)[0]) == BUSY[lang]
    assert private_details_in(response) == []


def test_a_cancelled_query_in_the_api_answers_json_with_retry_after(failing_urls):
    response = failing_urls.get("/api/v1/cancelled/", HTTP_ACCEPT_LANGUAGE="fr")

    assert (response.status_code, response["Retry-After"]) == (503, "10")
    assert response.json() == {"detail": BUSY["fr"][1]}


def test_any_other_database_error_still_answers_the_500_page(failing_urls):
    response = failing_urls.get("/en/broken/")

    assert (response.status_code, heading_of(response)) == (500, "Server error")
    assert not response.has_header("Retry-After")


# On PostgreSQL, with a table locked by another connection


@pytest.fixture
def web_statement_timeout(settings, transactional_db):
    """This process's new connections limited as the web entry points limit them,
    to 300 ms; the flush after the test runs without the limit."""
    settings.DATABASE_STATEMENT_TIMEOUT_MS = 300
    limit_web_statements()
    connection.close()
    yield
    connection_created.disconnect(dispatch_uid="portal.statement_timeout")
    connection.close()


@contextmanager
def table_locked(model):
    """``model``'s table locked by another connection until the block ends."""
    database = connection.settings_dict
    other = psycopg.connect(
        dbname=database["NAME"],
        user=database["USER"] or None,
        password=database["PASSWORD"] or None,
        host=database["HOST"] or None,
        port=database["PORT"] or None,
    )
    try:
        # Should the request wait rather than time out, the server ends this
        # connection after 10 s: the test fails instead of waiting forever.
        other.execute("SET idle_in_transaction_session_timeout = '10s'")
        other.execute(
            sql.SQL("LOCK TABLE {} IN ACCESS EXCLUSIVE MODE").format(
                sql.Identifier(model._meta.db_table)
            )
        )
        yield
    finally:
        # Closing ends the transaction, and the lock with it.
        other.close()


@on_postgresql
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_page_waiting_on_a_locked_table_gets_the_503_page_and_the_next_is_served(
    client, web_statement_timeout, lang
):
    OrganizationFactory(name="Mercury Devices")
    client.raise_request_exception = False

    with table_locked(Organization):
        busy = client.get(url("organizations:list", lang))
    after = client.get(url("organizations:list", lang))

    assert (busy.status_code, busy["Retry-After"]) == (503, "10")
    assert (heading_of(busy), paragraphs_of(busy)[0]) == BUSY[lang]
    assert after.status_code == 200
    assert "Mercury Devices" in after.content.decode()


@on_postgresql
def test_an_api_request_waiting_on_a_locked_table_gets_json_503_and_the_next_is_served(
    client, web_statement_timeout
):
    OrganizationFactory(name="Mercury Devices")
    client.raise_request_exception = False

    with table_locked(Organization):
        busy = client.get("/api/v1/organizations/")
    after = client.get("/api/v1/organizations/")

    assert (busy.status_code, busy["Retry-After"], busy.json()) == (
        503,
        "10",
        {"detail": BUSY["en"][1]},
    )
    assert [record["name"] for record in after.json()["results"]] == ["Mercury Devices"]


# Which processes have the limit

SHOW_TIMEOUT = (
    "from django.db import connection; cursor = connection.cursor(); "
    "cursor.execute('SHOW statement_timeout'); print(cursor.fetchone()[0])"
)


def server_environment():
    """Production settings on the test database, with a 300 ms statement timeout."""
    database = connection.settings_dict
    user = quote(database["USER"] or "", safe="")
    password = quote(database["PASSWORD"] or "", safe="")
    url = (
        f"postgres://{user}:{password}@{database['HOST'] or '127.0.0.1'}:"
        f"{database['PORT'] or 5432}/{database['NAME']}"
    )
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DEBUG": "0",
        "SECRET_KEY": "test-only-not-secret",
        "SECURE_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": url,
        "DATABASE_STATEMENT_TIMEOUT_MS": "300",
        "LOG_FORMAT": "text",
        # whitenoise warns that collectstatic has not run.
        "PYTHONWARNINGS": "ignore::UserWarning",
    }


def statement_timeout_in(command):
    """What ``SHOW statement_timeout`` says in a new process running ``command``."""
    finished = subprocess.run(
        [sys.executable, *command],
        cwd=ROOT,
        env=server_environment(),
        capture_output=True,
        text=True,
    )
    assert finished.returncode == 0, finished.stderr
    return finished.stdout.strip()


@on_postgresql
@pytest.mark.django_db
def test_the_web_entry_point_limits_statements_and_management_commands_do_not():
    web = statement_timeout_in(["-c", f"import portal.wsgi; {SHOW_TIMEOUT}"])
    command = statement_timeout_in(["manage.py", "shell", "--verbosity", "0", "-c", SHOW_TIMEOUT])

    assert (web, command) == ("300ms", "0")


# Through gunicorn, as in production


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(port, path, **headers):
    """(status, headers, body) of a GET to the server on ``port``."""
    connection_ = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        connection_.request("GET", path, headers=headers)
        response = connection_.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection_.close()


@contextmanager
def gunicorn_serving(tmp_path):
    """gunicorn with gunicorn.conf.py and one worker, on the test database; yields its
    port, then its access log and error log once stopped."""
    port = free_port()
    logs = {"access": tmp_path / "access.log", "error": tmp_path / "error.log"}
    with logs["access"].open("w") as access, logs["error"].open("w") as error:
        command = [ROOT / ".venv/bin/gunicorn", "--config", "gunicorn.conf.py"]
        server = subprocess.Popen(
            [*command, "--workers", "1", "--bind", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=server_environment(),
            stdout=access,
            stderr=error,
        )
        try:
            for _ in range(100):
                with suppress(OSError):
                    if fetch(port, "/health/")[0] == 200:
                        break
                assert server.poll() is None, logs["error"].read_text()
                time.sleep(0.2)
            served = {}
            yield port, served
        finally:
            server.terminate()
            server.wait(timeout=30)
    served.update({name: path.read_text() for name, path in logs.items()})


@on_postgresql
def test_through_gunicorn_a_locked_table_gets_503_and_the_same_worker_serves_the_next(
    transactional_db, tmp_path
):
    OrganizationFactory(name="Mercury Devices")

    with gunicorn_serving(tmp_path) as (port, logs):
        with table_locked(Organization):
            busy = fetch(port, "/api/v1/organizations/", **{"X-Request-ID": "locked-1"})
        status, _, body = fetch(port, "/api/v1/organizations/")

    assert (busy[0], busy[1]["Retry-After"], json.loads(busy[2])) == (
        503,
        "10",
        {"detail": BUSY["en"][1]},
    )
    assert (status, [record["name"] for record in json.loads(body)["results"]]) == (
        200,
        ["Mercury Devices"],
    )
    assert '"GET /api/v1/organizations/ HTTP/1.1" 503 ' in logs["access"]
    assert [line.endswith(" id=locked-1") for line in logs["access"].splitlines()].count(True) == 1
    # A worker gunicorn had to kill would have been replaced by a new one, booted.
    assert logs["error"].count("Booting worker") == 1
    assert "WORKER TIMEOUT" not in logs["error"]
