"""What people ask of the associations: members' claims on benefits, requests for a
member account and suggested corrections to a public record.

Each is personal information: it is seen only by the person who made it (a claim,
on their benefits page) and by the staff of the association it is addressed to
(``handled_by``, ``association``, ``managed_by``), in the admin. ``forget_user`` and
``forget_contact`` erase them (members.privacy); the privacy page says how long the
requests are kept (``members.retention``).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from agreements.models import Benefit
from organizations.models import Organization


class HandledByQuerySet(models.QuerySet):
    """Rows addressed to an association: its staff manage them (portal.scoping)."""

    handled_through = "handled_by"

    def managed_by(self, associations):
        return self.filter(**{f"{self.handled_through}__in": associations})


class ClaimStatus(models.TextChoices):
    PENDING = "pending", _("waiting for the association")
    APPROVED = "approved", _("approved")
    DECLINED = "declined", _("declined")
    WITHDRAWN = "withdrawn", _("withdrawn")


# The claims that take a unit of an allowance: given, or waiting to be.
COUNTED_STATUSES = (ClaimStatus.PENDING, ClaimStatus.APPROVED)


class ClaimQuerySet(HandledByQuerySet):
    def counted(self):
        return self.filter(status__in=COUNTED_STATUSES)


class Claim(models.Model):
    """A member's claim on a benefit, through one of their associations."""

    benefit = models.ForeignKey(
        Benefit, on_delete=models.PROTECT, related_name="claims", verbose_name=_("benefit")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="benefit_claims",
        verbose_name=_("member"),
    )
    # Who they were when they claimed: their organization, the association whose
    # membership made them eligible and the one that handles the claim.
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("member organization"),
    )
    through_association = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("as a member of"),
    )
    handled_by = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        related_name="claims_handled",
        verbose_name=_("handled by"),
        help_text=_("The association that provides the benefit: its staff decide."),
    )
    quantity = models.PositiveSmallIntegerField(_("quantity"), default=1)
    note = models.TextField(_("note"), max_length=1000, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ClaimStatus, default=ClaimStatus.PENDING
    )
    # The allowance period the claim counts in: its year, or 0 over the validity.
    period = models.PositiveSmallIntegerField(_("counted in"), default=0, editable=False)
    # What it holds of an allowance, as it took it (members.claims): how many units,
    # and from whose counter (AllowanceUse.organization_key). None when it holds none,
    # so that changing the benefit's allowance later never gives back what was not taken.
    units_held = models.PositiveSmallIntegerField(default=0, editable=False)
    held_from = models.BigIntegerField(null=True, blank=True, editable=False)
    decision_message = models.TextField(
        _("message to the member"),
        max_length=2000,
        blank=True,
        help_text=_("Sent by email with the decision."),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("claimed at"), auto_now_add=True, db_index=True)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        indexes = [
            models.Index(fields=["handled_by", "status"]),
            models.Index(fields=["benefit", "period", "status"]),
            models.Index(fields=["user", "status"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="claim_quantity_positive"),
        ]

    def __str__(self):
        return f"{self.benefit} ({self.get_status_display()})"


class AllowanceUse(models.Model):
    """How much of a benefit's allowance its counted claims hold in one period, for all
    members (``organization`` empty) or for one member organization.

    The claim that takes a unit raises ``used`` by a conditional UPDATE that only
    succeeds within the allowance (members.claims), so two claims on the last unit at
    once give it once, on SQLite as on PostgreSQL.
    """

    benefit = models.ForeignKey(Benefit, on_delete=models.CASCADE, related_name="+")
    period = models.PositiveSmallIntegerField(default=0)
    # The member organization's id for an allowance per organization, 0 when shared.
    organization_key = models.BigIntegerField(default=0)
    used = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["benefit", "period", "organization_key"], name="allowance_use_unique"
            ),
        ]

    def __str__(self):
        return f"{self.benefit_id}/{self.period}/{self.organization_key}: {self.used}"


class AccessRequestQuerySet(HandledByQuerySet):
    handled_through = "association"


class RequestStatus(models.TextChoices):
    # The status of a request (une demande, in French).
    NEW = "new", pgettext_lazy("request status", "new")
    IN_PROGRESS = "in_progress", pgettext_lazy("request status", "in progress")
    DONE = "done", pgettext_lazy("request status", "done")
    DECLINED = "declined", pgettext_lazy("request status", "declined")


class AnsweredRequest(models.Model):
    """What a request sent through a public form shares: the language it was written in
    (its emails'), and how the staff answer it."""

    language = models.CharField(_("language"), max_length=7, choices=settings.LANGUAGES)
    status = models.CharField(
        _("status"), max_length=12, choices=RequestStatus, default=RequestStatus.NEW
    )
    staff_note = models.TextField(_("staff note"), blank=True)
    handled_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )
    created_at = models.DateTimeField(_("received at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]


class AccessRequest(AnsweredRequest):
    """Someone asks an association for a member account. Nothing is created by itself:
    its staff (or an administrator) open the account, or decline."""

    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), max_length=254)
    organization_name = models.CharField(_("organization"), max_length=300)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organization in the directory"),
    )
    association = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        related_name="access_requests",
        verbose_name=_("association"),
    )
    message = models.TextField(_("message"), max_length=2000, blank=True)

    objects = AccessRequestQuerySet.as_manager()

    class Meta(AnsweredRequest.Meta):
        verbose_name = _("member account request")
        verbose_name_plural = _("member account requests")

    def __str__(self):
        return f"{self.name} ({self.organization_name})"


class CorrectionRequest(AnsweredRequest):
    """Someone suggests a correction to a public record: it reaches the staff of the
    association that manages the record (administrators when none does)."""

    class Kind(models.TextChoices):
        ORGANIZATION = "organization", _("organization")
        AGREEMENT = "agreement", _("agreement")
        EVENT = "event", _("event")
        SERIES = "series", _("event series")

    record_kind = models.CharField(_("kind of record"), max_length=12, choices=Kind)
    record_id = models.BigIntegerField(_("record id"))
    # What the record was called and where it was, as the suggestion was made.
    record_title = models.CharField(_("record"), max_length=300)
    record_path = models.CharField(_("page"), max_length=300)
    handled_by = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="correction_requests",
        verbose_name=_("managed by"),
    )
    message = models.TextField(_("suggested correction"), max_length=4000)
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("email"), max_length=254, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("account"),
    )

    objects = HandledByQuerySet.as_manager()

    class Meta(AnsweredRequest.Meta):
        verbose_name = _("suggested correction")
        verbose_name_plural = _("suggested corrections")
        indexes = [models.Index(fields=["record_kind", "record_id"])]

    def __str__(self):
        return f"{self.record_title}: {self.get_status_display()}"
