"""The staff dashboard on the admin index: what needs someone's attention today, in the
records the viewer manages (administrators: all of them).

Five sections, each one query whatever the number of records (the first ``LISTED``
entries and, through a window count, how many there are in all), each read through
an index: the end of term (``Agreement.ends_on``), the stored status, the due dates.
The conditions are the admin's list filters too (``agreements.admin``), so that "see
all" lists the same records.
"""

import datetime
from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from agreements import lifecycle
from agreements.choices import AgreementState, AgreementStatus
from agreements.models import Agreement, Commitment
from agreements.renewal import renewals_under_way
from events.models import Event
from portal.localized import localized_value
from portal.publishing import Publication
from portal.scoping import managed

# How many entries each section lists; "see all" links to the rest.
LISTED = 20
# Agreements in force that end within this many days.
ENDING_WITHIN_DAYS = 180
# Agreements that ended within this many months are listed; older ones are counted.
ENDED_LISTED_MONTHS = 12
# The snooze choices, in days.
SNOOZE_DAYS = (7, 30)
# An agreement in one of these is waiting to be signed.
UNSIGNED_STATUSES = (AgreementStatus.DRAFT, AgreementStatus.IN_NEGOTIATION)


def today() -> datetime.date:
    """The dashboard's day (tests move it)."""
    return timezone.localdate()


def start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


# The conditions, on Agreement (or Commitment), shared with the admin's list filters. ---


def ending_condition(day: datetime.date) -> Q:
    """In force on ``day`` and ending within ``ENDING_WITHIN_DAYS``."""
    return lifecycle.state_condition(Agreement, AgreementState.IN_FORCE, day) & Q(
        ends_on__gte=day, ends_on__lte=day + datetime.timedelta(days=ENDING_WITHIN_DAYS)
    )


def ended_condition(day: datetime.date) -> Q:
    """Ended, and no signed renewal supersedes it."""
    return lifecycle.state_condition(Agreement, AgreementState.ENDED, day)


def drafts_condition() -> Q:
    """Waiting for someone: a draft or an agreement in negotiation (to be signed), or a
    signed agreement not yet published."""
    return Q(status__in=UNSIGNED_STATUSES) | Q(
        status=AgreementStatus.SIGNED, publication=Publication.DRAFT
    )


def dormant_condition(day: datetime.date) -> Q:
    """In force, and for ``DORMANT_AFTER_MONTHS``: no commitment updated or checked, no
    linked event (signing or related) held or coming, no edit of the agreement."""
    since = lifecycle.add_months(day, -lifecycle.DORMANT_AFTER_MONTHS)
    commitment_news = Commitment.objects.filter(agreement_id=OuterRef("pk")).filter(
        Q(updated_at__gte=start_of(since)) | Q(last_checked_on__gte=since)
    )
    recent = Q(start_date__gte=since) | Q(end_date__gte=since)
    signing_event = Event.all_objects.filter(recent, pk=OuterRef("signing_event_id"))
    related_event = Event.related_agreements.through.objects.filter(
        Q(event__start_date__gte=since) | Q(event__end_date__gte=since),
        agreement_id=OuterRef("pk"),
    )
    return (
        lifecycle.state_condition(Agreement, AgreementState.IN_FORCE, day)
        & Q(updated_at__lt=start_of(since))
        & ~Exists(commitment_news)
        & ~Exists(signing_event)
        & ~Exists(related_event)
    )


def overdue_condition(day: datetime.date) -> Q:
    """Commitments not closed past their due period (overdue, or of an outcome nobody
    recorded: staff find out), of agreements in force or not yet in effect, or ended
    with a renewal pending. Not those of a draft or a terminated agreement (nobody's
    deadline), of a renewed one (the renewal carries them over), nor of one ended with
    no renewal pending (its reminders stop too)."""
    in_force = lifecycle.state_condition(Agreement, AgreementState.IN_FORCE, day)
    not_yet = lifecycle.state_condition(Agreement, AgreementState.NOT_YET_IN_EFFECT, day)
    ended = lifecycle.state_condition(Agreement, AgreementState.ENDED, day)
    pending = Exists(renewals_under_way(OuterRef("pk")))
    current = in_force | not_yet | (ended & pending)
    return lifecycle.past_due_condition(day) & Q(
        agreement__in=Agreement.all_objects.filter(current).values("pk")
    )


# The sections. -------------------------------------------------------------------------


@dataclass
class Section:
    key: str
    title: str
    # What the section's table lists, for its caption.
    description: str
    entries: list
    total: int
    # The admin list of all of them.
    see_all_url: str
    # Entries not listed because they are older (ended agreements).
    older: int = 0

    @property
    def count(self):
        """How many the section has: those listed and those past the list."""
        return self.total - self.older

    @property
    def more(self):
        return self.count > len(self.entries)


def _with_total(queryset, **windows):
    """The first ``LISTED`` rows, each with ``total`` (and ``windows``) over all rows."""
    return list(
        queryset.annotate(total=Window(Count("pk")), **{k: Window(v) for k, v in windows.items()})[
            :LISTED
        ]
    )


def _renewal_pending():
    """The first renewal under way of each agreement (``agreements.renewal``): its id
    and its title in the viewer's language. In the ending and ended sections, whose
    agreements do not read renewed, it is being prepared or signed and not yet
    published: "renew" would open it."""
    pending = renewals_under_way(OuterRef("pk")).order_by("pk")
    return {
        "pending_renewal": Subquery(pending.values("pk")[:1]),
        "pending_renewal_title": Subquery(
            pending.annotate(shown=localized_value("title")).values("shown")[:1]
        ),
    }


def _snoozed(record, day):
    until = record.reminders_snoozed_until
    return until if until is not None and until >= day else None


def _agreements_url(filter_value):
    return (
        reverse("admin:agreements_agreement_changelist")
        + "?"
        + urlencode({"dashboard": filter_value})
    )


def sections(viewer, day: datetime.date) -> list[Section]:
    """The dashboard of ``viewer`` on ``day``: five queries."""
    agreements = managed(Agreement.all_objects.all(), viewer)
    found = []

    ending = _with_total(
        agreements.filter(ending_condition(day))
        .annotate(**_renewal_pending())
        .order_by("ends_on", "pk")
    )
    for agreement in ending:
        agreement.days_left = (agreement.ends_on - day).days
        agreement.snoozed_until = _snoozed(agreement, day)
    found.append(
        Section(
            "ending",
            _("Ending within 180 days"),
            _("Agreements in force that end within 180 days, the soonest first"),
            ending,
            ending[0].total if ending else 0,
            _agreements_url("ending"),
        )
    )

    listed_since = lifecycle.add_months(day, -ENDED_LISTED_MONTHS)
    ended_rows = _with_total(
        agreements.filter(ended_condition(day))
        .annotate(**_renewal_pending())
        .order_by("-ends_on", "pk"),
        older=Sum(
            Case(When(ends_on__lt=listed_since, then=Value(1)), default=Value(0)),
            output_field=IntegerField(),
        ),
    )
    ended = [agreement for agreement in ended_rows if agreement.ends_on >= listed_since]
    for agreement in ended:
        agreement.days_since = (day - agreement.ends_on).days
    found.append(
        Section(
            "ended",
            _("Ended without a renewal"),
            _("Agreements that ended in the last 12 months and were not renewed, the latest first"),
            ended,
            ended_rows[0].total if ended_rows else 0,
            _agreements_url("ended"),
            older=(ended_rows[0].older or 0) if ended_rows else 0,
        )
    )

    commitments = managed(Commitment.objects.all(), viewer)
    overdue = _with_total(
        commitments.filter(overdue_condition(day))
        .select_related("agreement", "owner")
        .order_by("due_on", "pk")
    )
    for commitment in overdue:
        commitment.days_late = (day - commitment.due_by).days
        commitment.snoozed_until = _snoozed(commitment, day)
    found.append(
        Section(
            "overdue",
            _("Commitments past due"),
            _(
                "Commitments not done or dropped after their due date, overdue or of "
                "unknown outcome, the longest past due first"
            ),
            overdue,
            overdue[0].total if overdue else 0,
            reverse("admin:agreements_commitment_changelist") + "?" + urlencode({"overdue": "yes"}),
        )
    )

    drafts = _with_total(agreements.filter(drafts_condition()).order_by("updated_at", "pk"))
    found.append(
        Section(
            "drafts",
            _("Drafts waiting"),
            _(
                "Drafts, agreements in negotiation and signed agreements not yet published, "
                "the longest waiting first"
            ),
            drafts,
            drafts[0].total if drafts else 0,
            _agreements_url("drafts"),
        )
    )

    dormant = _with_total(agreements.filter(dormant_condition(day)).order_by("updated_at", "pk"))
    found.append(
        Section(
            "dormant",
            _("Dormant agreements"),
            _(
                "Agreements in force with no commitment update, no linked event and no edit "
                "for 12 months, the longest untouched first"
            ),
            dormant,
            dormant[0].total if dormant else 0,
            _agreements_url("dormant"),
        )
    )
    return found
