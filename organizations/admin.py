from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django_countries.filters import CountryFilter
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from organizations.models import Contact, Membership, Organization, Relationship, Sector
from portal.admin_base import (
    AnnouncesSavesMixin,
    PortalAdmin,
    PortalChangeListMixin,
    PortalInlineMixin,
)


@admin.register(Sector)
class SectorAdmin(AnnouncesSavesMixin, PortalChangeListMixin, TranslationAdmin):
    list_display = ["name", "slug", "organization_count"]
    search_fields = ["name_en", "name_fr", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(organization_count=Count("organizations"))

    @admin.display(description=_("organizations"), ordering="organization_count")
    def organization_count(self, sector):
        return sector.organization_count


class ContactInline(PortalInlineMixin, TranslationTabularInline):
    model = Contact
    fields = ["name", "title", "email", "phone", "visibility"]
    extra = 0


class RelationshipInline(PortalInlineMixin, TranslationTabularInline):
    model = Relationship
    fk_name = "subject"
    fields = ["kind", "object", "since", "since_precision", "until", "until_precision", "note"]
    autocomplete_fields = ["object"]
    extra = 0
    verbose_name_plural = _("relationships to other organizations")


class MembershipInline(PortalInlineMixin, admin.TabularInline):
    model = Membership
    fk_name = "member"
    # Only an association's staff record who its members are.
    parent_fields = ("association",)
    fields = ["association", "since", "since_precision", "until", "until_precision"]
    autocomplete_fields = ["association"]
    extra = 0
    verbose_name_plural = _("memberships of associations")


@admin.register(Organization)
class OrganizationAdmin(PortalAdmin, TranslationAdmin):
    list_display = ["name", "acronym", "kind", "city", "region", "country", "updated_at"]
    list_filter = ["kind", ("country", CountryFilter), "sectors"]
    list_select_related = ["owner"]
    search_fields = ["name_en", "name_fr", "acronym_en", "acronym_fr", "city", "region"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["sectors", "owner"]
    readonly_fields = ["created_at", "updated_at"]
    show_full_result_count = False
    fieldsets = [
        (None, {"fields": ["name", "acronym", "slug", "kind"]}),
        (_("Activity"), {"fields": ["description", "website", "sectors"]}),
        (
            _("Location"),
            {"fields": ["city", "region", "country", ("latitude", "longitude")]},
        ),
        (
            _("Founding and members"),
            {
                "fields": [
                    "founded_year",
                    ("member_count_qualifier", "member_count"),
                    ("member_count_as_of", "member_count_as_of_precision"),
                ]
            },
        ),
        (_("Record"), {"fields": ["owner", "created_at", "updated_at"]}),
    ]
    inlines = [ContactInline, RelationshipInline, MembershipInline]


@admin.register(Relationship)
class RelationshipAdmin(PortalAdmin, TranslationAdmin):
    parent_fields = ("subject",)
    list_display = ["subject", "kind", "object", "since_date", "until_date"]
    list_filter = ["kind"]
    list_select_related = ["subject", "object"]
    search_fields = [
        "subject__name_en",
        "subject__name_fr",
        "subject__acronym_en",
        "object__name_en",
        "object__name_fr",
        "object__acronym_en",
    ]
    autocomplete_fields = ["subject", "object"]
    fields = [
        "subject",
        "kind",
        "object",
        ("since", "since_precision"),
        ("until", "until_precision"),
        "note",
    ]


@admin.register(Membership)
class MembershipAdmin(PortalAdmin):
    parent_fields = ("association",)
    list_display = ["member", "association", "since_date", "until_date"]
    list_filter = [("association", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["member", "association"]
    search_fields = [
        "member__name_en",
        "member__name_fr",
        "member__acronym_en",
        "association__name_en",
        "association__name_fr",
        "association__acronym_en",
    ]
    autocomplete_fields = ["member", "association"]
    fields = ["member", "association", ("since", "since_precision"), ("until", "until_precision")]


@admin.register(Contact)
class ContactAdmin(PortalAdmin, TranslationAdmin):
    parent_fields = ("organization",)
    list_display = ["name", "title", "organization", "email", "visibility"]
    list_filter = ["visibility"]
    list_select_related = ["organization"]
    search_fields = ["name", "email", "organization__name_en", "organization__acronym_en"]
    autocomplete_fields = ["organization"]

    def get_queryset(self, request):
        # A contact's name includes its organization's, and the autocomplete of
        # "signed by" lists contacts through this queryset.
        return super().get_queryset(request).select_related("organization")
