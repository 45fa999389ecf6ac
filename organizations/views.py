from django.db.models import Q
from django.views.generic import DetailView

from organizations.filters import OrganizationFilter
from organizations.models import Organization, Relationship
from portal.browse import BrowseView

# What the page shows of a relationship and of the organization at its other end.
RELATIONSHIP_FIELDS = (
    "kind",
    "since",
    "since_precision",
    "note",
    "note_en",
    "note_fr",
    *[
        f"{end}__{name}"
        for end in ("subject", "object")
        for name in ("slug", "name", "name_en", "name_fr")
    ],
)


class OrganizationListView(BrowseView):
    filterset_class = OrganizationFilter
    template_name = "organizations/organization_list.html"
    extra_context = {"section": "organizations"}

    def get_base_queryset(self):
        return Organization.objects.for_list()

    def get_page_rows(self, object_list):
        return object_list.card_rows()


class OrganizationDetailView(DetailView):
    template_name = "organizations/organization_detail.html"
    extra_context = {"section": "organizations"}

    def get_queryset(self):
        return Organization.objects.for_detail(self.request.viewer)

    def get_context_data(self, **kwargs):
        organization = self.object
        # Agreements and events are higher apps: reached through relation names, as
        # cards of their own querysets. The agreements' party rows name the partners too.
        # The organization is a party to each of them.
        agreements = organization.agreements.cards_in_one_query(all_have_parties=True)
        partners = {
            party.organization_id: party
            for agreement in agreements
            for party in agreement.party_set.all()
            if party.organization_id != organization.pk
        }
        # Both directions in one query, in the model's order, then told apart.
        relationships = (
            Relationship.objects.filter(Q(subject=organization) | Q(object=organization))
            .select_related("subject", "object")
            .only(*RELATIONSHIP_FIELDS)
        )
        return super().get_context_data(
            agreements=agreements,
            partners=[
                party.organization
                for party in sorted(partners.values(), key=lambda party: party.name_order)
            ],
            events=organization.events.for_list().order_by("-start_date"),
            relationships_out=[r for r in relationships if r.subject_id == organization.pk],
            relationships_in=[r for r in relationships if r.object_id == organization.pk],
            contacts=organization.visible_contacts,
            **kwargs,
        )
