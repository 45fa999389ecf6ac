from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organizations.models import Organization

SUGGESTIONS = 5


class OrganizationLookupField(forms.CharField):
    """A text box that accepts an organization's identifier, name or acronym.

    Organizations number in the hundreds of thousands, so no page lists them all
    in a <select>. The visitor types; an identifier (slug) or a single match is
    accepted, and several matches are named back so the visitor can be precise.
    """

    default_error_messages = {
        "none": _("No organization matches “%(value)s”."),
        "several": _("Several organizations match “%(value)s”: %(names)s. Type the full name."),
    }

    def __init__(self, *, queryset=None, **kwargs):
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"placeholder": _("Name or acronym"), "autocomplete": "off"}),
        )
        super().__init__(**kwargs)
        self.queryset = queryset if queryset is not None else Organization.objects.all()

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        candidates = self.queryset.only("id", "slug", "name", "name_en", "name_fr")
        by_slug = candidates.filter(slug=value).first()
        if by_slug:
            return by_slug
        exact = list(
            candidates.filter(
                Q(name_en__iexact=value)
                | Q(name_fr__iexact=value)
                | Q(acronym_en__iexact=value)
                | Q(acronym_fr__iexact=value)
            )[: SUGGESTIONS + 1]
        )
        if len(exact) == 1:
            return exact[0]
        matches = exact or list(
            candidates.filter(Q(name_en__icontains=value) | Q(name_fr__icontains=value))[
                : SUGGESTIONS + 1
            ]
        )
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise forms.ValidationError(
                self.error_messages["none"], code="none", params={"value": value}
            )
        names = ", ".join(o.name for o in matches[:SUGGESTIONS])
        if len(matches) > SUGGESTIONS:
            names += ", …"
        raise forms.ValidationError(
            self.error_messages["several"],
            code="several",
            params={"value": value, "names": names},
        )

    def prepare_value(self, value):
        if isinstance(value, Organization):
            return value.slug
        return value
