"""Output serializers of the CeDS API. Read-only."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from wego.api.serializers import TransitionsField

from ..models import Dimension, Indicator, Investigation, Report, SystemGroup, SystemItem
from ..workflows import INVESTIGATION


@extend_schema_field(serializers.ListField(child=serializers.CharField()))
class CedsTransitionsField(TransitionsField):
    """The transitions (names, e.g. "submit") the caller may take on the object now: a list of strings."""


class IndicatorOutput(serializers.ModelSerializer):
    levels = serializers.DictField(child=serializers.CharField(), help_text="Description of each level 0–4.")
    weight = serializers.DecimalField(max_digits=5, decimal_places=2, coerce_to_string=False)

    class Meta:
        model = Indicator
        fields = ["code", "question", "help_text", "weight", "evidence", "levels"]
        read_only_fields = fields


class DimensionOutput(serializers.ModelSerializer):
    indicators = IndicatorOutput(many=True, read_only=True)

    class Meta:
        model = Dimension
        fields = ["code", "name", "side", "description", "indicators"]
        read_only_fields = fields


class SystemItemOutput(serializers.ModelSerializer):
    requires = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True,
                                            help_text="Codes of the systems this one builds on.")
    weight = serializers.DecimalField(max_digits=5, decimal_places=2, coerce_to_string=False)

    class Meta:
        model = SystemItem
        fields = ["code", "name", "question", "help_text", "weight", "stage", "requires"]
        read_only_fields = fields


class SystemGroupOutput(serializers.ModelSerializer):
    systems = SystemItemOutput(source="items", many=True, read_only=True)

    class Meta:
        model = SystemGroup
        fields = ["code", "name", "description", "systems"]
        read_only_fields = fields


class MaturityLevelOutput(serializers.Serializer):
    level = serializers.IntegerField()
    label = serializers.CharField()
    description = serializers.CharField(required=False)


class SystemLevelOutput(serializers.Serializer):
    value = serializers.IntegerField()
    code = serializers.CharField()
    label = serializers.CharField()


class FrameworkOutput(serializers.Serializer):
    version = serializers.CharField(source="version.version")
    title = serializers.CharField(source="version.title")
    notice = serializers.CharField(source="version.notice")
    published_at = serializers.DateTimeField(source="version.published_at")
    maturity_levels = MaturityLevelOutput(source="version.maturity_levels", many=True)
    system_levels = SystemLevelOutput(source="version.system_levels", many=True)
    dimensions = DimensionOutput(many=True)
    system_groups = SystemGroupOutput(many=True)


class BenchmarkRowOutput(serializers.Serializer):
    kind = serializers.CharField(help_text="overall, side, dimension, systems or group.")
    code = serializers.CharField(help_text="Dimension or group code, internal/external for a side, empty for overall.")
    average = serializers.DecimalField(max_digits=5, decimal_places=2, coerce_to_string=False, source="avg")
    cities = serializers.IntegerField(source="n")


class RegionBenchmarkOutput(BenchmarkRowOutput):
    region = serializers.CharField()


class SizeBenchmarkOutput(BenchmarkRowOutput):
    size_class = serializers.CharField()


class BenchmarksOutput(serializers.Serializer):
    version = serializers.CharField()
    year = serializers.IntegerField(allow_null=True)
    minimum_cities = serializers.IntegerField()
    all_members = BenchmarkRowOutput(many=True)
    by_region = RegionBenchmarkOutput(many=True)
    by_size_class = SizeBenchmarkOutput(many=True)


class InvestigationOutput(serializers.ModelSerializer):
    member = serializers.CharField(source="member.name")
    member_id = serializers.IntegerField()
    version = serializers.CharField(source="version.version")
    transitions = CedsTransitionsField(
        INVESTIGATION,
        help_text="The steps the caller may take now: submit (a complete draft, for the city's officials), "
                  "recompute (for the Secretariat).",
    )

    class Meta:
        model = Investigation
        fields = ["id", "member_id", "member", "version", "year", "slot", "status", "report_status",
                  "submitted_at", "reported_at", "transitions"]
        read_only_fields = fields


class ReportOutput(serializers.ModelSerializer):
    kind = serializers.CharField(help_text="I (overall maturity), II (dimensions) or III (systems).")
    data = serializers.JSONField()

    class Meta:
        model = Report
        fields = ["kind", "data", "computed_at"]
        read_only_fields = fields


class InvestigationReportsOutput(serializers.Serializer):
    investigation = InvestigationOutput()
    reports = ReportOutput(many=True)
