"""What the API shows of each record: the same as the pages, in the request's language.

Personal information comes only from the views' querysets, which go through
``Contact.objects.visible_to`` and ``Benefit.objects.with_claim_details``: a
serializer never reads a contact or ``how_to_claim`` on its own.
"""

import decimal
import operator
import re

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.urls import get_script_prefix
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import SkipField
from rest_framework.settings import api_settings

from agreements.confirmation import confirmation_state
from agreements.models import (
    Agreement,
    AgreementState,
    AgreementStatus,
    Benefit,
    Commitment,
    Party,
)
from events.models import Event, EventOrganization, Series
from organizations.models import Contact, Organization, Sector
from portal.rows import Row

# What a slug can hold (Django's slug converter): such a slug goes into a page address as
# it is, so the address can be written around it.
SLUG = re.compile(r"[-a-zA-Z0-9_]+")
SLUG_PLACEHOLDER = "slug-placeholder"


class PageUrlField(serializers.Field):
    """The absolute address of the record's page on the site, in the request's language."""

    def __init__(self, **kwargs):
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, obj):
        request = self.context.get("request")
        path = obj.get_absolute_url()
        return request.build_absolute_uri(path) if request else path

    def reader(self, model):
        """``to_representation`` for a list of ``model`` records: the address is reversed
        once, each record's slug put in its place (reverse() per row costs more than the
        rest of a row)."""
        around = self.to_representation(model(slug=SLUG_PLACEHOLDER)).split(SLUG_PLACEHOLDER)
        if len(around) != 2:
            return self.to_representation
        before, after = around

        def read(obj):
            slug = obj.slug
            if SLUG.fullmatch(slug) is None:
                return self.to_representation(obj)
            return f"{before}{slug}{after}"

        return read


PageUrlField = extend_schema_field(OpenApiTypes.URI)(PageUrlField)


@extend_schema_field({"type": "string", "nullable": True, "description": "ISO 3166 code"})
class CountryCodeField(serializers.Field):
    """A country as its two-letter code, or null when none is recorded."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, country):
        return country.code or None


@extend_schema_field(OpenApiTypes.STR)
class PartialDateTextField(serializers.Field):
    """A ``portal.dates.partial_date`` as the pages write it, or "" while the date is unknown."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        # An unknown date reads None, which the serializer would send as null.
        return str(super().get_attribute(instance) or "")

    def to_representation(self, text):
        return text


class CompiledRepresentation:
    """A serializer whose ``to_representation`` gives what DRF's does, field for field,
    without DRF's per-row, per-field machinery.

    For each field it works out once (per serializer, so per request and language) how
    to read it: a model attribute read directly, a choice label from a table built once
    (``get_<field>_display`` would translate it on every row), a page address written
    around the slug, a nested serializer compiled the same way. Fields it does not know
    keep DRF's own ``get_attribute`` and ``to_representation``.
    """

    # Readers by serializer class and by what they depend on: the language (labels,
    # country names, page addresses) and the site's address (page addresses). Building
    # DRF's fields for them costs more than reading a page of rows.
    _compiled = {}

    def to_representation(self, instance):
        readers = self.__dict__.get("_readers")
        if readers is None:
            key = (type(self), get_language(), get_script_prefix(), self._site())
            readers = self._compiled.get(key)
            if readers is None:
                if len(self._compiled) > 1000:
                    self._compiled.clear()
                readers = self._compiled[key] = [
                    (field.field_name, *self._reader(field)) for field in self._readable_fields
                ]
            self._readers = readers
        row = type(instance) is Row
        if row and instance.representation is not None and instance.representation[0] is readers:
            # A row shown in several places on a page (a sector of several
            # organizations) is represented once.
            return instance.representation[1]
        representation = {}
        for name, attr, kind, read in readers:
            if attr is None:
                try:
                    representation[name] = read(instance)
                except SkipField:
                    continue
                continue
            # An attribute, as its field represents it: as it is where the field would
            # give it back unchanged (a str to a CharField), which is most of a row.
            value = getattr(instance, attr)
            representation[name] = value if value is None or type(value) is kind else read(value)
        if row:
            instance.representation = (readers, representation)
        return representation

    def _site(self):
        request = self.context.get("request")
        return (request.scheme, request.get_host()) if request is not None else None

    def _reader(self, field):
        """How to read ``field``: ``(attr, kind, read)``, the attribute it shows, read
        as it is when of type ``kind``, else given to ``read``; or ``(None, None,
        read)``, ``read`` giving the field's value from the record."""
        model = self.Meta.model
        if isinstance(field, PageUrlField):
            return None, None, field.reader(model)
        if isinstance(field, serializers.SerializerMethodField):
            return None, None, getattr(self, field.method_name)
        if isinstance(field, serializers.ListSerializer):
            return None, None, self._list_reader(field)
        attrs = field.source_attrs
        if len(attrs) == 2 and attrs[1] == "name" and _is_country(model, attrs[0]):
            return None, None, _country_name_reader(attrs[0], field)
        if len(attrs) != 1:
            return None, None, _generic_reader(field)
        (attr,) = attrs
        display = re.fullmatch(r"get_(\w+)_display", attr)
        if display:
            return None, None, _label_reader(model._meta.get_field(display.group(1)), field)
        if isinstance(field, serializers.SlugRelatedField):
            # A related record (None where there is none) named by its slug.
            return attr, None, operator.attrgetter(field.slug_field)
        if type(field).get_attribute is not serializers.Field.get_attribute:
            return None, None, _generic_reader(field)
        # What Field.get_attribute() reads, given to the field unless None.
        if type(field) is serializers.DecimalField:
            return attr, None, _decimal_representation(field)
        return attr, UNCHANGED.get(type(field)) or _unchanged_choice(field), field.to_representation

    def _list_reader(self, field):
        (attr,) = field.source_attrs
        child_representation = field.child.to_representation

        def read(instance):
            # Prefetched rows straight from their cache: building a related manager per
            # row and field costs more than the rows.
            items = instance.__dict__.get("_prefetched_objects_cache", {}).get(attr)
            if items is None:
                items = getattr(instance, attr)
                if isinstance(items, models.manager.BaseManager):
                    items = items.all()
            return [child_representation(item) for item in items]

        return read


# The type of value the to_representation() of these fields gives back as it is:
# str(), int(), float() of one, or a bool for a bool.
UNCHANGED = {
    serializers.BooleanField: bool,
    serializers.CharField: str,
    serializers.EmailField: str,
    serializers.FloatField: float,
    serializers.IntegerField: int,
    serializers.SlugField: str,
    serializers.URLField: str,
}


def _unchanged_choice(field):
    """A choice is given back as its key: as it is where the keys are strings."""
    if type(field) is serializers.ChoiceField:
        keys = field.choice_strings_to_values.values()
        if all(type(key) is str for key in keys):
            return str
    return None


def _is_country(model, name):
    try:
        return isinstance(model._meta.get_field(name), CountryField)
    except FieldDoesNotExist:
        return False


def _country_name_reader(attr, field):
    """A country's name in the request's language, looked up once per country."""
    names = {}
    to_representation = field.to_representation

    def read(instance):
        country = getattr(instance, attr)
        if country.code not in names:
            names[country.code] = country.name
        name = names[country.code]
        return None if name is None else to_representation(name)

    return read


def _generic_reader(field):
    """DRF's own reading of one field, as ``Serializer.to_representation`` does it."""

    def read(instance):
        attribute = field.get_attribute(instance)
        return None if attribute is None else field.to_representation(attribute)

    return read


def _label_reader(model_field, field):
    """``get_<field>_display`` from a table of labels translated and represented once."""
    to_representation = field.to_representation
    labels = {value: to_representation(str(label)) for value, label in model_field.flatchoices}
    attname = model_field.attname

    def read(instance):
        value = getattr(instance, attname)
        if value in labels:
            return labels[value]
        # A value with no label is shown as it is, as get_<field>_display() does.
        return None if value is None else to_representation(value)

    return read


def _decimal_representation(field):
    """``DecimalField.to_representation`` with its rounding worked out once (DRF copies
    the decimal context for every value), where it writes a plain string."""
    coerce_to_string = getattr(field, "coerce_to_string", api_settings.COERCE_DECIMAL_TO_STRING)
    if field.decimal_places is None or field.normalize_output or field.localize:
        return field.to_representation
    if not coerce_to_string:
        return field.to_representation
    exponent = decimal.Decimal(".1") ** field.decimal_places
    context = decimal.getcontext().copy()
    if field.max_digits is not None:
        context.prec = field.max_digits
    rounding = field.rounding

    def represent(value):
        if not isinstance(value, decimal.Decimal):
            value = decimal.Decimal(str(value).strip())
        return f"{value.quantize(exponent, rounding=rounding, context=context):f}"

    return represent


class CompiledModelSerializer(CompiledRepresentation, serializers.ModelSerializer):
    pass


class SectorSerializer(CompiledModelSerializer):
    class Meta:
        model = Sector
        fields = ["slug", "name"]


class OrganizationRefSerializer(CompiledModelSerializer):
    """An organization named in another record."""

    class Meta:
        model = Organization
        fields = ["slug", "name", "acronym"]


class ContactSerializer(CompiledModelSerializer):
    class Meta:
        model = Contact
        fields = ["name", "title", "email", "phone"]


class OrganizationSerializer(CompiledModelSerializer):
    page = PageUrlField()
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    country = CountryCodeField()
    country_name = serializers.CharField(source="country.name", read_only=True)
    sectors = SectorSerializer(many=True, read_only=True)
    contacts = ContactSerializer(
        source="visible_contacts",
        many=True,
        read_only=True,
        help_text=_(
            "The contacts the requester may see: public ones, more for signed-in members and staff."
        ),
    )

    class Meta:
        model = Organization
        fields = [
            "slug",
            "page",
            "name",
            "acronym",
            "kind",
            "kind_label",
            "description",
            "website",
            "city",
            "region",
            "country",
            "country_name",
            "latitude",
            "longitude",
            "founded_year",
            "member_count",
            "member_count_qualifier",
            "member_count_as_of",
            "member_count_as_of_precision",
            "sectors",
            "contacts",
        ]


class PartySerializer(CompiledModelSerializer):
    organization = OrganizationRefSerializer(read_only=True)
    role_label = serializers.CharField(source="get_role_display", read_only=True)
    signed_by = serializers.SerializerMethodField(
        help_text=_("The signer's name, when the requester may see that contact.")
    )

    signed_by_title = serializers.SerializerMethodField(
        help_text=_("The signer's title at signing, with the name.")
    )

    class Meta:
        model = Party
        fields = ["organization", "role", "role_label", "signed_by", "signed_by_title"]

    def get_signed_by(self, party) -> str | None:
        # ``signed_by`` is prefetched through Contact.objects.visible_to(viewer): a
        # signer the requester may not see is None here, as on the agreement's page.
        signer = party.signed_by
        return signer.name if signer is not None else None

    def get_signed_by_title(self, party) -> str | None:
        # The title names the person as much as the name does: shown with it only.
        return party.signed_by_title if party.signed_by is not None else None


class BenefitSerializer(CompiledModelSerializer):
    category_label = serializers.CharField(source="get_category_display", read_only=True)
    granted_to = OrganizationRefSerializer(many=True, read_only=True)
    claim_details = serializers.CharField(
        read_only=True,
        help_text=_("How to claim it, for those it is meant for (else empty)."),
    )

    class Meta:
        model = Benefit
        fields = [
            "id",
            "category",
            "category_label",
            "description",
            "granted_to",
            "valid_from",
            "valid_until",
            "claim_details",
        ]


class AgreementRefSerializer(CompiledModelSerializer):
    page = PageUrlField()

    class Meta:
        model = Agreement
        fields = ["slug", "title", "page"]


class BenefitWithAgreementSerializer(BenefitSerializer):
    agreement = AgreementRefSerializer(read_only=True)

    class Meta(BenefitSerializer.Meta):
        fields = [*BenefitSerializer.Meta.fields, "agreement"]


class OrganizationNameSerializer(serializers.Serializer):
    """An organization by its slug and name (the schema of the confirmations' fields)."""

    slug = serializers.SlugField()
    name = serializers.CharField()


class ConfirmationSerializer(serializers.Serializer):
    """A signatory association's confirmation of an agreement's record (the schema of
    ``AgreementSerializer.confirmations``; staff names are never shown)."""

    organization = OrganizationNameSerializer()
    confirmed_on = serializers.DateField()
    stale = serializers.BooleanField(help_text=_("Whether the record changed since."))
    changed_since = serializers.ListField(
        child=serializers.CharField(),
        help_text=_(
            "What changed since: title, kind, status, signing_date, signing_place, "
            "effective_dates, term, parties, benefits, commitments."
        ),
    )


class CommitmentSerializer(CompiledModelSerializer):
    """A commitment and its progress as the associations record it; never its owner
    (owners' names stay with staff)."""

    status_label = serializers.CharField(source="get_status_display", read_only=True)
    due_on_display = PartialDateTextField(source="due")
    overdue = serializers.BooleanField(
        read_only=True,
        help_text=_("Still open and its due date (at its precision) has passed, as of today."),
    )

    class Meta:
        model = Commitment
        fields = [
            "description",
            "due_on",
            "due_on_precision",
            "due_on_display",
            "status",
            "status_label",
            "overdue",
            "last_checked_on",
            "progress_note",
        ]


class AgreementSerializer(CompiledModelSerializer):
    page = PageUrlField()
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    # Where it stands today, read from its dates (agreements.lifecycle), as the pages show
    # and filter it; what people decided is ``recorded_status``.
    status = serializers.ChoiceField(
        source="state",
        choices=AgreementState.choices,
        read_only=True,
        help_text=_(
            "Where the agreement stands today, from its status, dates and renewals "
            "(the same as the status filter)."
        ),
    )
    status_label = serializers.CharField(source="state_label", read_only=True)
    recorded_status = serializers.ChoiceField(
        source="status",
        choices=AgreementStatus.choices,
        read_only=True,
        help_text=_("The status recorded by its staff: draft, in negotiation, signed, terminated."),
    )
    signed_on_display = PartialDateTextField(source="signed")
    ends_on = serializers.DateField(
        read_only=True,
        allow_null=True,
        help_text=_(
            "The last day in force: the end date recorded, or the end of its term; null "
            "when neither is recorded (open-ended)."
        ),
    )
    ends_on_display = PartialDateTextField(source="ends")
    open_ended = serializers.SerializerMethodField(
        help_text=_(
            "True when the agreement is signed (recorded_status signed: in force, not yet "
            "in effect or renewed) and no end date and no term are recorded: no end is "
            "guessed. False otherwise, and always for a draft, an agreement in negotiation "
            "or a terminated one, which have no term running."
        )
    )
    commitments = CommitmentSerializer(many=True, read_only=True)
    themes = SectorSerializer(many=True, read_only=True)
    # Named while published: a draft (portal.publishing) shows as no event, no agreement.
    signing_event = serializers.SlugRelatedField(
        slug_field="public_slug", read_only=True, allow_null=True
    )
    renews = serializers.SlugRelatedField(slug_field="public_slug", read_only=True, allow_null=True)
    parties = PartySerializer(source="party_set", many=True, read_only=True)
    benefits = BenefitSerializer(many=True, read_only=True)
    confirmations = serializers.SerializerMethodField(
        help_text=_(
            "The signatory associations that confirmed the record: when, and whether it "
            "changed since (then `stale` is true and `changed_since` names the parts)."
        )
    )
    awaiting_confirmation = serializers.SerializerMethodField(
        help_text=_("The signatory associations that have not confirmed the record yet.")
    )

    class Meta:
        model = Agreement
        fields = [
            "slug",
            "page",
            "title",
            "kind",
            "kind_label",
            "status",
            "status_label",
            "recorded_status",
            "summary",
            "objectives",
            "themes",
            "signed_on",
            "signed_on_precision",
            "signed_on_display",
            "signing_place",
            "signing_event",
            "effective_from",
            "effective_until",
            "term_months",
            "ends_on",
            "ends_on_precision",
            "ends_on_display",
            "open_ended",
            "renews",
            "parties",
            "benefits",
            "commitments",
            "confirmations",
            "awaiting_confirmation",
        ]

    def _confirmation_state(self, agreement):
        # Read from the parties, annotated with their confirmation (for_record()): no
        # query of its own.
        parties = agreement.__dict__.get("_prefetched_objects_cache", {}).get("party_set")
        if parties is None:
            parties = agreement.party_set
            if isinstance(parties, models.manager.BaseManager):
                parties = parties.all()
        return confirmation_state(parties)

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_open_ended(self, agreement):
        return agreement.status == AgreementStatus.SIGNED and agreement.ends_on is None

    @extend_schema_field(ConfirmationSerializer(many=True))
    def get_confirmations(self, agreement):
        return [
            {
                "organization": {"slug": entry.organization.slug, "name": entry.organization.name},
                "confirmed_on": timezone.localtime(entry.confirmed_at).date().isoformat(),
                "stale": entry.is_stale,
                "changed_since": list(entry.changed_since),
            }
            for entry in self._confirmation_state(agreement).confirmed
        ]

    @extend_schema_field(OrganizationNameSerializer(many=True))
    def get_awaiting_confirmation(self, agreement):
        return [
            {"slug": organization.slug, "name": organization.name}
            for organization in self._confirmation_state(agreement).awaiting
        ]


class SeriesSerializer(CompiledModelSerializer):
    page = PageUrlField()
    organizer = OrganizationRefSerializer(
        source="public_organizer", read_only=True, allow_null=True
    )

    class Meta:
        model = Series
        fields = ["slug", "page", "name", "description", "website", "organizer"]


class EventRoleSerializer(CompiledModelSerializer):
    organization = OrganizationRefSerializer(read_only=True)

    class Meta:
        model = EventOrganization
        fields = ["organization", "role"]


class EventSerializer(CompiledModelSerializer):
    page = PageUrlField()
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    series = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    dates_display = PartialDateTextField(source="dates")
    country = CountryCodeField()
    country_name = serializers.CharField(source="country.name", read_only=True)
    organizations = EventRoleSerializer(source="roles", many=True, read_only=True)

    class Meta:
        model = Event
        fields = [
            "slug",
            "page",
            "name",
            "edition",
            "display_name",
            "kind",
            "kind_label",
            "series",
            "description",
            "start_date",
            "end_date",
            "date_precision",
            "dates_display",
            "start_time",
            "end_time",
            "time_zone",
            "venue",
            "city",
            "region",
            "country",
            "country_name",
            "online_url",
            "registration_url",
            "member_rate_note",
            "organizations",
        ]
