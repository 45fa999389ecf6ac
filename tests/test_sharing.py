"""What search engines and share previews read of a page, and the actions that reach a
partner: canonical addresses, hreflang alternates, Open Graph and Twitter card tags,
schema.org JSON-LD, meta descriptions, "Last updated", and contacts' email and phone
links at their visibility only."""

import datetime
import json
import struct
import zoneinfo

import pytest
from django.conf import settings
from django.utils import formats, timezone, translation

from events.models import EventKind, EventRole
from organizations.models import OrganizationKind, Visibility
from portal.dates import DatePrecision
from portal.templatetags.sharing import meta_description, tel_uri, website_host
from tests.factories import (
    AgreementFactory,
    ContactFactory,
    EventFactory,
    EventOrganizationFactory,
    MemberFactory,
    OrganizationFactory,
    SeriesFactory,
)
from tests.test_pages_helpers import LANGUAGES, get_page, ui, url

SITE = "http://testserver"


@pytest.fixture(autouse=True)
def _default_language():
    # A French request leaves French active in the thread (LocaleMiddleware).
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


def meta(page, key):
    """The content of the <meta> whose property (Open Graph) or name (others) is ``key``."""
    attribute = "property" if key.startswith("og:") else "name"
    return [tag.attrs["content"] for tag in page.select(f'meta[{attribute}="{key}"]')]


def alternates(page):
    return {
        link.attrs["hreflang"]: link.attrs["href"]
        for link in page.select('head link[rel="alternate"][hreflang]')
    }


def canonical(page):
    return page.select_one('head link[rel="canonical"]').attrs["href"]


def structured_data(page):
    """The page's JSON-LD blocks, parsed."""
    return [
        json.loads(script.string) for script in page.select('script[type="application/ld+json"]')
    ]


@pytest.fixture
def bilingual_organization(db):
    return OrganizationFactory(
        name_en="Genomics Alliance of the North",
        name_fr="Alliance génomique du Nord",
        acronym="GAN",
        same_in_both_languages=False,
        slug="gan",
        kind=OrganizationKind.UNIVERSITY,
        description_en=(
            "A network of genomics laboratories in Québec and Ontario. It shares sequencers."
        ),
        description_fr="Un réseau de laboratoires de génomique. Il partage ses séquenceurs.",
        website="https://www.gan.example.org/en/home",
        city="Sherbrooke",
        region="Québec",
        country="CA",
        founded_year=1998,
    )


# Canonical address and alternates ---------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_record_page_names_itself_canonical_and_its_pages_in_each_language(
    client, bilingual_organization, lang
):
    page = get_page(client, url("organizations:detail", lang, slug="gan"))

    english = SITE + url("organizations:detail", "en", slug="gan")
    french = SITE + url("organizations:detail", "fr", slug="gan")
    assert canonical(page) == {"en": english, "fr": french}[lang]
    assert alternates(page) == {"en": english, "fr": french, "x-default": english}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_home_page_sends_other_languages_to_the_bare_address(client, db, lang):
    page = get_page(client, url("home", lang))

    assert canonical(page) == SITE + url("home", lang)
    assert alternates(page) == {
        "en": f"{SITE}/en/",
        "fr": f"{SITE}/fr/",
        "x-default": f"{SITE}/",
    }


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_list_is_canonical_without_its_page_sort_or_filters(client, db, lang):
    OrganizationFactory.create_batch(3)
    query = {"page": "1", "sort": "name", "country": "CA"}

    page = get_page(client, url("organizations:list", lang, query=query))

    assert page.status == 200
    assert canonical(page) == SITE + url("organizations:list", lang)
    assert meta(page, "og:url") == [SITE + url("organizations:list", lang)]
    assert alternates(page) == {
        "en": SITE + url("organizations:list", "en"),
        "fr": SITE + url("organizations:list", "fr"),
        "x-default": SITE + url("organizations:list", "en"),
    }


def test_a_missing_page_names_no_canonical_address(client, db):
    page = get_page(client, "/en/organizations/no-such-organization/")

    assert page.status == 404
    assert page.select('link[rel="canonical"]') == []
    assert page.select('meta[property^="og:"]') == []


# Open Graph and Twitter cards -------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "title", "description", "locale", "other_locale"),
    [
        (
            "en",
            "Genomics Alliance of the North",
            "A network of genomics laboratories in Québec and Ontario.",
            "en_CA",
            "fr_CA",
        ),
        (
            "fr",
            "Alliance génomique du Nord",
            "Un réseau de laboratoires de génomique.",
            "fr_CA",
            "en_CA",
        ),
    ],
)
def test_share_tags_describe_the_record_in_the_pages_language(
    client, bilingual_organization, lang, title, description, locale, other_locale
):
    page = get_page(client, url("organizations:detail", lang, slug="gan"))

    image = f"{SITE}/static/img/share-card.png"
    assert page.text_of("title") == f"{title} · Passerelle"
    assert meta(page, "description") == [description]
    assert {
        key: meta(page, key)
        for key in [
            "og:site_name",
            "og:type",
            "og:title",
            "og:description",
            "og:url",
            "og:locale",
            "og:locale:alternate",
            "og:image",
            "og:image:width",
            "og:image:height",
            "twitter:card",
            "twitter:title",
            "twitter:description",
            "twitter:image",
        ]
    } == {
        "og:site_name": ["Passerelle"],
        "og:type": ["website"],
        "og:title": [title],
        "og:description": [description],
        "og:url": [SITE + url("organizations:detail", lang, slug="gan")],
        "og:locale": [locale],
        "og:locale:alternate": [other_locale],
        "og:image": [image],
        "og:image:width": ["1200"],
        "og:image:height": ["630"],
        "twitter:card": ["summary_large_image"],
        "twitter:title": [title],
        "twitter:description": [description],
        "twitter:image": [image],
    }
    alt = ui(lang, "Passerelle: cross-border life-sciences collaboration.")
    assert meta(page, "og:image:alt") == meta(page, "twitter:image:alt") == [alt]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pages_without_a_record_share_the_sites_own_description(client, db, lang):
    page = get_page(client, url("events:list", lang))

    site = ui(
        lang,
        "Agreements, events and partners of cross-border life-sciences collaboration "
        "between Québec, Ontario, Massachusetts, France and beyond.",
    )
    assert meta(page, "description") == meta(page, "og:description") == [site]
    assert meta(page, "og:title") == meta(page, "twitter:title") == [ui(lang, "Events")]


def test_the_share_image_is_a_1200_by_630_png():
    with open(settings.BASE_DIR / "static" / "img" / "share-card.png", "rb") as image:
        header = image.read(24)

    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", header[16:24]) == (1200, 630)


# Meta descriptions ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "description"),
    [
        ("One sentence only", "One sentence only"),
        (
            "The cluster of the Lyon region.\n\nIt was founded in 2003.",
            "The cluster of the Lyon region.",
        ),
        ("Created by J. Smith in 1999. It grew.", "Created by J. Smith in 1999."),
        (
            "A research centre for the study of every cancer in Québec. It has 40 teams.",
            "A research centre for the study of every cancer in Québec.",
        ),
        (
            "Founded by St. Louis University and Merck Inc. Canada in 1999. It funds research.",
            "Founded by St. Louis University and Merck Inc. Canada in 1999.",
        ),
        (
            "Le pôle « santé » de la région lyonnaise, créé en 2005 ! « Il réunit 200 membres. »",
            "Le pôle « santé » de la région lyonnaise, créé en 2005 !",
        ),
        ("", ""),
    ],
)
def test_a_meta_description_is_the_first_sentence(text, description):
    assert meta_description(text) == description


def test_a_long_first_sentence_is_cut_at_a_word_with_an_ellipsis():
    text = "An alliance of " + "research hospitals, " * 20 + "and universities. More."

    description = meta_description(text)

    assert len(description) <= 160
    assert description.endswith("hospitals…")
    assert description.startswith("An alliance of research hospitals, research hospitals")


def test_an_agreement_page_is_described_by_the_first_sentence_of_its_summary(client, db):
    agreement = AgreementFactory(
        summary="The parties will exchange missions each year. Details follow in an annex."
    )

    page = get_page(client, url("agreements:detail", "en", slug=agreement.slug))

    assert meta(page, "description") == ["The parties will exchange missions each year."]


# JSON-LD ------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_organization_page_holds_its_facts_as_schema_org_data(
    client, bilingual_organization, lang
):
    page = get_page(client, url("organizations:detail", lang, slug="gan"))

    names = {"en": "Genomics Alliance of the North", "fr": "Alliance génomique du Nord"}
    other = names["fr" if lang == "en" else "en"]
    assert structured_data(page) == [
        {
            "@context": "https://schema.org",
            "@type": "CollegeOrUniversity",
            "name": names[lang],
            "alternateName": ["GAN", other],
            "url": SITE + url("organizations:detail", lang, slug="gan"),
            "sameAs": "https://www.gan.example.org/en/home",
            "address": {
                "@type": "PostalAddress",
                "addressLocality": "Sherbrooke",
                "addressRegion": "Québec",
                "addressCountry": "CA",
            },
            "foundingDate": "1998",
            "description": bilingual_organization.description_en
            if lang == "en"
            else bilingual_organization.description_fr,
        }
    ]


def test_an_event_known_to_the_month_has_dates_at_that_precision(client, db):
    event = EventFactory(
        name="Oncology mission",
        kind=EventKind.TRADE_MISSION,
        start_date=datetime.date(2025, 3, 1),
        end_date=datetime.date(2025, 4, 1),
        date_precision=DatePrecision.MONTH,
        venue="",
        city="Lyon",
        region="Auvergne-Rhône-Alpes",
        country="FR",
    )

    [data] = structured_data(get_page(client, url("events:detail", "en", slug=event.slug)))

    assert data == {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": "Oncology mission",
        "url": SITE + url("events:detail", "en", slug=event.slug),
        "startDate": "2025-03",
        "endDate": "2025-04",
        "location": {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "addressLocality": "Lyon",
                "addressRegion": "Auvergne-Rhône-Alpes",
                "addressCountry": "FR",
            },
        },
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
    }


def test_an_event_lists_its_published_organizers_its_times_and_both_ways_to_attend(client, db):
    series = SeriesFactory(name="Entretiens")
    event = EventFactory(
        name="Entretiens 2030",
        series=series,
        description="Two days of talks.",
        start_date=datetime.date(2030, 10, 6),
        start_time=datetime.time(9, 0),
        end_time=datetime.time(17, 30),
        time_zone="America/Montreal",
        venue="Palais des congrès",
        city="Montréal",
        region="Québec",
        country="CA",
        online_url="https://stream.example.org/entretiens",
    )
    organizer = EventOrganizationFactory(event=event, organization__name="Alpha Cluster")
    EventOrganizationFactory(
        event=event, organization__name="Hidden Draft", organization__publication="draft"
    )
    EventOrganizationFactory(
        event=event, organization__name="Beta Participant", role=EventRole.PARTICIPANT
    )

    page = get_page(client, url("events:detail", "en", slug=event.slug))
    [data] = structured_data(page)

    assert data["startDate"] == "2030-10-06T09:00:00-04:00"
    assert data["endDate"] == "2030-10-06T17:30:00-04:00"
    assert data["description"] == "Two days of talks."
    assert data["location"] == [
        {
            "@type": "Place",
            "name": "Palais des congrès",
            "address": {
                "@type": "PostalAddress",
                "addressLocality": "Montréal",
                "addressRegion": "Québec",
                "addressCountry": "CA",
            },
        },
        {"@type": "VirtualLocation", "url": "https://stream.example.org/entretiens"},
    ]
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert data["organizer"] == {
        "@type": "Organization",
        "name": "Alpha Cluster",
        "url": SITE + organizer.organization.get_absolute_url(),
    }
    assert data["superEvent"] == {
        "@type": "EventSeries",
        "name": "Entretiens",
        "url": SITE + url("events:series", "en", slug=series.slug),
    }
    assert "Hidden Draft" not in page.html


def test_a_webinar_without_a_place_is_attended_online(client, db):
    event = EventFactory(kind=EventKind.WEBINAR, venue="", city="", region="", country="")

    [data] = structured_data(get_page(client, url("events:detail", "en", slug=event.slug)))

    assert "location" not in data
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"


def test_text_that_closes_a_script_stays_inside_the_json_ld_block(client, db):
    description = 'Safe </script><script>alert("x")</script> & <!-- sound'
    organization = OrganizationFactory(description=description)

    page = get_page(client, url("organizations:detail", "en", slug=organization.slug))

    assert "</script><script>" not in page.html
    assert "<!--" not in page.select_one('script[type="application/ld+json"]').string
    assert structured_data(page)[0]["description"] == description


# What the viewer may not see stays out of the head ----------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_members_only_contacts_never_reach_the_share_tags_or_the_structured_data(client, db, lang):
    organization = OrganizationFactory(slug="quiet", description="A quiet association.")
    ContactFactory(
        organization=organization,
        name="Morgan Private",
        email="morgan@quiet.example.org",
        phone="+1 416 555 0199",
        visibility=Visibility.MEMBERS,
    )

    page = get_page(client, url("organizations:detail", lang, slug="quiet"))

    for private in ("Morgan Private", "morgan@quiet.example.org", "416 555 0199", "14165550199"):
        assert private not in page.html
    assert page.select(".contacts") == []


def test_a_draft_event_of_an_organization_is_named_nowhere_on_its_page(client, db):
    organization = OrganizationFactory(slug="host")
    EventOrganizationFactory(
        organization=organization, event__name="Secret summit", event__publication="draft"
    )

    page = get_page(client, url("organizations:detail", "en", slug="host"))

    assert "Secret summit" not in page.html
    assert structured_data(page)[0]["name"] == organization.name


# Last updated -------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("kind", ["organization", "agreement", "event"])
def test_a_record_page_says_when_it_was_last_updated(client, db, lang, kind):
    record = {"organization": OrganizationFactory, "agreement": AgreementFactory}.get(
        kind, EventFactory
    )()
    updated = datetime.datetime(2025, 3, 14, 23, 30, tzinfo=datetime.UTC)
    type(record).all_objects.filter(pk=record.pk).update(updated_at=updated)

    page = get_page(client, url(f"{kind}s:detail", lang, slug=record.slug))

    local = timezone.localtime(updated, zoneinfo.ZoneInfo(settings.TIME_ZONE))
    with translation.override(lang):
        shown = formats.date_format(local, "DATE_FORMAT")
    time = page.select_one(".last-updated time")
    assert time.attrs["datetime"] == local.isoformat()
    assert page.text_of(".last-updated") == f"{ui(lang, 'Last updated:')} {shown}"


# Reaching a partner ---------------------------------------------------------------------


def actions(page):
    """Each contact's actions: (link target, accessible text) in page order."""
    return [(link.attrs["href"], link.text) for link in page.select(".contacts .reach-action")]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_organization_page_offers_to_visit_its_website(client, bilingual_organization, lang):
    page = get_page(client, url("organizations:detail", lang, slug="gan"))

    link = page.select_one("header .reach-action")
    assert link.attrs["href"] == "https://www.gan.example.org/en/home"
    assert set(link.attrs["rel"].split()) == {"external", "noopener"}
    assert link.text == f"{ui(lang, 'Visit website')} www.gan.example.org"


def test_a_website_that_is_no_web_address_is_neither_linked_nor_given_to_search_engines(client, db):
    # Past the form's check (a script, an import that skipped validation).
    organization = OrganizationFactory(website="javascript:alert(1)")

    page = get_page(client, url("organizations:detail", "en", slug=organization.slug))

    assert page.select(".reach-action") == []
    assert "javascript:" not in page.html
    assert "sameAs" not in structured_data(page)[0]


def test_an_organization_without_a_website_offers_no_visit(client, db):
    organization = OrganizationFactory(website="")

    page = get_page(client, url("organizations:detail", "en", slug=organization.slug))

    assert page.select(".reach-action") == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_public_contacts_offer_email_and_call_actions_and_members_see_theirs_too(client, db, lang):
    association = OrganizationFactory(slug="reachable", country="CA")
    ContactFactory(
        organization=association,
        name="Ada Public",
        email="ada@reachable.example.org",
        phone="514 343-6111, ext. 41299",
        visibility=Visibility.PUBLIC,
    )
    ContactFactory(
        organization=association,
        name="Bea Members",
        email="bea@reachable.example.org",
        phone="+33 (0)4 78 00 00 00",
        visibility=Visibility.MEMBERS,
    )
    path = url("organizations:detail", lang, slug="reachable")

    anonymous = get_page(client, path)
    client.force_login(MemberFactory(association=association))
    member = get_page(client, path)

    def email(name, address):
        return (f"mailto:{address}", f"{ui(lang, 'Email %(name)s', name=name)} {address}")

    def call(name, uri, phone):
        return (uri, f"{ui(lang, 'Call %(name)s', name=name)} {phone}")

    public = [
        email("Ada Public", "ada@reachable.example.org"),
        call("Ada Public", "tel:+15143436111;ext=41299", "514 343-6111, ext. 41299"),
    ]
    members = [
        email("Bea Members", "bea@reachable.example.org"),
        call("Bea Members", "tel:+33478000000", "+33 (0)4 78 00 00 00"),
    ]
    assert actions(anonymous) == public
    assert actions(member) == public + members
    assert "bea@reachable.example.org" not in anonymous.html
    assert "78 00 00 00" not in anonymous.html


@pytest.mark.parametrize(
    ("phone", "country", "uri"),
    [
        ("514 343-6111, ext. 41299", "CA", "tel:+15143436111;ext=41299"),
        ("1-617-555-0100", "US", "tel:+16175550100"),
        ("+1 (514) 987-9389", "", "tel:+15149879389"),
        ("04 72 00 00 00", "FR", "tel:+33472000000"),
        ("+33 (0)4 72 00 00 00 poste 12", "FR", "tel:+33472000000;ext=12"),
        ("0033 4 72 00 00 00", "CA", "tel:+33472000000"),
        ("06 123 4567", "IT", "tel:061234567"),
        ("555 0100", "", "tel:5550100"),
        ("555 0100", "CA", "tel:5550100"),
        ("ask at the front desk", "CA", ""),
        ("12", "CA", ""),
        ("", "CA", ""),
    ],
)
def test_a_phone_number_becomes_a_tel_uri_dialled_from_anywhere_when_its_country_tells_how(
    phone, country, uri
):
    assert tel_uri(phone, country) == uri


def test_a_website_is_shown_by_its_host():
    assert website_host("https://www.bioquebec.com/en/?ref=1") == "www.bioquebec.com"
    assert website_host("") == ""
