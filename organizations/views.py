from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from organizations.detail import organization_page
from organizations.filters import OrganizationListFilter
from organizations.models import Organization
from organizations.structured_data import organization_structured_data
from portal.browse import BrowseView
from portal.publishing import preview_response


class OrganizationListView(BrowseView):
    filterset_class = OrganizationListFilter
    template_name = "organizations/organization_list.html"
    extra_context = {"section": "organizations"}
    empty_filtered = gettext_lazy("No organizations match these filters.")
    empty_unfiltered = gettext_lazy("No organization has been published yet.")
    empty_hint = gettext_lazy(
        "Remove a filter, choose a wider place or sector, or search every record instead."
    )

    def get_base_queryset(self):
        return Organization.objects.for_list()

    def get_page_rows(self, object_list):
        return object_list.card_rows()


def organization_detail(request, slug):
    context = organization_page(slug, request.viewer, timezone.localdate())
    if context is None:
        raise Http404(_("No such record."))
    response = render(
        request,
        "organizations/organization_detail.html",
        {
            "section": "organizations",
            "structured_data": organization_structured_data(
                context["organization"], request.build_absolute_uri
            ),
            **context,
        },
    )
    return preview_response(response, context["organization"])
