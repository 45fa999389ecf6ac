"""Every public page, in English and in French, with the demo data of the five seed releases."""

import datetime
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation
from django_countries.fields import Country

from agreements.models import Agreement, AgreementKind, BenefitCategory, PartyRole
from demo.data import read_demo_data
from events.models import Event, EventRole
from organizations.models import Organization, RelationshipKind, Visibility
from tests.factories import (
    AgreementFactory,
    BenefitFactory,
    ContactFactory,
    EventFactory,
    OrganizationFactory,
    PartyFactory,
)
from tests.test_pages_helpers import LANGUAGES, get_page, label, ui, url


@pytest.fixture(autouse=True)
def _default_language():
    # LocaleMiddleware activates the language of each request and leaves it active in
    # the thread: without this, a French page would make the next test (ours or
    # another module's) build and read data in French.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


DEMO_AGREEMENTS = read_demo_data()["agreements"]
SEED_AGREEMENTS = [agreement["slug"] for agreement in DEMO_AGREEMENTS]

# Every public page, as (URL name, URL arguments, query string).
PUBLIC_PAGES = [
    ("home", {}, {}),
    ("organizations:list", {}, {}),
    ("organizations:detail", {"slug": "bioquebec"}, {}),
    ("organizations:detail", {"slug": "quebec-oncopole"}, {}),
    ("organizations:detail", {"slug": "clara"}, {}),
    ("organizations:detail", {"slug": "life-sciences-ontario"}, {}),
    ("agreements:list", {}, {}),
    *[("agreements:detail", {"slug": slug}, {}) for slug in SEED_AGREEMENTS],
    ("events:list", {}, {}),
    ("events:list", {}, {"when": "past"}),
    ("events:list", {}, {"when": "all"}),
    ("events:calendar_page", {}, {}),
    ("events:calendar_month", {"year": 2016, "month": 11}, {}),
    ("events:detail", {"slug": "montreal-trade-mission-lyon-2016"}, {}),
    ("events:series", {"slug": "bio-international-convention"}, {}),
    ("benefits:list", {}, {}),
    ("benefits:list", {}, {"association": "bioquebec"}),
    ("about", {}, {}),
    ("privacy", {}, {}),
]

TITLES = {agreement["slug"]: agreement for agreement in DEMO_AGREEMENTS}


def title(slug, lang):
    return TITLES[slug][f"title_{lang}"]


def capfirst(text):
    return text[:1].upper() + text[1:]


def role(lang, choice):
    return capfirst(label(lang, choice.label))


def party_rows(page):
    """The parties table: (organization, role) per row."""
    return [
        (row.select_one("th").text, row.select("td")[0].text)
        for row in page.select("section[aria-labelledby=parties-heading] tbody tr")
    ]


@pytest.fixture(autouse=True)
def _no_cached_key_numbers():
    # The home page caches its totals; a test must not see another test's.
    cache.clear()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_public_page_renders_in_the_language_of_its_address(client, demo_data, lang):
    # One test walks all pages: loading the demo data once per page would be slow.
    other = "fr" if lang == "en" else "en"
    seen = {}
    for name, kwargs, query in PUBLIC_PAGES:
        page = get_page(client, url(name, lang, query, **kwargs))
        seen[page.path] = (
            page.status,
            page.lang,
            page.response["Content-Language"],
            bool(page.h1),
            page.language_links(),
        )

    assert seen == {
        url(name, lang, query, **kwargs): (
            200,
            lang,
            lang,
            True,
            {other: url(name, other, query, **kwargs)},
        )
        for name, kwargs, query in PUBLIC_PAGES
    }


# Home ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "signed"),
    [
        ("en", ["March 2025", "8 March 2018", "21 June 2017", "23 November 2016"]),
        ("fr", ["mars 2025", "8 mars 2018", "21 juin 2017", "23 novembre 2016"]),
    ],
)
def test_home_lists_the_seed_agreements_most_recently_signed_first(client, demo_data, lang, signed):
    page = get_page(client, url("home", lang))

    assert page.texts("section[aria-labelledby=agreements-heading] .card-title") == [
        title("bioquebec-lso-mou-2025", lang),
        title("clara-quebec-oncopole-2018", lang),
        title("bioquebec-massbio-2017", lang),
        title("montreal-lyon-2016", lang),
        title("biopolisquebec-lso-mou", lang),
    ]
    assert page.texts("section[aria-labelledby=agreements-heading] .card .date") == signed
    metas = page.texts("section[aria-labelledby=agreements-heading] .card-meta")
    assert metas[4].endswith(ui(lang, "signing date unknown"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_home_shows_the_key_numbers_of_the_demo_data(client, demo_data, lang):
    page = get_page(client, url("home", lang))

    today = timezone.localdate()
    assert page.texts(".key-numbers strong") == [
        str(Organization.objects.count()),
        str(Agreement.objects.with_state(today).filter(state="in_force").count()),
        str(Agreement.objects.filter(benefits__isnull=False).distinct().count()),
        str(Event.objects.upcoming(today).count()),
    ]


@pytest.mark.parametrize(
    ("lang", "name", "dates"),
    [("en", "Québec – Ontario corridor summit", "May"), ("fr", "Sommet du corridor", "mai")],
)
def test_home_shows_upcoming_events_in_the_visitors_language(client, demo_data, lang, name, dates):
    next_year = timezone.localdate().year + 1
    EventFactory(
        name_en="Québec – Ontario corridor summit",
        name_fr="Sommet du corridor",
        start_date=datetime.date(next_year, 5, 12),
    )

    page = get_page(client, url("home", lang))

    assert page.texts("section[aria-labelledby=events-heading] .card-title") == [name]
    assert page.texts("section[aria-labelledby=events-heading] .date") == [
        f"12 {dates} {next_year}"
    ]


# Organizations -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "name"), [("en", "Québec Oncopole"), ("fr", "Oncopole du Québec")]
)
def test_directory_shows_organization_names_in_the_visitors_language(client, demo_data, lang, name):
    page = get_page(client, url("organizations:list", lang, {"q": "oncopole", "kind": "cluster"}))

    assert page.card_titles() == [name]
    assert page.texts(".card .tags li") == [{"en": "Oncology", "fr": "Oncologie"}[lang]]


@pytest.mark.parametrize(
    ("lang", "members", "events"),
    [
        (
            "en",
            "about 270 (as of March 2025)",
            [
                "BIO International Convention 2017",
                "MassBio delegation visit to Québec 2016",
                "Québec life sciences mission to Boston 2016",
            ],
        ),
        (
            "fr",
            "mars 2025",
            [
                "Congrès international BIO 2017",
                "Visite d'une délégation de MassBio au Québec 2016",
                "Mission québécoise en sciences de la vie à Boston 2016",
            ],
        ),
    ],
)
def test_bioquebec_page_shows_its_agreements_partners_events_and_public_contacts(
    client, demo_data, lang, members, events
):
    page = get_page(client, url("organizations:detail", lang, slug="bioquebec"))

    assert page.h1 == "BIOQuébec"
    assert page.facts()[ui(lang, "Location")] == (
        f"Laval, Québec, {label(lang, Country('CA').name)} · {ui(lang, 'Corridors from here')}"
    )
    assert page.facts()[ui(lang, "Founded")] == "1991"
    assert members in page.facts()[ui(lang, "Members")]
    assert page.texts("section[aria-labelledby=agreements-heading] .card-title") == [
        title("bioquebec-lso-mou-2025", lang),
        title("bioquebec-massbio-2017", lang),
    ]
    # A set: where "Délégation" sorts among capitals depends on the database collation.
    assert set(
        page.texts("section[aria-labelledby=partners-heading] li > a:not(.history-link)")
    ) == {
        "DPI-MESI",
        "Life Sciences Ontario",
        "MassBio",
        {"en": "Québec Delegation in Boston", "fr": "Délégation du Québec à Boston"}[lang],
    }
    assert page.texts("section[aria-labelledby=events-heading] .card-title") == events
    assert page.texts(".contacts strong") == ["Anie Perrault", "Benoît Larose"]


@pytest.mark.parametrize(
    ("lang", "name", "since", "note"),
    [
        ("en", "Québec Oncopole", "February 2017", "Initial investment of $15 million."),
        (
            "fr",
            "Oncopole du Québec",
            "février 2017",
            "Investissement initial de 15 millions de dollars.",
        ),
    ],
)
def test_oncopole_page_shows_its_french_name_and_dated_relationships(
    client, demo_data, lang, name, since, note
):
    page = get_page(client, url("organizations:detail", lang, slug="quebec-oncopole"))

    assert page.h1 == name
    created_by = label(lang, RelationshipKind.CREATED_BY.label)
    funded_by = label(lang, RelationshipKind.FUNDED_BY.label)
    assert page.texts("section[aria-labelledby=relationships-heading] li") == [
        f"{name} {created_by} Fonds de recherche du Québec – Santé "
        f"({ui(lang, 'since %(date)s', date=since)})",
        f"{name} {funded_by} Merck Canada. {note}",
    ]


@pytest.mark.parametrize(
    ("lang", "heading"),
    [
        ("en", "Lyon Auvergne Rhône-Alpes Cancer Cluster (CLARA)"),
        ("fr", "Cancéropôle Lyon Auvergne-Rhône-Alpes (CLARA)"),
    ],
)
def test_clara_page_shows_its_name_with_its_acronym(client, demo_data, lang, heading):
    page = get_page(client, url("organizations:detail", lang, slug="clara"))

    assert page.h1 == heading
    assert page.texts(".contacts strong") == ["Olivier Exertier", "Véronique Trillet-Lenoir"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_contacts_visible_to_members_only_never_reach_a_public_page(client, demo_data, lang):
    lso = get_page(client, url("organizations:detail", lang, slug="life-sciences-ontario"))
    invivo = get_page(client, url("organizations:detail", lang, slug="montreal-invivo"))

    assert lso.select(".contacts") == []
    assert invivo.select(".contacts") == []
    for page in (lso, invivo):
        for private in ("Jason Field", "Frank Béraud", "416 426 7293", "fberaud@"):
            assert private not in page.html


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_signer_is_named_only_when_the_contact_is_public(client, db, lang):
    agreement = AgreementFactory()
    public = PartyFactory(agreement=agreement, organization__name="Alpha")
    public.signed_by = ContactFactory(organization=public.organization, name="Ada Public")
    public.signed_by_title = "Chair"
    public.save()
    private = PartyFactory(agreement=agreement, organization__name="Beta")
    private.signed_by = ContactFactory(
        organization=private.organization, name="Bob Private", visibility=Visibility.MEMBERS
    )
    private.save()

    page = get_page(client, url("agreements:detail", lang, slug=agreement.slug))

    rows = page.select("section[aria-labelledby=parties-heading] tbody tr")
    assert [row.select("td")[1].text for row in rows] == ["Ada Public, Chair", "—"]
    assert "Bob Private" not in page.html


# Agreements ----------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_registry_lists_the_five_seed_agreements_most_recent_first(client, demo_data, lang):
    page = get_page(client, url("agreements:list", lang))

    assert page.card_titles() == [
        title("bioquebec-lso-mou-2025", lang),
        title("clara-quebec-oncopole-2018", lang),
        title("bioquebec-massbio-2017", lang),
        title("montreal-lyon-2016", lang),
        title("biopolisquebec-lso-mou", lang),
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("slug", SEED_AGREEMENTS)
def test_each_seed_agreement_page_shows_its_title_summary_and_parties(
    client, demo_data, slug, lang
):
    seed = TITLES[slug]

    page = get_page(client, url("agreements:detail", lang, slug=slug))

    assert page.h1 == seed[f"title_{lang}"]
    assert " ".join(seed[f"summary_{lang}"].split()) in page.main_text
    with translation.override(lang):
        expected = [
            (party.organization.name, role(lang, PartyRole(party.role)))
            for party in Agreement.objects.get(slug=slug).party_set.all()
        ]
    assert sorted(party_rows(page)) == sorted(expected)


@pytest.mark.parametrize(
    ("lang", "signed", "categories", "descriptions"),
    [
        (
            "en",
            "March 2025",
            [
                BenefitCategory.BUSINESS_DEVELOPMENT,
                BenefitCategory.EVENT_ACCESS,
                BenefitCategory.PREFERENTIAL_RATES,
            ],
            [
                "More networking and business development through joint activities and "
                "trade missions.",
                "Access to events run across both associations on knowledge sharing, "
                "influence and partnerships in the life sciences.",
                "Member rates at every event the two associations organize together.",
            ],
        ),
        (
            "fr",
            "mars 2025",
            [
                BenefitCategory.BUSINESS_DEVELOPMENT,
                BenefitCategory.EVENT_ACCESS,
                BenefitCategory.PREFERENTIAL_RATES,
            ],
            [
                "Missions commerciales et activités conjointes pour élargir le réseau et les "
                "occasions d'affaires des membres.",
                "Accès à des événements communs aux deux associations sur le partage des "
                "connaissances, l'influence et les partenariats en sciences de la vie.",
                "Tarifs membres pour tous les événements organisés ensemble par les deux "
                "associations.",
            ],
        ),
    ],
)
def test_bioquebec_lso_2025_page_shows_the_month_its_three_benefits_and_both_signatories(
    client, demo_data, lang, signed, categories, descriptions
):
    page = get_page(client, url("agreements:detail", lang, slug="bioquebec-lso-mou-2025"))

    assert page.facts() == {ui(lang, "Signed"): signed, ui(lang, "Corridors"): "Ontario – Québec"}
    assert page.texts(".benefit h3") == [
        capfirst(label(lang, category.label)) for category in categories
    ]
    assert [benefit.select("p")[0].text for benefit in page.select(".benefit")] == descriptions
    assert page.texts(".benefit p.muted") == 3 * [
        f"{ui(lang, 'For the members of')} BIOQuébec {ui(lang, 'and')} Life Sciences Ontario"
    ]
    signatory = role(lang, PartyRole.SIGNATORY)
    assert party_rows(page) == [
        ("BIOQuébec", signatory),
        ("Life Sciences Ontario", signatory),
    ]


@pytest.mark.parametrize(
    ("lang", "signed", "event", "delegation"),
    [
        ("en", "21 June 2017", "BIO International Convention 2017", "Québec Delegation in Boston"),
        ("fr", "21 juin 2017", "Congrès international BIO 2017", "Délégation du Québec à Boston"),
    ],
)
def test_bioquebec_massbio_page_shows_the_day_san_diego_bio_2017_and_the_two_supporters(
    client, demo_data, lang, signed, event, delegation
):
    page = get_page(client, url("agreements:detail", lang, slug="bioquebec-massbio-2017"))

    facts = page.facts()
    assert facts[ui(lang, "Signed")] == signed
    assert facts[ui(lang, "Place")] == "San Diego"
    assert facts[ui(lang, "Signed during")] == event
    assert page.fact_links(ui(lang, "Signed during")) == [
        url("events:detail", lang, slug="bio-2017")
    ]
    signatory, supporter = role(lang, PartyRole.SIGNATORY), role(lang, PartyRole.SUPPORTER)
    assert sorted(party_rows(page)) == sorted(
        [
            ("BIOQuébec", signatory),
            ("MassBio", signatory),
            ("DPI-MESI", supporter),
            (delegation, supporter),
        ]
    )


@pytest.mark.parametrize(
    ("lang", "signed", "event"),
    [
        (
            "en",
            "8 March 2018",
            "Alternating Meeting of the Prime Ministers of Québec and France 2018",
        ),
        (
            "fr",
            "8 mars 2018",
            "Rencontre alternée des premiers ministres du Québec et de la France 2018",
        ),
    ],
)
def test_clara_oncopole_page_shows_the_day_and_the_hotel_de_matignon(
    client, demo_data, lang, signed, event
):
    page = get_page(client, url("agreements:detail", lang, slug="clara-quebec-oncopole-2018"))

    facts = page.facts()
    assert facts[ui(lang, "Signed")] == signed
    assert facts[ui(lang, "Place")] == "Hôtel de Matignon, Paris"
    assert facts[ui(lang, "Signed during")] == event
    assert len(party_rows(page)) == 10


@pytest.mark.parametrize("lang", LANGUAGES)
def test_biopolisquebec_lso_page_says_the_signing_date_is_not_known(client, demo_data, lang):
    page = get_page(client, url("agreements:detail", lang, slug="biopolisquebec-lso-mou"))

    assert page.facts() == {
        ui(lang, "Signed"): ui(lang, "Date not known"),
        ui(lang, "Corridors"): "Ontario – Québec",
    }


@pytest.mark.parametrize(
    ("lang", "signed", "dates"),
    [
        ("en", "23 November 2016", "21–23 November 2016"),
        ("fr", "23 novembre 2016", "21–23 novembre 2016"),
    ],
)
def test_montreal_lyon_agreement_leads_to_its_three_day_signing_mission(
    client, demo_data, lang, signed, dates
):
    agreement = get_page(client, url("agreements:detail", lang, slug="montreal-lyon-2016"))
    [mission_url] = agreement.fact_links(ui(lang, "Signed during"))

    mission = get_page(client, mission_url)

    assert agreement.facts()[ui(lang, "Signed")] == signed
    assert mission_url == url("events:detail", lang, slug="montreal-trade-mission-lyon-2016")
    assert mission.facts()[ui(lang, "When")] == dates
    assert mission.texts("section[aria-labelledby=signed-heading] .card-title") == [
        title("montreal-lyon-2016", lang)
    ]


def test_agreement_page_lists_the_signatories_first(client, demo_data):
    page = get_page(client, url("agreements:detail", "en", slug="clara-quebec-oncopole-2018"))

    assert [organization for organization, _role in party_rows(page)][:2] == [
        "Lyon Auvergne Rhône-Alpes Cancer Cluster",
        "Québec Oncopole",
    ]


# Events --------------------------------------------------------------------------

PAST_EVENTS = {}
PAST_EVENTS["en"] = [
    "Entretiens Jacques Cartier 2018",
    "Alternating Meeting of the Prime Ministers of Québec and France 2018",
    "BIO International Convention 2018",
    "BIO International Convention 2017",
    "Biovision World Life Sciences Forum 2017",
    "Entretiens Jacques Cartier 2017",
    "Montréal life sciences trade mission to Lyon 2016",
    "MassBio delegation visit to Québec 2016",
    "Québec life sciences mission to Boston 2016",
    "Québec – Ontario life sciences corridor strategic workshop",
    "BIO International Convention 2012",
    "BiopolisQuébec – Life Sciences Ontario meeting in Toronto",
]
PAST_EVENTS["fr"] = [
    "Entretiens Jacques Cartier 2018",
    "Rencontre alternée des premiers ministres du Québec et de la France 2018",
    "Congrès international BIO 2018",
    "Congrès international BIO 2017",
    "Biovision, forum mondial des sciences de la vie 2017",
    "Entretiens Jacques Cartier 2017",
    "Mission commerciale montréalaise en sciences de la vie à Lyon 2016",
    "Visite d'une délégation de MassBio au Québec 2016",
    "Mission québécoise en sciences de la vie à Boston 2016",
    "Atelier stratégique du corridor Québec – Ontario des sciences de la vie",
    "Congrès international BIO 2012",
    "Rencontre BiopolisQuébec – Life Sciences Ontario à Toronto",
]


def upcoming_summit():
    return EventFactory(
        name_en="Corridor summit",
        name_fr="Sommet du corridor",
        start_date=timezone.localdate() + datetime.timedelta(days=40),
    )


@pytest.mark.parametrize(
    ("lang", "name"), [("en", "Corridor summit"), ("fr", "Sommet du corridor")]
)
def test_events_page_shows_only_upcoming_events_by_default(client, demo_data, lang, name):
    upcoming_summit()

    page = get_page(client, url("events:list", lang))

    assert page.card_titles() == [name]
    assert page.form_values()["when"] == "upcoming"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_past_events_are_listed_most_recent_first(client, demo_data, lang):
    upcoming_summit()

    page = get_page(client, url("events:list", lang, {"when": "past"}))

    assert page.h1 == ui(lang, "Past events")
    assert page.card_titles() == PAST_EVENTS[lang]
    assert (
        page.texts(".card .date")[6]
        == {"en": "21–23 November 2016", "fr": "21–23 novembre 2016"}[lang]
    )
    assert page.form_values()["when"] == "past"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_all_events_are_listed_latest_first(client, demo_data, lang):
    upcoming_summit()

    page = get_page(client, url("events:list", lang, {"when": "all"}))

    assert page.h1 == ui(lang, "All events")
    assert page.card_titles() == [
        {"en": "Corridor summit", "fr": "Sommet du corridor"}[lang],
        *PAST_EVENTS[lang],
    ]


@pytest.mark.parametrize(
    ("lang", "name", "participants"),
    [
        ("en", "Montréal life sciences trade mission to Lyon 2016", ["Acclr", "Montréal InVivo"]),
        (
            "fr",
            "Mission commerciale montréalaise en sciences de la vie à Lyon 2016",
            ["Acclr", "Montréal InVivo"],
        ),
    ],
)
def test_event_page_shows_its_dates_place_participants_and_the_agreement_signed_there(
    client, demo_data, lang, name, participants
):
    page = get_page(client, url("events:detail", lang, slug="montreal-trade-mission-lyon-2016"))

    assert page.h1 == name
    assert page.facts() == {
        ui(lang, "When"): {"en": "21–23 November 2016", "fr": "21–23 novembre 2016"}[lang],
        ui(lang, "Where"): f"Lyon, Auvergne-Rhône-Alpes, {label(lang, Country('FR').name)}",
    }
    rows = page.select("section[aria-labelledby=organizations-heading] tbody tr")
    participant = capfirst(label(lang, EventRole.PARTICIPANT.label))
    assert [(r.select_one("th").text, r.select_one("td").text) for r in rows] == [
        (organization, participant) for organization in participants
    ]
    assert page.texts("section[aria-labelledby=signed-heading] .card-title") == [
        title("montreal-lyon-2016", lang)
    ]


@pytest.mark.parametrize(
    ("lang", "name", "editions", "dates"),
    [
        (
            "en",
            "BIO International Convention",
            [
                "BIO International Convention 2018",
                "BIO International Convention 2017",
                "BIO International Convention 2012",
            ],
            ["2018", "June 2017", "June 2012"],
        ),
        (
            "fr",
            "Congrès international BIO",
            [
                "Congrès international BIO 2018",
                "Congrès international BIO 2017",
                "Congrès international BIO 2012",
            ],
            ["2018", "juin 2017", "juin 2012"],
        ),
    ],
)
def test_series_page_lists_its_past_editions_at_their_precision(
    client, demo_data, lang, name, editions, dates
):
    page = get_page(client, url("events:series", lang, slug="bio-international-convention"))

    assert page.h1 == name
    assert page.texts("section[aria-labelledby=upcoming-heading] .card-title") == []
    assert page.texts("section[aria-labelledby=past-heading] .card-title") == editions
    assert page.texts("section[aria-labelledby=past-heading] .date") == dates
    assert page.links("section[aria-labelledby=past-heading] a.more") == [
        url("events:list", lang) + "?series=bio-international-convention&when=all"
    ]


# Benefits ------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_benefits_page_offers_the_associations_whose_members_have_benefits(client, demo_data, lang):
    page = get_page(client, url("benefits:list", lang))

    links = page.select("section[aria-labelledby=granting-heading] a")
    assert {(a.text, a.attrs["href"]) for a in links} == {
        ("BIOQuébec", "?association=bioquebec"),
        ("Life Sciences Ontario", "?association=life-sciences-ontario"),
        ("MassBio", "?association=massbio"),
        ("Montréal InVivo", "?association=montreal-invivo"),
        ("Lyonbiopôle", "?association=lyonbiopole"),
        ("i-Care Cluster", "?association=i-care-cluster"),
        (
            {
                "en": "Lyon Auvergne Rhône-Alpes Cancer Cluster",
                "fr": "Cancéropôle Lyon Auvergne-Rhône-Alpes",
            }[lang],
            "?association=clara",
        ),
        (
            {"en": "Québec Oncopole", "fr": "Oncopole du Québec"}[lang],
            "?association=quebec-oncopole",
        ),
    }
    assert page.form_values() == {"association": ""}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_benefits_association_box_is_a_list_of_the_granting_associations_by_name(
    client, demo_data, lang
):
    page = get_page(client, url("benefits:list", lang))

    box = page.select_one("main form select[name=association]")
    options = [(option.attrs["value"], option.text) for option in box.select("option")]
    assert options == [
        ("", ui(lang, "Choose an association")),
        # The same associations as the links below it, in the same order (by name).
        *(
            (a.attrs["href"].removeprefix("?association="), a.text)
            for a in page.select("section[aria-labelledby=granting-heading] a")
        ),
    ]
    assert len(options) == 1 + 8
    assert page.text_of("main form label[for=id_association]").rstrip(" :\xa0") == ui(
        lang, "Association"
    )


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(
    ("typed", "slug", "name"),
    [
        ("montreal invivo", "montreal-invivo", {"en": "Montréal InVivo", "fr": "Montréal InVivo"}),
        (
            "Quebec Oncopole",
            "quebec-oncopole",
            {"en": "Québec Oncopole", "fr": "Oncopole du Québec"},
        ),
        (
            "ONCOPOLE DU QUEBEC",
            "quebec-oncopole",
            {"en": "Québec Oncopole", "fr": "Oncopole du Québec"},
        ),
        ("bioquebec", "bioquebec", {"en": "BIOQuébec", "fr": "BIOQuébec"}),
        ("massbio", "massbio", {"en": "MassBio", "fr": "MassBio"}),
    ],
)
def test_an_association_typed_in_any_case_without_accents_shows_its_benefits(
    client, demo_data, typed, slug, name, lang
):
    page = get_page(client, url("benefits:list", lang, {"association": typed}))

    assert page.status == 200
    assert page.text_of("main h2") == ui(
        lang, "What members of %(name)s can claim today", name=name[lang]
    )
    assert page.form_values() == {"association": slug}
    assert page.select("li.benefit") != []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_association_whose_members_have_no_benefit_is_named_by_its_old_link(
    client, demo_data, lang
):
    """Older addresses give any organization's identifier: the page answers that its
    members have none, and the box shows it chosen."""
    page = get_page(client, url("benefits:list", lang, {"association": "biopolisquebec"}))

    assert page.status == 200
    assert page.select("li.benefit") == []
    assert page.form_values() == {"association": "biopolisquebec"}
    assert page.select("main form select option")[-1].text == "BiopolisQuébec"


BIOQUEBEC_BENEFITS = {
    "en": [
        (
            BenefitCategory.BUSINESS_DEVELOPMENT,
            [
                (
                    "More networking and business development through joint activities and "
                    "trade missions.",
                    "bioquebec-lso-mou-2025",
                ),
                (
                    "Introductions and business ties between BIOQuébec and MassBio members.",
                    "bioquebec-massbio-2017",
                ),
            ],
        ),
        (
            BenefitCategory.EVENT_ACCESS,
            [
                (
                    "Access to events run across both associations on knowledge sharing, "
                    "influence and partnerships in the life sciences.",
                    "bioquebec-lso-mou-2025",
                )
            ],
        ),
        (
            BenefitCategory.PREFERENTIAL_RATES,
            [
                (
                    "Member rates at every event the two associations organize together.",
                    "bioquebec-lso-mou-2025",
                )
            ],
        ),
    ],
    "fr": [
        (
            BenefitCategory.BUSINESS_DEVELOPMENT,
            [
                # Ordered by the agreement's title: "Entente…" before "Protocole…".
                (
                    "Mises en relation et liens d'affaires entre membres de BIOQuébec et de "
                    "MassBio.",
                    "bioquebec-massbio-2017",
                ),
                (
                    "Missions commerciales et activités conjointes pour élargir le réseau et "
                    "les occasions d'affaires des membres.",
                    "bioquebec-lso-mou-2025",
                ),
            ],
        ),
        (
            BenefitCategory.EVENT_ACCESS,
            [
                (
                    "Accès à des événements communs aux deux associations sur le partage des "
                    "connaissances, l'influence et les partenariats en sciences de la vie.",
                    "bioquebec-lso-mou-2025",
                )
            ],
        ),
        (
            BenefitCategory.PREFERENTIAL_RATES,
            [
                (
                    "Tarifs membres pour tous les événements organisés ensemble par les deux "
                    "associations.",
                    "bioquebec-lso-mou-2025",
                )
            ],
        ),
    ],
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_bioquebec_members_see_their_four_benefits_by_category_with_the_agreement_behind_each(
    client, demo_data, lang
):
    page = get_page(client, url("benefits:list", lang, {"association": "bioquebec"}))

    shown = [
        (
            section.select_one("h3").text,
            [
                (
                    item.select("p")[0].text,
                    item.select_one("p.muted a").text,
                    item.select_one("p.muted a").attrs["href"],
                )
                for item in section.select("li.benefit")
            ],
        )
        for section in page.select("section.benefit-category")
    ]
    assert shown == [
        (
            capfirst(label(lang, category.label)),
            [
                (
                    description,
                    title(slug, lang),
                    url("agreements:detail", lang, slug=slug),
                )
                for description, slug in benefits
            ],
        )
        for category, benefits in BIOQUEBEC_BENEFITS[lang]
    ]
    assert page.form_values() == {"association": "bioquebec"}


# About and privacy -----------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(
    ("name", "heading"), [("about", "About Passerelle"), ("privacy", "Privacy")]
)
def test_about_and_privacy_pages_have_their_heading_in_the_visitors_language(
    client, db, name, heading, lang
):
    page = get_page(client, url(name, lang))

    assert page.status == 200
    assert page.lang == lang
    assert page.h1 == ui(lang, heading)


# Navigation ----------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_seed_agreement_is_at_most_two_clicks_from_the_home_page(client, demo_data, lang):
    home = get_page(client, url("home", lang))
    one_click = home.internal_links()
    reached = set(one_click)
    for link in one_click:
        page = get_page(client, link)
        assert page.status == 200, link
        reached.update(page.internal_links())

    agreement_pages = {url("agreements:detail", lang, slug=slug) for slug in SEED_AGREEMENTS}
    assert agreement_pages <= {urlsplit(link).path for link in reached}


@pytest.mark.parametrize(("lang", "other"), [("en", "fr"), ("fr", "en")])
def test_language_switcher_keeps_the_page_and_its_query_string(client, demo_data, lang, other):
    page = get_page(client, url("agreements:list", lang, {"kind": "mou"}))

    assert page.language_links() == {other: url("agreements:list", other, {"kind": "mou"})}
    # Search engines are pointed at the list itself in each language, not at this
    # filtered view of it (tests/test_sharing.py).
    alternates = page.select("link[rel=alternate][hreflang]")
    assert {link.attrs["hreflang"]: link.attrs["href"] for link in alternates} == {
        "en": "http://testserver" + url("agreements:list", "en"),
        "fr": "http://testserver" + url("agreements:list", "fr"),
        "x-default": "http://testserver" + url("agreements:list", "en"),
    }


def test_language_switcher_keeps_several_filters_and_the_page_number(client, db):
    for number in range(25):
        PartyFactory(
            agreement=AgreementFactory(title=f"Agreement {number:02}", kind=AgreementKind.MOU),
            organization__name=f"Party {number:02}",
        )
    query = {"kind": "mou", "status": "in_force", "page": "2"}

    page = get_page(client, url("agreements:list", "en", query))

    assert page.language_links() == {"fr": url("agreements:list", "fr", query)}
    french = get_page(client, page.language_links()["fr"])
    assert french.status == 200
    assert french.form_values()["kind"] == "mou"
    assert french.card_titles() == [f"Agreement {number:02}" for number in range(20, 25)]


@pytest.mark.parametrize(("lang", "other"), [("en", "fr"), ("fr", "en")])
def test_language_switcher_on_a_detail_page_leads_to_the_same_record(
    client, demo_data, lang, other
):
    page = get_page(client, url("organizations:detail", lang, slug="quebec-oncopole"))

    target = get_page(client, page.language_links()[other])

    assert target.path == url("organizations:detail", other, slug="quebec-oncopole")
    assert target.h1 == {"en": "Québec Oncopole", "fr": "Oncopole du Québec"}[other]


# Alphabetical order in French ------------------------------------------------------
# Names are sorted as the visitor reads them: the French name, else the English one.
# ASCII names keep these orders independent of the database collation.


NAMES = [
    # English, French (None or blank: shown in English).
    ("Charlie Health", None),
    ("Alpha Biotech", ""),
    ("Zulu Institute", "Bravo Institut"),
]
ALPHABETICAL = {
    "en": ["Alpha Biotech", "Charlie Health", "Zulu Institute"],
    "fr": ["Alpha Biotech", "Bravo Institut", "Charlie Health"],
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_directory_lists_organizations_alphabetically_by_the_name_shown(client, db, lang):
    for name_en, name_fr in NAMES:
        OrganizationFactory(name_en=name_en, name_fr=name_fr)

    page = get_page(client, url("organizations:list", lang))

    assert page.card_titles() == ALPHABETICAL[lang]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_organization_page_lists_partners_alphabetically_by_the_name_shown(client, db, lang):
    hub = OrganizationFactory(name_en="Hub")
    agreement = AgreementFactory()
    PartyFactory(agreement=agreement, organization=hub)
    for name_en, name_fr in NAMES:
        PartyFactory(
            agreement=agreement, organization=OrganizationFactory(name_en=name_en, name_fr=name_fr)
        )

    page = get_page(client, url("organizations:detail", lang, slug=hub.slug))

    assert (
        page.texts("section[aria-labelledby=partners-heading] li > a:not(.history-link)")
        == ALPHABETICAL[lang]
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_agreement_page_lists_parties_of_one_role_alphabetically_by_the_name_shown(
    client, db, lang
):
    agreement = AgreementFactory()
    for name_en, name_fr in NAMES:
        PartyFactory(
            agreement=agreement, organization=OrganizationFactory(name_en=name_en, name_fr=name_fr)
        )

    page = get_page(client, url("agreements:detail", lang, slug=agreement.slug))

    assert [organization for organization, _role in party_rows(page)] == ALPHABETICAL[lang]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_benefits_page_offers_associations_alphabetically_by_the_name_shown(client, db, lang):
    for name_en, name_fr in NAMES:
        BenefitFactory().granted_to.set([OrganizationFactory(name_en=name_en, name_fr=name_fr)])

    page = get_page(client, url("benefits:list", lang))

    assert page.texts("section[aria-labelledby=granting-heading] li") == ALPHABETICAL[lang]


def test_an_event_page_lists_an_agreement_signed_there_before_it_has_parties(client, db):
    event = EventFactory(name="Signing Forum", slug="signing-forum")
    AgreementFactory(title="Draft MOU without parties", signing_event=event)

    page = get_page(client, url("events:detail", slug="signing-forum"))

    assert page.texts("section[aria-labelledby=signed-heading] .card-title") == [
        "Draft MOU without parties"
    ]
