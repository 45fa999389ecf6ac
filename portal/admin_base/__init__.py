"""What every content admin shares: scoping, change history, no lost updates.

``PortalAdmin`` (for ModelAdmins) and ``PortalInlineMixin`` (for inlines):

* **Scoping** (``scoped.py``). Association staff see and change only the records
  their associations manage (``portal.scoping``, each model's ``managed_by``);
  another record opened by its id answers 404, as does its history. Foreign keys
  to the record a row belongs to (``parent_fields``) offer only managed records,
  and so do references that change what the record they name says
  (``managed_fields``: the agreement a renewal renews). Other references (a
  party's organization, a related agreement) may name any public record. The
  ``owner`` offers only the author's associations and is filled for them.
* **History** (``history_views.py``). django-simple-history records every save;
  the history page lists who changed what, any version can be reverted, and a
  deleted record (with the rows deleted with it) can be restored from the
  "Deleted" list.
* **No lost updates** (``forms.py``). Forms carry the version they were loaded
  at; a stale form is refused with what the other person changed
  (``portal.versioning``).

After a record is saved, reverted or restored, ``portal.signals.admin_saved`` is
sent, so that what is derived from records (search entries) follows.
"""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.utils.translation import gettext
from simple_history.admin import SimpleHistoryAdmin

from portal import scoping
from portal.admin_base.changelist import PortalChangeListMixin
from portal.admin_base.forms import (
    InlineVersionedForm,
    VersionedForm,
    VersionedInlineFormSet,
    with_version_field,
    without_precision_fields,
)
from portal.admin_base.history_views import HistoryViewsMixin
from portal.admin_base.scoped import ScopedAdminMixin, ScopedFormfieldsMixin
from portal.signals import admin_saved
from portal.versioning import RecordChanged

__all__ = ["AnnouncesSavesMixin", "PortalAdmin", "PortalChangeListMixin", "PortalInlineMixin"]


class AnnouncesSavesMixin:
    """For a ModelAdmin: ``admin_saved`` once a record and its inlines are saved."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        admin_saved.send(sender=self.model, instance=form.instance)


class PortalInlineMixin(ScopedFormfieldsMixin):
    form = InlineVersionedForm
    formset = VersionedInlineFormSet

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if scoping.is_scoped(self.model):
            return scoping.managed(queryset, request.viewer)
        return queryset

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        return with_version_field(without_precision_fields(fieldsets, self.model))


class PortalAdmin(
    AnnouncesSavesMixin,
    PortalChangeListMixin,
    ScopedAdminMixin,
    HistoryViewsMixin,
    SimpleHistoryAdmin,
):
    form = VersionedForm
    change_list_template = "admin/portal/change_list.html"

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        return with_version_field(without_precision_fields(fieldsets, self.model))

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
