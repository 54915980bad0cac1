"""The public, read-only feasibility API: calls for Letters of Intent and published studies.

Anyone may read; a partner key whose scopes are set but do not include "feasibility" is refused.
"""

from __future__ import annotations

from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, permissions

from wego.api.filters import id_filter, year_filter
from wego.api.permissions import HasScope, partner_errors

from ..models import Call, Project
from ..selectors import call_list_public, project_list_published
from .serializers import FeasibilityCallOutput, FeasibilityProjectOutput

SCOPE = "feasibility"

LIST_ERRORS = partner_errors(scope=SCOPE, extra={400: "A filter value is not valid.", 404: "No such page."})
FeasibilityScope = HasScope(SCOPE)


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
        # The implementation reports are what closing a project needs (its `transitions`, for the Secretariat).
        return project_list_published().prefetch_related("implementation_reports", "letter__call__theme__topics")
