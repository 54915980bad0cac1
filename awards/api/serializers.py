"""Output serializers of the public awards API. Read-only."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from wego.api.serializers import TransitionsField

from ..models import Category, Edition, Prize
from ..workflows import EDITION


class CategoryOutput(serializers.ModelSerializer):
    topics = serializers.SerializerMethodField(
        help_text="What the category's practices help with (topic codes, as in GET /api/v1/topics/)."
    )

    class Meta:
        model = Category
        fields = ["code", "name", "description", "topics"]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_topics(self, obj) -> list[str]:
        return [t.code for t in obj.topics.all()]


class EditionOutput(serializers.ModelSerializer):
    """An edition with its phase, dates and categories (no entries: those are private until shortlisted)."""

    categories = CategoryOutput(many=True, read_only=True)
    applications = serializers.IntegerField(source="entry_count", read_only=True, help_text="Entries received.")
    url = serializers.SerializerMethodField(help_text="The edition's public page.")
    transitions = TransitionsField(
        EDITION, help_text="The phase changes the requesting user may make now (the Secretariat only; else empty)."
    )

    class Meta:
        model = Edition
        fields = [
            "year", "title", "general_assembly", "status", "ranking_method",
            "application_start", "application_end", "eligibility_end", "judging_start", "judging_end",
            "voting_start", "voting_end", "announcement_on", "results_published_at", "applications",
            "categories", "url", "transitions",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj) -> str:
        return self.context["request"].build_absolute_uri(reverse("awards:edition", args=[obj.year]))


class WinnerOutput(serializers.ModelSerializer):
    """A published prize and the winning project."""

    year = serializers.IntegerField(source="edition.year", read_only=True)
    category = serializers.CharField(source="category.code", read_only=True)
    category_name = serializers.CharField(source="category.name", read_only=True)
    topics = serializers.SerializerMethodField(help_text="The topics of the prize's category (codes).")
    prize = serializers.SerializerMethodField()
    prize_name = serializers.CharField(source="get_kind_display", read_only=True)
    title = serializers.CharField(source="entry.title", read_only=True)
    organisation = serializers.CharField(source="entry.organisation_name", read_only=True)
    country = serializers.CharField(source="entry.country.code", read_only=True, help_text="ISO 3166-1 alpha-2 code.")
    member_id = serializers.IntegerField(source="entry.member_id", read_only=True, allow_null=True,
                                         help_text="The WeGO member that entered, if any.")
    summary = serializers.CharField(source="entry.summary", read_only=True)
    results = serializers.CharField(source="entry.results", read_only=True)
    project_url = serializers.CharField(source="entry.url", read_only=True)
    url = serializers.SerializerMethodField(help_text="The project's page in the showcase.")
    certificate = serializers.SerializerMethodField(help_text="The prize certificate (PDF).")

    class Meta:
        model = Prize
        fields = [
            "id", "year", "category", "category_name", "topics", "prize", "prize_name", "votes", "title", "organisation",
            "country", "member_id", "summary", "results", "project_url", "url", "certificate",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_topics(self, obj) -> list[str]:
        return [t.code for t in obj.category.topics.all()]

    @extend_schema_field(serializers.ChoiceField(choices=["best", "outstanding"]))
    def get_prize(self, obj) -> str:
        return "best" if obj.kind == Prize.Kind.BEST else "outstanding"

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj) -> str:
        return self.context["request"].build_absolute_uri(reverse("awards:entry", args=[obj.entry_id]))

    @extend_schema_field(OpenApiTypes.URI)
    def get_certificate(self, obj) -> str:
        return self.context["request"].build_absolute_uri(reverse("awards:certificate", args=[obj.pk]))
