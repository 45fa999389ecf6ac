"""What a signed-in member's benefits page reads: the benefits they can claim today,
through which association, who provides each, its allowance left, and their claims.

A fixed number of queries whatever the data: the member's organization, the
benefits with the associations they are granted to through the member's, the
signatories of those agreements, the allowances and the member's claims.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch

from accounts.models import Profile
from agreements.models import Benefit
from members.claims import Allowance, allowances, handler_for, signatories_of
from members.models import Claim, ClaimStatus
from organizations.models import Organization
from portal.localized import localized

# The claims a member's page lists, newest first.
CLAIMS_LISTED = 50


@dataclass
class ClaimableBenefit:
    benefit: Benefit
    # The member's associations it is granted to; a claim goes through the first.
    through: list
    provider: Organization | None
    allowance: Allowance | None
    pending: int = 0

    @property
    def is_cross_association(self):
        """Provided by another association than the member's own."""
        return self.provider is not None and self.provider.pk not in {o.pk for o in self.through}


@dataclass
class MemberBenefits:
    organization: Organization | None
    associations: list = field(default_factory=list)
    benefits: list = field(default_factory=list)
    claims: list = field(default_factory=list)


def member_benefits(user, viewer, today: datetime.date) -> MemberBenefits:
    """The benefits ``user`` can claim on ``today`` and their latest claims."""
    profile = (
        Profile.objects.filter(user=user)
        .select_related("organization")
        .only(
            "organization__id",
            "organization__slug",
            "organization__name_en",
            "organization__name_fr",
            "organization__publication",
            "user_id",
        )
    ).first()
    organization = profile.organization if profile else None
    page = MemberBenefits(organization=organization)
    page.claims = list(
        Claim.objects.filter(user=user)
        .select_related("benefit__agreement", "handled_by", "through_association")
        .only(
            "created_at",
            "status",
            "quantity",
            "note",
            "decision_message",
            "decided_at",
            "benefit__category",
            "benefit__description_en",
            "benefit__description_fr",
            "benefit__agreement__slug",
            "benefit__agreement__title_en",
            "benefit__agreement__title_fr",
            "benefit__agreement__publication",
            "handled_by__name_en",
            "handled_by__name_fr",
            "through_association__name_en",
            "through_association__name_fr",
        )[:CLAIMS_LISTED]
    )
    if not viewer.member_of:
        return page
    associations = Organization.objects.filter(pk__in=viewer.member_of)
    page.associations = list(associations.order_by(localized("name"), "pk"))
    benefits = list(
        Benefit.objects.claimable(today)
        .with_claim_details(viewer)
        .filter(granted_to__in=viewer.member_of)
        .distinct()
        .select_related("agreement", "provided_by")
        # By id: a claim goes through the first (members.claims.eligible_through).
        .prefetch_related(
            Prefetch("granted_to", queryset=associations.order_by("pk"), to_attr="through")
        )
        .order_by("category", localized("agreement__title"), "id")
    )
    signatories = signatories_of({b.agreement_id for b in benefits})
    handlers = {}
    for benefit in benefits:
        handler = handler_for(
            benefit, benefit.through[0].pk, signatories.get(benefit.agreement_id, [])
        )
        handlers[benefit.pk] = handler
    providers = Organization.objects.in_bulk({pk for pk in handlers.values() if pk is not None})
    left = allowances(benefits, organization.pk if organization else None, today)
    pending = {}
    for claim in page.claims:
        if claim.status == ClaimStatus.PENDING:
            pending[claim.benefit_id] = pending.get(claim.benefit_id, 0) + claim.quantity
    page.benefits = [
        ClaimableBenefit(
            benefit=benefit,
            through=benefit.through,
            provider=providers.get(handlers[benefit.pk]),
            allowance=left.get(benefit.pk),
            pending=pending.get(benefit.pk, 0),
        )
        for benefit in benefits
    ]
    return page
