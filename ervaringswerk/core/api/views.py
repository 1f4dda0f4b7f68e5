from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from ervaringswerk.core.access import RulePermission, ViewerAPIMixin
from ervaringswerk.core.api.serializers import Serializer
from ervaringswerk.core.permissions import can_use_app, can_view_reference_data
from ervaringswerk.core.selectors import experience_domain_list, neighbourhood_list
from ervaringswerk.core.tenancy import Viewer

from .base import ScopedReadOnlyViewSet
from .serializers import ExperienceDomainSerializer, NeighbourhoodSerializer


class NeighbourhoodViewSet(ScopedReadOnlyViewSet):
    """Neighbourhoods (wijken) of the caller's municipality."""

    serializer_class = NeighbourhoodSerializer
    permission_rule = staticmethod(can_view_reference_data)

    def selector(self, viewer: Viewer):
        return neighbourhood_list(viewer=viewer)


class ExperienceDomainViewSet(ScopedReadOnlyViewSet):
    """Experience domains (reference list, editable per municipality)."""

    serializer_class = ExperienceDomainSerializer
    permission_rule = staticmethod(can_view_reference_data)

    def selector(self, viewer: Viewer):
        return experience_domain_list(viewer=viewer, active_only=False)


class MeSerializer(Serializer):
    id = serializers.UUIDField()
    username = serializers.CharField()
    name = serializers.CharField()
    role = serializers.CharField(allow_null=True)
    organisation = serializers.CharField(allow_null=True)
    municipality = serializers.CharField(allow_null=True)
    municipality_code = serializers.CharField(allow_null=True)


class MeView(ViewerAPIMixin, APIView):
    """Who the caller is: role, organisation and municipality that scope every other answer."""

    permission_classes = [RulePermission]
    permission_rule = staticmethod(can_use_app)

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        viewer = request.viewer
        data = {
            "id": viewer.user_id,
            "username": viewer.user.get_username(),
            "name": viewer.user.get_full_name(),
            "role": viewer.role,
            "organisation": viewer.organisation.name if viewer.organisation else None,
            "municipality": viewer.municipality.name if viewer.municipality else None,
            "municipality_code": viewer.municipality.cbs_code if viewer.municipality else None,
        }
        return Response(MeSerializer(data).data)
