"""The generator: plans the synthetic records, then bulk-inserts them table by table."""

import datetime
import random
from collections.abc import Callable, Iterable
from decimal import Decimal
from itertools import islice

from django.db.models import Model
from django.utils.text import slugify

from agreements.models import Agreement, Benefit, Party
from demo.synthetic.places import (
    COUNTRIES,
    COUNTRY_CODES,
    COUNTRY_WEIGHTS,
    PLACE_WEIGHTS_BY_COUNTRY,
    PLACES_BY_COUNTRY,
    of,
)
from demo.synthetic.plans import (
    AgreementPlan,
    BenefitPlan,
    EventPlan,
    OrganizationPlan,
    SeriesPlan,
)
from demo.synthetic.weights import (
    AGREEMENT_KINDS,
    EVENT_DAYS,
    EVENT_ORGANIZER_KINDS,
    EXTRA_PARTY_ROLES,
    GENERIC_EVENT_KINDS,
    ORGANIZATION_KIND_WEIGHTS,
    SIGNATORY_KIND_WEIGHTS,
    TIMES,
)
from demo.synthetic.words import (
    AGREEMENT_TITLES,
    BENEFIT_TEXTS,
    BRAND_ENDS,
    BRAND_STARTS,
    COMPANY_DOMAINS,
    DEPARTMENTS,
    DOMAINS,
    EVENT_KIND_WORDS,
    FIRST_NAMES,
    HOW_TO_CLAIM,
    KIND_WORDS,
    OBJECTIVES,
    SAINTS,
    SIGNER_TITLES,
    SURNAMES,
    TOPICS,
)
from events.models import Event, EventOrganization, Series
from organizations.models import Organization, Sector
from organizations.querysets import MEMBER_BASED_KINDS
from portal import demo_data, search
from portal.models import SearchEntry

SLUG_PREFIX = "gen-"
ANCHOR = datetime.date(2026, 1, 1)
# Events run from about ten years before the anchor to three years after it.
EVENT_WINDOW = (datetime.date(2016, 1, 1), datetime.date(2028, 12, 31))
AGREEMENT_WINDOW = (datetime.date(2000, 1, 1), ANCHOR - datetime.timedelta(days=1))
BATCH_SIZE = 5000
SERIES_COUNT = 50

# (table, rows so far, total rows or None while unknown)
Progress = Callable[[str, int, int | None], None]


def translated(name, en, fr=None):
    """The base column and both languages, as modeltranslation would have stored them."""
    return {name: en or "", f"{name}_en": en or None, f"{name}_fr": fr or None}


def clip(text, length):
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def make_slug(text, number):
    # The number after the last hyphen is unique per table: no two slugs can collide.
    return f"{SLUG_PREFIX}{slugify(text)[:80].strip('-')}-{number}"


def make_website(text, number):
    # A DNS label is at most 63 characters; .example is reserved and never resolves.
    return f"https://www.{slugify(text)[:40].strip('-')}-{number}.example/"


def add_months(day, months):
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return datetime.date(year, month, min(day.day, 28))


def truncate(day, precision):
    if precision == "year":
        return day.replace(month=1, day=1)
    if precision == "month":
        return day.replace(day=1)
    return day


def batched(iterable, size):
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


class SyntheticData:
    """Plans then bulk-inserts the synthetic dataset. Call inside a transaction."""

    def __init__(self, *, organizations, agreements, events, benefits, seed, progress=None):
        if min(organizations, agreements, events, benefits) < 0:
            raise ValueError("Counts cannot be negative.")
        if (agreements or events) and organizations < 2:
            raise ValueError("Agreements and events need at least two organizations.")
        if benefits and not agreements:
            raise ValueError("Benefits need at least one agreement.")
        self.counts = {
            "organizations": organizations,
            "agreements": agreements,
            "events": events,
            "benefits": benefits,
        }
        self.seed = seed
        self.progress: Progress = progress or (lambda label, done, total: None)
        self.created: dict[str, int] = {}

    def rng(self, table):
        # A string seed is hashed with SHA-512: stable across processes and Python runs.
        return random.Random(f"{self.seed}:{table}")

    def create(self):
        """Create everything; return the number of rows created, by table."""
        self.sectors = self.ensure_sectors()
        self.organizations = self.plan_organizations()
        self.insert("organizations", Organization, self.organizations, self.build_organization)
        self.insert_links(
            "organization sectors",
            Organization.sectors.through,
            (
                {"organization_id": org.id, "sector_id": sector_id}
                for org in self.organizations
                for sector_id in org.sector_ids
            ),
        )
        self.index_organizations()

        rng = self.rng("events")
        series = self.plan_series(rng)
        events = self.plan_series_events(rng, series)
        ceremony_budget = self.counts["events"] // 10
        generic_count = self.counts["events"] - len(events) - ceremony_budget
        events += [self.plan_generic_event(rng) for _ in range(generic_count)]
        agreements = self.plan_agreements(events)
        events += self.plan_ceremonies(rng, agreements, ceremony_budget)
        # Fewer agreements to celebrate than planned: ordinary events make up the count.
        events += [self.plan_generic_event(rng) for _ in range(self.counts["events"] - len(events))]
        self.plan_follow_ups(rng, events, agreements)
        # Records are entered in no particular order: ids follow neither dates nor kinds.
        rng.shuffle(events)

        self.insert("series", Series, series, self.build_series)
        self.insert("events", Event, events, self.build_event)
        self.insert_links(
            "event organizers and participants",
            EventOrganization,
            (
                {"event_id": event.id, "organization_id": org.id, "role": role}
                for event in events
                for org, role in event.roles
            ),
        )

        self.insert("agreements", Agreement, agreements, self.build_agreement)
        # An agreement can renew one created in the same batch, whose id came back
        # only with that batch: the links are set afterwards.
        Agreement.objects.bulk_update(
            [Agreement(pk=a.id, renews_id=a.renews.id) for a in agreements if a.renews],
            ["renews"],
            batch_size=1000,
        )
        self.insert_links(
            "parties",
            Party,
            (
                {
                    "agreement_id": agreement.id,
                    "organization_id": org.id,
                    "role": role,
                    **translated("signed_by_title", *(title or ("", ""))),
                }
                for agreement in agreements
                for org, role, title in agreement.parties
            ),
        )
        self.insert_links(
            "agreement themes",
            Agreement.themes.through,
            (
                {"agreement_id": agreement.id, "sector_id": sector_id}
                for agreement in agreements
                for sector_id in agreement.theme_ids
            ),
        )
        self.insert_links(
            "agreements announced or followed up at events",
            Event.related_agreements.through,
            (
                {"event_id": event.id, "agreement_id": agreement.id}
                for event in events
                for agreement in event.related_agreements
            ),
        )

        benefits = self.plan_benefits(agreements)
        self.insert("benefits", Benefit, benefits, self.build_benefit)
        self.insert_links(
            "benefit grantees",
            Benefit.granted_to.through,
            (
                {"benefit_id": benefit.id, "organization_id": org.id}
                for benefit in benefits
                for org in benefit.grantees
            ),
        )
        return self.created

    # Inserting

    def insert(self, label, model, plans, build):
        """Bulk-create `build(plan, number)` for each plan and give each plan its new id."""
        done = 0
        self.progress(label, done, len(plans))
        for batch in batched(plans, BATCH_SIZE):
            objects = [build(plan, done + n) for n, plan in enumerate(batch, start=1)]
            model.objects.bulk_create(objects, batch_size=BATCH_SIZE)
            for plan, obj in zip(batch, objects, strict=True):
                if obj.pk is None:
                    raise RuntimeError(f"The database did not return the ids of new {label}.")
                plan.id = obj.pk
            done += len(batch)
            self.progress(label, done, len(plans))
        self.created[label] = done

    def insert_links(self, label, model, rows: Iterable[dict]):
        """Bulk-create link rows, whose total is known only at the end."""
        done = 0
        for batch in batched(rows, BATCH_SIZE):
            self.progress(label, done, None)
            model.objects.bulk_create([model(**row) for row in batch], batch_size=BATCH_SIZE)
            done += len(batch)
        self.progress(label, done, done)
        self.created[label] = done

    # Sectors

    def ensure_sectors(self):
        if not Sector.objects.exists():
            Sector.objects.bulk_create(
                [
                    Sector(slug=slug, **translated("name", en, fr))
                    for slug, en, fr in demo_data.SECTORS
                ]
            )
        return list(Sector.objects.order_by("slug").values_list("id", flat=True))

    # Organizations

    def plan_organizations(self):
        rng = self.rng("organizations")
        kinds = list(ORGANIZATION_KIND_WEIGHTS)
        kind_weights = list(ORGANIZATION_KIND_WEIGHTS.values())
        plans = []
        for _ in range(self.counts["organizations"]):
            kind = rng.choices(kinds, kind_weights)[0]
            place = self.random_place(rng)
            name_en, name_fr = self.organization_name(rng, kind, place)
            kind_en, kind_fr = KIND_WORDS[kind]
            fields = self.organization_fields(rng, kind, place)
            if rng.random() < 0.8:
                fields |= translated(
                    "description",
                    f"{kind_en} in {place.city.en}, {place.region.en}.",
                    f"{kind_fr} à {place.city.fr} ({place.region.name}).",
                )
            plans.append(
                OrganizationPlan(
                    kind=kind,
                    place=place,
                    name_en=clip(name_en, 200),
                    name_fr=clip(name_fr, 200),
                    acronym=self.acronym(rng, kind, name_en),
                    sector_ids=rng.sample(self.sectors, min(len(self.sectors), rng.randint(1, 3))),
                    fields=fields,
                    has_website=rng.random() < 0.7,
                )
            )
        return plans

    def random_place(self, rng):
        country = rng.choices(COUNTRY_CODES, COUNTRY_WEIGHTS)[0]
        return rng.choices(PLACES_BY_COUNTRY[country], PLACE_WEIGHTS_BY_COUNTRY[country])[0]

    def organization_name(self, rng, kind, place):
        c, country, f = place.city, place.country, rng.choice(DOMAINS)
        surname = rng.choice(SURNAMES)
        pattern = rng.randrange(3)
        if kind == "company":
            brand = rng.choice(BRAND_STARTS) + rng.choice(BRAND_ENDS)
            name = f"{brand} {rng.choice(COMPANY_DOMAINS)} {rng.choice(country.legal_forms)}"
            return name, name
        if kind == "university":
            return [
                (f"University of {c.en}", f"Université {of(c.fr)}"),
                (f"{surname} University", f"Université {surname}"),
                (f"{c.en} Institute of Technology", f"Institut de technologie {of(c.fr)}"),
            ][pattern]
        if kind == "research_centre":
            return [
                (f"{c.en} {f.en} Research Centre", f"Centre de recherche en {f.fr} {of(c.fr)}"),
                (f"{surname} Institute", f"Institut {surname}"),
                (f"{c.en} Institute for {f.en}", f"Institut {of(c.fr)} pour {f.fr_the}"),
            ][pattern]
        if kind == "hospital":
            saint_en, saint_fr = rng.choice(SAINTS)
            return [
                (f"{c.en} General Hospital", f"Hôpital général {of(c.fr)}"),
                (f"{saint_en} Hospital, {c.en}", f"Hôpital {saint_fr} {of(c.fr)}"),
                (f"University Hospital of {c.en}", f"Centre hospitalier universitaire {of(c.fr)}"),
            ][pattern]
        if kind == "association":
            return [
                (f"{c.en} {f.en} Association", f"Association {of(c.fr)} pour {f.fr_the}"),
                (
                    f"{place.region.en} {f.en} Association",
                    f"Association {place.region.of_fr} pour {f.fr_the}",
                ),
                (f"{country.adjective} {f.en} Society", f"Société {country.of_fr} en {f.fr}"),
            ][pattern]
        if kind == "cluster":
            return f"{c.en} {f.en} Cluster", f"Pôle {f.fr} {of(c.fr)}"
        if kind == "alliance":
            return f"{country.adjective} {f.en} Network", f"Réseau {country.of_fr} en {f.fr}"
        if kind == "government":
            if pattern == 0:
                return f"City of {c.en}", f"Ville {of(c.fr)}"
            dept_en, dept_fr = rng.choice(DEPARTMENTS)
            return f"{dept_en} of {place.region.en}", f"{dept_fr} {place.region.of_fr}"
        if kind == "economic_development":
            return [
                (f"{c.en} Economic Development Agency", f"Agence de développement {of(c.fr)}"),
                (f"Invest {c.en}", f"Investir {c.fr}"),
                (f"{c.en} International", f"{c.fr} International"),
            ][pattern]
        if kind == "funding_body":
            return (
                f"{place.region.en} {f.en} Research Fund",
                f"Fonds de recherche en {f.fr} {place.region.of_fr}",
            )
        if kind == "foundation":
            first = rng.choice(FIRST_NAMES)
            return f"{first} {surname} Foundation", f"Fondation {first} {surname}"
        # Chamber of commerce: local, or bilateral ("Canada–France").
        if pattern == 0:
            other = COUNTRIES[rng.choice([code for code in COUNTRIES if code != country.code])]
            return (
                f"{country.en}–{other.en} Chamber of Commerce, {c.en}",
                f"Chambre de commerce {country.fr}-{other.fr} à {c.fr}",
            )
        return f"{c.en} Chamber of Commerce", f"Chambre de commerce {of(c.fr)}"

    def acronym(self, rng, kind, name_en):
        if rng.random() >= (0.08 if kind == "company" else 0.3):
            return ""
        letters = "".join(word[0] for word in name_en.split() if word[:1].isupper())
        return letters if len(letters) >= 3 else ""

    def organization_fields(self, rng, kind, place):
        c = place.city
        values = {"city": c.name, "region": place.region.name, "country": place.region.country}
        if rng.random() < 0.05:
            values["city"] = ""
        elif rng.random() < 0.85:
            # Within a few kilometres of the city centre.
            values["latitude"] = Decimal(f"{c.latitude + rng.uniform(-0.05, 0.05):.6f}")
            values["longitude"] = Decimal(f"{c.longitude + rng.uniform(-0.05, 0.05):.6f}")
        if kind in ("university", "hospital", "government"):
            values["founded_year"] = rng.randint(1800, 1990)
        elif rng.random() < 0.8:
            values["founded_year"] = rng.randint(1960, 2025)
        if kind in MEMBER_BASED_KINDS and rng.random() < 0.8:
            values["member_count"] = int(rng.lognormvariate(4.5, 1.0)) + 5
            values["member_count_qualifier"] = rng.choices(
                ["exact", "about", "more_than"], [4, 4, 2]
            )[0]
            if rng.random() < 0.7:
                precision = rng.choices(["day", "month", "year"], [3, 5, 2])[0]
                since = datetime.date(max(2015, values.get("founded_year", 0)), 1, 1)
                day = since + datetime.timedelta(days=rng.randrange((ANCHOR - since).days))
                values["member_count_as_of"] = truncate(day, precision)
                values["member_count_as_of_precision"] = precision
        return values

    def build_organization(self, plan: OrganizationPlan, number):
        return Organization(
            slug=make_slug(plan.name_en, number),
            kind=plan.kind,
            website=make_website(plan.name_en, number) if plan.has_website else "",
            **translated("name", plan.name_en, plan.name_fr),
            **translated("acronym", plan.acronym),
            **plan.fields,
        )

    def index_organizations(self):
        self.by_kind: dict[str, list[OrganizationPlan]] = {}
        self.by_kind_country: dict[tuple[str, str], list[OrganizationPlan]] = {}
        for org in self.organizations:
            self.by_kind.setdefault(org.kind, []).append(org)
            self.by_kind_country.setdefault((org.kind, org.place.region.country), []).append(org)

    def pick_organization(self, rng, kinds, taken=(), *, abroad_from=None):
        """An organization of one of `kinds`, not in `taken` (a set of `id()`s).

        With `abroad_from`, one from another country when there is one of that kind.
        Falls back to other kinds when a kind has no organization yet (small datasets).
        """
        for _ in range(10):
            kind = rng.choice(kinds)
            pool = None
            if abroad_from:
                countries = [
                    code
                    for code in COUNTRY_CODES
                    if code != abroad_from and (kind, code) in self.by_kind_country
                ]
                if countries:
                    pool = self.by_kind_country[(kind, rng.choice(countries))]
            org = rng.choice(pool or self.by_kind.get(kind) or self.organizations)
            if id(org) not in taken:
                return org
        return next(org for org in self.organizations if id(org) not in taken)

    # Agreements

    def plan_agreements(self, events):
        rng = self.rng("agreements")
        signatory_kinds = list(SIGNATORY_KIND_WEIGHTS)
        signatory_weights = list(SIGNATORY_KIND_WEIGHTS.values())
        extra_weights = [weight for _role, weight, _kinds in EXTRA_PARTY_ROLES]
        hosts = [
            e
            for e in events
            if e.series is None
            and e.kind in ("conference", "convention", "trade_mission", "official_meeting")
            and e.precision == "day"
            and e.start_date < ANCHOR
        ]
        years = list(range(AGREEMENT_WINDOW[0].year, AGREEMENT_WINDOW[1].year + 1))
        # More agreements in recent years.
        year_weights = [1 + (year - years[0]) * 0.25 for year in years]
        plans = []
        for _ in range(self.counts["agreements"]):
            status = rng.choices(["draft", "in_negotiation", "signed"], [5, 7, 88])[0]
            signed_on, precision = None, "day"
            # A few signed agreements are known without their date.
            if status == "signed" and rng.random() >= 0.04:
                year = rng.choices(years, year_weights)[0]
                day = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(365))
                precision = rng.choices(["day", "month", "year"], [60, 30, 10])[0]
                signed_on = truncate(min(day, AGREEMENT_WINDOW[1]), precision)
            plan = AgreementPlan(
                kind=rng.choices(*zip(*AGREEMENT_KINDS, strict=True))[0],
                parties=[],
                domain=rng.choice(DOMAINS),
                signed_on=signed_on,
                precision=precision,
                status=status,
            )
            renewed = self.pick_renewed(rng, plans, plan) if rng.random() < 0.08 else None
            if renewed:
                plan.renews = renewed
                plan.kind = "renewal" if rng.random() < 0.8 else renewed.kind
                plan.domain = renewed.domain
                signatories = renewed.signatories
            else:
                first = self.pick_organization(rng, rng.choices(signatory_kinds, signatory_weights))
                signatories = [first]
                for _ in range(2 if rng.random() < 0.1 else 1):
                    # Mostly cross-border, which is what the portal is for.
                    abroad = first.place.region.country if rng.random() < 0.75 else None
                    signatories.append(
                        self.pick_organization(
                            rng,
                            rng.choices(signatory_kinds, signatory_weights),
                            {id(org) for org in signatories},
                            abroad_from=abroad,
                        )
                    )
            for org in signatories:
                title = rng.choice(SIGNER_TITLES) if rng.random() < 0.35 else None
                plan.parties.append((org, "signatory", title))
            extra = rng.choices([0, 1, 2, 3], [35, 45, 15, 5])[0]
            for _ in range(min(extra, len(self.organizations) - len(plan.parties))):
                role, _weight, kinds = rng.choices(EXTRA_PARTY_ROLES, extra_weights)[0]
                plan.parties.append((self.pick_organization(rng, kinds, plan.taken()), role, None))
            self.place_signing(rng, plan, hosts)
            self.settle_status(rng, plan)
            plan.theme_ids = rng.sample(self.sectors, min(len(self.sectors), rng.randint(0, 3)))
            self.describe_agreement(rng, plan)
            plans.append(plan)
        return plans

    def pick_renewed(self, rng, plans, plan):
        if not plan.signed_on or not plans:
            return None
        for _ in range(5):
            earlier = rng.choice(plans)
            if earlier.signed_on and earlier.signed_on < plan.signed_on:
                return earlier
        return None

    def place_signing(self, rng, plan, hosts):
        if not plan.signed_on:
            return
        after = plan.renews.signed_on if plan.renews else None
        if hosts and rng.random() < 0.08:
            # Signed during a conference or a mission, as BIOQuébec and MassBio did at BIO.
            host = rng.choice(hosts)
            if after is None or host.start_date > after:
                plan.signing_event = host
                plan.signed_on, plan.precision = host.start_date, "day"
                plan.signing_place = (host.place.city.en, host.place.city.fr)
                host.related_agreements.append(plan)
                return
        if rng.random() < 0.4:
            c = plan.signatories[0].place.city
            plan.signing_place = (c.en, c.fr)

    def settle_status(self, rng, plan):
        """Effective dates, term and a status that agree with each other on ANCHOR."""
        if plan.status != "signed" or plan.signed_on is None:
            return
        if rng.random() < 0.55:
            plan.term_months = rng.choice([12, 24, 36, 36, 48, 60, 60])
            plan.effective_from = plan.signed_on
            end = add_months(plan.signed_on, plan.term_months) - datetime.timedelta(days=1)
            if rng.random() < 0.3:
                plan.effective_until = end
            if end < ANCHOR:
                plan.status = "expired" if rng.random() < 0.85 else "terminated"
            else:
                plan.status = rng.choices(["in_force", "signed", "terminated"], [65, 30, 5])[0]
        else:
            if rng.random() < 0.5:
                plan.effective_from = plan.signed_on
            plan.status = rng.choices(["in_force", "signed", "terminated"], [55, 35, 10])[0]

    def describe_agreement(self, rng, plan):
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

    def build_agreement(self, plan: AgreementPlan, number):
        a, b = plan.signatories[0], plan.signatories[-1]
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
            **translated("title", *plan.title),
            **translated("summary", *plan.summary),
            **translated("objectives", *plan.objectives),
            **translated("signing_place", *(plan.signing_place or ("", ""))),
        )

    # Events

    def plan_series(self, rng):
        n_events = self.counts["events"]
        if n_events < 10:
            return []
        plans = []
        for _ in range(min(SERIES_COUNT, max(1, n_events // 600))):
            f = rng.choice(DOMAINS)
            organizer = self.pick_organization(
                rng, ("association", "cluster", "alliance", "university")
            )
            place = organizer.place
            c = place.city
            name_en, name_fr = rng.choice(
                [
                    (f"{c.en} {f.en} Summit", f"Sommet {of(c.fr)} sur {f.fr_the}"),
                    (f"{f.en} Days {c.en}", f"Journées {f.fr_of_the} {of(c.fr)}"),
                    (
                        f"{place.country.adjective} {f.en} Forum",
                        f"Forum {place.country.of_fr} sur {f.fr_the}",
                    ),
                ]
            )
            plans.append(
                SeriesPlan(
                    name_en=name_en,
                    name_fr=name_fr,
                    kind=rng.choice(["conference", "convention", "symposium"]),
                    domain=f,
                    place=place,
                    organizer=organizer,
                    description=(
                        f"A yearly meeting on {f.en.lower()} first held in {c.en}.",
                        f"Un rendez-vous annuel sur {f.fr_the}, né à {c.fr}.",
                    ),
                )
            )
        return plans

    def plan_series_events(self, rng, series):
        plans = []
        for s in series:
            month = rng.randint(1, 12)
            lengths, weights = EVENT_DAYS.get(s.kind, ((1,), (1,)))
            days = rng.choices(lengths, weights)[0]
            rotates = rng.random() < 0.4
            for year in range(rng.randint(2016, 2024), EVENT_WINDOW[1].year + 1):
                if rng.random() < 0.1:
                    continue  # a year without an edition
                place = self.random_place(rng) if rotates else s.place
                precision = "day" if rng.random() < 0.9 else "month"
                start = datetime.date(year, month, rng.randint(1, 28 - days))
                end = start + datetime.timedelta(days=days - 1) if days > 1 else None
                if precision == "month":
                    start, end = start.replace(day=1), None
                roles = [(s.organizer, "organizer")]
                self.add_participants(rng, roles, rng.randint(0, 3))
                plans.append(
                    EventPlan(
                        kind=s.kind,
                        name_en=s.name_en,
                        name_fr=s.name_fr,
                        edition=str(year),
                        series=s,
                        start_date=start,
                        end_date=end,
                        precision=precision,
                        place=place,
                        time_zone=place.region.time_zone,
                        roles=roles,
                        venue=self.venue(rng, place) if precision == "day" else "",
                    )
                )
        return plans[: self.counts["events"] // 5]

    def add_participants(self, rng, roles, count, kinds=None):
        kinds = kinds or ("company", "company", "university", "research_centre", "association")
        for _ in range(min(count, len(self.organizations) - len(roles))):
            taken = {id(org) for org, _role in roles}
            roles.append((self.pick_organization(rng, kinds, taken), "participant"))

    def plan_generic_event(self, rng):
        kind = rng.choices(list(GENERIC_EVENT_KINDS), list(GENERIC_EVENT_KINDS.values()))[0]
        f = rng.choice(DOMAINS)
        organizer_kinds = EVENT_ORGANIZER_KINDS[kind]
        organizer = self.pick_organization(rng, organizer_kinds)
        roles = [(organizer, "organizer")]
        if kind == "official_meeting":
            self.add_participants(rng, roles, 1, kinds=(*organizer_kinds, "association"))
        else:
            if rng.random() < 0.25:
                roles.append(
                    (self.pick_organization(rng, organizer_kinds, {id(organizer)}), "organizer")
                )
            self.add_participants(rng, roles, rng.choices([0, 1, 2, 3], [3, 3, 2, 1])[0])
        roles = roles[:4]
        home = organizer.place
        if kind == "trade_mission":
            place = self.random_place(rng)
            for _ in range(10):
                if place.region.country != home.region.country:
                    break
                place = self.random_place(rng)
        else:
            place = home if rng.random() < 0.8 else self.random_place(rng)
        c = place.city
        topic_en, topic_fr = rng.choice(TOPICS)
        guest = roles[-1][0]
        name_en, name_fr = {
            "conference": (f"{c.en} {f.en} Conference", f"Conférence {of(c.fr)} sur {f.fr_the}"),
            "convention": (
                f"{place.country.adjective} {f.en} Convention",
                f"Congrès {place.country.of_fr} sur {f.fr_the}",
            ),
            "trade_mission": (
                f"{home.country.adjective} {f.en.lower()} trade mission to {c.en}",
                f"Mission commerciale {home.country.of_fr} en {f.fr} à {c.fr}",
            ),
            "workshop": (
                f"Workshop: {topic_en} in {f.en.lower()}",
                f"Atelier : {topic_fr} en {f.fr}",
            ),
            "symposium": (f"{c.en} Symposium on {f.en}", f"Symposium {of(c.fr)} sur {f.fr_the}"),
            "official_meeting": (
                f"{organizer.short_en} – {guest.short_en} meeting",
                f"Rencontre {organizer.short_fr} – {guest.short_fr}",
            ),
            "webinar": (
                f"Webinar: {topic_en} in {f.en.lower()}",
                f"Webinaire : {topic_fr} en {f.fr}",
            ),
            "other": (
                f"{f.en} networking evening in {c.en}",
                f"Soirée de réseautage en {f.fr} à {c.fr}",
            ),
        }[kind]
        window_days = (EVENT_WINDOW[1] - EVENT_WINDOW[0]).days + 1
        start = EVENT_WINDOW[0] + datetime.timedelta(days=rng.randrange(window_days))
        lengths, weights = EVENT_DAYS.get(kind, ((1,), (1,)))
        days = rng.choices(lengths, weights)[0]
        end = start + datetime.timedelta(days=days - 1) if days > 1 else None
        precision = "day"
        if kind not in ("webinar", "official_meeting"):
            precision = rng.choices(["day", "month", "year"], [85, 10, 5])[0]
        if precision != "day":
            start, end = truncate(start, precision), None
        description = None
        if rng.random() < 0.6:
            kind_en, kind_fr = EVENT_KIND_WORDS[kind]
            description = (
                f"{kind_en} on {f.en.lower()}, organized by {organizer.name_en}.",
                f"{kind_fr} sur {f.fr_the}, organisation : {organizer.name_fr}.",
            )
        online = kind == "webinar"
        return EventPlan(
            kind=kind,
            name_en=name_en,
            name_fr=name_fr,
            edition=str(start.year)
            if kind in ("conference", "convention", "trade_mission")
            else "",
            start_date=start,
            end_date=end,
            precision=precision,
            place=None if online else place,
            time_zone=(home if online else place).region.time_zone,
            roles=roles,
            description=description,
            venue=self.venue(rng, place) if precision == "day" and not online else "",
            times=self.times(rng, kind, precision),
        )

    def venue(self, rng, place):
        if rng.random() < 0.4:
            return ""
        brand = rng.choice(BRAND_STARTS)
        if place.country.speaks_french or place.region.name == "Québec":
            c = place.city.fr
            choices = [
                f"Palais des congrès {of(c)}",
                f"Centre des congrès {of(c)}",
                f"Hôtel {brand}",
            ]
        else:
            c = place.city.en
            choices = [f"{c} Convention Centre", f"{c} Exhibition Centre", f"{brand} Hotel {c}"]
        return rng.choice(choices)

    def times(self, rng, kind, precision):
        chance, start, end = TIMES.get(kind, (0, None, None))
        if precision == "day" and rng.random() < chance:
            return start, end
        return None

    def plan_ceremonies(self, rng, agreements, budget):
        """Signing ceremonies for some agreements signed on a known day in the event window."""
        candidates = [
            a
            for a in agreements
            if a.signing_event is None
            and a.precision == "day"
            and a.signed_on
            and EVENT_WINDOW[0] <= a.signed_on < ANCHOR
        ]
        chosen = sorted(rng.sample(range(len(candidates)), min(budget, len(candidates) // 3)))
        plans = []
        for index in chosen:
            agreement = candidates[index]
            signatories = agreement.signatories
            place = signatories[0].place
            event = EventPlan(
                kind="signing_ceremony",
                name_en=clip(
                    "Signing ceremony: " + " – ".join(o.short_en for o in signatories), 200
                ),
                name_fr=clip(
                    "Cérémonie de signature : " + " – ".join(o.short_fr for o in signatories), 200
                ),
                start_date=agreement.signed_on,
                precision="day",
                place=place,
                time_zone=place.region.time_zone,
                roles=[
                    (org, "organizer" if role == "signatory" else "participant")
                    for org, role, _title in agreement.parties
                ][:4],
                related_agreements=[agreement],
                venue=self.venue(rng, place),
                times=self.times(rng, "signing_ceremony", "day"),
            )
            agreement.signing_event = event
            agreement.signing_place = (place.city.en, place.city.fr)
            plans.append(event)
        return plans

    def plan_follow_ups(self, rng, events, agreements):
        """Workshops and meetings that carry on the work of an earlier agreement."""
        signed = [a for a in agreements if a.signed_on]
        if not signed:
            return
        for event in events:
            if event.kind in ("workshop", "official_meeting", "webinar") and rng.random() < 0.1:
                agreement = rng.choice(signed)
                if (
                    agreement.signed_on < event.start_date
                    and agreement not in event.related_agreements
                ):
                    event.related_agreements.append(agreement)

    def build_series(self, plan: SeriesPlan, number):
        return Series(
            slug=make_slug(plan.name_en, number),
            website=make_website(plan.name_en, number),
            organizer_id=plan.organizer.id,
            **translated("name", plan.name_en, plan.name_fr),
            **translated("description", *plan.description),
        )

    def build_event(self, plan: EventPlan, number):
        slug = make_slug(f"{plan.name_en} {plan.edition}", number)
        values = {}
        if plan.place:
            values |= {
                "city": plan.place.city.name,
                "region": plan.place.region.name,
                "country": plan.place.region.country,
                "venue": plan.venue,
            }
        if plan.times:
            values["start_time"], values["end_time"] = plan.times
        if plan.kind == "webinar":
            values["online_url"] = f"https://meet.example/{slug}"
        if plan.start_date >= ANCHOR:
            values["registration_url"] = f"https://events.example/register/{slug}"
        rate = ("", "")
        if plan.kind in ("conference", "convention", "symposium") and number % 5 == 0:
            off = 10 + number % 4 * 5
            rate = (
                f"Member rate: {off}% off registration",
                f"Tarif membre : {off} % de réduction sur l'inscription",
            )
        return Event(
            slug=slug,
            kind=plan.kind,
            series_id=plan.series.id if plan.series else None,
            edition=plan.edition,
            start_date=plan.start_date,
            end_date=plan.end_date,
            date_precision=plan.precision,
            time_zone=plan.time_zone,
            **values,
            **translated("name", clip(plan.name_en, 200), clip(plan.name_fr, 200)),
            **translated("description", *(plan.description or ("", ""))),
            **translated("member_rate_note", *rate),
        )

    # Benefits

    def plan_benefits(self, agreements):
        rng = self.rng("benefits")
        eligible = [a for a in agreements if a.status not in ("draft", "in_negotiation")]
        eligible = eligible or agreements
        per_agreement = [0] * len(eligible)
        for _ in range(self.counts["benefits"]):
            per_agreement[rng.randrange(len(eligible))] += 1
        categories = list(BENEFIT_TEXTS)
        plans = []
        for agreement, count in zip(eligible, per_agreement, strict=True):
            rng.shuffle(categories)
            signatories = agreement.signatories
            for k in range(count):
                # Mostly granted to the members of every signatory, sometimes of one only.
                grantees = signatories if rng.random() < 0.7 else [rng.choice(signatories)]
                plans.append(
                    BenefitPlan(
                        agreement=agreement,
                        grantees=grantees,
                        fields=self.benefit_fields(rng, agreement, categories[k % len(categories)]),
                    )
                )
        return plans

    def benefit_fields(self, rng, agreement, category):
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

    def build_benefit(self, plan: BenefitPlan, number):
        return Benefit(agreement_id=plan.agreement.id, **plan.fields)


def delete_synthetic() -> dict[str, int]:
    """Delete the synthetic records and their dependants; return the counts by model.

    Agreements go first: their parties protect the organizations.
    """
    deleted: dict[str, int] = {}
    for model in (Agreement, Event, Series, Organization):
        queryset = model.objects.filter(slug__startswith=SLUG_PREFIX).only("pk")
        _total, by_model = queryset.delete()
        for label, count in by_model.items():
            deleted[label] = deleted.get(label, 0) + count
    return deleted


def synthetic_tables() -> list[str]:
    """The tables the generator writes to, for ANALYZE."""
    models: list[type[Model]] = [
        Sector,
        Organization,
        Organization.sectors.through,
        Series,
        Event,
        EventOrganization,
        Event.related_agreements.through,
        Agreement,
        Agreement.themes.through,
        Party,
        Benefit,
        Benefit.granted_to.through,
        SearchEntry,
    ]
    return [model._meta.db_table for model in models]


def index_synthetic() -> int:
    """Search entries for the synthetic records (their old ones went with them)."""
    return sum(
        search.index(kind, model.objects.filter(slug__startswith=SLUG_PREFIX).values("pk"))
        for kind, model in (
            ("organization", Organization),
            ("agreement", Agreement),
            ("event", Event),
        )
    )
