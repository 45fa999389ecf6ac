import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from organizations.models import Organization, OrganizationKind, Sector
from portal.filters import OrganizationLookupFilter


class OrganizationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name or acronym"), method="filter_text", max_length=200)
    country = django_filters.ChoiceFilter(
        label=_("Country"), choices=countries, empty_label=_("Any country")
    )
    region = django_filters.CharFilter(
        label=_("Province, state or region"), lookup_expr="iexact", max_length=100
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

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name_en__icontains=value)
            | Q(name_fr__icontains=value)
            | Q(acronym_en__icontains=value)
            | Q(acronym_fr__icontains=value)
        )

    def filter_partner(self, queryset, name, partner):
        return queryset.partners_of(partner)
