"""Fuzzing: generated query strings on every public endpoint, and on the admin's lists
and autocompletes as staff and as an administrator.

Two properties, whatever the query string:

- no answer is a 5xx;
- no generated marker (``<x-fuzz>``) comes back raw in a page a browser reads as
  markup (HTML, XML feeds). Plain text, JSON, CSV and calendars may quote what was
  sent, as data: they are served with ``X-Content-Type-Options: nosniff``, so no
  browser reads them as a page.

Query strings are written byte by byte, percent-encoded, from the edge cases that
broke pages before: control characters and NUL, lone surrogates and invalid UTF-8 as
percent-encoded bytes, non-ASCII digits (², ٣, ①), huge and negative numbers, dates
that do not exist (2026-02-30, year 10000), very long values, an endpoint's own
parameter names with bad values, and names repeated.

``FUZZ_EXAMPLES`` sets the requests per endpoint (a few dozen in the suite, to keep
it short; ``make fuzz`` raises it to 10,000). With ``FUZZ_REPORT`` set to a folder,
each endpoint's count of requests and of 5xx answers is written there as JSON lines
(``scripts/fuzz`` reads them).
"""

import json
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from agreements.filters import AgreementFilter, BenefitFilter
from events.filters import EventFilter
from organizations.filters import OrganizationFilter
from organizations.models import OrganizationKind
from partners.filters import NetworkFilter
from partners.map import MapFilter
from portal.dates import DatePrecision
from tests.factories import (
    AgreementFactory,
    BenefitFactory,
    ContactFactory,
    EventFactory,
    EventOrganizationFactory,
    MembershipFactory,
    OrganizationFactory,
    PartyFactory,
    SectorFactory,
    SeriesFactory,
)

# In production a naive datetime in a filter is a warning in the log, and the list is
# served; here warnings are errors, which would make an admin date filter given a
# date without a time (?logout_time__gte=2000-01-01, django-axes' lists) a 500.
pytestmark = pytest.mark.filterwarnings(
    "ignore:DateTimeField .* received a naive datetime:RuntimeWarning"
)

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "20"))
REPORT = os.environ.get("FUZZ_REPORT")
MARKER = "<x-fuzz>"
MARKUP_TYPES = ("text/html", "application/xhtml+xml", "xml")

# How many requests each endpoint got, and how many answered 5xx (for the report).
requests_sent = Counter()
server_errors = Counter()


# Query strings -------------------------------------------------------------------


def encoded(text):
    return quote(text, safe="")


EDGE_CASES = [
    # Control characters, NUL first; then C1 controls as UTF-8.
    "%00",
    "%0A",
    "%0D",
    "%0D%0A",
    "%09",
    "%1B",
    "%1F",
    "%7F",
    "%C2%85",
    # Lone surrogates (as CESU bytes) and invalid UTF-8.
    "%ED%A0%80",
    "%ED%BF%BF",
    "%C3%28",
    "%FF",
    "%C0%AF",
    "%E2%82",
    # Digits that are not ASCII: superscript two, Arabic-Indic three, circled one,
    # fullwidth one.
    "%C2%B2",
    "%D9%A3",
    "%E2%91%A0",
    "%EF%BC%91",
    # Numbers and dates out of range.
    "99999999999999999999999",
    "-1",
    "-0",
    "1e999",
    "NaN",
    "0x10",
    "2026-02-30",
    "10000-01-01",
    "9999-12-31",
    "0000-00-00",
    "2026-13-01",
    "%2B",
    "%25",
    "%26",
    "%3D",
    "%3B",
    "..",
    "%2F",
    "%5C",
    encoded(MARKER),
    "%22%27%3E" + encoded(MARKER),
]
# Values the filters accept, so bad values meet good ones.
VALID_VALUES = [
    "",
    "1",
    "2",
    "2026",
    "2026-06-01",
    "FR",
    "CA",
    "US",
    "all",
    "past",
    "upcoming",
    "true",
    "false",
    "en",
    "fr",
    "bio",
    "conference",
    "association",
    "company",
    "signed",
    "name",
    "-name",
    "start_date",
]

fragments = st.one_of(
    st.sampled_from(EDGE_CASES),
    st.sampled_from(VALID_VALUES),
    st.text(max_size=12).map(
        lambda text: encoded(text.encode("utf-8", "surrogatepass").decode("utf-8", "replace"))
    ),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.dates().map(lambda date: date.isoformat()),
    st.integers(min_value=1, max_value=6_000).map(lambda length: "x" * length),
    st.binary(max_size=8).map(lambda raw: "".join(f"%{byte:02X}" for byte in raw)),
)
values = st.lists(fragments, min_size=1, max_size=3).map("".join)


def query_strings(names):
    """Query strings over an endpoint's own parameter ``names`` and generated ones;
    a name may come back several times."""
    name = st.one_of(st.sampled_from(sorted(names)), fragments)
    pair = st.tuples(name, values).map(lambda pair: f"{pair[0]}={pair[1]}")
    return st.lists(pair, min_size=1, max_size=5).map("&".join)


fuzz_settings = hypothesis_settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)


# Checks ----------------------------------------------------------------------------


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def check(client, endpoint_id, path):
    requests_sent[endpoint_id] += 1
    try:
        response = client.get(path)
        content = body(response)
    except Exception:
        # The test client raises what the view raised: a 500 for a visitor.
        server_errors[endpoint_id] += 1
        raise
    if response.status_code >= 500:
        server_errors[endpoint_id] += 1
    assert response.status_code < 500, path
    if MARKER.encode() in content:
        content_type = response.get("Content-Type", "")
        assert not any(kind in content_type for kind in MARKUP_TYPES), path
        assert response["X-Content-Type-Options"] == "nosniff", path


@pytest.fixture(autouse=True)
def _report():
    """Each endpoint's counts, written once its test ends (passed or not), so that a
    long run shows its progress."""
    yield
    if REPORT:
        folder = Path(REPORT)
        folder.mkdir(parents=True, exist_ok=True)
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        with (folder / f"{worker}.jsonl").open("a") as file:
            for endpoint_id, count in sorted(requests_sent.items()):
                line = {
                    "endpoint": endpoint_id,
                    "requests": count,
                    "5xx": server_errors[endpoint_id],
                }
                file.write(json.dumps(line) + "\n")
    requests_sent.clear()
    server_errors.clear()


# Data: a few records of each kind, so that lists, details and calendars have rows ---


@pytest.fixture
def records(association_a):
    organization = OrganizationFactory(
        name="Mercury Biotech", slug="mercury-biotech", kind=OrganizationKind.COMPANY
    )
    organization.sectors.add(SectorFactory())
    agreement = AgreementFactory(owner=association_a, title="Mercury agreement")
    PartyFactory(agreement=agreement, organization=organization, signed_by=ContactFactory())
    PartyFactory(agreement=agreement, organization=association_a)
    BenefitFactory(agreement=agreement).granted_to.add(association_a)
    MembershipFactory(member=organization, association=association_a)
    series = SeriesFactory(owner=association_a, slug="bio")
    event = EventFactory(
        owner=association_a, series=series, slug="bio-2030", date_precision=DatePrecision.DAY
    )
    EventOrganizationFactory(event=event, organization=organization)
    return {"event": event, "series": series}


@pytest.fixture(autouse=True)
def _no_api_limit(settings):
    # Thousands of requests from one address: the limit would answer them all 429.
    settings.API_ANON_RATE = "1000000/second"


# Public endpoints ------------------------------------------------------------------


@dataclass(frozen=True)
class Endpoint:
    id: str
    url_name: str
    names: frozenset = field(default_factory=frozenset)
    kwargs: tuple = ()

    def path(self):
        return reverse(self.url_name, kwargs=dict(self.kwargs) or None)


def filter_names(filterset_class, *extra):
    return frozenset({*filterset_class.base_filters, *extra})


API_NAMES = ("cursor", "page_size", "lang", "ordering", "search", "format", "limit", "offset")
PUBLIC = [
    Endpoint("home", "home", frozenset({"q"})),
    Endpoint("search", "search", frozenset({"q", "page", "kind"})),
    Endpoint(
        "organizations", "organizations:list", filter_names(OrganizationFilter, "page", "sort")
    ),
    Endpoint("organizations.csv", "organizations:export", filter_names(OrganizationFilter, "sort")),
    Endpoint("map", "partners:map", filter_names(MapFilter)),
    Endpoint("agreements", "agreements:list", filter_names(AgreementFilter, "page", "sort")),
    Endpoint("agreements.csv", "agreements:export", filter_names(AgreementFilter, "sort")),
    Endpoint("benefits", "benefits:list", frozenset({"association", "page"})),
    Endpoint("benefits.csv", "benefits:export", frozenset({"association"})),
    Endpoint("events", "events:list", filter_names(EventFilter, "page", "sort")),
    Endpoint("network", "partners:network", filter_names(NetworkFilter)),
    Endpoint("events.csv", "events:export", filter_names(EventFilter, "sort")),
    Endpoint("events.ics", "events:calendar", filter_names(EventFilter)),
    Endpoint("events/calendar", "events:calendar_page", filter_names(EventFilter)),
    Endpoint(
        "events/calendar/month",
        "events:calendar_month",
        filter_names(EventFilter),
        (("year", 2030), ("month", 6)),
    ),
    Endpoint("event.ics", "events:event_calendar", frozenset({"q"}), (("slug", "bio-2030"),)),
    Endpoint("series.ics", "events:series_calendar", frozenset({"q"}), (("slug", "bio"),)),
    Endpoint("feeds/agreements", "feeds:agreements", frozenset({"q", "page"})),
    Endpoint("feeds/events", "feeds:events", frozenset({"q", "page"})),
    Endpoint(
        "api/organizations", "api:organization-list", filter_names(OrganizationFilter, *API_NAMES)
    ),
    Endpoint("api/agreements", "api:agreement-list", filter_names(AgreementFilter, *API_NAMES)),
    Endpoint("api/events", "api:event-list", filter_names(EventFilter, *API_NAMES)),
    Endpoint("api/series", "api:series-list", frozenset(API_NAMES)),
    Endpoint("api/benefits", "api:benefit-list", filter_names(BenefitFilter, *API_NAMES)),
    Endpoint("api/sectors", "api:sector-list", frozenset(API_NAMES)),
    # The page after a suggested correction links back to the record ``next`` names.
    Endpoint("correction-sent", "members:correction_sent", frozenset({"next"})),
    Endpoint("corridors", "partners:corridors", frozenset({"q", "country", "side", "page"})),
]


@pytest.mark.parametrize("endpoint", PUBLIC, ids=[endpoint.id for endpoint in PUBLIC])
def test_generated_query_strings_never_break_a_public_endpoint(client, records, endpoint):
    path = endpoint.path()
    in_french = "/fr/" + path.removeprefix("/en/") if path.startswith("/en/") else path

    @fuzz_settings
    @given(query=query_strings(endpoint.names), path=st.sampled_from([path, in_french]))
    def fuzz(query, path):
        check(client, endpoint.id, f"{path}?{query}")

    fuzz()


# The admin -------------------------------------------------------------------------


def changelist_names(model_admin):
    """A changelist's parameters: search, order, page, errors, its filters (by their
    field names, with the lookups the admin's filters write) and its date hierarchy."""
    names = {"q", "o", "p", "e", "all", "_to_field", "_popup", "_changelist_filters"}
    for list_filter in model_admin.list_filter:
        name = list_filter[0] if isinstance(list_filter, tuple) else list_filter
        if isinstance(name, str):
            for lookup in ("", "__exact", "__id__exact", "__isnull", "__in", "__gte", "__lt"):
                names.add(name + lookup)
    if model_admin.date_hierarchy:
        names |= {f"{model_admin.date_hierarchy}__{part}" for part in ("year", "month", "day")}
    return frozenset(names)


CHANGELISTS = sorted(
    (f"{model._meta.app_label}.{model._meta.model_name}", changelist_names(model_admin))
    for model, model_admin in admin.site._registry.items()
)


def autocomplete_sources():
    """(app_label, model_name, field_name) of every autocomplete field, inlines' too."""
    sources = set()
    for model, model_admin in admin.site._registry.items():
        for owner in [model_admin, *model_admin.inlines]:
            owner_model = getattr(owner, "model", model)
            for field_name in owner.autocomplete_fields:
                sources.add((owner_model._meta.app_label, owner_model._meta.model_name, field_name))
    return sorted(sources)


AUTOCOMPLETE_SOURCES = autocomplete_sources()


@pytest.fixture
def admin_clients(records, staff_a, administrator):
    """A client signed in as association staff, and one as an administrator."""
    clients = []
    for user in (staff_a, administrator):
        client = Client()
        client.force_login(user)
        clients.append(client)
    return clients


@pytest.mark.parametrize(
    "changelist", CHANGELISTS, ids=[changelist for changelist, _names in CHANGELISTS]
)
def test_generated_query_strings_never_break_an_admin_list(admin_clients, changelist):
    label, names = changelist
    app_label, model_name = label.split(".")
    path = reverse(f"admin:{app_label}_{model_name}_changelist")

    @fuzz_settings
    @given(client=st.sampled_from(admin_clients), query=query_strings(names))
    def fuzz(client, query):
        check(client, f"admin/{label}", f"{path}?{query}")

    fuzz()


def autocomplete_queries():
    """A real autocomplete field's app, model and field, a generated term, and now and
    then more generated parameters (the same names again, or others)."""
    source = st.sampled_from(AUTOCOMPLETE_SOURCES).map(
        lambda source: f"app_label={source[0]}&model_name={source[1]}&field_name={source[2]}"
    )
    extra = st.one_of(
        st.just(""),
        query_strings({"page", "term", "field_name", "app_label", "model_name"}),
    )
    return st.tuples(source, values, extra).map(
        lambda parts: f"{parts[0]}&term={parts[1]}&{parts[2]}"
    )


def test_generated_terms_never_break_the_admin_autocomplete(admin_clients):
    path = reverse("admin:autocomplete")

    @fuzz_settings
    @given(client=st.sampled_from(admin_clients), query=autocomplete_queries())
    def fuzz(client, query):
        check(client, "admin/autocomplete", f"{path}?{query}")

    fuzz()


# Pages left out of the fuzzing: they read no query string (details, static pages,
# the API's single records and schema, sitemaps) or only ``next`` (accounts).
NOT_FUZZED = {
    "about",
    "accounts:login",
    "accounts:logout",
    "accounts:password_reset",
    "accounts:password_reset_confirm",
    "accounts:password_reset_done",
    "accounts:password_reset_complete",
    "accounts:private_calendar",
    "accounts:profile",
    "agreements:detail",
    "api:agreement-detail",
    "api:benefit-detail",
    "api:event-detail",
    "api:organization-detail",
    "api:schema",
    "api:sector-detail",
    "api:series-detail",
    "api_docs",
    "events:detail",
    "events:series",
    # A member's benefits page and its claims read no query string: their input is a
    # POST by a signed-in member (tests/test_claims.py tries bad forms and ids).
    "members:claim",
    "members:my_benefits",
    "members:withdraw",
    # The public forms read no query string: their input is a POST (tests/test_requests.py).
    "members:request_account",
    "members:request_sent",
    "members:suggest_correction",
    "organizations:detail",
    # A corridor's address is its input: tests/test_corridors.py tries unreadable and
    # unknown ones.
    "partners:corridor",
    # The history of two organizations reads its two slugs alone (tests/test_between.py
    # tries malformed and unknown ones).
    "partners:between",
    "privacy",
    # A staff member's calendar: its token is checked against one pattern
    # (tests/test_private_calendar.py tries malformed ones).
    "private_calendar",
    "robots",
    "sitemap",
    "sitemap_section",
}


def url_names(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_names(pattern.url_patterns, inner)
        elif pattern.name:
            yield namespace + pattern.name


def test_every_public_endpoint_is_fuzzed_or_left_out_with_a_reason():
    fuzzed = {endpoint.url_name for endpoint in PUBLIC}

    assert set(url_names(get_resolver().url_patterns)) - fuzzed == NOT_FUZZED
