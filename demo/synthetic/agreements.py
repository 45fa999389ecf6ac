"""Synthetic agreements: who signs them, when and where, their status, titles and themes."""

import datetime

from agreements.lifecycle import end_of_term
from agreements.models import Agreement, AgreementKind, AgreementStatus, PartyRole
from demo.synthetic.dates import AGREEMENT_WINDOW, ANCHOR, PRECISIONS, add_months
from demo.synthetic.organizations import OrganizationPool
from demo.synthetic.plans import AgreementPlan
from demo.synthetic.text import clip, make_slug, translated
from demo.synthetic.weights import AGREEMENT_KINDS, EXTRA_PARTY_ROLES, SIGNATORY_KIND_WEIGHTS
from demo.synthetic.words import AGREEMENT_TITLES, DOMAINS, OBJECTIVES, SIGNER_TITLES
from events.models import EventKind
from portal.dates import DatePrecision, truncate_to_precision

# Events without a series where an agreement may have been signed.
HOST_EVENT_KINDS = (
    EventKind.CONFERENCE,
    EventKind.CONVENTION,
    EventKind.TRADE_MISSION,
    EventKind.OFFICIAL_MEETING,
)


class AgreementPlanner:
    """Plans agreements from their own random stream."""

    def __init__(self, rng, organizations: OrganizationPool, sectors):
        self.rng = rng
        self.organizations = organizations
        self.sectors = sectors

    def plan(self, count, events):
        rng = self.rng
        signatory_kinds = list(SIGNATORY_KIND_WEIGHTS)
        signatory_weights = list(SIGNATORY_KIND_WEIGHTS.values())
        extra_weights = [weight for _role, weight, _kinds in EXTRA_PARTY_ROLES]
        hosts = [
            e
            for e in events
            if e.series is None
            and e.kind in HOST_EVENT_KINDS
            and e.precision == DatePrecision.DAY
            and e.start_date < ANCHOR
        ]
        years = list(range(AGREEMENT_WINDOW[0].year, AGREEMENT_WINDOW[1].year + 1))
        # More agreements in recent years.
        year_weights = [1 + (year - years[0]) * 0.25 for year in years]
        plans = []
        for _ in range(count):
            status = rng.choices(
                [AgreementStatus.DRAFT, AgreementStatus.IN_NEGOTIATION, AgreementStatus.SIGNED],
                [5, 7, 88],
            )[0]
            signed_on, precision = None, DatePrecision.DAY
            # A few signed agreements are known without their date.
            if status == AgreementStatus.SIGNED and rng.random() >= 0.04:
                year = rng.choices(years, year_weights)[0]
                day = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(365))
                precision = rng.choices(PRECISIONS, [60, 30, 10])[0]
                signed_on = truncate_to_precision(min(day, AGREEMENT_WINDOW[1]), precision)
            plan = AgreementPlan(
                kind=rng.choices(*zip(*AGREEMENT_KINDS, strict=True))[0],
                parties=[],
                domain=rng.choice(DOMAINS),
                signed_on=signed_on,
                precision=precision,
                status=status,
            )
            renewed = None
            if plan.signed_on and rng.random() < 0.08:
                renewed = self.pick_renewed(plans, plan)
            elif plan.signed_on is None and plan.status != AgreementStatus.SIGNED:
                # A renewal still being drafted or negotiated: the agreement it renews
                # stays as it is (ended, or ending) until it is signed.
                renewed = self.pick_renewed(plans, plan) if rng.random() < 0.15 else None
            if renewed:
                plan.renews = renewed
                plan.kind = AgreementKind.RENEWAL if rng.random() < 0.8 else renewed.kind
                plan.domain = renewed.domain
                signatories = renewed.signatories
            else:
                first = self.organizations.pick(
                    rng, rng.choices(signatory_kinds, signatory_weights)
                )
                signatories = [first]
                for _ in range(2 if rng.random() < 0.1 else 1):
                    # Mostly cross-border, which is what the portal is for.
                    abroad = first.place.region.country if rng.random() < 0.75 else None
                    signatories.append(
                        self.organizations.pick(
                            rng,
                            rng.choices(signatory_kinds, signatory_weights),
                            {id(org) for org in signatories},
                            abroad_from=abroad,
                        )
                    )
            for org in signatories:
                title = rng.choice(SIGNER_TITLES) if rng.random() < 0.35 else None
                plan.parties.append((org, PartyRole.SIGNATORY, title))
            extra = rng.choices([0, 1, 2, 3], [35, 45, 15, 5])[0]
            for _ in range(min(extra, len(self.organizations) - len(plan.parties))):
                role, _weight, kinds = rng.choices(EXTRA_PARTY_ROLES, extra_weights)[0]
                plan.parties.append((self.organizations.pick(rng, kinds, plan.taken()), role, None))
            self.place_signing(plan, hosts)
            self.settle_status(plan)
            plan.theme_ids = rng.sample(self.sectors, min(len(self.sectors), rng.randint(0, 3)))
            self.describe(plan)
            plans.append(plan)
        return plans

    def pick_renewed(self, plans, plan):
        """An earlier signed agreement, not terminated and not renewed yet, for ``plan``
        to renew (signed after it, when ``plan`` is signed)."""
        if not plans:
            return None
        for _ in range(5):
            earlier = self.rng.choice(plans)
            if (
                earlier.signed_on
                and earlier.status == AgreementStatus.SIGNED
                and not earlier.renewed
                and (plan.signed_on is None or earlier.signed_on < plan.signed_on)
            ):
                earlier.renewed = True
                return earlier
        return None

    def place_signing(self, plan, hosts):
        rng = self.rng
        if not plan.signed_on:
            return
        after = plan.renews.signed_on if plan.renews else None
        if hosts and rng.random() < 0.08:
            # Signed during a conference or a mission, as BIOQuébec and MassBio did at BIO.
            host = rng.choice(hosts)
            if after is None or host.start_date > after:
                plan.signing_event = host
                plan.signed_on, plan.precision = host.start_date, DatePrecision.DAY
                plan.signing_place = (host.place.city.en, host.place.city.fr)
                host.related_agreements.append(plan)
                return
        if rng.random() < 0.4:
            c = plan.signatories[0].place.city
            plan.signing_place = (c.en, c.fr)

    def settle_status(self, plan):
        """Effective dates and term; the status keeps only the decision (signed, or
        terminated early), and the dates say where it stands on any day: on ANCHOR,
        about two in five signed agreements are in force, a third ended, some were
        renewed (their renewal, signed, links to them) and a few take effect later.

        Many memoranda state no end: about two in five are open-ended. A renewal takes
        over on the day the agreement it renews ends, when that is after its signing.
        """
        rng = self.rng
        if plan.status != AgreementStatus.SIGNED or plan.signed_on is None:
            return
        start = plan.signed_on
        if plan.renews is not None and plan.renews.ends_on is not None:
            start = max(start, plan.renews.ends_on + datetime.timedelta(days=1))
        elif plan.signed_on > ANCHOR - datetime.timedelta(days=365) and rng.random() < 0.15:
            # Signed lately, taking effect with a season or a programme to come.
            start = add_months(ANCHOR, rng.randrange(6, 30)).replace(day=1)
        if rng.random() < 0.6:
            plan.term_months = rng.choice([12, 24, 36, 36, 48, 60, 60])
            plan.effective_from = start
            if rng.random() < 0.3:
                plan.effective_until = add_months(start, plan.term_months) - datetime.timedelta(
                    days=1
                )
        elif start != plan.signed_on or rng.random() < 0.5:
            plan.effective_from = start
        if rng.random() < 0.05:
            plan.status = AgreementStatus.TERMINATED
        plan.ends_on, plan.ends_on_precision = self.end_of(plan)

    @staticmethod
    def end_of(plan):
        return end_of_term(
            effective_from=plan.effective_from,
            effective_until=plan.effective_until,
            term_months=plan.term_months,
            signed_on=plan.signed_on,
            signed_on_precision=plan.precision,
        )

    def describe(self, plan):
        rng = self.rng
        signatories = plan.signatories
        if plan.renews:
            root_en, root_fr = plan.root_title = plan.renews.root_title
            when = f" {plan.signed_on.year}" if plan.signed_on else ""
            title = (f"{root_en} — renewal{when}", f"{root_fr} — renouvellement{when}")
        else:
            template_en, template_fr = AGREEMENT_TITLES[plan.kind]
            title = plan.root_title = (
                template_en.format(
                    parties=" – ".join(org.short_en for org in signatories),
                    domain_en=plan.domain.en.lower(),
                ),
                template_fr.format(
                    parties=" – ".join(org.short_fr for org in signatories),
                    domain_fr=plan.domain.fr,
                ),
            )
        plan.title = (clip(title[0], 300), clip(title[1], 300))
        a, b = signatories[0], signatories[-1]
        if rng.random() < 0.7:
            plan.summary = (
                f"{a.name_en} and {b.name_en} agree to work together on {plan.domain.en.lower()}.",
                f"{a.name_fr} et {b.name_fr} s'engagent à collaborer en {plan.domain.fr}.",
            )
        if rng.random() < 0.3:
            plan.objectives = rng.choice(OBJECTIVES)


def build_agreement(plan: AgreementPlan, number):
    a, b = plan.signatories[0], plan.signatories[-1]
    # Bulk inserts skip Agreement.save(), which writes the end of the term.
    plan.ends_on, plan.ends_on_precision = AgreementPlanner.end_of(plan)
    return Agreement(
        slug=make_slug(f"{plan.kind} {a.short_en} {b.short_en}", number),
        kind=plan.kind,
        status=plan.status,
        signed_on=plan.signed_on,
        signed_on_precision=plan.precision,
        signing_event_id=plan.signing_event.id if plan.signing_event else None,
        effective_from=plan.effective_from,
        effective_until=plan.effective_until,
        term_months=plan.term_months,
        ends_on=plan.ends_on,
        ends_on_precision=plan.ends_on_precision,
        **translated("title", *plan.title),
        **translated("summary", *plan.summary),
        **translated("objectives", *plan.objectives),
        **translated("signing_place", *(plan.signing_place or ("", ""))),
    )
