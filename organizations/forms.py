from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organizations.models import Organization
from portal.query_text import normalize

SUGGESTIONS = 5
# A part of a name is matched through trigrams (migration 0005): a shorter text has
# none, and would read every name.
MIN_PART_LENGTH = 3


class OrganizationLookupField(forms.CharField):
    """A text box that accepts an organization's identifier, name or acronym.

    Organizations number in the hundreds of thousands, so no page lists them all
    in a <select>. The visitor types; an identifier (slug) or a single match is
    accepted, and several matches are named back so the visitor can be precise.
    """

    default_error_messages = {
        "none": _("No organization matches “%(value)s”."),
        "several": _("Several organizations match “%(value)s”: %(names)s. Type the full name."),
        "short": _(
            "No organization is called “%(value)s”. Type the whole acronym, or at least "
            "%(min_length)d characters of the name."
        ),
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
        # Each lookup has its index: UPPER(name) and UPPER(acronym) for iexact, and on
        # PostgreSQL trigrams of UPPER(name) for icontains (organizations.models, 0005).
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
        if not exact and len(value) < MIN_PART_LENGTH:
            raise forms.ValidationError(
                self.error_messages["short"],
                code="short",
                params={"value": value, "min_length": MIN_PART_LENGTH},
            )
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
        # In alphabetical order here: the lookups above read their indexes unordered,
        # to stop at the first few rows.
        names = ", ".join(sorted((o.name for o in matches[:SUGGESTIONS]), key=normalize))
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
