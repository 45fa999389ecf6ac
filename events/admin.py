from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django_countries.filters import CountryFilter
from modeltranslation.admin import TranslationAdmin

from events.models import Event, EventOrganization, Series
from portal.admin_base import PortalAdmin, PortalInlineMixin
from portal.admin_base.publishing import PUBLICATION_FIELDS, PublishingAdminMixin


@admin.register(Series)
class SeriesAdmin(PortalAdmin, TranslationAdmin):
    list_display = ["name", "organizer", "event_count"]
    list_select_related = ["organizer"]
    search_fields = ["name_en", "name_fr", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["organizer", "owner"]
    fields = ["name", "slug", "organizer", "website", "description", "owner"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(event_count=Count("events"))

    @admin.display(description=_("events"), ordering="event_count")
    def event_count(self, series):
        return series.event_count


class EventOrganizationInline(PortalInlineMixin, admin.TabularInline):
    model = EventOrganization
    fields = ["organization", "role"]
    autocomplete_fields = ["organization"]
    # No empty rows until "Add another" is pressed.
    extra = 0


@admin.register(Event)
class EventAdmin(PublishingAdminMixin, PortalAdmin, TranslationAdmin):
    list_display = ["name", "edition", "series", "kind", "dates", "city", "publication"]
    list_filter = ["publication", "kind", "series", ("country", CountryFilter), "date_precision"]
    list_select_related = ["series"]
    search_fields = ["name_en", "name_fr", "edition", "city", "venue", "slug"]
    date_hierarchy = "start_date"
    prepopulated_fields = {"slug": ["name", "edition"]}
    autocomplete_fields = ["series", "related_agreements", "owner"]
    readonly_fields = ["created_at", "updated_at"]
    show_full_result_count = False
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    ("series", "edition"),
                    "slug",
                    "kind",
                    "description",
                    PUBLICATION_FIELDS,
                ]
            },
        ),
        (
            _("When"),
            {
                "fields": [
                    ("start_date", "end_date", "date_precision"),
                    ("start_time", "end_time", "time_zone"),
                ]
            },
        ),
        (_("Where"), {"fields": ["venue", "city", "region", "country", "online_url"]}),
        (
            _("Taking part"),
            {"fields": ["registration_url", "member_rate_note", "related_agreements"]},
        ),
        (_("Record"), {"fields": ["owner", "created_at", "updated_at"], "classes": ["collapse"]}),
    ]
    inlines = [EventOrganizationInline]


@admin.register(EventOrganization)
class EventOrganizationAdmin(PortalAdmin):
    parent_fields = ("event",)
    list_display = ["organization", "role", "event"]
    list_filter = ["role"]
    list_select_related = ["organization", "event"]
    search_fields = [
        "organization__name_en",
        "organization__name_fr",
        "organization__acronym_en",
        "event__name_en",
        "event__name_fr",
    ]
    autocomplete_fields = ["event", "organization"]
