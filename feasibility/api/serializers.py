"""Output serializers of the public feasibility API. Read-only."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from wego.api.serializers import TransitionsField

from ..models import Call, CallDocument, Project
from ..workflows import PROJECT


@extend_schema_field(serializers.ListField(child=serializers.CharField()))
class FeasibilityTransitionsField(TransitionsField):
    """The transitions (names, e.g. "close") the caller may take on the object now: a list of strings."""


class FeasibilityThemeOutput(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    topics = serializers.SerializerMethodField(help_text="The theme's topics (codes, as in GET /api/v1/topics/).")

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_topics(self, obj) -> list[str]:
        return [t.code for t in obj.topics.all()]


class FeasibilityMemberOutput(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    country = serializers.CharField(source="country.code", read_only=True, help_text="ISO 3166-1 alpha-2 code.")


class FeasibilityCallDocumentOutput(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = CallDocument
        fields = ["id", "title", "url"]
        read_only_fields = fields

    def get_url(self, obj) -> str:
        request = self.context.get("request")
        path = reverse("feasibility:call-document", args=[obj.pk])
        return request.build_absolute_uri(path) if request else path


class FeasibilityCallOutput(serializers.ModelSerializer):
    """A published call for Letters of Intent, with the cities it selected."""

    theme = FeasibilityThemeOutput(read_only=True)
    phase = serializers.ChoiceField(
        choices=["upcoming", "open", "review", "decided"], read_only=True,
        help_text="upcoming (before opens_at), open (letters accepted), review (closed, being decided), decided.",
    )
    documents = FeasibilityCallDocumentOutput(many=True, read_only=True)
    selected_cities = serializers.SerializerMethodField()
    topics = serializers.SerializerMethodField(
        help_text="The call's topics (codes, as in GET /api/v1/topics/); a call without topics of its own has its theme's."
    )

    class Meta:
        model = Call
        fields = [
            "id", "year", "title", "theme", "topics", "description", "opens_at", "closes_at", "cities_to_select",
            "phase", "documents", "selected_cities",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_topics(self, obj) -> list[str]:
        return [t.code for t in obj.topic_list()]

    @extend_schema_field(FeasibilityMemberOutput(many=True))
    def get_selected_cities(self, obj):
        return FeasibilityMemberOutput([letter.member for letter in obj.selected_letters], many=True).data


class FeasibilityPartnerOutput(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    acronym = serializers.CharField(read_only=True)


class FeasibilityOutcomeOutput(serializers.Serializer):
    title = serializers.CharField(read_only=True)
    member = FeasibilityMemberOutput(read_only=True, allow_null=True)
    delivered_on = serializers.DateField(read_only=True, allow_null=True)


class FeasibilityProjectOutput(serializers.ModelSerializer):
    """A feasibility study published in the library (with the city's consent)."""

    city = FeasibilityMemberOutput(source="beneficiary", read_only=True)
    theme = FeasibilityThemeOutput(source="letter.call.theme", read_only=True)
    year = serializers.IntegerField(source="letter.call.year", read_only=True)
    status = serializers.ChoiceField(choices=Project.Status.choices, read_only=True)
    funding_partner = FeasibilityPartnerOutput(read_only=True, allow_null=True)
    outcomes = FeasibilityOutcomeOutput(many=True, read_only=True)
    url = serializers.SerializerMethodField(help_text="The study's page in the public library.")
    transitions = FeasibilityTransitionsField(
        PROJECT, help_text="The lifecycle steps the caller may take now (e.g. close); empty for partners and the public.",
    )

    class Meta:
        model = Project
        fields = [
            "id", "title", "city", "theme", "year", "status", "funding_partner", "starts_on", "ends_on",
            "outcome_summary", "outcomes", "published_at", "url", "transitions",
        ]
        read_only_fields = fields

    def get_url(self, obj) -> str:
        request = self.context.get("request")
        path = reverse("feasibility:library-detail", args=[obj.pk])
        return request.build_absolute_uri(path) if request else path
