"""Contacts and claim details reach only the people their visibility allows, and drafts
nobody, on every public URL.

Sentinel strings are planted in every field of public, members-only and
staff-only contacts (name, title in both languages, email, phone), in the
signers of an agreement and in the claim details of its benefits. Each
audience — an anonymous visitor, signed-in people who are members of nothing,
former members, members of each association, the staff of each association
and an administrator — then walks every named public URL in both languages.
The URLs come from the URL resolver: a page added later is walked too, or the
coverage test fails until it is given arguments here.

Drafts (an organization, an agreement and an event, ``portal.publishing``) carry
a token nobody may see on a public URL, and are named by published records: a
party, a participant, a member, a related organization, a grantee, a series'
organizer, a signing event, an agreement renewed. Their own pages, previews for
their editors, are tested in test_publishing.

Every planted value starts with a token that says who may see it. Tokens are
upper-case letters and digits, which HTML escaping and URL encoding leave
whole; searches are typed in lower case, so a page that echoes the query back
does not read as a leak while the stored (upper-case) value still would.
"""

import datetime
import html
import re
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from accounts.access import viewer_for
from agreements.models import Agreement, Benefit, PartyRole
from events.models import Event, EventRole, Series
from members.claims import change_status, make_claim
from members.models import ClaimStatus
from organizations.models import Contact, Organization, OrganizationKind, Visibility
from portal.publishing import Publication
from search import indexing, results
from search.models import SearchName, SearchTerm
from tests.factories import (
    AccountFactory,
    AgreementFactory,
    BenefitFactory,
    ContactFactory,
    EventFactory,
    EventOrganizationFactory,
    MemberFactory,
    MembershipFactory,
    OrganizationFactory,
    PartyFactory,
    RelationshipFactory,
    SeriesFactory,
)
from tests.test_pages_helpers import LANGUAGES, url

# Who may see a planted value, by the token it starts with.
PUBLIC = "PUBLICOKZQ4K8W"
# Members-only contacts: for the members of any association (and staff).
MEMBERS = "MEMBERSONLYZQ7F3A"
# Members-only claim details of benefits granted to A: for A's members and staff.
MEMBER_CLAIM = "MEMBERCLAIMZQ5B8E"
# Staff-only contacts of association A and of Pacific (whose record A manages), and
# staff-only claim details of a benefit granted to A.
STAFF_A = "STAFFONLYAZQ9C1D"
# Staff-only contact of association B and claim details of a benefit granted to B.
STAFF_B = "STAFFONLYBZQ2D6F"
# Drafts, and what they alone name: for nobody, on the public URLs.
DRAFT = "DRAFTONLYZQ6H2J"
# The claims a member of A and a member of B made (their notes and the answers they
# got): for the member who made them alone, on the public URLs (the providing
# association's staff see them in the admin).
OWN_CLAIM_A = "OWNCLAIMAZQ3M5P"
OWN_CLAIM_B = "OWNCLAIMBZQ8R4T"
TOKENS = [PUBLIC, MEMBERS, MEMBER_CLAIM, STAFF_A, STAFF_B, DRAFT, OWN_CLAIM_A, OWN_CLAIM_B]

SEES = {
    "anonymous": {PUBLIC},
    "member_of_nothing": {PUBLIC},
    "former_member": {PUBLIC},
    "member_b": {PUBLIC, MEMBERS, OWN_CLAIM_B},
    "member": {PUBLIC, MEMBERS, MEMBER_CLAIM, OWN_CLAIM_A},
    "staff_b": {PUBLIC, MEMBERS, STAFF_B},
    "staff_a": {PUBLIC, MEMBERS, MEMBER_CLAIM, STAFF_A},
    "administrator": {PUBLIC, MEMBERS, MEMBER_CLAIM, STAFF_A, STAFF_B},
}
AUDIENCES = list(SEES)

# URLs walked at least, both languages together: thoroughly (every planted value
# searched), or not.
MINIMUM_URLS_WALKED = {True: 250, False: 90}


@dataclass(frozen=True)
class Planted:
    """A sentinel value, the pages that show it to whoever may see it, and in which language."""

    text: str
    pages: tuple[str, ...]
    language: str | None = None

    @property
    def token(self):
        return self.text.split("-")[0]


@dataclass
class World:
    association_a: Organization
    pacific: Organization
    association_b: Organization
    member_company: Organization
    agreement: Agreement
    event: Event
    series: Series
    people: dict[str, User | None]
    planted: list[Planted]
    drafts: dict[str, Organization | Agreement | Event | Series]


def plant_contacts(organization, key, staff_token, planted):
    """A public, a members-only and a staff-only contact, each field a sentinel, shown on
    the organization's page (``key``) to those who may see them."""
    contacts = {}
    for visibility, token in (
        (Visibility.PUBLIC, PUBLIC),
        (Visibility.MEMBERS, MEMBERS),
        (Visibility.STAFF, staff_token),
    ):
        prefix = f"{token}-{key}"
        contacts[visibility] = ContactFactory(
            organization=organization,
            name=f"{prefix}-name",
            # Given too, or the factory's default title would take the English one's place.
            title=f"{prefix}-title-en",
            title_en=f"{prefix}-title-en",
            title_fr=f"{prefix}-titre-fr",
            email=f"{prefix}-email@example.org",
            phone=f"{prefix}-phone",
            visibility=visibility,
        )
        planted += [
            Planted(f"{prefix}-name", (key,)),
            Planted(f"{prefix}-title-en", (key,), "en"),
            Planted(f"{prefix}-titre-fr", (key,), "fr"),
            Planted(f"{prefix}-email@example.org", (key,)),
            Planted(f"{prefix}-phone", (key,)),
        ]
    return contacts


def plant_signer(agreement, organization, contact, role, planted):
    """``contact`` signs for ``organization``: its name, and the title it signed under,
    are on the agreement page for those who may see the contact."""
    prefix = contact.name.removesuffix("-name")
    PartyFactory(
        agreement=agreement,
        organization=organization,
        role=role,
        signed_by=contact,
        signed_by_title_en=f"{prefix}-signer-en",
        signed_by_title_fr=f"{prefix}-signataire-fr",
    )
    planted += [
        Planted(contact.name, ("agreement",)),
        Planted(f"{prefix}-signer-en", ("agreement",), "en"),
        Planted(f"{prefix}-signataire-fr", ("agreement",), "fr"),
    ]


def plant_benefit(
    agreement, association, token, visibility, benefits_page, planted, code_token=None
):
    """A benefit granted to ``association`` whose claim details are a sentinel at
    ``visibility``, and its member code one for ``code_token`` (the members who can
    claim it, unless its details are staff-only, and the staff)."""
    code_token = code_token or token
    benefit = BenefitFactory(
        agreement=agreement,
        description=f"Benefit whose claim details are {visibility}",
        how_to_claim_en=f"{token}-{visibility}-claim-en",
        how_to_claim_fr=f"{token}-{visibility}-reclamer-fr",
        claim_visibility=visibility,
        code=f"{code_token}-{visibility}-code",
    )
    benefit.granted_to.add(association)
    planted += [
        Planted(f"{token}-{visibility}-claim-en", ("agreement", benefits_page), "en"),
        Planted(f"{token}-{visibility}-reclamer-fr", ("agreement", benefits_page), "fr"),
        Planted(f"{code_token}-{visibility}-code", ("agreement", benefits_page)),
    ]
    return benefit


def plant_claim(user, benefit, token, planted):
    """``user`` claims ``benefit`` with a sentinel note, and gets a sentinel answer: on
    their benefits page alone."""
    claim = make_claim(user, benefit.pk, note=f"{token}-note")
    change_status(claim, ClaimStatus.DECLINED, message=f"{token}-answer")
    make_claim(user, benefit.pk, note=f"{token}-pending-note")
    planted += [
        Planted(f"{token}-note", ()),
        Planted(f"{token}-answer", ()),
        Planted(f"{token}-pending-note", ()),
    ]


def plant_drafts(association_a, agreement, event, planted):
    """A draft organization, agreement and event, managed by A, each named by published
    records, their every text a DRAFT sentinel; and the published records that name
    them: {name: record}."""
    texts = []

    def text(name):
        texts.append(f"{DRAFT}-{name}")
        return texts[-1]

    organization = OrganizationFactory(
        name=text("organization-en"),
        name_fr=text("organisation-fr"),
        acronym=text("acronym"),
        description=text("organization-description"),
        slug="draft-organization",
        publication=Publication.DRAFT,
        owner=association_a,
    )
    PartyFactory(agreement=agreement, organization=organization, role=PartyRole.PARTICIPANT)
    EventOrganizationFactory(event=event, organization=organization, role=EventRole.PARTICIPANT)
    MembershipFactory(member=organization, association=association_a)
    RelationshipFactory(subject=organization, object=association_a)
    shared = BenefitFactory(
        agreement=agreement, description="Benefit shared with a draft", how_to_claim_en=""
    )
    shared.granted_to.add(association_a, organization)
    draft_run = SeriesFactory(name="Series a draft runs", slug="draft-run", organizer=organization)

    draft_event = EventFactory(
        name=text("event-en"),
        name_fr=text("evenement-fr"),
        description=text("event-description"),
        slug="draft-event",
        series=draft_run,
        publication=Publication.DRAFT,
        owner=association_a,
    )
    EventOrganizationFactory(
        event=draft_event, organization=association_a, role=EventRole.ORGANIZER
    )
    draft_event.related_agreements.add(agreement)

    draft_agreement = AgreementFactory(
        title=text("agreement-en"),
        title_fr=text("accord-fr"),
        summary=text("agreement-summary"),
        slug="draft-agreement",
        signing_event=event,
        publication=Publication.DRAFT,
        owner=association_a,
    )
    PartyFactory(agreement=draft_agreement, organization=association_a)
    withheld = BenefitFactory(
        agreement=draft_agreement, description=text("benefit"), how_to_claim_en=""
    )
    withheld.granted_to.add(association_a)
    follow_up = AgreementFactory(
        title="Agreement renewing a draft",
        slug="renews-a-draft",
        signing_event=draft_event,
        renews=draft_agreement,
    )
    PartyFactory(agreement=follow_up, organization=association_a)
    planted += [Planted(value, ()) for value in texts]
    return {
        "organization": organization,
        "agreement": draft_agreement,
        "event": draft_event,
        "series": draft_run,
        "follow_up": follow_up,
    }


@pytest.fixture
def world(people, association_a, association_b):
    planted = []
    # The description is public and indexed: it proves planted text can be found.
    association_a.description_en = association_a.description_fr = f"{PUBLIC}-a-description"
    association_a.save()
    planted.append(Planted(f"{PUBLIC}-a-description", ("a",)))
    pacific = OrganizationFactory(
        name="Pacific Biotech Cluster",
        slug="pacific-biotech",
        kind=OrganizationKind.CLUSTER,
        owner=association_a,
    )
    a_contacts = plant_contacts(association_a, "a", STAFF_A, planted)
    pacific_contacts = plant_contacts(pacific, "pacific", STAFF_A, planted)
    b_contacts = plant_contacts(association_b, "b", STAFF_B, planted)

    series = SeriesFactory(name="Alpha Summit", slug="alpha-summit", organizer=association_a)
    event = EventFactory(name="Alpha Summit 2030", slug="alpha-summit-2030", series=series)
    EventOrganizationFactory(event=event, organization=association_a, role=EventRole.ORGANIZER)
    EventOrganizationFactory(event=event, organization=pacific, role=EventRole.PARTICIPANT)
    EventOrganizationFactory(event=event, organization=association_b, role=EventRole.PARTICIPANT)
    agreement = AgreementFactory(
        title="Alpha–Pacific cooperation", slug="alpha-pacific", signing_event=event
    )
    plant_signer(
        agreement, association_a, a_contacts[Visibility.STAFF], PartyRole.SIGNATORY, planted
    )
    plant_signer(
        agreement, pacific, pacific_contacts[Visibility.MEMBERS], PartyRole.SIGNATORY, planted
    )
    plant_signer(
        agreement, association_b, b_contacts[Visibility.STAFF], PartyRole.SUPPORTER, planted
    )
    # A public benefit's code is for the members who can claim it all the same.
    plant_benefit(
        agreement,
        association_a,
        PUBLIC,
        Visibility.PUBLIC,
        "benefits-a",
        planted,
        code_token=MEMBER_CLAIM,
    )
    for_a = plant_benefit(
        agreement, association_a, MEMBER_CLAIM, Visibility.MEMBERS, "benefits-a", planted
    )
    plant_benefit(agreement, association_a, STAFF_A, Visibility.STAFF, "benefits-a", planted)
    plant_benefit(agreement, association_b, STAFF_B, Visibility.STAFF, "benefits-b", planted)
    for_b = BenefitFactory(
        agreement=agreement, description="Benefit for members of B", how_to_claim_en=""
    )
    for_b.granted_to.add(association_b)

    everyone = {
        **people,
        "member_of_nothing": AccountFactory(
            username="loner",
            profile__organization=OrganizationFactory(kind=OrganizationKind.COMPANY),
        ),
        "former_member": MemberFactory(
            username="former",
            association=association_a,
            association__since=datetime.date(2015, 1, 1),
            association__until=datetime.date(2019, 12, 31),
        ),
        "member_b": MemberFactory(username="member-b", association=association_b),
    }
    plant_claim(people["member"], for_a, OWN_CLAIM_A, planted)
    plant_claim(everyone["member_b"], for_b, OWN_CLAIM_B, planted)
    drafts = plant_drafts(association_a, agreement, event, planted)
    # Saving a record does not index it: the index is rebuilt by search.indexing.
    indexing.rebuild()
    return World(
        association_a,
        pacific,
        association_b,
        people["member"].profile.organization,
        agreement,
        event,
        series,
        everyone,
        planted,
        drafts,
    )


@pytest.fixture(autouse=True)
def _no_cached_key_numbers(settings):
    # The home page caches its totals; a test must not see another test's. The API's
    # limit on anonymous requests counts in the cache too, and the walk is long.
    cache.clear()
    settings.API_ANON_RATE = "100000/minute"


# The URLs -----------------------------------------------------------------------


def named_patterns(entries, namespace=""):
    """The qualified names of every named URL pattern under ``entries``, admin left out."""
    for entry in entries:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from named_patterns(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield namespace + entry.name


def public_pattern_names():
    return set(named_patterns(get_resolver().url_patterns))


def typed_queries(world, thorough):
    """What is typed into the search box and the lists' words box: in lower case, the
    tokens, and when ``thorough`` every planted value too."""
    typed = {token.lower() for token in TOKENS}
    if thorough:
        typed |= {p.text.lower() for p in world.planted}
    return sorted(typed)


def url_cases(world, thorough):
    """(URL name, URL arguments, query string) of every public URL walked, in one language.

    The search index and the lists' filters are the same for every audience: a
    ``thorough`` walk types every planted value into the search box, every token
    into each list's words box, and tries the lists' filters; the others type the
    tokens into the search box only.
    """
    association_a, pacific, association_b = world.association_a, world.pacific, world.association_b
    organizations = [association_a, pacific, association_b, world.member_company]
    names = [association_a.name, pacific.name, world.agreement.title]
    drafts = world.drafts
    # Benefits granted to A, to nobody (Pacific) and to B.
    asked_for_benefits = (association_a, pacific, association_b)
    lists = [
        ("organizations:list", {}, {}),
        ("organizations:list", {}, {"q": association_a.name}),
        ("agreements:list", {}, {}),
        ("agreements:list", {}, {"q": world.agreement.title}),
        ("events:list", {}, {}),
        ("events:list", {}, {"when": "all"}),
        # The map names organizations and agreements: drafts never (partners.map).
        ("partners:map", {}, {}),
        ("partners:map", {}, {"agreements": "signed"}),
    ]
    if thorough:
        lists += [
            ("organizations:list", {}, {"kind": "association"}),
            ("organizations:list", {}, {"partner": association_a.slug}),
            ("organizations:list", {}, {"city": association_a.city}),
            ("partners:map", {}, {"city": association_a.city}),
            ("organizations:list", {}, {"partner": MEMBERS.lower()}),
            ("agreements:list", {}, {"party": association_a.slug}),
            ("agreements:list", {}, {"has_benefits": "true"}),
            ("events:list", {}, {"organizer": association_a.slug}),
            *[
                (name, {}, {"q": query})
                for name in ("organizations:list", "agreements:list", "events:list")
                for query in typed_queries(world, thorough=False)
            ],
        ]
    return [
        ("home", {}, {}),
        ("about", {}, {}),
        ("privacy", {}, {}),
        ("search", {}, {}),
        *[("search", {}, {"q": query}) for query in typed_queries(world, thorough) + names],
        *lists,
        *[("organizations:detail", {"slug": o.slug}, {}) for o in organizations],
        ("organizations:detail", {"slug": "no-such-organization"}, {}),
        # Between two organizations: no contact, no signer, no draft (partners.between).
        *[
            ("partners:between", {"slug": slug, "other": other}, {})
            for slug, other in (
                (association_a.slug, pacific.slug),
                (association_a.slug, association_b.slug),
                (pacific.slug, association_a.slug),
                (association_a.slug, drafts["organization"].slug),
                (association_a.slug, "no-such-organization"),
            )
        ],
        ("agreements:detail", {"slug": world.agreement.slug}, {}),
        ("agreements:detail", {"slug": drafts["follow_up"].slug}, {}),
        ("agreements:detail", {"slug": "no-such-agreement"}, {}),
        ("benefits:list", {}, {}),
        *[("benefits:list", {}, {"association": o.slug}) for o in asked_for_benefits],
        # The network names the parties of published agreements: never a draft.
        ("partners:network", {}, {}),
        ("partners:network", {}, {"year": world.agreement.signed_on.year}),
        ("benefits:list", {}, {"association": association_a.name}),
        ("benefits:list", {}, {"association": MEMBER_CLAIM.lower()}),
        ("events:detail", {"slug": world.event.slug}, {}),
        ("events:detail", {"slug": "no-such-event"}, {}),
        ("events:series", {"slug": world.series.slug}, {}),
        ("events:series", {"slug": drafts["series"].slug}, {}),
        ("events:series", {"slug": "no-such-series"}, {}),
        ("partners:corridors", {}, {}),
        *[
            ("partners:corridor", {"slug": slug}, {})
            for slug in ("ontario-ca--quebec-ca", "no-such-corridor")
        ],
        # Calendars, exports, feeds, sitemap and API: the same rules as the pages.
        ("events:calendar", {}, {}),
        ("events:calendar", {}, {"when": "all"}),
        ("events:calendar_page", {}, {}),
        *[
            (
                "events:calendar_month",
                {"year": event.start_date.year, "month": event.start_date.month},
                {},
            )
            for event in (world.event, drafts["event"])
        ],
        ("events:event_calendar", {"slug": world.event.slug}, {}),
        ("events:event_calendar", {"slug": drafts["event"].slug}, {}),
        ("events:series_calendar", {"slug": world.series.slug}, {}),
        ("events:series_calendar", {"slug": drafts["series"].slug}, {}),
        ("events:export", {}, {"when": "all"}),
        ("organizations:export", {}, {}),
        ("organizations:export", {}, {"q": DRAFT.lower()}),
        ("agreements:export", {}, {}),
        *[("benefits:export", {}, {"association": o.slug}) for o in asked_for_benefits],
        ("feeds:agreements", {}, {}),
        ("feeds:events", {}, {}),
        ("sitemap", {}, {}),
        *[
            ("sitemap_section", {"section": section}, {})
            for section in ("pages", "organizations", "agreements", "events", "series", "between")
        ],
        ("robots", {}, {}),
        ("api_docs", {}, {}),
        ("api:schema", {}, {}),
        ("api:organization-list", {}, {}),
        *[("api:organization-detail", {"slug": o.slug}, {}) for o in organizations],
        ("api:organization-detail", {"slug": drafts["organization"].slug}, {}),
        ("api:organization-list", {}, {"partner": association_a.slug}),
        ("api:agreement-list", {}, {}),
        ("api:agreement-list", {}, {"party": association_a.slug}),
        ("api:agreement-detail", {"slug": world.agreement.slug}, {}),
        ("api:agreement-detail", {"slug": drafts["follow_up"].slug}, {}),
        ("api:agreement-detail", {"slug": drafts["agreement"].slug}, {}),
        ("api:event-list", {}, {"when": "all"}),
        ("api:event-detail", {"slug": world.event.slug}, {}),
        ("api:event-detail", {"slug": drafts["event"].slug}, {}),
        ("api:series-list", {}, {}),
        ("api:series-detail", {"slug": world.series.slug}, {}),
        ("api:series-detail", {"slug": drafts["series"].slug}, {}),
        ("api:benefit-list", {}, {}),
        *[("api:benefit-list", {}, {"association": o.slug}) for o in asked_for_benefits],
        *[("api:benefit-detail", {"pk": b.pk}, {}) for b in world.agreement.benefits.all()],
        ("api:sector-list", {}, {}),
        ("api:sector-detail", {"slug": "no-such-sector"}, {}),
        ("accounts:profile", {}, {}),
        ("members:my_benefits", {}, {}),
        # POST only: a GET answers 405, and shows nothing.
        ("members:claim", {"benefit_id": world.agreement.benefits.earliest("pk").pk}, {}),
        ("members:withdraw", {"claim_id": 1}, {}),
        ("members:request_account", {}, {}),
        ("members:request_sent", {}, {}),
        *[
            ("members:suggest_correction", {"kind": kind, "slug": slug}, {})
            for kind, slug in (
                ("organization", association_a.slug),
                ("agreement", world.agreement.slug),
                ("agreement", drafts["agreement"].slug),
                ("event", world.event.slug),
                ("series", world.series.slug),
                ("organization", "no-such-organization"),
            )
        ],
        ("members:correction_sent", {}, {}),
        ("accounts:private_calendar", {}, {}),
        ("private_calendar", {"token": "x" * 43}, {}),
        ("accounts:login", {}, {}),
        ("accounts:password_reset", {}, {}),
        ("accounts:password_reset_done", {}, {}),
        ("accounts:password_reset_confirm", {"uidb64": "MQ", "token": "set-password"}, {}),
        ("accounts:password_reset_confirm", {"uidb64": "MQ", "token": "abc-123"}, {}),
        ("accounts:password_reset_complete", {}, {}),
        # Last: whatever it answers to a GET, nothing after it depends on it.
        ("accounts:logout", {}, {}),
    ]


# Pages whose planted values are checked one by one (Planted.pages names them).
CHECKED_PAGES = {
    "a": lambda w: ("organizations:detail", {"slug": w.association_a.slug}, {}),
    "pacific": lambda w: ("organizations:detail", {"slug": w.pacific.slug}, {}),
    "b": lambda w: ("organizations:detail", {"slug": w.association_b.slug}, {}),
    "agreement": lambda w: ("agreements:detail", {"slug": w.agreement.slug}, {}),
    "benefits-a": lambda w: ("benefits:list", {}, {"association": w.association_a.slug}),
    "benefits-b": lambda w: ("benefits:list", {}, {"association": w.association_b.slug}),
}


def checked_paths(world):
    return [
        url(name, lang, query, **kwargs)
        for lang in LANGUAGES
        for name, kwargs, query in (case(world) for case in CHECKED_PAGES.values())
    ]


# Addresses outside the named patterns: the bare root and an unknown page.
UNNAMED_PATHS = ["/", "/no-such-page/", "/en/no-such-page/", "/fr/no-such-page/"]


# Reading responses ----------------------------------------------------------------


def readable(response):
    """The response as served and as read: body, body without tags, and headers."""
    if response.streaming:
        body = b"".join(response.streaming_content).decode("utf-8", "replace")
    else:
        body = response.content.decode("utf-8", "replace")
    # <mark> in search snippets would split a value: read the text without tags too.
    text = html.unescape(re.sub(r"<[^>]*>", "", body))
    headers = "\n".join(f"{name}: {value}" for name, value in response.items())
    return "\n".join([body, text, headers])


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def walk(client, world, thorough=False):
    """Every public URL in both languages, and the unnamed ones: path → (status, readable)."""
    paths = [
        url(name, lang, query, **kwargs)
        for lang in LANGUAGES
        for name, kwargs, query in url_cases(world, thorough)
    ] + UNNAMED_PATHS
    responses = {}
    for path in paths:
        response = client.get(path)
        responses[path] = (response.status_code, readable(response))
    return responses


def tokens_in(content):
    return {token for token in TOKENS if token in content}


def leaks(responses, allowed):
    """The responses that hold a token beyond ``allowed``: path → those tokens."""
    return {
        path: sorted(tokens_in(content) - allowed)
        for path, (_status, content) in responses.items()
        if tokens_in(content) - allowed
    }


# The tests ------------------------------------------------------------------------


@pytest.mark.parametrize("thorough", [True, False])
def test_every_named_public_url_pattern_is_walked(world, thorough):
    walked = {name for name, _kwargs, _query in url_cases(world, thorough)}

    assert walked == public_pattern_names()


@pytest.mark.parametrize("audience", AUDIENCES)
def test_each_audience_sees_exactly_what_its_visibility_allows_on_every_public_url(world, audience):
    thorough = audience == "anonymous"
    # An administrator has just seen every planted value: nothing rendered for one
    # visitor may be served to the next.
    administrator = client_for(world.people["administrator"])
    for path in checked_paths(world):
        administrator.get(path)

    responses = walk(client_for(world.people[audience]), world, thorough)

    assert len(responses) >= MINIMUM_URLS_WALKED[thorough]
    assert {path: status for path, (status, _) in responses.items() if status >= 500} == {}
    assert leaks(responses, SEES[audience]) == {}
    # Each kind of detail this audience may see does reach it somewhere.
    seen = set().union(*(tokens_in(content) for _status, content in responses.values()))
    assert seen == SEES[audience]


@pytest.mark.parametrize("audience", AUDIENCES)
def test_each_checked_page_shows_an_audience_exactly_the_planted_values_it_may_see(world, audience):
    client = client_for(world.people[audience])
    shown, expected = {}, {}
    for lang in LANGUAGES:
        for key, case in CHECKED_PAGES.items():
            name, kwargs, query = case(world)
            response = client.get(url(name, lang, query, **kwargs))
            content = readable(response)
            shown[lang, key] = (
                response.status_code,
                {p.text for p in world.planted if p.text in content},
            )
            expected[lang, key] = (
                200,
                {
                    p.text
                    for p in world.planted
                    if key in p.pages and p.language in (None, lang) and p.token in SEES[audience]
                },
            )

    assert shown == expected


@pytest.mark.parametrize(
    ("audience", "token"), [("member", OWN_CLAIM_A), ("member_b", OWN_CLAIM_B)]
)
def test_a_members_benefits_page_shows_their_own_claims(world, audience, token):
    client = client_for(world.people[audience])

    for lang in LANGUAGES:
        content = readable(client.get(url("members:my_benefits", lang, {})))

        assert [p.text for p in world.planted if p.token == token and p.text not in content] == []


def test_no_contact_or_claim_detail_is_in_the_search_index(world):
    names = "\n".join(SearchName.objects.values_list("name", flat=True))
    words = set(SearchTerm.objects.values_list("word", flat=True))

    # The public description is indexed: the only planted text search may find.
    assert {token for token in TOKENS if token.lower() in words} == {PUBLIC}
    assert not any(token.lower() in names for token in TOKENS)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_searching_a_contact_or_claim_detail_finds_no_record(world, lang):
    found = {
        query: sorted(
            r.title for group in results.search(query, lang).groups for r in group.results
        )
        for query in [p.text.lower() for p in world.planted] + [t.lower() for t in TOKENS]
    }

    assert {query: titles for query, titles in found.items() if titles} == {
        PUBLIC.lower(): ["Association A"],
        f"{PUBLIC}-a-description".lower(): ["Association A"],
    }


# The QuerySet methods every output uses ---------------------------------------------


@pytest.mark.parametrize("audience", AUDIENCES)
def test_visible_to_gives_each_audience_the_contacts_of_its_visibility(world, audience):
    viewer = viewer_for(world.people[audience])

    visible = Contact.objects.visible_to(viewer)

    assert sorted(c.name for c in visible) == sorted(
        c.name for c in Contact.objects.all() if c.name.split("-")[0] in SEES[audience]
    )


@pytest.mark.parametrize("audience", AUDIENCES)
def test_with_claim_details_gives_each_audience_the_claims_of_its_visibility(world, audience):
    viewer = viewer_for(world.people[audience])

    benefits = Benefit.objects.with_claim_details(viewer).order_by("id")

    assert [b.claim_details for b in benefits] == [
        b.how_to_claim_en if b.how_to_claim_en.split("-")[0] in SEES[audience] else ""
        for b in Benefit.objects.order_by("id")
    ]
    assert [b.claim_code for b in benefits] == [
        b.code if b.code.split("-")[0] in SEES[audience] else ""
        for b in Benefit.objects.order_by("id")
    ]
    # The stored columns are not loaded, so no output can show them by mistake.
    assert all(
        {"how_to_claim", "how_to_claim_en", "how_to_claim_fr", "code"} <= b.get_deferred_fields()
        for b in benefits
    )
