"""The privacy page (Québec's Law 25), and the promises it makes: the public pages
set no cookie and make the browser fetch nothing from another site; signing in sets
only the session and CSRF cookies.

French interface text is asserted through ui(), so these tests hold before and after
the French catalogue has the page's strings; the officer's name, title and email
come from settings and are asserted literally in both languages.
"""

import datetime
import itertools
import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.contrib.staticfiles import finders
from django.core.cache import cache

from demo.data import read_demo_data
from portal.privacy import DEFAULT_EMAIL, DEFAULT_NAME, DEFAULT_TITLE
from tests.factories import PASSWORD, SectorFactory
from tests.test_pages_helpers import LANGUAGES, get_page, label, ui, url

OFFICER = {
    "PRIVACY_OFFICER_NAME": "Geneviève Lapointe-Ng",
    "PRIVACY_OFFICER_TITLE": "Directrice des services aux membres",
    "PRIVACY_OFFICER_EMAIL": "vie-privee@bioquebec.example",
}

KINDS = [
    "Contacts at organizations",
    "Accounts",
    "Member account requests",
    "Suggested corrections",
    "Benefit claims",
    "Change history",
    "Failed sign-in attempts",
]
QUESTIONS = ["What", "Why", "Who can see it", "How long"]


@pytest.fixture
def officer(settings):
    for name, value in OFFICER.items():
        setattr(settings, name, value)


def officer_facts(page):
    return {
        fact["dt"]: fact["dd"]
        for fact in (
            {"dt": div.select_one("dt").text, "dd": div.select_one("dd").text}
            for div in page.select("main dl.privacy-officer div")
        )
    }


def kinds_of_information(page):
    """Each h3 of the page with the questions its <dl> answers: heading → {dt: dd}."""
    kinds = {}
    heading = None
    for element in page.select("main article")[0].find_all(True, recursive=False):
        if element.name == "h3":
            heading = element.text
        elif element.name == "dl" and heading:
            kinds[heading] = dict(
                zip(
                    [dt.text for dt in element.select("dt")],
                    [dd.text for dd in element.select("dd")],
                    strict=True,
                )
            )
    return kinds


# The person in charge ------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_page_names_the_person_in_charge_from_the_settings(client, officer, lang):
    page = get_page(client, url("privacy", lang))

    assert (page.status, page.lang) == (200, lang)
    assert officer_facts(page) == {
        ui(lang, "Name"): "Geneviève Lapointe-Ng",
        ui(lang, "Title"): "Directrice des services aux membres",
        ui(lang, "Email"): "vie-privee@bioquebec.example",
    }
    assert page.links("main dl.privacy-officer a") == ["mailto:vie-privee@bioquebec.example"]


def test_a_name_or_title_can_be_given_in_each_language(client, officer, settings):
    settings.PRIVACY_OFFICER_TITLE = {
        "en": "Director of Member Services",
        "fr": "Directrice des services aux membres",
    }

    assert [
        officer_facts(get_page(client, url("privacy", lang)))[ui(lang, "Title")]
        for lang in LANGUAGES
    ] == ["Director of Member Services", "Directrice des services aux membres"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_without_settings_the_page_shows_the_default_officer(client, settings, lang):
    # Unset and empty (the environment variable not given) read the same.
    settings.PRIVACY_OFFICER_NAME = ""
    settings.PRIVACY_OFFICER_TITLE = ""
    del settings.PRIVACY_OFFICER_EMAIL

    page = get_page(client, url("privacy", lang))

    assert officer_facts(page) == {
        ui(lang, "Name"): label(lang, DEFAULT_NAME),
        ui(lang, "Title"): label(lang, DEFAULT_TITLE),
        ui(lang, "Email"): DEFAULT_EMAIL,
    }


# What is collected and why --------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_page_says_for_each_kind_of_information_what_why_who_and_how_long(
    client, officer, lang
):
    kinds = kinds_of_information(get_page(client, url("privacy", lang)))

    assert list(kinds) == [ui(lang, kind) for kind in KINDS]
    assert [list(answers) for answers in kinds.values()] == [
        [ui(lang, question) for question in QUESTIONS]
    ] * len(KINDS)
    assert all(all(answers.values()) for answers in kinds.values())


def test_the_page_lists_what_is_collected(client, officer):
    kinds = kinds_of_information(get_page(client, url("privacy")))
    what = {kind: answers["What"] for kind, answers in kinds.items()}

    expected = {
        "Contacts at organizations": ["name", "title", "professional email address", "phone"],
        "Accounts": [
            "username",
            "email address",
            "name",
            "hashed",
            "the organization the member belongs to",
            "the associations they work for",
            "opened by the portal's administrators",
        ],
        "Member account requests": [
            "name, email address and organization",
            "the association you ask",
            "under a digest of the address",
        ],
        "Suggested corrections": ["the correction", "your name and email address"],
        "Benefit claims": ["the benefit, the quantity, their note", "its status"],
        "Change history": ["earlier version", "who made the change and when"],
        "Failed sign-in attempts": ["username", "IP address", "digest", "the password never"],
    }
    assert {
        kind: [words for words in expected[kind] if words not in what[kind]] for kind in expected
    } == {kind: [] for kind in expected}
    assert (
        "public (anyone), members only (signed-in members) or staff only"
        in (kinds["Contacts at organizations"]["Who can see it"])
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_page_covers_storage_cookies_and_rights_with_headings_in_order(client, officer, lang):
    page = get_page(client, url("privacy", lang))
    headings = [
        (int(element.name[1]), element.text)
        for element in page.select("main")[0].find_all(True)
        if re.fullmatch(r"h[1-6]", element.name)
    ]

    assert [text for level, text in headings if level == 2] == [
        ui(lang, "Who is responsible"),
        ui(lang, "What is collected and why"),
        ui(lang, "Where it is stored"),
        ui(lang, "What this site stores in your browser"),
        ui(lang, "Your rights"),
    ]
    assert headings[0][0] == 1
    assert [
        (before, after)
        for (before, _), (after, _) in itertools.pairwise(headings)
        if after > before + 1
    ] == []
    # The rights are exercised by writing to the person named above.
    assert ui(
        lang,
        "To exercise any of these rights, write to the person in charge of the protection "
        "of personal information at the email address above. They answer in writing within "
        "30 days, and may ask you to confirm your identity.",
    ) in page.texts("main p")


def test_the_cookie_durations_the_page_gives_are_the_settings(settings):
    # "expires two weeks after you sign in" and "expires after a year".
    session = (settings.SESSION_COOKIE_AGE, settings.SESSION_EXPIRE_AT_BROWSER_CLOSE)
    assert session == (datetime.timedelta(weeks=2).total_seconds(), False)
    assert (
        datetime.timedelta(days=360).total_seconds()
        <= settings.CSRF_COOKIE_AGE
        <= datetime.timedelta(days=366).total_seconds()
    )


# What the public pages set and load -------------------------------------------------

# Home, lists, detail pages, search, about and privacy, as (URL name, arguments, query).
PUBLIC_PAGES = [
    ("home", {}, {}),
    ("organizations:list", {}, {}),
    ("organizations:list", {}, {"country": "CA"}),
    ("organizations:detail", {"slug": "bioquebec"}, {}),
    ("organizations:detail", {"slug": "clara"}, {}),
    ("agreements:list", {}, {}),
    *[("agreements:detail", {"slug": a["slug"]}, {}) for a in read_demo_data()["agreements"]],
    ("events:list", {}, {}),
    ("events:list", {}, {"when": "past"}),
    ("events:detail", {"slug": "montreal-trade-mission-lyon-2016"}, {}),
    ("events:series", {"slug": "bio-international-convention"}, {}),
    ("benefits:list", {}, {}),
    ("benefits:list", {}, {"association": "bioquebec"}),
    ("search", {}, {}),
    ("search", {}, {"q": "quebec"}),
    ("search", {}, {"q": "Sherbroke"}),
    ("about", {}, {}),
    ("privacy", {}, {}),
]

# Attributes that make the browser fetch or send something, on any element. Links
# (<a href>) are not requests: a contact's mailto: or an organization's website is fine.
FETCHING_ATTRIBUTES = ["src", "srcset", "poster", "data", "action", "formaction", "ping"]
CSP_KEYWORD = re.compile(r"^'(self|none|nonce-[A-Za-z0-9_+/=-]+|strict-dynamic)'$")


def third_party(address):
    """Whether the browser would reach another origin for ``address`` on this site."""
    parts = urlsplit(address.strip())
    if parts.scheme == "data":  # inline data, no request
        return False
    return parts.scheme not in ("", "http", "https") or parts.netloc not in ("", "testserver")


def fetched_addresses(page):
    """(tag, attribute, address) for everything the page makes the browser fetch or send."""
    found = []
    for element in page.root.find_all(True):
        for attribute in FETCHING_ATTRIBUTES:
            value = element.attrs.get(attribute)
            if not value:
                continue
            candidates = (
                [c.strip().split()[0] for c in value.split(",") if c.strip()]
                if attribute in ("srcset", "ping")
                else [value]
            )
            found += [(element.name, attribute, candidate) for candidate in candidates]
        if element.name == "link" and element.attrs.get("href"):
            found.append(("link", "href", element.attrs["href"]))
        if element.name == "meta" and element.attrs.get("http-equiv", "").lower() == "refresh":
            found.append(("meta", "content", element.attrs.get("content", "").partition("=")[2]))
    return found


def stylesheet_problems(path):
    """Addresses a same-origin style sheet would load from elsewhere (fonts, @import)."""
    relative = urlsplit(path).path.removeprefix(django_settings.STATIC_URL)
    source = finders.find(relative)
    assert source, f"style sheet {path} not found"
    with open(source, encoding="utf-8") as css:
        text = css.read()
    addresses = re.findall(r"url\(\s*['\"]?([^'\")]+)", text)
    addresses += re.findall(r"@import\s+['\"]([^'\"]+)", text)
    return [address for address in addresses if third_party(address)]


def csp_sources_from_elsewhere(response):
    policy = response.headers.get("Content-Security-Policy", "")
    return [
        value
        for directive in policy.split(";")
        for value in directive.split()[1:]
        if not CSP_KEYWORD.match(value) and value != "data:"
    ]


def test_public_pages_set_no_cookie_and_load_nothing_from_another_site(client, demo_data):
    # One test walks every page in both languages: the demo data loads once.
    cookies, elsewhere, stylesheets, policies, statuses = {}, [], set(), {}, {}
    for lang in LANGUAGES:
        for name, kwargs, query in PUBLIC_PAGES:
            page = get_page(client, url(name, lang, query, **kwargs))
            statuses[page.path] = page.status
            for cookie in page.response.cookies:
                cookies.setdefault(cookie, []).append(page.path)
            elsewhere += [
                (page.path, tag, attribute, address)
                for tag, attribute, address in fetched_addresses(page)
                if third_party(address)
            ]
            stylesheets.update(link.attrs["href"] for link in page.select("link[rel=stylesheet]"))
            if sources := csp_sources_from_elsewhere(page.response):
                policies[page.path] = sources

    assert set(statuses.values()) == {200}
    # The rule: nothing but the CSRF cookie. The page says more: no cookie at all.
    assert set(cookies) - {django_settings.CSRF_COOKIE_NAME} == set()
    assert cookies == {}
    assert elsewhere == []
    assert stylesheets  # site.css at least
    assert {path: stylesheet_problems(path) for path in stylesheets} == {
        path: [] for path in stylesheets
    }
    assert policies == {}


# What signing in sets and keeps ------------------------------------------------------


def sign_in(client):
    return client.post("/admin/login/", {"username": "administrator", "password": PASSWORD})


def test_signing_in_sets_only_the_session_and_csrf_cookies_and_signing_out_deletes_it(
    client, administrator
):
    session, csrf = django_settings.SESSION_COOKIE_NAME, django_settings.CSRF_COOKIE_NAME

    sign_in_page = client.get("/admin/login/")
    signed_in = sign_in(client)
    signed_out = client.post("/admin/logout/")

    assert list(sign_in_page.cookies) == [csrf]
    assert (signed_in.status_code, sorted(signed_in.cookies)) == (302, sorted([session, csrf]))
    assert (list(signed_out.cookies), signed_out.cookies[session]["max-age"]) == ([session], 0)


def test_staff_at_work_get_no_cookie_beyond_the_session_and_csrf_cookies(client, administrator):
    sector = SectorFactory()
    client.force_login(administrator)

    response = client.post(f"/admin/organizations/sector/{sector.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert set(response.cookies) <= {
        django_settings.SESSION_COOKIE_NAME,
        django_settings.CSRF_COOKIE_NAME,
    }


def test_a_failed_sign_in_is_counted_under_a_digest_and_never_recorded(client, administrator):
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    client.post("/admin/login/", {"username": "administrator", "password": "wrong"})
    counted = [key for key in cache._cache if "axes" in key]
    sign_in(client)

    # django-axes counts in the cache, under a digest of the username and the address,
    # and the successful sign-in clears the count.
    assert len(counted) == 1
    assert [word for word in ("administrator", "127.0.0.1") if word in counted[0]] == []
    assert [key for key in cache._cache if "axes" in key] == []
    assert [model.objects.count() for model in (AccessAttempt, AccessLog, AccessFailureLog)] == [
        0,
        0,
        0,
    ]
