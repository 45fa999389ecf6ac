from django.contrib import admin
from django.db.models import Exists, OuterRef, Prefetch
from django.urls import path
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import (
    TranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from agreements import release_review
from agreements.models import Agreement, Benefit, Commitment, Party, SourceDocument
from agreements.querysets import party_role_order
from organizations.models import Contact
from portal.admin_base import PortalAdmin, PortalInlineMixin
from portal.admin_base.forms import MASKED_PERSON
from portal.admin_base.publishing import PUBLICATION_FIELDS, PublishingAdminMixin
from portal.localized import localized


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


class PartyInline(SignerMixin, PortalInlineMixin, TranslationTabularInline):
    model = Party
    fields = ["organization", "role", "signed_by", "signed_by_title"]
    autocomplete_fields = ["organization", "signed_by"]
    # No empty rows until "Add another" is pressed.
    extra = 0


# What a benefit's form asks, inline in its agreement or on its own page.
BENEFIT_FIELDS = [
    "category",
    "granted_to",
    "description",
    "how_to_claim",
    "claim_visibility",
    ("valid_from", "valid_until"),
]


class BenefitInline(PortalInlineMixin, TranslationStackedInline):
    model = Benefit
    fields = BENEFIT_FIELDS
    autocomplete_fields = ["granted_to"]
    extra = 0


class CommitmentInline(PortalInlineMixin, TranslationStackedInline):
    model = Commitment
    fields = ["description", ("due_on", "due_on_precision"), "status", "progress_note"]
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


@admin.register(Agreement)
class AgreementAdmin(PublishingAdminMixin, PortalAdmin, TranslationAdmin):
    list_display = ["title", "party_names", "kind", "status", "signed", "publication"]
    list_filter = ["publication", "status", "kind", "signed_on_precision", "themes"]
    list_select_related = ["signing_event"]
    search_fields = ["title_en", "title_fr", "slug"]
    date_hierarchy = "signed_on"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["themes", "signing_event", "renews", "owner"]
    readonly_fields = ["created_at", "updated_at"]
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
            {"fields": [("effective_from", "effective_until"), "term_months", "renews"]},
        ),
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


@admin.register(Party)
class PartyAdmin(SignerMixin, PortalAdmin, TranslationAdmin):
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
    fields = ["agreement", "organization", "role", "signed_by", "signed_by_title"]
    show_full_result_count = False


class AgreementTermAdmin(PortalAdmin, TranslationAdmin):
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
    list_display = ["category", "agreement", "valid_from", "valid_until"]
    list_filter = ["category"]
    show_full_result_count = False
    autocomplete_fields = ["agreement", "granted_to"]
    fields = [
        "agreement",
        *BENEFIT_FIELDS,
    ]


@admin.register(Commitment)
class CommitmentAdmin(AgreementTermAdmin):
    list_display = ["__str__", "agreement", "due", "status"]
    list_filter = ["status"]
    date_hierarchy = "due_on"
    autocomplete_fields = ["agreement"]
    fields = ["agreement", "description", ("due_on", "due_on_precision"), "status", "progress_note"]


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
