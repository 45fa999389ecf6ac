import django_filters
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters.widgets import BooleanWidget

from agreements.lifecycle import state_condition
from agreements.models import (
    Agreement,
    AgreementKind,
    AgreementState,
    Benefit,
    BenefitCategory,
    Party,
)
from organizations.filters import OrganizationLookupFilter
from organizations.models import Organization, Sector
from portal.filters import (
    CountedChoices,
    CountryFilter,
    SearchFilter,
    SharedFormFilterSet,
    SortFilter,
    YearFilter,
    country_options,
    counts_by,
    counts_by_filter,
    listed,
    records_listed,
)
from portal.localized import localized
from portal.publishing import not_a_draft, published_through

QUEBEC = ("Québec", "Quebec")

# The corridors Passerelle was made for: a party on each side.
CORRIDORS = {
    "quebec-ontario": (
        _("Québec – Ontario"),
        {"organization_region__in": QUEBEC},
        {"organization_region": "Ontario"},
    ),
    "quebec-massachusetts": (
        _("Québec – Massachusetts"),
        {"organization_region__in": QUEBEC},
        {"organization_region": "Massachusetts"},
    ),
    "quebec-auvergne-rhone-alpes": (
        _("Québec – Auvergne-Rhône-Alpes"),
        {"organization_region__in": QUEBEC},
        {"organization_region": "Auvergne-Rhône-Alpes"},
    ),
}


def with_party_where(queryset, **party_lookups):
    """Agreements with at least one published party that matches the lookups.

    Where a party's organization is lies on the party itself (``organization_region``,
    ``organization_country``, indexed with the agreement), so no lookup joins the
    organizations; a draft party's place tells nothing (``portal.publishing``).
    """
    parties = Party.objects.filter(
        not_a_draft(Organization, "organization_id"), agreement=OuterRef("pk"), **party_lookups
    )
    return queryset.filter(Exists(parties))


# The values of ``?status=`` that links made before the state followed the dates can
# hold: "expired" was typed by hand (migration 0009) and meant what "ended" says now,
# so an old link lists the ended agreements rather than an error. ("in_force" is a
# state still; "signed" now reads "signed, not yet in effect".)
FORMER_STATES = {"expired": AgreementState.ENDED}


class StateField(django_filters.fields.ChoiceField):
    """A state chosen by its value, a former one read as the state it became."""

    def to_python(self, value):
        value = super().to_python(value)
        return FORMER_STATES.get(value, value)

    def bound_data(self, data, initial):
        # The box shows the state the old link was read as.
        return FORMER_STATES.get(data, data)


class StateFilter(django_filters.ChoiceFilter):
    """Agreements by where they stand today (``agreements.lifecycle``), not by their
    stored status: the pages, the export and the API list the same ones."""

    field_class = StateField

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        return qs.filter(state_condition(qs.model, value, timezone.localdate()))


class AgreementFilter(CountedChoices, SharedFormFilterSet):
    q = SearchFilter()
    party = OrganizationLookupFilter(label=_("Party"), method="filter_party")
    corridor = django_filters.ChoiceFilter(
        label=_("Corridor"),
        choices=[(key, label) for key, (label, _a, _b) in CORRIDORS.items()],
        method="filter_corridor",
        empty_label=_("Any corridor"),
    )
    country = CountryFilter(
        label=_("A party in the country"),
        method="filter_country",
        empty_label=_("Any country"),
    )
    region = django_filters.CharFilter(
        label=_("A party in the province, state or region"),
        method="filter_region",
        max_length=100,
    )
    other_country = CountryFilter(
        label=_("And a party in the country"),
        method="filter_country",
        empty_label=_("Any country"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=AgreementKind.choices, empty_label=_("Any kind")
    )
    # Named "status" as it always was, so that links keep working; the state it filters
    # follows the dates.
    status = StateFilter(
        label=_("Status"), choices=AgreementState.choices, empty_label=_("Any status")
    )
    signed_from = YearFilter(
        label=_("Signed from (year)"), field_name="signed_on", lookup_expr="gte"
    )
    signed_to = YearFilter(
        label=_("Signed up to (year)"), field_name="signed_on", lookup_expr="lte"
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        field_name="themes",
        to_field_name="slug",
        queryset=Sector.objects.all(),
        empty_label=_("Any theme"),
    )
    has_benefits = django_filters.ChoiceFilter(
        label=_("Member benefits"),
        choices=[("true", _("Grants member benefits")), ("false", _("Grants no member benefit"))],
        method="filter_has_benefits",
        empty_label=_("With or without"),
    )

    class Meta:
        model = Agreement
        fields = []

    counted_choices = (
        "corridor",
        "country",
        "other_country",
        "kind",
        "status",
        "theme",
        "has_benefits",
    )

    @classmethod
    def count_choices(cls, scope):
        agreements = Agreement.objects.all()
        # Agreements with a party in each country, each agreement once per country.
        by_country = country_options(
            counts_by(
                Party.objects.filter(
                    published_through("agreement"), not_a_draft(Organization, "organization_id")
                ),
                "organization_country",
                Count("agreement", distinct=True),
            )
        )
        in_theme = counts_by(
            Agreement.themes.through.objects.filter(published_through("agreement")), "sector_id"
        )
        themes = Sector.objects.only("id", "slug", "name_en", "name_fr").order_by(localized("name"))
        filters = cls.base_filters
        return {
            "corridor": listed(
                filters["corridor"].extra["choices"],
                counts_by_filter(cls, "corridor", filters["corridor"].extra["choices"], agreements),
            ),
            "country": by_country,
            "other_country": by_country,
            "kind": listed(AgreementKind.choices, counts_by(agreements, "kind")),
            "status": listed(
                AgreementState.choices,
                counts_by(agreements.with_state(timezone.localdate()), "state"),
            ),
            "theme": records_listed(themes, in_theme),
            "has_benefits": listed(
                filters["has_benefits"].extra["choices"],
                counts_by_filter(
                    cls, "has_benefits", filters["has_benefits"].extra["choices"], agreements
                ),
            ),
        }

    def filter_party(self, queryset, name, organization):
        return with_party_where(queryset, organization=organization)

    def filter_corridor(self, queryset, name, value):
        _label, one_side, other_side = CORRIDORS[value]
        return with_party_where(with_party_where(queryset, **one_side), **other_side)

    def filter_country(self, queryset, name, value: str):
        return with_party_where(queryset, organization_country=value)

    def filter_region(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return with_party_where(queryset, organization_region__iexact=value)

    def filter_has_benefits(self, queryset, name, value):
        benefits = Exists(Benefit.objects.filter(agreement=OuterRef("pk")))
        return queryset.filter(benefits if value == "true" else ~benefits)


class AgreementListFilter(AgreementFilter):
    """The registry page's filters (and its CSV file's), with its order. The API keeps
    its own order, by identifier, which its pages of results follow."""

    sort = SortFilter(
        {
            "recent": (_("Most recently signed"), None),
            "name": (_("Title (A–Z)"), lambda agreements: agreements.order_by_title()),
        }
    )


class BenefitFilter(SharedFormFilterSet):
    """Benefits by the association whose members claim them, category and currency.

    The benefits page lists what an association's members can claim today: the
    same as ``?association=<it>&current=true`` here.
    """

    association = OrganizationLookupFilter(
        label=_("For the members of"), method="filter_association"
    )
    category = django_filters.ChoiceFilter(
        label=_("Category"), choices=BenefitCategory.choices, empty_label=_("Any category")
    )
    current = django_filters.BooleanFilter(
        label=_("In effect today"), method="filter_current", widget=BooleanWidget
    )

    class Meta:
        model = Benefit
        fields = []

    def filter_association(self, queryset, name, organization):
        return queryset.filter(granted_to=organization)

    def filter_current(self, queryset, name, value):
        today = timezone.localdate()
        current = queryset.current(today)
        return current if value else queryset.exclude(pk__in=current.values("pk"))
