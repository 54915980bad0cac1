from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from ..topics import topics_active
from .authentication import PartnerPrincipal
from .permissions import IsPartnerOrUser, partner_errors


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


class TopicOutput(serializers.Serializer):
    code = serializers.SlugField()
    name = serializers.CharField()
    description = serializers.CharField()


class TopicListApi(generics.ListAPIView):
    """The portal's topic vocabulary (the topics in use), shared by the CeDS framework, training
    programs and sessions, F/S themes and calls, Awards categories and the best-practice modules."""

    permission_classes = [permissions.AllowAny]
    serializer_class = TopicOutput
    pagination_class = None

    @extend_schema(summary="List the topics", tags=["topics"], responses={200: TopicOutput(many=True), **partner_errors()})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return topics_active()
