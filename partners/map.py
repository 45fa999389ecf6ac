"""What the map shows: the directory's organizations by place, and the agreements
between their places, read in a fixed number of bounded queries.

Organizations are grouped by place: their place (``Organization.place_latitude`` /
``place_longitude``: their coordinates, or else their city's in the gazetteer)
rounded to a hundredth of a degree, about a kilometre. The places with the most
organizations come first, with the first few of their organizations by name; past
``PLACE_ROWS`` rows (2,000 names) the map says it shows only part of them. Agreements are grouped
by the pair of places of two of their parties, those with the most agreements first,
up to ``LINE_CAP`` lines.
"""

import datetime
from dataclasses import dataclass, field

import django_filters
from django.db.models import Count, F, Max, Min, Q, Window
from django.db.models.functions import Round, RowNumber
from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from agreements.choices import AgreementState, AgreementStatus
from agreements.models import Agreement, Party
from organizations.filters import OrganizationFilter
from portal.localized import localized, localized_value
from portal.publishing import published_through
from portal.slug_urls import slug_url

# A place is its latitude and longitude to this many decimals (about a kilometre).
PLACE_PRECISION = 2
# The organizations named at each place (the others are counted, and listed by the
# directory's page of that city).
MEMBERS_PER_PLACE = 5
# At most this many organizations named in all: the places with the most organizations
# first. (PLACE_ROWS / MEMBERS_PER_PLACE places at least.)
PLACE_ROWS = 2000
LINE_CAP = 1000
# The organizations that are not on the map, listed by name.
UNPLACED_SHOWN = 50


class AgreementsShown:
    IN_FORCE = "in_force"
    SIGNED = "signed"
    NONE = "none"

    choices = [
        (IN_FORCE, _("Agreements in force")),
        (SIGNED, _("All signed agreements")),
        (NONE, _("No agreements")),
    ]


class MapFilter(OrganizationFilter):
    """The directory's filters, and which agreements to draw between the places."""

    agreements = django_filters.ChoiceFilter(
        label=_("Lines between places"),
        choices=AgreementsShown.choices,
        empty_label=None,
        method="keep_all",
    )

    def keep_all(self, queryset, name, value):
        # Which agreements are drawn says nothing about which organizations are shown.
        return queryset

    def agreements_shown(self) -> str:
        if not self.is_bound:
            return AgreementsShown.IN_FORCE
        return self.form.cleaned_data.get("agreements") or AgreementsShown.IN_FORCE


def _cell(field_name):
    return Round(F(field_name), PLACE_PRECISION)


@dataclass
class Member:
    name: str
    url: str
    city: str
    placed_at_city: bool


@dataclass
class Place:
    latitude: float
    longitude: float
    count: int
    city: str
    country: str
    members: list[Member] = field(default_factory=list)

    @property
    def key(self):
        return (self.latitude, self.longitude)

    @property
    def label(self):
        if self.city and self.country:
            return f"{self.city}, {countries.name(self.country)}"
        return self.city or (countries.name(self.country) if self.country else "")


@dataclass
class Line:
    a: tuple
    b: tuple
    count: int
    a_city: str
    b_city: str
    agreements: list[dict] = field(default_factory=list)


@dataclass
class MapData:
    places: list[Place]
    lines: list[Line]
    total: int
    placed: int
    at_city: int
    unplaced: list[dict]
    places_capped: bool
    lines_capped: bool

    @property
    def shown(self):
        return sum(place.count for place in self.places)

    @property
    def unplaced_count(self):
        return self.total - self.placed


def map_data(filterset: MapFilter, query: QueryDict, today: datetime.date) -> MapData:
    """The map of the organizations ``filterset`` keeps (a valid one), in six queries."""
    organizations = filterset.qs.order_by()
    totals = organizations.aggregate(
        total=Count("pk"),
        placed=Count("pk", filter=Q(place_latitude__isnull=False)),
        at_city=Count("pk", filter=Q(placed_at_city=True)),
    )
    places, places_capped = _places(organizations, query)
    unplaced = list(
        organizations.filter(place_latitude__isnull=True)
        .order_by(localized("name"), "id")
        .values("slug", "city", "country", label=localized_value("name"))[:UNPLACED_SHOWN]
    )
    for row in unplaced:
        row["url"] = slug_url("organizations:detail", row["slug"])
    lines, lines_capped = _lines(organizations, filterset.agreements_shown(), today)
    return MapData(
        places=places,
        lines=lines,
        total=totals["total"],
        placed=totals["placed"],
        at_city=totals["at_city"],
        unplaced=unplaced,
        places_capped=places_capped,
        lines_capped=lines_capped,
    )


def _places(organizations, query):
    """The places, the most populated first, each with its first organizations by name
    (one query: a window numbers the organizations of each place)."""
    cell = [_cell("place_latitude"), _cell("place_longitude")]
    rows = (
        organizations.filter(place_latitude__isnull=False)
        .annotate(
            cell_latitude=cell[0],
            cell_longitude=cell[1],
            cell_count=Window(Count("pk"), partition_by=cell),
            rank=Window(RowNumber(), partition_by=cell, order_by=[localized("name"), "id"]),
        )
        .filter(rank__lte=MEMBERS_PER_PLACE)
        .order_by("-cell_count", "cell_latitude", "cell_longitude", "rank")
        .values(
            "cell_latitude",
            "cell_longitude",
            "cell_count",
            "slug",
            "city",
            "country",
            "placed_at_city",
            label=localized_value("name"),
        )[: PLACE_ROWS + 1]
    )
    rows = list(rows)
    capped = len(rows) > PLACE_ROWS
    places = {}
    for row in rows[:PLACE_ROWS]:
        key = (float(row["cell_latitude"]), float(row["cell_longitude"]))
        place = places.get(key)
        if place is None:
            place = places[key] = Place(*key, row["cell_count"], row["city"], row["country"])
        place.members.append(
            Member(
                row["label"],
                slug_url("organizations:detail", row["slug"]),
                row["city"],
                row["placed_at_city"],
            )
        )
    if capped:
        # The last place may have lost some of its first organizations to the cap.
        places.pop(key, None)
    for place in places.values():
        place.list_url = _list_url(query, place)
    return list(places.values()), capped


def _list_url(query: QueryDict, place: Place) -> str:
    """The directory's page of a place's organizations: the map's filters, and its
    city (and country), when the place has a city's name."""
    if not place.city:
        return ""
    params = query.copy()
    for name in ("agreements", "city", "country", "page"):
        params.pop(name, None)
    params["city"] = place.city
    if place.country:
        params["country"] = place.country
    return reverse("organizations:list") + "?" + params.urlencode()


def _shown_agreements(shown: str, today: datetime.date):
    agreements = Agreement.objects.all()
    if shown == AgreementsShown.IN_FORCE:
        return agreements.in_state(AgreementState.IN_FORCE, today)
    return agreements.filter(status=AgreementStatus.SIGNED)


def _lines(organizations, shown: str, today: datetime.date):
    """Lines between two places with the number of agreements between them: agreements
    with a party among ``organizations``, drawn to each of their other parties' places.
    Each pair of places once (west-south end first), the busiest first; two queries."""
    if shown == AgreementsShown.NONE:
        return [], False
    here = [_cell("organization__place_latitude"), _cell("organization__place_longitude")]
    there = [
        _cell("agreement__party_set__organization__place_latitude"),
        _cell("agreement__party_set__organization__place_longitude"),
    ]
    pairs = (
        Party.objects.filter(
            published_through("organization"),
            published_through("agreement__party_set__organization"),
            agreement__in=_shown_agreements(shown, today).values("pk"),
            organization__in=organizations.values("pk"),
            organization__place_latitude__isnull=False,
            agreement__party_set__organization__place_latitude__isnull=False,
        )
        .annotate(a_lat=here[0], a_lon=here[1], b_lat=there[0], b_lon=there[1])
        # Each pair from its western end (then southern): drawn once, counted once.
        .filter(Q(a_lon__lt=F("b_lon")) | Q(a_lon=F("b_lon"), a_lat__lt=F("b_lat")))
        .values("a_lat", "a_lon", "b_lat", "b_lon")
        .annotate(
            count=Count("agreement_id", distinct=True),
            first=Min("agreement_id"),
            last=Max("agreement_id"),
            a_city=Max("organization__city"),
            b_city=Max("agreement__party_set__organization__city"),
        )
        .order_by("-count", "a_lon", "a_lat", "b_lon", "b_lat")[: LINE_CAP + 1]
    )
    rows = list(pairs)
    capped = len(rows) > LINE_CAP
    rows = rows[:LINE_CAP]
    ids = {row["first"] for row in rows} | {row["last"] for row in rows}
    titles = {
        row["pk"]: row
        for row in Agreement.objects.filter(pk__in=ids).values(
            "pk", "slug", title_text=localized_value("title")
        )
    }
    lines = []
    for row in rows:
        agreements = [titles[pk] for pk in dict.fromkeys((row["first"], row["last"]))]
        lines.append(
            Line(
                a=(float(row["a_lat"]), float(row["a_lon"])),
                b=(float(row["b_lat"]), float(row["b_lon"])),
                count=row["count"],
                a_city=row["a_city"],
                b_city=row["b_city"],
                agreements=[
                    {
                        "title": agreement["title_text"],
                        "url": slug_url("agreements:detail", agreement["slug"]),
                    }
                    for agreement in agreements
                ],
            )
        )
    return lines, capped


def payload(data: MapData) -> dict:
    """What the map's script reads (``json_script``): places and lines."""
    return {
        "places": [
            {
                "lat": place.latitude,
                "lon": place.longitude,
                "count": place.count,
                "label": str(place.label),
                "list": place.list_url,
                "members": [
                    {"name": m.name, "url": m.url, "atCity": m.placed_at_city}
                    for m in place.members
                ],
            }
            for place in data.places
        ],
        "lines": [
            {
                "a": line.a,
                "b": line.b,
                "count": line.count,
                "label": f"{line.a_city or '?'} – {line.b_city or '?'}",
                "agreements": line.agreements,
            }
            for line in data.lines
        ],
    }
