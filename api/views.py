"""The read-only JSON API: the portal's records for partner sites and tools.

Each list takes the same filters as its page on the site (the same FilterSets),
pages with a cursor, and answers in the language of ``?lang=`` or of the
``Accept-Language`` header. Signed-in members and staff (the site's session)
see what they see on the pages; nobody else does.
"""

from django.db.models import F
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import NotFound, ValidationError

from accounts.access import viewer_for
from agreements.filters import AgreementFilter, BenefitFilter
from agreements.models import Agreement, Benefit
from api import serializers
from api.filtering import FilterBackend
from api.pagination import ByIdCursorPagination, EventCursorPagination
from api.rows import RowReader, concrete_fields, group_by
from events.filters import EventFilter
from events.models import Event, Series
from organizations.filters import OrganizationFilter
from organizations.models import Contact, Organization, Sector

LANGUAGES = ("en", "fr")

LANG_PARAMETER = OpenApiParameter(
    "lang",
    OpenApiTypes.STR,
    enum=list(LANGUAGES),
    description=_(
        "Language of the texts (en or fr). Without it, the Accept-Language header decides."
    ),
)


def documented(list_summary, one_summary):
    """Name a viewset's two operations in the schema; both take ``lang``."""
    return extend_schema_view(
        list=extend_schema(parameters=[LANG_PARAMETER], summary=list_summary),
        retrieve=extend_schema(parameters=[LANG_PARAMETER], summary=one_summary),
    )


class PortalViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    filter_backends = [FilterBackend]

    def initial(self, request, *args, **kwargs):
        lang = request.query_params.get("lang")
        if lang is not None:
            if lang not in LANGUAGES:
                raise ValidationError({"lang": [_("Choose en or fr.")]})
            translation.activate(lang)
            request.LANGUAGE_CODE = lang
        super().initial(request, *args, **kwargs)

    def get_object(self):
        try:
            return super().get_object()
        except Http404:
            # DRF's own message names the Python class ("No Organization matches…").
            raise NotFound(_("No such record.")) from None

    @property
    def viewer(self):
        # The middleware's, except on the requests the schema generator makes up.
        return getattr(self.request, "viewer", None) or viewer_for(self.request.user)


@documented(list_summary=_("Organizations"), one_summary=_("One organization"))
class OrganizationViewSet(PortalViewSet):
    serializer_class = serializers.OrganizationSerializer
    filterset_class = OrganizationFilter
    pagination_class = ByIdCursorPagination

    def get_queryset(self):
        return Organization.objects.for_detail(self.viewer)

    def list(self, request, *args, **kwargs):
        # The same records, sectors and contacts as for_detail() reads, read as rows.
        queryset = self.filter_queryset(self.get_queryset())
        fields = serializers.OrganizationSerializer.Meta.fields
        organizations = RowReader(Organization, concrete_fields(Organization, fields))
        page = organizations.rows(self.paginate_queryset(organizations.values(queryset)))
        ids = [organization.id for organization in page]
        sectors = RowReader(Sector, serializers.SectorSerializer.Meta.fields)
        in_sectors = group_by(
            sectors.rows(
                sectors.values(
                    Sector.objects.filter(organizations__in=ids), organization=F("organizations")
                )
            ),
            "organization",
        )
        contacts = RowReader(Contact, [*serializers.ContactSerializer.Meta.fields, "organization"])
        visible = Contact.objects.visible_to(self.viewer).filter(organization_id__in=ids)
        contacts_of = group_by(
            contacts.rows(contacts.values(visible.order_by("name"))), "organization_id"
        )
        for organization in page:
            organization.sectors = in_sectors.get(organization.id, [])
            organization.visible_contacts = contacts_of.get(organization.id, [])
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@documented(list_summary=_("Agreements"), one_summary=_("One agreement"))
class AgreementViewSet(PortalViewSet):
    serializer_class = serializers.AgreementSerializer
    filterset_class = AgreementFilter
    pagination_class = ByIdCursorPagination

    def get_queryset(self):
        return Agreement.objects.for_record(self.viewer)


@documented(list_summary=_("Events"), one_summary=_("One event"))
class EventViewSet(PortalViewSet):
    serializer_class = serializers.EventSerializer
    filterset_class = EventFilter
    pagination_class = EventCursorPagination

    def get_queryset(self):
        return Event.objects.for_record()


@documented(list_summary=_("Event series"), one_summary=_("One event series"))
class SeriesViewSet(PortalViewSet):
    serializer_class = serializers.SeriesSerializer
    pagination_class = ByIdCursorPagination

    def get_queryset(self):
        return Series.objects.for_detail()


@documented(list_summary=_("Member benefits"), one_summary=_("One member benefit"))
class BenefitViewSet(PortalViewSet):
    serializer_class = serializers.BenefitWithAgreementSerializer
    filterset_class = BenefitFilter
    pagination_class = ByIdCursorPagination
    lookup_field = "pk"
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return Benefit.objects.for_list(self.viewer)


@documented(list_summary=_("Sectors"), one_summary=_("One sector"))
class SectorViewSet(PortalViewSet):
    serializer_class = serializers.SectorSerializer
    pagination_class = ByIdCursorPagination

    def get_queryset(self):
        return Sector.objects.all()
