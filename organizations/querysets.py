from django.db import models

# Kinds of organization that have members of their own and so can grant benefits.
MEMBER_BASED_KINDS = ("association", "cluster", "alliance", "chamber_of_commerce")


class OrganizationQuerySet(models.QuerySet):
    def member_based(self):
        """Associations, clusters and networks: the organizations whose members claim benefits."""
        return self.filter(kind__in=MEMBER_BASED_KINDS)


class ContactQuerySet(models.QuerySet):
    def public(self):
        """Contacts anyone may see; pages for visitors start from here."""
        return self.filter(visibility="public")
