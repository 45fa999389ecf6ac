"""What the API shows of each record: the same as the pages, in the request's language.

Personal information comes only from the views' querysets, which go through
``Contact.objects.visible_to`` and ``Benefit.objects.with_claim_details``: a
serializer never reads a contact or ``how_to_claim`` on its own.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from agreements.models import Agreement, Benefit, Party
from events.models import Event, EventOrganization, Series
from organizations.models import Contact, Organization, Sector


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


class SectorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Sector
        fields = ["slug", "name"]


class OrganizationRefSerializer(serializers.ModelSerializer):
    """An organization named in another record."""

    class Meta:
        model = Organization
        fields = ["slug", "name", "acronym"]


class ContactSerializer(serializers.ModelSerializer):
    class Meta:
        model = Contact
        fields = ["name", "title", "email", "phone"]


class OrganizationSerializer(serializers.ModelSerializer):
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


class PartySerializer(serializers.ModelSerializer):
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


class BenefitSerializer(serializers.ModelSerializer):
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


class AgreementRefSerializer(serializers.ModelSerializer):
    page = PageUrlField()

    class Meta:
        model = Agreement
        fields = ["slug", "title", "page"]


class BenefitWithAgreementSerializer(BenefitSerializer):
    agreement = AgreementRefSerializer(read_only=True)

    class Meta(BenefitSerializer.Meta):
        fields = [*BenefitSerializer.Meta.fields, "agreement"]


class AgreementSerializer(serializers.ModelSerializer):
    page = PageUrlField()
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    signed_on_display = PartialDateTextField(source="signed")
    themes = SectorSerializer(many=True, read_only=True)
    signing_event = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    renews = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    parties = PartySerializer(source="party_set", many=True, read_only=True)
    benefits = BenefitSerializer(many=True, read_only=True)

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
            "renews",
            "parties",
            "benefits",
        ]


class SeriesSerializer(serializers.ModelSerializer):
    page = PageUrlField()
    organizer = OrganizationRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Series
        fields = ["slug", "page", "name", "description", "website", "organizer"]


class EventRoleSerializer(serializers.ModelSerializer):
    organization = OrganizationRefSerializer(read_only=True)

    class Meta:
        model = EventOrganization
        fields = ["organization", "role"]


class EventSerializer(serializers.ModelSerializer):
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
