from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.db.models import Exists, OuterRef, Prefetch
from django.urls import path
from django.utils.text import capfirst
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import (
    TranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from agreements import confirmation, dashboard, lifecycle, release_review, renewal
from agreements.admin_actions import AgreementActionsMixin, CommitmentActionsMixin
from agreements.admin_forms import (
    BenefitForm,
    BenefitInlineForm,
    BenefitInlineFormSet,
    CommitmentForm,
    CommitmentInlineForm,
    PartyForm,
    PartyInlineForm,
    offered_staff,
    person_label,
)
from agreements.choices import AgreementState, PartyRole
from agreements.models import (
    Agreement,
    Benefit,
    Commitment,
    Confirmation,
    Party,
    Reminder,
    SourceDocument,
)
from agreements.querysets import party_role_order
from organizations.models import Contact
from portal.admin_base import PortalAdmin, PortalInlineMixin
from portal.admin_base.forms import MASKED_PERSON
from portal.admin_base.publishing import PUBLICATION_FIELDS, PublishingAdminMixin
from portal.admin_base.read_only import RecordedByThePortalAdmin
from portal.dates import DatePrecision
from portal.localized import localized


class StaffChoicesMixin:
    """A party's responsible staff member and a commitment's owner: a plain select of
    the staff the user may name (``agreements.admin_forms``)."""

    person_fields = ("responsible", "owner")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.person_fields and db_field.related_model is not None:
            from django.contrib.auth import get_user_model

            if db_field.related_model is get_user_model():
                field = db_field.formfield(queryset=offered_staff(request.viewer), required=False)
                field.label_from_instance = person_label
                return field
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class RefreshesConfirmationsMixin:
    """After a write through this admin, the agreement's confirmations are brought up to
    date (``agreements.confirmation``): the record's, or the one a row belongs to."""

    def confirmed_agreement(self, obj):
        return obj if isinstance(obj, Agreement) else obj.agreement

    def refresh_confirmations(self, request, obj):
        agreement = self.confirmed_agreement(obj)
        if agreement is not None and agreement.pk is not None:
            confirmation.refresh_confirmations(agreement, request.viewer)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        self.refresh_confirmations(request, form.instance)

    def delete_model(self, request, obj):
        agreement = self.confirmed_agreement(obj)
        super().delete_model(request, obj)
        if agreement is not obj:
            self.refresh_confirmations(request, agreement)

    def delete_queryset(self, request, queryset):
        agreements = [] if self.model is Agreement else list({o.agreement for o in queryset})
        super().delete_queryset(request, queryset)
        for agreement in agreements:
            self.refresh_confirmations(request, agreement)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        response = super().history_form_view(request, object_id, version_id, extra_context)
        self.refresh_after(request, response, object_id)
        return response

    def restore_view(self, request, object_id, history_id):
        response = super().restore_view(request, object_id, history_id)
        self.refresh_after(request, response, object_id)
        return response

    def refresh_after(self, request, response, object_id):
        """After a POST that redirects (a revert to an earlier version, a deleted row
        restored), whatever the record is now: refreshing is harmless when nothing
        was written."""
        if request.method == "POST" and response.status_code == 302:
            record = self.model._default_manager.filter(pk=unquote(object_id)).first()
            if record is not None:
                self.refresh_confirmations(request, record)


class SignerMixin:
    """A party's signer, loaded with its organization (a contact's name includes it)
    and named only at the contact's visibility: one the user may not see is masked in
    lists and read-only pages, and is not searched by name."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "signed_by":
            kwargs["queryset"] = Contact.objects.select_related("organization")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_queryset(self, request):
        visible = Contact.objects.visible_to(request.viewer).filter(pk=OuterRef("signed_by"))
        return super().get_queryset(request).annotate(signer_visible=Exists(visible))

    @admin.display(description=_("signed by"))
    def signer(self, party):
        if party.signed_by_id is None:
            return self.get_empty_value_display()
        if getattr(party, "signer_visible", False):
            return str(party.signed_by)
        return MASKED_PERSON

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if self.has_change_permission(request, obj):
            return fields
        # Read only: the page names the signer as the list does.
        return ["signer" if name == "signed_by" else name for name in fields]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "signer"]

    def get_search_fields(self, request):
        fields = super().get_search_fields(request)
        if request.viewer.is_admin:
            return fields
        return [name for name in fields if not name.startswith("signed_by__")]


class PartyInline(StaffChoicesMixin, SignerMixin, PortalInlineMixin, TranslationTabularInline):
    model = Party
    form = PartyInlineForm
    fields = ["organization", "role", "signed_by", "signed_by_title", "responsible"]
    autocomplete_fields = ["organization", "signed_by"]
    # No empty rows until "Add another" is pressed.
    extra = 0


# What a benefit's form asks, inline in its agreement or on its own page: what it
# is, then how members claim it, then how much of it there is.
BENEFIT_FIELDSETS = [
    (None, {"fields": ["category", "granted_to", "description", ("valid_from", "valid_until")]}),
    (
        _("Claiming"),
        {
            "fields": [
                "provided_by",
                "accepts_claims",
                "how_to_claim",
                "claim_visibility",
                "code",
                "illustrative",
            ]
        },
    ),
    (_("Allowance"), {"fields": ["allowance", ("allowance_period", "allowance_scope")]}),
]


class BenefitInline(PortalInlineMixin, TranslationStackedInline):
    model = Benefit
    form = BenefitInlineForm
    formset = BenefitInlineFormSet
    fieldsets = BENEFIT_FIELDSETS
    autocomplete_fields = ["granted_to", "provided_by"]
    extra = 0


# What a commitment's form asks, inline in its agreement or on its own page.
COMMITMENT_FIELDS = [
    "description",
    ("due_on", "due_on_precision"),
    ("status", "last_checked_on"),
    "progress_note",
    "owner",
]


class CommitmentInline(StaffChoicesMixin, PortalInlineMixin, TranslationStackedInline):
    model = Commitment
    form = CommitmentInlineForm
    fields = COMMITMENT_FIELDS
    extra = 0


class SourceDocumentInline(PortalInlineMixin, admin.StackedInline):
    model = SourceDocument
    fields = [
        "title",
        "url",
        "language",
        ("published_on", "published_on_precision"),
        "full_text",
    ]
    extra = 0


class DashboardFilter(admin.SimpleListFilter):
    """The staff dashboard's sections (``agreements.dashboard``), as its "see all" lists."""

    title = _("staff dashboard")
    parameter_name = "dashboard"

    def lookups(self, request, model_admin):
        return [
            ("ending", _("ending within 180 days")),
            ("ended", _("ended without a renewal")),
            ("drafts", _("drafts waiting")),
            ("dormant", _("dormant")),
        ]

    def queryset(self, request, queryset):
        day = dashboard.today()
        conditions = {
            "ending": lambda: dashboard.ending_condition(day),
            "ended": lambda: dashboard.ended_condition(day),
            "drafts": dashboard.drafts_condition,
            "dormant": lambda: dashboard.dormant_condition(day),
        }
        condition = conditions.get(self.value())
        return None if condition is None else queryset.filter(condition())


class StateFilter(admin.SimpleListFilter):
    """Where agreements stand today, from their status and dates (``agreements.lifecycle``)."""

    title = _("where it stands")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return AgreementState.choices

    def queryset(self, request, queryset):
        if self.value() not in AgreementState.values:
            return None
        return queryset.filter(
            lifecycle.state_condition(Agreement, self.value(), dashboard.today())
        )


def describe_state(agreement, day):
    """Where ``agreement`` stands on ``day`` and until when, in a sentence."""
    renewed = Agreement.all_objects.filter(
        Exists(lifecycle.superseding_renewals(Agreement)), pk=agreement.pk
    ).exists()
    state = lifecycle.agreement_state(agreement, day, renewed=renewed)
    to_the_day = agreement.ends_on_precision == DatePrecision.DAY
    if agreement.ends_on is None:
        end = gettext("Open-ended: no end date recorded.")
    elif state == AgreementState.ENDED:
        ended = gettext("Ended on %(date)s.") if to_the_day else gettext("Ended in %(date)s") + "."
        end = ended % {"date": agreement.ends}
    elif to_the_day:
        end = gettext("In force until %(date)s.") % {"date": agreement.ends}
    else:
        end = (
            pgettext("an end known to the month or year", "In force until %(date)s")
            % {"date": agreement.ends}
            + "."
        )
    if state == AgreementState.IN_FORCE:
        if agreement.ends_on is not None:
            return end
        return gettext("In force. %(end)s") % {"end": end}
    if state == AgreementState.ENDED:
        return end
    if state == AgreementState.RENEWED:
        return gettext("Renewed: a signed renewal supersedes it.")
    if state == AgreementState.TERMINATED:
        return gettext("Terminated.")
    if state == AgreementState.NOT_YET_IN_EFFECT:
        return gettext("Signed, not yet in effect. %(end)s") % {"end": end}
    if agreement.ends_on is not None:
        # A draft or an agreement in negotiation: the end its dates would give.
        if to_the_day:
            end = gettext("Its dates give an end of term on %(date)s.")
        else:
            end = pgettext(
                "an end known to the month or year", "Its dates give an end of term in %(date)s."
            )
        end = end % {"date": agreement.ends}
    return f"{capfirst(AgreementState(state).label)}. {end}"


@admin.register(Agreement)
class AgreementAdmin(
    AgreementActionsMixin,
    RefreshesConfirmationsMixin,
    PublishingAdminMixin,
    PortalAdmin,
    TranslationAdmin,
):
    list_display = ["title", "party_names", "kind", "status", "signed", "publication"]
    list_filter = [
        DashboardFilter,
        StateFilter,
        "publication",
        "status",
        "kind",
        "signed_on_precision",
        "themes",
    ]
    list_select_related = ["signing_event"]
    search_fields = ["title_en", "title_fr", "slug"]
    date_hierarchy = "signed_on"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["themes", "signing_event", "renews", "owner"]
    # A renewal makes the agreement it renews read "renewed" and silences its reminders:
    # only that agreement's own staff may say so.
    managed_fields = {"renews": renewal.RENEWS_UNMANAGED}
    readonly_fields = ["created_at", "updated_at", "state_and_end"]
    show_full_result_count = False
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "status", "themes", PUBLICATION_FIELDS]}),
        (_("Content"), {"fields": ["summary", "objectives"]}),
        (
            _("Signing"),
            {
                "fields": [
                    ("signed_on", "signed_on_precision"),
                    "signing_place",
                    "signing_event",
                ]
            },
        ),
        (
            _("Term"),
            {
                "fields": [
                    "state_and_end",
                    ("effective_from", "effective_until"),
                    "term_months",
                    "renews",
                ]
            },
        ),
        (_("Reminders"), {"fields": ["notice_days", "reminders_snoozed_until"]}),
        (_("Record"), {"fields": ["owner", "created_at", "updated_at"], "classes": ["collapse"]}),
    ]
    inlines = [PartyInline, CommitmentInline, BenefitInline, SourceDocumentInline]
    change_list_template = "admin/agreements/agreement/change_list.html"

    def get_urls(self):
        return [
            path(
                "from-release/",
                self.admin_site.admin_view(self.from_release_view),
                name="agreements_agreement_from_release",
            ),
            *super().get_urls(),
        ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "notice_days" and field is not None:
            # Left empty: no reminder about the end (the field's help says so).
            field.required = False
        return field

    def _create_formsets(self, request, obj, change):
        # A benefit's provider is checked against the parties the same page saves: its
        # formset reads the parties' (Django offers no public way to link them).
        formsets, inlines = super()._create_formsets(request, obj, change)
        by_model = {
            inline.model: formset for formset, inline in zip(formsets, inlines, strict=True)
        }
        if Benefit in by_model:
            by_model[Benefit].party_formset = by_model.get(Party)
        return formsets, inlines

    @admin.display(description=_("where it stands"))
    def state_and_end(self, agreement):
        if agreement is None or agreement.pk is None:
            return gettext("Known once the agreement is saved.")
        return describe_state(agreement, dashboard.today())

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk is not None and not add:
            context["confirmation_panel"] = confirmation_panel(
                obj, request.viewer, may_confirm=self.has_change_permission(request, obj)
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def from_release_view(self, request):
        """ "New from a press release": read, review, create the draft."""
        return release_review.release_view(self, request)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            "may_read_releases": release_review.may_read_releases(request),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        match = request.resolver_match
        if match is not None and match.url_name == "agreements_agreement_changelist":
            # The list names each agreement's parties, read in one query for the page.
            parties = Party.objects.select_related("organization").order_by(
                party_role_order(), localized("organization__name"), "id"
            )
            queryset = queryset.prefetch_related(Prefetch("party_set", parties))
        return queryset

    @admin.display(description=_("parties"))
    def party_names(self, agreement):
        return ", ".join(party.organization.name for party in agreement.party_set.all())


def confirmation_panel(agreement, viewer, *, may_confirm):
    """What the agreement's page says of its confirmations, and the buttons ``viewer``
    gets: one per signatory association of theirs, if they ``may_confirm`` (the change
    permission, as the confirm button's view asks), with the ``fingerprint`` of the
    snapshot they confirm."""
    parties = list(
        Party.objects.filter(agreement=agreement)
        .with_confirmation()
        .select_related("organization")
        .order_by(party_role_order(), localized("organization__name"), "id")
    )
    state = confirmation.confirmation_state(parties)
    own = set(viewer.staff_of) if viewer.is_staff and may_confirm else set()
    confirmed = {entry.organization.pk: entry for entry in state.confirmed}
    buttons = [
        {"organization": party.organization, "confirmation": confirmed.get(party.organization_id)}
        for party in parties
        if party.role == PartyRole.SIGNATORY and party.organization_id in own
    ]
    # What the buttons confirm: the snapshot read now, as the page shows it. Read only
    # when there is a button, as it takes a few queries.
    seen = confirmation.fingerprint(confirmation.snapshot(agreement)) if buttons else ""
    return {"state": state, "buttons": buttons, "fingerprint": seen, "is_admin": viewer.is_admin}


@admin.register(Party)
class PartyAdmin(
    StaffChoicesMixin, RefreshesConfirmationsMixin, SignerMixin, PortalAdmin, TranslationAdmin
):
    parent_fields = ("agreement",)
    list_display = ["organization", "role", "agreement", "signer"]
    list_filter = ["role"]
    list_select_related = ["organization", "agreement", "signed_by__organization"]
    search_fields = [
        "organization__name_en",
        "organization__name_fr",
        "organization__acronym_en",
        "agreement__title_en",
        "agreement__title_fr",
        "signed_by__name",
    ]
    autocomplete_fields = ["agreement", "organization", "signed_by"]
    form = PartyForm
    fields = ["agreement", "organization", "role", "signed_by", "signed_by_title", "responsible"]
    show_full_result_count = False


class AgreementTermAdmin(RefreshesConfirmationsMixin, PortalAdmin, TranslationAdmin):
    """A described term of an agreement (a benefit, a commitment), listed with it."""

    parent_fields = ("agreement",)
    list_select_related = ["agreement"]
    search_fields = [
        "description_en",
        "description_fr",
        "agreement__title_en",
        "agreement__title_fr",
    ]


@admin.register(Benefit)
class BenefitAdmin(AgreementTermAdmin):
    list_display = [
        "category",
        "agreement",
        "provided_by",
        "valid_from",
        "valid_until",
        "allowance_shown",
        "accepts_claims",
        "illustrative",
    ]
    list_filter = ["category", "accepts_claims", "illustrative"]
    list_select_related = ["agreement", "provided_by"]
    show_full_result_count = False
    form = BenefitForm
    autocomplete_fields = ["agreement", "granted_to", "provided_by"]
    fieldsets = [
        (None, {"fields": ["agreement"]}),
        *BENEFIT_FIELDSETS,
    ]

    @admin.display(description=_("allowance"), ordering="allowance")
    def allowance_shown(self, benefit):
        if benefit.allowance is None:
            return self.get_empty_value_display()
        return f"{benefit.allowance} ({benefit.get_allowance_period_display()})"


class OverdueFilter(admin.SimpleListFilter):
    """The staff dashboard's overdue commitments (``agreements.dashboard``)."""

    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("overdue"))]

    def queryset(self, request, queryset):
        if self.value() != "yes":
            return None
        return queryset.filter(dashboard.overdue_condition(dashboard.today()))


@admin.register(Commitment)
class CommitmentAdmin(CommitmentActionsMixin, StaffChoicesMixin, AgreementTermAdmin):
    list_display = ["__str__", "agreement", "due", "status", "owner_name"]
    list_filter = [OverdueFilter, "status"]
    list_select_related = ["agreement", "owner"]
    date_hierarchy = "due_on"
    autocomplete_fields = ["agreement"]
    form = CommitmentForm
    fields = ["agreement", *COMMITMENT_FIELDS, "reminders_snoozed_until"]

    @admin.display(description=_("owner"), ordering="owner__username")
    def owner_name(self, commitment):
        if commitment.owner is None:
            return self.get_empty_value_display()
        return person_label(commitment.owner)


@admin.register(SourceDocument)
class SourceDocumentAdmin(PortalAdmin):
    parent_fields = ("agreement",)
    list_display = ["title", "agreement", "language", "published"]
    list_filter = ["language"]
    list_select_related = ["agreement"]
    search_fields = ["title", "url", "agreement__title_en", "agreement__title_fr"]
    autocomplete_fields = ["agreement"]
    fields = [
        "agreement",
        "title",
        "url",
        "language",
        ("published_on", "published_on_precision"),
        "full_text",
    ]


@admin.register(Confirmation)
class ConfirmationAdmin(RecordedByThePortalAdmin):
    list_display = ["agreement", "organization", "confirmed_at", "changed_since"]
    list_select_related = ["agreement", "organization"]
    search_fields = ["agreement__title_en", "agreement__title_fr", "organization__name_en"]
    fields = ["agreement", "organization", "confirmed_by", "confirmed_at", "changed_since"]
    readonly_fields = fields

    @admin.display(description=_("changed since"))
    def changed_since(self, record):
        labels = confirmation.part_labels(record.stale_fields)
        return ", ".join(labels) if labels else gettext("nothing: current")


@admin.register(Reminder)
class ReminderAdmin(RecordedByThePortalAdmin):
    list_display = ["sent_on", "occasion", "agreement", "commitment", "outcome"]
    list_filter = ["occasion", "outcome"]
    list_select_related = ["agreement", "commitment"]
    date_hierarchy = "sent_on"
    fields = [
        "agreement",
        "commitment",
        "occasion",
        "step",
        "about_date",
        "sent_on",
        "outcome",
        "recipients",
    ]
    readonly_fields = fields
