"""Synthetic organizations: their names, places and figures, and the pool others pick from."""

import datetime
from decimal import Decimal

from demo.synthetic.dates import ANCHOR, PRECISIONS
from demo.synthetic.places import COUNTRIES, COUNTRY_CODES, of, random_place
from demo.synthetic.plans import OrganizationPlan
from demo.synthetic.text import clip, make_slug, make_website, translated
from demo.synthetic.weights import ORGANIZATION_KIND_WEIGHTS
from demo.synthetic.words import (
    BRAND_ENDS,
    BRAND_STARTS,
    COMPANY_DOMAINS,
    DEPARTMENTS,
    DOMAINS,
    FIRST_NAMES,
    KIND_WORDS,
    SAINTS,
    SURNAMES,
)
from organizations.choices import MEMBER_BASED_KINDS
from organizations.models import CountQualifier, Organization, OrganizationKind
from portal.dates import truncate_to_precision


def plan_organizations(rng, count, sectors):
    kinds = list(ORGANIZATION_KIND_WEIGHTS)
    kind_weights = list(ORGANIZATION_KIND_WEIGHTS.values())
    plans = []
    for _ in range(count):
        kind = rng.choices(kinds, kind_weights)[0]
        place = random_place(rng)
        name_en, name_fr = organization_name(rng, kind, place)
        kind_en, kind_fr = KIND_WORDS[kind]
        fields = organization_fields(rng, kind, place)
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
                acronym=acronym(rng, kind, name_en),
                sector_ids=rng.sample(sectors, min(len(sectors), rng.randint(1, 3))),
                fields=fields,
                has_website=rng.random() < 0.7,
            )
        )
    return plans


def organization_name(rng, kind, place):
    c, country, f = place.city, place.country, rng.choice(DOMAINS)
    surname = rng.choice(SURNAMES)
    pattern = rng.randrange(3)
    if kind == OrganizationKind.COMPANY:
        brand = rng.choice(BRAND_STARTS) + rng.choice(BRAND_ENDS)
        name = f"{brand} {rng.choice(COMPANY_DOMAINS)} {rng.choice(country.legal_forms)}"
        return name, name
    if kind == OrganizationKind.UNIVERSITY:
        return [
            (f"University of {c.en}", f"Université {of(c.fr)}"),
            (f"{surname} University", f"Université {surname}"),
            (f"{c.en} Institute of Technology", f"Institut de technologie {of(c.fr)}"),
        ][pattern]
    if kind == OrganizationKind.RESEARCH_CENTRE:
        return [
            (f"{c.en} {f.en} Research Centre", f"Centre de recherche en {f.fr} {of(c.fr)}"),
            (f"{surname} Institute", f"Institut {surname}"),
            (f"{c.en} Institute for {f.en}", f"Institut {of(c.fr)} pour {f.fr_the}"),
        ][pattern]
    if kind == OrganizationKind.HOSPITAL:
        saint_en, saint_fr = rng.choice(SAINTS)
        return [
            (f"{c.en} General Hospital", f"Hôpital général {of(c.fr)}"),
            (f"{saint_en} Hospital, {c.en}", f"Hôpital {saint_fr} {of(c.fr)}"),
            (f"University Hospital of {c.en}", f"Centre hospitalier universitaire {of(c.fr)}"),
        ][pattern]
    if kind == OrganizationKind.ASSOCIATION:
        return [
            (f"{c.en} {f.en} Association", f"Association {of(c.fr)} pour {f.fr_the}"),
            (
                f"{place.region.en} {f.en} Association",
                f"Association {place.region.of_fr} pour {f.fr_the}",
            ),
            (f"{country.adjective} {f.en} Society", f"Société {country.of_fr} en {f.fr}"),
        ][pattern]
    if kind == OrganizationKind.CLUSTER:
        return f"{c.en} {f.en} Cluster", f"Pôle {f.fr} {of(c.fr)}"
    if kind == OrganizationKind.ALLIANCE:
        return f"{country.adjective} {f.en} Network", f"Réseau {country.of_fr} en {f.fr}"
    if kind == OrganizationKind.GOVERNMENT:
        if pattern == 0:
            return f"City of {c.en}", f"Ville {of(c.fr)}"
        dept_en, dept_fr = rng.choice(DEPARTMENTS)
        return f"{dept_en} of {place.region.en}", f"{dept_fr} {place.region.of_fr}"
    if kind == OrganizationKind.ECONOMIC_DEVELOPMENT:
        return [
            (f"{c.en} Economic Development Agency", f"Agence de développement {of(c.fr)}"),
            (f"Invest {c.en}", f"Investir {c.fr}"),
            (f"{c.en} International", f"{c.fr} International"),
        ][pattern]
    if kind == OrganizationKind.FUNDING_BODY:
        return (
            f"{place.region.en} {f.en} Research Fund",
            f"Fonds de recherche en {f.fr} {place.region.of_fr}",
        )
    if kind == OrganizationKind.FOUNDATION:
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


def acronym(rng, kind, name_en):
    if rng.random() >= (0.08 if kind == OrganizationKind.COMPANY else 0.3):
        return ""
    letters = "".join(word[0] for word in name_en.split() if word[:1].isupper())
    return letters if len(letters) >= 3 else ""


def organization_fields(rng, kind, place):
    c = place.city
    values = {"city": c.name, "region": place.region.name, "country": place.region.country}
    if rng.random() < 0.05:
        values["city"] = ""
    elif rng.random() < 0.85:
        # Within a few kilometres of the city centre.
        values["latitude"] = Decimal(f"{c.latitude + rng.uniform(-0.05, 0.05):.6f}")
        values["longitude"] = Decimal(f"{c.longitude + rng.uniform(-0.05, 0.05):.6f}")
    if kind in (
        OrganizationKind.UNIVERSITY,
        OrganizationKind.HOSPITAL,
        OrganizationKind.GOVERNMENT,
    ):
        values["founded_year"] = rng.randint(1800, 1990)
    elif rng.random() < 0.8:
        values["founded_year"] = rng.randint(1960, 2025)
    if kind in MEMBER_BASED_KINDS and rng.random() < 0.8:
        values["member_count"] = int(rng.lognormvariate(4.5, 1.0)) + 5
        values["member_count_qualifier"] = rng.choices(
            [CountQualifier.EXACT, CountQualifier.ABOUT, CountQualifier.MORE_THAN], [4, 4, 2]
        )[0]
        if rng.random() < 0.7:
            precision = rng.choices(PRECISIONS, [3, 5, 2])[0]
            since = datetime.date(max(2015, values.get("founded_year", 0)), 1, 1)
            day = since + datetime.timedelta(days=rng.randrange((ANCHOR - since).days))
            values["member_count_as_of"] = truncate_to_precision(day, precision)
            values["member_count_as_of_precision"] = precision
    return values


def build_organization(plan: OrganizationPlan, number):
    organization = Organization(
        slug=make_slug(plan.name_en, number),
        kind=plan.kind,
        website=make_website(plan.name_en, number) if plan.has_website else "",
        **translated("name", plan.name_en, plan.name_fr),
        **translated("acronym", plan.acronym),
        **plan.fields,
    )
    # bulk_create sends no signal: the place organizations.receivers works out.
    organization.locate()
    return organization


class OrganizationPool:
    """The planned organizations, by kind and country, for events and agreements to pick."""

    def __init__(self, organizations: list[OrganizationPlan]):
        self.all = organizations
        self.by_kind: dict[str, list[OrganizationPlan]] = {}
        self.by_kind_country: dict[tuple[str, str], list[OrganizationPlan]] = {}
        for org in organizations:
            self.by_kind.setdefault(org.kind, []).append(org)
            self.by_kind_country.setdefault((org.kind, org.place.region.country), []).append(org)

    def __len__(self):
        return len(self.all)

    def pick(self, rng, kinds, taken=(), *, abroad_from=None):
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
            org = rng.choice(pool or self.by_kind.get(kind) or self.all)
            if id(org) not in taken:
                return org
        return next(org for org in self.all if id(org) not in taken)
