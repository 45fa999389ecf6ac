"""What every content admin shares: scoping, change history, no lost updates.

``PortalAdmin`` (for ModelAdmins) and ``PortalInlineMixin`` (for inlines):

* **Scoping.** Association staff see and change only the records their
  associations manage (``accounts.scope``); another record opened by its id
  answers 404, as does its history. Foreign keys to the record a row belongs to
  (``parent_fields``) offer only managed records; the ``owner`` offers only the
  author's associations and is filled for them. Other references (a party's
  organization, a related agreement) may name any public record.
* **History.** django-simple-history records every save; the history page lists
  who changed what, any version can be reverted, and a deleted record (with the
  rows deleted with it) can be restored from the "Deleted" list.
* **No lost updates.** Forms carry the version they were loaded at; a stale form
  is refused with what the other person changed (``portal.versioning``).
"""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import NestedObjects, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import router, transaction
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.utils import get_history_manager_for_model

from accounts import scope
from portal import history
from portal.signals import admin_saved
from portal.versioning import RecordChanged

# The deleted records a list shows, newest first.
DELETED_LIST_SIZE = 200


def is_autocomplete(request):
    match = getattr(request, "resolver_match", None)
    return match is not None and match.url_name == "autocomplete"


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


class VersionedForm(forms.ModelForm):
    """A form that remembers the version it was loaded at and refuses to save over a newer one."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    skip_unchanged = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None and not self.instance._state.adding:
            self.fields["expected_version"].initial = self.instance.version

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
            and scope.is_scoped(type(instance))
            and not self.errors
            and not scope.manages_instance(instance, viewer)
        ):
            self.add_error(
                None,
                ValidationError(
                    _("This record must belong to one of your associations' records."),
                    code="scope",
                ),
            )


class ScopedFormfieldsMixin:
    """Foreign-key choices limited to what the user manages or may see."""

    # Fields naming the record a row belongs to: only managed records may be chosen.
    parent_fields: tuple[str, ...] = ()

    def limit_choices(self, db_field, request, kwargs):
        viewer = request.viewer
        if viewer.is_admin:
            return kwargs
        related = db_field.related_model
        base = kwargs.get("queryset", related._default_manager.all())
        if db_field.name == "owner":
            kwargs["queryset"] = related._default_manager.filter(pk__in=viewer.staff_of)
            kwargs["required"] = True
            if len(viewer.staff_of) == 1:
                kwargs["initial"] = next(iter(viewer.staff_of))
        elif db_field.name in self.parent_fields:
            kwargs["queryset"] = scope.managed(base, viewer)
        elif related._meta.label == "organizations.Contact":
            kwargs["queryset"] = base.visible_to(viewer)
        return kwargs

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return super().formfield_for_foreignkey(
            db_field, request, **self.limit_choices(db_field, request, kwargs)
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


class PortalInlineMixin(ScopedFormfieldsMixin):
    form = InlineVersionedForm
    formset = VersionedInlineFormSet

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if scope.is_scoped(self.model):
            viewer = request.viewer
            if not viewer.is_admin:
                return scope.managed(queryset, viewer)
        return queryset

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        return _with_version_field(fieldsets)


def _with_version_field(fieldsets):
    fieldsets = [(name, dict(options)) for name, options in fieldsets]
    fields = list(fieldsets[0][1].get("fields", []))
    if "expected_version" not in fields:
        fieldsets[0][1]["fields"] = [*fields, "expected_version"]
    return fieldsets


class PortalAdmin(ScopedFormfieldsMixin, SimpleHistoryAdmin):
    form = VersionedForm
    change_list_template = "admin/portal/change_list.html"
    deleted_list_template = "admin/portal/deleted_list.html"
    restore_template = "admin/portal/restore.html"

    # Queryset and objects ------------------------------------------------------

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        viewer = request.viewer
        if viewer.is_admin or not scope.is_scoped(self.model):
            return queryset
        if is_autocomplete(request):
            return self.autocomplete_queryset(request, queryset, viewer)
        return scope.managed(queryset, viewer)

    def autocomplete_queryset(self, request, queryset, viewer):
        """Rows offered to another form's field: managed ones for a parent field or the
        owner, visible ones otherwise (organizations, agreements, events are public)."""
        source = self.autocomplete_source_admin(request)
        field_name = request.GET.get("field_name", "")
        if field_name == "owner" and self.model._meta.label == "organizations.Organization":
            return queryset.filter(pk__in=viewer.staff_of)
        if source is not None and field_name in getattr(source, "parent_fields", ()):
            return scope.managed(queryset, viewer)
        if self.model._meta.label == "organizations.Contact":
            return queryset.visible_to(viewer)
        return queryset

    def autocomplete_source_admin(self, request):
        from django.apps import apps

        try:
            model = apps.get_model(request.GET["app_label"], request.GET["model_name"])
        except (KeyError, LookupError):
            return None
        return self.admin_site._registry.get(model)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            # Missing, malformed or managed by another association: the same answer.
            raise Http404(gettext("No such record."))
        return obj

    # Forms ---------------------------------------------------------------------

    def get_fieldsets(self, request, obj=None):
        return _with_version_field(super().get_fieldsets(request, obj))

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        viewer = request.viewer
        if (
            obj is not None
            and not viewer.is_admin
            and hasattr(obj, "owner_id")
            and obj.owner_id not in viewer.staff_of
        ):
            # Staff of a party may edit the record, not hand it to someone else.
            readonly.append("owner")
        return readonly

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None and self.is_history_form(request):
            # Reverting: the form starts from the current version, not the old one's.
            current = (
                type(obj)._base_manager.filter(pk=obj.pk).values_list("version", flat=True).first()
            )
            if current is not None:
                obj.version = current
        form = super().get_form(request, obj, change=change, **kwargs)
        form.scope_viewer = request.viewer
        return form

    def is_history_form(self, request):
        match = getattr(request, "resolver_match", None)
        return match is not None and (match.url_name or "").endswith("_simple_history")

    def save_model(self, request, obj, form, change):
        viewer = request.viewer
        if (
            not change
            and hasattr(obj, "owner_id")
            and obj.owner_id is None
            and not viewer.is_admin
            and viewer.staff_of
        ):
            obj.owner_id = min(viewer.staff_of)
        if change and hasattr(obj, "owner_id") and not viewer.is_admin:
            live_owner = (
                type(obj)._base_manager.filter(pk=obj.pk).values_list("owner_id", flat=True).first()
            )
            if live_owner not in viewer.staff_of:
                # Editing as a party, or reverting to an old version: the record stays
                # with the association that manages it now.
                obj.owner_id = live_owner
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        admin_saved.send(sender=self.model, instance=form.instance)

    def get_deleted_objects(self, objs, request):
        """Refuse deletions that would reach rows of other associations (Django lists them
        as protected): a record's staff cannot remove what others recorded about it."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        viewer = request.viewer
        if viewer.is_admin:
            return deleted, counts, perms_needed, protected
        collector = NestedObjects(using=router.db_for_write(self.model))
        collector.collect(objs)
        foreign = [
            obj
            for model, instances in collector.data.items()
            if scope.is_scoped(model)
            for obj in instances
            if not scope.manages_instance(obj, viewer)
        ]
        protected = [
            *protected,
            *(
                gettext("%(record)s (recorded by another association)") % {"record": obj}
                for obj in foreign
            ),
        ]
        return deleted, counts, perms_needed, protected

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except RecordChanged:
            # Someone saved between this form's checks and its UPDATE: nothing was written.
            self.message_user(
                request,
                gettext(
                    "Your changes were not saved: someone else saved this record at the "
                    "same moment. Reload it and make your changes again."
                ),
                messages.ERROR,
            )
            return HttpResponseRedirect(request.get_full_path())

    # History -------------------------------------------------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "deleted/",
                self.admin_site.admin_view(self.deleted_view),
                name=f"{info[0]}_{info[1]}_deleted",
            ),
            path(
                "<path:object_id>/restore/<int:history_id>/",
                self.admin_site.admin_view(self.restore_view),
                name=f"{info[0]}_{info[1]}_restore",
            ),
            *super().get_urls(),
        ]

    def check_history_access(self, request, object_id):
        """404 unless the record (live, or its last version if deleted) is the user's."""
        viewer = request.viewer
        object_id = unquote(object_id)
        live = (
            self.model._base_manager.filter(pk=object_id)
            if _valid_pk(self.model, object_id)
            else None
        )
        if live is None:
            raise Http404(gettext("No such record."))
        obj = live.first()
        if obj is None:
            manager = get_history_manager_for_model(self.model)
            record = (
                manager.filter(**{self.opts.pk.attname: object_id})
                .order_by("-history_date")
                .first()
            )
            if record is None:
                raise Http404(gettext("No such record."))
            if not scope.is_scoped(self.model) or scope.manages_instance(record.instance, viewer):
                return None
            raise Http404(gettext("No such record."))
        if not scope.is_scoped(self.model) or viewer.is_admin:
            return obj
        if not scope.managed(self.model._default_manager.filter(pk=obj.pk), viewer).exists():
            raise Http404(gettext("No such record."))
        return obj

    def history_view(self, request, object_id, extra_context=None):
        self.check_history_access(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not str(version_id).isdigit():
            raise Http404(gettext("No such record."))
        live = self.check_history_access(request, object_id)
        if (
            request.method == "POST"
            and live is not None
            and not self.has_change_permission(request, live)
        ):
            raise PermissionDenied
        if live is None:
            # Reverting a deleted record puts it back with what was deleted with it.
            return HttpResponseRedirect(
                reverse(
                    f"admin:{self.opts.app_label}_{self.opts.model_name}_restore",
                    args=[object_id, version_id],
                )
            )
        try:
            with transaction.atomic(using=router.db_for_write(self.model)):
                response = super().history_form_view(request, object_id, version_id, extra_context)
        except RecordChanged:
            self.message_user(
                request,
                gettext(
                    "Not reverted: someone else saved this record at the same moment. "
                    "Reload it and try again."
                ),
                messages.ERROR,
            )
            return HttpResponseRedirect(request.get_full_path())
        if (
            request.method == "POST"
            and response.status_code == 302
            and admin_saved.has_listeners(self.model)
        ):
            # Reverted: announced with the record as it now is, read again.
            reverted = self.model._default_manager.filter(pk=live.pk).first()
            if reverted is not None:
                admin_saved.send(sender=self.model, instance=reverted)
        return response

    def deleted_view(self, request):
        """Deleted records of this kind the user may restore, newest first."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        viewer = request.viewer
        pairs = [
            (record, record.instance)
            for record in history.latest_deletions(self.model, limit=DELETED_LIST_SIZE)
        ]
        if scope.is_scoped(self.model):
            managed = {id(i) for i in scope.managed_among([i for _r, i in pairs], viewer)}
            pairs = [(record, instance) for record, instance in pairs if id(instance) in managed]
        labels = history.describe_all(instance for _record, instance in pairs)
        records = [
            (record, label) for (record, _instance), label in zip(pairs, labels, strict=True)
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Deleted %(records)s") % {"records": self.opts.verbose_name_plural},
            "opts": self.opts,
            "records": records,
            "pk_name": self.opts.pk.attname,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.deleted_list_template, context)

    def restore_view(self, request, object_id, history_id):
        if not self.has_add_permission(request):
            raise PermissionDenied
        object_id = unquote(object_id)
        manager = get_history_manager_for_model(self.model)
        if not _valid_pk(self.model, object_id):
            raise Http404(gettext("No such record."))
        record = manager.filter(
            **{self.opts.pk.attname: object_id, "history_id": history_id}
        ).first()
        viewer = request.viewer
        latest = (
            manager.filter(**{self.opts.pk.attname: object_id})
            .order_by("-history_date", "-history_id")
            .first()
        )
        if (
            record is None
            or record != latest
            or record.history_type != "-"
            or (scope.is_scoped(self.model) and not scope.manages_instance(record.instance, viewer))
        ):
            # Only the last version, the deletion itself, is restored.
            raise Http404(gettext("No such record."))
        if self.model._base_manager.filter(pk=object_id).exists():
            self.message_user(request, gettext("This record exists: nothing to restore."))
            return HttpResponseRedirect(
                reverse(
                    f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
                    args=[object_id],
                )
            )
        if request.method == "POST":
            try:
                with transaction.atomic():
                    restored = history.restore(record, user=request.user)
                    self.after_restore(restored)
            except history.CannotRestore as problem:
                self.message_user(request, str(problem), messages.ERROR)
                return HttpResponseRedirect(
                    reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_deleted")
                )
            self.message_user(
                request,
                gettext("%(record)s was restored, with %(count)d related rows.")
                % {"record": history.describe(restored[0]), "count": len(restored) - 1},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(
                reverse(
                    f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
                    args=[restored[0].pk],
                )
            )
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Restore %(record)s") % {"record": history.describe(record.instance)},
            "opts": self.opts,
            "record": record,
            "instance": history.describe(record.instance),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.restore_template, context)

    def after_restore(self, restored):
        """Hook, inside the restore's transaction: the restored record comes first."""
        admin_saved.send(sender=self.model, instance=restored[0])


def _valid_pk(model, value):
    try:
        model._meta.pk.to_python(value)
    except ValidationError:
        return False
    return True
