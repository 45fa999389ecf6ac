from django.views.generic import DetailView

from organizations.filters import OrganizationFilter
from organizations.models import Organization
from portal.browse import BrowseView
from portal.localized import localized


class OrganizationListView(BrowseView):
    filterset_class = OrganizationFilter
    template_name = "organizations/organization_list.html"
    extra_context = {"section": "organizations"}

    def get_base_queryset(self):
        return Organization.objects.for_list()


class OrganizationDetailView(DetailView):
    template_name = "organizations/organization_detail.html"
    extra_context = {"section": "organizations"}

    def get_queryset(self):
        return Organization.objects.for_detail(self.request.viewer)

    def get_context_data(self, **kwargs):
        organization = self.object
        # Agreements and events are higher apps: reached through relation names, as
        # cards of their own querysets.
        return super().get_context_data(
            agreements=organization.agreements.for_list(),
            partners=Organization.objects.partners_of(organization).order_by(localized("name")),
            events=organization.events.for_list().order_by("-start_date"),
            relationships_out=organization.relationships_out.select_related("object"),
            relationships_in=organization.relationships_in.select_related("subject"),
            contacts=organization.visible_contacts,
            **kwargs,
        )
