"""benchmark_pages measures every page against its reference; timings are never asserted."""

import datetime
import html
import re
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django.utils import timezone

from demo.management.commands.benchmark_pages import raw_url
from organizations.models import Organization
from portal.dates import DatePrecision
from tests.factories import EventFactory, EventOrganizationFactory

RATIO = re.compile(r"\d+\.\d×")
MILLISECONDS = re.compile(r"\d+\.\d")
RAW_MIDDLEWARE = "demo.management.commands.benchmark_pages.RawPagesMiddleware"


@pytest.fixture
def static_files(settings):
    # whitenoise serves STATIC_ROOT, filled by collectstatic; tests serve the sources.
    settings.WHITENOISE_USE_FINDERS = True


@pytest.fixture
def upcoming_events(demo_data):
    """The demo's events are past; the events list shows upcoming ones: one known to the
    day, organized by a demo organization, and one known only to this month, which is
    upcoming until the month is out."""
    today = timezone.localdate()
    organizer = Organization.objects.order_by("pk").first()
    EventOrganizationFactory(
        event=EventFactory(start_date=today + datetime.timedelta(days=30)), organization=organizer
    )
    EventFactory(start_date=today.replace(day=1), date_precision=DatePrecision.MONTH)


def table(output):
    """The report's rows, by group: {group title: [cells, …]}."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("page  "))
    groups = {}
    for line in lines[start + 2 :]:
        if not line:
            break
        if line.endswith(":") and not line.startswith(" "):
            rows = groups.setdefault(line[:-1], [])
        else:
            rows.append(re.split(r" {2,}", line.strip()))
    return groups


def test_the_report_measures_every_page_against_its_reference(upcoming_events, static_files):
    out = StringIO()
    call_command("benchmark_pages", "--rounds", "1", stdout=out)
    groups = table(out.getvalue())

    labels = {title.split(",")[0]: [row[0] for row in rows] for title, rows in groups.items()}
    assert labels == {
        "List pages": [
            "organizations", "agreements", "events (upcoming)",
            "events calendar (this month)", "benefits", "network",
            "benefits of an association", "map",
        ],
        "Lists with a filter": [
            "organizations ?country", "organizations ?sector", "organizations ?partner",
            "agreements ?corridor", "agreements ?theme", "events ?organizer",
        ],
        "Detail pages": [
            "organization", "agreement", "event", "series", "between two organizations",
        ],
        "Anonymous pages from the page cache (second request) ÷ a static file": [
            "home", "organizations", "organization",
        ],
        "API": [
            "organizations, 50", "agreements, 50", "events, 50", "benefits, 50",
            "organizations, 200", "organizations, 200",
        ],
        "Corridor pages": ["corridors", "busiest corridor"],
        "Deeper pages": [
            "organizations, last page", "agreements, last page", "organizations, most agreements",
        ],
    }  # fmt: skip
    for title, rows in groups.items():
        for row in rows:
            _label, reference, sql, page_ms, reference_ms, db_ms, ratio, *verdict = row
            assert MILLISECONDS.fullmatch(page_ms), row
            assert MILLISECONDS.fullmatch(reference_ms), row
            assert MILLISECONDS.fullmatch(db_ms), row
            assert RATIO.fullmatch(ratio), row
            if title.startswith(("List", "Lists", "Detail")):
                # Every page and its raw equivalent read the database.
                assert reference == "raw SQL", row
                page_sql, raw_sql = map(int, sql.split("/"))
                assert page_sql >= 1, row
                assert raw_sql >= 1, row
                assert verdict[0] == "≤ 3×", row
                assert verdict[1] in ("meets", "misses"), row
    # The 50-row API page against its DB time and the 200-row one against it; the
    # 200-row page's own DB ratio is information, with no target.
    api = groups["API"]
    assert [(row[1], row[7:]) for row in api] == [
        *[("its DB time", ["≤ 3×", row[8]]) for row in api[:4]],
        ("its DB time", []),
        ("50 rows", ["≤ 4.5×", api[5][8]]),
    ]
    assert [row[1] for row in groups["Deeper pages"]] == ["first page", "first page", "by name"]
    corridors = groups["Corridor pages, first visit, ÷ their DB time"]
    assert [(row[1], row[7:]) for row in corridors] == [
        ("its DB time", []),
        ("its DB time", ["≤ 3×", corridors[1][8]]),
    ]


def test_a_raw_page_shows_the_rows_of_its_page(upcoming_events):
    """The raw equivalents are the same rows: each result's name, in the page's order."""
    client = Client()
    with override_settings(MIDDLEWARE=[RAW_MIDDLEWARE, *settings.MIDDLEWARE]):
        for list_url, raw, name in (
            ("/en/organizations/", raw_url("organizations"), lambda o: o.name),
            ("/en/agreements/", raw_url("agreements"), lambda a: a.title),
            ("/en/events/", raw_url("events"), lambda e: e.name),
            ("/en/organizations/?country=CA", raw_url("organizations", country="CA"), None),
        ):
            page = client.get(list_url)
            names = [(name or (lambda o: o.name))(item) for item in page.context["object_list"]]
            assert names, list_url
            content = client.get(raw).content.decode()
            shown = re.findall(r'<li><a href="[^"]*">([^<]*)</a>', content)
            assert [html.unescape(text) for text in shown] == names, list_url


def test_the_raw_calendar_shows_the_events_of_the_calendar_page(upcoming_events):
    first = timezone.localdate().replace(day=1)
    EventFactory(name="Two days", start_date=first, end_date=first + datetime.timedelta(days=1))
    client = Client()
    with override_settings(MIDDLEWARE=[RAW_MIDDLEWARE, *settings.MIDDLEWARE]):
        page = client.get("/en/events/calendar/").content.decode()
        raw = client.get(raw_url("events-month")).content.decode()
    calendar = [
        link
        for link in re.findall(r'<li><a href="(/en/events/[^"/]+/)">', page)
        if link != "/en/events/calendar/"
    ]
    shown = re.findall(r'<li><a href="(/en/events/[^"/]+/)">', raw)
    assert shown
    assert sorted(set(calendar)) == sorted(shown)


def test_the_loadtest_urls_exist(upcoming_events, static_files):
    out = StringIO()
    call_command("benchmark_pages", "--print-urls", stdout=out)
    lines = [line.split("\t") for line in out.getvalue().splitlines()]
    groups = {group for group, _url in lines}
    assert groups == {"home", "list", "filter", "detail", "search", "api", "static"}
    client = Client()
    for _group, url in lines:
        response = client.get(url)
        assert response.status_code == 200, url
        if response.streaming:
            b"".join(response.streaming_content)


def test_only_measures_the_pages_named(upcoming_events, static_files):
    out = StringIO()
    call_command("benchmark_pages", "--rounds", "1", "--only", "details", "events, 50", stdout=out)
    groups = table(out.getvalue())
    labels = {title.split(",")[0]: [row[0] for row in rows] for title, rows in groups.items()}
    assert labels == {
        "Detail pages": [
            "organization",
            "agreement",
            "event",
            "series",
            "between two organizations",
        ],
        "API": ["events, 50"],
    }


def test_rounds_must_be_at_least_one(db):
    with pytest.raises(CommandError, match="--rounds must be at least 1"):
        call_command("benchmark_pages", "--rounds", "0")


def test_the_raw_page_between_two_organizations_shows_their_records(demo_data):
    page = Client().get("/en/organizations/bioquebec/with/massbio/").content.decode()
    # A client loads its middleware at its first request: a new one, under the raw pages'.
    with override_settings(MIDDLEWARE=[RAW_MIDDLEWARE, *settings.MIDDLEWARE]):
        raw = Client().get(raw_url("between", slug="bioquebec", other="massbio")).content.decode()

    linked = re.findall(r'<li><a href="([^"]*)">', raw)
    assert linked == [
        "/en/agreements/bioquebec-massbio-2017/",
        "/en/events/bio-2017/",
        "/en/events/massbio-delegation-quebec-2016/",
        "/en/agreements/bioquebec-massbio-2017/",
        "/en/agreements/bioquebec-massbio-2017/",
    ]
    for path in set(linked):
        assert f'href="{path}' in page
