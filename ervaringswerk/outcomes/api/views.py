from django.forms import ModelChoiceField
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.response import Response

from ervaringswerk.core.api.base import ScopedReadOnlyViewSet
from ervaringswerk.core.api.errors import Conflict
from ervaringswerk.core.tenancy import Viewer
from ervaringswerk.outcomes.models import Trajectory
from ervaringswerk.outcomes.permissions import (
    can_change_trajectory,
    can_create_trajectory,
    can_record_measurement,
    can_view_trajectories,
)
from ervaringswerk.outcomes.selectors import (
    measurement_list,
    neighbourhood_choices,
    peer_worker_choices,
    programme_choices,
    trajectory_get,
    trajectory_list,
)
from ervaringswerk.outcomes.services import measurement_record, trajectory_create, trajectory_update

from .serializers import (
    MeasurementCreateSerializer,
    MeasurementSerializer,
    TrajectoryCloseSerializer,
    TrajectoryCreateSerializer,
    TrajectorySerializer,
    TrajectoryUpdateSerializer,
)

# The choices of the trajectory form's selects: an id outside them is Django's "not a valid choice".
CHOICES = {
    "neighbourhood": neighbourhood_choices,
    "peer_worker": peer_worker_choices,
    "programme": programme_choices,
}


def _resolve(viewer: Viewer, fields: dict) -> dict:
    for name, choices in CHOICES.items():
        if fields.get(name) is not None:
            found = choices(viewer=viewer).filter(pk=fields[name]).first()
            if found is None:
                raise DRFValidationError(
                    {name: [str(ModelChoiceField.default_error_messages["invalid_choice"])]}
                )
            fields[name] = found
    return fields


class TrajectoryViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, ScopedReadOnlyViewSet):
    """Pseudonymous resident trajectories, only for the professionals and peer workers involved. A
    professional or team lead creates one for their organisation, changes it and closes it (`close/`), with
    the services of the trajectory pages."""

    serializer_class = TrajectorySerializer
    permission_rule = staticmethod(can_view_trajectories)
    audit_detail_reads = True
    http_method_names = ["get", "post", "patch", "head", "options"]

    def selector(self, viewer: Viewer):
        return trajectory_list(viewer=viewer)

    def _changeable(self, request) -> Trajectory:
        trajectory = self.get_object()
        if not can_change_trajectory(request.viewer, trajectory):
            raise PermissionDenied(_("Alleen de professional of teamleider van het traject wijzigt het."))
        return trajectory

    def _answer(self, trajectory, code=status.HTTP_200_OK):
        trajectory = trajectory_list(viewer=self.request.viewer).get(pk=trajectory.pk)
        return Response(TrajectorySerializer(trajectory).data, status=code)

    @extend_schema(request=TrajectoryCreateSerializer, responses={201: TrajectorySerializer})
    def create(self, request, *args, **kwargs):
        viewer = request.viewer
        if not can_create_trajectory(viewer):
            raise PermissionDenied(_("Alleen een professional of teamleider start een traject."))
        data = TrajectoryCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = _resolve(viewer, dict(data.validated_data))
        trajectory = trajectory_create(viewer=viewer, organisation=viewer.organisation, **fields)
        return self._answer(trajectory, status.HTTP_201_CREATED)

    @extend_schema(request=TrajectoryUpdateSerializer, responses=TrajectorySerializer)
    def partial_update(self, request, *args, **kwargs):
        trajectory = self._changeable(request)
        data = TrajectoryUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields = _resolve(request.viewer, dict(data.validated_data))
        return self._answer(trajectory_update(viewer=request.viewer, trajectory=trajectory, **fields))

    @extend_schema(request=TrajectoryCloseSerializer, responses=TrajectorySerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """End the trajectory on `end_date` with an `end_reason`, as the edit page does (closed: 409)."""
        trajectory = self._changeable(request)
        if trajectory.end_date is not None:
            raise Conflict(_("Dit traject is al afgesloten."))
        data = TrajectoryCloseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(
            trajectory_update(viewer=request.viewer, trajectory=trajectory, **data.validated_data)
        )


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
