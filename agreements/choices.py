"""The fixed lists of values a field can take, compared through these enums everywhere."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AgreementKind(models.TextChoices):
    MOU = "mou", _("memorandum of understanding")
    COOPERATION = "cooperation", _("cooperation agreement")
    FRAMEWORK = "framework", _("framework agreement")
    LETTER_OF_INTENT = "letter_of_intent", _("letter of intent")
    RENEWAL = "renewal", _("renewal or extension")


class AgreementStatus(models.TextChoices):
    """What people decide about an agreement; the dates say the rest (AgreementState)."""

    DRAFT = "draft", _("draft")
    IN_NEGOTIATION = "in_negotiation", _("in negotiation")
    SIGNED = "signed", _("signed")
    TERMINATED = "terminated", _("terminated")


class AgreementState(models.TextChoices):
    """Where an agreement stands today: its status, read with its dates and renewals
    (``agreements.lifecycle``). Never stored: it follows the calendar by itself."""

    DRAFT = "draft", _("draft")
    IN_NEGOTIATION = "in_negotiation", _("in negotiation")
    NOT_YET_IN_EFFECT = "signed", _("signed, not yet in effect")
    IN_FORCE = "in_force", _("in force")
    ENDED = "ended", _("ended")
    RENEWED = "renewed", _("renewed")
    TERMINATED = "terminated", _("terminated")


class PartyRole(models.TextChoices):
    SIGNATORY = "signatory", _("signatory")
    SUPPORTER = "supporter", _("supporter")
    FACILITATOR = "facilitator", _("facilitator")
    FUNDER = "funder", _("funder")
    PARTICIPANT = "participant", _("participating institution")


class BenefitCategory(models.TextChoices):
    EVENT_ACCESS = "event_access", _("event access")
    PREFERENTIAL_RATES = "preferential_rates", _("preferential rates")
    NETWORKING = "networking", _("networking")
    BUSINESS_DEVELOPMENT = "business_development", _("business development and trade missions")
    SOFT_LANDING = "soft_landing", _("soft landing")
    MOBILITY = "mobility", _("mobility scholarships")
    JOINT_RESEARCH = "joint_research", _("joint research")
    INFORMATION_SHARING = "information_sharing", _("information sharing")


class AllowancePeriod(models.TextChoices):
    YEAR = "year", _("per calendar year")
    VALIDITY = "validity", _("over the benefit's validity")


class AllowanceScope(models.TextChoices):
    SHARED = "shared", _("shared by all eligible members")
    PER_ORGANIZATION = "organization", _("for each member organization")


class CommitmentStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    DROPPED = "dropped", _("dropped")
    # What the sources do not say: no outcome is invented for it.
    UNKNOWN = "unknown", _("status unknown")


# Not closed: staff are reminded of these, and follow them up once their date has passed.
OPEN_COMMITMENT_STATUSES = (
    CommitmentStatus.PLANNED,
    CommitmentStatus.IN_PROGRESS,
    CommitmentStatus.UNKNOWN,
)
# Known to be still under way: these are *overdue* once their date has passed. A
# commitment whose outcome nobody recorded (UNKNOWN) is past due, never called overdue:
# that would claim an outcome the sources do not state.
PENDING_COMMITMENT_STATUSES = (CommitmentStatus.PLANNED, CommitmentStatus.IN_PROGRESS)
