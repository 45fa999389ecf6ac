from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from agreements import lifecycle
from agreements.choices import (
    AgreementKind,
    AgreementState,
    AgreementStatus,
    AllowancePeriod,
    AllowanceScope,
    BenefitCategory,
    CommitmentStatus,
    PartyRole,
)
from agreements.querysets import AgreementQuerySet, BenefitQuerySet, PartyQuerySet
from organizations.models import Contact, Organization, Sector, Visibility, owner_field
from portal.dates import DatePrecision, check_precision, partial_date
from portal.prefetched import prefetched
from portal.publishing import Publishable, PublishedManager
from portal.scoping import ManagedThroughParentQuerySet
from portal.slug_urls import slug_url
from portal.versioning import VersionedModel

STATE_LABELS = dict(AgreementState.choices)


def validate_notice_days(value):
    try:
        lifecycle.parse_notice_days(value)
    except ValueError:
        raise ValidationError(
            _("Enter whole numbers of days between 0 and 3660, separated by commas."),
            code="notice_days",
        ) from None


class Agreement(Publishable, VersionedModel):
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=AgreementKind)
    status = models.CharField(
        _("status"), max_length=20, choices=AgreementStatus, default=AgreementStatus.SIGNED
    )
    summary = models.TextField(_("summary"), blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    themes = models.ManyToManyField(
        Sector, related_name="agreements", blank=True, verbose_name=_("themes")
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signed_on_precision = models.CharField(
        _("precision of the signing date"),
        max_length=5,
        choices=DatePrecision,
        default=DatePrecision.DAY,
    )
    signing_place = models.CharField(
        _("signing place"),
        max_length=200,
        blank=True,
        help_text=_("Where it was signed, as the sources say it: a venue, a city."),
    )
    signing_event = models.ForeignKey(
        "events.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements_signed",
        verbose_name=_("signing event"),
    )
    effective_from = models.DateField(_("effective from"), null=True, blank=True)
    effective_until = models.DateField(_("effective until"), null=True, blank=True)
    term_months = models.PositiveSmallIntegerField(
        _("term in months"),
        null=True,
        blank=True,
        help_text=_("When the agreement states a duration instead of an end date."),
    )
    # The last day in force, from the dates above (agreements.lifecycle.end_of_term),
    # written on every save so that "ending within 180 days" is an indexed range.
    ends_on = models.DateField(_("in force until"), null=True, blank=True, editable=False)
    ends_on_precision = models.CharField(
        max_length=5, choices=DatePrecision, default=DatePrecision.DAY, editable=False
    )
    notice_days = models.CharField(
        _("reminders before the end (days)"),
        max_length=60,
        default=", ".join(str(days) for days in lifecycle.DEFAULT_NOTICE_DAYS),
        validators=[validate_notice_days],
        help_text=_(
            "When the responsible staff are reminded that the agreement ends: days before "
            "its end, separated by commas. Leave it empty for no reminder."
        ),
    )
    reminders_snoozed_until = models.DateField(
        _("reminders paused until"),
        null=True,
        blank=True,
        help_text=_("No reminder about the end is sent before this day."),
    )
    renews = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="renewals",
        verbose_name=_("renews or replaces"),
        help_text=_(
            "The earlier agreement this one renews or replaces: once this one is signed, "
            "the earlier one reads as renewed."
        ),
    )
    parties = models.ManyToManyField(
        Organization,
        through="Party",
        related_name="agreements",
        verbose_name=_("parties"),
    )
    owner = owner_field()
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # The public reads published records only (portal.publishing); the admin all.
    all_objects = AgreementQuerySet.as_manager()
    objects = PublishedManager.from_queryset(AgreementQuerySet)()

    signed = partial_date("signed_on")
    ends = partial_date("ends_on", description=_("in force until"))

    # Many-to-many links recorded with each version (portal.history).
    history_m2m_fields = ("themes",)

    class Meta:
        ordering = ["-signed_on", "title"]
        default_manager_name = "all_objects"
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        indexes = [
            # order_by_signing() sorts NULLS LAST; PostgreSQL gets a matching index
            # in migration 0003 (SQLite cannot declare NULLS LAST in an index).
            models.Index(F("signed_on").desc(), F("id"), name="agr_signing_order_idx"),
            models.Index(fields=["status", "-signed_on"], name="agr_status_signed_idx"),
            models.Index(fields=["kind", "-signed_on"], name="agr_kind_signed_idx"),
            models.Index(fields=["-created_at"], name="agr_created_idx"),
            models.Index(fields=["ends_on"], name="agr_ends_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_from__isnull=True)
                | Q(effective_until__isnull=True)
                | Q(effective_until__gte=F("effective_from")),
                name="agreement_effective_until_not_before_from",
                violation_error_message=_("An agreement cannot end before it takes effect."),
            ),
            models.CheckConstraint(
                condition=Q(term_months__isnull=True) | Q(term_months__gt=0),
                name="agreement_term_positive",
                violation_error_message=_("The term must be at least one month."),
            ),
            models.CheckConstraint(
                condition=~Q(renews=F("id")),
                name="agreement_does_not_renew_itself",
                violation_error_message=_("An agreement cannot renew itself."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return slug_url("agreements:detail", self.slug)

    def clean(self):
        check_precision(self.signed_on, self.signed_on_precision, "signed_on")
        self.check_renewal_link()
        try:
            self.end_of_term()
        except (ValueError, OverflowError):
            raise ValidationError(
                {"term_months": _("This term would end after the year 9999.")},
                code="term_out_of_range",
            ) from None

    def save(self, *args, **kwargs):
        self.ends_on, self.ends_on_precision = self.end_of_term()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "ends_on", "ends_on_precision"}
        super().save(*args, **kwargs)

    def check_renewal_link(self):
        """Refuse a renewal link that would make the renewals unreadable: to itself, in a
        circle, or a second signed renewal of the same agreement."""
        if self.renews_id is None:
            return
        if self.pk is not None and self.renews_id == self.pk:
            raise ValidationError(
                {"renews": _("An agreement cannot renew itself.")}, code="renews_itself"
            )
        earlier, seen = self.renews_id, set()
        # Up the chain of what it renews, as far as a chain goes in practice.
        while earlier is not None and earlier not in seen and len(seen) < 100:
            if self.pk is not None and earlier == self.pk:
                raise ValidationError(
                    {"renews": _("This agreement is already among those that renew it.")},
                    code="renews_circle",
                )
            seen.add(earlier)
            earlier = (
                Agreement.all_objects.filter(pk=earlier).values_list("renews_id", flat=True).first()
            )
        if lifecycle.is_superseding(self):
            other = (
                Agreement.all_objects.filter(lifecycle.supersedes(), renews_id=self.renews_id)
                .exclude(pk=self.pk)
                .first()
            )
            if other is not None:
                raise ValidationError(
                    {
                        "renews": _("“%(other)s”, signed, already renews it.")
                        % {"other": other.title}
                    },
                    code="renewed_twice",
                )

    def end_of_term(self):
        """(ends_on, its precision) from the agreement's dates; bulk inserts call it too."""
        return lifecycle.end_of_term(
            effective_from=self.effective_from,
            effective_until=self.effective_until,
            term_months=self.term_months,
            signed_on=self.signed_on,
            signed_on_precision=self.signed_on_precision,
        )

    @property
    def notice_horizons(self) -> list[int]:
        """The notice days, the earliest horizon first (none when left empty)."""
        try:
            return lifecycle.parse_notice_days(self.notice_days)
        except ValueError:
            return list(lifecycle.DEFAULT_NOTICE_DAYS)

    @property
    def is_open_ended(self):
        return self.ends_on is None

    @property
    def state_label(self):
        """Where it stands today, in words: its ``state``, as ``with_state()`` annotates
        it or the page that worked it out sets it (``agreements.lifecycle``)."""
        return STATE_LABELS.get(self.state, self.state)

    @property
    def public_signing_event(self):
        """The signing event, where the public may see it: not while it is a draft."""
        event = self.signing_event
        return None if event is None or event.is_draft else event

    @property
    def signatories(self):
        """The signing organizations, read from ``party_set`` (prefetch it for lists)."""
        parties = prefetched(self, "party_set")
        return [p.organization for p in parties if p.role == PartyRole.SIGNATORY]

    @property
    def signatory_names(self):
        """The signing organizations' names, as a card lists them."""
        return [organization.name for organization in self.signatories]


class Party(VersionedModel):
    """An organization's role in an agreement, and who signed for it."""

    # Staff manage it when they manage its agreement (portal.scoping).
    managed_through = "agreement"
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="party_set",
        verbose_name=_("agreement"),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="parties",
        verbose_name=_("organization"),
    )
    role = models.CharField(
        _("role"), max_length=20, choices=PartyRole, default=PartyRole.SIGNATORY
    )
    signed_by = models.ForeignKey(
        Contact,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signatures",
        verbose_name=_("signed by"),
    )
    signed_by_title = models.CharField(_("signer's title at signing"), max_length=200, blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements_responsible_for",
        verbose_name=_("responsible staff member"),
        help_text=_(
            "Who follows the agreement for this association: they get its reminders. "
            "Only for an association, among its staff."
        ),
    )
    # Where the organization is, copied from it on every write (agreements.receivers,
    # and demo.synthetic's bulk inserts) so that the corridor, country and region
    # filters read the parties alone rather than join every party to its organization.
    organization_region = models.CharField(max_length=100, blank=True, editable=False)
    organization_country = models.CharField(max_length=2, blank=True, editable=False)

    objects = PartyQuerySet.as_manager()

    class Meta:
        ordering = ["agreement", "role", "organization__name"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        indexes = [
            models.Index(fields=["organization", "role"]),
            models.Index(fields=["organization_region", "agreement"], name="party_region_idx"),
            models.Index(
                Upper("organization_region"), F("agreement"), name="party_region_upper_idx"
            ),
            models.Index(fields=["organization_country", "agreement"], name="party_country_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "organization"],
                name="party_one_row_per_organization",
                violation_error_message=_("This organization is already a party to the agreement."),
            ),
        ]

    def __str__(self):
        return f"{self.organization.name}: {self.get_role_display()}"

    def copy_organization_place(self):
        self.organization_region = self.organization.region
        self.organization_country = self.organization.country


class Benefit(VersionedModel):
    """What an agreement grants to the members of one or more of its parties."""

    # Staff manage it when they manage its agreement (portal.scoping).
    managed_through = "agreement"

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="benefits", verbose_name=_("agreement")
    )
    category = models.CharField(_("category"), max_length=30, choices=BenefitCategory)
    description = models.TextField(_("description"))
    how_to_claim = models.TextField(
        _("how to claim"),
        blank=True,
        help_text=_("Who to contact, which code to quote: shown at the visibility below."),
    )
    claim_visibility = models.CharField(
        _("how to claim is shown to"),
        max_length=10,
        choices=Visibility,
        default=Visibility.MEMBERS,
        help_text=_(
            "Members only: signed-in members of the associations it is granted to "
            "(and their staff)."
        ),
    )
    granted_to = models.ManyToManyField(
        Organization,
        related_name="benefits_for_members",
        verbose_name=_("for the members of"),
        help_text=_("The parties whose members can claim this benefit."),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    provided_by = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="benefits_provided",
        verbose_name=_("provided by"),
        help_text=_(
            "The party that provides the benefit: its staff handle the claims. Leave it "
            "empty when each party provides it to the other's members; a claim then goes "
            "to the partner association."
        ),
    )
    accepts_claims = models.BooleanField(
        _("members claim it on Passerelle"),
        default=True,
        help_text=_(
            "Members claim it in one step from their benefits page, and the providing "
            "association approves or declines each claim."
        ),
    )
    code = models.CharField(
        _("member code"),
        max_length=100,
        blank=True,
        help_text=_(
            "A registration or discount code, shown only to members who can claim the "
            "benefit and to staff."
        ),
    )
    allowance = models.PositiveIntegerField(
        _("allowance"),
        null=True,
        blank=True,
        help_text=_(
            "How many units (seats, registrations, nights…) can be claimed; empty for no limit."
        ),
    )
    allowance_period = models.CharField(
        _("allowance period"),
        max_length=10,
        choices=AllowancePeriod,
        default=AllowancePeriod.YEAR,
    )
    allowance_scope = models.CharField(
        _("allowance applies"),
        max_length=12,
        choices=AllowanceScope,
        default=AllowanceScope.SHARED,
    )
    illustrative = models.BooleanField(
        _("illustrative instructions"),
        default=False,
        help_text=_(
            "The how-to-claim text, code and allowance are examples written for the demo, "
            "not the association's own instructions."
        ),
    )

    objects = BenefitQuerySet.as_manager()

    # Many-to-many links recorded with each version (portal.history).
    history_m2m_fields = ("granted_to",)

    class Meta:
        ordering = ["agreement", "category", "id"]
        verbose_name = _("benefit")
        verbose_name_plural = _("benefits")
        indexes = [models.Index(fields=["category", "valid_until"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_until__isnull=True)
                | Q(valid_until__gte=F("valid_from")),
                name="benefit_valid_until_not_before_from",
                violation_error_message=_("A benefit cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.get_category_display()}: {self.agreement.title}"

    @property
    def claim_details_for_staff_only(self):
        return self.claim_visibility == Visibility.STAFF


class Commitment(VersionedModel):
    """A follow-up action the parties committed to, with its due date and progress."""

    # Staff manage it when they manage its agreement (portal.scoping).
    managed_through = "agreement"
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="commitments",
        verbose_name=_("agreement"),
    )
    description = models.TextField(_("description"))
    due_on = models.DateField(_("due"), null=True, blank=True)
    due_on_precision = models.CharField(
        _("precision of the due date"),
        max_length=5,
        choices=DatePrecision,
        default=DatePrecision.DAY,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=CommitmentStatus, default=CommitmentStatus.PLANNED
    )
    progress_note = models.TextField(_("progress"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="commitments_owned",
        verbose_name=_("owner"),
        help_text=_(
            "The staff member who follows it up and gets its reminders; without one, the "
            "administrators of the association that manages the agreement get them."
        ),
    )
    last_checked_on = models.DateField(
        _("last checked on"),
        null=True,
        blank=True,
        help_text=_("When someone last confirmed where it stands."),
    )
    reminders_snoozed_until = models.DateField(
        _("reminders paused until"),
        null=True,
        blank=True,
        help_text=_("No reminder about it is sent before this day."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    due = partial_date("due_on")

    objects = ManagedThroughParentQuerySet.as_manager()

    class Meta:
        ordering = ["agreement", "due_on", "id"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self):
        return Truncator(self.description).chars(80)

    def clean(self):
        check_precision(self.due_on, self.due_on_precision, "due_on")

    @property
    def due_by(self):
        """The last day it is due by (its due date at its precision)."""
        return lifecycle.due_by(self)

    def is_overdue(self, today):
        return lifecycle.is_overdue(self, today)


class SourceDocument(VersionedModel):
    """A press release or the agreement's own text, where the record comes from."""

    # Staff manage it when they manage its agreement (portal.scoping).
    managed_through = "agreement"
    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="sources", verbose_name=_("agreement")
    )
    title = models.CharField(_("title"), max_length=300)
    url = models.URLField(_("address"), max_length=500, blank=True)
    language = models.CharField(
        _("language"),
        max_length=7,
        choices=[("en", _("English")), ("fr", _("French"))],
        blank=True,
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)
    published_on_precision = models.CharField(
        _("precision of the publication date"),
        max_length=5,
        choices=DatePrecision,
        default=DatePrecision.DAY,
    )
    full_text = models.TextField(_("full text"), blank=True)
    # Set when the record was created from this release on the review screen
    # (agreements.releases.record): pressing "Create draft" twice finds it.
    release_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    published = partial_date("published_on")

    objects = ManagedThroughParentQuerySet.as_manager()

    class Meta:
        ordering = ["agreement", "published_on", "title"]
        verbose_name = _("source document")
        verbose_name_plural = _("source documents")

    def __str__(self):
        return self.title

    def clean(self):
        check_precision(self.published_on, self.published_on_precision, "published_on")


class Reminder(models.Model):
    """A reminder sent (or passed over for a later one), so that none goes out twice.

    One row per agreement end or commitment, occasion and date it refers to: when
    the end or due date moves, the reminders of the new date are due again.
    """

    class Occasion(models.TextChoices):
        ENDING = "ending", _("agreement ending")
        ENDED_RENEWAL_PENDING = "ended_renewal_pending", _("agreement ended, renewal pending")
        DUE_SOON = "due_soon", _("commitment due soon")
        DUE_TODAY = "due_today", _("commitment due today")
        OVERDUE = "overdue", _("commitment overdue")

    class Outcome(models.TextChoices):
        SENT = "sent", _("sent")
        # An earlier horizon whose day passed while a later one was due (a date moved,
        # a snooze, the first run): only the latest goes out.
        PASSED_OVER = "passed_over", _("passed over for a later one")

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("agreement")
    )
    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name=_("commitment"),
    )
    occasion = models.CharField(_("occasion"), max_length=30, choices=Occasion)
    # Days before the end (ENDING, DUE_SOON), or the week overdue (OVERDUE): which one.
    step = models.PositiveSmallIntegerField(_("step"), default=0)
    # The end or due date the reminder is about.
    about_date = models.DateField(_("about the date"))
    sent_on = models.DateField(_("on"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome, default=Outcome.SENT)
    recipients = models.JSONField(_("recipients"), default=list, blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = ManagedThroughParentQuerySet.as_manager()
    managed_through = "agreement"

    class Meta:
        ordering = ["-sent_on", "-id"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "occasion", "step", "about_date"],
                condition=Q(commitment__isnull=True),
                name="reminder_once_per_agreement_occasion",
            ),
            models.UniqueConstraint(
                fields=["commitment", "occasion", "step", "about_date"],
                condition=Q(commitment__isnull=False),
                name="reminder_once_per_commitment_occasion",
            ),
        ]

    def __str__(self):
        return f"{self.get_occasion_display()}: {self.agreement}"


class Confirmation(models.Model):
    """A signatory association's staff confirming that the agreement's record is right.

    ``snapshot`` is the record as they confirmed it (``agreements.confirmation``);
    an edit since then that they did not make leaves it *stale*, listing in
    ``stale_fields`` what changed, until they confirm again.
    """

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="confirmations",
        verbose_name=_("agreement"),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="confirmations",
        verbose_name=_("confirmed by the association"),
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"))
    snapshot = models.JSONField(default=dict, editable=False)
    stale_fields = models.JSONField(_("changed since"), default=list, blank=True)

    objects = ManagedThroughParentQuerySet.as_manager()
    managed_through = "agreement"

    class Meta:
        ordering = ["agreement", "confirmed_at"]
        verbose_name = _("confirmation")
        verbose_name_plural = _("confirmations")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "organization"], name="confirmation_one_per_association"
            ),
        ]

    def __str__(self):
        return f"{self.organization}: {self.agreement}"

    @property
    def is_stale(self):
        return bool(self.stale_fields)
