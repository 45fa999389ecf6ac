from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_countries.filters import CountryFilter
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from organizations.duplicates import Names, possible_duplicates
from organizations.imports import MembershipResource, OrganizationResource
from organizations.merge_admin import MergeActionMixin
from organizations.models import Contact, Membership, Organization, Relationship, Sector
from portal.admin_base import (
    AnnouncesSavesMixin,
    PortalAdmin,
    PortalChangeListMixin,
    PortalInlineMixin,
)
from portal.admin_base.forms import VersionedForm
from portal.admin_base.imports import PortalImportMixin
from portal.admin_base.publishing import PUBLICATION_FIELDS, PublishingAdminMixin
from portal.publishing import offerable

# The names an organization is found by; a new one, or a change to one, is compared
# with the organizations already recorded.
NAME_FIELDS = ("name_en", "name_fr", "acronym_en", "acronym_fr")
# The close names a warning lists, at most.
LISTED_DUPLICATES = 5


class OrganizationForm(VersionedForm):
    """An organization's form that warns, before saving, of organizations recorded
    under a close name (``organizations.duplicates``): staff open them, or tick "This
    is a different organization" and save again."""

    different_organization = forms.BooleanField(
        required=False,
        label=_("This is a different organization"),
        help_text=_("Tick it to save although organizations with a close name are recorded."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("different_organization") or self.errors:
            return cleaned
        adding = self.instance._state.adding
        if not adding and not set(NAME_FIELDS) & set(self.changed_data):
            return cleaned
        names = Names.typed(
            [cleaned.get("name_en"), cleaned.get("name_fr")],
            [cleaned.get("acronym_en"), cleaned.get("acronym_fr")],
        )
        found = possible_duplicates(names, self.scope_viewer, exclude=self.instance.pk)
        if found:
            links = format_html_join(
                ", ",
                '<a href="{}">{}</a>',
                (
                    (reverse("admin:organizations_organization_change", args=[o.pk]), o.name)
                    for o in found[:LISTED_DUPLICATES]
                ),
            )
            message = ngettext(
                "An organization with a close name is already recorded: {names}. If this is "
                "a different organization, tick “{tick}” and save again.",
                "Organizations with a close name are already recorded: {names}. If this is "
                "a different organization, tick “{tick}” and save again.",
                len(found),
            )
            raise ValidationError(
                format_html(message, names=links, tick=gettext("This is a different organization")),
                code="duplicate",
            )
        return cleaned


@admin.register(Sector)
class SectorAdmin(AnnouncesSavesMixin, PortalChangeListMixin, TranslationAdmin):
    list_display = ["name", "slug", "organization_count"]
    search_fields = ["name_en", "name_fr", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        count = Count("organizations")
        if not request.viewer.is_admin:
            # Another association's drafts are not counted (portal.publishing).
            counted = offerable(Organization.all_objects.all(), request.viewer)
            count = Count("organizations", filter=Q(organizations__in=counted.values("pk")))
        return super().get_queryset(request).annotate(organization_count=count)

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
class OrganizationAdmin(
    MergeActionMixin, PublishingAdminMixin, PortalImportMixin, PortalAdmin, TranslationAdmin
):
    resource_classes = [OrganizationResource]
    form = OrganizationForm
    list_display = ["name", "acronym", "kind", "city", "country", "publication", "updated_at"]
    list_filter = ["publication", "kind", ("country", CountryFilter), "sectors"]
    list_select_related = ["owner"]
    search_fields = ["name_en", "name_fr", "acronym_en", "acronym_fr", "city", "region"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["sectors", "owner"]
    readonly_fields = ["created_at", "updated_at"]
    show_full_result_count = False
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "acronym",
                    "different_organization",
                    "slug",
                    "kind",
                    PUBLICATION_FIELDS,
                ]
            },
        ),
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
        (_("Record"), {"fields": ["owner", "created_at", "updated_at"], "classes": ["collapse"]}),
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
class MembershipAdmin(PortalImportMixin, PortalAdmin):
    resource_classes = [MembershipResource]
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
