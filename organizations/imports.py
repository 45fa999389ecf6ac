"""Organizations and memberships imported from a spreadsheet (CSV or Excel) in the
admin, through django-import-export.

A row updates the record it names instead of creating a twin: an organization is
found by its slug, else its website (compared without scheme, ``www.``, trailing
slash or case), else its exact name in either language (compared without case or
accents); a membership by its member, its association and its start. A row that
could name two records is refused.

Every row goes through the model's validation (``full_clean``, constraints
included); the admin (``portal.admin_base.imports``) writes nothing unless every
row passes. Association staff update only what their associations manage
(``portal.scoping``), and the organizations they add are managed by their
association, as in the admin's forms. Each record saved keeps its history, with
the importing user as its author and the file's name as the reason.

A cell left empty leaves the recorded value as it is: a sheet with some columns
filled in for some rows changes only those.
"""

import datetime
import re
import unicodedata
from collections import defaultdict

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from import_export import fields, resources, widgets

from organizations.choices import OrganizationKind
from organizations.models import Membership, Organization, Sector
from portal import scoping
from portal.dates import DatePrecision, NotOnTheCalendar, PartialDate, parse_partial_date
from portal.publishing import offerable
from portal.versioning import RecordChanged

# Several values in one cell (an organization's sectors).
LIST_SEPARATORS = re.compile(r"[;|]")


def name_key(text) -> str:
    """A name as "exact name" matching reads it: no case, no accents, single spaces;
    punctuation kept ("Université de Montréal" = "UNIVERSITE DE MONTREAL")."""
    decomposed = unicodedata.normalize("NFKD", str(text or ""))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(plain.split())


def website_key(url) -> str:
    """A website as matching reads it: no scheme, no ``www.``, no trailing slash, no case."""
    text = str(url or "").strip().casefold()
    text = re.sub(r"^[a-z][a-z0-9+.-]*://", "", text)
    text = text.removeprefix("www.")
    return text.rstrip("/")


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def plain_label(text) -> str:
    return name_key(text).replace("_", " ")


class OrganizationIndex:
    """The slug, names and website of every organization ``organizations`` holds, read
    once per import, and kept up to date with the rows the import adds."""

    def __init__(self, organizations):
        self.by_slug = {}
        self.by_name = defaultdict(set)
        self.by_website = defaultdict(set)
        rows = organizations.values_list("pk", "slug", "name_en", "name_fr", "website")
        for pk, slug, name_en, name_fr, website in rows:
            self.add(pk, slug, (name_en, name_fr), website)

    def add(self, pk, slug, names, website):
        self.by_slug[slug] = pk
        for name in names:
            if not is_blank(name):
                self.by_name[name_key(name)].add(pk)
        if not is_blank(website):
            self.by_website[website_key(website)].add(pk)

    def named(self, text):
        """The organizations ``text`` names: by slug, else by exact name."""
        text = str(text).strip()
        if text in self.by_slug:
            return {self.by_slug[text]}
        return set(self.by_name.get(name_key(text), ()))


def refuse_ambiguous(pks, field, what):
    names = ", ".join(
        str(o) for o in Organization.all_objects.filter(pk__in=sorted(pks)).order_by("name")
    )
    raise ValidationError(
        {
            field: _("%(what)s matches several organizations: %(names)s. Give the slug.")
            % {"what": what, "names": names}
        },
        code="ambiguous",
    )


# Columns ---------------------------------------------------------------------------


class KindWidget(widgets.Widget):
    """The kind of organization as its code (``university``) or its label in English
    or French ("research centre", "centre de recherche")."""

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        typed = plain_label(value)
        for code, label in OrganizationKind.choices:
            names = {plain_label(code)}
            for language in ("en", "fr"):
                with translation.override(language):
                    names.add(plain_label(label))
            if typed in names:
                return code
        raise ValueError(
            gettext("“%(value)s” is not a kind of organization. Use one of: %(kinds)s.")
            % {"value": value, "kinds": ", ".join(OrganizationKind.values)}
        )


class CountryWidget(widgets.Widget):
    """A country as its two-letter code (CA) or its name in English or French."""

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        text = str(value).strip()
        if len(text) == 2 and countries.alpha2(text.upper()):
            return text.upper()
        for language in ("en", "fr"):
            code = countries.by_name(text, language=language)
            if code:
                return code
        raise ValueError(
            gettext("“%(value)s” is not a country: give its name or its two-letter code (CA).")
            % {"value": value}
        )

    def render(self, value, obj=None, **kwargs):
        return str(getattr(value, "code", value) or "")


class SectorsWidget(widgets.ManyToManyWidget):
    """Sectors by slug or name (either language), separated by semicolons."""

    def __init__(self):
        super().__init__(Sector, separator=";", field="slug")

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return Sector.objects.none()
        wanted = [part.strip() for part in LIST_SEPARATORS.split(str(value)) if part.strip()]
        known = {}
        for pk, slug, name_en, name_fr in Sector.objects.values_list(
            "pk", "slug", "name_en", "name_fr"
        ):
            for key in (slug, name_key(name_en), name_key(name_fr)):
                if key:
                    known.setdefault(key, pk)
        pks, unknown = [], []
        for part in wanted:
            pk = known.get(part) or known.get(name_key(part))
            if pk is None:
                unknown.append(part)
            else:
                pks.append(pk)
        if unknown:
            raise ValueError(
                gettext("No such sector: %(sectors)s.") % {"sectors": ", ".join(unknown)}
            )
        return Sector.objects.filter(pk__in=pks)

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return "; ".join(sector.slug for sector in value.all())


class OrganizationWidget(widgets.Widget):
    """An organization by its slug or its exact name (either language)."""

    def __init__(self, resource):
        super().__init__()
        self.resource = resource

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        found = self.resource.index.named(value)
        if not found:
            raise ValueError(gettext("No organization is named “%(value)s”.") % {"value": value})
        if len(found) > 1:
            raise ValueError(
                gettext("“%(value)s” names several organizations: give the slug.")
                % {"value": value}
            )
        return Organization.all_objects.get(pk=next(iter(found)))

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value.slug


class PartialDateColumn(fields.Field):
    """A date typed as people write it ("2025", "March 2025", "21 juin 2017"), stored
    with its precision (``portal.dates``)."""

    def __init__(self, name, **kwargs):
        super().__init__(attribute=name, column_name=name, widget=widgets.Widget(), **kwargs)
        self.precision = f"{name}_precision"

    def get_value(self, instance):
        value = getattr(instance, self.attribute)
        return None if value is None else PartialDate(value, getattr(instance, self.precision))

    def export(self, instance, **kwargs):
        value = self.get_value(instance)
        return "" if value is None else value.iso()

    def save(self, instance, row, is_m2m=False, **kwargs):
        typed = row[self.column_name]
        if is_blank(typed):
            setattr(instance, self.attribute, None)
            return
        if isinstance(typed, (int, float)) and float(typed).is_integer():
            # Excel gives a year typed alone as a number.
            typed = str(int(typed))
        if isinstance(typed, datetime.date):
            # Excel gives a date typed as a day as a datetime.
            day = typed.date() if isinstance(typed, datetime.datetime) else typed
            date = PartialDate(day, DatePrecision.DAY)
        else:
            try:
                date = parse_partial_date(str(typed).strip())
            except NotOnTheCalendar:
                raise ValueError(
                    gettext("“%(value)s” is not on the calendar.") % {"value": typed}
                ) from None
            except ValueError:
                raise ValueError(
                    gettext(
                        "“%(value)s” is not a date. Enter a year (2025), a month (2025-03, "
                        "March 2025, mars 2025) or a day (2017-06-21, 21 June 2017)."
                    )
                    % {"value": typed}
                ) from None
        setattr(instance, self.attribute, date.value)
        setattr(instance, self.precision, date.precision)


# Resources -------------------------------------------------------------------------


class ValuesDiff(resources.Diff):
    """Each column of the file with its value before and after the row, as text: the
    preview shows them (the library's coloured HTML carries inline styles, which the
    site's policy refuses)."""

    def __init__(self, resource, instance, new):
        self.left = [f.export(instance) for f in resource.diff_fields()]
        self.right = []
        self.new = new

    def compare_with(self, resource, instance):
        self.right = [f.export(instance) for f in resource.diff_fields()]

    def as_html(self):
        return [
            ("" if self.new else str(old or ""), str(new or ""))
            for old, new in zip(self.left, self.right, strict=False)
        ]


class PortalResource(resources.ModelResource):
    """What both imports share: the importing user's scope, empty cells that change
    nothing, history with the author, and one row per record."""

    # The columns a file must have: one of each group.
    required_columns: tuple[tuple[str, ...], ...] = ()

    def __init__(self, viewer=None, **kwargs):
        super().__init__(**kwargs)
        self.viewer = viewer
        self.touched = {}  # record's pk → the line that wrote it
        self.file_columns = set()
        self._index = None

    @property
    def index(self):
        if self._index is None:
            # Rows match the organizations the importing user may see: another
            # association's draft is not theirs to find (portal.publishing).
            organizations = Organization.all_objects.all()
            if self.viewer is not None:
                organizations = offerable(organizations, self.viewer)
            self._index = OrganizationIndex(organizations)
        return self._index

    # What each column holds, and how a row finds the record it updates (the import page).
    column_descriptions: dict = {}
    matching_help = ""

    @classmethod
    def column_help(cls):
        return [(name, cls.column_descriptions.get(name, "")) for name in cls.column_names()]

    @classmethod
    def column_names(cls):
        return [field.column_name for field in cls().get_import_fields()]

    def get_diff_class(self):
        return ValuesDiff

    def diff_fields(self):
        """The columns the file has, in the resource's order."""
        return [f for f in self.get_import_fields() if f.column_name in self.file_columns]

    def get_diff_headers(self):
        return [f.column_name for f in self.diff_fields()]

    def import_data(self, dataset, **kwargs):
        dataset.headers = [str(h or "").strip() for h in dataset.headers or []]
        self.file_columns = set(dataset.headers)
        try:
            self.check_columns(dataset.headers)
        except ImportRefused as refused:
            result = self.get_result_class()()
            result.diff_headers = self.get_diff_headers()
            result.append_base_error(self.get_error_result_class()(refused))
            return result
        return super().import_data(dataset, **kwargs)

    def after_import_row(self, row, row_result, **kwargs):
        # The file's line: its first line names the columns.
        row_result.line = kwargs.get("row_number", 0) + 1

    def check_columns(self, headers):
        """Refuse a file whose first line lacks a required column or names an unknown one."""
        headers = [str(h or "").strip() for h in headers or []]
        known = self.column_names()
        unknown = [name for name in headers if name and name not in known]
        for group in self.required_columns:
            if not set(group) & set(headers):
                raise ImportRefused(
                    ngettext(
                        "The file has no column %(columns)s. Its first line names the columns.",
                        "The file has none of the columns %(columns)s. Its first line names "
                        "the columns.",
                        len(group),
                    )
                    % {"columns": ", ".join(f"“{name}”" for name in group)}
                )
        if unknown:
            raise ImportRefused(
                gettext("Unknown column %(columns)s. The columns are: %(known)s.")
                % {
                    "columns": ", ".join(f"“{name}”" for name in unknown),
                    "known": ", ".join(known),
                }
            )

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        # Many-to-many columns are written after the record is saved: their values are
        # checked now, with the rest of the row.
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row:
                try:
                    field.clean(row)
                except ValueError as error:
                    errors[field.attribute] = ValidationError(str(error), code="invalid")
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if instance.pk is not None:
            # An empty many-to-many cell changes nothing either.
            row = {key: value for key, value in row.items() if not is_blank(value)}
        return super().skip_row(instance, original, row, import_validation_errors)

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if instance.pk is not None and is_blank(row.get(field.column_name)):
            return  # an empty cell leaves the recorded value as it is
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def after_init_instance(self, instance, new, row, **kwargs):
        if not new:
            earlier = self.touched.get(instance.pk)
            if earlier is not None:
                raise ValidationError(
                    _("This row names the same record as line %(line)s.") % {"line": earlier},
                    code="twice",
                )
            if not self.manages(instance):
                raise ValidationError(
                    _("“%(record)s” is managed by another association: you cannot change it.")
                    % {"record": instance},
                    code="scope",
                )

    def manages(self, instance):
        queryset = type(instance)._default_manager.filter(pk=instance.pk)
        return scoping.managed(queryset, self.viewer).exists()

    def before_save_instance(self, instance, row, **kwargs):
        instance._history_user = kwargs.get("user")
        file_name = kwargs.get("file_name") or ""
        # The history keeps a reason of at most 100 characters.
        reason = gettext("Imported from %(file)s") % {"file": file_name}
        instance._change_reason = reason[:100]

    def do_instance_save(self, instance, is_create):
        try:
            super().do_instance_save(instance, is_create)
        except RecordChanged:
            raise ValidationError(
                _("Someone else saved this record at the same moment: upload the file again."),
                code="stale",
            ) from None

    def after_save_instance(self, instance, row, **kwargs):
        self.touched[instance.pk] = kwargs.get("row_number", 0) + 1


class ImportRefused(Exception):
    """The file as a whole cannot be imported; the message says why, for staff."""


class OrganizationResource(PortalResource):
    slug = fields.Field(attribute="slug", column_name="slug", widget=widgets.CharWidget())
    kind = fields.Field(attribute="kind", column_name="kind", widget=KindWidget())
    country = fields.Field(attribute="country", column_name="country", widget=CountryWidget())
    sectors = fields.Field(attribute="sectors", column_name="sectors", widget=SectorsWidget())

    # A column that names the organization.
    required_columns = (("slug", "website", "name_en", "name_fr"),)
    matching_help = _(
        "A row updates the organization with its slug, else with its website (without "
        "http://, www. or a final slash), else with its exact name in English or French "
        "(case and accents aside). Other rows add an organization."
    )
    column_descriptions = {
        "slug": _("The organization's address on the site; made from the name if empty."),
        "name_en": _("Name in English (required for a new organization)."),
        "name_fr": _("Name in French."),
        "acronym_en": _("Acronym in English."),
        "acronym_fr": _("Acronym in French."),
        "kind": _("Kind: its code or its name in English or French (university, université)."),
        "website": _("Website address."),
        "city": _("City."),
        "region": _("Province, state or region."),
        "country": _("Country: its name in English or French, or its code (CA)."),
        "description_en": _("Description in English."),
        "description_fr": _("Description in French."),
        "sectors": _("Sectors by slug or name, separated by semicolons."),
        "founded_year": _("Year founded (four digits)."),
    }

    class Meta:
        model = Organization
        name = _("Organizations")
        fields = (
            "slug",
            "name_en",
            "name_fr",
            "acronym_en",
            "acronym_fr",
            "kind",
            "website",
            "city",
            "region",
            "country",
            "description_en",
            "description_fr",
            "sectors",
            "founded_year",
        )
        import_id_fields = ()
        skip_unchanged = True
        report_skipped = True
        use_transactions = True
        clean_model_instances = True

    def get_instance(self, instance_loader, row):
        """The organization the row names: by slug, else website, else exact name."""
        index = self.index
        slug = str(row.get("slug") or "").strip()
        if slug and slug in index.by_slug:
            return Organization.all_objects.get(pk=index.by_slug[slug])
        found, by = set(), None
        website = row.get("website")
        if not is_blank(website):
            found = index.by_website.get(website_key(website), set())
            by = "website"
        if not found:
            by = None
            for column in ("name_en", "name_fr"):
                if not is_blank(row.get(column)):
                    found = found | index.by_name.get(name_key(row[column]), set())
                    by = by or column
        if not found:
            return None
        if len(found) > 1:
            refuse_ambiguous(found, by, row[by])
        instance = Organization.all_objects.get(pk=next(iter(found)))
        if slug:
            raise ValidationError(
                {
                    "slug": _(
                        "No organization has the slug “%(slug)s”, but this row's %(column)s "
                        "matches “%(record)s” (slug “%(its_slug)s”)."
                    )
                    % {"slug": slug, "column": by, "record": instance, "its_slug": instance.slug}
                },
                code="slug",
            )
        return instance

    def import_instance(self, instance, row, **kwargs):
        try:
            super().import_instance(instance, row, **kwargs)
        finally:
            self.fill_new(instance)

    def fill_new(self, instance):
        """What a new organization gets that its row may not give: a slug, an owner;
        published (the file was previewed), its name given once read the same in both
        languages (portal.publishing), as a proper name is."""
        if instance.pk is None:
            if not instance.slug:
                instance.slug = self.unique_slug(instance.name_en or instance.name_fr)
            instance.same_in_both_languages = is_blank(instance.name_fr)
            if not self.viewer.is_admin:
                # As the admin's form does: the author's association manages it.
                instance.owner_id = min(self.viewer.staff_of)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if instance.pk is None and is_blank(instance.name_en):
            errors["name_en"] = ValidationError(
                _("A new organization needs its English name."), code="required"
            )
        super().validate_instance(instance, errors, validate_unique)

    def unique_slug(self, name):
        base = (slugify(name or "") or "organization")[:190]
        slug, n = base, 1
        while slug in self.index.by_slug or Organization.all_objects.filter(slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
        return slug

    def after_save_instance(self, instance, row, **kwargs):
        super().after_save_instance(instance, row, **kwargs)
        self.index.add(
            instance.pk, instance.slug, (instance.name_en, instance.name_fr), instance.website
        )


class MembershipResource(PortalResource):
    required_columns = (("member",), ("association",))
    matching_help = _(
        "A row updates the membership of its member in its association that starts on "
        "the same date (with no start given, the only one recorded). Other rows add a "
        "membership."
    )
    column_descriptions = {
        "member": _("The member organization: its slug or its exact name."),
        "association": _("The association: its slug or its exact name."),
        "since": _("Member since: 2025, 2025-03, March 2025, mars 2025 or 2017-06-21."),
        "until": _("Member until, written the same way; empty while a member."),
    }

    class Meta:
        model = Membership
        name = _("Memberships")
        fields = ("member", "association", "since", "until")
        import_id_fields = ()
        skip_unchanged = True
        report_skipped = True
        use_transactions = True
        clean_model_instances = True

    def __init__(self, viewer=None, **kwargs):
        super().__init__(viewer=viewer, **kwargs)
        for name in ("member", "association"):
            self.fields[name] = fields.Field(
                attribute=name, column_name=name, widget=OrganizationWidget(self)
            )
        for name in ("since", "until"):
            self.fields[name] = PartialDateColumn(name)

    def get_instance(self, instance_loader, row):
        """The membership of this member in this association that starts on the row's
        start; with no start given, the only one recorded."""
        errors = {}
        found = {}
        for name in ("member", "association"):
            try:
                found[name] = self.fields[name].clean(row)
            except ValueError as error:
                errors[name] = str(error)
        if errors:
            raise ValidationError(errors)
        if found["member"] is None or found["association"] is None:
            return None
        memberships = Membership.objects.filter(
            member=found["member"], association=found["association"]
        )
        typed = row.get("since")
        if is_blank(typed):
            candidates = list(memberships[:2])
            return candidates[0] if len(candidates) == 1 else None
        probe = Membership()
        try:
            self.fields["since"].save(probe, row)
        except ValueError:
            return None  # the field's own error is reported when the row is read
        return memberships.filter(since=probe.since).first()

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        if (
            instance.pk is None
            and instance.association_id is not None
            and not self.manages_association(instance.association)
        ):
            raise ValidationError(
                {
                    NON_FIELD_ERRORS: _(
                        "You do not manage “%(association)s”: you cannot record its members."
                    )
                    % {"association": instance.association}
                },
                code="scope",
            )

    def manages(self, instance):
        return self.manages_association(instance.association)

    def manages_association(self, association):
        return scoping.managed(
            Organization.all_objects.filter(pk=association.pk), self.viewer
        ).exists()
