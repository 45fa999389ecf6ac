import math

from django.db import models
from django.db.models import Count, F, Prefetch, Q, Value
from django.db.models.lookups import GreaterThanOrEqual

from organizations.choices import Visibility
from organizations.gazetteer import KM_PER_DEGREE, METRO_RADIUS_KM, gazetteer, place_key
from portal.localized import localized, localized_value
from portal.publishing import published_through
from portal.rows import RowReader
from portal.scoping import ManagedThroughParentQuerySet

# What a directory card shows (``card_rows()``; translated fields by their name).
CARD_FIELDS = ("slug", "name", "acronym", "kind", "city", "region", "country")


# A typed city name may be that of several cities ("London"): the metro areas of the
# most populous few are searched.
CITY_PLACES = 5


def city_condition(city: str, country: str = "", prefix: str = "") -> Q | None:
    """Organizations (``prefix`` leads from another model to them) in the city ``city``
    or its metro area: those whose city has that name, whatever its accents, case or
    hyphens (``city_key``), and those placed within ``METRO_RADIUS_KM`` of a city of
    that name in the gazetteer (of ``country`` if given). None when nothing was typed.

    Each place is a range of latitudes and of longitudes, read through the index on
    both (``org_place_idx``), then a distance on a flat map around it: at a few tens
    of kilometres it is within a few metres of the great-circle one.
    """
    key = place_key(city)[:100]
    if not key:
        return None
    condition = Q(**{f"{prefix}city_key": key})
    latitude, longitude = F(f"{prefix}place_latitude"), F(f"{prefix}place_longitude")
    for place in gazetteer().places_named(city, country, limit=CITY_PLACES):
        dlat = METRO_RADIUS_KM / KM_PER_DEGREE
        scale = max(math.cos(math.radians(place.latitude)), 0.01)
        dlon = min(dlat / scale, 180)
        north_south = (latitude - place.latitude) * (latitude - place.latitude)
        east_west = (longitude - place.longitude) * (longitude - place.longitude) * scale**2
        condition |= Q(
            Q(**{f"{prefix}place_latitude__range": (place.latitude - dlat, place.latitude + dlat)}),
            Q(
                **{
                    f"{prefix}place_longitude__range": (
                        place.longitude - dlon,
                        place.longitude + dlon,
                    )
                }
            ),
            GreaterThanOrEqual(Value(dlat * dlat), north_south + east_west),
        )
    return condition


class OrganizationQuerySet(models.QuerySet):
    def in_city(self, city: str, country: str = ""):
        """``city_condition()``: the organizations of a city and its metro area."""
        condition = city_condition(city, country)
        return self if condition is None else self.filter(condition)

    def partners_of(self, organization):
        """Organizations that are a party to an agreement with ``organization``."""
        agreements = organization.parties.filter(published_through("agreement")).values(
            "agreement_id"
        )
        partners = self.model.objects.filter(parties__agreement_id__in=agreements).values("pk")
        return self.filter(pk__in=partners).exclude(pk=organization.pk)

    def for_list(self):
        """The directory page, in the order of the names in the visitor's language; its
        page of cards is read by ``card_rows()``."""
        return self.order_by(localized("name"), "id")

    def most_agreements_first(self):
        """The directory by the number of published agreements each organization is a
        party to (``agreement_count``), most first, then by name.

        One grouped join of the parties to their agreements, sorted for the page the
        paginator slices: no count is read for each organization.
        """
        agreements = Count("parties", filter=published_through("parties__agreement"))
        # The name with its type: a grouped query groups by what it sorts on too.
        return self.annotate(agreement_count=agreements).order_by(
            "-agreement_count", localized_value("name"), "id"
        )

    def newest_first(self):
        """The organizations most recently added to the directory first."""
        return self.order_by("-created_at", "-id")

    def card_rows(self):
        """These organizations (a page of the directory) as its cards read them: rows of
        values (``portal.rows``), not instances, each with ``sector_names`` in the order
        of the names, in two queries."""
        # Sorted by their agreements, each card says how many.
        counted = ["agreement_count"] if "agreement_count" in self.query.annotations else []
        reader = RowReader(self.model, CARD_FIELDS, annotations=counted)
        rows = reader.rows(reader.values(self))
        through = self.model.sectors.through.objects
        sectors = through.filter(organization_id__in=[row.pk for row in rows]).values_list(
            "organization_id", localized_value("sector__name")
        )
        names = {}
        for organization_id, name in sectors.order_by(localized("sector__name"), "sector_id"):
            names.setdefault(organization_id, []).append(name)
        for row in rows:
            row.sector_names = names.get(row.pk, [])
        return rows

    def for_detail(self, viewer):
        """A whole record, for the API: its sectors and the contacts ``viewer`` may see
        (``visible_contacts``), the same as its page reads (``organizations.detail``)."""
        contacts = self.model.contacts.rel.related_model.objects.visible_to(viewer)
        return self.prefetch_related(
            "sectors",
            Prefetch("contacts", queryset=contacts.order_by("name"), to_attr="visible_contacts"),
        )

    def managed_by(self, associations):
        """An association's own record and the records it manages."""
        return self.filter(Q(pk__in=associations) | Q(owner_id__in=associations))

    def for_export(self):
        """The directory's CSV file: whole records in the directory's order, their sectors
        in one more query."""
        sectors = self.model.sectors.field.related_model.objects.order_by(localized("name"))
        return self.prefetch_related(Prefetch("sectors", queryset=sectors)).order_by(
            localized("name"), "id"
        )


class ContactQuerySet(ManagedThroughParentQuerySet):
    """Contacts are personal information: every output starts from ``visible_to``."""

    def visible_to(self, viewer):
        """The contacts ``viewer`` (an ``accounts.access.Viewer``) may see.

        Public ones for everyone; members-only ones for members of any association
        (and staff); staff-only ones for the staff of the association that manages
        the contact's organization, and for administrators.
        """
        if viewer.is_admin:
            return self.all()
        condition = Q(visibility=Visibility.PUBLIC)
        if viewer.is_member:
            condition |= Q(visibility=Visibility.MEMBERS)
        if viewer.staff_of:
            condition |= Q(visibility=Visibility.STAFF) & (
                Q(organization_id__in=viewer.staff_of)
                | Q(organization__owner_id__in=viewer.staff_of)
            )
        return self.filter(condition)
