"""The public, read-only training API: programs, and sessions with their seats left.

Anyone may read; a partner key whose scopes are set but do not include "training" is refused.
"""

from __future__ import annotations

from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, permissions

from wego.api.permissions import HasScope, partner_errors

from ..models import Program, Session
from ..selectors import program_list_public, session_list_public
from .serializers import ProgramOutput, SessionOutput

SCOPE = "training"

ERRORS = partner_errors(scope=SCOPE, extra={404: "No such page."})
LIST_ERRORS = partner_errors(scope=SCOPE, extra={404: "No such page.", 400: "A filter value is not valid."})
TrainingScope = HasScope(SCOPE)


class ProgramFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=Program.Kind.choices)
    eligibility = filters.ChoiceFilter(choices=Program.Eligibility.choices)

    class Meta:
        model = Program
        fields = ["kind", "eligibility"]


class SessionFilter(filters.FilterSet):
    from_ = filters.DateFilter(
        field_name="ends_on", lookup_expr="gte", label="Sessions not ended before this date (YYYY-MM-DD).",
    )
    to = filters.DateFilter(field_name="starts_on", lookup_expr="lte", label="Sessions starting by this date (YYYY-MM-DD).")
    program = filters.CharFilter(field_name="program__slug", label="A program's slug.")
    kind = filters.ChoiceFilter(field_name="program__kind", choices=Program.Kind.choices)
    mode = filters.ChoiceFilter(choices=Session.Mode.choices)

    class Meta:
        model = Session
        fields = ["program", "kind", "mode"]


# "from" is a Python keyword: the filter is declared as `from_` and served (and documented) as `from`.
SessionFilter.base_filters["from"] = SessionFilter.base_filters.pop("from_")


@extend_schema_view(
    get=extend_schema(summary="List training programs", tags=["training"], responses={200: ProgramOutput, **LIST_ERRORS})
)
class ProgramListApi(generics.ListAPIView):
    """WeGO's training programs: topics, organiser and partners, eligibility, prerequisites, languages, cost."""

    permission_classes = [permissions.AllowAny, TrainingScope]
    serializer_class = ProgramOutput
    filterset_class = ProgramFilter

    def get_queryset(self):
        return program_list_public()


@extend_schema_view(
    get=extend_schema(summary="List training sessions", tags=["training"], responses={200: SessionOutput, **LIST_ERRORS})
)
class SessionListApi(generics.ListAPIView):
    """Published sessions, soonest first, with the seats left. `from=YYYY-MM-DD` keeps sessions that
    have not ended before that day."""

    permission_classes = [permissions.AllowAny, TrainingScope]
    serializer_class = SessionOutput
    filterset_class = SessionFilter

    def get_queryset(self):
        return session_list_public()
