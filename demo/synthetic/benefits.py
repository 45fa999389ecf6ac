"""Synthetic member benefits: what each agreement grants, to whom, and for how long."""

import datetime
import string

from agreements.choices import AllowancePeriod, AllowanceScope, BenefitCategory
from agreements.models import AgreementStatus, Benefit
from demo.synthetic.dates import ANCHOR
from demo.synthetic.plans import BenefitPlan
from demo.synthetic.text import translated
from demo.synthetic.words import BENEFIT_TEXTS, HOW_TO_CLAIM


def plan_benefits(rng, agreements, count):
    unsettled = (AgreementStatus.DRAFT, AgreementStatus.IN_NEGOTIATION)
    eligible = [a for a in agreements if a.status not in unsettled]
    eligible = eligible or agreements
    per_agreement = [0] * len(eligible)
    for _ in range(count):
        per_agreement[rng.randrange(len(eligible))] += 1
    categories = list(BENEFIT_TEXTS)
    plans = []
    for agreement, agreement_count in zip(eligible, per_agreement, strict=True):
        rng.shuffle(categories)
        signatories = agreement.signatories
        for k in range(agreement_count):
            # Mostly granted to the members of every signatory, sometimes of one only:
            # then most often provided by another signatory.
            grantees = signatories if rng.random() < 0.7 else [rng.choice(signatories)]
            granted = {id(org) for org in grantees}
            providers = [org for org in signatories if id(org) not in granted]
            provider = rng.choice(providers) if providers and rng.random() < 0.7 else None
            category = categories[k % len(categories)]
            plans.append(
                BenefitPlan(
                    agreement=agreement,
                    grantees=grantees,
                    fields={
                        **benefit_fields(rng, agreement, category),
                        **claim_fields(rng, category),
                    },
                    provider=provider,
                )
            )
    return plans


def benefit_fields(rng, agreement, category):
    template_en, template_fr = BENEFIT_TEXTS[category]
    place = rng.choice(agreement.signatories).place
    words = {
        "n": rng.choice([2, 3, 5, 6, 10, 15, 20]),
        "domain_en": agreement.domain.en.lower(),
        "domain_fr": agreement.domain.fr,
        "domain_fr_the": agreement.domain.fr_the,
        "city_en": place.city.en,
        "city_fr": place.city.fr,
    }
    valid_from = valid_until = None
    if rng.random() < 0.55:
        # Windows from the agreement's start: expired, current, or opening later.
        start = agreement.effective_from or agreement.signed_on or ANCHOR
        valid_from = start + datetime.timedelta(days=rng.randrange(365))
        if rng.random() < 0.1:
            valid_from = ANCHOR + datetime.timedelta(days=rng.randrange(1, 365))
        if rng.random() < 0.8:
            valid_until = valid_from + datetime.timedelta(days=rng.randrange(90, 1100))
        if rng.random() < 0.1:
            valid_from = None
    how_to_claim = rng.choice(HOW_TO_CLAIM) if rng.random() < 0.3 else ("", "")
    return {
        "category": category,
        "valid_from": valid_from,
        "valid_until": valid_until,
        **translated("description", template_en.format(**words), template_fr.format(**words)),
        **translated("how_to_claim", *how_to_claim),
    }


# What no member claims alone: they are not claimed on Passerelle.
NOT_CLAIMED = (BenefitCategory.JOINT_RESEARCH, BenefitCategory.INFORMATION_SHARING)


def claim_fields(rng, category):
    """How members claim it: a code for about one benefit in seven, an allowance for
    about one claimable benefit in eight (yearly and shared, mostly)."""
    fields = {"accepts_claims": category not in NOT_CLAIMED}
    if rng.random() < 0.15:
        letters = "".join(rng.choices(string.ascii_uppercase, k=3))
        fields["code"] = f"{letters}-{rng.randrange(1000, 10000)}"
    if fields["accepts_claims"] and rng.random() < 0.125:
        fields["allowance"] = rng.choice([3, 5, 10, 20, 50, 100])
        if rng.random() < 0.2:
            fields["allowance_period"] = AllowancePeriod.VALIDITY
        if rng.random() < 0.3:
            fields["allowance_scope"] = AllowanceScope.PER_ORGANIZATION
    return fields


def build_benefit(plan: BenefitPlan, number):
    provider = plan.provider.id if plan.provider is not None else None
    return Benefit(agreement_id=plan.agreement.id, provided_by_id=provider, **plan.fields)
