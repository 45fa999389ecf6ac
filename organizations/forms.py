from django import forms
from django.db.models import CharField, Q, SlugField
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

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"placeholder": _("Name or acronym"), "autocomplete": "off"}),
        )
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        # Most boxes hold an identifier (the pages' links do). Both reads are compiled
        # once; each has its index: the slug's, and UPPER() of each name and acronym.
        rows = ORGANIZATION_BY_SLUG.rows(slug=value)
        if rows:
            return loaded(Organization, rows[0])
        exact = [loaded(Organization, row) for row in ORGANIZATIONS_NAMED.rows(name=value)]
        if len(exact) == 1:
            return exact[0]
        if not exact and len(value) < MIN_PART_LENGTH:
            raise forms.ValidationError(
                self.error_messages["short"],
                code="short",
                params={"value": value, "min_length": MIN_PART_LENGTH},
            )
        # On PostgreSQL trigrams of UPPER(name) serve icontains (organizations.models, 0005).
        containing = Q(name_en__icontains=value) | Q(name_fr__icontains=value)
        matches = exact or list(
            Organization.objects.only(*LOOKED_UP).filter(containing)[: SUGGESTIONS + 1]
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
