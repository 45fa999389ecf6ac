import django_filters
from django import forms
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agreements.choices import AgreementStatus
from agreements.models import Party
from organizations.models import Organization, OrganizationKind
from portal.filters import (
    CountedChoices,
    CountryFilter,
    SharedFormFilterSet,
    country_options,
    counts_by,
    listed,
)
from portal.publishing import not_a_draft, published_through

# The earliest year the slider's form accepts: before it, no agreement is recorded.
EARLIEST_YEAR = 1900


class RangeInput(forms.NumberInput):
    """A slider: ``<input type="range">``. Its bounds are set by the page, from the data."""

    input_type = "range"


class YearFilter(django_filters.Filter):
    """A whole year; the page reads it (it picks the agreements), the parties are kept."""

    field_class = forms.IntegerField

    def filter(self, qs, value):
        return qs


class NetworkForm(forms.Form):
    def clean_year(self):
        year = self.cleaned_data.get("year")
        this_year = timezone.localdate().year
        if year is not None and year > this_year:
            raise forms.ValidationError(
                _("The network can be shown up to this year, %(year)s."),
                code="future_year",
                params={"year": this_year},
            )
        return year


class NetworkFilter(CountedChoices, SharedFormFilterSet):
    """The network's parties (``partners.network.network_parties``) narrowed to the
    organizations of a kind or a country; the year is read by the page, which picks
    the agreements that stood then."""

    year = YearFilter(
        label=_("Year"),
        min_value=EARLIEST_YEAR,
        widget=RangeInput(attrs={"step": 1}),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind of organization"),
        field_name="organization__kind",
        choices=OrganizationKind.choices,
        empty_label=_("Any kind"),
    )
    country = CountryFilter(
        label=_("Country"), field_name="organization_country", empty_label=_("Any country")
    )

    class Meta:
        model = Party
        fields = []
        form = NetworkForm

    counted_choices = ("kind", "country")

    @classmethod
    def count_choices(cls, scope):
        """How many published organizations of each kind and country have been a party to
        a published, signed agreement (in any year)."""
        parties = Party.objects.filter(
            not_a_draft(Organization, "organization_id"),
            published_through("agreement"),
            agreement__status=AgreementStatus.SIGNED,
        )
        organizations = Count("organization_id", distinct=True)
        return {
            "kind": listed(
                OrganizationKind.choices, counts_by(parties, "organization__kind", organizations)
            ),
            "country": country_options(counts_by(parties, "organization_country", organizations)),
        }
