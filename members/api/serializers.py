"""Output serializers of the public membership API. Read-only: nothing is written through them."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from wego.api.serializers import BlankableEmailField, BlankableURLField

from ..models import Member, Partner, PartnerMOU, RegionalOffice
from ..regions import Region


class RegionalOfficeBriefOutput(serializers.ModelSerializer):
    class Meta:
        model = RegionalOffice
        fields = ["id", "name"]
        read_only_fields = fields


class MemberOutput(serializers.ModelSerializer):
    """A member as the public directory shows it (no contacts of officials)."""

    country = serializers.CharField(
        source="country.code", read_only=True, help_text="ISO 3166-1 alpha-2 code."
    )
    country_name = serializers.CharField(source="country.name", read_only=True)
    # Blank until the Secretariat sets them: say so in the schema (oneOf the enum or "").
    region = serializers.ChoiceField(choices=Region.choices, allow_blank=True, read_only=True)
    category = serializers.ChoiceField(choices=Member.Category.choices, allow_blank=True, read_only=True)
    official_languages = serializers.ListField(
        source="language_list", child=serializers.CharField(), read_only=True
    )
    regional_office = RegionalOfficeBriefOutput(read_only=True, allow_null=True)
    website = BlankableURLField(read_only=True)
    url = serializers.SerializerMethodField(help_text="The member's public profile page.")

    class Meta:
        model = Member
        fields = [
            "id",
            "name",
            "name_local",
            "slug",
            "kind",
            "country",
            "country_name",
            "region",
            "category",
            "status",
            "population",
            "population_year",
            "population_source",
            "joined_on",
            "website",
            "official_languages",
            "description",
            "regional_office",
            "url",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, member: Member) -> str:
        request = self.context.get("request")
        path = member.get_absolute_url()
        return request.build_absolute_uri(path) if request else path


class RegionalOfficeOutput(serializers.ModelSerializer):
    # Region codes as plain strings: an enum here would be a second name for RegionEnum in the schema.
    regions = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="WeGO regions served: " + ", ".join(code for code, _label in Region.choices) + ".",
    )
    member_count = serializers.IntegerField(
        read_only=True, help_text="Active members managed by this office."
    )
    contact_email = BlankableEmailField(read_only=True)

    class Meta:
        model = RegionalOffice
        fields = ["id", "name", "host", "regions", "contact_email", "opened_on", "member_count"]
        read_only_fields = fields


class PartnerMOUOutput(serializers.ModelSerializer):
    document = serializers.FileField(read_only=True, allow_null=True, use_url=True)

    class Meta:
        model = PartnerMOU
        fields = ["id", "signed_on", "title", "scope", "document"]
        read_only_fields = fields


class PartnerOutput(serializers.ModelSerializer):
    mous = PartnerMOUOutput(many=True, read_only=True)
    website = BlankableURLField(read_only=True)

    class Meta:
        model = Partner
        fields = ["id", "name", "acronym", "kind", "website", "description", "mous"]
        read_only_fields = fields
