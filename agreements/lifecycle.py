"""Where an agreement and its commitments stand on a given day, read from their dates.

People record decisions (an agreement's status: draft, in negotiation, signed,
terminated; a commitment's progress). The calendar does the rest, at query time:
a signed agreement is *not yet in effect*, *in force*, *ended* or *renewed*
(superseded by a signed renewal that links to it), and an open commitment whose
due date has passed is *overdue*. Nothing here needs a scheduled job to be right.

Every page, filter, feed, export and API answer reads the state through
``state_expression`` (annotated) or ``state_condition`` (filtered), and a single
record through ``agreement_state``: the same rule everywhere.
"""

import calendar
import datetime

from django.db.models import Case, CharField, Exists, OuterRef, Q, Subquery, Value, When
from django.db.models.lookups import IsNull

from agreements.choices import (
    OPEN_COMMITMENT_STATUSES,
    PENDING_COMMITMENT_STATUSES,
    AgreementState,
    AgreementStatus,
)
from portal.dates import DatePrecision

# The notice horizons an agreement gets unless its staff choose others: days before its end.
DEFAULT_NOTICE_DAYS = (180, 90, 30)
# An agreement nobody touched for this long is dormant (the staff dashboard).
DORMANT_AFTER_MONTHS = 12
# Statuses a renewal may have when it supersedes the agreement it renews: signed, or
# signed and terminated since (it has a signing date); see ``supersedes``.
SUPERSEDING_STATUSES = (AgreementStatus.SIGNED, AgreementStatus.TERMINATED)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` moved by ``months``, on the last day of the month where it has no such day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def last_day(day: datetime.date, precision: str) -> datetime.date:
    """The last day of the period ``day`` stands for at ``precision``."""
    if precision == DatePrecision.YEAR:
        return day.replace(month=12, day=31)
    if precision == DatePrecision.MONTH:
        return day.replace(day=calendar.monthrange(day.year, day.month)[1])
    return day


def end_of_term(
    *,
    effective_from: datetime.date | None,
    effective_until: datetime.date | None,
    term_months: int | None,
    signed_on: datetime.date | None,
    signed_on_precision: str = DatePrecision.DAY,
) -> tuple[datetime.date | None, str]:
    """The last day an agreement is in force, and the precision it is known to.

    An end date recorded is the end. Otherwise a term runs from the effective date,
    or else from the signing date; from a signing date known only to the month or
    the year, the end is the latest day the term can reach, at that precision. No
    end date and no term: no end (open-ended), never a guess.
    """
    if effective_until is not None:
        return effective_until, DatePrecision.DAY
    if not term_months:
        return None, DatePrecision.DAY
    if effective_from is not None:
        return add_months(effective_from, term_months) - datetime.timedelta(days=1), (
            DatePrecision.DAY
        )
    if signed_on is None:
        return None, DatePrecision.DAY
    if signed_on_precision == DatePrecision.DAY:
        return add_months(signed_on, term_months) - datetime.timedelta(days=1), (DatePrecision.DAY)
    start = last_day(signed_on, signed_on_precision)
    return last_day(add_months(start, term_months), signed_on_precision), signed_on_precision


# Agreements ------------------------------------------------------------------------


def supersedes(prefix: str = "") -> Q:
    """The renewals that were signed, and so supersede what they renew: signed ones,
    and terminated ones that had been signed (a signing date). A renewal abandoned
    before signing (terminated with no signing date) supersedes nothing."""
    return Q(**{f"{prefix}status": AgreementStatus.SIGNED}) | Q(
        **{f"{prefix}status": AgreementStatus.TERMINATED, f"{prefix}signed_on__isnull": False}
    )


def is_superseding(renewal) -> bool:
    """``supersedes`` for one renewal read in Python."""
    return renewal.status == AgreementStatus.SIGNED or (
        renewal.status == AgreementStatus.TERMINATED and renewal.signed_on is not None
    )


def superseding_renewals(agreement_model):
    """The renewals, signed (or signed then terminated), of the agreement in the outer query.

    Only published ones: a renewal the public cannot see does not change what the
    public reads of the agreement it renews.
    """
    from portal.publishing import Publication

    return agreement_model._default_manager.filter(
        supersedes(), renews=OuterRef("pk"), publication=Publication.PUBLISHED
    )


def state_condition(agreement_model, state: str, today: datetime.date) -> Q:
    """The agreements in ``state`` on ``today``, as a filter."""
    signed = Q(status=AgreementStatus.SIGNED)
    renewed = Exists(superseding_renewals(agreement_model))
    ended = Q(ends_on__lt=today)
    started = Q(effective_from__isnull=True) | Q(effective_from__lte=today)
    if state == AgreementState.RENEWED:
        return signed & renewed
    if state == AgreementState.ENDED:
        return signed & ~renewed & ended
    if state == AgreementState.NOT_YET_IN_EFFECT:
        return signed & ~renewed & ~ended & ~started
    if state == AgreementState.IN_FORCE:
        return signed & ~renewed & ~ended & started
    return Q(status=state)


def state_expression(agreement_model, today: datetime.date):
    """An agreement's state on ``today``, as an annotation (an AgreementState value)."""
    signed = Q(status=AgreementStatus.SIGNED)
    # A scalar subquery rather than EXISTS: PostgreSQL may run an EXISTS in the select
    # list as one hashed scan of every agreement, even for the 20 rows of a page; this
    # probes the index of ``renews`` for each row read.
    first_renewal = Subquery(superseding_renewals(agreement_model).order_by().values("pk")[:1])
    return Case(
        When(
            signed & Q(IsNull(first_renewal, False)),
            then=Value(AgreementState.RENEWED.value),
        ),
        When(signed & Q(ends_on__lt=today), then=Value(AgreementState.ENDED.value)),
        When(
            signed & Q(effective_from__gt=today), then=Value(AgreementState.NOT_YET_IN_EFFECT.value)
        ),
        When(signed, then=Value(AgreementState.IN_FORCE.value)),
        default="status",
        output_field=CharField(),
    )


def agreement_state(agreement, today: datetime.date, *, renewed: bool) -> str:
    """``state_expression`` for one agreement in Python; ``renewed`` says whether a
    superseding renewal exists (the caller has read it)."""
    if agreement.status != AgreementStatus.SIGNED:
        return agreement.status
    if renewed:
        return AgreementState.RENEWED
    if agreement.ends_on is not None and agreement.ends_on < today:
        return AgreementState.ENDED
    if agreement.effective_from is not None and agreement.effective_from > today:
        return AgreementState.NOT_YET_IN_EFFECT
    return AgreementState.IN_FORCE


def parse_notice_days(text: str) -> list[int]:
    """'180, 90, 30' as [180, 90, 30]: distinct days, the earliest horizon first.

    Raises ValueError on anything else (the field's validator turns it into a message).
    """
    days = set()
    for part in text.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdecimal() or not 0 <= int(part) <= 3660:
            raise ValueError(part)
        days.add(int(part))
    return sorted(days, reverse=True)


# Commitments -----------------------------------------------------------------------


def due_by(commitment) -> datetime.date | None:
    """The last day a commitment is due by: its due date at its precision (a commitment
    due "in 2018" is overdue from 1 January 2019)."""
    if commitment.due_on is None:
        return None
    return last_day(commitment.due_on, commitment.due_on_precision)


def _due_period_passed(today: datetime.date, p: str) -> Q:
    month_start = today.replace(day=1)
    year_start = today.replace(month=1, day=1)
    return (
        Q(**{f"{p}due_on_precision": DatePrecision.DAY, f"{p}due_on__lt": today})
        | Q(**{f"{p}due_on_precision": DatePrecision.MONTH, f"{p}due_on__lt": month_start})
        | Q(**{f"{p}due_on_precision": DatePrecision.YEAR, f"{p}due_on__lt": year_start})
    )


def past_due_condition(today: datetime.date, prefix: str = "") -> Q:
    """The commitments not closed (done or dropped) whose due period ended before
    ``today``: what staff follow up, overdue or of unknown outcome."""
    return Q(**{f"{prefix}status__in": OPEN_COMMITMENT_STATUSES}) & _due_period_passed(
        today, prefix
    )


def overdue_condition(today: datetime.date, prefix: str = "") -> Q:
    """The commitments known to be under way (planned, in progress) whose due period
    ended before ``today``: *overdue*, as the pages and the API say it."""
    return Q(**{f"{prefix}status__in": PENDING_COMMITMENT_STATUSES}) & _due_period_passed(
        today, prefix
    )


def is_past_due(commitment, today: datetime.date) -> bool:
    due = due_by(commitment)
    return is_open(commitment) and due is not None and due < today


def is_overdue(commitment, today: datetime.date) -> bool:
    return commitment.status in PENDING_COMMITMENT_STATUSES and is_past_due(commitment, today)


def is_open(commitment) -> bool:
    return commitment.status in OPEN_COMMITMENT_STATUSES
