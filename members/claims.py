"""Claiming a benefit: who may, through which association, who handles it, and how
much of its allowance is left.

Eligibility is decided when the claim is made, in the claim's transaction: the
member's organization must be a current member (``Membership`` on that day) of an
association the benefit is granted to, the benefit open that day and its agreement
published and in force (``Benefit.objects.claimable``).

An allowance is counted in ``AllowanceUse`` rows, one per benefit, period (a year,
or the whole validity) and member organization (or all of them). A claim takes its
units with one conditional UPDATE that succeeds only within the allowance, so two
members claiming the last unit at once get it once; a claim that is declined or
withdrawn gives its units back.
"""

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Profile
from agreements.choices import AllowancePeriod, AllowanceScope, PartyRole
from agreements.models import Benefit, Party
from members.models import COUNTED_STATUSES, AllowanceUse, Claim, ClaimStatus
from organizations.models import Membership, Organization

MAX_QUANTITY = 100


class ClaimRefused(Exception):
    """A claim that cannot be made, with the reason to show the member."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def current_memberships(organization_id, today: datetime.date):
    """The associations ``organization_id`` is a current member of on ``today``."""
    return Membership.objects.filter(
        Q(since__isnull=True) | Q(since__lte=today),
        Q(until__isnull=True) | Q(until__gte=today),
        member_id=organization_id,
    )


def period_of(benefit, today: datetime.date) -> int:
    """The allowance period a claim made on ``today`` counts in: its year, or 0."""
    return today.year if benefit.allowance_period == AllowancePeriod.YEAR else 0


def organization_key(benefit, organization_id) -> int:
    """Whose allowance a claim takes from: its organization's, or everyone's (0)."""
    if benefit.allowance_scope == AllowanceScope.PER_ORGANIZATION:
        return organization_id or 0
    return 0


def handler_for(benefit, through_association_id, signatories) -> int | None:
    """The association that handles a claim made through ``through_association_id``:
    the benefit's provider; else, when the agreement has one other signatory, that
    partner (a benefit each party grants the other's members); else the association
    that manages the agreement; else the member's own association."""
    if benefit.provided_by_id:
        return benefit.provided_by_id
    others = [pk for pk in signatories if pk != through_association_id]
    if len(others) == 1:
        return others[0]
    return benefit.agreement.owner_id or through_association_id


def signatories_of(agreement_ids) -> dict[int, list[int]]:
    """The signatory organizations of each agreement, in one query."""
    signatories = {}
    rows = Party.objects.filter(agreement_id__in=agreement_ids, role=PartyRole.SIGNATORY)
    for agreement_id, organization_id in rows.order_by("pk").values_list(
        "agreement_id", "organization_id"
    ):
        signatories.setdefault(agreement_id, []).append(organization_id)
    return signatories


@dataclass(frozen=True)
class Allowance:
    """A benefit's allowance as one member sees it."""

    total: int
    used: int
    period: int

    @property
    def remaining(self) -> int:
        return max(self.total - self.used, 0)


def allowances(benefits, organization_id, today: datetime.date) -> dict[int, Allowance]:
    """The allowance of each of ``benefits`` that has one, as ``organization_id``'s
    members see it on ``today``, in one query."""
    limited = [b for b in benefits if b.allowance is not None]
    if not limited:
        return {}
    keys = {b.pk: (period_of(b, today), organization_key(b, organization_id)) for b in limited}
    used = {
        (row["benefit_id"], row["period"], row["organization_key"]): row["used"]
        for row in AllowanceUse.objects.filter(
            benefit_id__in=list(keys),
            period__in={period for period, _ in keys.values()},
            organization_key__in={key for _, key in keys.values()},
        ).values("benefit_id", "period", "organization_key", "used")
    }
    return {
        b.pk: Allowance(
            total=b.allowance, used=used.get((b.pk, *keys[b.pk]), 0), period=keys[b.pk][0]
        )
        for b in limited
    }


def _refuse_unless_claimable(benefit, today):
    if not benefit.accepts_claims:
        raise ClaimRefused(
            _("This benefit is not claimed on Passerelle: follow its instructions instead.")
        )
    if benefit.valid_from and benefit.valid_from > today:
        raise ClaimRefused(
            _("This benefit starts on %(date)s.")
            % {"date": date_format(benefit.valid_from, "DATE_FORMAT")}
        )
    if benefit.valid_until and benefit.valid_until < today:
        raise ClaimRefused(
            _("This benefit ended on %(date)s.")
            % {"date": date_format(benefit.valid_until, "DATE_FORMAT")}
        )
    if not Benefit.objects.claimable(today).filter(pk=benefit.pk).exists():
        raise ClaimRefused(_("The agreement that grants this benefit is not in force today."))


def eligible_through(user, benefit, today: datetime.date) -> tuple[int, int]:
    """(the member's organization, the association through which ``user`` may claim
    ``benefit`` on ``today``), or ClaimRefused with the reason."""
    if not user.is_authenticated or not user.is_active:
        raise ClaimRefused(_("Sign in as a member to claim a benefit."))
    organization_id = (
        Profile.objects.filter(user=user).values_list("organization_id", flat=True).first()
    )
    if organization_id is None:
        raise ClaimRefused(
            _(
                "Your account is not linked to a member organization: ask your "
                "association's staff to add it."
            )
        )
    _refuse_unless_claimable(benefit, today)
    granted = set(benefit.granted_to.values_list("pk", flat=True))
    current = set(
        current_memberships(organization_id, today)
        .filter(association_id__in=granted)
        .values_list("association_id", flat=True)
    )
    if current:
        # Any of them will do: the first, so that it is the same one each time.
        return organization_id, min(current)
    ended = (
        Membership.objects.filter(
            member_id=organization_id, association_id__in=granted, until__lt=today
        )
        .order_by("-until")
        .select_related("association")
        .first()
    )
    if ended is not None:
        raise ClaimRefused(
            _("Your organization's membership of %(association)s ended on %(date)s.")
            % {
                "association": ended.association.name,
                "date": date_format(ended.until, "DATE_FORMAT"),
            }
        )
    names = ", ".join(
        Organization.objects.filter(pk__in=granted).order_by("name").values_list("name", flat=True)
    )
    raise ClaimRefused(
        _("This benefit is for members of %(associations)s, and your organization is not one.")
        % {"associations": names}
    )


def _usage_row(benefit, period, key):
    """The AllowanceUse row a claim counts in, made if it is the first."""
    try:
        with transaction.atomic():
            AllowanceUse.objects.get_or_create(
                benefit_id=benefit.pk, period=period, organization_key=key
            )
    except IntegrityError:
        # Another claim made it at the same moment: it exists now.
        pass


def take_units(benefit, period, key, quantity) -> None:
    """Take ``quantity`` units of ``benefit``'s allowance, or refuse when fewer are left."""
    _usage_row(benefit, period, key)
    taken = AllowanceUse.objects.filter(
        benefit_id=benefit.pk,
        period=period,
        organization_key=key,
        used__lte=benefit.allowance - quantity,
    ).update(used=F("used") + quantity)
    if taken:
        return
    used = (
        AllowanceUse.objects.filter(benefit_id=benefit.pk, period=period, organization_key=key)
        .values_list("used", flat=True)
        .first()
        or 0
    )
    left = max(benefit.allowance - used, 0)
    if left == 0:
        raise ClaimRefused(_("The allowance of this benefit is used up for now."))
    raise ClaimRefused(
        ngettext(
            "Only %(left)d unit of this benefit is left.",
            "Only %(left)d units of this benefit are left.",
            left,
        )
        % {"left": left}
    )


def give_back_units(claim) -> None:
    """Return what a claim holds of an allowance (declined, withdrawn or forgotten), to
    the counter it took it from, whatever the benefit's allowance says now."""
    if not claim.units_held:
        return
    AllowanceUse.objects.filter(
        benefit_id=claim.benefit_id,
        period=claim.period,
        organization_key=claim.held_from,
        used__gte=claim.units_held,
    ).update(used=F("used") - claim.units_held)
    claim.units_held = 0
    claim.held_from = None


def hold_units(claim, benefit) -> None:
    """Take the claim's units from ``benefit``'s allowance as it stands, if it has one,
    and note on the claim what it holds."""
    if benefit.allowance is None:
        return
    key = organization_key(benefit, claim.organization_id)
    take_units(benefit, claim.period, key, claim.quantity)
    claim.units_held = claim.quantity
    claim.held_from = key


def make_claim(user, benefit_id, *, quantity=1, note="", today=None) -> Claim:
    """Claim ``quantity`` units of a benefit for ``user``, checking eligibility and the
    allowance at this moment; ClaimRefused says why not."""
    today = today or timezone.localdate()
    if not 1 <= quantity <= MAX_QUANTITY:
        raise ClaimRefused(_("Ask for between 1 and %(most)d units.") % {"most": MAX_QUANTITY})
    with transaction.atomic():
        benefit = Benefit.objects.select_related("agreement").filter(pk=benefit_id).first()
        if benefit is None:
            raise ClaimRefused(_("This benefit no longer exists."))
        organization_id, through = eligible_through(user, benefit, today)
        signatories = signatories_of([benefit.agreement_id]).get(benefit.agreement_id, [])
        claim = Claim(
            benefit=benefit,
            user=user,
            organization_id=organization_id,
            through_association_id=through,
            handled_by_id=handler_for(benefit, through, signatories),
            quantity=quantity,
            note=note,
            period=period_of(benefit, today),
        )
        hold_units(claim, benefit)
        claim.save()
        return claim


# The moves a claim can make: staff decide a claim that is not withdrawn (and may
# change their mind); the member withdraws one still waiting.
DECIDABLE = (ClaimStatus.PENDING, ClaimStatus.APPROVED, ClaimStatus.DECLINED)


def change_status(claim, status, *, by=None, message=None, allowed_from=DECIDABLE) -> Claim:
    """Move a claim to ``status`` (a decision by staff, or the member withdrawing it),
    keeping its allowance right: a claim leaving the counted statuses gives its units
    back, one coming back takes them again (refused when they are gone). The claim is
    locked and its status checked again first: a claim withdrawn meanwhile is not
    approved, one approved meanwhile is not withdrawn (ClaimRefused)."""
    with transaction.atomic():
        claim = Claim.objects.select_for_update().select_related("benefit").get(pk=claim.pk)
        if claim.status not in allowed_from:
            raise ClaimRefused(
                _("This claim is %(status)s now: it cannot be changed that way.")
                % {"status": claim.get_status_display()}
            )
        was_counted = claim.status in COUNTED_STATUSES
        counted = status in COUNTED_STATUSES
        if was_counted and not counted:
            give_back_units(claim)
        elif counted and not was_counted:
            hold_units(claim, claim.benefit)
        claim.status = status
        if message is not None:
            claim.decision_message = message
        if status in (ClaimStatus.APPROVED, ClaimStatus.DECLINED):
            claim.decided_by = by
            claim.decided_at = timezone.now()
        claim.save()
        return claim
