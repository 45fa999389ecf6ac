"""Change history in the admin: the history page, reverting to a version, the list
of deleted records and restoring one with the rows deleted with it."""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import router, transaction
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from simple_history.template_utils import HistoricalRecordContextHelper
from simple_history.utils import get_history_manager_for_model

from portal import history, scoping
from portal.admin_base.forms import MASKED_PERSON, valid_pk
from portal.signals import admin_saved
from portal.versioning import RecordChanged

# The deleted records a list shows, newest first.
DELETED_LIST_SIZE = 200


class VisibleChangesHelper(HistoricalRecordContextHelper):
    """A version's changes as the viewer may see them: a contact (personal information)
    the viewer may not see is masked, not named."""

    def __init__(self, model, record, viewer, seen):
        super().__init__(model, record)
        self.viewer = viewer
        # Shared by the page's versions: each contact is asked about once.
        self.seen = seen

    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        field = self.model._meta.get_field(change.field)
        related = field.related_model if field.many_to_one else None
        if value is None or related is None or not hasattr(related._default_manager, "visible_to"):
            return value
        key = (related, getattr(value, "pk", value))
        if key not in self.seen:
            visible = related._default_manager.visible_to(self.viewer)
            self.seen[key] = visible.filter(pk=key[1]).exists()
        return value if self.seen[key] else MASKED_PERSON


class HistoryViewsMixin:
    """For a ModelAdmin built on SimpleHistoryAdmin, scoped like the rest of the admin."""

    def get_historical_record_context_helper(self, request, historical_record):
        seen = request.__dict__.setdefault("_visible_in_history", {})
        return VisibleChangesHelper(self.model, historical_record, request.viewer, seen)

    deleted_list_template = "admin/portal/deleted_list.html"
    restore_template = "admin/portal/restore.html"

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
            if valid_pk(self.model, object_id)
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
            if scoping.manages_instance(record.instance, viewer):
                return None
            raise Http404(gettext("No such record."))
        if not scoping.is_scoped(self.model) or viewer.is_admin:
            return obj
        if not scoping.managed(self.model._default_manager.filter(pk=obj.pk), viewer).exists():
            raise Http404(gettext("No such record."))
        return obj

    def history_view(self, request, object_id, extra_context=None):
        self.check_history_access(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # isdigit() alone says yes to "²", which int() then refuses.
        if not (str(version_id).isascii() and str(version_id).isdigit()):
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
        managed = {id(i) for i in scoping.managed_among([i for _r, i in pairs], viewer)}
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
        if not valid_pk(self.model, object_id):
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
            or not scoping.manages_instance(record.instance, viewer)
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
        admin_saved.send(sender=self.model, instance=restored[0])
