"""Where an agreement stands follows its dates, the same on every output.

The clock is moved (``today_is``): every page, the search, the feed, the CSV file
and the API read today's date through ``timezone.localdate``, and show and filter
the same state — in force, ended, renewed, not yet in effect, open-ended,
terminated — with no job run in between.
"""

import datetime

import pytest
from django.utils import timezone
from django.utils.text import capfirst

from agreements.models import AgreementState, AgreementStatus, CommitmentStatus
from portal.dates import DatePrecision
from search import indexing
from tests.factories import (
    AgreementFactory,
    CommitmentFactory,
    EventFactory,
    OrganizationFactory,
    PartyFactory,
    StaffFactory,
)
from tests.test_exports import read_csv
from tests.test_feeds import get_feed
from tests.test_pages_helpers import LANGUAGES, get_page, label, ui, url

TODAY = datetime.date(2030, 6, 15)


@pytest.fixture
def today_is(monkeypatch):
    """Move the clock the portal reads today's date from; returns the setter."""
    original = timezone.localdate

    def move(day):
        monkeypatch.setattr(
            timezone,
            "localdate",
            lambda value=None, timezone=None: day if value is None else original(value, timezone),
        )

    move(TODAY)
    return move


@pytest.fixture
def agreements(db):
    """One agreement in each state on TODAY, all with the Hub as a party and related to
    the Summit; their titles say what they are."""
    hub = OrganizationFactory(name="Hub", slug="hub")
    summit = EventFactory(name="Summit", slug="summit")
    renewed = AgreementFactory(title="Renewed pact", signed_on=datetime.date(2024, 5, 1))
    rows = {
        # An end date recorded, a year ahead.
        "In force pact": {
            "signed_on": datetime.date(2029, 1, 10),
            "effective_until": datetime.date(2031, 6, 9),
        },
        # A two-year term from its signing, over.
        "Ended pact": {"signed_on": datetime.date(2025, 1, 1), "term_months": 24},
        "Renewal pact": {"signed_on": datetime.date(2029, 5, 1), "renews": renewed},
        # Signed, in effect from September for a year.
        "Future pact": {
            "signed_on": datetime.date(2030, 5, 1),
            "effective_from": datetime.date(2030, 9, 1),
            "term_months": 12,
        },
        # No end, no term: open-ended, never a guessed end.
        "Open pact": {"signed_on": datetime.date(2028, 3, 1)},
        "Terminated pact": {
            "signed_on": datetime.date(2027, 3, 1),
            "status": AgreementStatus.TERMINATED,
        },
        "Draft pact": {"signed_on": None, "status": AgreementStatus.DRAFT},
    }
    found = {"Renewed pact": renewed}
    for title, values in rows.items():
        found[title] = AgreementFactory(title=title, **values)
    for agreement in found.values():
        PartyFactory(agreement=agreement, organization=hub)
        summit.related_agreements.add(agreement)
    indexing.rebuild()
    return found


# What each shows on TODAY: its state, and the end its page says beside it.
EXPECTED = {
    "In force pact": (AgreementState.IN_FORCE, "In force until 9 June 2031"),
    "Ended pact": (AgreementState.ENDED, "Ended on 31 December 2026"),
    "Renewed pact": (AgreementState.RENEWED, "Renewed by Renewal pact"),
    "Renewal pact": (AgreementState.IN_FORCE, "Open-ended: no end date recorded"),
    "Future pact": (
        AgreementState.NOT_YET_IN_EFFECT,
        "Takes effect on 1 September 2030 · In force until 31 August 2031",
    ),
    "Open pact": (AgreementState.IN_FORCE, "Open-ended: no end date recorded"),
    "Terminated pact": (AgreementState.TERMINATED, None),
    "Draft pact": (AgreementState.DRAFT, None),
}


def state_label(lang, state):
    return label(lang, AgreementState(state).label)


def lifecycle_text(lang, sentence):
    """The English sentence of EXPECTED as the page writes it in ``lang``."""
    if sentence is None:
        return None
    french = lang == "fr"
    parts = []
    for part in sentence.split(" · "):
        if part.startswith("In force until "):
            date = part.removeprefix("In force until ")
            if french:
                date = {"9 June 2031": "9 juin 2031", "31 August 2031": "31 août 2031"}[date]
            parts.append(ui(lang, "In force until %(date)s", date=date))
        elif part.startswith("Ended on "):
            parts.append(
                ui(
                    lang,
                    "Ended on %(date)s",
                    date="31 décembre 2026" if french else "31 December 2026",
                )
            )
        elif part.startswith("Takes effect on "):
            date = "1 septembre 2030" if french else "1 September 2030"
            parts.append(ui(lang, "Takes effect on %(date)s", date=date))
        elif part.startswith("Renewed by "):
            text = ui(
                lang, 'Renewed by <a href="%(url)s">%(title)s</a>', url="", title="Renewal pact"
            )
            parts.append(text.replace('<a href="">', "").replace("</a>", ""))
        else:
            parts.append(ui(lang, part))
    return " · ".join(parts)


def card_states(page, selector=".card"):
    """Each card's title and the state it shows."""
    return {
        card.select_one(".card-title").text: card.select_one(".status").text
        for card in page.select(selector)
    }


# The agreement page ------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("title", list(EXPECTED))
def test_the_agreement_page_shows_its_state_and_end_on_the_day(
    client, agreements, today_is, title, lang
):
    agreement = agreements[title]
    state, sentence = EXPECTED[title]

    page = get_page(client, url("agreements:detail", lang, slug=agreement.slug))

    assert page.text_of(".eyebrow .status") == state_label(lang, state)
    lifecycle = page.select(".lifecycle")
    assert (lifecycle[0].text if lifecycle else None) == lifecycle_text(lang, sentence)


def test_a_renewed_agreement_links_to_its_renewal(client, agreements, today_is):
    page = get_page(client, url("agreements:detail", slug=agreements["Renewed pact"].slug))

    assert page.links(".lifecycle a") == [
        url("agreements:detail", slug=agreements["Renewal pact"].slug)
    ]


def test_the_term_is_shown_when_recorded(client, agreements, today_is):
    page = get_page(client, url("agreements:detail", slug=agreements["Future pact"].slug))

    assert page.facts()[ui("en", "Term")] == "12 months"


def test_the_state_turns_over_at_midnight_though_the_page_was_cached(client, agreements, today_is):
    address = url("agreements:detail", slug=agreements["In force pact"].slug)
    before = get_page(client, address)
    today_is(datetime.date(2031, 6, 9))
    last_day = get_page(client, address)
    today_is(datetime.date(2031, 6, 10))
    after = get_page(client, address)

    assert [page.text_of(".eyebrow .status") for page in (before, last_day, after)] == [
        "in force",
        "in force",
        "ended",
    ]
    assert after.text_of(".lifecycle") == "Ended on 9 June 2031"


def test_a_renewal_not_yet_signed_leaves_the_agreement_as_its_dates_say(
    client, agreements, today_is
):
    ended = agreements["Ended pact"]
    AgreementFactory(
        title="Pending renewal",
        renews=ended,
        status=AgreementStatus.IN_NEGOTIATION,
        signed_on=None,
    )

    page = get_page(client, url("agreements:detail", slug=ended.slug))

    assert page.text_of(".eyebrow .status") == "ended"
    assert page.texts("ol.chain li") == ["Ended pact", "Pending renewal"]


# Commitments on the public page ----------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_commitments_show_their_progress_and_overdue_but_never_their_owner(
    client, agreements, today_is, lang
):
    agreement = agreements["Open pact"]
    owner = StaffFactory(first_name="Olive", last_name="Owner", username="olive")
    party = agreement.party_set.get()
    party.responsible = StaffFactory(first_name="Rita", last_name="Responsible", username="rita")
    party.save()
    planned, in_progress = CommitmentStatus.PLANNED, CommitmentStatus.IN_PROGRESS
    done, unknown = CommitmentStatus.DONE, CommitmentStatus.UNKNOWN
    month, year, day = DatePrecision.MONTH, DatePrecision.YEAR, DatePrecision.DAY
    rows = [
        # Due in May 2030, at month precision: overdue from 1 June.
        ("Joint workshop", datetime.date(2030, 5, 1), month, planned, None),
        # Due in 2030: not overdue before 2031.
        ("Trade mission", datetime.date(2030, 1, 1), year, in_progress, datetime.date(2030, 3, 2)),
        ("Shared report", datetime.date(2029, 2, 1), day, done, datetime.date(2029, 2, 3)),
        # Its outcome was never recorded: past due, but not called overdue.
        ("Delegation", datetime.date(2018, 1, 1), year, unknown, None),
    ]  # fmt: skip
    for description, due_on, precision, status, checked in rows:
        CommitmentFactory(
            agreement=agreement,
            description=description,
            due_on=due_on,
            due_on_precision=precision,
            status=status,
            last_checked_on=checked,
            owner=owner,
        )

    page = get_page(client, url("agreements:detail", lang, slug=agreement.slug))

    table = [
        [cell.text for cell in row.select("td")]
        for row in page.select("section[aria-labelledby=commitments-heading] tbody tr")
    ]
    overdue = ui(lang, "overdue")
    french = lang == "fr"
    assert table == [
        [
            "Delegation",
            "2018",
            capfirst(label(lang, CommitmentStatus.UNKNOWN.label)),
            "—",
        ],
        [
            "Shared report",
            "1 février 2029" if french else "1 February 2029",
            capfirst(label(lang, CommitmentStatus.DONE.label)),
            "3 février 2029" if french else "3 February 2029",
        ],
        [
            "Trade mission",
            "2030",
            capfirst(label(lang, CommitmentStatus.IN_PROGRESS.label)),
            "2 mars 2030" if french else "2 March 2030",
        ],
        [
            "Joint workshop",
            "mai 2030" if french else "May 2030",
            f"{capfirst(label(lang, CommitmentStatus.PLANNED.label))} {overdue}",
            "—",
        ],
    ]
    for name in ("Olive", "Owner", "olive", "Rita", "Responsible", "rita"):
        assert name not in page.html


# Lists, pages that list agreements, search ---------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_card_shows_the_state_of_the_day(client, agreements, today_is, lang):
    expected = {title: state_label(lang, state) for title, (state, _sentence) in EXPECTED.items()}

    registry = get_page(client, url("agreements:list", lang))
    organization = get_page(client, url("organizations:detail", lang, slug="hub"))
    event = get_page(client, url("events:detail", lang, slug="summit"))
    home = get_page(client, url("home", lang))

    assert card_states(registry) == expected
    assert card_states(organization, "section[aria-labelledby=agreements-heading] .card") == (
        expected
    )
    assert card_states(event, "section[aria-labelledby=related-heading] .card") == expected
    assert card_states(home, "section[aria-labelledby=agreements-heading] .card") == {
        title: expected[title]
        for title in [
            "Future pact",
            "Renewal pact",
            "In force pact",
            "Open pact",
            "Terminated pact",
        ]
    }


@pytest.mark.parametrize("lang", LANGUAGES)
def test_search_results_show_the_state_of_the_day(client, agreements, today_is, lang):
    page = get_page(client, url("search", lang, {"q": "pact"}))

    shown = {
        result.select_one(".card-title").text: result.select_one(".status").text
        for result in page.select("#group-agreement ~ ol .card")
    }
    assert shown == {
        title: state_label(lang, state) for title, (state, _sentence) in EXPECTED.items()
    }


# The filter, its counts, and the same set everywhere ---------------------------------------

STATES = {
    "in_force": ["In force pact", "Open pact", "Renewal pact"],
    "ended": ["Ended pact"],
    "renewed": ["Renewed pact"],
    "signed": ["Future pact"],
    "terminated": ["Terminated pact"],
    "draft": ["Draft pact"],
    "in_negotiation": [],
    # An old link: "expired" was a stored status; it reads as ended now.
    "expired": ["Ended pact"],
}


@pytest.mark.parametrize(("status", "expected"), list(STATES.items()))
def test_the_status_filter_lists_the_same_agreements_on_the_page_the_file_and_the_api(
    client, agreements, today_is, status, expected
):
    page = get_page(client, url("agreements:list", query={"status": status}))
    _header, rows = read_csv(client.get(url("agreements:export", query={"status": status})))
    api = client.get("/api/v1/agreements/", {"status": status}).json()

    assert sorted(page.card_titles()) == expected
    assert sorted(row[0] for row in rows) == expected
    assert sorted(record["title"] for record in api["results"]) == expected
    assert {record["status"] for record in api["results"]} <= {
        "ended" if status == "expired" else status
    }


def test_an_old_expired_link_shows_ended_chosen_in_the_box(client, agreements, today_is):
    page = get_page(client, url("agreements:list", query={"status": "expired"}))

    assert page.status == 200
    assert page.errors() == []
    assert page.select_one("#id_status option[selected]").attrs["value"] == "ended"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_status_box_counts_the_agreements_in_each_state_of_the_day(
    client, agreements, today_is, lang
):
    def options():
        page = get_page(client, url("agreements:list", lang))
        return [option.text for option in page.select("#id_status option")][1:]

    def counted(state, count):
        return f"{state_label(lang, state)[0].upper()}{state_label(lang, state)[1:]} ({count})"

    on_today = options()
    today_is(datetime.date(2031, 7, 1))
    a_year_on = options()

    assert on_today == [
        counted(AgreementState.DRAFT, 1),
        counted(AgreementState.NOT_YET_IN_EFFECT, 1),
        counted(AgreementState.IN_FORCE, 3),
        counted(AgreementState.ENDED, 1),
        counted(AgreementState.RENEWED, 1),
        counted(AgreementState.TERMINATED, 1),
    ]
    # The Future pact took effect; the In force pact ended on 9 June 2031.
    assert a_year_on == [
        counted(AgreementState.DRAFT, 1),
        counted(AgreementState.IN_FORCE, 3),
        counted(AgreementState.ENDED, 2),
        counted(AgreementState.RENEWED, 1),
        counted(AgreementState.TERMINATED, 1),
    ]


# The feed, the file, the API ------------------------------------------------------------


def test_feed_entries_say_the_state_and_the_end(client, agreements, today_is):
    entries = {
        entry.title: entry.paragraphs for entry in get_feed(client, "feeds:agreements").entries
    }

    assert {title: paragraphs[0] for title, paragraphs in entries.items()} == {
        title: f"Memorandum of understanding · {state_label('en', state)}"
        for title, (state, _sentence) in EXPECTED.items()
    }
    assert "In force until: 9 June 2031" in entries["In force pact"]
    assert "Ended: 31 December 2026" in entries["Ended pact"]
    assert "Open-ended: no end date recorded" in entries["Open pact"]


def test_the_file_writes_the_state_and_the_end_of_the_day(client, agreements, today_is):
    header, rows = read_csv(client.get(url("agreements:export")))

    status, ends = header.index("Status"), header.index("In force until")
    assert {row[0]: (row[status], row[ends]) for row in rows} == {
        "In force pact": ("In force", "2031-06-09"),
        "Ended pact": ("Ended", "2026-12-31"),
        "Renewed pact": ("Renewed", ""),
        "Renewal pact": ("In force", ""),
        "Future pact": ("Signed, not yet in effect", "2031-08-31"),
        "Open pact": ("In force", ""),
        "Terminated pact": ("Terminated", ""),
        "Draft pact": ("Draft", ""),
    }


def test_the_api_gives_the_state_the_recorded_status_and_the_end(client, agreements, today_is):
    records = {
        record["title"]: record
        for record in client.get("/api/v1/agreements/", {"page_size": 50}).json()["results"]
    }
    one = client.get(f"/api/v1/agreements/{agreements['Future pact'].slug}/").json()

    fields = (
        "status",
        "status_label",
        "recorded_status",
        "ends_on",
        "ends_on_precision",
        "ends_on_display",
        "open_ended",
    )
    signed = "signed"
    assert {title: tuple(r[f] for f in fields) for title, r in records.items()} == {
        "In force pact": (
            "in_force",
            "in force",
            signed,
            "2031-06-09",
            "day",
            "9 June 2031",
            False,
        ),
        "Ended pact": ("ended", "ended", signed, "2026-12-31", "day", "31 December 2026", False),
        "Renewed pact": ("renewed", "renewed", signed, None, "day", "", True),
        "Renewal pact": ("in_force", "in force", signed, None, "day", "", True),
        "Future pact": (
            "signed",
            "signed, not yet in effect",
            signed,
            "2031-08-31",
            "day",
            "31 August 2031",
            False,
        ),
        "Open pact": ("in_force", "in force", signed, None, "day", "", True),
        "Terminated pact": ("terminated", "terminated", "terminated", None, "day", "", False),
        "Draft pact": ("draft", "draft", "draft", None, "day", "", False),
    }
    assert one == records["Future pact"]


def test_api_commitments_give_progress_and_overdue_but_never_the_owner(
    client, agreements, today_is
):
    agreement = agreements["Open pact"]
    CommitmentFactory(
        agreement=agreement,
        description="Joint workshop",
        due_on=datetime.date(2030, 5, 1),
        due_on_precision=DatePrecision.MONTH,
        status=CommitmentStatus.PLANNED,
        owner=StaffFactory(username="olive"),
    )
    CommitmentFactory(
        agreement=agreement,
        description="Shared report",
        due_on=datetime.date(2031, 2, 1),
        status=CommitmentStatus.IN_PROGRESS,
        last_checked_on=datetime.date(2030, 6, 1),
    )

    listed = client.get("/api/v1/agreements/", {"status": "in_force"}).json()["results"]
    one = client.get(f"/api/v1/agreements/{agreement.slug}/").json()

    assert [record for record in listed if record["title"] == "Open pact"] == [one]
    assert one["commitments"] == [
        {
            "description": "Joint workshop",
            "due_on": "2030-05-01",
            "due_on_precision": "month",
            "due_on_display": "May 2030",
            "status": "planned",
            "status_label": "planned",
            "overdue": True,
            "last_checked_on": None,
            "progress_note": "",
        },
        {
            "description": "Shared report",
            "due_on": "2031-02-01",
            "due_on_precision": "day",
            "due_on_display": "1 February 2031",
            "status": "in_progress",
            "status_label": "in progress",
            "overdue": False,
            "last_checked_on": "2030-06-01",
            "progress_note": "",
        },
    ]
    assert "olive" not in str(one)
    assert all("responsible" not in party for party in one["parties"])
