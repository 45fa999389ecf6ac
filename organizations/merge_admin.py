"""Merging organizations in the admin, for administrators only (``organizations.merge``).

The organizations' list has a "Merge selected organizations" action: a page asks
which record is kept and shows what each would move, then merges. The merges are
listed (read-only) with a "Revert this merge" button.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IS_POPUP_VAR, ActionLocation
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from organizations.merge import CannotMerge, merge_organizations, reference_counts, revert_merge
from organizations.models import OrganizationMerge
from portal.admin_base.forms import valid_pk
from portal.admin_base.read_only import RecordedByThePortalAdmin
from portal.versioning import RecordChanged

MERGE_ACTION = "merge_selected"


class KeptOrganizationForm(forms.Form):
    kept = forms.TypedChoiceField(
        label=_("Which record is kept?"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the record to keep."),
            "invalid_choice": _("Choose one of the selected organizations."),
        },
    )

    def __init__(self, organizations, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kept"].choices = [(o.pk, str(o)) for o in organizations]


def change_link(organization):
    url = reverse("admin:organizations_organization_change", args=[organization.pk])
    return format_html('<a href="{}">{}</a>', url, organization)


class MergeActionMixin:
    """For OrganizationAdmin: the merge action, offered to administrators only."""

    merge_template = "admin/organizations/merge_confirmation.html"

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location)
        if (
            request.viewer.is_admin
            and action_location is ActionLocation.CHANGE_LIST
            and self.actions is not None
            and IS_POPUP_VAR not in request.GET
        ):
            action = self.get_action(MERGE_ACTION, action_location)
            actions[action.name] = action
        return actions

    def changelist_view(self, request, extra_context=None):
        if (
            request.method == "POST"
            and MERGE_ACTION in request.POST.getlist("action")
            and not request.viewer.is_admin
        ):
            raise PermissionDenied
        return super().changelist_view(request, extra_context)

    @admin.action(description=_("Merge selected organizations"))
    def merge_selected(self, request, queryset):
        if not request.viewer.is_admin:
            raise PermissionDenied
        organizations = list(queryset.select_related(None).order_by("name", "pk"))
        if len(organizations) < 2:
            self.message_user(
                request,
                gettext("Select two organizations or more to merge them."),
                messages.WARNING,
            )
            return None
        form = KeptOrganizationForm(organizations, request.POST if "post" in request.POST else None)
        if form.is_valid():
            return self.merge(request, organizations, form.cleaned_data["kept"])
        counts = reference_counts(organizations)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Merge organizations"),
            "opts": self.opts,
            "form": form,
            "choices": [
                (radio, organization, counts[organization.pk])
                for radio, organization in zip(form["kept"], organizations, strict=True)
            ],
            "organizations": organizations,
            "action_name": MERGE_ACTION,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.merge_template, context)

    def merge(self, request, organizations, kept_pk):
        kept = next(o for o in organizations if o.pk == kept_pk)
        merged = [o for o in organizations if o.pk != kept_pk]
        try:
            with transaction.atomic():
                for organization in merged:
                    merge_organizations(kept, organization, author=request.user)
        except (CannotMerge, RecordChanged) as problem:
            message = (
                str(problem)
                if isinstance(problem, CannotMerge)
                else gettext(
                    "Nothing was merged: someone saved one of these records at the same "
                    "moment. Try again."
                )
            )
            self.message_user(request, message, messages.ERROR)
            return None
        self.message_user(
            request,
            format_html(
                ngettext(
                    "{count} organization was merged into {kept}. The merge can be "
                    'reverted from the <a href="{merges}">list of merges</a>.',
                    "{count} organizations were merged into {kept}. Each merge can be "
                    'reverted from the <a href="{merges}">list of merges</a>.',
                    len(merged),
                ),
                count=len(merged),
                kept=change_link(kept),
                merges=reverse("admin:organizations_organizationmerge_changelist"),
            ),
            messages.SUCCESS,
        )
        return None


@admin.register(OrganizationMerge)
class OrganizationMergeAdmin(RecordedByThePortalAdmin):
    """The merges done, newest first; read-only, each with its revert button."""

    list_display = ["merged_at", "merged_name", "kept_link", "author", "state", "revert_link"]
    list_select_related = ["kept", "author", "reverted_by"]
    list_display_links = ["merged_at"]
    search_fields = ["merged_name", "kept__name_en", "kept__name_fr"]
    fields = [
        "merged_name",
        "merged_id",
        "kept",
        "author",
        "merged_at",
        "moved_count",
        "removed_count",
        "reverted_at",
        "reverted_by",
    ]
    readonly_fields = fields
    revert_template = "admin/organizations/revert_merge.html"

    @admin.display(description=_("kept organization"), ordering="kept__name")
    def kept_link(self, merge):
        return change_link(merge.kept) if merge.kept is not None else "—"

    @admin.display(description=_("state"))
    def state(self, merge):
        if merge.reverted_at is None:
            return gettext("merged")
        return gettext("reverted")

    @admin.display(description=_("links moved"))
    def moved_count(self, merge):
        log = merge.log or {}
        return len(log.get("moved", [])) + len(log.get("lists", []))

    @admin.display(description=_("links removed as repeated"))
    def removed_count(self, merge):
        return len((merge.log or {}).get("removed", []))

    @admin.display(description=_("revert"))
    def revert_link(self, merge):
        if merge.reverted_at is not None:
            return "—"
        url = reverse("admin:organizations_organizationmerge_revert", args=[merge.pk])
        return format_html('<a href="{}">{}</a>', url, gettext("Revert this merge…"))

    def get_urls(self):
        return [
            path(
                "<path:object_id>/revert/",
                self.admin_site.admin_view(self.revert_view),
                name="organizations_organizationmerge_revert",
            ),
            *super().get_urls(),
        ]

    def revert_view(self, request, object_id):
        if not request.viewer.is_admin:
            raise PermissionDenied
        object_id = unquote(object_id)
        merge = (
            OrganizationMerge.objects.filter(pk=object_id).select_related("kept").first()
            if valid_pk(OrganizationMerge, object_id)
            else None
        )
        if merge is None:
            raise Http404(gettext("No such record."))
        changelist = reverse("admin:organizations_organizationmerge_changelist")
        if merge.reverted_at is not None:
            self.message_user(request, gettext("This merge was already reverted."))
            return HttpResponseRedirect(changelist)
        if request.method == "POST":
            try:
                restored = revert_merge(merge, author=request.user)
            except (CannotMerge, RecordChanged) as problem:
                message = (
                    str(problem)
                    if isinstance(problem, CannotMerge)
                    else gettext(
                        "Not reverted: someone saved one of these records at the same "
                        "moment. Try again."
                    )
                )
                self.message_user(request, message, messages.ERROR)
                return HttpResponseRedirect(changelist)
            self.message_user(
                request,
                format_html(
                    gettext("The merge was reverted: {merged} is back, with its links."),
                    merged=change_link(restored),
                ),
                messages.SUCCESS,
            )
            return HttpResponseRedirect(changelist)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Revert this merge"),
            "opts": self.opts,
            "merge": merge,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.revert_template, context)
