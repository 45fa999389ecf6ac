"""Corridors: the pairs of places whose organizations sign agreements together.

A place is a region within its country, or a whole country for an organization
recorded with no region (``organizations.places``: spellings of one region are
one place). An agreement belongs to the corridor between the places of every two
of its parties that make one: a multi-party agreement to several. Only published
agreements and their published parties count.

The index of corridors (``corridor_index``) is one grouped query over pairs of
parties of the same agreement, after one that reads the spellings of places: both
bounded by the number of places, not of records, and kept in the cache under the
content version and the day (what is in force turns over at midnight). A
corridor's page (``corridor_page``) reads its agreements, events, organizations
and benefits in a fixed number of queries, each capped.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Value,
    When,
)
from django.db.models.functions import ExtractYear
from django.utils.http import urlencode
from django_countries.fields import Country

from agreements.choices import AgreementState
from agreements.filters import with_party_where
from agreements.models import Agreement, Benefit, Party
from events.models import Event, EventOrganization
from organizations.models import Organization
from organizations.places import (
    Place,
    corridor_ends,
    corridor_slug,
    place_key,
    place_name,
    place_slug,
)
from portal.localized import localized, localized_value
from portal.page_cache import cache_get, cache_set, versioned_key
from portal.publishing import Publication, not_a_draft, published_through

# How many of a corridor's records its page lists, of each kind (it says how many more).
AGREEMENTS_LISTED = 20
EVENTS_LISTED = 20
ORGANIZATIONS_LISTED = 24
BENEFITS_LISTED = 20


@dataclass(frozen=True)
class Side:
    """One end of a corridor: a place, as its parties spell it."""

    place: Place
    # The spelling most of its parties use (``place_name``), "" for a whole country.
    region: str
    # Every spelling its parties use, exactly as stored.
    spellings: tuple[str, ...]

    @property
    def country(self) -> Country:
        return Country(self.place[0])

    @property
    def label(self) -> str:
        return self.region or str(self.country.name)

    @property
    def slug(self) -> str:
        return place_slug(self.place)

    @property
    def is_country(self) -> bool:
        return not self.place[1]

    def party_lookups(self) -> dict:
        """The parties in this place (``Party``'s copy of where its organization is)."""
        return {"organization_country": self.place[0], "organization_region__in": self.spellings}

    def organization_lookups(self, prefix="") -> dict:
        return {f"{prefix}country": self.place[0], f"{prefix}region__in": self.spellings}

    def directory_query(self) -> dict:
        """The organizations directory's filters for this place."""
        if self.is_country:
            return {"country": self.place[0]}
        return {"country": self.place[0], "region": self.region}


@dataclass(frozen=True)
class Corridor:
    first: Side
    second: Side
    agreements: int
    in_force: int
    first_organizations: int
    second_organizations: int

    @property
    def slug(self) -> str:
        return corridor_slug(self.first.place, self.second.place)

    @property
    def label(self) -> str:
        return f"{self.first.label} – {self.second.label}"

    @property
    def countries(self) -> str:
        """The countries, where the sides' labels do not say them: "Canada", "Canada –
        France"; "" when both sides are whole countries."""
        names = []
        for side in (self.first, self.second):
            if not side.is_country:
                name = str(side.country.name)
                if name not in names:
                    names.append(name)
            elif names:
                names.append(str(side.country.name))
        if self.first.is_country and self.second.is_country:
            return ""
        return " – ".join(names)

    def search_text(self) -> str:
        """What the list's place box matches: both sides' spellings and slugs."""
        parts = [self.first.slug, self.second.slug, *self.first.spellings, *self.second.spellings]
        return " ".join(parts)


@dataclass
class CorridorIndex:
    # Most agreements first.
    corridors: list[Corridor]
    by_slug: dict[str, Corridor] = field(default_factory=dict)
    # Each place's slug, for the addresses that name a place the other way round.
    places: dict[Place, Side] = field(default_factory=dict)

    def __post_init__(self):
        self.by_slug = {corridor.slug: corridor for corridor in self.corridors}
        for corridor in self.corridors:
            self.places.setdefault(corridor.first.place, corridor.first)
            self.places.setdefault(corridor.second.place, corridor.second)

    def countries(self) -> list[str]:
        return sorted({place[0] for place in self.places})


def corridor_index(today: datetime.date) -> CorridorIndex:
    """Every corridor, with its counts on ``today``: from the cache, or read in two
    queries and cached until the data changes."""
    key = versioned_key("corridors", today.isoformat())
    index = cache_get(key)
    if index is None:
        index = read_index(today)
        cache_set(key, index)
    return index


def _public_parties():
    return Party.objects.filter(
        published_through("agreement"), not_a_draft(Organization, "organization_id")
    ).exclude(organization_country="")


def _most_used(counts: dict[str, int]) -> str:
    """The spelling most parties use; of equals, the one with more accents ("Québec")."""
    return min(counts, key=lambda text: (-counts[text], -sum(not c.isascii() for c in text), text))


def read_sides() -> dict[Place, tuple[str, Side]]:
    """Each place parties are in: ``(stored spelling the grouping names it by, Side)``."""
    spellings: dict[Place, dict[str, int]] = {}
    rows = (
        _public_parties()
        .values_list("organization_country", "organization_region")
        .annotate(parties=Count("pk"))
        .order_by()
    )
    for country, region, parties in rows:
        place = place_key(country, region)
        counts = spellings.setdefault(place, {})
        counts[region] = counts.get(region, 0) + parties
    sides = {}
    for place, counts in spellings.items():
        # A whole country is named by "" whatever stands in its parties' region box
        # (spaces, a mark that is no letter).
        stored = _most_used(counts) if place[1] else ""
        region = place_name(place[0], stored) if place[1] else ""
        sides[place] = (stored, Side(place, region, tuple(sorted(counts))))
    return sides


def _one_spelling(sides, country_field, region_field):
    """The region as the grouping reads it: every spelling of a place as its one stored
    spelling (``read_sides``); a region with one spelling as it is."""
    whens = [
        When(
            **{country_field: place[0], f"{region_field}__in": others},
            then=Value(stored),
        )
        for place, (stored, side) in sides.items()
        if (others := [text for text in side.spellings if text != stored])
    ]
    if not whens:
        return F(region_field)
    return Case(*whens, default=F(region_field), output_field=CharField())


def read_index(today: datetime.date) -> CorridorIndex:
    """The corridors, read in two queries: the places' spellings, then each pair of
    parties of one agreement in two places, grouped by their places."""
    sides = read_sides()
    if len(sides) < 2:
        return CorridorIndex([])
    by_stored = {(place[0], stored): side for place, (stored, side) in sides.items()}
    other = "agreement__party_set__"
    drafts = Organization.all_objects.filter(
        pk=OuterRef("other_organization"), publication=Publication.DRAFT
    )
    in_force = Agreement.objects.in_state(AgreementState.IN_FORCE, today).values("pk")
    rows = (
        _public_parties()
        .annotate(
            other_country=F(f"{other}organization_country"),
            other_region=F(f"{other}organization_region"),
            other_organization=F(f"{other}organization_id"),
        )
        .filter(~Exists(drafts))
        .exclude(other_country="")
        .annotate(
            place=_one_spelling(sides, "organization_country", "organization_region"),
            other_place=_one_spelling(sides, "other_country", "other_region"),
        )
        # Each pair once, in either order; a country and its own regions make none.
        .filter(
            Q(organization_country__lt=F("other_country"))
            | Q(organization_country=F("other_country"), place__lt=F("other_place")) & ~Q(place="")
        )
        .values("organization_country", "place", "other_country", "other_place")
        .annotate(
            agreements=Count("agreement_id", distinct=True),
            in_force=Count("agreement_id", distinct=True, filter=Q(agreement_id__in=in_force)),
            organizations=Count("organization_id", distinct=True),
            other_organizations=Count("other_organization", distinct=True),
        )
        .order_by()
    )
    corridors = []
    for row in rows:
        one = by_stored[row["organization_country"], row["place"]]
        two = by_stored[row["other_country"], row["other_place"]]
        counts = [row["organizations"], row["other_organizations"]]
        if corridor_ends(one.place, two.place)[0] != one.place:
            one, two = two, one
            counts.reverse()
        corridors.append(
            Corridor(one, two, row["agreements"], row["in_force"], counts[0], counts[1])
        )
    corridors.sort(key=lambda corridor: (-corridor.agreements, corridor.slug))
    return CorridorIndex(corridors)


# A corridor's page ------------------------------------------------------------------


def corridor_agreements(corridor: Corridor):
    """The published agreements with a published party on each side."""
    agreements = with_party_where(Agreement.objects.all(), **corridor.first.party_lookups())
    return with_party_where(agreements, **corridor.second.party_lookups())


def _took_part(side: Side):
    return Exists(
        EventOrganization.objects.filter(
            published_through("organization"),
            event=OuterRef("pk"),
            **side.organization_lookups("organization__"),
        )
    )


def corridor_events(corridor: Corridor):
    """The published events where organizations of both sides took part (organized or
    attended): where the corridor met, wherever that was."""
    return Event.objects.filter(_took_part(corridor.first), _took_part(corridor.second))


def side_organizations(side: Side, agreements):
    """The side's organizations that are a party to one of ``agreements``, by name."""
    parties = Party.objects.filter(organization=OuterRef("pk"), agreement__in=agreements)
    return (
        Organization.objects.filter(Exists(parties), **side.organization_lookups())
        .order_by(localized("name"), "id")
        .values_list("slug", localized_value("name"))
    )


def timeline(agreements, events) -> list[dict]:
    """Agreements signed and events held, year by year (one query), each year with its
    ``agreements``, ``events`` and their bars' ``*_width`` (a fifth of the busiest
    year's count each, for the chart's classes)."""
    signed = (
        agreements.filter(signed_on__isnull=False)
        .annotate(year=ExtractYear("signed_on"), list=Value(0, output_field=IntegerField()))
        .values("list", "year")
        .annotate(total=Count("pk"))
        .order_by()
    )
    held = (
        events.annotate(year=ExtractYear("start_date"), list=Value(1, output_field=IntegerField()))
        .values("list", "year")
        .annotate(total=Count("pk"))
        .order_by()
    )
    years: dict[int, dict] = {}
    for row in signed.union(held, all=True).order_by():
        year = years.setdefault(row["year"], {"year": row["year"], "agreements": 0, "events": 0})
        year["agreements" if row["list"] == 0 else "events"] = row["total"]
    if not years:
        return []
    busiest = max(max(year["agreements"], year["events"]) for year in years.values())
    rows = []
    for number in range(min(years), max(years) + 1):
        year = years.get(number, {"year": number, "agreements": 0, "events": 0})
        for name in ("agreements", "events"):
            # 0 to 10: the width of the bar in tenths of the busiest year's count.
            year[f"{name}_width"] = -(-year[name] * 10 // busiest)
        rows.append(year)
    return rows


def corridor_page(corridor: Corridor, today: datetime.date) -> dict:
    """What a corridor's page shows, in seven queries."""
    agreements = corridor_agreements(corridor)
    ids = agreements.values("pk")
    events = corridor_events(corridor)
    benefits = list(
        Benefit.objects.claimable(today)
        .filter(agreement__in=ids)
        .select_related("agreement")
        .order_by("category", localized("agreement__title"), "id")[: BENEFITS_LISTED + 1]
    )
    years = timeline(agreements, events)
    sides = []
    for side, count in (
        (corridor.first, corridor.first_organizations),
        (corridor.second, corridor.second_organizations),
    ):
        organizations = list(side_organizations(side, ids)[:ORGANIZATIONS_LISTED])
        sides.append(
            {
                "side": side,
                "organizations": organizations,
                "count": count,
                "directory_query": urlencode(side.directory_query()),
            }
        )
    return {
        "corridor": corridor,
        "agreements": agreements.order_by_signing()[:AGREEMENTS_LISTED].card_rows(today),
        "agreements_undated": corridor.agreements - sum(year["agreements"] for year in years),
        "events": events.order_by("-start_date", "-id")[:EVENTS_LISTED].card_rows(),
        "events_count": sum(year["events"] for year in years),
        "sides": sides,
        "benefits": benefits[:BENEFITS_LISTED],
        "more_benefits": len(benefits) > BENEFITS_LISTED,
        "timeline": years,
    }
