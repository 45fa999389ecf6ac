"""The fixed lists of values a field can take, compared through these enums everywhere."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganizationKind(models.TextChoices):
    ASSOCIATION = "association", _("association")
    CLUSTER = "cluster", _("cluster")
    ALLIANCE = "alliance", _("alliance or network")
    UNIVERSITY = "university", _("university")
    RESEARCH_CENTRE = "research_centre", _("research centre")
    HOSPITAL = "hospital", _("hospital")
    COMPANY = "company", _("company")
    GOVERNMENT = "government", _("government body")
    ECONOMIC_DEVELOPMENT = "economic_development", _("economic development agency")
    FUNDING_BODY = "funding_body", _("funding body")
    FOUNDATION = "foundation", _("foundation")
    CHAMBER_OF_COMMERCE = "chamber_of_commerce", _("chamber of commerce")


class CountQualifier(models.TextChoices):
    EXACT = "exact", _("exactly")
    ABOUT = "about", _("about")
    MORE_THAN = "more_than", _("more than")


class RelationshipKind(models.TextChoices):
    """How the first organization relates to the second ("A is a member of B")."""

    MEMBER_OF = "member_of", _("is a member of")
    ALLIANCE_OF = "alliance_of", _("is an alliance of")
    PART_OF = "part_of", _("is part of")
    CREATED_BY = "created_by", _("was created by")
    FUNDED_BY = "funded_by", _("is funded by")
    UNDER_AUSPICES_OF = "under_auspices_of", _("is under the auspices of")
    SISTER_CITY_OF = "sister_city_of", _("is a sister city of")
    PARTNER_OF = "partner_of", _("is a partner of")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("public")
    MEMBERS = "members", _("members only")
    STAFF = "staff", _("staff only")


# Kinds of organization that have members of their own and so can grant benefits.
MEMBER_BASED_KINDS = (
    OrganizationKind.ASSOCIATION,
    OrganizationKind.CLUSTER,
    OrganizationKind.ALLIANCE,
    OrganizationKind.CHAMBER_OF_COMMERCE,
)
