from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from organizations.choices import CountQualifier, OrganizationKind, RelationshipKind, Visibility
from organizations.gazetteer import locate, place_key
from organizations.querysets import ContactQuerySet, OrganizationQuerySet
from portal.dates import DatePrecision, check_precision, partial_date
from portal.localized import localized_expression
from portal.publishing import DRAFTS_INDEX_CONDITION, Publishable, PublishedManager
from portal.scoping import ManagedThroughParentQuerySet
from portal.slug_urls import slug_url
from portal.versioning import VersionedModel


def owner_field(**kwargs):
    """The association whose staff manage a record (records without one: administrators)."""
    return models.ForeignKey(
        "organizations.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("managed by"),
        help_text=_("The association whose staff keep this record up to date."),
        **kwargs,
    )


class Sector(models.Model):
    """A field of activity: genomics, oncology, medical technologies…"""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self):
        return self.name


class Organization(Publishable, VersionedModel):
    bilingual_field = "name"

    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganizationKind)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    region = models.CharField(
        _("region"), max_length=100, blank=True, help_text=_("Province, state or region.")
    )
    country = CountryField(_("country"), blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=8, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    # Where the map and the city filter place it, worked out on every write
    # (``locate()``, called by organizations.receivers and by demo.synthetic's bulk
    # inserts): its coordinates, or else its city's in the gazetteer; and its city's
    # name as the city filter compares it.
    city_key = models.CharField(max_length=100, blank=True, editable=False)
    place_latitude = models.FloatField(null=True, blank=True, editable=False)
    place_longitude = models.FloatField(null=True, blank=True, editable=False)
    placed_at_city = models.BooleanField(default=False, editable=False)
    founded_year = models.PositiveSmallIntegerField(_("founded in"), null=True, blank=True)
    member_count = models.PositiveIntegerField(_("number of members"), null=True, blank=True)
    member_count_qualifier = models.CharField(
        _("member count is"),
        max_length=10,
        choices=CountQualifier,
        default=CountQualifier.EXACT,
    )
    member_count_as_of = models.DateField(_("member count as of"), null=True, blank=True)
    member_count_as_of_precision = models.CharField(
        _("precision of the member count date"),
        max_length=5,
        choices=DatePrecision,
        default=DatePrecision.DAY,
    )
    owner = owner_field()
    sectors = models.ManyToManyField(
        Sector, related_name="organizations", blank=True, verbose_name=_("sectors")
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # The public reads published records only (portal.publishing); the admin all.
    all_objects = OrganizationQuerySet.as_manager()
    objects = PublishedManager.from_queryset(OrganizationQuerySet)()

    member_count_date = partial_date("member_count_as_of")

    # Many-to-many links recorded with each version (portal.history).
    history_m2m_fields = ("sectors",)

    class Meta:
        ordering = ["name"]
        default_manager_name = "all_objects"
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        indexes = [
            # The few drafts, for filters over every party or sector (not_a_draft).
            models.Index(fields=["id"], condition=DRAFTS_INDEX_CONDITION, name="org_draft_idx"),
            # The directory sorts by name in the visitor's language (portal.localized).
            models.Index(F("name_en"), F("id"), name="org_name_en_idx"),
            models.Index(localized_expression("name", "fr"), F("id"), name="org_name_fr_idx"),
            models.Index(fields=["kind"], name="org_kind_idx"),
            models.Index(fields=["country", "region"], name="org_country_region_idx"),
            # Corridor filters match a region on its own; typed regions match any case.
            models.Index(fields=["region"], name="org_region_idx"),
            # With the plain column too, so that counting the matches reads the index alone
            # (PostgreSQL reads no expression back from an index).
            models.Index(Upper("region"), F("region"), name="org_region_upper_idx"),
            models.Index(fields=["-created_at"], name="org_created_idx"),
            # The city filter: a city's name, and the places around it (a range of
            # latitudes, then of longitudes).
            models.Index(fields=["city_key"], name="org_city_key_idx"),
            models.Index(fields=["place_latitude", "place_longitude"], name="org_place_idx"),
            # The organization boxes of the filters match a typed name or acronym in any
            # case (organizations.forms); PostgreSQL also has trigram indexes for the
            # part-of-a-name fallback (migration 0005).
            models.Index(Upper("name_en"), name="org_name_en_upper_idx"),
            models.Index(Upper("name_fr"), name="org_name_fr_upper_idx"),
            models.Index(Upper("acronym_en"), name="org_acronym_en_upper_idx"),
            models.Index(Upper("acronym_fr"), name="org_acronym_fr_upper_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="organization_latitude_in_range",
                violation_error_message=_("Latitude must be between -90 and 90."),
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="organization_longitude_in_range",
                violation_error_message=_("Longitude must be between -180 and 180."),
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="organization_coordinates_both_or_neither",
                violation_error_message=_("Give both latitude and longitude, or neither."),
            ),
            models.CheckConstraint(
                condition=Q(founded_year__isnull=True)
                | Q(founded_year__gte=1000, founded_year__lte=2100),
                name="organization_founded_year_plausible",
                violation_error_message=_("The founding year must be between 1000 and 2100."),
            ),
            models.CheckConstraint(
                condition=Q(member_count_as_of__isnull=True) | Q(member_count__isnull=False),
                name="organization_member_count_date_needs_count",
                violation_error_message=_("A member count date needs a member count."),
            ),
        ]

    def __str__(self):
        if self.acronym and self.acronym.casefold() != self.name.casefold():
            return f"{self.name} ({self.acronym})"
        return self.name

    def owned_by(self, associations):
        """An association manages its own record, besides those it owns (portal.scoping)."""
        return self.pk in associations or self.owner_id in associations

    def get_absolute_url(self):
        return slug_url("organizations:detail", self.slug)

    @property
    def member_count_text(self):
        """The member count as its source states it: "about 270", "more than 1,000"."""
        if self.member_count is None:
            return ""
        count = formats.localize(self.member_count, use_l10n=True)
        if self.member_count_qualifier == CountQualifier.ABOUT:
            return gettext("about %(count)s") % {"count": count}
        if self.member_count_qualifier == CountQualifier.MORE_THAN:
            return gettext("more than %(count)s") % {"count": count}
        return count

    def locate(self):
        """Work out ``city_key`` and the place (``place_latitude``, ``place_longitude``,
        ``placed_at_city``) from the city, country and coordinates."""
        self.city_key = place_key(self.city)[:100]
        if self.latitude is not None and self.longitude is not None:
            self.place_latitude, self.place_longitude = float(self.latitude), float(self.longitude)
            self.placed_at_city = False
            return
        place = locate(self.city, self.country or "", self.region)
        self.place_latitude = place.latitude if place else None
        self.place_longitude = place.longitude if place else None
        self.placed_at_city = place is not None

    def clean(self):
        check_precision(
            self.member_count_as_of, self.member_count_as_of_precision, "member_count_as_of"
        )


# The same relationship read from the second organization's page.
INVERSE_RELATIONSHIP_LABELS = {
    RelationshipKind.MEMBER_OF: _("has as a member"),
    RelationshipKind.ALLIANCE_OF: _("is in an alliance through"),
    RelationshipKind.PART_OF: _("includes"),
    RelationshipKind.CREATED_BY: _("created"),
    RelationshipKind.FUNDED_BY: _("funds"),
    RelationshipKind.UNDER_AUSPICES_OF: _("gives its auspices to"),
    RelationshipKind.SISTER_CITY_OF: _("is a sister city of"),
    RelationshipKind.PARTNER_OF: _("is a partner of"),
}


class DatedMixin(models.Model):
    """A since / until span whose ends are known to the day, month or year."""

    since = models.DateField(_("since"), null=True, blank=True)
    since_precision = models.CharField(
        _("precision of since"), max_length=5, choices=DatePrecision, default=DatePrecision.DAY
    )
    until = models.DateField(_("until"), null=True, blank=True)
    until_precision = models.CharField(
        _("precision of until"), max_length=5, choices=DatePrecision, default=DatePrecision.DAY
    )

    since_date = partial_date("since")
    until_date = partial_date("until")

    class Meta:
        abstract = True

    def clean(self):
        check_precision(self.since, self.since_precision, "since")
        check_precision(self.until, self.until_precision, "until")


class Relationship(VersionedModel, DatedMixin):
    """A typed, dated link: BiopolisQuébec *is an alliance of* Montréal InVivo."""

    # Staff manage it when they manage its subject (portal.scoping).
    managed_through = "subject"
    subject = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="relationships_out",
        verbose_name=_("organization"),
    )
    kind = models.CharField(_("relationship"), max_length=30, choices=RelationshipKind)
    object = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="relationships_in",
        verbose_name=_("related organization"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = ManagedThroughParentQuerySet.as_manager()

    class Meta:
        ordering = ["subject__name", "kind", "object__name"]
        verbose_name = _("relationship")
        verbose_name_plural = _("relationships")
        constraints = [
            models.UniqueConstraint(
                fields=["subject", "kind", "object"],
                name="relationship_unique_per_kind",
                violation_error_message=_("These organizations already have this relationship."),
            ),
            models.CheckConstraint(
                condition=~Q(subject=F("object")),
                name="relationship_not_with_itself",
                violation_error_message=_("An organization cannot be related to itself."),
            ),
            models.CheckConstraint(
                condition=Q(since__isnull=True) | Q(until__isnull=True) | Q(until__gte=F("since")),
                name="relationship_until_not_before_since",
                violation_error_message=_("The end cannot be before the start."),
            ),
        ]

    def __str__(self):
        return f"{self.subject.name} {self.get_kind_display()} {self.object.name}"

    @property
    def inverse_label(self):
        return INVERSE_RELATIONSHIP_LABELS[RelationshipKind(self.kind)]


class Membership(VersionedModel, DatedMixin):
    """An organization is a member of an association (or cluster, or network)."""

    # Staff manage it when they manage its association (portal.scoping): an association
    # records its members; a member's side cannot claim a membership.
    managed_through = "association"
    member = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("member"),
    )
    association = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="member_records",
        verbose_name=_("association"),
    )

    objects = ManagedThroughParentQuerySet.as_manager()

    class Meta:
        ordering = ["association__name", "member__name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        indexes = [models.Index(fields=["association", "until"])]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "association", "since"],
                name="membership_unique_per_start",
                violation_error_message=_("This membership is already recorded."),
            ),
            # NULLs are distinct in a unique index: a membership with no known start
            # needs its own partial constraint.
            models.UniqueConstraint(
                fields=["member", "association"],
                condition=Q(since__isnull=True),
                name="membership_unique_undated",
                violation_error_message=_("This membership is already recorded."),
            ),
            models.CheckConstraint(
                condition=~Q(member=F("association")),
                name="membership_not_of_itself",
                violation_error_message=_("An organization cannot be a member of itself."),
            ),
            models.CheckConstraint(
                condition=Q(since__isnull=True) | Q(until__isnull=True) | Q(until__gte=F("since")),
                name="membership_until_not_before_since",
                violation_error_message=_("The end cannot be before the start."),
            ),
        ]

    def __str__(self):
        return _("%(member)s, member of %(association)s") % {
            "member": self.member.name,
            "association": self.association.name,
        }


class Contact(VersionedModel):
    """A person at an organization. Personal information: shown only at its visibility."""

    # Staff manage it when they manage its organization (portal.scoping).
    managed_through = "organization"

    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="contacts",
        verbose_name=_("organization"),
    )
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility, default=Visibility.STAFF
    )

    objects = ContactQuerySet.as_manager()

    class Meta:
        ordering = ["organization__name", "name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        indexes = [models.Index(fields=["organization", "visibility"])]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name"],
                name="contact_unique_name_per_organization",
                violation_error_message=_("This person is already a contact of this organization."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.organization.name})"


class OrganizationMerge(models.Model):
    """Two records of one organization made one (``organizations.merge``): what moved
    from the merged record to the kept one, enough to undo it exactly."""

    kept = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("kept organization"),
    )
    # The merged record is deleted; its history keeps its versions under this id.
    merged_id = models.PositiveBigIntegerField(_("merged organization's id"))
    merged_name = models.CharField(_("merged organization"), max_length=300)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("merged by"),
    )
    merged_at = models.DateTimeField(_("merged at"), auto_now_add=True)
    # {"moved": [{model, pk, fields}], "removed": [{model, pk}],
    #  "relinked": [{model, pk, field, from, to}], "lists": [{model, pk, field, moved}]}
    log = models.JSONField(_("what moved"), default=dict, blank=True)
    reverted_at = models.DateTimeField(_("reverted at"), null=True, blank=True)
    reverted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reverted by"),
    )

    class Meta:
        ordering = ["-merged_at", "-id"]
        verbose_name = _("merge of organizations")
        verbose_name_plural = _("merges of organizations")

    def __str__(self):
        return _("%(merged)s merged into %(kept)s") % {
            "merged": self.merged_name,
            "kept": self.kept.name if self.kept is not None else "—",
        }
