"""Admin forms that know the version they were loaded at, and refuse to save over a
newer one: no lost updates (``portal.versioning``)."""

from functools import cache

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Exists, OuterRef
from django.forms.models import BaseInlineFormSet
from django.utils import formats
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.utils import get_history_manager_for_model

from portal import scoping
from portal.dates import PartialDate, PartialDateField, partial_date
from portal.publishing import Publishable


def describe_changes(instance, expected_version):
    """Who saved ``instance`` after ``expected_version``, when, and the fields they changed
    with their new values, read from its history."""
    manager = get_history_manager_for_model(type(instance))
    pk_name = instance._meta.pk.attname
    mine = (
        manager.filter(**{pk_name: instance.pk, "version": expected_version})
        .order_by("-history_date", "-history_id")
        .first()
    )
    theirs = list(
        manager.filter(**{pk_name: instance.pk, "version__gt": expected_version})
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    if not theirs:
        return ""
    latest = theirs[-1]
    authors = sorted({str(r.history_user) for r in theirs if r.history_user_id}) or [
        gettext("Someone")
    ]
    changes = []
    if mine is not None:
        delta = latest.diff_against(mine)
        for change in delta.changes:
            try:
                field = instance._meta.get_field(change.field)
                label = capfirst(field.verbose_name)
            except Exception:  # a history-only column
                label = change.field
            new = change.new
            if isinstance(new, list):
                new = ", ".join(str(item) for item in new)
            changes.append(f"{label}: {Truncator(str(new)).chars(80)}")
    when = formats.date_format(latest.history_date, "DATETIME_FORMAT")
    text = gettext("%(people)s saved this record at %(when)s, after you opened it.") % {
        "people": ", ".join(authors),
        "when": when,
    }
    if changes:
        text += " " + gettext("They changed: %(changes)s.") % {"changes": "; ".join(changes)}
    return text


@cache
def partial_dates_of(model):
    """The dates of ``model`` that have a precision (its ``partial_date`` descriptors):
    ``{date field: (precision field, the start it shares that precision with or None)}``."""
    found = {}
    for klass in reversed(model.__mro__):
        for attribute in vars(klass).values():
            if isinstance(attribute, partial_date):
                found[attribute.field] = (attribute.precision, None)
                if attribute.end:
                    found[attribute.end] = (attribute.precision, attribute.field)
    return found


def without_precision_fields(fieldsets, model):
    """The fieldsets without the precision fields of ``model``'s dates: their date's
    box (``PartialDatesForm``) takes the precision with the date."""
    hidden = {precision for precision, _start in partial_dates_of(model).values()}
    if not hidden:
        return fieldsets
    result = []
    for name, options in fieldsets:
        fields = []
        for line in options.get("fields", []):
            if isinstance(line, (list, tuple)):
                line = tuple(field for field in line if field not in hidden)
                if len(line) == 1:
                    line = line[0]
                if line:
                    fields.append(line)
            elif line not in hidden:
                fields.append(line)
        result.append((name, {**options, "fields": fields}))
    return result


class PartialDatesForm(forms.ModelForm):
    """A model form whose dates with a precision are each one box: "2025", "March 2025",
    "21 juin 2017" (``portal.dates.PartialDateField``). The date is stored with the
    precision it was typed at; dates that share a precision (an event's start and end)
    must be typed at the same one. The precision fields are left out of the form
    (``without_precision_fields``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.partial_dates = {}
        for name, (precision, start) in partial_dates_of(self._meta.model).items():
            model_field = self.fields.get(name)
            if model_field is None:
                continue
            self.fields[name] = PartialDateField(
                required=model_field.required,
                label=model_field.label,
                help_text=model_field.help_text,
                disabled=model_field.disabled,
            )
            value = getattr(self.instance, name)
            if value is not None:
                self.initial[name] = PartialDate(value, getattr(self.instance, precision))
            self.partial_dates[name] = (precision, start)

    def _get_validation_exclusions(self):
        # clean() sets the precision fields on the record: the model's checks and
        # constraints that read them (an event's times need a day) still run.
        excluded = super()._get_validation_exclusions()
        return excluded - {precision for precision, _start in self.partial_dates.values()}

    def clean(self):
        cleaned = super().clean()
        typed = {name: cleaned.get(name) for name in self.partial_dates}
        for name, (precision, start) in self.partial_dates.items():
            date = typed[name]
            if date is None:
                continue
            first = typed.get(start)
            if first is not None and first.precision != date.precision:
                self.add_error(
                    name,
                    ValidationError(
                        _("Type it to the same precision as the start: a day, a month or a year."),
                        code="precision",
                    ),
                )
                continue
            setattr(self.instance, precision, date.precision)
        for name in self.partial_dates:
            if isinstance(cleaned.get(name), PartialDate):
                cleaned[name] = cleaned[name].value
        return cleaned


# What names a contact the user may not see, wherever the admin would name it.
MASKED_PERSON = _("A person whose details you may not see")


def masked_label(label_from_instance):
    def label(row):
        if getattr(row, "offered", True):
            return label_from_instance(row)
        return str(MASKED_PERSON)

    return label


class VersionedForm(PartialDatesForm):
    """A form that remembers the version it was loaded at and refuses to save over a newer one."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    skip_unchanged = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None and not self.instance._state.adding:
            self.fields["expected_version"].initial = self.instance.version
            self.keep_linked_choices()

    def keep_linked_choices(self):
        """Keep what the record already names although the user may not pick it.

        Choices offer the user's own drafts only, and contacts at their visibility
        (``ScopedFormfieldsMixin``). On a record two associations edit, the other's
        draft or staff-only signer is already named: it stays a choice, so saving the
        record unchanged keeps it. A contact the user may not see is named by a mask.
        """
        for name, field in self.fields.items():
            queryset = getattr(field, "queryset", None)
            if queryset is None:
                continue
            masks = hasattr(queryset, "visible_to")
            if not (masks or issubclass(queryset.model, Publishable)):
                continue
            try:
                model_field = self.instance._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            # Read from the stored record, not the instance: a revert's form holds an old
            # version, whose links the record may have dropped since.
            stored = type(self.instance)._base_manager.filter(pk=self.instance.pk)
            if model_field.many_to_many:
                linked = stored.values(name)
            elif model_field.many_to_one:
                linked = stored.values(model_field.attname)
            else:
                continue
            kept = queryset.model._default_manager.filter(pk__in=linked)
            field.queryset = (queryset | kept).annotate(
                offered=Exists(queryset.filter(pk=OuterRef("pk")))
            )
            if masks:
                field.label_from_instance = masked_label(field.label_from_instance)

    def clean(self):
        cleaned = super().clean()
        instance = self.instance
        if instance.pk is None or instance._state.adding or getattr(instance, "_restoring", False):
            return cleaned
        if self.skip_unchanged and not self.has_changed():
            # An inline row left as it was is not saved: it overwrites nothing.
            return cleaned
        expected = cleaned.get("expected_version")
        if expected is None:
            raise ValidationError(
                _("This form does not say which version it edits. Reload the page and try again."),
                code="version_missing",
            )
        model = type(instance)
        current = model._base_manager.filter(pk=instance.pk).values_list("version", flat=True)
        current = current.first()
        if current is None:
            raise ValidationError(
                _("Someone deleted this record after you opened it: your changes were not saved."),
                code="deleted",
            )
        if current != expected:
            raise ValidationError(
                _(
                    "Your changes were not saved: someone else changed this %(record)s "
                    "while you were editing it. %(changes)s Reload the page to see their "
                    "version, then make your changes again."
                ),
                code="stale",
                params={
                    "record": model._meta.verbose_name,
                    "changes": describe_changes(instance, expected),
                },
            )
        instance.version = expected
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        # Set by PortalAdmin.get_form on the record's own form (inline rows belong to it).
        viewer = getattr(self, "scope_viewer", None)
        instance = self.instance
        if (
            viewer is not None
            and not viewer.is_admin
            and not self.errors
            and not scoping.manages_instance(instance, viewer)
        ):
            self.add_error(
                None,
                ValidationError(
                    _("This record must belong to one of your associations' records."),
                    code="scope",
                ),
            )


class InlineVersionedForm(VersionedForm):
    skip_unchanged = True


class VersionedInlineFormSet(BaseInlineFormSet):
    """Rows marked for deletion skip form validation: their version is checked here."""

    def clean(self):
        super().clean()
        for form in self.initial_forms:
            if not (self.can_delete and self._should_delete_form(form)):
                continue
            # The row was loaded from the database for this request: its version is the
            # current one.
            instance = form.instance
            expected = form.data.get(form.add_prefix("expected_version"))
            if str(instance.version) != str(expected):
                raise ValidationError(
                    _(
                        "Not deleted: someone changed %(record)s after you opened this page. "
                        "%(changes)s Reload the page and decide again."
                    ),
                    code="stale",
                    params={
                        "record": instance,
                        "changes": describe_changes(instance, _as_int(expected)),
                    },
                )


def _as_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def valid_pk(model, value):
    if isinstance(value, str) and not value.isascii():
        # int() reads "٣" as 3: record 3 has one address, not several.
        return False
    try:
        model._meta.pk.to_python(value)
    except ValidationError:
        return False
    return True


def with_version_field(fieldsets):
    """The fieldsets with the hidden ``expected_version`` field in the first one."""
    fieldsets = [(name, dict(options)) for name, options in fieldsets]
    fields = list(fieldsets[0][1].get("fields", []))
    if "expected_version" not in fields:
        fieldsets[0][1]["fields"] = [*fields, "expected_version"]
    return fieldsets
