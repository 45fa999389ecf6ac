from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q

from portal.localized import localized

# Kinds of organization that have members of their own and so can grant benefits.
MEMBER_BASED_KINDS = ("association", "cluster", "alliance", "chamber_of_commerce")


class OrganizationQuerySet(models.QuerySet):
    def member_based(self):
        """Associations, clusters and networks: the organizations whose members claim benefits."""
        return self.filter(kind__in=MEMBER_BASED_KINDS)

    def partners_of(self, organization):
        """Organizations that are a party to an agreement with ``organization``."""
        from agreements.models import Party

        agreements = Party.objects.filter(organization=organization).values("agreement_id")
        partner_ids = (
            Party.objects.filter(agreement_id__in=agreements)
            .exclude(organization=organization)
            .values("organization_id")
        )
        return self.filter(pk__in=partner_ids)

    def granting_benefits(self, today):
        """Organizations whose members can claim at least one benefit on ``today``."""
        from agreements.models import Benefit

        current = Benefit.objects.current(today).filter(granted_to=OuterRef("pk"))
        return self.filter(Exists(current)).order_by(localized("name"), "id")

    def for_directory(self):
        """The directory list: what a result card shows, sectors in one extra query."""
        from organizations.models import Sector

        return self.only(
            "id",
            "slug",
            "name",
            "name_en",
            "name_fr",
            "acronym",
            "acronym_en",
            "acronym_fr",
            "kind",
            "city",
            "region",
            "country",
        ).prefetch_related(Prefetch("sectors", queryset=Sector.objects.order_by("name")))

    def for_export(self):
        """The directory's CSV file: whole records in the directory's order, their sectors
        in one more query."""
        sectors = self.model.sectors.field.related_model.objects.order_by(localized("name"))
        return self.prefetch_related(Prefetch("sectors", queryset=sectors)).order_by(
            localized("name"), "id"
        )


class ContactQuerySet(models.QuerySet):
    """Contacts are personal information: every output starts from ``visible_to``."""

    def visible_to(self, viewer):
        """The contacts ``viewer`` (an ``accounts.access.Viewer``) may see.

        Public ones for everyone; members-only ones for members of any association
        (and staff); staff-only ones for the staff of the association that manages
        the contact's organization, and for administrators.
        """
        if viewer.is_admin:
            return self.all()
        condition = Q(visibility="public")
        if viewer.is_member:
            condition |= Q(visibility="members")
        if viewer.staff_of:
            condition |= Q(visibility="staff") & (
                Q(organization_id__in=viewer.staff_of)
                | Q(organization__owner_id__in=viewer.staff_of)
            )
        return self.filter(condition)

    def public(self):
        """Contacts anyone may see."""
        from accounts.access import ANONYMOUS

        return self.visible_to(ANONYMOUS)
