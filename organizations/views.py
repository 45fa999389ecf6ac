from django.views.generic import DetailView

from agreements.models import Agreement
from events.models import Event
from organizations.filters import OrganizationFilter
from organizations.models import Contact, Organization, Relationship
from portal.browse import BrowseView
from portal.localized import localized


class OrganizationListView(BrowseView):
    filterset_class = OrganizationFilter
    template_name = "organizations/organization_list.html"
    extra_context = {"section": "organizations"}

    def get_base_queryset(self):
        return Organization.objects.for_directory().order_by(localized("name"), "id")


class OrganizationDetailView(DetailView):
    template_name = "organizations/organization_detail.html"
    extra_context = {"section": "organizations"}

    def get_queryset(self):
        return Organization.objects.prefetch_related("sectors")

    def get_context_data(self, **kwargs):
        organization = self.object
        return super().get_context_data(
            agreements=Agreement.objects.filter(party_set__organization=organization)
            .select_related("signing_event")
            .for_cards()
            .order_by_signing(),
            partners=Organization.objects.partners_of(organization).order_by(localized("name")),
            events=Event.objects.filter(roles__organization=organization)
            .select_related("series")
            .order_by("-start_date"),
            relationships_out=Relationship.objects.filter(subject=organization).select_related(
                "object"
            ),
            relationships_in=Relationship.objects.filter(object=organization).select_related(
                "subject"
            ),
            contacts=Contact.objects.visible_to(self.request.viewer).filter(
                organization=organization
            ),
            **kwargs,
        )
