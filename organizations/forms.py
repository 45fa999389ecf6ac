from django import forms
from django.db.models import CharField, Q, SlugField, Value
from django.db.models.functions import Upper
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _

from organizations.models import Organization
from portal.compiled_reads import CompiledRead, Parameter, loaded, plain
from portal.query_text import normalize

SUGGESTIONS = 5
# A part of a name is matched through trigrams (migration 0005): a shorter text has
# none, and would read every name.
MIN_PART_LENGTH = 3


# What a lookup reads of the organization it finds.
LOOKED_UP = ("id", "slug", "name", "name_en", "name_fr")

ORGANIZATION_BY_SLUG = CompiledRead(
    lambda: (
        plain(Organization)
        .filter(slug=Parameter("slug", SlugField()))
        .order_by()
        .values(*LOOKED_UP)
    )
)


def exactly_named(value):
    """The name or the acronym, in either language, is ``value`` (an expression), case
    aside: each has its UPPER() index (organizations.models)."""
    upper = Upper(value)
    names = ("name_en", "name_fr", "acronym_en", "acronym_fr")
    return Q(*(Exact(Upper(name), upper) for name in names), _connector=Q.OR)


ORGANIZATIONS_NAMED = CompiledRead(
    lambda: (
        plain(Organization)
        .filter(exactly_named(Parameter("name", CharField())))
        .order_by()
        .values(*LOOKED_UP)[: SUGGESTIONS + 1]
    )
)


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
        self.restricted = queryset is not None

    def by_slug(self, value):
        """The organization whose identifier is ``value``, or None."""
        if self.restricted:
            return self.queryset.only(*LOOKED_UP).filter(slug=value).first()
        # Most boxes hold an identifier (the links of the pages do): that read is
        # compiled once.
        rows = ORGANIZATION_BY_SLUG.rows(slug=value)
        return loaded(Organization, rows[0]) if rows else None

    def exactly_named(self, value):
        """The first few organizations whose name or acronym is ``value``, case aside."""
        if self.restricted:
            named = self.queryset.only(*LOOKED_UP).filter(exactly_named(Value(value)))
            return list(named[: SUGGESTIONS + 1])
        return [loaded(Organization, row) for row in ORGANIZATIONS_NAMED.rows(name=value)]

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        by_slug = self.by_slug(value)
        if by_slug:
            return by_slug
        candidates = self.queryset.only(*LOOKED_UP)
        exact = self.exactly_named(value)
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
