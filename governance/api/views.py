"""The public governance API: elections with their status, certified results, current officers.

Anyone may read; a partner key whose scopes are set but do not include "governance" is refused.
Results exist only once certified: before, the endpoint answers 404 exactly as for an unknown id.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, permissions
from rest_framework.response import Response
from rest_framework.views import APIView

from wego.api.permissions import HasScope, partner_errors
from wego.api.serializers import ApiError

from .. import selectors
from ..models import OpenBallot
from ..statute import QUORUM_SENTENCE, quorum_line
from .serializers import ElectionOutput, OfficersOutput, ResultOutput, member_ref

SCOPE = "governance"

ERRORS = partner_errors(scope=SCOPE)
GovernanceScope = HasScope(SCOPE)


class PublicGovernanceApi:
    permission_classes = [permissions.AllowAny, GovernanceScope]


@extend_schema_view(
    get=extend_schema(
        summary="List elections and votes", tags=["governance"],
        responses={200: ElectionOutput, **ERRORS, 404: OpenApiResponse(ApiError, description="No such page.")},
    )
)
class ElectionListApi(PublicGovernanceApi, generics.ListAPIView):
    """Every election and motion past its draft, newest first, with its status. `results_available`
    tells whether the result is certified (and so readable at /elections/{id}/results/)."""

    serializer_class = ElectionOutput
    filter_backends: list = []

    def get_queryset(self):
        return selectors.election_list_public()


@extend_schema(
    summary="Certified result of an election", tags=["governance"],
    responses={200: ResultOutput, **ERRORS, 404: OpenApiResponse(ApiError, description="No certified result for this id.")},
)
class ElectionResultsApi(PublicGovernanceApi, APIView):
    """The certified result: quorum with its denominator, votes per option, elected, tie and how it was
    settled, run-offs, and for an open vote who voted what. 404 until the Secretariat certifies it."""

    def get(self, request, pk: int):
        election = selectors.election_results_get(pk=pk)
        result = election.result
        candidacies = {str(c.pk): c.member for c in election.candidacies.select_related("member")}
        rows = []
        for row in selectors.result_rows(election):
            member = candidacies.get(row["key"])
            rows.append({**row, "member": member_ref(member) if member else None})
        open_votes = None
        if not election.is_secret:
            labels = selectors.option_labels(election)
            open_votes = [
                {"member": member_ref(b.member), "receipt": b.receipt, "choices": [labels.get(c, c) for c in b.choices]}
                for b in OpenBallot.objects.filter(election=election, counted=True).select_related("member").order_by("member__name")
            ]
        data = {
            "election": election,
            "outcome": election.outcome,
            "certified_at": election.certified_at,
            "quorum": {**result["quorum"], "base_rule": election.quorum_base_rule,
                       "base_rule_label": election.get_quorum_base_rule_display(), "statement": quorum_line(rule=election.quorum_base_rule, base=result["quorum"]["base"]),
                       "statute": QUORUM_SENTENCE},
            "votes_cast": result["votes_cast"],
            "blank": result["blank"],
            "invalid": result["invalid"],
            "rows": rows,
            "elected": result["elected"],
            "tie": result["tie"],
            "runoffs": list(election.runoffs.values_list("pk", flat=True)),
            "threshold": result["threshold"],
            "result_hash": election.result_hash,
            "roll_hash": election.roll_hash,
            "log_entries": election.log_length,
            "log_head_hash": election.log_head_hash,
            "open_votes": open_votes,
        }
        return Response(ResultOutput(data).data)


def _term(term, *, basis: bool = True) -> dict | None:
    if term is None:
        return None
    data = {"member": member_ref(term.member), "term_start": term.term_start, "term_end": term.term_end}
    if basis:
        data["basis"] = term.basis
    return data


@extend_schema(summary="Current officers and Executive Committee", tags=["governance"], responses={200: OfficersOutput, **ERRORS})
class OfficersApi(PublicGovernanceApi, APIView):
    """The current President City, Executive Vice President City, Vice President Cities and members of
    the Executive Committee, with their terms."""

    def get(self, request):
        officers = selectors.officers_current()
        data = {
            "on": officers["on"],
            "president": _term(officers["president"]),
            "executive_vice_president": _term(officers["executive_vice_president"]),
            "vice_presidents": [_term(t) for t in officers["vice_presidents"]],
            "executive_committee": [_term(s, basis=False) for s in officers["committee"]],
        }
        return Response(OfficersOutput(data).data)
