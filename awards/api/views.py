"""The public awards API: editions and winners. Anyone may read (throttles are global)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, permissions

from wego.api.filters import year_filter
from wego.api.permissions import partner_errors

from ..models import Edition, Prize
from ..selectors import edition_list_public, winner_list
from .serializers import EditionOutput, WinnerOutput

ERRORS = partner_errors(extra={400: "A filter value is not valid.", 404: "No such page."})


class WinnerFilter(filters.FilterSet):
    """Filters of GET /api/v1/awards/winners/; blank values do not filter."""

    year = year_filter(field_name="edition__year", label=_("Year of the edition"))
    category = filters.CharFilter(field_name="category__code", label=_("Category code, e.g. open-city"), max_length=50)

    class Meta:
        model = Prize
        fields: list[str] = []


class EditionFilter(filters.FilterSet):
    year = year_filter(field_name="year", label=_("Year"))

    class Meta:
        model = Edition
        fields: list[str] = []


@extend_schema_view(
    get=extend_schema(summary="List the editions of the WeGO Awards", tags=["awards"],
                      responses={200: EditionOutput, **ERRORS})
)
class EditionListApi(generics.ListAPIView):
    """Editions (newest first) with their phase, dates and categories. Editions in preparation are not listed."""

    permission_classes = [permissions.AllowAny]
    serializer_class = EditionOutput
    filterset_class = EditionFilter

    def get_queryset(self):
        return edition_list_public()


@extend_schema_view(
    get=extend_schema(summary="List the winners of the WeGO Awards", tags=["awards"],
                      responses={200: WinnerOutput, **ERRORS})
)
class WinnerListApi(generics.ListAPIView):
    """Best and Outstanding e-Government Prizes of every announced edition. Filter by `year` and `category`."""

    permission_classes = [permissions.AllowAny]
    serializer_class = WinnerOutput
    filterset_class = WinnerFilter

    def get_queryset(self):
        return winner_list().prefetch_related("category__topics")
