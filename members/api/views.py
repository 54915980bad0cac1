"""The public, read-only membership API: members, regional offices, partners.

Anyone may read (anonymous callers get the lower anonymous throttle); a partner key whose scopes
are set but do not include "members" is refused.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, permissions

from wego.api.authentication import PartnerPrincipal
from wego.api.serializers import ApiError

from ..public_selectors import member_list_public, partner_list_public, regional_office_list_public
from .filters import MemberFilter
from .serializers import MemberOutput, PartnerOutput, RegionalOfficeOutput

SCOPE = "members"

ERRORS = {
    401: OpenApiResponse(ApiError, description="The API key sent is unknown, revoked or expired."),
    403: OpenApiResponse(ApiError, description="The API key is not granted the members scope."),
    429: OpenApiResponse(ApiError, description="Too many requests."),
}
LIST_ERRORS = {
    **ERRORS,
    400: OpenApiResponse(ApiError, description="A filter value is not valid."),
    404: OpenApiResponse(ApiError, description="No such page."),
}
DETAIL_ERRORS = {
    **ERRORS,
    404: OpenApiResponse(ApiError, description="No active member with this id."),
}


class MembersScope(permissions.BasePermission):
    """Anyone may read; a partner key restricted to other scopes may not."""

    message = _('This API key is not granted the "members" scope.')

    def has_permission(self, request, view) -> bool:
        user = request.user
        return not isinstance(user, PartnerPrincipal) or user.has_scope(SCOPE)


class PublicMembershipApi:
    permission_classes = [permissions.AllowAny, MembersScope]


@extend_schema_view(
    get=extend_schema(
        summary="List active members", tags=["members"], responses={200: MemberOutput, **LIST_ERRORS}
    )
)
class MemberListApi(PublicMembershipApi, generics.ListAPIView):
    """Active WeGO members, by name. Filter by `country`, `region`, `category`; `search` a name."""

    serializer_class = MemberOutput
    filterset_class = MemberFilter

    def get_queryset(self):
        return member_list_public()


@extend_schema_view(
    get=extend_schema(
        summary="Get an active member", tags=["members"], responses={200: MemberOutput, **DETAIL_ERRORS}
    )
)
class MemberDetailApi(PublicMembershipApi, generics.RetrieveAPIView):
    """One active member; any other member (applicant, suspended, withdrawn) is a 404."""

    serializer_class = MemberOutput

    def get_queryset(self):
        return member_list_public()


@extend_schema_view(
    get=extend_schema(
        summary="List regional offices", tags=["members"], responses={200: RegionalOfficeOutput, **ERRORS}
    )
)
class RegionalOfficeListApi(PublicMembershipApi, generics.ListAPIView):
    """WeGO's regional offices with the number of active members each manages."""

    serializer_class = RegionalOfficeOutput
    filter_backends: list = []

    def get_queryset(self):
        return regional_office_list_public()


@extend_schema_view(
    get=extend_schema(summary="List partners", tags=["members"], responses={200: PartnerOutput, **ERRORS})
)
class PartnerListApi(PublicMembershipApi, generics.ListAPIView):
    """WeGO's public partners and their memoranda of understanding."""

    serializer_class = PartnerOutput
    filter_backends: list = []

    def get_queryset(self):
        return partner_list_public()
