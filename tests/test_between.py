"""The page between two organizations (partners.between): one timeline, newest first,
of their agreements and renewals, shared events, commitments and relationships."""

import datetime
import re

import pytest
from django.utils import timezone, translation
from django.utils.text import capfirst

from agreements.models import AgreementKind, AgreementStatus, CommitmentStatus, PartyRole
from events.models import EventKind, EventRole
from organizations.models import OrganizationKind, RelationshipKind, Visibility
from partners import between
from portal.dates import DatePrecision
from portal.publishing import Publication
from tests.factories import (
    AgreementFactory,
    CommitmentFactory,
    ContactFactory,
    EventFactory,
    EventOrganizationFactory,
    OrganizationFactory,
    PartyFactory,
    RelationshipFactory,
)
from tests.test_pages_helpers import LANGUAGES, get_page, label, ui, url

DAY, MONTH, YEAR = DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR


def shared_agreement(first, second, *, second_role=PartyRole.SIGNATORY, **kwargs):
    agreement = AgreementFactory(**kwargs)
    PartyFactory(agreement=agreement, organization=first)
    PartyFactory(agreement=agreement, organization=second, role=second_role)
    return agreement


def shared_event(first, second, **kwargs):
    event = EventFactory(**kwargs)
    EventOrganizationFactory(event=event, organization=first, role=EventRole.ORGANIZER)
    EventOrganizationFactory(event=event, organization=second, role=EventRole.PARTICIPANT)
    return event


@pytest.fixture
def alpha(db):
    return OrganizationFactory(
        name="Alpha Association",
        name_fr="Association Alpha",
        slug="alpha",
        same_in_both_languages=False,
    )


@pytest.fixture
def beta(db):
    return OrganizationFactory(name="Beta Cluster", slug="beta", kind=OrganizationKind.CLUSTER)


@pytest.fixture
def history(alpha, beta):
    """Alpha and Beta's history, every kind of entry at the precision its sources give,
    among records they do not share and drafts."""
    founding = shared_agreement(
        alpha,
        beta,
        title="Founding memorandum",
        slug="founding",
        signed_on=datetime.date(2016, 3, 1),
        signed_on_precision=MONTH,
        effective_until=datetime.date(2019, 12, 31),
    )
    renewal = shared_agreement(
        alpha,
        beta,
        second_role=PartyRole.SUPPORTER,
        title="Founding memorandum — renewal",
        slug="founding-renewal",
        kind=AgreementKind.RENEWAL,
        renews=founding,
        signed_on=datetime.date(2020, 1, 15),
    )
    shared_agreement(
        alpha,
        beta,
        title="Letter of intent",
        slug="letter",
        kind=AgreementKind.LETTER_OF_INTENT,
        signed_on=datetime.date(2012, 1, 1),
        signed_on_precision=YEAR,
        effective_until=datetime.date(2013, 6, 30),
    )
    CommitmentFactory(
        agreement=renewal,
        description="Hold two joint workshops",
        due_on=datetime.date(2021, 1, 1),
        due_on_precision=YEAR,
        status=CommitmentStatus.IN_PROGRESS,
        progress_note="One workshop held in Lyon",
    )
    CommitmentFactory(agreement=renewal, description="Exchange market studies", due_on=None)
    shared_event(
        alpha,
        beta,
        name="Joint summit",
        slug="joint-summit",
        start_date=datetime.date(2018, 11, 1),
        date_precision=MONTH,
        city="Lyon",
        country="FR",
    )
    RelationshipFactory(
        subject=beta,
        kind=RelationshipKind.MEMBER_OF,
        object=alpha,
        since=datetime.date(2015, 5, 15),
        note="A founding member",
    )
    # Not theirs: another partner's agreement and event, a relationship with another.
    gamma = OrganizationFactory(name="Gamma Labs", slug="gamma")
    shared_agreement(alpha, gamma, title="Alpha–Gamma agreement")
    shared_event(alpha, gamma, name="Alpha–Gamma meeting")
    RelationshipFactory(subject=gamma, object=beta)
    # Drafts: shown to nobody here.
    draft = shared_agreement(
        alpha,
        beta,
        title="Draft cooperation",
        slug="draft-cooperation",
        publication=Publication.DRAFT,
    )
    CommitmentFactory(agreement=draft, description="A draft's commitment")
    shared_event(alpha, beta, name="Draft workshop", publication=Publication.DRAFT)
    return {"founding": founding, "renewal": renewal, "gamma": gamma}


def entries(page):
    """Each entry of the timeline as a visitor reads it: its line of kind and date,
    then its title."""
    return [
        (entry.select_one(".timeline-when").text, entry.select_one(".timeline-title").text)
        for entry in page.select(".timeline-entry")
    ]


# The timeline ------------------------------------------------------------------------


def test_every_kind_of_entry_is_shown_newest_first_under_its_year(client, history):
    page = get_page(client, url("partners:between", slug="alpha", other="beta"))

    assert page.status == 200
    assert page.h1 == "Alpha Association and Beta Cluster"
    assert page.texts(".timeline-year") == [
        "2021", "2020", "2018", "2016", "2015", "2013", "2012", "Date not known",
    ]  # fmt: skip
    assert entries(page) == [
        ("Commitment · due 2021", "Hold two joint workshops"),
        ("Renewal · 15 January 2020", "Founding memorandum — renewal in force"),
        ("Event · November 2018", "Joint summit"),
        ("Agreement · March 2016", "Founding memorandum renewed"),
        ("Relationship · since 15 May 2015", "Beta Cluster is a member of Alpha Association"),
        ("Agreement ended · 30 June 2013", "Letter of intent is no longer in force."),
        ("Agreement · 2012", "Letter of intent ended"),
        ("Commitment", "Exchange market studies"),
    ]


def test_each_entry_links_to_its_record(client, history):
    page = get_page(client, url("partners:between", slug="alpha", other="beta"))

    assert [entry.select("a")[0].attrs["href"] for entry in page.select(".timeline-entry")] == [
        "/en/agreements/founding-renewal/#commitments-heading",
        "/en/agreements/founding-renewal/",
        "/en/events/joint-summit/",
        "/en/agreements/founding/",
        "/en/organizations/beta/#relationships-heading",
        "/en/agreements/letter/",
        "/en/agreements/letter/",
        "/en/agreements/founding-renewal/#commitments-heading",
    ]


def test_a_renewal_names_the_agreement_it_renews_and_the_roles_of_both(client, history):
    page = get_page(client, url("partners:between", slug="alpha", other="beta"))

    renewal = page.select(".timeline-renewal")[0]
    assert [p.text for p in renewal.select("p")][2:] == [
        "Renews Founding memorandum",
        "Renewal or extension · Alpha Association: signatory · Beta Cluster: supporter",
    ]
    assert renewal.select("p")[2].select_one("a").attrs["href"] == "/en/agreements/founding/"


def test_commitments_show_their_progress_and_whether_they_are_overdue(client, history):
    page = get_page(client, url("partners:between", slug="alpha", other="beta"))

    commitment = page.select(".timeline-commitment")[0]
    assert [p.text for p in commitment.select("p")] == [
        "Commitment · due 2021",
        "Hold two joint workshops",
        "In progress overdue One workshop held in Lyon",
        "Under Founding memorandum — renewal",
    ]


def test_events_say_where_and_what_each_organization_did(client, history):
    page = get_page(client, url("partners:between", slug="alpha", other="beta"))

    event = page.select_one(".timeline-event")
    assert event.select("p")[-1].text == (
        "Conference · Lyon, France · Alpha Association: organizer · Beta Cluster: participant"
    )


def test_the_summary_counts_what_they_share(client, history):
    page = get_page(client, url("partners:between", slug="alpha", other="beta"))

    assert page.facts() == {
        "Organizations": "Alpha Association · Beta Cluster",
        "First contact": "2012",
        "Agreements": "3 (1 in force)",
        "Events together": "1",
        "Commitments": "2",
        "Relationships": "1",
    }


def test_drafts_and_records_they_do_not_share_are_left_out(client, history):
    page = get_page(client, url("partners:between", slug="alpha", other="beta"))

    text = page.main_text
    for hidden in (
        "Draft cooperation",
        "A draft's commitment",
        "Draft workshop",
        "Alpha–Gamma agreement",
        "Alpha–Gamma meeting",
        "Gamma Labs",
    ):
        assert hidden not in text


def test_relationships_read_in_both_directions(client, alpha, beta):
    RelationshipFactory(
        subject=alpha,
        kind=RelationshipKind.FUNDED_BY,
        object=beta,
        since=datetime.date(2019, 1, 1),
        since_precision=YEAR,
        until=datetime.date(2022, 1, 1),
        until_precision=YEAR,
    )
    RelationshipFactory(subject=beta, kind=RelationshipKind.PARTNER_OF, object=alpha)

    page = get_page(client, url("partners:between", slug="alpha", other="beta"))

    assert entries(page) == [
        ("Relationship · since 2019", "Alpha Association is funded by Beta Cluster (until 2022)"),
        ("Relationship", "Beta Cluster is a partner of Alpha Association"),
    ]


def test_no_contact_or_signer_is_shown(client, alpha, beta):
    signer = ContactFactory(organization=alpha, name="Visible Signer", visibility=Visibility.PUBLIC)
    ContactFactory(organization=beta, name="Hidden Person", visibility=Visibility.STAFF)
    agreement = AgreementFactory(title="Signed agreement")
    PartyFactory(agreement=agreement, organization=alpha, signed_by=signer)
    PartyFactory(agreement=agreement, organization=beta)

    page = get_page(client, url("partners:between", slug="alpha", other="beta"))

    assert entries(page) == [("Agreement · 4 May 2020", "Signed agreement in force")]
    assert "Visible Signer" not in page.html
    assert "Hidden Person" not in page.html


def test_two_organizations_with_nothing_together_get_a_page_that_says_so(client, alpha, beta):
    page = get_page(client, url("partners:between", slug="alpha", other="beta"))

    assert page.status == 200
    assert page.select(".timeline-entry") == []
    assert page.texts("#timeline-heading ~ p")[0] == (
        "Passerelle records no agreement, shared event, commitment or relationship between "
        "Alpha Association and Beta Cluster."
    )
    assert page.links("#timeline-heading ~ p a") == [
        "/en/organizations/alpha/#partners-heading",
        "/en/organizations/beta/#partners-heading",
    ]
    # Nothing to index: search engines are asked to pass.
    assert page.select_one("meta[name=robots]").attrs["content"] == "noindex"


def test_a_page_with_a_history_may_be_indexed(client, history):
    page = get_page(client, url("partners:between", slug="alpha", other="beta"))

    assert page.select("meta[name=robots]") == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_page_reads_in_each_language(client, history, lang):
    page = get_page(client, url("partners:between", lang, slug="alpha", other="beta"))

    assert page.lang == lang
    first = {"en": "Alpha Association", "fr": "Association Alpha"}[lang]
    assert page.h1 == ui(lang, "%(first)s and %(second)s", first=first, second="Beta Cluster")
    months = {"en": ("March 2016", "November 2018"), "fr": ("mars 2016", "novembre 2018")}[lang]
    whens = [when for when, _title in entries(page)]
    assert whens[2] == f"{ui(lang, 'Event')} · {months[1]}"
    assert whens[3] == f"{ui(lang, 'Agreement')} · {months[0]}"
    assert page.text_of(".timeline-event .muted") == " · ".join(
        [
            capfirst(label(lang, EventKind.CONFERENCE.label)),
            "Lyon, France",
            f"{first}: {label(lang, EventRole.ORGANIZER.label)}",
            f"Beta Cluster: {label(lang, EventRole.PARTICIPANT.label)}",
        ]
    )
    with translation.override(lang):
        in_force = translation.ngettext("%(count)s in force", "%(count)s in force", 1)
    assert page.facts()[ui(lang, "Agreements")] == f"3 ({in_force % {'count': 1}})"


def test_the_french_address_is_under_the_french_organizations_prefix(client, history):
    path = url("partners:between", "fr", slug="alpha", other="beta")

    assert path.startswith("/fr/organisations/alpha/")
    assert get_page(client, path).status == 200


# Addresses ---------------------------------------------------------------------------


def test_the_other_order_is_redirected_to_the_one_address_of_the_pair(client, history):
    response = client.get(url("partners:between", slug="beta", other="alpha"))

    assert response.status_code == 301
    assert response["Location"] == url("partners:between", slug="alpha", other="beta")


def test_an_organization_with_itself_is_its_own_page(client, alpha):
    response = client.get(url("partners:between", slug="alpha", other="alpha"))

    assert response.status_code == 302
    assert response["Location"] == url("organizations:detail", slug="alpha")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_unknown_organization_is_a_404_that_names_it(client, alpha, lang):
    page = get_page(client, url("partners:between", lang, slug="alpha", other="zz-nobody"))

    assert page.status == 404
    assert page.texts("main li") == [
        ui(lang, "No published organization has the address “%(slug)s”.", slug="zz-nobody")
    ]


def test_two_unknown_organizations_are_both_named(client, db):
    page = get_page(client, url("partners:between", slug="nobody-a", other="nobody-b"))

    assert page.status == 404
    assert page.texts("main li") == [
        "No published organization has the address “nobody-a”.",
        "No published organization has the address “nobody-b”.",
    ]


def test_a_draft_organization_reads_as_unknown_to_everyone(client, administrator, alpha):
    draft = OrganizationFactory(name="Secret Draft", slug="secret", publication=Publication.DRAFT)
    shared_agreement(alpha, draft, title="Agreement with a draft")
    client.force_login(administrator)

    page = get_page(client, url("partners:between", slug="alpha", other="secret"))

    assert page.status == 404
    assert page.texts("main li") == ["No published organization has the address “secret”."]
    assert "Secret Draft" not in page.html
    assert "Agreement with a draft" not in page.html


@pytest.mark.parametrize(
    "path",
    [
        "/en/organizations/alpha/with/beta%00/",
        "/en/organizations/alpha/with/b%C3%A9ta/",
        "/en/organizations/alpha/with/",
        "/en/organizations/alpha/with/beta/extra/",
        "/fr/organisations/alpha/with/" + "x" * 5000 + "/",
    ],
)
def test_a_malformed_address_is_a_404(client, alpha, beta, path):
    assert client.get(path).status_code == 404


def test_the_page_reads_no_query_string(client, history):
    page = get_page(
        client,
        url("partners:between", slug="alpha", other="beta", query={"q": "<x-fuzz>", "page": "-1"}),
    )

    assert page.status == 200
    assert "<x-fuzz>" not in page.html
    assert len(page.select(".timeline-entry")) == 8


# Reached from an organization's page ---------------------------------------------------


@pytest.mark.parametrize("slug", ["alpha", "beta"])
def test_each_partner_on_an_organization_page_links_to_their_history(client, history, slug):
    page = get_page(client, url("organizations:detail", slug=slug))

    links = {
        a.text: a.attrs["href"]
        for a in page.select("section[aria-labelledby=partners-heading] a.history-link")
    }
    between_alpha_and_beta = url("partners:between", slug="alpha", other="beta")
    if slug == "alpha":
        assert links == {
            "History with Beta Cluster": between_alpha_and_beta,
            "History with Gamma Labs": url("partners:between", slug="alpha", other="gamma"),
        }
    else:
        assert links == {"History with Alpha Association": between_alpha_and_beta}
    assert get_page(client, between_alpha_and_beta).h1 == "Alpha Association and Beta Cluster"


# Bounded whatever they share ---------------------------------------------------------


@pytest.fixture
def two_shown(monkeypatch):
    """The lists keep two records each; their SQL is compiled again with that cap."""
    reads = [between.AGREEMENT_ROWS, between.EVENT_ROWS, between.COMMITMENT_ROWS]
    monkeypatch.setattr(between, "SHOWN", 2)
    for read in reads:
        read.statements.clear()
    yield
    for read in reads:
        read.statements.clear()


def test_long_lists_keep_the_most_recent_records_and_say_so(client, alpha, beta, two_shown):
    for year in (2001, 2002, 2003):
        agreement = shared_agreement(
            alpha, beta, title=f"Agreement {year}", signed_on=datetime.date(year, 6, 1)
        )
        CommitmentFactory(
            agreement=agreement, description=f"Commitment {year}", due_on=datetime.date(year, 9, 1)
        )
        shared_event(alpha, beta, name=f"Event {year}", start_date=datetime.date(year, 3, 1))

    page = get_page(client, url("partners:between", slug="alpha", other="beta"))

    assert [title for _when, title in entries(page)] == [
        "Commitment 2003",
        "Agreement 2003 in force",
        "Event 2003",
        "Commitment 2002",
        "Agreement 2002 in force",
        "Event 2002",
    ]
    assert page.texts("p.notice") == [
        "They share 3 agreements: the timeline shows the 2 most recently signed.",
        "They took part in 3 events together: the timeline shows the 2 most recent.",
        "Their agreements hold 3 commitments: the timeline shows the 2 due last.",
    ]
    assert page.facts()["Agreements"] == "3 (3 in force)"


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("items", [1, 6])
def test_the_page_takes_6_queries_whatever_they_share(
    client, alpha, beta, django_assert_num_queries, items, lang
):
    kinds = list(RelationshipKind)
    for number in range(items):
        agreement = shared_agreement(
            alpha,
            beta,
            title=f"Agreement {number:02}",
            signed_on=datetime.date(2010 + number, 1, 1),
        )
        renewal = shared_agreement(alpha, beta, title=f"Renewal {number:02}", renews=agreement)
        CommitmentFactory(agreement=renewal, due_on=datetime.date(2030, 1, 1))
        shared_event(alpha, beta, name=f"Event {number:02}")
        RelationshipFactory(subject=alpha, object=beta, kind=kinds[number])

    with django_assert_num_queries(6):
        page = get_page(client, url("partners:between", lang, slug="alpha", other="beta"))

    kinds_shown = [entry.attrs["class"].split()[1] for entry in page.select(".timeline-entry")]
    assert sorted(kinds_shown) == sorted(
        ["timeline-agreement", "timeline-renewal", "timeline-commitment", "timeline-event"] * items
        + ["timeline-relationship"] * items
    )


# The sitemap -------------------------------------------------------------------------


def test_the_sitemap_lists_each_pair_sharing_a_published_agreement_once(
    client, history, alpha, django_assert_num_queries
):
    draft_partner = OrganizationFactory(slug="draft-partner", publication=Publication.DRAFT)
    shared_agreement(alpha, draft_partner)
    only_in_a_draft = OrganizationFactory(slug="delta")
    shared_agreement(alpha, only_in_a_draft, publication=Publication.DRAFT)
    only_at_events = OrganizationFactory(slug="epsilon")
    shared_event(alpha, only_at_events)

    # A count of the pairs (then cached until the data changes) and the file's slice.
    with django_assert_num_queries(2):
        response = client.get("/sitemap-between.xml")
    page = response.content.decode()

    locations = re.findall(r"<loc>http://testserver([^<]*)</loc>", page)
    assert locations == [
        url("partners:between", lang, slug=slug, other=other)
        for slug, other in (("alpha", "beta"), ("alpha", "gamma"))
        for lang in LANGUAGES
    ]
    assert "sitemap-between.xml" in client.get("/sitemap.xml").content.decode()


def test_today_decides_what_is_in_force(client, alpha, beta):
    today = timezone.localdate()
    shared_agreement(
        alpha,
        beta,
        title="Ending yesterday",
        effective_until=today - datetime.timedelta(days=1),
        signed_on=today - datetime.timedelta(days=800),
    )
    shared_agreement(
        alpha,
        beta,
        title="Not over",
        status=AgreementStatus.SIGNED,
        signed_on=today - datetime.timedelta(days=400),
    )

    page = get_page(client, url("partners:between", slug="alpha", other="beta"))

    assert page.facts()["Agreements"] == "2 (1 in force)"
    assert [title for _when, title in entries(page)][:2] == [
        "Ending yesterday is no longer in force.",
        "Not over in force",
    ]


def test_a_new_pair_reaches_the_sitemap_at_once(client, alpha, beta):
    assert b"<url>" not in client.get("/sitemap-between.xml").content

    shared_agreement(alpha, beta)

    locations = re.findall(
        r"<loc>http://testserver([^<]*)</loc>", client.get("/sitemap-between.xml").content.decode()
    )
    assert locations == [
        url("partners:between", lang, slug="alpha", other="beta") for lang in LANGUAGES
    ]
