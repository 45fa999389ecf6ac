"""Atom feeds, sitemap.xml and robots.txt: what feed readers and crawlers read.

Feeds and sitemaps are parsed as XML, the way a reader or a crawler reads them,
and compared with what the database holds. Every link is absolute, on the
test client's host (http://testserver).
"""

import datetime
import html
import re
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.utils import timezone, translation
from django.utils.text import capfirst

from agreements.models import Agreement, AgreementKind, AgreementState, AgreementStatus, PartyRole
from events.models import Event, EventKind, EventRole, Series
from organizations.models import Organization, Visibility
from portal import feeds, sitemaps
from portal.dates import DatePrecision, PartialDate
from tests.factories import (
    AgreementFactory,
    BenefitFactory,
    ContactFactory,
    EventFactory,
    EventOrganizationFactory,
    OrganizationFactory,
    PartyFactory,
    SectorFactory,
    SeriesFactory,
)
from tests.test_pages_helpers import LANGUAGES, get_page, label, ui, url

HOST = "http://testserver"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

FEED_TITLES = {
    "feeds:agreements": "Passerelle: newly recorded agreements",
    "feeds:events": "Passerelle: upcoming events",
}
LISTS = {"feeds:agreements": "agreements:list", "feeds:events": "events:list"}


def absolute(name, lang="en", **kwargs):
    return HOST + url(name, lang, **kwargs)


def in_days(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def fact(lang, label_text, value):
    return ui(lang, "%(label)s: %(value)s", label=ui(lang, label_text), value=value)


# Reading feeds -------------------------------------------------------------------


class Feed:
    """An Atom feed, parsed: fails unless it is well-formed Atom."""

    def __init__(self, response):
        assert response.status_code == 200
        assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
        self.root = ET.fromstring(response.content)
        assert self.root.tag == f"{ATOM}feed"
        self.entries = [Entry(element) for element in self.root.findall(f"{ATOM}entry")]

    @property
    def lang(self):
        return self.root.get(XML_LANG)

    def text(self, tag):
        return self.root.findtext(f"{ATOM}{tag}")

    def link(self, rel):
        [link] = [link for link in self.root.findall(f"{ATOM}link") if link.get("rel") == rel]
        return link.get("href")

    @property
    def titles(self):
        return [entry.title for entry in self.entries]


class Entry:
    def __init__(self, element):
        self.element = element
        self.title = element.findtext(f"{ATOM}title")
        [link] = element.findall(f"{ATOM}link")
        assert link.get("rel") == "alternate"
        self.link = link.get("href")
        self.id = element.findtext(f"{ATOM}id")
        self.updated = datetime.datetime.fromisoformat(element.findtext(f"{ATOM}updated"))
        published = element.findtext(f"{ATOM}published")
        self.published = published and datetime.datetime.fromisoformat(published)
        self.categories = [category.get("term") for category in element.findall(f"{ATOM}category")]
        summary = element.find(f"{ATOM}summary")
        assert summary.get("type") == "html"
        self.summary = summary.text

    @property
    def paragraphs(self):
        """The summary's paragraphs as a feed reader shows them."""
        return [html.unescape(p) for p in re.findall(r"<p>(.*?)</p>", self.summary, re.S)]


def get_feed(client, name, lang="en"):
    return Feed(client.get(url(name, lang)))


# Agreements feed -----------------------------------------------------------------


def recorded(agreement, days_ago):
    """Set when ``agreement`` was recorded, which the feed sorts by."""
    moment = timezone.now() - datetime.timedelta(days=days_ago)
    Agreement.objects.filter(pk=agreement.pk).update(created_at=moment)
    return moment


@pytest.mark.parametrize("lang", LANGUAGES)
def test_agreements_feed_is_atom_with_the_newest_recorded_first_and_links_in_its_language(
    client, db, lang
):
    old = AgreementFactory(title="Old agreement", slug="old", signed_on=datetime.date(2024, 1, 1))
    new = AgreementFactory(title="New agreement", slug="new", signed_on=datetime.date(2010, 1, 1))
    middle = AgreementFactory(title="Middle agreement", slug="middle")
    recorded_at = {
        old.pk: recorded(old, 30),
        new.pk: recorded(new, 1),
        middle.pk: recorded(middle, 10),
    }

    feed = get_feed(client, "feeds:agreements", lang)

    assert feed.lang == lang
    assert feed.text("title") == ui(lang, "Passerelle: newly recorded agreements")
    assert feed.text("subtitle") == ui(
        lang, "The agreements most recently recorded on Passerelle, newest first."
    )
    assert feed.text("id") == absolute("agreements:list", lang)
    assert feed.link("alternate") == absolute("agreements:list", lang)
    assert feed.link("self") == absolute("feeds:agreements", lang)
    assert feed.root.findtext(f"{ATOM}author/{ATOM}name") == "Passerelle"
    # Recorded last, signed first: the feed follows recording, not signing.
    assert feed.titles == ["New agreement", "Middle agreement", "Old agreement"]
    by_slug = {a.slug: a for a in Agreement.objects.all()}
    assert [entry.link for entry in feed.entries] == [
        absolute("agreements:detail", lang, slug=slug) for slug in ["new", "middle", "old"]
    ]
    assert [entry.id for entry in feed.entries] == [entry.link for entry in feed.entries]
    assert [entry.published for entry in feed.entries] == [
        recorded_at[by_slug[slug].pk] for slug in ["new", "middle", "old"]
    ]
    assert [entry.updated for entry in feed.entries] == [
        by_slug[slug].updated_at for slug in ["new", "middle", "old"]
    ]
    assert datetime.datetime.fromisoformat(feed.text("updated")) == max(
        a.updated_at for a in by_slug.values()
    )


def test_agreements_feed_lists_only_the_most_recently_recorded(client, db, monkeypatch):
    monkeypatch.setattr(feeds, "FEED_SIZE", 2)
    for number, days_ago in enumerate([5, 1, 3]):
        recorded(AgreementFactory(title=f"Agreement {number}"), days_ago)

    assert get_feed(client, "feeds:agreements").titles == ["Agreement 1", "Agreement 2"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_agreement_entries_are_written_in_the_feeds_language(client, db, lang):
    theme = SectorFactory(name_en="Oncology", name_fr="Oncologie")
    event = EventFactory(name_en="BIO 2017", name_fr="Congrès BIO 2017", start_date=in_days(-300))
    agreement = AgreementFactory(
        title_en="Oncology cooperation",
        title_fr="Coopération en oncologie",
        kind=AgreementKind.COOPERATION,
        status=AgreementStatus.SIGNED,
        signed_on=datetime.date(2025, 3, 1),
        signed_on_precision=DatePrecision.MONTH,
        # In force until the end of the term: March 2030 at the signing date's precision.
        term_months=60,
        signing_place_en="Lyon, France",
        signing_place_fr="Lyon (France)",
        signing_event=event,
        summary_en="First paragraph.\n\nSecond & last.",
        summary_fr="Premier paragraphe.\n\nSecond et dernier.",
    )
    agreement.themes.add(theme)
    PartyFactory(agreement=agreement, organization__name="Zeta Cluster", role=PartyRole.SUPPORTER)
    PartyFactory(agreement=agreement, organization__name="Beta Alliance")
    PartyFactory(agreement=agreement, organization__name="Alpha Association")

    [entry] = get_feed(client, "feeds:agreements", lang).entries

    with translation.override(lang):
        signed = str(PartialDate(datetime.date(2025, 3, 1), DatePrecision.MONTH))
        ends = str(PartialDate(datetime.date(2030, 3, 31), DatePrecision.MONTH))
    signatory, supporter = (
        label(lang, PartyRole.SIGNATORY.label),
        label(lang, PartyRole.SUPPORTER.label),
    )
    kind = capfirst(label(lang, AgreementKind.COOPERATION.label))
    texts = {
        "en": ("Oncology cooperation", "Lyon, France", "BIO 2017", "Oncology"),
        "fr": ("Coopération en oncologie", "Lyon (France)", "Congrès BIO 2017", "Oncologie"),
    }
    title, place, event_name, theme_name = texts[lang]
    assert entry.title == title
    assert entry.link == absolute("agreements:detail", lang, slug=agreement.slug)
    assert entry.categories == [kind, theme_name]
    assert entry.paragraphs == [
        f"{kind} · {label(lang, AgreementState.IN_FORCE.label)}",
        fact(lang, "Signed", signed),
        fact(lang, "Place", place),
        fact(lang, "Signed during", event_name),
        fact(lang, "In force until", ends),
        fact(
            lang,
            "Parties",
            f"Alpha Association ({signatory}), Beta Alliance ({signatory}), "
            f"Zeta Cluster ({supporter})",
        ),
        *{
            "en": ["First paragraph.", "Second & last."],
            "fr": ["Premier paragraphe.", "Second et dernier."],
        }[lang],
    ]


def test_summaries_escape_what_records_say(client, db):
    AgreementFactory(summary="Use <b>bold</b> & <script>alert(1)</script>")
    EventFactory(start_date=in_days(5), description="<img src=x onerror=alert(1)>")

    for name in FEED_TITLES:
        [entry] = get_feed(client, name).entries
        # The summary is HTML: the record's text is in it as text, never as markup.
        assert "<script>" not in entry.summary
        assert "<img" not in entry.summary
        assert entry.paragraphs[-1] in (
            "Use <b>bold</b> & <script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
        )


def test_an_agreement_without_a_known_date_says_so(client, db):
    AgreementFactory(signed_on=None)

    [entry] = get_feed(client, "feeds:agreements").entries

    assert entry.paragraphs[1] == fact("en", "Signed", ui("en", "Date not known"))


# Events feed ---------------------------------------------------------------------


def test_events_feed_lists_upcoming_events_soonest_first_and_leaves_past_ones_out(client, db):
    EventFactory(name="Ended yesterday", start_date=in_days(-3), end_date=in_days(-1))
    EventFactory(
        name="Last month",
        start_date=in_days(-31).replace(day=1),
        date_precision=DatePrecision.MONTH,
    )
    EventFactory(name="In twenty days", start_date=in_days(20))
    EventFactory(name="Ongoing", start_date=in_days(-40), end_date=in_days(2))
    # Known only to the month: upcoming until the month is out, even if its 1st is past.
    EventFactory(
        name="This month", start_date=in_days(0).replace(day=1), date_precision=DatePrecision.MONTH
    )
    EventFactory(name="Today", start_date=in_days(0))
    EventFactory(name="In ten days", start_date=in_days(10))

    feed = get_feed(client, "feeds:events")

    assert feed.titles == ["Ongoing", "This month", "Today", "In ten days", "In twenty days"]


def test_events_feed_keeps_an_event_known_to_the_year_until_the_year_is_out(client, db):
    this_year = in_days(0).replace(month=1, day=1)
    EventFactory(name="This year", start_date=this_year, date_precision=DatePrecision.YEAR)
    EventFactory(name="Last year", start_date=this_year.replace(year=this_year.year - 1))

    assert get_feed(client, "feeds:events").titles == ["This year"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_events_feed_is_atom_in_its_language_with_the_event_dates_in_the_summary(client, db, lang):
    series = SeriesFactory(name_en="Jacques Cartier Talks", name_fr="Entretiens Jacques Cartier")
    start = in_days(60).replace(day=1)
    event = EventFactory(
        name_en="Lyon Talks",
        name_fr="Entretiens de Lyon",
        edition="2030",
        series=series,
        kind=EventKind.SYMPOSIUM,
        start_date=start,
        date_precision=DatePrecision.MONTH,
        venue="Centre de congrès",
        city="Lyon",
        region="Auvergne-Rhône-Alpes",
        country="FR",
        description_en="Two days of talks.",
        description_fr="Deux jours d'échanges.",
    )
    EventOrganizationFactory(event=event, organization__name="Organizer B")
    EventOrganizationFactory(event=event, organization__name="Organizer A")
    EventOrganizationFactory(event=event, organization__name="Guest C", role=EventRole.PARTICIPANT)

    feed = get_feed(client, "feeds:events", lang)

    assert feed.lang == lang
    assert feed.text("title") == ui(lang, "Passerelle: upcoming events")
    assert feed.text("subtitle") == ui(
        lang, "Conferences, trade missions and workshops to come, soonest first."
    )
    assert feed.link("alternate") == absolute("events:list", lang)
    assert feed.link("self") == absolute("feeds:events", lang)
    [entry] = feed.entries
    name, series_name, description = {
        "en": ("Lyon Talks 2030", "Jacques Cartier Talks", "Two days of talks."),
        "fr": ("Entretiens de Lyon 2030", "Entretiens Jacques Cartier", "Deux jours d'échanges."),
    }[lang]
    with translation.override(lang):
        when = str(PartialDate(start, DatePrecision.MONTH))
    kind = capfirst(label(lang, EventKind.SYMPOSIUM.label))
    assert entry.title == name
    assert entry.link == absolute("events:detail", lang, slug=event.slug)
    assert entry.categories == [kind, series_name]
    assert entry.paragraphs == [
        f"{kind} · {series_name}",
        fact(lang, "When", when),
        fact(lang, "Where", "Centre de congrès, Lyon, Auvergne-Rhône-Alpes, France"),
        fact(lang, "Organizers", "Organizer A, Organizer B"),
        description,
    ]
    # Published when it was announced on the portal: the event's own date is in the summary.
    assert (entry.published, entry.updated) == (event.created_at, event.updated_at)


def test_a_timed_event_gives_its_times_and_time_zone(client, db):
    EventFactory(
        start_date=in_days(5),
        start_time=datetime.time(9, 30),
        end_time=datetime.time(17, 0),
        time_zone="Europe/Paris",
        venue="",
        city="",
        region="",
        country="",
        series=None,
    )

    [entry] = get_feed(client, "feeds:events").entries

    when = str(PartialDate(in_days(5), DatePrecision.DAY))
    assert entry.paragraphs == [
        capfirst(label("en", EventKind.CONFERENCE.label)),
        fact("en", "When", f"{when}, 09:30–17:00 (Europe/Paris)"),
    ]


# Query counts --------------------------------------------------------------------


def agreement_as_the_feed_shows_it(number):
    agreement = AgreementFactory(title=f"Agreement {number:02}")
    agreement.themes.set(SectorFactory.create_batch(2))
    for side in "AB":
        PartyFactory(agreement=agreement, organization__name=f"Party {number:02}-{side}")
    agreement.signing_event = EventFactory(start_date=in_days(-100))
    agreement.save()
    BenefitFactory(agreement=agreement)
    return agreement


def event_as_the_feed_shows_it(number):
    event = EventFactory(
        name=f"Event {number:02}", series=SeriesFactory(), start_date=in_days(number)
    )
    EventOrganizationFactory(event=event)
    EventOrganizationFactory(event=event, role=EventRole.PARTICIPANT)
    return event


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("items", [1, 6])
def test_agreements_feed_takes_3_queries_whatever_it_lists(
    client, db, django_assert_num_queries, items, lang
):
    for number in range(items):
        agreement_as_the_feed_shows_it(number)

    # Agreements with their signing event; parties with their organizations; themes.
    with django_assert_num_queries(3):
        feed = get_feed(client, "feeds:agreements", lang)

    assert len(feed.entries) == items


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("items", [1, 6])
def test_events_feed_takes_2_queries_whatever_it_lists(
    client, db, django_assert_num_queries, items, lang
):
    for number in range(items):
        event_as_the_feed_shows_it(number)

    # Events with their series; organizers with their organizations.
    with django_assert_num_queries(2):
        feed = get_feed(client, "feeds:events", lang)

    assert feed.titles == [f"Event {number:02}" for number in range(items)]


# No personal information ---------------------------------------------------------

SENTINEL = "PERSONALZQ3X9"


def test_feeds_carry_no_contact_signer_or_claim_details(client, db):
    """Whatever their visibility: a feed is public and cached by readers for anyone."""
    organization = OrganizationFactory(name="Party Association")
    contacts = [
        ContactFactory(
            organization=organization,
            name=f"{SENTINEL}-{visibility}-name",
            title_en=f"{SENTINEL}-{visibility}-title-en",
            title_fr=f"{SENTINEL}-{visibility}-titre-fr",
            email=f"{SENTINEL.lower()}-{visibility}@example.org",
            phone=f"{SENTINEL}-{visibility}-phone",
            visibility=visibility,
        )
        for visibility in Visibility
    ]
    agreement = AgreementFactory(title="Agreement with a signer")
    PartyFactory(
        agreement=agreement,
        organization=organization,
        signed_by=contacts[1],
        signed_by_title_en=f"{SENTINEL}-signer-en",
        signed_by_title_fr=f"{SENTINEL}-signataire-fr",
    )
    for visibility in Visibility:
        benefit = BenefitFactory(
            agreement=agreement,
            how_to_claim_en=f"{SENTINEL}-{visibility}-claim-en",
            how_to_claim_fr=f"{SENTINEL}-{visibility}-reclamer-fr",
            claim_visibility=visibility,
        )
        benefit.granted_to.add(organization)
    event = EventFactory(name="Event of the association", start_date=in_days(10))
    EventOrganizationFactory(event=event, organization=organization)

    for lang in LANGUAGES:
        for name in FEED_TITLES:
            response = client.get(url(name, lang))
            feed = Feed(response)
            # The records are there, with their organization, so the check is not vacuous.
            assert len(feed.entries) == 1
            assert "Party Association" in feed.entries[0].summary
            assert SENTINEL.lower() not in response.content.decode().lower()


# Links from the pages ------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_links_to_both_feeds_and_the_sitemap(client, db, lang):
    page = get_page(client, url("agreements:list", lang))

    assert [
        (link.attrs["title"], link.attrs["href"])
        for link in page.select("link[type='application/atom+xml']")
    ] == [(ui(lang, FEED_TITLES[name]), url(name, lang)) for name in FEED_TITLES]
    assert [link.attrs["rel"] for link in page.select("link[type='application/atom+xml']")] == [
        "alternate",
        "alternate",
    ]
    footer_links = [(a.text, a.attrs["href"]) for a in page.select("footer a") if "type" in a.attrs]
    assert footer_links == [
        (ui(lang, "Atom feed: new agreements"), url("feeds:agreements", lang)),
        (ui(lang, "Atom feed: upcoming events"), url("feeds:events", lang)),
        (ui(lang, "Sitemap"), "/sitemap.xml"),
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_feeds_have_translated_addresses(lang):
    assert (
        url("feeds:agreements", lang)
        == {
            "en": "/en/feeds/agreements/",
            "fr": f"/fr/{ui('fr', 'feeds/')}{ui('fr', 'agreements/')}",
        }[lang]
    )


# Sitemap -------------------------------------------------------------------------


def read_sitemap(client, address):
    response = client.get(address)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    return ET.fromstring(response.content)


def sitemap_files(client):
    """The addresses of the files the index lists, in its order, without the host."""
    index = read_sitemap(client, "/sitemap.xml")
    assert index.tag == f"{SITEMAP}sitemapindex"
    locations = [loc.text for loc in index.iter(f"{SITEMAP}loc")]
    assert all(location.startswith(HOST + "/") for location in locations)
    return [location.removeprefix(HOST) for location in locations]


def sitemap_urls(client):
    """Every <url> of every file: address → {hreflang: alternate address}."""
    urls = {}
    for address in sitemap_files(client):
        urlset = read_sitemap(client, address)
        assert urlset.tag == f"{SITEMAP}urlset"
        for element in urlset.findall(f"{SITEMAP}url"):
            location = element.findtext(f"{SITEMAP}loc")
            assert location not in urls
            urls[location] = {
                link.get("hreflang"): link.get("href")
                for link in element.findall(f"{XHTML}link")
                if link.get("rel") == "alternate"
            }
    return urls


def expected_entries(name, x_default=None, **kwargs):
    """The <url> of a page in each language, each naming both and x-default."""
    alternates = {lang: absolute(name, lang, **kwargs) for lang in LANGUAGES}
    alternates["x-default"] = x_default or alternates[settings.LANGUAGE_CODE]
    return {alternates[lang]: alternates for lang in LANGUAGES}


STATIC_PAGES = [
    "organizations:list",
    "agreements:list",
    "events:list",
    "events:calendar_page",
    "benefits:list",
    "partners:map",
    "partners:corridors",
    "partners:network",
    "about",
    "privacy",
    "api_docs",
]


def test_sitemap_lists_every_public_page_in_both_languages_with_hreflang_alternates(client, db):
    OrganizationFactory.create_batch(3)
    AgreementFactory.create_batch(2)
    series = SeriesFactory()
    EventFactory(series=series)
    EventFactory(start_date=datetime.date(2011, 1, 1), date_precision=DatePrecision.YEAR)

    expected = expected_entries("home", x_default=HOST + "/")
    for name in STATIC_PAGES:
        expected |= expected_entries(name)
    for model, name in [
        (Organization, "organizations:detail"),
        (Agreement, "agreements:detail"),
        (Event, "events:detail"),
        (Series, "events:series"),
    ]:
        for slug in model.objects.values_list("slug", flat=True):
            expected |= expected_entries(name, slug=slug)

    assert sitemap_urls(client) == expected
    # 12 pages and 3 + 2 + 2 + 1 records, in two languages.
    assert len(expected) == 40


def test_sitemap_leaves_search_accounts_and_feeds_out(client, db):
    listed = {address.removeprefix(HOST) for address in sitemap_urls(client)}

    for name in ["search", "accounts:login", "accounts:profile", "feeds:agreements"]:
        for lang in LANGUAGES:
            assert url(name, lang) not in listed


def test_x_default_is_the_english_page_which_answers_everyone(client, db):
    """Django's x-default drops the /en/ prefix, which only the home page survives."""
    organization = OrganizationFactory()
    urls = sitemap_urls(client)
    home, directory = absolute("home"), absolute("organizations:detail", slug=organization.slug)

    assert urls[home]["x-default"] == HOST + "/"
    assert client.get("/", headers={"accept-language": "fr"})["Location"] == url("home", "fr")
    assert urls[directory]["x-default"] == directory


def test_each_record_gives_its_last_update_as_lastmod(client, db):
    organization = OrganizationFactory()
    agreement = AgreementFactory()
    event = EventFactory()
    series = SeriesFactory()
    lastmods = {}
    for address in sitemap_files(client):
        for element in read_sitemap(client, address).findall(f"{SITEMAP}url"):
            lastmods[element.findtext(f"{SITEMAP}loc")] = element.findtext(f"{SITEMAP}lastmod")

    def day(record):
        return timezone.localtime(record.updated_at).date().isoformat()

    for lang in LANGUAGES:
        assert lastmods[absolute("organizations:detail", lang, slug=organization.slug)] == day(
            organization
        )
        assert lastmods[absolute("agreements:detail", lang, slug=agreement.slug)] == day(agreement)
        assert lastmods[absolute("events:detail", lang, slug=event.slug)] == day(event)
        # Series do not record their changes: no lastmod rather than a wrong one.
        assert lastmods[absolute("events:series", lang, slug=series.slug)] is None
        assert lastmods[absolute("about", lang)] is None


def test_sitemap_index_splits_a_section_into_files_of_at_most_limit_urls(client, db, monkeypatch):
    # Four URLs a file: two organizations in two languages.
    monkeypatch.setattr(sitemaps.OrganizationSitemap, "limit", 4)
    organizations = [OrganizationFactory(slug=f"org-{n}") for n in range(5)]

    files = sitemap_files(client)

    assert files == [
        "/sitemap-pages.xml",
        "/sitemap-organizations.xml",
        "/sitemap-organizations.xml?p=2",
        "/sitemap-organizations.xml?p=3",
        "/sitemap-agreements.xml",
        "/sitemap-events.xml",
        "/sitemap-series.xml",
        "/sitemap-corridors.xml",
        "/sitemap-between.xml",
    ]
    pages = [
        [element.findtext(f"{SITEMAP}loc") for element in read_sitemap(client, address)]
        for address in files[1:4]
    ]
    assert pages == [
        [
            absolute("organizations:detail", lang, slug=organization.slug)
            for organization in organizations[first : first + 2]
            for lang in LANGUAGES
        ]
        for first in (0, 2, 4)
    ]
    assert client.get("/sitemap-organizations.xml?p=4").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_sitemap_files_hold_at_most_50000_urls():
    for sitemap in sitemaps.SITEMAPS.values():
        assert sitemap.limit <= 50_000


def test_sitemap_index_takes_9_queries(client, db, django_assert_num_queries):
    OrganizationFactory.create_batch(3)

    # A count and the latest update for organizations, agreements and events; a count
    # for series and for the pairs of organizations; the corridors' index (then cached);
    # the static pages need none.
    with django_assert_num_queries(9):
        files = sitemap_files(client)

    assert len(files) == 7


@pytest.mark.parametrize("items", [1, 6])
@pytest.mark.parametrize(
    ("section", "factory", "columns"),
    [
        ("organizations", OrganizationFactory, ["id", "slug", "updated_at"]),
        ("agreements", AgreementFactory, ["id", "slug", "updated_at"]),
        ("events", EventFactory, ["id", "slug", "updated_at"]),
        ("series", SeriesFactory, ["id", "slug"]),
    ],
)
def test_each_sitemap_file_takes_2_queries_whatever_it_lists(
    client, db, django_assert_num_queries, section, factory, columns, items
):
    factory.create_batch(items)

    # A count (for the page number) and the page's records, their slug and update only.
    with django_assert_num_queries(2) as queries:
        urlset = read_sitemap(client, f"/sitemap-{section}.xml")

    assert len(urlset.findall(f"{SITEMAP}url")) == items * 2
    selected = queries.captured_queries[1]["sql"].split(" FROM ")[0]
    assert re.findall(r'\."(\w+)"', selected) == columns


def test_static_pages_sitemap_takes_no_query(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        urlset = read_sitemap(client, "/sitemap-pages.xml")

    assert len(urlset.findall(f"{SITEMAP}url")) == 24


# robots.txt ----------------------------------------------------------------------


def test_robots_txt_keeps_crawlers_out_of_admin_api_accounts_search_and_request_forms(client, db):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == "\n".join(
        [
            "User-agent: *",
            "Disallow: /admin/",
            "Disallow: /api/",
            *[
                f"Disallow: {path}"
                for lang in ("en", "fr")
                for path in (
                    url("accounts:profile", lang),
                    url("search", lang),
                    url("members:request_account", lang),
                    # The start of every correction form's address.
                    url("members:suggest_correction", lang, kind="k", slug="s").removesuffix(
                        "k/s/"
                    ),
                )
            ],
            "",
            f"Sitemap: {HOST}/sitemap.xml",
            "",
        ]
    )


def test_robots_txt_names_the_sitemap_on_the_requests_host_and_scheme(client, db, settings):
    settings.ALLOWED_HOSTS = ["passerelle.example.org"]

    response = client.get("/robots.txt", headers={"host": "passerelle.example.org"}, secure=True)

    assert response.content.decode().splitlines()[-1] == (
        "Sitemap: https://passerelle.example.org/sitemap.xml"
    )
