"""Two app servers, one PostgreSQL and one Redis: what one server counts or changes,
the other sees at once.

The test starts two gunicorn servers on free ports, each with one worker, against
the test database (committed data: ``transaction=True``) and Redis database 12
(``CACHE_URL``), as a fleet behind a load balancer would run, and talks to them over
real HTTP with its own cookies. It runs on PostgreSQL only (SQLite is one file on
one machine) and needs Redis: it skips without it, and fails when ``REQUIRE_REDIS``
is set, as in CI.
"""

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse

from tests.factories import PASSWORD, OrganizationFactory
from tests.test_admin_writes import organization_form
from tests.test_pages_helpers import read_html, url

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = "redis://127.0.0.1:6379/12"
ANON_LIMIT = 4
FAILURE_LIMIT = 5

pytestmark = pytest.mark.django_db(transaction=True)


def redis_available():
    import redis

    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url():
    """The test database (worker-suffixed under xdist), as the servers reach it."""
    db = connection.settings_dict
    user = urllib.parse.quote(db["USER"] or "", safe="")
    password = f":{urllib.parse.quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    return f"postgres://{user}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


class Server:
    """One gunicorn serving portal.wsgi on its own port, with one worker."""

    def __init__(self, env, log_path):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        with open(log_path, "wb") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "--bind",
                    f"127.0.0.1:{self.port}",
                    "--workers",
                    "1",
                    "--threads",
                    "1",
                    "--timeout",
                    "60",
                    "portal.wsgi",
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                # Its own process group: stopping it stops its worker too.
                start_new_session=True,
            )

    def wait_until_serving(self, seconds=60):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"gunicorn exited:\n{self.log()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        raise AssertionError(f"gunicorn did not start in {seconds} s:\n{self.log()}")

    def log(self):
        return self.log_path.read_text(errors="replace")[-4000:]

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=15)


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Visitor:
    """A browser over real HTTP: its own cookies, sent to whichever server it asks."""

    def __init__(self):
        # Browsers treat 127.0.0.1 as a secure context and send it the Secure cookies
        # (__Host-sessionid, __Host-csrftoken) that production settings set.
        policy = http.cookiejar.DefaultCookiePolicy(secure_protocols=("http", "https"))
        self.cookies = http.cookiejar.CookieJar(policy)
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirects
        )

    def request(self, server, path, data=None):
        """(status, headers, text) of a GET, or of a POST when ``data`` is given."""
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(server.base + path, body, timeout=30) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()

    def csrf_token(self, server, path):
        status, _headers, text = self.request(server, path)
        assert status == 200, f"{path} answered {status}"
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text)[1]

    def sign_in_to_admin(self, server, username, password):
        token = self.csrf_token(server, "/admin/login/")
        return self.request(
            server,
            "/admin/login/",
            {
                "username": username,
                "password": password,
                "csrfmiddlewaretoken": token,
                "next": "/admin/",
            },
        )


@pytest.fixture
def servers(tmp_path):
    """Two app servers sharing the test database and one Redis."""
    if connection.vendor != "postgresql":
        pytest.skip("Several servers share one PostgreSQL; SQLite is one file on one machine.")
    if not redis_available():
        if os.environ.get("REQUIRE_REDIS"):
            pytest.fail(f"Redis is not answering at {REDIS_URL} and REQUIRE_REDIS is set.")
        pytest.skip(f"Redis is not answering at {REDIS_URL} (redis-server starts it).")
    prefix = f"fleet-{uuid.uuid4().hex}"
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "tests.fleet_settings",
        "DEBUG": "0",
        "SECRET_KEY": "fleet-test-only-not-secret",
        "SECURE_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url(),
        "CACHE_URL": REDIS_URL,
        "FLEET_CACHE_PREFIX": prefix,
        "API_ANON_RATE": f"{ANON_LIMIT}/minute",
        "AXES_FAILURE_LIMIT": str(FAILURE_LIMIT),
        "LOG_LEVEL": "WARNING",
    }
    started = []
    try:
        for name in ("a", "b"):
            started.append(Server(env, tmp_path / f"gunicorn-{name}.log"))
        for server in started:
            server.wait_until_serving()
        yield started
    finally:
        for server in started:
            server.stop()
        import redis

        store = redis.Redis.from_url(REDIS_URL)
        for key in store.scan_iter(f"{prefix}:*"):
            store.delete(key)


def h1(text):
    return read_html(text).select("main h1")[0].text


def test_the_anonymous_api_limit_is_counted_once_for_both_servers(servers):
    a, b = servers
    visitor = Visitor()

    statuses = [visitor.request(server, "/api/v1/sectors/")[0] for server in [a, b] * ANON_LIMIT]

    # Each server alone would allow ANON_LIMIT requests: 2 × ANON_LIMIT in all.
    assert statuses == [200] * ANON_LIMIT + [429] * ANON_LIMIT


def test_an_admin_save_through_one_server_shows_at_once_through_the_other(servers, administrator):
    a, b = servers
    company = OrganizationFactory(name_en="Fleet Bio", slug="fleet-bio")
    page = url("organizations:detail", slug="fleet-bio")
    anonymous = Visitor()
    before = [anonymous.request(server, page) for server in (b, b)]
    staff = Visitor()
    signed_in = staff.sign_in_to_admin(a, "administrator", PASSWORD)
    change = reverse("admin:organizations_organization_change", args=[company.pk])
    token = staff.csrf_token(a, change)

    saved = staff.request(
        a,
        change,
        organization_form(company, name_en="Renamed Fleet Bio") | {"csrfmiddlewaretoken": token},
    )
    after = anonymous.request(b, page)

    # b stored the page in the cache at the first visit; the save through a retired
    # it for b too.
    assert [(status, h1(text)) for status, _, text in before] == [(200, "Fleet Bio")] * 2
    assert (signed_in[0], signed_in[1]["Location"]) == (302, "/admin/")
    assert (saved[0], saved[1]["Location"]) == (
        302,
        reverse("admin:organizations_organization_changelist"),
    )
    assert (after[0], h1(after[2])) == (200, "Renamed Fleet Bio")


def test_sign_in_failures_through_both_servers_lock_the_account_out_on_both(servers, administrator):
    a, b = servers
    visitor = Visitor()

    failures = [
        visitor.sign_in_to_admin(server, "administrator", "wrong password")[0]
        for server in [a, b] * (FAILURE_LIMIT // 2) + [a]
    ]
    right_password = visitor.sign_in_to_admin(b, "administrator", PASSWORD)

    assert failures == [200] * (FAILURE_LIMIT - 1) + [429]
    assert right_password[0] == 429
