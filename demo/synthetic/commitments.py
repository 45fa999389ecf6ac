"""Synthetic commitments: what the parties of signed agreements undertook, by when, and
how far it got as the associations record it.

Around ANCHOR, most commitments due earlier were done, some dropped, and many are
of unknown outcome or still open, so overdue; those due later are planned or under
way. When someone last checked is recorded for some, never for an unknown outcome.
"""

import datetime

from agreements.choices import AgreementStatus, CommitmentStatus
from agreements.lifecycle import last_day
from agreements.models import Commitment
from demo.synthetic.dates import ANCHOR, PRECISIONS, add_months
from demo.synthetic.plans import CommitmentPlan
from demo.synthetic.text import translated
from demo.synthetic.words import COMMITMENT_TEXTS
from portal.dates import DatePrecision, truncate_to_precision

# The statuses, with weights, of a commitment due before ANCHOR, due after it, or with
# no due date; of a terminated agreement's, most were dropped.
PAST_DUE = {
    CommitmentStatus.DONE: 50,
    CommitmentStatus.DROPPED: 10,
    CommitmentStatus.UNKNOWN: 20,
    CommitmentStatus.IN_PROGRESS: 12,
    CommitmentStatus.PLANNED: 8,
}
DUE_LATER = {
    CommitmentStatus.PLANNED: 55,
    CommitmentStatus.IN_PROGRESS: 35,
    CommitmentStatus.UNKNOWN: 10,
}
NO_DUE_DATE = {
    CommitmentStatus.PLANNED: 30,
    CommitmentStatus.IN_PROGRESS: 30,
    CommitmentStatus.DONE: 20,
    CommitmentStatus.UNKNOWN: 20,
}
TERMINATED = {CommitmentStatus.DROPPED: 70, CommitmentStatus.DONE: 20, CommitmentStatus.UNKNOWN: 10}


def plan_commitments(rng, agreements):
    """About a third of the signed agreements with a known date record one to three
    commitments."""
    plans = []
    for agreement in agreements:
        if agreement.signed_on is None or rng.random() >= 0.35:
            continue
        texts = rng.sample(COMMITMENT_TEXTS, rng.choices([1, 2, 3], [50, 35, 15])[0])
        for text in texts:
            fields = commitment_fields(rng, agreement, text)
            plans.append(CommitmentPlan(agreement=agreement, fields=fields))
    return plans


def commitment_fields(rng, agreement, text):
    start = agreement.effective_from or agreement.signed_on
    due_on, precision = None, DatePrecision.DAY
    if rng.random() < 0.9:
        precision = rng.choices(PRECISIONS, [40, 40, 20])[0]
        due_on = truncate_to_precision(add_months(start, rng.randrange(2, 37)), precision)
    if agreement.status == AgreementStatus.TERMINATED:
        weights = TERMINATED
    elif due_on is None:
        weights = NO_DUE_DATE
    elif last_day(due_on, precision) < ANCHOR:
        weights = PAST_DUE
    else:
        weights = DUE_LATER
    status = rng.choices(list(weights), list(weights.values()))[0]
    last_checked_on = None
    latest = min(last_day(due_on, precision) if due_on else ANCHOR, ANCHOR)
    if status != CommitmentStatus.UNKNOWN and latest > start and rng.random() < 0.6:
        last_checked_on = start + datetime.timedelta(days=rng.randrange((latest - start).days))
    place = rng.choice(agreement.signatories).place
    words = {
        "domain_en": agreement.domain.en.lower(),
        "domain_fr": agreement.domain.fr,
        "domain_fr_the": agreement.domain.fr_the,
        "city_en": place.city.en,
        "city_fr": place.city.fr,
    }
    return {
        "due_on": due_on,
        "due_on_precision": precision,
        "status": status,
        "last_checked_on": last_checked_on,
        **translated("description", text[0].format(**words), text[1].format(**words)),
    }


def build_commitment(plan: CommitmentPlan, number):
    return Commitment(agreement_id=plan.agreement.id, **plan.fields)
