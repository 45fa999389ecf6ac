"""CSV exports of the lists: the page's rows for the same filters, all of them, streamed.

Files are read back with the csv module, the way a spreadsheet or a script reads them.
"""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.text import capfirst

from agreements.models import (
    AgreementKind,
    AgreementState,
    AgreementStatus,
    BenefitCategory,
    PartyRole,
)
from events.models import EventKind, EventRole
from organizations.models import CountQualifier, Organization, OrganizationKind, Visibility
from portal import csv_export
from portal.dates import DatePrecision
from search import indexing
from tests.factories import (
    AgreementFactory,
    BenefitFactory,
    ContactFactory,
    EventFactory,
    EventOrganizationFactory,
    MemberFactory,
    OrganizationFactory,
    PartyFactory,
    SectorFactory,
    SeriesFactory,
)
from tests.test_pages_helpers import LANGUAGES, get_page, label, ui, url

BOM = b"\xef\xbb\xbf"


def in_days(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def read_csv(response):
    """The header and the rows of a streamed CSV response."""
    assert response.status_code == 200
    assert response.streaming
    content = b"".join(response.streaming_content)
    assert content.startswith(BOM)
    header, *rows = csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""))
    return header, rows


def column(response, title):
    header, rows = read_csv(response)
    index = header.index(title)
    return [row[index] for row in rows]


def first_column(response):
    _header, rows = read_csv(response)
    return [row[0] for row in rows]


# The rows of the page -------------------------------------------------------------


@pytest.fixture
def directory(db):
    oncology = SectorFactory(name="Oncology", slug="oncology")
    hub = OrganizationFactory(name="Hub", slug="hub")
    rows = [
        ("Alpha", OrganizationKind.ASSOCIATION, "CA", "Québec", True, True),
        ("Bravo Labs", OrganizationKind.COMPANY, "CA", "Ontario", True, False),
        (
            "Charlie University",
            OrganizationKind.UNIVERSITY,
            "FR",
            "Auvergne-Rhône-Alpes",
            False,
            True,
        ),
        ("Delta Health", OrganizationKind.HOSPITAL, "US", "Massachusetts", True, True),
        ("Echo Cluster", OrganizationKind.CLUSTER, "FR", "Auvergne-Rhône-Alpes", False, False),
    ]
    for name, kind, country, region, partner, in_oncology in rows:
        organization = OrganizationFactory(name=name, kind=kind, country=country, region=region)
        if partner:
            agreement = AgreementFactory()
            PartyFactory(agreement=agreement, organization=hub)
            PartyFactory(agreement=agreement, organization=organization)
        if in_oncology:
            organization.sectors.add(oncology)
    indexing.rebuild()


ORGANIZATION_FILTERS = [
    {},
    {"country": "FR"},
    {"kind": "company"},
    {"region": "auvergne-rhône-alpes"},
    {"sector": "oncology"},
    {"partner": "hub"},
    {"partner": "Hub", "sector": "oncology", "country": "CA"},
    {"q": "labs"},
]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("query", ORGANIZATION_FILTERS)
def test_the_organizations_file_has_the_rows_the_directory_lists_for_the_same_filters(
    client, directory, query, lang
):
    page = get_page(client, url("organizations:list", lang, query))
    response = client.get(url("organizations:export", lang, query))

    assert page.card_titles(), "a filter that lists nothing proves nothing"
    assert first_column(response) == page.card_titles()


@pytest.fixture
def registry(db):
    hub = OrganizationFactory(name="Hub", slug="hub", region="Québec")
    toronto = OrganizationFactory(name="Toronto", region="Ontario")
    boston = OrganizationFactory(name="Boston", region="Massachusetts", country="US")
    theme = SectorFactory(slug="oncology")
    # In force (open-ended), ended (a term of two years), in force, ended (an end date).
    rows = [
        ("Corridor MOU", [hub, toronto], AgreementKind.MOU, {}, 2012, True),
        (
            "Boston agreement",
            [hub, boston],
            AgreementKind.COOPERATION,
            {"term_months": 24},
            2017,
            False,
        ),
        ("Renewal", [hub, toronto], AgreementKind.RENEWAL, {}, 2025, True),
        (
            "Older",
            [toronto, boston],
            AgreementKind.MOU,
            {"effective_until": datetime.date(2013, 2, 28)},
            2008,
            False,
        ),
    ]
    for title, parties, kind, dates, year, with_benefit in rows:
        agreement = AgreementFactory(
            title=title,
            kind=kind,
            status=AgreementStatus.SIGNED,
            signed_on=datetime.date(year, 3, 1),
            **dates,
        )
        for organization in parties:
            PartyFactory(agreement=agreement, organization=organization)
        if with_benefit:
            BenefitFactory(agreement=agreement).granted_to.set(parties[:1])
            agreement.themes.add(theme)
    indexing.rebuild()


AGREEMENT_FILTERS = [
    {},
    {"party": "hub"},
    {"corridor": "quebec-ontario"},
    {"country": "US"},
    {"kind": "mou"},
    {"status": "in_force"},
    {"status": "ended"},
    # A link from before the state followed the dates: "expired" reads as ended.
    {"status": "expired"},
    {"signed_from": "2010", "signed_to": "2020"},
    {"theme": "oncology"},
    {"has_benefits": "false"},
    {"q": "corridor"},
]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("query", AGREEMENT_FILTERS)
def test_the_agreements_file_has_the_rows_the_registry_lists_for_the_same_filters(
    client, registry, query, lang
):
    page = get_page(client, url("agreements:list", lang, query))
    response = client.get(url("agreements:export", lang, query))

    assert page.card_titles()
    assert first_column(response) == page.card_titles()


@pytest.fixture
def calendar(db):
    bio = SeriesFactory(slug="bio")
    hub = OrganizationFactory(name="Hub", slug="hub")
    rows = [
        ("Past BIO", bio, EventKind.CONVENTION, "US", -400, DatePrecision.DAY),
        ("Past workshop", None, EventKind.WORKSHOP, "FR", -30, DatePrecision.DAY),
        ("Next BIO", bio, EventKind.CONVENTION, "US", 20, DatePrecision.DAY),
        ("Lyon workshop", None, EventKind.WORKSHOP, "FR", 45, DatePrecision.DAY),
        ("Some month", None, EventKind.TRADE_MISSION, "CA", 120, DatePrecision.MONTH),
    ]
    for name, series, kind, country, days, precision in rows:
        start = in_days(days).replace(day=1) if precision == DatePrecision.MONTH else in_days(days)
        event = EventFactory(
            name=name,
            series=series,
            kind=kind,
            country=country,
            start_date=start,
            date_precision=precision,
        )
        if series:
            EventOrganizationFactory(event=event, organization=hub)
    indexing.rebuild()


EVENT_FILTERS = [
    {},
    {"when": "past"},
    {"when": "all"},
    {"series": "bio", "when": "all"},
    {"kind": "workshop"},
    {"country": "FR", "when": "all"},
    {"organizer": "hub"},
    {"start_from": in_days(-100).isoformat(), "start_to": in_days(30).isoformat()},
    {"q": "workshop", "when": "all"},
]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("query", EVENT_FILTERS)
def test_the_events_file_has_the_rows_the_events_list_shows_for_the_same_filters(
    client, calendar, query, lang
):
    page = get_page(client, url("events:list", lang, query))
    response = client.get(url("events:export", lang, query))

    assert page.card_titles()
    # Unlike calendars, the file has the events known only to the month.
    assert first_column(response) == page.card_titles()


def test_every_matching_organization_is_exported_where_the_directory_stops_at_its_cap(client, db):
    Organization.objects.bulk_create(
        Organization(
            name=f"Organization {number:04}", slug=f"o-{number}", kind=OrganizationKind.COMPANY
        )
        for number in range(1005)
    )
    Organization.objects.bulk_create(
        Organization(name=f"Hospital {number}", slug=f"h-{number}", kind=OrganizationKind.HOSPITAL)
        for number in range(3)
    )

    page = get_page(client, url("organizations:list", query={"kind": "company", "page": 50}))
    names = first_column(client.get(url("organizations:export", query={"kind": "company"})))

    assert page.result_count() == "1,000+ results"
    assert len(page.card_titles()) == 20
    assert names == [f"Organization {number:04}" for number in range(1005)]


# Streaming -------------------------------------------------------------------------


def test_a_large_export_is_read_and_written_a_chunk_at_a_time(client, db, monkeypatch):
    monkeypatch.setattr(csv_export, "CHUNK_SIZE", 100)
    monkeypatch.setattr(csv_export, "ROWS_PER_PIECE", 50)
    Organization.objects.bulk_create(
        Organization(
            name=f"Organization {number:04}", slug=f"o-{number}", kind=OrganizationKind.COMPANY
        )
        for number in range(1050)
    )
    sectors_read = 0

    response = client.get(url("organizations:export"))

    assert response.streaming
    pieces = iter(response.streaming_content)
    with CaptureQueriesContext(connection) as queries:
        header = next(pieces)
        first_rows = next(pieces)
        sectors_read = sum("organizations_sector" in q["sql"] for q in queries.captured_queries)
        rest = list(pieces)

    # The first rows are sent once the first chunk is read, not after the whole table.
    assert sectors_read == 1
    assert sum("organizations_sector" in q["sql"] for q in queries.captured_queries) == 11
    assert first_rows.decode().count("\r\n") == 50
    assert len(rest) == 1050 // 50 - 1
    content = b"".join([header, first_rows, *rest]).decode("utf-8-sig")
    assert len(list(csv.reader(io.StringIO(content, newline="")))) == 1 + 1050


@pytest.mark.parametrize("name", ["organizations:export", "agreements:export", "events:export"])
def test_every_export_is_a_streamed_utf8_file_with_a_byte_order_mark(client, db, name):
    response = client.get(url(name))

    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    kind = name.split(":")[0]
    assert response["Content-Disposition"] == (
        f'attachment; filename="passerelle-{kind}-{timezone.localdate().isoformat()}.csv"'
    )
    assert b"".join(response.streaming_content).startswith(BOM)


# What the cells hold ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ('=HYPERLINK("http://evil.example")', '\'=HYPERLINK("http://evil.example")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\tTabbed", "'\tTabbed"),
        ("Plain - with = signs", "Plain - with = signs"),
    ],
)
def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_made_inert(client, db, typed, written):
    OrganizationFactory(name=typed, description=typed, city=typed)

    header, [row] = read_csv(client.get(url("organizations:export")))

    cells = dict(zip(header, row, strict=True))
    assert (cells["Name"], cells["Description"], cells["City"]) == (written, written, written)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_organizations_are_written_in_the_language_of_the_address(client, db, lang):
    sector = SectorFactory(name_en="Oncology", name_fr="Oncologie")
    organization = OrganizationFactory(
        name_en="Quebec Oncology Hub",
        name_fr="Pôle d’oncologie du Québec",
        acronym="QOH",
        kind=OrganizationKind.UNIVERSITY,
        country="FR",
        city="Lyon",
        region="Auvergne-Rhône-Alpes",
        website="https://hub.example.org",
        founded_year=2011,
        member_count=120,
        member_count_qualifier=CountQualifier.MORE_THAN,
        member_count_as_of=datetime.date(2024, 3, 1),
        member_count_as_of_precision=DatePrecision.MONTH,
        description_en="A hub.",
        description_fr="Un pôle.",
    )
    organization.sectors.add(sector)

    header, [row] = read_csv(client.get(url("organizations:export", lang)))

    assert header == [
        capfirst(ui(lang, text))
        for text in [
            "name",
            "acronym",
            "kind",
            "sectors",
            "city",
            "region",
            "country",
            "website",
            "founded in",
            "number of members",
            "member count is",
            "member count as of",
            "description",
            "Page on Passerelle",
        ]
    ]
    french = lang == "fr"
    assert row == [
        "Pôle d’oncologie du Québec" if french else "Quebec Oncology Hub",
        "QOH",
        capfirst(label(lang, OrganizationKind.UNIVERSITY.label)),
        "Oncologie" if french else "Oncology",
        "Lyon",
        "Auvergne-Rhône-Alpes",
        "France",
        "https://hub.example.org",
        "2011",
        "120",
        ui(lang, "more than"),
        "2024-03",
        "Un pôle." if french else "A hub.",
        "http://testserver" + url("organizations:detail", lang, slug=organization.slug),
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_agreements_are_written_with_their_parties_and_dates_at_their_precision(client, db, lang):
    agreement = AgreementFactory(
        title_en="Corridor MOU",
        title_fr="Protocole du corridor",
        status=AgreementStatus.SIGNED,
        signed_on=datetime.date(2025, 3, 1),
        signed_on_precision=DatePrecision.MONTH,
        # In force for sixty months from March 2025: until the end of March 2030.
        term_months=60,
        signing_event=EventFactory(name_en="Summit", name_fr="Sommet"),
    )
    PartyFactory(agreement=agreement, organization__name="Alpha", role=PartyRole.SIGNATORY)
    PartyFactory(agreement=agreement, organization__name="Beta", role=PartyRole.SUPPORTER)
    agreement.themes.add(SectorFactory(name_en="Genomics", name_fr="Génomique"))

    header, [row] = read_csv(client.get(url("agreements:export", lang)))

    cells = dict(zip(header, row, strict=True))
    assert (
        cells[capfirst(ui(lang, "title"))]
        == {"en": "Corridor MOU", "fr": "Protocole du corridor"}[lang]
    )
    assert cells[capfirst(ui(lang, "status"))] == capfirst(
        label(lang, AgreementState.IN_FORCE.label)
    )
    assert cells[capfirst(ui(lang, "signed on"))] == "2025-03"
    assert cells[capfirst(ui(lang, "in force until"))] == "2030-03"
    assert cells[capfirst(ui(lang, "signing event"))] == {"en": "Summit", "fr": "Sommet"}[lang]
    assert cells[capfirst(ui(lang, "parties"))] == (
        f"Alpha ({ui(lang, 'signatory')}); Beta ({ui(lang, 'supporter')})"
    )
    assert cells[capfirst(ui(lang, "themes"))] == {"en": "Genomics", "fr": "Génomique"}[lang]


def test_the_organizations_file_holds_no_contact_whatever_its_visibility(client, db):
    organization = OrganizationFactory(name="Alpha")
    for visibility in Visibility:
        ContactFactory(
            organization=organization,
            name=f"Person{visibility}",
            email=f"{visibility}@example.org",
            phone=f"+1 555 {visibility}",
            visibility=visibility,
        )

    content = b"".join(client.get(url("organizations:export")).streaming_content).decode()

    assert "Person" not in content
    assert "example.org" not in content
    assert "555" not in content


def test_the_agreements_file_names_no_signer(client, db):
    agreement = AgreementFactory()
    party = PartyFactory(agreement=agreement)
    party.signed_by = ContactFactory(organization=party.organization, name="Signing Person")
    party.signed_by_title = "Chief signer"
    party.save()

    content = b"".join(client.get(url("agreements:export")).streaming_content).decode()

    assert "Signing Person" not in content
    assert "Chief signer" not in content


def test_events_are_written_with_their_times_and_organizers(client, db):
    event = EventFactory(
        name="Workshop",
        start_date=in_days(10),
        start_time=datetime.time(9, 30),
        end_time=datetime.time(17, 0),
        time_zone="Europe/Paris",
    )
    EventOrganizationFactory(event=event, organization__name="Zulu", role=EventRole.ORGANIZER)
    EventOrganizationFactory(event=event, organization__name="Alpha", role=EventRole.ORGANIZER)
    EventOrganizationFactory(
        event=event, organization__name="Participant", role=EventRole.PARTICIPANT
    )

    header, [row] = read_csv(client.get(url("events:export")))

    cells = dict(zip(header, row, strict=True))
    assert cells["Starts on"] == in_days(10).isoformat()
    assert cells["Ends on"] == ""
    assert (cells["Start time"], cells["End time"]) == ("09:30", "17:00")
    assert cells["Time zone"] == "Europe/Paris"
    assert cells["Organizers"] == "Alpha; Zulu"


# Benefits --------------------------------------------------------------------------


@pytest.fixture
def benefits(db):
    """An association's current benefits, one of them with members-only claim details."""
    association = OrganizationFactory(name="Association", slug="association")
    agreement = AgreementFactory(title="Agreement")
    PartyFactory(agreement=agreement, organization=association)
    for category, description, how, visibility in [
        (BenefitCategory.NETWORKING, "Open networking", "Write to us", Visibility.PUBLIC),
        (BenefitCategory.EVENT_ACCESS, "Member rate", "Quote MEMBERCODE", Visibility.MEMBERS),
        (BenefitCategory.SOFT_LANDING, "Desk space", "", Visibility.MEMBERS),
    ]:
        BenefitFactory(
            agreement=agreement,
            category=category,
            description=description,
            how_to_claim_en=how,
            claim_visibility=visibility,
            valid_until=in_days(100),
        ).granted_to.add(association)
    BenefitFactory(
        agreement=agreement, description="Expired", valid_until=in_days(-1)
    ).granted_to.add(association)
    BenefitFactory(agreement=agreement, description="For others").granted_to.add(
        OrganizationFactory()
    )
    return association


def member_of(client, association):
    client.force_login(MemberFactory(association=association))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_benefits_file_has_the_benefits_the_page_lists_for_the_association(
    client, benefits, lang
):
    query = {"association": "association"}
    page = get_page(client, url("benefits:list", lang, query))

    header, rows = read_csv(client.get(url("benefits:export", lang, query)))

    assert (
        [row[1] for row in rows]
        == [li.select("p")[0].text for li in page.select("li.benefit")]
        == [
            "Member rate",
            "Open networking",
            "Desk space",
        ]
    )
    assert [row[0] for row in rows] == [
        capfirst(label(lang, category.label))
        for category in (
            BenefitCategory.EVENT_ACCESS,
            BenefitCategory.NETWORKING,
            BenefitCategory.SOFT_LANDING,
        )
    ]
    assert header[2] == ui(lang, "How to claim")


def test_the_benefits_file_shows_claim_details_only_to_whom_the_page_shows_them(client, benefits):
    query = {"association": "association"}

    anonymous = column(client.get(url("benefits:export", query=query)), "How to claim")
    member_of(client, benefits)
    member = column(client.get(url("benefits:export", query=query)), "How to claim")

    assert anonymous == ["", "Write to us", ""]
    assert member == ["Quote MEMBERCODE", "Write to us", ""]


def test_the_benefits_file_of_an_association_typed_by_name_is_the_same(client, benefits):
    by_slug = client.get(url("benefits:export", query={"association": "association"}))
    by_name = client.get(url("benefits:export", query={"association": "Association"}))

    assert read_csv(by_name) == read_csv(by_slug)


# Bad filters -----------------------------------------------------------------------

BAD_FILTERS = [
    ("organizations:export", {"country": "ZZ"}, "country"),
    ("organizations:export", {"sector": "nothing"}, "sector"),
    ("organizations:export", {"partner": "no such organization"}, "partner"),
    ("organizations:export", {"region": "x" * 500}, "region"),
    ("agreements:export", {"corridor": "nowhere"}, "corridor"),
    ("agreements:export", {"signed_from": "last year"}, "signed_from"),
    ("agreements:export", {"q": "null\x00byte"}, "q"),
    ("events:export", {"when": "someday"}, "when"),
    ("events:export", {"start_to": "2030-02-30"}, "start_to"),
    ("benefits:export", {}, "association"),
    ("benefits:export", {"association": "no such association"}, "association"),
]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("name", "query", "field"), BAD_FILTERS)
def test_an_export_with_filters_it_cannot_understand_answers_400_in_plain_text(
    client, db, name, query, field, lang
):
    from agreements.filters import AgreementFilter
    from agreements.forms import BenefitAssociationForm
    from events.filters import EventFilter
    from organizations.filters import OrganizationFilter

    form = {
        "organizations:export": lambda: OrganizationFilter().form,
        "agreements:export": lambda: AgreementFilter().form,
        "events:export": lambda: EventFilter().form,
        "benefits:export": BenefitAssociationForm,
    }[name]()

    response = client.get(url(name, lang, query))

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == ui(lang, "Some filters could not be understood:")
    assert len(lines) == 2
    assert lines[1].startswith(f"- {label(lang, form.fields[field].label)}")


# Links on the pages ----------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(
    ("page_name", "export_name", "query"),
    [
        ("organizations:list", "organizations:export", {"country": "FR", "kind": "company"}),
        ("agreements:list", "agreements:export", {"status": "in_force"}),
        ("events:list", "events:export", {"when": "all", "kind": "workshop"}),
    ],
)
def test_each_list_links_to_its_export_with_its_filters_but_not_its_page(
    client, db, lang, page_name, export_name, query
):
    filtered = get_page(client, url(page_name, lang, {**query, "page": 1}))
    plain = get_page(client, url(page_name, lang))

    [link] = filtered.select("a[type='text/csv']")
    assert link.text == ui(lang, "Download CSV")
    assert filtered.links("a[type='text/csv']") == [url(export_name, lang, query)]
    assert plain.links("a[type='text/csv']") == [url(export_name, lang)]


@pytest.mark.parametrize("name", ["organizations:list", "agreements:list", "events:list"])
def test_a_list_with_filters_it_cannot_understand_offers_no_export(client, db, name):
    page = get_page(client, url(name, query={"country": "ZZ"}))

    assert page.status == 400
    assert page.links("a[type='text/csv']") == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_benefits_page_links_to_the_file_of_the_association_shown(client, benefits, lang):
    member_of(client, benefits)

    # A member's own association is shown without being in the address.
    page = get_page(client, url("benefits:list", lang))

    [link] = page.select("a[type='text/csv']")
    assert link.text == ui(lang, "Download CSV")
    assert page.links("a[type='text/csv']") == [
        url("benefits:export", lang, {"association": "association"})
    ]


# Queries ---------------------------------------------------------------------------

SIZES = [1, 6]


@pytest.mark.parametrize("items", SIZES)
def test_the_organizations_file_takes_2_queries_whatever_the_number_of_organizations(
    client, db, django_assert_num_queries, items
):
    sectors = SectorFactory.create_batch(2)
    for number in range(items):
        OrganizationFactory(name=f"Organization {number:02}").sectors.set(sectors)

    # The organizations, then their sectors.
    with django_assert_num_queries(2):
        names = first_column(client.get(url("organizations:export")))

    assert names == [f"Organization {number:02}" for number in range(items)]


@pytest.mark.parametrize("items", SIZES)
def test_a_filtered_organizations_file_takes_3_queries_whatever_the_number_of_organizations(
    client, db, django_assert_num_queries, items
):
    hub = OrganizationFactory(name="Hub", slug="hub")
    for number in range(items):
        agreement = AgreementFactory()
        PartyFactory(agreement=agreement, organization=hub)
        PartyFactory(agreement=agreement, organization__name=f"Partner {number:02}")

    # The partner looked up, the organizations, their sectors.
    with django_assert_num_queries(3):
        names = first_column(client.get(url("organizations:export", query={"partner": "hub"})))

    assert names == [f"Partner {number:02}" for number in range(items)]


@pytest.mark.parametrize("items", SIZES)
def test_the_agreements_file_takes_3_queries_whatever_the_number_of_agreements(
    client, db, django_assert_num_queries, items
):
    for number in range(items):
        agreement = AgreementFactory(
            title=f"Agreement {number:02}", signed_on=datetime.date(2020, 1, 30 - number)
        )
        PartyFactory.create_batch(3, agreement=agreement)
        agreement.themes.set(SectorFactory.create_batch(2))

    # The agreements with their signing events, their parties with their
    # organizations, their themes.
    with django_assert_num_queries(3):
        titles = first_column(client.get(url("agreements:export")))

    assert titles == [f"Agreement {number:02}" for number in range(items)]


@pytest.mark.parametrize("items", SIZES)
def test_the_events_file_takes_2_queries_whatever_the_number_of_events(
    client, db, django_assert_num_queries, items
):
    series = SeriesFactory()
    for number in range(items):
        event = EventFactory(name=f"Event {number:02}", series=series, start_date=in_days(number))
        EventOrganizationFactory.create_batch(2, event=event)

    # The events with their series, then their organizers.
    with django_assert_num_queries(2):
        names = first_column(client.get(url("events:export")))

    assert names == [f"Event {number:02}" for number in range(items)]


@pytest.mark.parametrize("items", SIZES)
def test_the_benefits_file_takes_2_queries_whatever_the_number_of_benefits(
    client, db, django_assert_num_queries, items
):
    association = OrganizationFactory(slug="association")
    for number in range(items):
        BenefitFactory(
            description=f"Benefit {number}", agreement=AgreementFactory(title=f"A{number:02}")
        ).granted_to.add(association)

    # The association looked up, then its benefits with their agreements.
    with django_assert_num_queries(2):
        descriptions = column(
            client.get(url("benefits:export", query={"association": "association"})),
            "Description",
        )

    assert descriptions == [f"Benefit {number}" for number in range(items)]
