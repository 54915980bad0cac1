"""The public, read-only membership API: members, regional offices, partners.

Anyone may read (anonymous callers get the lower anonymous throttle); a partner key whose scopes
are set but do not include "members" is refused.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, permissions

from wego.api.permissions import HasScope, partner_errors

from ..public_selectors import member_list_public, partner_list_public, regional_office_list_public
from .filters import MemberFilter
from .serializers import MemberOutput, PartnerOutput, RegionalOfficeOutput

SCOPE = "members"

ERRORS = partner_errors(scope=SCOPE)
LIST_ERRORS = partner_errors(scope=SCOPE, extra={400: "A filter value is not valid.", 404: "No such page."})
DETAIL_ERRORS = partner_errors(scope=SCOPE, extra={404: "No active member with this id."})
# Anyone may read; a partner key restricted to other scopes may not.
MembersScope = HasScope(SCOPE)


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
