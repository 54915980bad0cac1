from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from .authentication import PartnerPrincipal
from .permissions import IsPartnerOrUser


class MeMemberSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    role = serializers.CharField()


class MeOutput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["user", "partner"])
    id = serializers.IntegerField()
    name = serializers.CharField()
    email = serializers.EmailField(required=False)
    is_staff = serializers.BooleanField(required=False)
    members = MeMemberSerializer(many=True, required=False)
    scopes = serializers.ListField(child=serializers.CharField(), required=False)
    key_prefix = serializers.CharField(required=False)


class MeApi(APIView):
    """Who is calling: a signed-in user (with the members they act for) or a partner."""

    permission_classes = [IsPartnerOrUser]

    @extend_schema(responses=MeOutput, summary="Who am I")
    def get(self, request):
        principal = request.user
        if isinstance(principal, PartnerPrincipal):
            data = {
                "kind": "partner",
                "id": principal.partner.pk,
                "name": principal.partner.name,
                "scopes": principal.scopes,
                "key_prefix": principal.key.prefix,
            }
        else:
            affiliations = principal.affiliations.select_related("member").order_by("member__name")
            data = {
                "kind": "user",
                "id": principal.pk,
                "name": str(principal),
                "email": principal.email,
                "is_staff": principal.is_staff,
                "members": [
                    {"id": a.member_id, "name": a.member.name, "role": a.role} for a in affiliations
                ],
            }
        return Response(MeOutput(data).data)
