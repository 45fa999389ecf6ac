"""Synthetic member benefits: what each agreement grants, to whom, and for how long."""

import datetime

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
            # Mostly granted to the members of every signatory, sometimes of one only.
            grantees = signatories if rng.random() < 0.7 else [rng.choice(signatories)]
            plans.append(
                BenefitPlan(
                    agreement=agreement,
                    grantees=grantees,
                    fields=benefit_fields(rng, agreement, categories[k % len(categories)]),
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


def build_benefit(plan: BenefitPlan, number):
    return Benefit(agreement_id=plan.agreement.id, **plan.fields)
