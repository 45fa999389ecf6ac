"""The read-only JSON API: the portal's records for partner sites and tools.

Each list takes the same filters as its page on the site (the same FilterSets),
pages with a cursor, and answers in the language of ``?lang=`` or of the
``Accept-Language`` header. Signed-in members and staff (the site's session)
see what they see on the pages; nobody else does.
"""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from modeltranslation.thread_context import fallbacks_enabled
from rest_framework import viewsets
from rest_framework.exceptions import NotFound, ValidationError

from accounts.access import viewer_for
from agreements.filters import AgreementFilter, BenefitFilter
from agreements.models import Agreement, Benefit, Commitment, Party
from api import serializers
from api.filtering import FilterBackend
from api.pagination import ByIdCursorPagination, EventCursorPagination
from api.rows import PagedRows, RelatedRows, prefetches
from events.filters import EventFilter
from events.models import Event, EventOrganization, Series
from organizations.filters import OrganizationFilter
from organizations.models import Contact, Organization, Sector
from portal.compiled_reads import resolved
from portal.publishing import Publication
from portal.rows import Row, RowReader, concrete_fields

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

    def list(self, request, *args, **kwargs):
        """The list's page read as rows (``api.rows``) where the viewset says how
        (``row_readers``): the records ``get_queryset()`` reads, filtered and paged,
        each with the records it prefetches, one query per relation, as the record's
        own endpoint reads them."""
        plan = self.list_plan()
        if plan is None:
            return super().list(request, *args, **kwargs)
        queryset = self.filter_queryset(plan.queryset)
        if queryset is plan.queryset:
            values = PagedRows(plan.values, plan.pages)
        else:
            values = plan.reader.values(queryset)
        page = plan.reader.rows(self.paginate_queryset(values))
        ids = [row.id for row in page]
        for attribute, read in plan.related.items():
            rows_of = read(ids)
            for row in page:
                row.__dict__[attribute] = rows_of.get(row.id, [])
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def row_readers(self):
        """The reader of the list's records and those of the records they relate,
        by the attribute ``get_queryset()`` prefetches them in; None to read the list
        as model instances."""
        return None

    def list_plan(self):
        """The list's named read and its readers, built once per language, day and
        viewer (``ListPlan``)."""
        viewer = resolved(self.viewer)
        key = (type(self), get_language(), fallbacks_enabled(), timezone.localdate(), viewer)
        plan = LIST_PLANS.get(key)
        if plan is None:
            readers = self.row_readers()
            if readers is None:
                return None
            if len(LIST_PLANS) >= MAX_LIST_PLANS:
                LIST_PLANS.clear()
            plan = LIST_PLANS[key] = ListPlan.of(self.get_queryset(), *readers)
        return plan


@dataclass(frozen=True)
class ListPlan:
    """How a list reads its pages as rows.

    The named reads of the apps are built anew by every call, and an agreement's
    (its prefetches' subqueries and orderings) costs more to build than a page of
    rows to read: a list keeps its read, and its readers, per language, day and
    viewer, everything either depends on. The queryset is never evaluated itself:
    each page filters, pages and reads clones of it and of its prefetches'.
    """

    queryset: QuerySet
    reader: RowReader
    # The rows of queryset, for the pages that filter nothing.
    values: QuerySet
    # The related records, by the attribute they are prefetched in.
    related: dict[str, RelatedRows]
    # The compiled pages of values (PagedRows).
    pages: dict

    @classmethod
    def of(cls, queryset, reader, related):
        prefetched = prefetches(queryset)
        model = queryset.model
        return cls(
            queryset,
            reader,
            reader.values(queryset),
            {
                attribute: RelatedRows(model, *prefetched[attribute], reader)
                for attribute, reader in related.items()
            },
            {},
        )


LIST_PLANS = {}
MAX_LIST_PLANS = 200


@documented(list_summary=_("Organizations"), one_summary=_("One organization"))
class OrganizationViewSet(PortalViewSet):
    serializer_class = serializers.OrganizationSerializer
    filterset_class = OrganizationFilter
    pagination_class = ByIdCursorPagination

    def get_queryset(self):
        return Organization.objects.for_detail(self.viewer)

    def row_readers(self):
        fields = serializers.OrganizationSerializer.Meta.fields
        return RowReader(Organization, concrete_fields(Organization, fields)), {
            "sectors": RowReader(Sector, serializers.SectorSerializer.Meta.fields),
            "visible_contacts": RowReader(Contact, serializers.ContactSerializer.Meta.fields),
        }


@documented(list_summary=_("Agreements"), one_summary=_("One agreement"))
class AgreementViewSet(PortalViewSet):
    serializer_class = serializers.AgreementSerializer
    filterset_class = AgreementFilter
    pagination_class = ByIdCursorPagination

    def get_queryset(self):
        # The state on today's date: the list's plan is kept per day (list_plan).
        return Agreement.objects.for_record(self.viewer, timezone.localdate())

    def row_readers(self):
        fields = serializers.AgreementSerializer.Meta.fields
        # With its publication: a draft is named as none (AgreementSerializer).
        slug = ["slug", "publication"]
        agreements = RowReader(
            Agreement,
            concrete_fields(Agreement, fields),
            related={"signing_event": RowReader(Event, slug), "renews": RowReader(Agreement, slug)},
            annotations=["state"],
        )
        commitments = serializers.CommitmentSerializer.Meta.fields
        return agreements, {
            "themes": RowReader(Sector, serializers.SectorSerializer.Meta.fields),
            "party_set": PartyReader(),
            "benefits": BenefitWithGranteesReader(),
            "commitments": RowReader(
                Commitment, concrete_fields(Commitment, commitments), annotations=["overdue"]
            ),
        }


@documented(list_summary=_("Events"), one_summary=_("One event"))
class EventViewSet(PortalViewSet):
    serializer_class = serializers.EventSerializer
    filterset_class = EventFilter
    pagination_class = EventCursorPagination

    def get_queryset(self):
        return Event.objects.for_record()

    def row_readers(self):
        fields = serializers.EventSerializer.Meta.fields
        events = RowReader(
            Event, concrete_fields(Event, fields), related={"series": RowReader(Series, ["slug"])}
        )
        roles = RowReader(
            EventOrganization, ["role"], related={"organization": organization_reference_reader()}
        )
        return events, {"roles": roles}


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

    def row_readers(self):
        fields = serializers.BenefitWithAgreementSerializer.Meta.fields
        agreement = serializers.AgreementRefSerializer.Meta.fields
        benefits = RowReader(
            Benefit,
            concrete_fields(Benefit, fields),
            annotations=["claim_details"],
            related={"agreement": RowReader(Agreement, concrete_fields(Agreement, agreement))},
        )
        return benefits, {"granted_to": organization_reference_reader()}


@documented(list_summary=_("Sectors"), one_summary=_("One sector"))
class SectorViewSet(PortalViewSet):
    serializer_class = serializers.SectorSerializer
    pagination_class = ByIdCursorPagination

    def get_queryset(self):
        return Sector.objects.all()


# Readers of the records the lists relate ------------------------------------------------


def organization_reference_reader():
    """An organization as another record names it (``OrganizationRefSerializer``)."""
    return RowReader(Organization, serializers.OrganizationRefSerializer.Meta.fields)


class PartyReader(RowReader):
    """The parties of ``Agreement.objects.for_record``: their organization, and their
    signer where the requester may see that contact (``visible_signer_name``), else None,
    as the record's parties hold it in ``signed_by``."""

    def __init__(self):
        super().__init__(
            Party,
            ["role", "signed_by_title"],
            related={"organization": organization_reference_reader()},
            annotations=[
                "visible_signer_name",
                "confirmed_at",
                "confirmation_stale_fields",
                "has_staff",
            ],
        )

    def row(self, values):
        name = values.pop("visible_signer_name")
        row = super().row(values)
        row.signed_by = None if name is None else Row(Contact, {"name": name})
        return row


class BenefitWithGranteesReader(RowReader):
    """The benefits of ``Agreement.objects.for_record``: one row per organization a
    benefit is granted to (``Benefit.objects.with_grantees_joined``, its ``grantee_…``
    annotations), read as each benefit once with those organizations in ``granted_to``,
    in the rows' order."""

    GRANTEE = "grantee_"

    def __init__(self):
        self.grantees = organization_reference_reader()
        fields = serializers.BenefitSerializer.Meta.fields
        super().__init__(
            Benefit,
            concrete_fields(Benefit, fields),
            annotations=[
                "claim_details",
                *self.grantees.columns_under(self.GRANTEE),
                # Read, not shown: a draft organization is left out (portal.publishing).
                f"{self.GRANTEE}publication",
            ],
        )

    def rows_by(self, dicts, key):
        benefits_of = {}
        grantees = {}
        for values in dicts:
            published = values.pop(f"{self.GRANTEE}publication") == Publication.PUBLISHED
            grantee = self.grantees.take(values, self.GRANTEE)
            benefits = benefits_of.setdefault(values.pop(key), [])
            if not benefits or benefits[-1].id != values["id"]:
                benefits.append(self.row(values))
                benefits[-1].granted_to = []
            if grantee is not None and published:
                # An organization granted several benefits: one row, shown once.
                grantee = grantees.setdefault(grantee.id, grantee)
                benefits[-1].granted_to.append(grantee)
        return benefits_of
