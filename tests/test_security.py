"""Security headers, cookies and error pages, with the production settings the
suite runs under (DEBUG off)."""

import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.http import HttpResponse
from django.middleware.csp import ContentSecurityPolicyMiddleware
from django.template import RequestContext, Template
from django.test import RequestFactory

from tests.factories import PASSWORD, OrganizationFactory

PROJECT_ROOT = Path(__file__).resolve().parent.parent

POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}


# The admin asks for a nonce (its <script> tags carry one); the public pages have
# no script and leave it out. Either way it is fresh and random on every response.
POLICY_WITH_NONCE = {**POLICY, "script-src": ["'self'", "'nonce-…'"]}
NONCE = re.compile(r"^'nonce-[A-Za-z0-9_-]{22,}'$")


def policy_of(response):
    """The Content-Security-Policy header as {directive: [values]}, in header order,
    with the nonce as 'nonce-…'."""
    directives = [d.split() for d in response.headers["Content-Security-Policy"].split(";")]
    return {
        name: ["'nonce-…'" if NONCE.match(value) else value for value in values]
        for name, *values in directives
    }


def heading_of(response):
    return re.search(r"<h1>(.*?)</h1>", response.content.decode(), re.DOTALL)[1].strip()


def paragraphs_of(response):
    return re.findall(r"<p>(.*?)</p>", response.content.decode(), re.DOTALL)


# Content-Security-Policy


@pytest.mark.django_db
def test_a_public_page_is_served_under_the_strict_policy(client):
    response = client.get("/en/")

    assert (response.status_code, policy_of(response)) == (200, POLICY)


@pytest.mark.django_db
def test_the_admin_login_page_is_served_under_the_strict_policy(client):
    response = client.get("/admin/login/")

    assert (response.status_code, policy_of(response)) == (200, POLICY_WITH_NONCE)


def test_an_admin_change_page_is_served_under_the_strict_policy(client, administrator):
    organization = OrganizationFactory()
    client.force_login(administrator)

    response = client.get(f"/admin/organizations/organization/{organization.pk}/change/")

    assert (response.status_code, policy_of(response)) == (200, POLICY_WITH_NONCE)


def test_scripts_are_never_allowed_inline_or_through_eval(settings):
    assert [
        value
        for value in settings.SECURE_CSP["script-src"]
        if value in ("'unsafe-inline'", "'unsafe-eval'")
    ] == []


def test_a_template_that_uses_the_nonce_gets_it_allowed_for_scripts():
    # No page needs an inline script today; one that does writes
    # <script nonce="{{ csp_nonce }}">, and only then is the nonce in the header.
    def view(request):
        return HttpResponse(Template("{{ csp_nonce }}").render(RequestContext(request)))

    response = ContentSecurityPolicyMiddleware(view)(RequestFactory().get("/"))

    nonce = response.content.decode()
    assert response.headers["Content-Security-Policy"].split("; ")[1] == (
        f"script-src 'self' 'nonce-{nonce}'"
    )
    assert len(nonce) >= 22


# Other headers


@pytest.mark.django_db
def test_a_page_sends_the_referrer_opener_framing_and_sniffing_headers(client):
    response = client.get("/en/")

    assert {
        name: response.headers.get(name)
        for name in (
            "Referrer-Policy",
            "Cross-Origin-Opener-Policy",
            "X-Frame-Options",
            "X-Content-Type-Options",
        )
    } == {
        "Referrer-Policy": "same-origin",
        "Cross-Origin-Opener-Policy": "same-origin",
        "X-Frame-Options": "DENY",
        "X-Content-Type-Options": "nosniff",
    }


@pytest.mark.django_db
def test_an_https_response_asks_browsers_to_use_https_for_a_year_on_every_subdomain(client):
    response = client.get("/en/", secure=True)

    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


@pytest.mark.django_db
def test_a_plain_http_response_sends_no_hsts_header(client):
    # Browsers ignore HSTS over HTTP; Django only sends it over HTTPS.
    response = client.get("/en/")

    assert "Strict-Transport-Security" not in response.headers


# Cookies


def cookie_attributes(cookie):
    return {
        "secure": bool(cookie["secure"]),
        "httponly": bool(cookie["httponly"]),
        "samesite": cookie["samesite"],
        "path": cookie["path"],
        "domain": cookie["domain"],
    }


HOST_PREFIXED = {"secure": True, "httponly": True, "samesite": "Lax", "path": "/", "domain": ""}


@pytest.mark.django_db
def test_the_csrf_cookie_is_host_prefixed_secure_httponly_and_lax(client):
    response = client.get("/admin/login/")

    assert list(response.cookies) == ["__Host-csrftoken"]
    assert cookie_attributes(response.cookies["__Host-csrftoken"]) == HOST_PREFIXED


def test_the_session_cookie_is_host_prefixed_secure_httponly_and_lax(client, administrator):
    response = client.post("/admin/login/", {"username": "administrator", "password": PASSWORD})

    assert response.status_code == 302
    assert cookie_attributes(response.cookies["__Host-sessionid"]) == HOST_PREFIXED


def settings_under(**environ):
    """Some settings as a fresh interpreter reads them from `environ` alone."""
    names = [
        "SESSION_COOKIE_NAME",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_NAME",
        "CSRF_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
        "SECURE_SSL_REDIRECT",
        "SECURE_PROXY_SSL_HEADER",
    ]
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import json, django; django.setup(); from django.conf import settings; "
            f"print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}))",
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
        check=True,
    )
    return json.loads(result.stdout)


def test_development_cookies_work_over_plain_http_and_send_no_hsts():
    assert settings_under(DEBUG="1") == {
        "SESSION_COOKIE_NAME": "sessionid",
        "SESSION_COOKIE_SECURE": False,
        "CSRF_COOKIE_NAME": "csrftoken",
        "CSRF_COOKIE_SECURE": False,
        "SECURE_HSTS_SECONDS": 0,
        "SECURE_SSL_REDIRECT": False,
        "SECURE_PROXY_SSL_HEADER": None,
    }


def test_production_redirects_to_https_unless_told_a_proxy_does():
    assert settings_under(DEBUG="0", SECRET_KEY="test")["SECURE_SSL_REDIRECT"] is True
    assert (
        settings_under(DEBUG="0", SECRET_KEY="test", SECURE_SSL_REDIRECT="0")["SECURE_SSL_REDIRECT"]
        is False
    )


def test_production_trusts_the_proxy_header_only_when_told():
    assert settings_under(DEBUG="0", SECRET_KEY="test", SECURE_PROXY_SSL_HEADER="1") == {
        "SESSION_COOKIE_NAME": "__Host-sessionid",
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_NAME": "__Host-csrftoken",
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
    }


# Error pages


PRIVATE = ["Traceback", "SECRET_KEY", "RuntimeError", "must stay private", "URLconf", "settings"]


def private_details_in(response):
    return [word for word in PRIVATE if word in response.content.decode()]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "heading", "message"),
    [
        (
            "/en/does-not-exist/",
            "Page not found",
            "There is no page at this address. It may have moved, or the address may be mistyped.",
        ),
        (
            "/fr/nexiste-pas/",
            "Page introuvable",
            "Il n'y a pas de page à cette adresse. Elle a peut-être été déplacée, "
            "ou l'adresse contient une faute de frappe.",
        ),
    ],
)
def test_an_unknown_address_gets_the_translated_404_page_and_nothing_else(
    client, url, heading, message
):
    response = client.get(url)

    assert (response.status_code, heading_of(response)) == (404, heading)
    assert paragraphs_of(response)[0] == message
    assert private_details_in(response) == []


@pytest.fixture
def failing_urls(settings, client):
    settings.ROOT_URLCONF = "tests.urls_failing"
    client.raise_request_exception = False
    return client


# No `db` here: the 500 page must render with the database out of reach, and
# pytest-django fails any test without it that touches the database.
@pytest.mark.parametrize(
    ("lang", "heading", "message"),
    [
        (
            "en",
            "Server error",
            "Something went wrong on our side and this page could not be shown. "
            "Please try again in a few minutes.",
        ),
        (
            "fr",
            "Erreur du serveur",
            "Un problème est survenu de notre côté et cette page n'a pas pu être affichée. "
            "Veuillez réessayer dans quelques minutes.",
        ),
    ],
)
def test_a_failing_page_gets_the_translated_500_page_without_the_failure(
    failing_urls, lang, heading, message
):
    response = failing_urls.get(f"/{lang}/failing/")

    assert (response.status_code, heading_of(response)) == (500, heading)
    assert paragraphs_of(response)[0] == message
    assert private_details_in(response) == []


@pytest.mark.parametrize(
    ("url", "status", "heading"),
    [
        ("/en/forbidden/", 403, "Access denied"),
        ("/fr/forbidden/", 403, "Accès refusé"),
        ("/en/suspicious/", 400, "Bad request"),
        ("/fr/suspicious/", 400, "Requête invalide"),
    ],
)
def test_a_refused_request_gets_the_translated_error_page_without_the_reason(
    failing_urls, url, status, heading
):
    response = failing_urls.get(url)

    assert (response.status_code, heading_of(response)) == (status, heading)
    assert private_details_in(response) == []


# What the public pages load


class ResourceCollector(HTMLParser):
    """The addresses a page makes the browser fetch, and any inline script or style."""

    LOADED = {"link": "href", "script": "src", "img": "src"}

    def __init__(self):
        super().__init__()
        self.addresses = []
        self.inline = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in self.LOADED and attrs.get(self.LOADED[tag]):
            self.addresses.append(attrs[self.LOADED[tag]])
        if "style" in attrs or any(name.startswith("on") for name in attrs):
            self.inline.append(tag)
        if tag == "style" or (tag == "script" and "src" not in attrs):
            self.inline.append(tag)


def test_the_home_page_loads_nothing_from_another_site_and_nothing_inline(client, demo_data):
    collector = ResourceCollector()
    collector.feed(client.get("/en/").content.decode())

    assert collector.addresses  # the style sheet, the icon and the logo at least
    assert [
        address
        for address in collector.addresses
        if urlsplit(address).netloc not in ("", "testserver")
        or urlsplit(address).scheme not in ("", "http", "https")
    ] == []
    assert collector.inline == []


class InlineCollector(HTMLParser):
    """Inline styles, event handlers and scripts that the policy would block."""

    def __init__(self):
        super().__init__()
        self.blocked = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "style" in attrs or any(name.startswith("on") for name in attrs):
            self.blocked.append((tag, attrs))
        if tag == "style" and "nonce" not in attrs:
            self.blocked.append((tag, attrs))
        is_data = attrs.get("type") in ("application/json", "text/template")
        if tag == "script" and "src" not in attrs and "nonce" not in attrs and not is_data:
            self.blocked.append((tag, attrs))


def test_history_restore_and_account_pages_need_nothing_the_policy_blocks(client, administrator):
    organization = OrganizationFactory(name="Policy Labs")
    organization.save()
    deleted = OrganizationFactory(name="Deleted Labs")
    deleted_pk = deleted.pk
    deleted.delete()
    deletion = deleted.history.model.objects.get(id=deleted_pk, history_type="-")
    first = organization.history.earliest()
    client.force_login(administrator)
    base = "/admin/organizations/organization"
    pages = [
        f"{base}/{organization.pk}/history/",
        f"{base}/{organization.pk}/history/{first.history_id}/",
        f"{base}/deleted/",
        f"{base}/{deleted_pk}/restore/{deletion.history_id}/",
        f"{base}/",
        "/en/account/",
    ]
    blocked = {}
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        assert policy_of(response) in (POLICY, POLICY_WITH_NONCE), page
        collector = InlineCollector()
        collector.feed(response.content.decode())
        if collector.blocked:
            blocked[page] = collector.blocked
    client.logout()
    for page in ["/en/account/sign-in/", "/en/account/password-reset/"]:
        collector = InlineCollector()
        collector.feed(client.get(page).content.decode())
        if collector.blocked:
            blocked[page] = collector.blocked

    assert blocked == {}
