"""The requests sent through the public forms, in the admin: member account requests and
suggested corrections.

The staff of the association a request is addressed to see it (``managed_by``; the
others get 404, as for any record they do not manage) and answer it: its status and
a note for their colleagues. What the requester sent stays as they sent it. Requests
come from the public forms only: none is added here.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from members.models import AccessRequest, CorrectionRequest
from members.request_mail import record_admin_path
from portal.admin_base import PortalChangeListMixin
from portal.admin_base.scoped import ScopedAdminMixin

# What staff change: the rest is the requester's.
ANSWER_FIELDS = ("status", "staff_note")


class RequestAdmin(PortalChangeListMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_per_page = 50
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def get_readonly_fields(self, request, obj=None):
        fields = [f for f in flatten(self.get_fieldsets(request, obj)) if f not in ANSWER_FIELDS]
        return fields

    def save_model(self, request, obj, form, change):
        if form.has_changed():
            obj.handled_by_user = request.user
        super().save_model(request, obj, form, change)


def flatten(fieldsets):
    for _name, options in fieldsets:
        for field in options["fields"]:
            yield from field if isinstance(field, tuple | list) else [field]


@admin.register(AccessRequest)
class AccessRequestAdmin(RequestAdmin):
    list_display = ["name", "organization_name", "association", "status", "created_at"]
    list_filter = ["status", ("association", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["association"]
    search_fields = ["name", "email", "organization_name"]
    fieldsets = [
        (
            _("The request"),
            {
                "fields": [
                    "name",
                    "email",
                    "organization_name",
                    "organization",
                    "association",
                    "message",
                    "language",
                    "created_at",
                ]
            },
        ),
        (
            _("The answer"),
            {"fields": ["account", "status", "staff_note", "handled_by_user", "updated_at"]},
        ),
    ]

    def get_fieldsets(self, request, obj=None):
        # Only those who may add accounts are shown who already has one, with links.
        user_admin = self.admin_site._registry.get(get_user_model())
        opens_accounts = user_admin is not None and user_admin.has_add_permission(request)
        account = "account" if opens_accounts else "account_hint"
        return [
            (
                name,
                {
                    **options,
                    "fields": [account if f == "account" else f for f in options["fields"]],
                },
            )
            for name, options in super().get_fieldsets(request, obj)
        ]

    @admin.display(description=_("account"))
    def account_hint(self, obj):
        return gettext(
            "A portal administrator opens the account, in Users, and sets its organization. "
            "Ask one, then mark this request done."
        )

    @admin.display(description=_("account"))
    def account(self, obj):
        existing = get_user_model().objects.filter(email__iexact=obj.email).order_by("pk")
        if existing:
            return format_html(
                "{} {}",
                gettext("An account already uses this address:"),
                format_html_join(
                    ", ",
                    '<a href="{}">{}</a>',
                    (
                        (reverse("admin:auth_user_change", args=[user.pk]), user.get_username())
                        for user in existing
                    ),
                ),
            )
        return format_html(
            '<a href="{}">{}</a> {}',
            reverse("admin:auth_user_add"),
            gettext("Add the user"),
            gettext(
                "with this email address, set its organization on its profile, then mark this "
                "request done. The member chooses a password with “Forgotten your password?”."
            ),
        )


@admin.register(CorrectionRequest)
class CorrectionRequestAdmin(RequestAdmin):
    list_display = ["record_title", "record_kind", "handled_by", "status", "created_at"]
    list_filter = ["status", "record_kind", ("handled_by", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["handled_by"]
    search_fields = ["record_title", "message", "name", "email"]
    fieldsets = [
        (
            _("The suggestion"),
            {
                "fields": [
                    "record",
                    "record_kind",
                    "handled_by",
                    "message",
                    "name",
                    "email",
                    "user",
                    "language",
                    "created_at",
                ]
            },
        ),
        (_("The answer"), {"fields": ["status", "staff_note", "handled_by_user", "updated_at"]}),
    ]

    @admin.display(description=_("record"))
    def record(self, obj):
        return format_html(
            '{} (<a href="{}">{}</a>, <a href="{}">{}</a>)',
            obj.record_title,
            obj.record_path,
            gettext("its page"),
            record_admin_path(obj),
            gettext("in the admin"),
        )
