from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from ervaringswerk.core.api.base import ScopedReadOnlyViewSet
from ervaringswerk.core.tenancy import Viewer
from ervaringswerk.outcomes.models import Trajectory
from ervaringswerk.outcomes.permissions import can_record_measurement, can_view_trajectories
from ervaringswerk.outcomes.selectors import measurement_list, trajectory_get, trajectory_list
from ervaringswerk.outcomes.services import measurement_record

from .serializers import MeasurementCreateSerializer, MeasurementSerializer, TrajectorySerializer


class TrajectoryViewSet(ScopedReadOnlyViewSet):
    """Pseudonymous resident trajectories, only for the professionals and peer workers involved."""

    serializer_class = TrajectorySerializer
    permission_rule = staticmethod(can_view_trajectories)
    audit_detail_reads = True

    def selector(self, viewer: Viewer):
        return trajectory_list(viewer=viewer)


class MeasurementViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Measurements (scores only) of the trajectories the caller is involved in. POST records one."""

    serializer_class = MeasurementSerializer
    permission_rule = staticmethod(can_view_trajectories)
    audit_detail_reads = True

    def selector(self, viewer: Viewer):
        return measurement_list(viewer=viewer)

    def get_serializer_class(self):
        return MeasurementCreateSerializer if self.action == "create" else MeasurementSerializer

    @extend_schema(request=MeasurementCreateSerializer, responses={201: MeasurementSerializer})
    def create(self, request, *args, **kwargs):
        incoming = MeasurementCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        try:
            trajectory = trajectory_get(viewer=request.viewer, pk=data["trajectory"])
        except Trajectory.DoesNotExist as exc:  # another tenant's, or not involved: 404
            raise NotFound from exc
        if not can_record_measurement(request.viewer, trajectory):
            raise NotFound
        # A Django ValidationError from the service becomes a 400 problem+json (core.api.errors).
        measurement = measurement_record(
            viewer=request.viewer,
            trajectory=trajectory,
            moment=data["moment"],
            measured_on=data["measured_on"],
            scores={(s["instrument"], s["item"]): s["value"] for s in data["scores"]},
        )
        measurement = measurement_list(viewer=request.viewer).get(pk=measurement.pk)
        return Response(MeasurementSerializer(measurement).data, status=status.HTTP_201_CREATED)
