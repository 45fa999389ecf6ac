"""Two-party confirmation: each signatory association's staff vouch for an agreement's
record, and learn when someone else changed it since.

What a party confirms is the record's *snapshot* (``snapshot``): what the agreement
says — titles, kind, status, dates, place, term, parties, benefits (with who provides
them and their allowance), commitments and their due dates. Not how the work goes (a
commitment's progress, owner or last check; how a benefit is claimed, its code, whether
Passerelle takes its claims, whether its instructions are illustrative) nor the staff's
own settings (reminders, snoozes): marking a commitment done leaves a confirmation as it
was.

After each write (``refresh_confirmations``), a confirmation whose snapshot differs
from the record's is *stale* and lists the parts that changed (``stale_fields``, keys
of ``PARTS``), unless the writer is staff of the confirming association and their
confirmation was current: then it follows their own edit. A later edit that brings
the record back to what they confirmed makes it current again.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agreements.choices import PartyRole
from agreements.models import Agreement, Benefit, Commitment, Confirmation, Party
from portal.versioning import RecordChanged

# The parts of a snapshot, in the order the pages name them, with their labels.
PARTS = {
    "title": _("title"),
    "kind": _("kind"),
    "status": _("status"),
    "signing_date": _("signing date"),
    "signing_place": _("signing place"),
    "effective_dates": _("effective dates"),
    "term": _("term"),
    "parties": _("parties"),
    "benefits": _("benefits"),
    "commitments": _("commitments"),
}


def _iso(day):
    return day.isoformat() if day is not None else None


def _sorted(rows):
    # A stable order whatever the database's: the rows as JSON text.
    return sorted(rows, key=lambda row: json.dumps(row, sort_keys=True))


def snapshot(agreement) -> dict:
    """What the signatories of ``agreement`` confirm, as stored JSON (lists, strings,
    numbers), read from the database: four queries."""
    record = (
        Agreement._default_manager.filter(pk=agreement.pk)
        .values(
            "title_en",
            "title_fr",
            "kind",
            "status",
            "signed_on",
            "signed_on_precision",
            "signing_place_en",
            "signing_place_fr",
            "effective_from",
            "effective_until",
            "term_months",
        )
        .get()
    )
    parties = Party.objects.filter(agreement=agreement.pk).values_list("organization_id", "role")
    benefits = {}
    for row in Benefit.objects.filter(agreement=agreement.pk).values_list(
        "pk",
        "category",
        "description_en",
        "description_fr",
        "granted_to",
        "provided_by",
        "allowance",
        "allowance_period",
        "allowance_scope",
    ):
        pk, category, description_en, description_fr, grantee, provider, allowance = row[:7]
        benefit = benefits.get(pk)
        if benefit is None:
            benefit = benefits[pk] = [category, description_en, description_fr, []]
            # Who provides it and how much of it there is are terms too; a benefit with
            # neither reads as it did before they existed, so that no confirmation made
            # then turns out of date by itself.
            if provider is not None or allowance is not None:
                benefit.append(provider)
                benefit.append([allowance, *row[7:]] if allowance is not None else None)
        if grantee is not None:
            benefit[3].append(grantee)
    for benefit in benefits.values():
        benefit[3].sort()
    commitments = Commitment.objects.filter(agreement=agreement.pk).values_list(
        "description_en", "description_fr", "due_on", "due_on_precision"
    )
    return {
        "title": [record["title_en"], record["title_fr"]],
        "kind": record["kind"],
        "status": record["status"],
        "signing_date": [_iso(record["signed_on"]), record["signed_on_precision"]],
        "signing_place": [record["signing_place_en"], record["signing_place_fr"]],
        "effective_dates": [_iso(record["effective_from"]), _iso(record["effective_until"])],
        "term": record["term_months"],
        "parties": _sorted([[organization, role] for organization, role in parties]),
        "benefits": _sorted(list(benefits.values())),
        "commitments": _sorted(
            [
                [en, fr, _iso(due), precision if due else None]
                for en, fr, due, precision in commitments
            ]
        ),
    }


def fingerprint(record: dict) -> str:
    """A short, stable digest of a snapshot (SHA-256 of its canonical JSON): what a
    confirm form carries to say which record its page showed."""
    text = json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def is_fingerprint(value: str) -> bool:
    """Whether ``value`` looks like a ``fingerprint`` (64 lowercase hex digits)."""
    return len(value) == 64 and all(char in "0123456789abcdef" for char in value)


def changed_parts(before: dict, after: dict) -> list[str]:
    """The keys of ``PARTS`` whose values differ between two snapshots."""
    return [part for part in PARTS if before.get(part) != after.get(part)]


def part_labels(parts) -> list[str]:
    """The labels of snapshot parts, in the active language (unknown keys as they are)."""
    return [str(PARTS.get(part, part)) for part in parts]


def signatory_associations(agreement):
    """The organizations that sign ``agreement``, by id."""
    return set(
        Party.objects.filter(agreement=agreement.pk, role=PartyRole.SIGNATORY).values_list(
            "organization_id", flat=True
        )
    )


def may_confirm_for(agreement, viewer):
    """The signatory associations ``viewer`` may confirm ``agreement`` for: those they
    are staff of. Administrators confirm nothing on an association's behalf: a
    confirmation is the association's own word."""
    if not viewer.is_staff or not viewer.staff_of:
        return set()
    return signatory_associations(agreement) & set(viewer.staff_of)


def confirm(agreement, organization_id, user, *, seen):
    """Record (or renew) ``organization_id``'s confirmation of ``agreement`` as it is now,
    which must be the snapshot they saw (its ``fingerprint``, ``seen``): else
    ``RecordChanged``, and nothing is recorded (they would vouch for what they did not
    read). The snapshot, not the agreement's version: an edit of a party, benefit or
    commitment on its own page leaves the version as it was."""
    with transaction.atomic():
        # Two confirmations, or a confirmation and a save of the agreement itself, wait
        # for each other on the agreement's row.
        exists = (
            Agreement._base_manager.select_for_update()
            .filter(pk=agreement.pk)
            .values_list("pk", flat=True)
            .first()
        )
        if exists is None:
            raise RecordChanged(agreement)
        current = snapshot(agreement)
        if fingerprint(current) != seen:
            raise RecordChanged(agreement)
        confirmation, _created = Confirmation.objects.update_or_create(
            agreement=agreement,
            organization_id=organization_id,
            defaults={
                "confirmed_by": user,
                "confirmed_at": timezone.now(),
                "snapshot": current,
                "stale_fields": [],
            },
        )
    return confirmation


def refresh_confirmations(agreement, viewer):
    """After a write to ``agreement`` (or its parties, benefits, commitments) by
    ``viewer``: each confirmation current, followed, or stale with what changed."""
    confirmations = list(Confirmation.objects.filter(agreement=agreement.pk))
    if not confirmations:
        return
    current = snapshot(agreement)
    own = set(viewer.staff_of) if viewer.is_staff and not viewer.is_admin else set()
    with transaction.atomic():
        for confirmation in confirmations:
            followed = False
            if confirmation.snapshot == current:
                stale = []
            elif confirmation.organization_id in own and not confirmation.stale_fields:
                # Their own edit of what they had confirmed: they vouch for it still.
                confirmation.snapshot = current
                followed = True
                stale = []
            else:
                stale = changed_parts(confirmation.snapshot, current)
            if followed or stale != confirmation.stale_fields:
                confirmation.stale_fields = stale
                confirmation.save(update_fields=["snapshot", "stale_fields"])


@dataclass(frozen=True)
class Confirmed:
    organization: object
    confirmed_at: datetime.datetime
    # Keys of PARTS changed since the confirmation; empty while it is current.
    changed_since: tuple[str, ...]

    @property
    def is_stale(self):
        return bool(self.changed_since)

    @property
    def changed_since_labels(self):
        return part_labels(self.changed_since)


@dataclass(frozen=True)
class ConfirmationState:
    """Which signatories confirmed the record (current or stale), and which not yet."""

    confirmed: list[Confirmed] = field(default_factory=list)
    awaiting: list = field(default_factory=list)

    @property
    def stale(self):
        return [confirmation for confirmation in self.confirmed if confirmation.is_stale]

    def __bool__(self):
        return bool(self.confirmed or self.awaiting)

    def _summary(self, dated):
        pieces = []
        for entry in self.confirmed:
            name = entry.organization.name
            if entry.is_stale:
                pieces.append(
                    gettext("confirmation by %(association)s out of date") % {"association": name}
                )
            elif dated:
                date = formats.date_format(timezone.localtime(entry.confirmed_at), "DATE_FORMAT")
                pieces.append(
                    gettext("confirmed by %(association)s on %(date)s")
                    % {"association": name, "date": date}
                )
            else:
                pieces.append(gettext("confirmed by %(association)s") % {"association": name})
        if self.awaiting:
            names = ", ".join(organization.name for organization in self.awaiting)
            pieces.append(gettext("awaiting %(associations)s") % {"associations": names})
        return capfirst(" · ".join(pieces))

    @property
    def summary(self):
        """ "Confirmed by BIOQuébec · awaiting MassBio": for the public, no dates."""
        return self._summary(dated=False)

    @property
    def dated_summary(self):
        """ "Confirmed by BIOQuébec on 3 May 2025 · awaiting MassBio": for staff."""
        return self._summary(dated=True)


def confirmation_state(parties) -> ConfirmationState:
    """The state from an agreement's parties, read with ``with_confirmation()``
    (instances or rows, each with its ``organization``), in their order: signatories
    only, as only they confirm. A signatory with no staff account is not awaited: no
    one can confirm for it."""
    confirmed, awaiting = [], []
    for party in parties:
        if party.role != PartyRole.SIGNATORY:
            continue
        if party.confirmed_at is None:
            if party.has_staff:
                awaiting.append(party.organization)
        else:
            changed = party.confirmation_stale_fields or ()
            confirmed.append(Confirmed(party.organization, party.confirmed_at, tuple(changed)))
    return ConfirmationState(confirmed, awaiting)
