"""The CeDS API: the public framework and benchmarks, and a city's own investigations and reports.

Public endpoints allow anyone (a partner key restricted to other scopes is refused); benchmarks only
carry groups of five cities or more. Investigations and reports are for the city's own officials
and the Secretariat; anyone else gets 404 for another city's investigation.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, permissions
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from wego.api.filters import YEAR_MAX, YEAR_MIN, IntegerQuery, TextQuery
from wego.api.permissions import HasScope, partner_errors
from wego.api.permissions import IsPerson as SignedInPerson
from wego.api.serializers import ApiError

from ..models import FrameworkVersion, Report
from ..selectors import (
    MIN_GROUP,
    benchmark_rows,
    framework_current,
    framework_for_api,
    investigation_list_for_user,
    prime_submission_states,
)
from .serializers import BenchmarksOutput, FrameworkOutput, InvestigationOutput, InvestigationReportsOutput

SCOPE = "ceds"
ERRORS = partner_errors(scope=SCOPE)
CedsScope = HasScope(SCOPE)


class IsPerson(SignedInPerson):
    """A signed-in person (a city official or the Secretariat), not a partner key."""

    message = _("City investigations are for the city's own officials.")


VERSION = TextQuery("version", 20, "A published version (default: the current one).")
YEAR = IntegerQuery("year", YEAR_MIN, YEAR_MAX, "Calendar year of the investigations (default: all years).")


def _version(request) -> FrameworkVersion:
    code = VERSION.value(request)
    if code:
        version = FrameworkVersion.objects.published().filter(version=code).first()
        if version is None:
            raise NotFound(_("No published framework version %(v)s.") % {"v": code})
        return version
    version = framework_current()
    if version is None:
        raise NotFound(_("No framework version is published yet."))
    return version


VERSION_PARAM = VERSION.parameter


class FrameworkApi(APIView):
    """The current framework version: dimensions with their indicators, system groups with the systems map."""

    permission_classes = [permissions.AllowAny, CedsScope]

    @extend_schema(
        summary="The CeDS framework", tags=["ceds"], parameters=[VERSION_PARAM],
        responses={200: FrameworkOutput, 404: OpenApiResponse(ApiError, description="No such version."), **ERRORS},
    )
    def get(self, request):
        return Response(FrameworkOutput(framework_for_api(version=_version(request))).data)


class BenchmarksApi(APIView):
    """Average scores of member cities (each city's latest submitted investigation of the year), over all
    members, by region and by size class; groups of fewer than five cities are left out."""

    permission_classes = [permissions.AllowAny, CedsScope]

    @extend_schema(
        summary="CeDS benchmarks", tags=["ceds"],
        parameters=[
            YEAR.parameter,
            VERSION_PARAM,
        ],
        responses={200: BenchmarksOutput, 400: OpenApiResponse(ApiError, description="The year is not valid."),
                   404: OpenApiResponse(ApiError, description="No such version."), **ERRORS},
    )
    def get(self, request):
        year = YEAR.value(request)
        version = _version(request)
        rows = benchmark_rows(version_id=version.pk, year=year)
        return Response(BenchmarksOutput({
            "version": version.version, "year": year, "minimum_cities": MIN_GROUP,
            "all_members": rows["all"], "by_region": rows["regions"], "by_size_class": rows["sizes"],
        }).data)


class InvestigationListApi(generics.ListAPIView):
    """The investigations of the cities the caller acts for (every city's for the Secretariat)."""

    permission_classes = [IsPerson]
    serializer_class = InvestigationOutput
    filter_backends: list = []

    @extend_schema(summary="My city's investigations", tags=["ceds"],
                   responses={200: InvestigationOutput(many=True), **ERRORS})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return investigation_list_for_user(user=self.request.user)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        # What each draft still lacks, for its "submit" transition, in a few queries for the whole page.
        prime_submission_states(page if page is not None else queryset)
        return page


class InvestigationReportsApi(APIView):
    """Reports I–III of one of the caller's investigations (empty until computed)."""

    permission_classes = [IsPerson]

    @extend_schema(
        summary="Reports of an investigation", tags=["ceds"],
        responses={200: InvestigationReportsOutput, 404: OpenApiResponse(ApiError, description="No such investigation of yours."), **ERRORS},
    )
    def get(self, request, pk: int):
        investigation = get_object_or_404(investigation_list_for_user(user=request.user), pk=pk)
        reports = Report.objects.filter(investigation=investigation).order_by("kind")
        prime_submission_states([investigation])
        return Response(InvestigationReportsOutput({"investigation": investigation, "reports": reports},
                                                   context={"request": request}).data)
