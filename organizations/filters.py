import django_filters
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from organizations.forms import OrganizationLookupField
from organizations.gazetteer import METRO_RADIUS_KM
from organizations.models import Organization, OrganizationKind, Sector
from portal.filters import (
    CountedChoices,
    CountryFilter,
    SearchFilter,
    SharedFormFilterSet,
    SortFilter,
    country_options,
    counts_by,
    listed,
    records_listed,
)
from portal.localized import localized
from portal.publishing import not_a_draft


@extend_schema_field(OpenApiTypes.STR)
class OrganizationLookupFilter(django_filters.Filter):
    """Filter by one organization typed as a name, acronym or identifier."""

    field_class = OrganizationLookupField


class OrganizationFilter(CountedChoices, SharedFormFilterSet):
    q = SearchFilter()
    country = CountryFilter(label=_("Country"), empty_label=_("Any country"))
    region = django_filters.CharFilter(
        label=_("Province, state or region"), lookup_expr="iexact", max_length=100
    )
    city = django_filters.CharFilter(
        label=_("City or metro area"),
        method="filter_city",
        max_length=100,
        help_text=format_lazy(
            _("Also finds the organizations within {km} km of the city."), km=METRO_RADIUS_KM
        ),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=OrganizationKind.choices, empty_label=_("Any kind")
    )
    sector = django_filters.ModelChoiceFilter(
        label=_("Sector"),
        field_name="sectors",
        to_field_name="slug",
        queryset=Sector.objects.all(),
        empty_label=_("Any sector"),
    )
    partner = OrganizationLookupFilter(label=_("Has an agreement with"), method="filter_partner")

    class Meta:
        model = Organization
        fields = []

    counted_choices = ("country", "kind", "sector")

    @classmethod
    def count_choices(cls, scope):
        organizations = Organization.objects.all()
        in_sector = counts_by(
            Organization.sectors.through.objects.filter(
                not_a_draft(Organization, "organization_id")
            ),
            "sector_id",
        )
        sectors = Sector.objects.only("id", "slug", "name_en", "name_fr").order_by(
            localized("name")
        )
        return {
            "country": country_options(counts_by(organizations, "country")),
            "kind": listed(OrganizationKind.choices, counts_by(organizations, "kind")),
            "sector": records_listed(sectors, in_sector),
        }

    def filter_city(self, queryset, name, value):
        # The country chosen too, if any, says which of the cities of that name.
        return queryset.in_city(value, self.form.cleaned_data.get("country") or "")

    def filter_partner(self, queryset, name, partner):
        return queryset.partners_of(partner)


class OrganizationListFilter(OrganizationFilter):
    """The directory page's filters (and its CSV file's), with its order. The API keeps
    its own order, by identifier, which its pages of results follow."""

    sort = SortFilter(
        {
            "name": (_("Name (A–Z)"), None),
            "recent": (
                _("Most recently added"),
                lambda organizations: organizations.newest_first(),
            ),
            "agreements": (
                _("Most agreements"),
                lambda organizations: organizations.most_agreements_first(),
            ),
        }
    )
