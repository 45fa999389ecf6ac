"""What the page between two organizations reads: six queries, compiled once per
language (``portal.compiled_reads``), whatever the number of records they share.

1. the two organizations, published ones only;
2. the summary: how many agreements (and of them in force), events, commitments and
   relationships they share, and the earliest date among them;
3. their agreements: the published agreements both are a party to, renewals
   included (a renewal is an agreement of its own, linked to the one it renews);
4. the events both organized or took part in;
5. the commitments under their agreements, with their progress;
6. their relationships, both directions.

Lists 3 to 5 keep the ``SHOWN`` most recent records each: two organizations can
share thousands (the summary counts them all, and the page says what it left out).
Relationships need no cap: one per kind and direction at most (a constraint).

Nothing here reads a contact, a signer or a benefit's claim details: the page shows
what both organizations did together, as public as their records are.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import CharField, DateField, F, Func, IntegerField, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from agreements.choices import AgreementKind, AgreementState, PartyRole
from agreements.lifecycle import state_condition, state_expression
from agreements.models import Agreement, Commitment, Party
from events.choices import EventRole
from events.models import Event, EventOrganization
from events.querysets import EVENT_CARD_FIELDS
from organizations.models import Organization, Relationship
from portal.compiled_reads import CompiledRead, Parameter, loaded, plain
from portal.dates import PartialDate
from portal.publishing import Publication

# The most recent records of each list the page shows.
SHOWN = 200

SLUGS = [Parameter("slug", CharField()), Parameter("other", CharField())]
FIRST = Parameter("first", IntegerField())
SECOND = Parameter("second", IntegerField())
TODAY = Parameter("today", DateField())

ORGANIZATION_FIELDS = ("id", "slug", "name_en", "name_fr", "acronym_en", "acronym_fr", "kind")
AGREEMENT_FIELDS = (
    "id",
    "slug",
    "title_en",
    "title_fr",
    "kind",
    "status",
    "signed_on",
    "signed_on_precision",
    "ends_on",
    "ends_on_precision",
    "renews_id",
)
# What an agreement's entry says of the agreement it renews (read, not shown: whether
# the public may see it).
RENEWS_FIELDS = ("id", "slug", "title_en", "title_fr", "publication")
COMMITMENT_FIELDS = (
    "id",
    "description_en",
    "description_fr",
    "progress_note_en",
    "progress_note_fr",
    "due_on",
    "due_on_precision",
    "status",
    "agreement_id",
)
RELATIONSHIP_FIELDS = (
    "id",
    "kind",
    "subject_id",
    "object_id",
    "since",
    "since_precision",
    "until",
    "until_precision",
    "note_en",
    "note_fr",
)


# The shared records, as subqueries of the ids of the two organizations ----------------


def shared_agreement_ids():
    """The published agreements both ``FIRST`` and ``SECOND`` are a party to, whatever
    their role: each side read through the index of its parties."""
    first = Party.objects.filter(organization_id=FIRST).order_by().values("agreement_id")
    second = Party.objects.filter(organization_id=SECOND).order_by().values("agreement_id")
    return plain(Agreement).filter(pk__in=first).filter(pk__in=second)


def shared_event_ids():
    """The published events both organized or took part in."""
    first = EventOrganization.objects.filter(organization_id=FIRST).order_by().values("event_id")
    second = EventOrganization.objects.filter(organization_id=SECOND).order_by().values("event_id")
    return plain(Event).filter(pk__in=first).filter(pk__in=second)


def shared_commitments():
    return plain(Commitment).filter(agreement__in=shared_agreement_ids().order_by().values("pk"))


def shared_relationships():
    return plain(Relationship).filter(
        Q(subject_id=FIRST, object_id=SECOND) | Q(subject_id=SECOND, object_id=FIRST)
    )


def _one(queryset, function, column="pk"):
    """``function`` (COUNT, MIN) of ``column`` over ``queryset``, as a scalar subquery:
    a plain function, not an aggregate, so that Django groups by nothing."""
    value = Func(F(column), function=function)
    return Subquery(queryset.order_by().annotate(value=value).values("value")[:1])


def _summary():
    agreements = shared_agreement_ids()
    in_force = agreements.filter(state_condition(Agreement, AgreementState.IN_FORCE, TODAY))
    events = shared_event_ids()
    relationships = shared_relationships()
    return (
        plain(Organization)
        .filter(pk=FIRST)
        .order_by()
        .values(
            # Named apart from the organization's relations (agreements, events).
            count_agreements=_one(agreements, "COUNT"),
            count_in_force=_one(in_force, "COUNT"),
            count_events=_one(events, "COUNT"),
            count_commitments=_one(shared_commitments(), "COUNT"),
            count_relationships=_one(relationships, "COUNT"),
            first_agreement=_one(agreements, "MIN", "signed_on"),
            first_event=_one(events, "MIN", "start_date"),
            first_relationship=_one(relationships, "MIN", "since"),
        )
    )


def _role(model, record, organization):
    """The role ``organization`` had in the record of the outer query (a party's, an
    event organization's)."""
    roles = model.objects.filter(**{record: OuterRef("pk")}, organization_id=organization)
    return Subquery(roles.order_by().values("role")[:1])


def _agreements():
    # Latest signed first; no known date last (agreements.querysets.order_by_signing).
    return (
        shared_agreement_ids()
        .annotate(
            state=state_expression(Agreement, TODAY),
            first_role=_role(Party, "agreement", FIRST),
            second_role=_role(Party, "agreement", SECOND),
        )
        .order_by(F("signed_on").desc(nulls_last=True), "-id")
        .values(
            *AGREEMENT_FIELDS,
            "state",
            "first_role",
            "second_role",
            *[f"renews__{name}" for name in RENEWS_FIELDS],
        )[:SHOWN]
    )


def _events():
    return (
        shared_event_ids()
        .annotate(
            first_role=_role(EventOrganization, "event", FIRST),
            second_role=_role(EventOrganization, "event", SECOND),
        )
        .order_by("-start_date", "-id")
        .values(*EVENT_CARD_FIELDS, "first_role", "second_role")[:SHOWN]
    )


def _commitments():
    return (
        shared_commitments()
        .order_by(F("due_on").desc(nulls_last=True), "-id")
        .values(
            *COMMITMENT_FIELDS, "agreement__slug", "agreement__title_en", "agreement__title_fr"
        )[:SHOWN]
    )


ORGANIZATION_ROWS = CompiledRead(
    lambda: plain(Organization).filter(slug__in=SLUGS).order_by().values(*ORGANIZATION_FIELDS)
)
SUMMARY_ROW = CompiledRead(_summary)
AGREEMENT_ROWS = CompiledRead(_agreements)
EVENT_ROWS = CompiledRead(_events)
COMMITMENT_ROWS = CompiledRead(_commitments)
RELATIONSHIP_ROWS = CompiledRead(
    lambda: shared_relationships().order_by("since", "id").values(*RELATIONSHIP_FIELDS)
)


# The page ---------------------------------------------------------------------------


@dataclass
class Entry:
    """One dated line of the timeline: ``kind`` (a key of ENTRY_KINDS) and the record
    it is about, ``date`` a PartialDate (None when not known) to sort and group by, and
    ``shown``, the date as the entry says it (an event's range)."""

    kind: str
    record: object
    date: PartialDate | None
    shown: object = None

    def __post_init__(self):
        if self.shown is None:
            self.shown = self.date

    @property
    def label(self):
        return ENTRY_KINDS[self.kind]

    @property
    def sort_key(self):
        # Newest first: a later date, then the order of ENTRY_KINDS, then the newer record.
        value = self.date.value if self.date else datetime.date.min
        return (-value.toordinal(), list(ENTRY_KINDS).index(self.kind), -self.record.pk)


ENTRY_KINDS = {
    "ended": _("Agreement ended"),
    "renewal": _("Renewal"),
    "agreement": _("Agreement"),
    "commitment": _("Commitment"),
    "event": _("Event"),
    "relationship": _("Relationship"),
}


@dataclass
class Year:
    """The entries of one year, newest first; ``year`` None for those of no known date."""

    year: int | None
    entries: list[Entry] = field(default_factory=list)


def organizations_by_slug(slugs):
    """The published organizations among ``slugs`` (two), by slug."""
    rows = ORGANIZATION_ROWS.rows(slug=slugs[0], other=slugs[1])
    return {row["slug"]: loaded(Organization, row) for row in rows}


def between_page(first, second, today):
    """What the page between ``first`` and ``second`` (published organizations) shows,
    as they stand on ``today``, for the template's context."""
    ids = {"first": first.pk, "second": second.pk}
    totals = SUMMARY_ROW.rows(**ids, today=today)[0]
    summary = {
        name.removeprefix("count_"): value
        for name, value in totals.items()
        if name.startswith("count_")
    }
    agreements = [agreement_entry(row) for row in AGREEMENT_ROWS.rows(**ids, today=today)]
    events = [event_entry(row) for row in EVENT_ROWS.rows(**ids)]
    commitments = [commitment_entry(row, today) for row in COMMITMENT_ROWS.rows(**ids)]
    relationships = [
        relationship_entry(row, first, second) for row in RELATIONSHIP_ROWS.rows(**ids)
    ]
    entries = [*agreements, *events, *commitments, *relationships]
    # An agreement that ended (and was not renewed) ends on its own line too.
    entries += [
        Entry("ended", entry.record, entry.record.ends)
        for entry in agreements
        if entry.record.state == AgreementState.ENDED and entry.record.ends_on is not None
    ]
    firsts = [totals[f"first_{kind}"] for kind in ("agreement", "event", "relationship")]
    firsts = [value for value in firsts if value is not None]
    return {
        "first": first,
        "second": second,
        "summary": summary,
        "first_contact_year": min(firsts).year if firsts else None,
        "years": by_year(entries),
        "left_out": left_out(summary, agreements, events, commitments),
        "shown": SHOWN,
    }


def agreement_entry(row):
    agreement = loaded(Agreement, row)
    agreement.state = row["state"]
    agreement.first_role = PartyRole(row["first_role"]).label
    agreement.second_role = PartyRole(row["second_role"]).label
    renews = None
    if row["renews__id"] is not None and row["renews__publication"] == Publication.PUBLISHED:
        renews = loaded(Agreement, row, prefix="renews__")
    agreement.renews_public = renews
    renewal = agreement.renews_id is not None or agreement.kind == AgreementKind.RENEWAL
    kind = "renewal" if renewal else "agreement"
    return Entry(kind, agreement, agreement.signed)


def event_entry(row):
    event = loaded(Event, row)
    event.first_role = EventRole(row["first_role"]).label
    event.second_role = EventRole(row["second_role"]).label
    dates = event.dates
    return Entry("event", event, dates.start, dates)


def commitment_entry(row, today):
    commitment = loaded(Commitment, row)
    agreement = Agreement(
        id=row["agreement_id"],
        slug=row["agreement__slug"],
        title_en=row["agreement__title_en"],
        title_fr=row["agreement__title_fr"],
    )
    Commitment.agreement.field.set_cached_value(commitment, agreement)
    commitment.overdue = commitment.is_overdue(today)
    return Entry("commitment", commitment, commitment.due)


def relationship_entry(row, first, second):
    relationship = loaded(Relationship, row)
    ends = {first.pk: first, second.pk: second}
    for end in ("subject", "object"):
        other = ends[getattr(relationship, f"{end}_id")]
        Relationship._meta.get_field(end).set_cached_value(relationship, other)
    return Entry("relationship", relationship, relationship.since_date)


def by_year(entries):
    """The entries newest first, by year; those of no known date last."""
    years = []
    for entry in sorted(entries, key=lambda entry: entry.sort_key):
        year = entry.date.value.year if entry.date else None
        if not years or years[-1].year != year:
            years.append(Year(year))
        years[-1].entries.append(entry)
    return years


def left_out(summary, agreements, events, commitments):
    """What the capped lists left out: [(kind, total)] of the lists that hold more
    records than the page shows."""
    found = []
    for kind, shown in (
        ("agreements", agreements),
        ("events", events),
        ("commitments", commitments),
    ):
        if summary[kind] > len(shown):
            found.append((kind, summary[kind]))
    return found


def pairs_sharing_an_agreement():
    """Each pair of published organizations that are parties to a published agreement
    together, once, in their page's order (slugs in ascending order): rows of
    ``slug`` and ``other``, for the sitemap to read a slice at a time."""
    other = "agreement__party_set__organization__"
    return (
        Party.objects.filter(
            agreement__publication=Publication.PUBLISHED,
            organization__publication=Publication.PUBLISHED,
            **{f"{other}publication": Publication.PUBLISHED},
            organization__slug__lt=F(f"{other}slug"),
        )
        .annotate(slug=F("organization__slug"), other=F(f"{other}slug"))
        .values("slug", "other")
        .distinct()
        .order_by("slug", "other")
    )
