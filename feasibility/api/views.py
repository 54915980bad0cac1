"""The public, read-only feasibility API: calls for Letters of Intent and published studies.

Anyone may read; a partner key whose scopes are set but do not include "feasibility" is refused.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, permissions

from wego.api.authentication import PartnerPrincipal
from wego.api.filters import id_filter, year_filter
from wego.api.serializers import ApiError

from ..models import Call, Project
from ..selectors import call_list_public, project_list_published
from .serializers import FeasibilityCallOutput, FeasibilityProjectOutput

SCOPE = "feasibility"

LIST_ERRORS = {
    400: OpenApiResponse(ApiError, description="A filter value is not valid."),
    401: OpenApiResponse(ApiError, description="The API key sent is unknown, revoked or expired."),
    403: OpenApiResponse(ApiError, description="The API key is not granted the feasibility scope."),
    404: OpenApiResponse(ApiError, description="No such page."),
    429: OpenApiResponse(ApiError, description="Too many requests."),
}


class FeasibilityScope(permissions.BasePermission):
    message = _('This API key is not granted the "feasibility" scope.')

    def has_permission(self, request, view) -> bool:
        user = request.user
        return not isinstance(user, PartnerPrincipal) or user.has_scope(SCOPE)


class CallFilter(filters.FilterSet):
    year = year_filter(field_name="year", help_text="Calls of this year.")
    theme = id_filter(field_name="theme_id", help_text="Calls on this theme (id).")

    class Meta:
        model = Call
        fields = ["year", "theme"]


class ProjectFilter(filters.FilterSet):
    year = year_filter(field_name="letter__call__year", help_text="Studies of this year's call.")
    country = filters.CharFilter(
        field_name="beneficiary__country", method="filter_country", help_text="ISO 3166-1 alpha-2 code."
    )

    class Meta:
        model = Project
        fields = ["year", "country"]

    def filter_country(self, queryset, name, value):
        return queryset.filter(**{name: value.strip().upper()})


@extend_schema_view(
    get=extend_schema(summary="List calls for Letters of Intent", tags=["feasibility"],
                      responses={200: FeasibilityCallOutput, **LIST_ERRORS})
)
class CallListApi(generics.ListAPIView):
    """Published calls, newest first, with their documents and the cities selected. Filter by `year`, `theme`."""

    permission_classes = [permissions.AllowAny, FeasibilityScope]
    serializer_class = FeasibilityCallOutput
    filterset_class = CallFilter

    def get_queryset(self):
        return call_list_public()


@extend_schema_view(
    get=extend_schema(summary="List published feasibility studies", tags=["feasibility"],
                      responses={200: FeasibilityProjectOutput, **LIST_ERRORS})
)
class ProjectListApi(generics.ListAPIView):
    """Studies published in the library with the city's consent: city, theme, year, status, funding partner."""

    permission_classes = [permissions.AllowAny, FeasibilityScope]
    serializer_class = FeasibilityProjectOutput
    filterset_class = ProjectFilter

    def get_queryset(self):
        return project_list_published()
