"""Reminders of agreements' ends and commitments' due dates: when, to whom, and once.

**When.** An agreement signed, not renewed, with an end and notice horizons (its
``notice_horizons``, e.g. 180, 90 and 30 days before the end) is due a reminder on
each horizon's day until its end, and none after it, except one when it ended with
a renewal still pending (a linked renewal in draft or in negotiation). An open
commitment of a signed agreement, while it is in force or not yet in effect or has
ended with a renewal pending, is due one 14 days before its due date (the last
day of its period: "2018" is due by 31 December 2018), one on that day, then one a
week while it is overdue, four at most.

**Only the latest, and once.** A run sends, for each record, the latest reminder
whose day has come and that was not recorded yet; the earlier ones it finds
unrecorded (the first run, a moved date, a snooze) are recorded as *passed over*
and never sent. Each one is a ``Reminder`` row, unique per record, occasion, step
and date: the row is inserted before anything is sent, and the emails are queued
only when that insert commits, so two runs at once never both send one. A
record's snooze (``reminders_snoozed_until``) holds its reminders, sent nor
recorded, until that day; the one due then goes out.

**To whom.** ``end_recipients`` and ``commitment_recipients`` say it, for the
emails and for the private calendar alike: a named person (a party's responsible
staff member, a commitment's owner) while they are still active staff of that
association, else the association's administrators, else all its active staff.
Only staff of an association that manages the agreement ever receive one.

A run reads its candidates, what was recorded of them and the staff of their
associations in a fixed number of queries, whatever their numbers.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from functools import partial

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Profile
from agreements import lifecycle
from agreements.choices import (
    OPEN_COMMITMENT_STATUSES,
    AgreementState,
    AgreementStatus,
    CommitmentStatus,
    PartyRole,
)
from agreements.models import Agreement, Commitment, Party, Reminder
from portal.dates import DatePrecision
from portal.mail import send_email
from portal.publishing import Publication

Occasion = Reminder.Occasion

DUE_SOON_DAYS = 14
OVERDUE_EVERY_DAYS = 7
OVERDUE_TIMES = 4
# The longest notice parse_notice_days accepts: no horizon reaches further back.
LONGEST_NOTICE_DAYS = 3660
# A linked renewal still being prepared: an agreement ended meanwhile gets one reminder.
PENDING_RENEWAL_STATUSES = (AgreementStatus.DRAFT, AgreementStatus.IN_NEGOTIATION)


# When ------------------------------------------------------------------------------


def days_from(day: datetime.date, days: int) -> datetime.date | None:
    """``day`` moved by ``days`` (earlier when negative), or None past the first or
    the last day Python's dates reach (1 January 1, 31 December 9999)."""
    try:
        return day + datetime.timedelta(days=days)
    except OverflowError:
        return None


@dataclass(frozen=True)
class Due:
    """A reminder whose day has come: its occasion, step, the date it is about, its day."""

    occasion: str
    step: int
    about_date: datetime.date
    day: datetime.date

    @property
    def key(self):
        return (self.occasion, self.step, self.about_date)


def end_dues(agreement, today: datetime.date, *, renewal_pending: bool) -> list[Due]:
    """The reminders about ``agreement``'s end whose day has come by ``today``, in order.

    The caller has checked that the agreement is signed and not renewed.
    """
    ends = agreement.ends_on
    horizons = agreement.notice_horizons
    if ends is None or not horizons:
        return []
    if today > ends:
        if not renewal_pending:
            return []
        # ``ends`` is before ``today``: the day after it exists.
        return [Due(Occasion.ENDED_RENEWAL_PENDING, 0, ends, days_from(ends, 1))]
    dues = []
    for days in horizons:
        # A horizon before the calendar's first day has come on that day.
        day = days_from(ends, -days) or datetime.date.min
        if day <= today:
            dues.append(Due(Occasion.ENDING, days, ends, day))
    return dues


def commitment_dues(commitment, today: datetime.date) -> list[Due]:
    """The reminders about ``commitment`` whose day has come by ``today``, in order."""
    due = lifecycle.due_by(commitment)
    if due is None or not lifecycle.is_open(commitment):
        return []
    dues = [
        Due(
            Occasion.DUE_SOON,
            DUE_SOON_DAYS,
            due,
            days_from(due, -DUE_SOON_DAYS) or datetime.date.min,
        ),
        Due(Occasion.DUE_TODAY, 0, due, due),
        *(
            Due(Occasion.OVERDUE, week, due, days_from(due, OVERDUE_EVERY_DAYS * week))
            for week in range(1, OVERDUE_TIMES + 1)
        ),
    ]
    # An overdue reminder past the calendar's last day never comes.
    return [d for d in dues if d.day is not None and d.day <= today]


def choose(dues: list[Due], recorded: set) -> tuple[Due | None, list[Due]]:
    """(the reminder to send, if any; the earlier ones to record as passed over).

    Only the latest due reminder is sent, if it was not recorded yet; every other
    one not recorded yet will never be sent.
    """
    if not dues:
        return None, []
    latest = dues[-1]
    to_send = None if latest.key in recorded else latest
    passed_over = [d for d in dues[:-1] if d.key not in recorded]
    return to_send, passed_over


# To whom ---------------------------------------------------------------------------


@dataclass(frozen=True)
class StaffMember:
    user_id: int
    email: str
    name: str
    language: str
    is_administrator: bool


@dataclass(frozen=True)
class Recipient:
    """Who gets a reminder, and why: ``because`` is one of the reasons below, for
    ``association``."""

    staff: StaffMember
    because: str
    association: object  # the Organization


RESPONSIBLE, OWNER, ADMINISTRATOR, ALL_STAFF = "responsible", "owner", "administrator", "staff"


class StaffDirectory:
    """The active staff accounts with an email of some associations, read in one query."""

    def __init__(self, association_ids):
        self.by_association: dict[int, list[StaffMember]] = defaultdict(list)
        self.memberships: set[tuple[int, int]] = set()
        self.associations: dict[int, object] = {}
        ids = {pk for pk in association_ids if pk is not None}
        if not ids:
            return
        rows = (
            Profile.associations.through.objects.filter(
                organization_id__in=ids,
                profile__user__is_active=True,
                profile__user__is_staff=True,
            )
            .exclude(profile__user__email="")
            .select_related("profile__user", "organization")
            .order_by("profile__user__email", "profile__user_id")
        )
        members = {}
        for row in rows:
            user = row.profile.user
            member = members.setdefault(
                user.pk,
                StaffMember(
                    user_id=user.pk,
                    email=user.email,
                    name=user.get_full_name() or user.get_username(),
                    language=row.profile.language,
                    is_administrator=row.profile.receives_unassigned_reminders,
                ),
            )
            self.by_association[row.organization_id].append(member)
            self.memberships.add((user.pk, row.organization_id))
            self.associations[row.organization_id] = row.organization

    def has_staff(self, association_id) -> bool:
        return bool(self.by_association.get(association_id))

    def is_staff_of(self, user_id, association_id) -> bool:
        return (user_id, association_id) in self.memberships

    def member(self, user_id, association_id) -> StaffMember:
        return next(m for m in self.by_association[association_id] if m.user_id == user_id)

    def unassigned(self, association_id) -> list[Recipient]:
        """Who gets an association's reminders that name nobody: its administrators,
        else all its staff."""
        staff = self.by_association.get(association_id, [])
        administrators = [m for m in staff if m.is_administrator]
        association = self.associations.get(association_id)
        if administrators:
            return [Recipient(m, ADMINISTRATOR, association) for m in administrators]
        return [Recipient(m, ALL_STAFF, association) for m in staff]


def _unique(recipients) -> list[Recipient]:
    """One per person (the first reason given), in the order of their addresses."""
    seen = {}
    for recipient in recipients:
        seen.setdefault(recipient.staff.user_id, recipient)
    return sorted(seen.values(), key=lambda r: (r.staff.email, r.staff.user_id))


def associations_of(agreement) -> set[int]:
    """The associations whose staff may get the agreement's reminders: its parties and
    the association that manages it (read from a prefetched ``party_set``)."""
    return {p.organization_id for p in agreement.party_set.all()} | {agreement.owner_id} - {None}


def end_recipients(agreement, directory: StaffDirectory) -> list[Recipient]:
    """Who is reminded of the agreement's end: for each party that is an association
    with staff in Passerelle, its responsible staff member, or else its administrators
    (else all its staff); with no such party, those of the association managing it."""
    recipients = []
    parties = [p for p in agreement.party_set.all() if directory.has_staff(p.organization_id)]
    for party in parties:
        association = party.organization_id
        if party.responsible_id and directory.is_staff_of(party.responsible_id, association):
            member = directory.member(party.responsible_id, association)
            recipients.append(Recipient(member, RESPONSIBLE, directory.associations[association]))
        else:
            recipients.extend(directory.unassigned(association))
    if not parties and agreement.owner_id:
        recipients.extend(directory.unassigned(agreement.owner_id))
    return _unique(recipients)


def commitment_recipients(commitment, agreement, directory: StaffDirectory) -> list[Recipient]:
    """Who is reminded of a commitment: its owner while they are staff of an association
    managing the agreement, else the administrators (else all the staff) of the
    association that manages the agreement, or, when it has none with staff, of the
    signatory associations."""
    owner = commitment.owner_id
    if owner:
        managing = sorted(associations_of(agreement), key=lambda a: (a != agreement.owner_id, a))
        for association in managing:
            if directory.is_staff_of(owner, association):
                member = directory.member(owner, association)
                return [Recipient(member, OWNER, directory.associations[association])]
    if agreement.owner_id and directory.has_staff(agreement.owner_id):
        return _unique(directory.unassigned(agreement.owner_id))
    signatories = sorted(
        {p.organization_id for p in agreement.party_set.all() if p.role == PartyRole.SIGNATORY}
    )
    return _unique(r for association in signatories for r in directory.unassigned(association))


# What is due -----------------------------------------------------------------------


def _parties():
    return Prefetch("party_set", queryset=Party.objects.select_related("organization"))


def _renewals(outer="pk"):
    return Agreement.all_objects.filter(renews=OuterRef(outer))


def signed_renewal(outer="pk"):
    """A linked renewal was signed (published or not: the renewal is decided)."""
    return Exists(_renewals(outer).filter(lifecycle.supersedes()))


def pending_renewal(outer="pk"):
    return Exists(_renewals(outer).filter(status__in=PENDING_RENEWAL_STATUSES))


def not_snoozed(today, prefix=""):
    field = f"{prefix}reminders_snoozed_until"
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__lte": today})


def _in_force_or_not_yet(today) -> Q:
    """In force on ``today``, or not yet in effect."""
    return lifecycle.state_condition(
        Agreement, AgreementState.IN_FORCE, today
    ) | lifecycle.state_condition(Agreement, AgreementState.NOT_YET_IN_EFFECT, today)


def _ended_with_renewal_pending(today) -> Q:
    return lifecycle.state_condition(Agreement, AgreementState.ENDED, today) & Q(pending_renewal())


def agreements_with_ends(today):
    """Signed agreements not renewed whose end reminders can still come: ending from
    ``today`` on, or ended with a renewal pending; with ``renewal_pending`` and their
    parties."""
    return (
        Agreement.all_objects.filter(ends_on__isnull=False)
        .exclude(notice_days="")
        .filter(~signed_renewal())
        .filter(
            (_in_force_or_not_yet(today) & Q(ends_on__gte=today))
            | _ended_with_renewal_pending(today)
        )
        .annotate(renewal_pending=pending_renewal())
        .prefetch_related(_parties())
        .order_by("ends_on", "pk")
    )


def open_commitments(today):
    """Open commitments with a due date, of signed agreements not renewed (a renewal
    carries its commitments over), with their agreements and its parties.

    Only while their agreement is in force or not yet in effect on ``today``, or has
    ended with a renewal pending (being prepared, it takes the commitments over): an
    agreement that ended for good is reminded of nothing.
    """
    reminded = Agreement.all_objects.filter(
        _in_force_or_not_yet(today) | _ended_with_renewal_pending(today)
    ).values("pk")
    return (
        Commitment.objects.filter(
            status__in=OPEN_COMMITMENT_STATUSES,
            due_on__isnull=False,
            agreement__status=AgreementStatus.SIGNED,
            agreement__in=reminded,
        )
        .filter(~signed_renewal("agreement_id"))
        .select_related("agreement")
        .prefetch_related(
            Prefetch("agreement__party_set", queryset=Party.objects.select_related("organization"))
        )
        .order_by("due_on", "pk")
    )


@dataclass
class Planned:
    """What a run does for one agreement's end or one commitment."""

    agreement: Agreement
    commitment: Commitment | None
    due: Due | None
    passed_over: list[Due]
    recipients: list[Recipient] = field(default_factory=list)

    def reminder(self, due: Due, today, **values) -> Reminder:
        return Reminder(
            agreement=self.agreement,
            commitment=self.commitment,
            occasion=due.occasion,
            step=due.step,
            about_date=due.about_date,
            sent_on=today,
            **values,
        )


def plan(today: datetime.date) -> list[Planned]:
    """What is due on ``today``: for each record, the reminder to send (and to whom)
    and the ones passed over. Reads the same few queries whatever the numbers."""
    agreements = list(
        agreements_with_ends(today)
        .filter(
            not_snoozed(today),
            Q(ends_on__lte=days_from(today, LONGEST_NOTICE_DAYS) or datetime.date.max),
        )
        # An ended agreement's one reminder, once recorded, leaves nothing to do.
        .filter(
            ~Exists(
                Reminder.objects.filter(
                    agreement=OuterRef("pk"),
                    commitment__isnull=True,
                    occasion=Occasion.ENDED_RENEWAL_PENDING,
                    about_date=OuterRef("ends_on"),
                )
            )
        )
    )
    commitments = list(
        open_commitments(today)
        .filter(
            not_snoozed(today),
            due_on__lte=days_from(today, DUE_SOON_DAYS) or datetime.date.max,
        )
        # Reminded the last time already: nothing more to send, ever (a commitment
        # reminded four times about a later date is not reminded again of an earlier one).
        .filter(
            ~Exists(
                Reminder.objects.filter(
                    commitment=OuterRef("pk"),
                    occasion=Occasion.OVERDUE,
                    step=OVERDUE_TIMES,
                    about_date__gte=OuterRef("due_on"),
                )
            )
        )
    )
    recorded = _recorded(agreements, commitments)
    directory = StaffDirectory(
        set().union(
            *(associations_of(a) for a in agreements),
            *(associations_of(c.agreement) for c in commitments),
        )
    )
    planned = []
    for agreement in agreements:
        dues = end_dues(agreement, today, renewal_pending=agreement.renewal_pending)
        due, passed_over = choose(dues, recorded[(agreement.pk, None)])
        if due or passed_over:
            recipients = end_recipients(agreement, directory) if due else []
            planned.append(Planned(agreement, None, due, passed_over, recipients))
    for commitment in commitments:
        due, passed_over = choose(
            commitment_dues(commitment, today), recorded[(commitment.agreement_id, commitment.pk)]
        )
        if due or passed_over:
            agreement = commitment.agreement
            recipients = commitment_recipients(commitment, agreement, directory) if due else []
            planned.append(Planned(agreement, commitment, due, passed_over, recipients))
    return planned


def _recorded(agreements, commitments) -> dict:
    """(agreement id, commitment id or None) → the keys of the reminders recorded."""
    recorded = defaultdict(set)
    condition = Q(commitment__isnull=True, agreement_id__in=[a.pk for a in agreements]) | Q(
        commitment_id__in=[c.pk for c in commitments]
    )
    rows = Reminder.objects.filter(condition).values_list(
        "agreement_id", "commitment_id", "occasion", "step", "about_date"
    )
    for agreement_id, commitment_id, occasion, step, about_date in rows:
        recorded[(agreement_id, commitment_id)].add((occasion, step, about_date))
    return recorded


def reminded_of(user_id: int, associations, today: datetime.date):
    """(agreements, commitments): the agreements whose end and the open commitments
    whose due date the staff account ``user_id`` gets reminders of, among the records
    its ``associations`` manage; snoozed or not, sent or not. The private calendar's
    entries, read in a fixed number of queries."""
    managed = Agreement.all_objects.managed_by(associations).values("pk")
    agreements = [
        a for a in agreements_with_ends(today).filter(pk__in=managed) if a.notice_horizons
    ]
    commitments = list(open_commitments(today).filter(agreement__in=managed))
    directory = StaffDirectory(
        set().union(
            *(associations_of(a) for a in agreements),
            *(associations_of(c.agreement) for c in commitments),
        )
    )

    def includes(recipients):
        return any(r.staff.user_id == user_id for r in recipients)

    return (
        [a for a in agreements if includes(end_recipients(a, directory))],
        [c for c in commitments if includes(commitment_recipients(c, c.agreement, directory))],
    )


# Sending ---------------------------------------------------------------------------


@dataclass
class Outcome:
    """What a run did."""

    sent: list[Planned] = field(default_factory=list)
    emails: int = 0
    passed_over: int = 0
    # Due, but nobody can receive it (no staff): recorded neither, so it goes out
    # once someone can.
    unaddressed: list[Planned] = field(default_factory=list)
    # Recorded meanwhile by another run.
    taken: int = 0


def send_due_reminders(today: datetime.date, *, site_url: str) -> Outcome:
    """Record and send what is due on ``today``; the emails leave through the task
    queue once each reminder's row is committed."""
    outcome = Outcome()
    planned = plan(today)
    passed_over = [
        p.reminder(due, today, outcome=Reminder.Outcome.PASSED_OVER)
        for p in planned
        for due in p.passed_over
    ]
    # Another run may have recorded some of them meanwhile: theirs stand.
    Reminder.objects.bulk_create(passed_over, ignore_conflicts=True)
    outcome.passed_over = len(passed_over)
    for item in planned:
        if item.due is None:
            continue
        if not item.recipients:
            outcome.unaddressed.append(item)
            continue
        messages = [email(item, recipient, today, site_url) for recipient in item.recipients]
        try:
            with transaction.atomic():
                item.reminder(
                    item.due, today, recipients=[r.staff.email for r in item.recipients]
                ).save()
                transaction.on_commit(partial(_enqueue, messages))
        except IntegrityError:
            # Another run recorded it first, and sends it.
            outcome.taken += 1
            continue
        outcome.sent.append(item)
        outcome.emails += len(messages)
    return outcome


def _enqueue(messages):
    for message in messages:
        send_email.enqueue(**message)


# What it says ----------------------------------------------------------------------


def when(day: datetime.date, precision: str = DatePrecision.DAY) -> str:
    """'on 30 June 2026', 'in June 2026', 'in 2026', in the active language."""
    if precision == DatePrecision.YEAR:
        return _("in %(year)s") % {"year": day.year}
    if precision == DatePrecision.MONTH:
        return _("in %(month)s") % {"month": date_format(day, "YEAR_MONTH_FORMAT")}
    return _("on %(date)s") % {"date": date_format(day, "DATE_FORMAT")}


def why(recipient: Recipient, association_name: str) -> str:
    if recipient.because == RESPONSIBLE:
        text = _("You are the staff member responsible for this agreement for %(association)s.")
    elif recipient.because == OWNER:
        text = _("You are the owner of this commitment, for %(association)s.")
    elif recipient.because == ADMINISTRATOR:
        text = _(
            "Nobody is responsible for it at %(association)s, and you are one of its "
            "administrators."
        )
    else:
        text = _(
            "Nobody is responsible for it at %(association)s, and it has no administrator: "
            "each of its staff members gets it."
        )
    return text % {"association": association_name}


def headline(item: Planned, today: datetime.date) -> tuple[str, str]:
    """(subject, first sentence) of a reminder, in the active language."""
    due = item.due
    agreement = item.agreement
    if item.commitment is None:
        ending = when(agreement.ends_on, agreement.ends_on_precision)
        if due.occasion == Occasion.ENDED_RENEWAL_PENDING:
            return (
                _("Agreement ended, renewal pending: %(title)s") % {"title": agreement.title},
                _("The agreement “%(title)s” ended %(when)s, and its renewal is not signed yet.")
                % {"title": agreement.title, "when": ending},
            )
        days = (agreement.ends_on - today).days
        return (
            _("Agreement ending %(when)s: %(title)s") % {"title": agreement.title, "when": ending},
            ngettext(
                "The agreement “%(title)s” ends %(when)s, in %(days)s day.",
                "The agreement “%(title)s” ends %(when)s, in %(days)s days.",
                days,
            )
            % {"title": agreement.title, "when": ending, "days": days},
        )
    commitment = item.commitment
    values = {
        "commitment": str(commitment),
        "title": agreement.title,
        "when": when(commitment.due_on, commitment.due_on_precision),
        "by": date_format(due.about_date, "DATE_FORMAT"),
    }
    # A run that comes late (a day missed, the first run) sends the reminder of a
    # day gone by: what it says follows the days as they are on ``today``.
    days_left = (due.about_date - today).days
    if due.occasion == Occasion.DUE_SOON:
        if commitment.due_on_precision == DatePrecision.DAY:
            # Due on a day: saying "by" that same day again adds nothing.
            sentence = _(
                "The commitment “%(commitment)s” of the agreement “%(title)s” is due %(when)s."
            )
        else:
            sentence = _(
                "The commitment “%(commitment)s” of the agreement “%(title)s” is due "
                "%(when)s: by %(by)s."
            )
        return (
            _("Commitment due by %(by)s: %(commitment)s") % values,
            sentence % values
            + " "
            + ngettext("%(days)s day is left.", "%(days)s days are left.", days_left)
            % {"days": days_left},
        )
    if due.occasion == Occasion.DUE_TODAY and days_left < 0:
        values["days"] = -days_left
        return (
            _("Commitment overdue: %(commitment)s") % values,
            ngettext(
                "The commitment “%(commitment)s” of the agreement “%(title)s” was due "
                "%(when)s and is %(days)s day overdue.",
                "The commitment “%(commitment)s” of the agreement “%(title)s” was due "
                "%(when)s and is %(days)s days overdue.",
                -days_left,
            )
            % values,
        )
    if due.occasion == Occasion.DUE_TODAY:
        return (
            _("Commitment due today: %(commitment)s") % values,
            _(
                "The commitment “%(commitment)s” of the agreement “%(title)s” is due "
                "%(when)s: today is the last day."
            )
            % values,
        )
    values["week"], values["weeks"] = due.step, OVERDUE_TIMES
    if commitment.status == CommitmentStatus.UNKNOWN:
        # Nobody recorded its outcome: ask for it rather than call it not done.
        return (
            _("Commitment past due, outcome not recorded: %(commitment)s") % values,
            _(
                "The commitment “%(commitment)s” of the agreement “%(title)s” was due "
                "%(when)s and its outcome is not recorded (reminder %(week)s of %(weeks)s)."
            )
            % values,
        )
    return (
        _("Commitment overdue: %(commitment)s") % values,
        _(
            "The commitment “%(commitment)s” of the agreement “%(title)s” was due "
            "%(when)s and is not done yet (reminder %(week)s of %(weeks)s)."
        )
        % values,
    )


def email(item: Planned, recipient: Recipient, today: datetime.date, site_url: str) -> dict:
    """The email of ``item`` to ``recipient``, in their language: the arguments of
    ``send_email``."""
    agreement = item.agreement
    with translation.override(recipient.staff.language):
        subject, opening = headline(item, today)
        if item.commitment is None:
            record_url = reverse("admin:agreements_agreement_change", args=[agreement.pk])
        else:
            record_url = reverse("admin:agreements_commitment_change", args=[item.commitment.pk])
        public_url = (
            site_url + agreement.get_absolute_url()
            if agreement.publication == Publication.PUBLISHED
            else ""
        )
        context = {
            "name": recipient.staff.name,
            "opening": opening,
            "item": item,
            "occasion": item.due.occasion,
            "Occasion": Occasion,
            "commitment": item.commitment,
            "agreement": agreement,
            "record_url": site_url + record_url,
            "agreement_admin_url": site_url
            + reverse("admin:agreements_agreement_change", args=[agreement.pk]),
            "public_url": public_url,
            "dashboard_url": site_url + reverse("admin:index"),
            "why": why(recipient, recipient.association.name),
        }
        body = render_to_string("agreements/email/reminder.txt", context)
    return {
        "to": [recipient.staff.email],
        # A header holds one line.
        "subject": " ".join(f"Passerelle · {subject}".split()),
        "body": body,
    }
