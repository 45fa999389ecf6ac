import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from events.choices import EventKind, EventRole
from events.querysets import LAST_DAY, EventQuerySet, SeriesQuerySet
from organizations.models import Organization, owner_field
from portal.dates import DatePrecision, check_precision, partial_date
from portal.publishing import Publishable, PublishedManager
from portal.scoping import ManagedThroughParentQuerySet
from portal.slug_urls import slug_url
from portal.versioning import VersionedModel


class Series(VersionedModel):
    """A recurring event: the Entretiens Jacques Cartier, the BIO International Convention."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    organizer = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="series_organized",
        verbose_name=_("organizer"),
    )
    owner = owner_field()

    objects = SeriesQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("event series")
        verbose_name_plural = _("event series")

    def __str__(self):
        return self.name

    @property
    def public_organizer(self):
        """The organizer, where the public may see it: not while it is a draft."""
        organizer = self.organizer
        return None if organizer is None or organizer.is_draft else organizer

    def get_absolute_url(self):
        return slug_url("events:series", self.slug)


def validate_time_zone(value):
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            _("%(value)s is not a known time zone (e.g. America/Toronto, Europe/Paris)."),
            params={"value": value},
            code="time_zone",
        ) from None


class Event(Publishable, VersionedModel):
    bilingual_field = "name"

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    series = models.ForeignKey(
        Series,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("series"),
    )
    edition = models.CharField(
        _("edition"), max_length=50, blank=True, help_text=_("For example 2018 or 29th.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind)
    description = models.TextField(_("description"), blank=True)
    start_date = models.DateField(_("starts on"))
    end_date = models.DateField(_("ends on"), null=True, blank=True)
    date_precision = models.CharField(
        _("date precision"),
        max_length=5,
        choices=DatePrecision,
        default=DatePrecision.DAY,
        help_text=_("Month or year when the sources do not give the day."),
    )
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="America/Toronto",
        validators=[validate_time_zone],
        help_text=_("The time zone of the place, for example Europe/Paris."),
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    region = models.CharField(_("region"), max_length=100, blank=True)
    country = CountryField(_("country"), blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    registration_url = models.URLField(_("registration link"), blank=True)
    member_rate_note = models.CharField(_("member rate"), max_length=300, blank=True)
    organizations = models.ManyToManyField(
        Organization,
        through="EventOrganization",
        related_name="events",
        verbose_name=_("organizations"),
    )
    related_agreements = models.ManyToManyField(
        "agreements.Agreement",
        related_name="related_events",
        blank=True,
        verbose_name=_("agreements announced or followed up"),
        help_text=_("Agreements announced at this event or whose work it carries on."),
    )
    owner = owner_field()
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # The public reads published records only (portal.publishing); the admin all.
    all_objects = EventQuerySet.as_manager()
    objects = PublishedManager.from_queryset(EventQuerySet)()

    dates = partial_date(
        "start_date", end="end_date", precision="date_precision", description=_("dates")
    )

    # Many-to-many links recorded with each version (portal.history).
    history_m2m_fields = ("related_agreements",)

    class Meta:
        ordering = ["start_date", "name"]
        default_manager_name = "all_objects"
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [
            models.Index(fields=["start_date", "id"], name="event_start_idx"),
            models.Index(fields=["kind", "start_date"], name="event_kind_start_idx"),
            models.Index(fields=["country", "start_date"], name="event_country_start_idx"),
            models.Index(fields=["series", "start_date"], name="event_series_start_idx"),
            # Upcoming and past events (events.querysets): a range per precision.
            models.Index(F("date_precision"), LAST_DAY, name="event_last_day_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="event_end_not_before_start",
                violation_error_message=_("An event cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(end_time__isnull=True)
                | Q(start_time__isnull=True)
                | ~Q(end_date__isnull=True) & ~Q(end_date=F("start_date"))
                | Q(end_time__gte=F("start_time")),
                name="event_end_time_not_before_start_time",
                violation_error_message=_("A one-day event cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(start_time__isnull=True, end_time__isnull=True)
                | Q(date_precision=DatePrecision.DAY),
                name="event_time_needs_day_precision",
                violation_error_message=_("Times need a date known to the day."),
            ),
        ]

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return slug_url("events:detail", self.slug)

    def clean(self):
        check_precision(self.start_date, self.date_precision, "start_date")
        check_precision(self.end_date, self.date_precision, "end_date")

    @property
    def display_name(self) -> str:
        """'Entretiens Jacques Cartier 2018': the name with its edition when it adds to it."""
        return with_edition(self.name, self.edition)


def with_edition(name, edition) -> str:
    """An event's name with its edition, when the name does not already hold it."""
    if edition and edition not in name:
        return f"{name} {edition}"
    return name


class EventOrganization(VersionedModel):
    """An organization that organized or took part in an event."""

    # Staff manage it when they manage its event (portal.scoping).
    managed_through = "event"
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="roles", verbose_name=_("event")
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="event_roles",
        verbose_name=_("organization"),
    )
    role = models.CharField(_("role"), max_length=20, choices=EventRole)

    objects = ManagedThroughParentQuerySet.as_manager()

    class Meta:
        ordering = ["event", "role", "organization__name"]
        verbose_name = _("organizer or participant")
        verbose_name_plural = _("organizers and participants")
        indexes = [models.Index(fields=["organization", "role"])]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "organization"],
                name="event_organization_once_per_event",
                violation_error_message=_("This organization is already listed for this event."),
            ),
        ]

    def __str__(self):
        return f"{self.organization.name}: {self.get_role_display()}"
