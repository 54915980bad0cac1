"""Output shapes of the governance API (read-only)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from wego.api.serializers import TransitionsField

from ..models import Election
from ..workflows import ELECTION


class MemberRefOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    country = serializers.CharField()
    region = serializers.CharField()


def member_ref(member) -> dict:
    return {"id": member.pk, "name": member.name, "country": str(member.country), "region": member.region}


class ElectionOutput(serializers.ModelSerializer):
    general_assembly = serializers.SerializerMethodField()
    results_available = serializers.SerializerMethodField()
    runoff_of = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text="The election this is a run-off of; null for a first round."
    )
    log_entries = serializers.IntegerField(
        source="log_length", read_only=True, help_text="Entries in the election's hash-chained log; it only grows."
    )
    log_head_hash = serializers.CharField(
        read_only=True, help_text="SHA-256 of the log's last entry. Keep it: a later log must still contain it."
    )
    transitions = TransitionsField(
        ELECTION, help_text="The steps the requesting user may take on this vote now (the table governance.election, "
                            "listed by `manage.py workflows`); empty for anonymous readers and partner keys.",
    )

    class Meta:
        model = Election
        fields = [
            "id", "title", "kind", "status", "secrecy", "seats", "voting_opens_at", "voting_closes_at",
            "general_assembly", "runoff_of", "results_available", "log_entries", "log_head_hash", "quorum_base_rule",
            "transitions",
        ]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_general_assembly(self, obj) -> int | None:
        return obj.general_assembly.number if obj.general_assembly_id else None

    def get_results_available(self, obj) -> bool:
        return obj.results_public


class QuorumOutput(serializers.Serializer):
    base = serializers.IntegerField(help_text="The denominator: members counted for the quorum.")
    base_rule = serializers.CharField(
        help_text="Whom the base counts, as chosen on the election and fixed with the roll: all_members (the default), "
                  "good_standing, full_members or roll (the election's quorum_base_rule).",
    )
    base_rule_label = serializers.CharField(help_text="The base in words.")
    statement = serializers.CharField(
        help_text='E.g. "Quorum: 41 of 120 members (more than one third of all members, statute Part V)".'
    )
    statute = serializers.CharField(help_text="The sentence of the Statute the quorum follows (Part V).")
    voters = serializers.IntegerField()
    needed = serializers.IntegerField()
    met = serializers.BooleanField()


class ResultRowOutput(serializers.Serializer):
    key = serializers.CharField(help_text="A candidacy id, or yes / no / abstain for a motion.")
    label = serializers.CharField()
    member = MemberRefOutput(allow_null=True)
    votes = serializers.IntegerField()
    elected = serializers.BooleanField()
    tied = serializers.BooleanField()
    drawn = serializers.BooleanField()
    runoff = serializers.BooleanField()


class TieOutput(serializers.Serializer):
    between = serializers.ListField(child=serializers.CharField())
    votes = serializers.IntegerField()
    position = serializers.CharField()
    settled_by = serializers.CharField()
    seed = serializers.CharField(allow_blank=True)
    drawn = serializers.ListField(child=serializers.CharField())


class OpenVoteOutput(serializers.Serializer):
    member = MemberRefOutput()
    receipt = serializers.CharField()
    choices = serializers.ListField(child=serializers.CharField())


class ResultOutput(serializers.Serializer):
    election = ElectionOutput()
    outcome = serializers.CharField()
    certified_at = serializers.DateTimeField()
    quorum = QuorumOutput()
    votes_cast = serializers.IntegerField()
    blank = serializers.IntegerField()
    invalid = serializers.IntegerField()
    rows = ResultRowOutput(many=True)
    elected = serializers.ListField(child=serializers.CharField())
    tie = TieOutput(allow_null=True)
    runoffs = serializers.ListField(child=serializers.IntegerField(), help_text="Run-off elections created by this tally.")
    threshold = serializers.DictField(allow_null=True, help_text="For a motion: rule, yes, no, abstain, needed.")
    result_hash = serializers.CharField()
    roll_hash = serializers.CharField()
    log_entries = serializers.IntegerField(help_text="Entries in the election's hash-chained log at this moment.")
    log_head_hash = serializers.CharField(help_text="SHA-256 of the log's last entry (the head) at this moment.")
    open_votes = OpenVoteOutput(many=True, allow_null=True, help_text="Who voted what, for an open vote; null for a secret one.")


class TermOutput(serializers.Serializer):
    member = MemberRefOutput()
    term_start = serializers.DateField()
    term_end = serializers.DateField(allow_null=True)
    basis = serializers.CharField(required=False)


class OfficersOutput(serializers.Serializer):
    on = serializers.DateField()
    president = TermOutput(allow_null=True)
    executive_vice_president = TermOutput(allow_null=True)
    vice_presidents = TermOutput(many=True)
    executive_committee = TermOutput(many=True)
