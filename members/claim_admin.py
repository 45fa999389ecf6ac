"""Members' claims in the staff admin: listed, decided, exported.

Staff see the claims their associations handle (``Claim.handled_by``, through
``portal.scoping``), administrators all of them; another association's claim
opened by its id answers 404, as a missing one does. The staff of the association
a member claimed *through*, when it does not handle the claim, do not see it.

What the member entered stays as it is. Staff decide: the claim's page asks for
the decision (approve or decline) and a message, and saving it moves the claim
through ``members.claims.change_status`` (which keeps the allowance's counters
right: re-approving a declined claim takes its units again, and is refused when
they are gone) and emails the member (``members.claim_mail``). The list's actions
approve or decline several claims at once, with one message for all, the same way.
The list's claims, with its filters, download as CSV.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.db.models.functions import ExtractYear
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from members.claim_mail import claim_decided, person_name
from members.claims import ClaimRefused, change_status
from members.models import Claim, ClaimStatus
from portal import csv_export
from portal.admin_base import PortalChangeListMixin
from portal.admin_base.scoped import ScopedAdminMixin

# What staff decide; a member withdraws, and a claim starts pending.
DECISIONS = [
    (ClaimStatus.APPROVED, _("Approve")),
    (ClaimStatus.DECLINED, _("Decline")),
]
MESSAGE_MAX_LENGTH = Claim._meta.get_field("decision_message").max_length


class ClaimYearFilter(admin.SimpleListFilter):
    """The year a claim was made (in the portal's time zone), as the agreement's page
    counts them."""

    title = _("year claimed")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = (
            model_admin.get_queryset(request)
            .order_by()
            .annotate(year=ExtractYear("created_at"))
            .values_list("year", flat=True)
            .distinct()
        )
        return [(str(year), str(year)) for year in sorted(years, reverse=True)]

    def queryset(self, request, queryset):
        value = self.value() or ""
        if not (value.isascii() and value.isdigit() and 1 <= int(value) <= 9999):
            return None
        return queryset.filter(created_at__year=int(value))


class DecisionForm(forms.ModelForm):
    """The decision on a claim: approved or declined, and the message the member gets."""

    status = forms.ChoiceField(
        label=_("Decision"),
        choices=DECISIONS,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose to approve or decline the claim.")},
    )

    class Meta:
        model = Claim
        fields = ["status", "decision_message"]


class BulkDecisionForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the members (optional)"),
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=_("Each member gets the decision by email, with this message."),
    )


# What the list's actions say, per decision.
BULK_SENTENCES = {
    ClaimStatus.APPROVED: {
        "title": _("Approve claims"),
        "button": _("Approve"),
        "done": lambda count: ngettext(
            "%(count)d claim approved; its member is told by email.",
            "%(count)d claims approved; their members are told by email.",
            count,
        ),
        "already": lambda count: ngettext(
            "%(count)d claim was already approved: left as it was.",
            "%(count)d claims were already approved: left as they were.",
            count,
        ),
        "refused": _("%(claim)s, by %(member)s, could not be approved. %(reason)s"),
    },
    ClaimStatus.DECLINED: {
        "title": _("Decline claims"),
        "button": _("Decline"),
        "done": lambda count: ngettext(
            "%(count)d claim declined; its member is told by email.",
            "%(count)d claims declined; their members are told by email.",
            count,
        ),
        "already": lambda count: ngettext(
            "%(count)d claim was already declined: left as it was.",
            "%(count)d claims were already declined: left as they were.",
            count,
        ),
        "refused": _("%(claim)s, by %(member)s, could not be declined. %(reason)s"),
    },
}


def benefit_label(benefit) -> str:
    """A benefit as the list names it: its category, and its agreement's title."""
    return f"{capfirst(benefit.get_category_display())} — {benefit.agreement.title}"


def local_time(moment) -> str:
    """A moment as the CSV file writes it: the portal's time zone, to the minute."""
    if moment is None:
        return ""
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


@admin.register(Claim)
class ClaimAdmin(PortalChangeListMixin, ScopedAdminMixin, admin.ModelAdmin):
    form = DecisionForm
    list_display = [
        "created_at",
        "member_name",
        "organization_name",
        "benefit_name",
        "quantity",
        "status",
        "handled_by_name",
    ]
    list_display_links = ["created_at", "member_name"]
    list_filter = [
        "status",
        ("handled_by", admin.RelatedOnlyFieldListFilter),
        "benefit__category",
        ClaimYearFilter,
    ]
    list_select_related = ["user", "organization", "benefit__agreement", "handled_by"]
    search_fields = [
        "user__first_name",
        "user__last_name",
        "user__email",
        "user__username",
        "organization__name_en",
        "organization__name_fr",
    ]
    show_full_result_count = False
    actions = ["approve_selected", "decline_selected"]
    change_list_template = "admin/members/claim/change_list.html"
    bulk_template = "admin/members/claim/decide_selected.html"
    # What the member entered, and who decided when: shown, never edited.
    claim_fields = [
        "member",
        "organization_name",
        "through_association_name",
        "benefit_description",
        "quantity",
        "note",
        "created_at",
        "counted_in",
        "handled_by_name",
    ]
    decided_fields = ["decided_by_name", "decided_at"]
    fieldsets = [
        (_("Claim"), {"fields": claim_fields}),
        (
            _("Decision"),
            {
                "fields": ["status", "decision_message", *decided_fields],
                "description": _(
                    "Saving sends the decision and the message to the member by email."
                ),
            },
        ),
    ]
    readonly_fields = [*claim_fields, *decided_fields]

    # What the page shows -----------------------------------------------------------

    @admin.display(description=_("member"), ordering="user__last_name")
    def member_name(self, claim):
        return person_name(claim.user)

    @admin.display(description=_("member"))
    def member(self, claim):
        name = person_name(claim.user)
        return f"{name} <{claim.user.email}>" if claim.user.email else name

    @admin.display(description=_("member organization"))
    def organization_name(self, claim):
        return claim.organization.name if claim.organization else self.get_empty_value_display()

    @admin.display(description=_("as a member of"))
    def through_association_name(self, claim):
        association = claim.through_association
        return association.name if association else self.get_empty_value_display()

    @admin.display(description=_("handled by"))
    def handled_by_name(self, claim):
        return claim.handled_by.name if claim.handled_by else self.get_empty_value_display()

    @admin.display(description=_("benefit"), ordering="benefit__category")
    def benefit_name(self, claim):
        return benefit_label(claim.benefit)

    @admin.display(description=_("benefit"))
    def benefit_description(self, claim):
        return f"{benefit_label(claim.benefit)}: {claim.benefit.description}"

    @admin.display(description=_("counted in"))
    def counted_in(self, claim):
        if claim.period:
            return str(claim.period)
        return gettext("the benefit's whole validity")

    @admin.display(description=_("decided by"))
    def decided_by_name(self, claim):
        if claim.decided_by is None:
            return self.get_empty_value_display()
        return person_name(claim.decided_by)

    # Who may do what ---------------------------------------------------------------

    def has_add_permission(self, request):
        # Members make claims from their benefits page, nobody here.
        return False

    def has_delete_permission(self, request, obj=None):
        # A claim is evidence of the benefit's use; forget_user erases a member's.
        return False

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.status == ClaimStatus.WITHDRAWN:
            # The member withdrew it: there is nothing left to decide.
            return False
        return super().has_change_permission(request, obj)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related(
                "user",
                "organization",
                "through_association",
                "handled_by",
                "benefit__agreement",
                "decided_by",
            )
        )

    # The decision on the claim's page ----------------------------------------------

    def save_model(self, request, obj, form, change):
        if not form.has_changed():
            return
        claim = change_status(
            obj,
            form.cleaned_data["status"],
            by=request.user,
            message=form.cleaned_data["decision_message"],
        )
        obj._member_told = claim_decided(claim)

    def response_change(self, request, obj):
        told = getattr(obj, "_member_told", None)
        if told is True:
            self.message_user(request, gettext("The member is told of the decision by email."))
        elif told is False:
            self.message_user(
                request,
                gettext("The member's account has no email address: tell them another way."),
                messages.WARNING,
            )
        return super().response_change(request, obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ClaimRefused as refused:
            # Raised in the page's transaction, which rolled back: nothing was saved.
            self.message_user(
                request,
                gettext("Nothing was changed. %(reason)s") % {"reason": refused.reason},
                messages.ERROR,
            )
            return HttpResponseRedirect(request.get_full_path())

    # The list's actions ------------------------------------------------------------

    @admin.action(description=_("Approve the selected claims"), permissions=["change"])
    def approve_selected(self, request, queryset):
        return self.decide_selected(request, queryset, ClaimStatus.APPROVED, "approve_selected")

    @admin.action(description=_("Decline the selected claims"), permissions=["change"])
    def decline_selected(self, request, queryset):
        return self.decide_selected(request, queryset, ClaimStatus.DECLINED, "decline_selected")

    def decide_selected(self, request, queryset, status, action_name):
        """The page that asks for one message for all the selected claims, then the
        decision on each (``queryset`` is the list's: scoped and filtered)."""
        claims = list(queryset)
        form = BulkDecisionForm(request.POST if "post" in request.POST else None)
        if form.is_valid():
            self.decide_each(request, claims, status, form.cleaned_data["message"])
            return None
        sentences = BULK_SENTENCES[status]
        context = {
            **self.admin_site.each_context(request),
            "title": sentences["title"],
            "button": sentences["button"],
            "opts": self.opts,
            "form": form,
            "claims": claims,
            "action_name": action_name,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.bulk_template, context)

    def decide_each(self, request, claims, status, message):
        sentences = BULK_SENTENCES[status]
        decided = already = withdrawn = 0
        for claim in claims:
            if claim.status == ClaimStatus.WITHDRAWN:
                withdrawn += 1
                continue
            if claim.status == status:
                already += 1
                continue
            try:
                claim = change_status(claim, status, by=request.user, message=message)
            except ClaimRefused as refused:
                self.message_user(
                    request,
                    sentences["refused"]
                    % {
                        "claim": benefit_label(claim.benefit),
                        "member": person_name(claim.user),
                        "reason": refused.reason,
                    },
                    messages.ERROR,
                )
                continue
            claim_decided(claim)
            decided += 1
        if decided:
            self.message_user(
                request, sentences["done"](decided) % {"count": decided}, messages.SUCCESS
            )
        if already:
            self.message_user(
                request, sentences["already"](already) % {"count": already}, messages.WARNING
            )
        if withdrawn:
            self.message_user(
                request,
                ngettext(
                    "%(count)d claim was withdrawn by its member: there is nothing to decide.",
                    "%(count)d claims were withdrawn by their members: there is nothing to decide.",
                    withdrawn,
                )
                % {"count": withdrawn},
                messages.WARNING,
            )

    # The CSV file --------------------------------------------------------------------

    def get_urls(self):
        return [
            path(
                "export.csv",
                self.admin_site.admin_view(self.export_view),
                name="members_claim_export",
            ),
            *super().get_urls(),
        ]

    def export_view(self, request):
        """The claims of the list, with its filters, search and order, as a CSV file."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            return HttpResponseBadRequest(
                gettext("These filters cannot be read: go back to the list and choose again."),
                content_type="text/plain; charset=utf-8",
            )
        rows = changelist.get_queryset(request)
        return csv_export.csv_response("claims", export_columns(), rows)


def export_columns():
    statuses = csv_export.choice_labels(Claim, "status")
    column = csv_export.Column
    field = csv_export.field_column

    def name_of(attribute):
        def value(claim):
            record = getattr(claim, attribute)
            return record.name if record is not None else ""

        return value

    return [
        field(Claim, "created_at", lambda c: local_time(c.created_at)),
        column(_("member"), lambda c: person_name(c.user)),
        column(_("member email"), lambda c: c.user.email),
        field(Claim, "organization", name_of("organization")),
        field(Claim, "through_association", name_of("through_association")),
        field(Claim, "benefit", lambda c: capfirst(c.benefit.get_category_display())),
        column(_("benefit description"), lambda c: c.benefit.description),
        column(_("agreement"), lambda c: c.benefit.agreement.title),
        field(Claim, "quantity"),
        field(Claim, "note"),
        field(Claim, "status", lambda c: statuses.get(c.status, c.status)),
        field(Claim, "handled_by", name_of("handled_by")),
        field(Claim, "decided_at", lambda c: local_time(c.decided_at)),
        field(Claim, "decision_message"),
    ]
