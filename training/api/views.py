"""The public, read-only training API: programs, and sessions with their seats left.

Anyone may read; a partner key whose scopes are set but do not include "training" is refused.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, permissions

from wego.api.authentication import PartnerPrincipal
from wego.api.serializers import ApiError

from ..models import Program, Session
from ..selectors import program_list_public, session_list_public
from .serializers import ProgramOutput, SessionOutput

SCOPE = "training"

ERRORS = {
    401: OpenApiResponse(ApiError, description="The API key sent is unknown, revoked or expired."),
    403: OpenApiResponse(ApiError, description="The API key is not granted the training scope."),
    404: OpenApiResponse(ApiError, description="No such page."),
    429: OpenApiResponse(ApiError, description="Too many requests."),
}
LIST_ERRORS = {**ERRORS, 400: OpenApiResponse(ApiError, description="A filter value is not valid.")}


class TrainingScope(permissions.BasePermission):
    message = _('This API key is not granted the "training" scope.')

    def has_permission(self, request, view) -> bool:
        user = request.user
        return not isinstance(user, PartnerPrincipal) or user.has_scope(SCOPE)


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
