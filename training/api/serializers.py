"""Output serializers of the public training API. Read-only: nothing is written through them."""

from __future__ import annotations

from rest_framework import serializers

from ..models import Program, Session


class PartnerBriefOutput(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    acronym = serializers.CharField(read_only=True)


class ProgramOutput(serializers.ModelSerializer):
    topics = serializers.SerializerMethodField(
        help_text="Codes of the portal's topics the program teaches (GET /api/v1/topics/ names them)."
    )
    topic_notes = serializers.ListField(source="topic_note_list", child=serializers.CharField(), read_only=True,
                                        help_text="What the program teaches, in the organiser's words.")
    languages = serializers.ListField(source="language_list", child=serializers.CharField(), read_only=True)
    partners = PartnerBriefOutput(many=True, read_only=True)
    regional_office = serializers.CharField(source="regional_office.name", read_only=True, allow_null=True, default=None)
    cost_amount = serializers.DecimalField(max_digits=10, decimal_places=2, read_only=True, coerce_to_string=True)
    upcoming_sessions = serializers.IntegerField(source="upcoming_count", read_only=True)
    url = serializers.SerializerMethodField(help_text="The program's public page.")

    class Meta:
        model = Program
        fields = [
            "id", "name", "slug", "kind", "summary", "topics", "topic_notes", "format", "organiser", "regional_office", "partners",
            "eligibility", "prerequisites", "target_participants", "languages", "duration_days", "cost_amount",
            "cost_currency", "cost_note", "location_note", "accepts_city_requests", "offers_remote_support",
            "upcoming_sessions", "url",
        ]
        read_only_fields = fields

    def get_topics(self, obj) -> list[str]:
        return [t.code for t in obj.active_topics()]

    def get_url(self, obj) -> str:
        request = self.context.get("request")
        path = obj.get_absolute_url()
        return request.build_absolute_uri(path) if request else path


class ProgramBriefOutput(serializers.ModelSerializer):
    # A plain string here: the enum is described once, on ProgramOutput.kind.
    kind = serializers.CharField(read_only=True, help_text="The program's kind (see the programs list).")
    class Meta:
        model = Program
        fields = ["id", "name", "slug", "kind", "eligibility"]
        read_only_fields = fields


class SessionOutput(serializers.ModelSerializer):
    program = ProgramBriefOutput(read_only=True)
    country = serializers.CharField(source="country.code", read_only=True, allow_blank=True,
                                    help_text="ISO 3166-1 alpha-2 code; empty for online sessions.")
    seats_left = serializers.IntegerField(source="seats_left_db", read_only=True)
    accepts_applications = serializers.SerializerMethodField()
    topics = serializers.SerializerMethodField(
        help_text="Codes of the portal's topics the session teaches: its own, else its program's."
    )
    reserved_for = serializers.CharField(source="reserved_for.name", read_only=True, allow_null=True, default=None,
                                         help_text="A session a city requested for its own officials.")
    url = serializers.SerializerMethodField(help_text="The session's public page.")

    class Meta:
        model = Session
        fields = [
            "id", "title", "program", "starts_on", "ends_on", "mode", "venue", "city", "country", "language",
            "capacity", "seats_left", "application_deadline", "accepts_applications", "topics", "reserved_for", "url",
        ]
        read_only_fields = fields

    def get_accepts_applications(self, obj) -> bool:
        return obj.accepts_applications()

    def get_topics(self, obj) -> list[str]:
        return [t.code for t in obj.taught_topics()]

    def get_url(self, obj) -> str:
        request = self.context.get("request")
        path = obj.get_absolute_url()
        return request.build_absolute_uri(path) if request else path
