"""Where an agreement and its commitments stand on a day, read from their dates alone."""

import datetime

import pytest

from agreements import lifecycle
from agreements.choices import AgreementState, AgreementStatus, CommitmentStatus
from agreements.models import Agreement, Commitment
from portal.dates import DatePrecision
from portal.publishing import Publication
from tests.factories import AgreementFactory, CommitmentFactory

D = datetime.date


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2024, 1, 31), 1, D(2024, 2, 29)),
        (D(2023, 1, 31), 1, D(2023, 2, 28)),
        (D(2019, 6, 10), 36, D(2022, 6, 10)),
        (D(2019, 11, 15), 14, D(2021, 1, 15)),
    ],
)
def test_add_months_stays_in_the_month_it_lands_in(day, months, expected):
    assert lifecycle.add_months(day, months) == expected


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        # An end date recorded is the end, whatever the term says.
        (
            {"effective_from": D(2020, 1, 1), "effective_until": D(2021, 3, 31), "term_months": 60},
            (D(2021, 3, 31), DatePrecision.DAY),
        ),
        # A term runs from the effective date: 36 months from 10 June 2019.
        ({"effective_from": D(2019, 6, 10), "term_months": 36}, (D(2022, 6, 9), "day")),
        # ... or from the signing date when no effective date is recorded.
        ({"signed_on": D(2019, 6, 10), "term_months": 12}, (D(2020, 6, 9), "day")),
        # Signed "in March 2019" for three years: in force until March 2022 at the latest.
        (
            {"signed_on": D(2019, 3, 1), "signed_on_precision": "month", "term_months": 36},
            (D(2022, 3, 31), DatePrecision.MONTH),
        ),
        (
            {"signed_on": D(2017, 1, 1), "signed_on_precision": "year", "term_months": 24},
            (D(2019, 12, 31), DatePrecision.YEAR),
        ),
        # No end and no term: open-ended, never a guess.
        ({"signed_on": D(2019, 6, 10), "effective_from": D(2019, 6, 10)}, (None, "day")),
        # A term with nothing to count from: no end either.
        ({"term_months": 24}, (None, "day")),
    ],
)
def test_the_end_of_term_comes_from_the_dates_recorded(dates, expected):
    arguments = {
        "effective_from": None,
        "effective_until": None,
        "term_months": None,
        "signed_on": None,
        "signed_on_precision": DatePrecision.DAY,
        **dates,
    }
    assert lifecycle.end_of_term(**arguments) == expected


@pytest.mark.django_db
def test_saving_an_agreement_writes_its_end_and_an_edit_moves_it():
    agreement = AgreementFactory(signed_on=D(2020, 5, 4), effective_from=D(2020, 5, 4))
    assert agreement.ends_on is None
    assert agreement.is_open_ended
    agreement.term_months = 24
    agreement.save(update_fields=["term_months"])
    agreement.refresh_from_db()
    assert agreement.ends_on == D(2022, 5, 3)
    assert str(agreement.ends) == "3 May 2022"


def states_on(today):
    """Each agreement's state on ``today``, read both ways: annotated and filtered."""
    annotated = dict(
        Agreement.objects.annotate(state=lifecycle.state_expression(Agreement, today)).values_list(
            "title", "state"
        )
    )
    filtered = {}
    for state in AgreementState.values:
        for title in Agreement.objects.filter(
            lifecycle.state_condition(Agreement, state, today)
        ).values_list("title", flat=True):
            assert title not in filtered, f"{title} is in two states"
            filtered[title] = state
    assert annotated == filtered
    for agreement in Agreement.objects.all():
        renewed = Agreement.objects.filter(
            lifecycle.supersedes(), renews=agreement, publication=Publication.PUBLISHED
        )
        assert (
            lifecycle.agreement_state(agreement, today, renewed=renewed.exists())
            == annotated[agreement.title]
        )
    return annotated


@pytest.mark.django_db
def test_the_state_follows_the_calendar_and_the_renewals():
    AgreementFactory(title="Open", signed_on=D(2012, 5, 1))
    AgreementFactory(
        title="Three years",
        signed_on=D(2020, 1, 15),
        effective_from=D(2020, 2, 1),
        term_months=36,
    )
    old = AgreementFactory(
        title="Renewed", signed_on=D(2015, 1, 1), effective_until=D(2020, 12, 31)
    )
    renewal = AgreementFactory(
        title="Renewal", signed_on=D(2021, 1, 10), renews=old, status=AgreementStatus.DRAFT
    )
    AgreementFactory(title="Ended early", signed_on=D(2019, 1, 1), status="terminated")
    AgreementFactory(title="Talks", signed_on=None, status=AgreementStatus.IN_NEGOTIATION)

    before = states_on(D(2020, 1, 20))
    assert before["Three years"] == AgreementState.NOT_YET_IN_EFFECT
    assert before["Renewed"] == AgreementState.IN_FORCE
    assert before["Open"] == AgreementState.IN_FORCE
    assert before["Ended early"] == AgreementState.TERMINATED
    assert before["Talks"] == AgreementState.IN_NEGOTIATION
    assert before["Renewal"] == AgreementState.DRAFT

    # The old one ended before its renewal was signed.
    assert states_on(D(2021, 1, 5))["Renewed"] == AgreementState.ENDED
    assert states_on(D(2023, 1, 31))["Three years"] == AgreementState.IN_FORCE
    assert states_on(D(2023, 2, 1))["Three years"] == AgreementState.ENDED

    # Signing the renewal supersedes the old one; a draft renewal did not.
    renewal.status = AgreementStatus.SIGNED
    renewal.save()
    after = states_on(D(2021, 1, 15))
    assert after["Renewed"] == AgreementState.RENEWED
    assert after["Renewal"] == AgreementState.IN_FORCE
    assert after["Open"] == AgreementState.IN_FORCE

    # Signed, then terminated: it had superseded the earlier one, and still has.
    renewal.status = AgreementStatus.TERMINATED
    renewal.save()
    assert states_on(D(2021, 1, 15))["Renewed"] == AgreementState.RENEWED

    # A renewal abandoned before it was signed supersedes nothing.
    renewal.signed_on = None
    renewal.save()
    assert states_on(D(2021, 1, 15))["Renewed"] == AgreementState.ENDED

    # A renewal the public cannot see does not supersede what the public reads.
    renewal.status, renewal.signed_on = AgreementStatus.SIGNED, D(2021, 1, 10)
    renewal.publication = Publication.DRAFT
    renewal.save()
    assert states_on(D(2021, 1, 15))["Renewed"] == AgreementState.ENDED


@pytest.mark.parametrize(
    ("due_on", "precision", "status", "today", "overdue"),
    [
        (D(2026, 3, 10), "day", CommitmentStatus.PLANNED, D(2026, 3, 10), False),
        (D(2026, 3, 10), "day", CommitmentStatus.PLANNED, D(2026, 3, 11), True),
        (D(2026, 3, 1), "month", CommitmentStatus.IN_PROGRESS, D(2026, 3, 31), False),
        (D(2026, 3, 1), "month", CommitmentStatus.IN_PROGRESS, D(2026, 4, 1), True),
        (D(2018, 1, 1), "year", CommitmentStatus.PLANNED, D(2018, 12, 31), False),
        (D(2018, 1, 1), "year", CommitmentStatus.PLANNED, D(2019, 1, 1), True),
        (D(2018, 1, 1), "year", CommitmentStatus.DONE, D(2026, 1, 1), False),
        (D(2018, 1, 1), "year", CommitmentStatus.DROPPED, D(2026, 1, 1), False),
        (None, "day", CommitmentStatus.PLANNED, D(2026, 1, 1), False),
    ],
)
@pytest.mark.django_db
def test_a_commitment_is_overdue_once_its_due_period_has_passed_and_it_is_open(
    due_on, precision, status, today, overdue
):
    commitment = CommitmentFactory(due_on=due_on, due_on_precision=precision, status=status)
    assert commitment.is_overdue(today) is overdue
    found = Commitment.objects.filter(lifecycle.overdue_condition(today)).exists()
    assert found is overdue


@pytest.mark.parametrize(
    ("text", "days"),
    [("180, 90, 30", [180, 90, 30]), ("30;90", [90, 30]), ("", []), (" 7 , 7 ", [7])],
)
def test_notice_days_read_as_people_type_them(text, days):
    assert lifecycle.parse_notice_days(text) == days


@pytest.mark.parametrize("text", ["ninety", "-5", "30 days", "99999", "1.5"])
def test_notice_days_refuse_what_is_not_a_number_of_days(text):
    with pytest.raises(ValueError, match=r"."):
        lifecycle.parse_notice_days(text)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migrations_back_to_the_latest")
def test_the_migration_keeps_decisions_and_lets_the_dates_say_the_rest():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("agreements", "0008_lifecycle_owners_reminders")]
    after = [("agreements", "0009_status_from_dates")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    Old = apps.get_model("agreements", "Agreement")
    OldCommitment = apps.get_model("agreements", "Commitment")
    common = {"kind": "mou", "signed_on": D(2015, 1, 1), "notice_days": "180, 90, 30"}
    running = Old._base_manager.create(
        title="Typed in force", slug="typed-in-force", status="in_force", term_months=24, **common
    )
    dated = Old._base_manager.create(
        title="Typed expired", slug="typed-expired", status="expired", term_months=12, **common
    )
    undated = Old._base_manager.create(
        title="Expired, no date", slug="expired-no-date", status="expired", **common
    )
    OldCommitment._base_manager.create(
        agreement=running, description="Workshop", status="cancelled", due_on_precision="day"
    )

    executor = MigrationExecutor(connection)
    executor.migrate(after)

    statuses = dict(Agreement.objects.values_list("slug", "status"))
    assert statuses[running.slug] == AgreementStatus.SIGNED
    assert statuses[dated.slug] == AgreementStatus.SIGNED
    # Said to have ended, with no date to end it: the decision is kept.
    assert statuses[undated.slug] == AgreementStatus.TERMINATED
    assert Agreement.objects.get(slug=dated.slug).ends_on == D(2015, 12, 31)
    assert Commitment.objects.get().status == CommitmentStatus.DROPPED


@pytest.mark.parametrize(
    "dates",
    [
        {"effective_from": D(9999, 12, 1), "term_months": 24},
        {"signed_on": D(9999, 6, 1), "signed_on_precision": "month", "term_months": 7},
    ],
)
@pytest.mark.django_db
def test_a_term_beyond_the_calendar_is_a_form_error_not_a_crash(dates):
    from django.core.exceptions import ValidationError

    agreement = AgreementFactory.build(slug="far-future", **dates)
    with pytest.raises(ValidationError) as caught:
        agreement.full_clean(exclude=["slug"])
    assert "after the year 9999" in caught.value.message_dict["term_months"][0]


@pytest.mark.django_db
def test_a_commitment_of_unknown_outcome_is_past_due_but_never_called_overdue():
    commitment = CommitmentFactory(
        due_on=D(2018, 1, 1), due_on_precision="year", status=CommitmentStatus.UNKNOWN
    )
    today = D(2026, 12, 4)
    assert commitment.is_overdue(today) is False
    assert lifecycle.is_past_due(commitment, today) is True
    assert not Commitment.objects.filter(lifecycle.overdue_condition(today)).exists()
    assert Commitment.objects.filter(lifecycle.past_due_condition(today)).get() == commitment
    assert not lifecycle.is_past_due(commitment, D(2018, 12, 31))


@pytest.mark.django_db
def test_a_renewal_link_never_makes_the_renewals_unreadable():
    from django.core.exceptions import ValidationError

    first = AgreementFactory(title="First")
    second = AgreementFactory(title="Second", renews=first)

    def refused(agreement):
        with pytest.raises(ValidationError) as caught:
            agreement.full_clean()
        return caught.value.message_dict["renews"][0]

    first.renews = first
    assert refused(first) == "An agreement cannot renew itself."
    first.renews = second
    assert refused(first) == "This agreement is already among those that renew it."
    first.renews = None

    # A second signed renewal of the same agreement is refused; a draft one is not.
    other = AgreementFactory.build(title="Other", slug="other", renews=first)
    assert refused(other) == "“Second”, signed, already renews it."
    other.status = AgreementStatus.DRAFT
    other.full_clean()


@pytest.mark.parametrize(
    ("lang", "sentence"),
    # Far enough ahead to be in force whenever the suite runs.
    [("en", "In force until March 2098"), ("fr", "En vigueur jusqu'en mars 2098")],
)
@pytest.mark.django_db
def test_an_end_known_only_to_the_month_reads_as_that_month(client, lang, sentence):
    import html

    from django.urls import reverse
    from django.utils import translation

    agreement = AgreementFactory(
        slug="signed-in-march",
        signed_on=D(2095, 3, 1),
        signed_on_precision=DatePrecision.MONTH,
        term_months=36,
    )
    with translation.override(lang):
        url = reverse("agreements:detail", kwargs={"slug": agreement.slug})
    page = html.unescape(client.get(url).content.decode())
    assert sentence in page
