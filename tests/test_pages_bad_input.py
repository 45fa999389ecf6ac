"""Bad input never gives a 500: it gives a page that says what is wrong.

Invalid filter values give status 400 with the error next to the field; free
text that matches nothing gives an empty list (200); page numbers that do not
exist, including those past the browsing cap, give status 404 with the reason
on the list page itself.
"""

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.formats import number_format

from agreements.models import Agreement, AgreementKind
from events.models import Event, EventKind
from organizations.models import Organization, OrganizationKind
from portal import browse
from tests.factories import (
    AgreementFactory,
    BenefitFactory,
    EventFactory,
    OrganizationFactory,
    SeriesFactory,
)
from tests.test_pages_helpers import LANGUAGES, get_page, ui, ui_count, url


@pytest.fixture(autouse=True)
def _default_language():
    # LocaleMiddleware activates the language of each request and leaves it active in
    # the thread: without this, a French page would make the next test (ours or
    # another module's) build and read data in French.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


LIST_PAGES = ["organizations:list", "agreements:list", "events:list"]
LIST_HEADINGS = {
    "organizations:list": "Organizations",
    "agreements:list": "Agreements",
    "events:list": "Upcoming events",
}
LONG = "x" * 10_000
SQL = "'; DROP TABLE organizations_organization--"
SCRIPT = "<script>alert(1)</script>"


def invalid_choice(lang, value):
    return ui(
        lang, "Select a valid choice. %(value)s is not one of the available choices.", value=value
    )


def invalid_model_choice(lang):
    return ui(lang, "Select a valid choice. That choice is not one of the available choices.")


def too_long(lang, limit, length):
    return ui_count(
        lang,
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
        limit,
        limit_value=limit,
        show_value=length,
    )


def no_organization(lang, value):
    return ui(lang, "No organization matches “%(value)s”.", value=value)


def several_organizations(lang, value, names):
    return ui(
        lang,
        "Several organizations match “%(value)s”: %(names)s. Type the full name.",
        value=value,
        names=names,
    )


ERRORS = {
    "choice": invalid_choice,
    "model_choice": lambda lang, value: invalid_model_choice(lang),
    "null": lambda lang, value: ui(lang, "Null characters are not allowed."),
    "whole_number": lambda lang, value: ui(lang, "Enter a whole number."),
    "year_max": lambda lang, value: ui(
        lang, "Ensure this value is less than or equal to %(limit_value)s.", limit_value=2100
    ),
    "year_min": lambda lang, value: ui(
        lang, "Ensure this value is greater than or equal to %(limit_value)s.", limit_value=1900
    ),
    "date": lambda lang, value: ui(lang, "Enter a valid date."),
    "no_organization": no_organization,
    "long_200": lambda lang, value: too_long(lang, 200, len(value)),
    "long_100": lambda lang, value: too_long(lang, 100, len(value)),
}

# (list, parameter, value, error): every one gives status 400 and that error.
INVALID = [
    ("organizations:list", "country", "ZZ", "choice"),
    ("organizations:list", "country", LONG, "choice"),
    ("organizations:list", "kind", "spaceship", "choice"),
    ("organizations:list", "kind", SQL, "choice"),
    ("organizations:list", "sector", "astrology", "model_choice"),
    ("organizations:list", "sector", LONG, "model_choice"),
    ("organizations:list", "sector", SCRIPT, "model_choice"),
    ("organizations:list", "sector", "\x00", "null"),
    ("organizations:list", "region", LONG, "long_100"),
    ("organizations:list", "region", "Qu\x00ébec", "null"),
    ("organizations:list", "q", LONG, "long_200"),
    ("organizations:list", "q", "\x00", "null"),
    ("organizations:list", "partner", "Nobody at all", "no_organization"),
    ("organizations:list", "partner", SQL, "no_organization"),
    ("organizations:list", "partner", LONG, "long_200"),
    ("organizations:list", "partner", "\x00", "null"),
    ("agreements:list", "party", "Nobody at all", "no_organization"),
    ("agreements:list", "party", SCRIPT, "no_organization"),
    ("agreements:list", "party", "\x00", "null"),
    ("agreements:list", "corridor", "quebec-mars", "choice"),
    ("agreements:list", "country", "XX", "choice"),
    ("agreements:list", "other_country", "fr", "choice"),
    ("agreements:list", "region", LONG, "long_100"),
    ("agreements:list", "kind", "treaty", "choice"),
    ("agreements:list", "status", "lost", "choice"),
    ("agreements:list", "signed_from", "twenty", "whole_number"),
    ("agreements:list", "signed_from", "2o17", "whole_number"),
    ("agreements:list", "signed_from", "2017.5", "whole_number"),
    ("agreements:list", "signed_from", "\x00", "whole_number"),
    ("agreements:list", "signed_to", "99999", "year_max"),
    ("agreements:list", "signed_to", "99999999999999999999", "year_max"),
    ("agreements:list", "signed_from", "-5", "year_min"),
    ("agreements:list", "signed_to", LONG, "whole_number"),
    ("agreements:list", "theme", "astrology", "model_choice"),
    ("agreements:list", "theme", "\x00", "null"),
    ("agreements:list", "q", LONG, "long_200"),
    ("agreements:list", "has_benefits", "maybe", "choice"),
    ("agreements:list", "has_benefits", "yes", "choice"),
    ("agreements:list", "has_benefits", "\x00", "choice"),
    ("agreements:list", "has_benefits", LONG, "choice"),
    ("events:list", "when", "tomorrow", "choice"),
    ("events:list", "when", "\x00", "choice"),
    ("events:list", "series", "olympics", "model_choice"),
    ("events:list", "series", LONG, "model_choice"),
    ("events:list", "series", "\x00", "null"),
    ("events:list", "kind", "party", "choice"),
    ("events:list", "country", "Canada", "choice"),
    ("events:list", "organizer", "Nobody at all", "no_organization"),
    ("events:list", "organizer", "\x00", "null"),
    ("events:list", "start_from", "2019-02-30", "date"),
    ("events:list", "start_from", "99999-01-01", "date"),
    ("events:list", "start_from", "yesterday", "date"),
    ("events:list", "start_from", LONG, "date"),
    ("events:list", "start_to", "2019-13-01", "date"),
    ("events:list", "start_to", "\x00", "date"),
    ("events:list", "q", LONG, "long_200"),
]


def short(value):
    return value if len(value) < 30 else f"{value[:10]}…({len(value)} characters)"


@pytest.fixture
def some_records(db):
    hub = OrganizationFactory(name="Hub")
    SeriesFactory(name="BIO", slug="bio")
    AgreementFactory()
    EventFactory()
    return hub


@pytest.mark.parametrize(
    ("name", "parameter", "value", "error"),
    INVALID,
    ids=[f"{n}-{p}-{short(v)!r}" for n, p, v, _e in INVALID],
)
def test_invalid_filter_value_gives_400_with_the_error_next_to_the_field(
    client, some_records, name, parameter, value, error
):
    page = get_page(client, url(name, query={parameter: value}))

    assert page.status == 400
    assert page.field_errors(parameter) == [ERRORS[error]("en", value)]
    assert page.errors() == page.field_errors(parameter)
    assert page.result_count() == ui(
        "en", "Some filters could not be understood; correct them to see results."
    )
    assert page.card_titles() == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_invalid_filters_are_explained_in_the_visitors_language(client, some_records, lang):
    page = get_page(
        client,
        url("agreements:list", lang, {"country": "ZZ", "signed_from": "99999", "kind": "mou"}),
    )

    assert page.status == 400
    assert page.lang == lang
    assert page.field_errors("country") == [invalid_choice(lang, "ZZ")]
    assert page.field_errors("signed_from") == [ERRORS["year_max"](lang, "99999")]
    assert page.field_errors("kind") == []
    assert page.form_values()["kind"] == "mou"
    assert page.result_count() == ui(
        lang, "Some filters could not be understood; correct them to see results."
    )


@pytest.mark.parametrize("value", [SCRIPT, SQL, '"><img src=x onerror=alert(1)>'])
def test_markup_in_a_filter_value_is_shown_back_escaped(client, some_records, value):
    page = get_page(client, url("agreements:list", query={"party": value, "q": value}))

    assert page.status == 400
    assert page.field_errors("party") == [no_organization("en", value)]
    assert page.form_values()["party"] == value
    assert page.form_values()["q"] == value
    assert value not in page.html


NOTHING_MATCHES = {
    "organizations:list": "No organizations match these filters.",
    "agreements:list": "No agreements match these filters.",
    "events:list": "No events match these filters.",
}


@pytest.mark.parametrize("name", LIST_PAGES)
@pytest.mark.parametrize(
    "value", [SQL, SCRIPT, "%", "_", "\\", "Qu\x01ébec\x1f", "\u202eevil", "😀"]
)
def test_free_text_that_matches_nothing_gives_an_empty_list(client, some_records, name, value):
    page = get_page(client, url(name, query={"q": value}))

    assert page.status == 200
    assert page.card_titles() == []
    assert page.result_count() == ui("en", NOTHING_MATCHES[name])
    assert page.form_values()["q"] == value
    assert "<script>" not in page.html


def test_free_text_region_that_matches_nothing_gives_an_empty_list(client, some_records):
    organizations = get_page(client, url("organizations:list", query={"region": SQL}))
    agreements = get_page(client, url("agreements:list", query={"region": SCRIPT}))

    assert (organizations.status, organizations.card_titles()) == (200, [])
    assert (agreements.status, agreements.card_titles()) == (200, [])
    assert agreements.form_values()["region"] == SCRIPT


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(
    ("name", "parameter"),
    [
        ("organizations:list", "partner"),
        ("agreements:list", "party"),
        ("events:list", "organizer"),
    ],
)
def test_an_organization_name_matching_several_gives_400_naming_the_candidates(
    client, db, name, parameter, lang
):
    OrganizationFactory(name="Alpha Biotech")
    OrganizationFactory(name="Alpha Labs")
    OrganizationFactory(name="Beta Alpha Institute")

    page = get_page(client, url(name, lang, {parameter: "alpha"}))

    assert page.status == 400
    assert page.errors() == [
        several_organizations(lang, "alpha", "Alpha Biotech, Alpha Labs, Beta Alpha Institute")
    ]
    assert page.form_values()[parameter] == "alpha"


def test_more_than_five_candidates_are_cut_short(client, db):
    for number in range(7):
        OrganizationFactory(name=f"Alpha {number}")

    page = get_page(client, url("agreements:list", query={"party": "alpha"}))

    assert page.status == 400
    assert page.errors() == [
        several_organizations("en", "alpha", "Alpha 0, Alpha 1, Alpha 2, Alpha 3, Alpha 4, …")
    ]


def test_an_exact_name_wins_over_longer_names_containing_it(client, db):
    OrganizationFactory(name="Alpha")
    OrganizationFactory(name="Alpha Labs")

    page = get_page(client, url("agreements:list", query={"party": "ALPHA"}))

    assert page.status == 200
    assert page.errors() == []


def no_granting_association(lang, value):
    return ui(
        lang,
        "No association whose members have benefits today is called “%(value)s”. "
        "Choose one in the list.",
        value=value,
    )


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("Nobody at all", no_granting_association("en", "Nobody at all")),
        ("", ui("en", "Choose an association.")),
        (LONG, too_long("en", 200, 10_000)),
        ("\x00", ui("en", "Null characters are not allowed.")),
        (SCRIPT, no_granting_association("en", SCRIPT)),
        # A name of the directory is not enough: its members must have benefits.
        ("Alpha Labs", no_granting_association("en", "Alpha Labs")),
    ],
    ids=["unknown", "blank", "10000-characters", "null", "script", "not-granting"],
)
def test_benefits_for_an_unknown_association_give_400_with_the_error(client, db, value, error):
    OrganizationFactory(name="Alpha Labs")

    page = get_page(client, url("benefits:list", query={"association": value}))

    assert page.status == 400
    assert page.errors() == [error]
    assert page.select("section.benefit-category") == []
    assert page.form_values()["association"] == ""
    assert "<script>" not in page.html


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_name_two_granting_associations_share_gives_400_naming_both(client, db, lang):
    for name in ("Alpha Association", "Alpha-Association"):
        BenefitFactory().granted_to.set([OrganizationFactory(name=name)])

    page = get_page(client, url("benefits:list", lang, {"association": "alpha association"}))

    assert page.status == 400
    assert page.errors() == [
        ui(
            lang,
            "Several associations whose members have benefits today are called "
            "“%(value)s”: %(names)s. Choose one in the list.",
            value="alpha association",
            names="Alpha Association, Alpha-Association",
        )
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("organizations:detail", "nobody"),
        ("agreements:detail", "no-such-agreement"),
        ("events:detail", "no-such-event"),
        ("events:series", "no-such-series"),
    ],
)
def test_an_unknown_record_gives_the_404_page_in_the_visitors_language(
    client, db, name, slug, lang
):
    page = get_page(client, url(name, lang, slug=slug))

    assert page.status == 404
    assert page.lang == lang
    assert page.h1 == ui(lang, "Page not found")


# Page numbers ----------------------------------------------------------------------


def make_two_pages_of(name):
    """25 records for a list: a first page of 20 and a second of 5."""
    if name == "organizations:list":
        for number in range(25):
            OrganizationFactory(name=f"Company {number:02}", kind=OrganizationKind.COMPANY)
        return {"kind": "company"}
    if name == "agreements:list":
        AgreementFactory.create_batch(25, kind=AgreementKind.MOU)
        return {"kind": "mou"}
    EventFactory.create_batch(25, kind=EventKind.WORKSHOP)
    return {"kind": "workshop"}


NO_SUCH_PAGE = "There is no such page of results."
NOT_A_NUMBER = "The page number must be a whole number."


@pytest.mark.parametrize("name", LIST_PAGES)
@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("0", NO_SUCH_PAGE),
        ("-1", NO_SUCH_PAGE),
        ("3", NO_SUCH_PAGE),
        ("99999999999999999999", NO_SUCH_PAGE),
        ("abc", NOT_A_NUMBER),
        ("1e9", NOT_A_NUMBER),
        ("2.5", NOT_A_NUMBER),
        ("９", NO_SUCH_PAGE),
        ("9" * 5000, NOT_A_NUMBER),
        ("\x00", NOT_A_NUMBER),
    ],
    ids=["0", "-1", "3", "20-digits", "abc", "1e9", "2.5", "fullwidth-9", "5000-digits", "null"],
)
def test_a_page_number_that_does_not_exist_gives_404_on_the_list_page(
    client, db, name, number, message
):
    filters = make_two_pages_of(name)

    page = get_page(client, url(name, query={**filters, "page": number}))

    assert page.status == 404
    assert page.h1 == ui("en", LIST_HEADINGS[name])
    assert page.result_count() == f"{ui('en', message)} {ui('en', 'Go to the first page')}"
    [first_page] = page.links("p.result-count a")
    assert first_page == url(name, query=filters)
    assert page.card_titles() == []
    assert page.form_values()["kind"] == filters["kind"]


@pytest.mark.parametrize("name", LIST_PAGES)
def test_the_second_page_holds_the_rest(client, db, name):
    filters = make_two_pages_of(name)

    page = get_page(client, url(name, query={**filters, "page": "2"}))

    assert page.status == 200
    assert len(page.card_titles()) == 5
    assert page.result_count() == ui_count(
        "en", "%(shown)s result", "%(shown)s results", 25, shown="25"
    )


# The browsing cap ------------------------------------------------------------------


def fill_past_the_cap(name):
    """One more record than can be browsed, inserted in one statement."""
    count = browse.RESULT_CAP + 1
    if name == "organizations:list":
        Organization.objects.bulk_create(
            Organization(
                name_en=f"Company {n:04}", slug=f"company-{n}", kind=OrganizationKind.COMPANY
            )
            for n in range(count)
        )
    elif name == "agreements:list":
        Agreement.objects.bulk_create(
            Agreement(title_en=f"Agreement {n:04}", slug=f"agreement-{n}", kind=AgreementKind.MOU)
            for n in range(count)
        )
    else:
        upcoming = EventFactory.build().start_date
        Event.objects.bulk_create(
            Event(
                name_en=f"Event {n:04}",
                slug=f"event-{n}",
                kind=EventKind.WORKSHOP,
                start_date=upcoming,
            )
            for n in range(count)
        )


def capped_count(lang):
    with translation.override(lang):
        cap = number_format(browse.RESULT_CAP, force_grouping=True)
    shown = ui(lang, "%(count)s+", count=cap)
    return ui_count(lang, "%(shown)s result", "%(shown)s results", browse.RESULT_CAP, shown=shown)


def cap_notice(lang, cap):
    return ui(
        lang,
        "Only the first %(cap)s results can be browsed. Narrow the filters to see the rest.",
        cap=cap,
    )


GROUPED_CAP = {"en": "1,000", "fr": "1\xa0000"}


# A filter every record filled past the cap matches: the list then counts up to the cap
# (unfiltered, it counts them all: the next tests).
MATCHING_ALL = {
    "organizations:list": {"kind": OrganizationKind.COMPANY},
    "agreements:list": {"kind": AgreementKind.MOU},
    "events:list": {"kind": EventKind.WORKSHOP},
}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", LIST_PAGES)
def test_a_list_past_the_cap_says_1000_plus_in_the_locales_grouping(client, db, name, lang):
    fill_past_the_cap(name)

    page = get_page(client, url(name, lang, MATCHING_ALL[name]))

    assert page.status == 200
    assert page.result_count() == capped_count(lang)
    assert GROUPED_CAP[lang] in page.result_count()
    assert len(page.card_titles()) == 20
    assert page.pagination_links() == [url(name, lang, {**MATCHING_ALL[name], "page": "2"})]


def test_the_capped_count_reads_1000_plus_results_in_english(client, db):
    fill_past_the_cap("organizations:list")

    page = get_page(client, url("organizations:list", query=MATCHING_ALL["organizations:list"]))

    assert page.result_count() == "1,000+ results"


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", LIST_PAGES)
def test_an_unfiltered_list_past_the_cap_says_its_exact_count(client, db, name, lang):
    # The home page's key numbers link to the unfiltered lists, which repeat them.
    fill_past_the_cap(name)

    page = get_page(client, url(name, lang))

    with translation.override(lang):
        shown = number_format(browse.RESULT_CAP + 1, force_grouping=True)
    assert page.status == 200
    assert page.result_count() == ui_count(
        lang, "%(shown)s result", "%(shown)s results", browse.RESULT_CAP, shown=shown
    )
    assert len(page.card_titles()) == 20
    assert page.pagination_links() == [url(name, lang, {"page": "2"})]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_last_browsable_page_says_to_narrow_the_filters(client, db, lang):
    fill_past_the_cap("organizations:list")

    page = get_page(client, url("organizations:list", lang, {"page": "50"}))

    assert page.status == 200
    assert page.card_titles() == [f"Company {n:04}" for n in range(980, 1000)]
    assert page.texts("p.notice") == [cap_notice(lang, GROUPED_CAP[lang])]
    assert page.links("nav.pagination a[rel=next]") == []


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", LIST_PAGES)
def test_a_page_past_the_cap_gives_404_with_the_reason_on_the_list_page(client, db, name, lang):
    fill_past_the_cap(name)

    page = get_page(client, url(name, lang, {"page": "51"}))

    assert page.status == 404
    assert page.lang == lang
    assert page.card_titles() == []
    # The grouped number itself is checked by the next test.
    before_number = cap_notice(lang, "1000").split("1000")[0]
    assert page.result_count().startswith(before_number)
    assert page.result_count().endswith(ui(lang, "Go to the first page"))
    assert page.links("p.result-count a") == [url(name, lang)]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_past_the_cap_message_groups_the_digits_like_the_rest_of_the_page(client, db, lang):
    fill_past_the_cap("organizations:list")

    page = get_page(client, url("organizations:list", lang, {"page": "51"}))

    assert page.result_count() == (
        f"{cap_notice(lang, GROUPED_CAP[lang])} {ui(lang, 'Go to the first page')}"
    )


def test_page_zero_of_a_capped_list_says_there_is_no_such_page(client, db):
    fill_past_the_cap("organizations:list")

    page = get_page(client, url("organizations:list", query={"page": "0"}))

    assert page.status == 404
    assert page.result_count() == f"{ui('en', NO_SUCH_PAGE)} {ui('en', 'Go to the first page')}"
