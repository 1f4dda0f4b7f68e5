"""The pool API: the same selectors, rules and services as the pages, so scoping and visibility agree."""

import uuid

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as APIValidationError
from rest_framework.response import Response

from ervaringswerk.audit.services import audit_view
from ervaringswerk.core.access import RulePermission, ViewerAPIMixin
from ervaringswerk.core.models import ExperienceDomain
from ervaringswerk.core.selectors import experience_domain_list
from ervaringswerk.core.tenancy import Viewer
from ervaringswerk.pool import services
from ervaringswerk.pool.models import DevelopmentGoal, LadderStep, PeerExperience, PeerWorker, Training
from ervaringswerk.pool.permissions import can_edit_own_profile, can_manage_peer_worker, can_view_peer_worker
from ervaringswerk.pool.selectors import (
    PoolFilters,
    check_in_list,
    current_loads,
    experience_list,
    growth_list,
    peer_availability,
    peer_worker_for_user,
    peer_worker_list,
    peer_worker_search,
    visible_experiences_by_peer,
)
from ervaringswerk.pool.visibility import ExperienceContext, Relation, relation_to

from .serializers import (
    CheckInSerializer,
    ExperienceSerializer,
    ExperienceUpdateSerializer,
    ExperienceWriteSerializer,
    GoalSerializer,
    LadderStepSerializer,
    PeerWorkerSerializer,
    PeerWorkerUpdateSerializer,
    TrainingSerializer,
)

UUID_REGEX = "[0-9a-fA-F-]{36}"


class PoolViewSet(ViewerAPIMixin, viewsets.GenericViewSet):
    permission_classes = [RulePermission]
    permission_rule = staticmethod(can_view_peer_worker)
    lookup_value_regex = UUID_REGEX


def _peer_for_write(viewer: Viewer, peer_id) -> PeerWorker:
    """The peer worker a write is about: the given one if the viewer may see them, else their own profile."""
    if peer_id is None:
        peer = peer_worker_for_user(viewer=viewer)
        if peer is None:
            raise APIValidationError({"peer_worker": ["Geef aan over welke ervaringsdeskundige dit gaat."]})
        return peer
    try:
        return peer_worker_list(viewer=viewer).get(pk=peer_id)
    except PeerWorker.DoesNotExist as exc:
        raise Http404 from exc


FILTER_PARAMETERS = [
    OpenApiParameter("domain", str, description="Ervaringsdomein (korte naam); alleen vrijgegeven ervaring"),
    OpenApiParameter("neighbourhood", str, description="Id van een wijk"),
    OpenApiParameter("language", str, description="ISO 639-1, bijvoorbeeld 'ar'"),
    OpenApiParameter("kind", str, description="Soort inzet"),
    OpenApiParameter("status", str, description="active, paused (ook een eigen pauze) of left"),
]


class PeerWorkerViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PoolViewSet):
    """Peer workers the caller may see: a coordinator's pool, or a peer worker's own profile.

    PATCH: a peer worker changes their own profile, boundaries and pause; a coordinator the
    administrative fields. Lived experience appears only as far as the peer worker shared it.
    """

    serializer_class = PeerWorkerSerializer
    http_method_names = ["get", "patch", "post", "head", "options"]
    query_parameters = ("domain", "neighbourhood", "language", "kind", "status")
    # Explicit: ordering by a field the caller may not see (gender, background) would reveal it.
    ordering_fields = ["first_name", "last_name", "status", "status_since", "joined_on"]

    def get_queryset(self):
        params = self.request.query_params
        filters = PoolFilters(
            domain=params.get("domain", ""),
            neighbourhood=params.get("neighbourhood", ""),
            language=params.get("language", ""),
            kind=params.get("kind", ""),
            status=params.get("status", ""),
        )
        if filters.neighbourhood and not _is_uuid(filters.neighbourhood):
            raise APIValidationError({"neighbourhood": ["Geen geldig id."]})
        return peer_worker_search(viewer=self.request.viewer, filters=filters)

    def _context(self, peers) -> dict:
        viewer = self.request.viewer
        loads = current_loads(municipality_id=viewer.municipality_id)
        today = timezone.localdate()
        experiences = visible_experiences_by_peer(
            viewer=viewer, peers=peers, context=ExperienceContext.PROFILE
        )
        return {
            **self.get_serializer_context(),
            "experiences": experiences,
            "availability": lambda peer: peer_availability(peer=peer, day=today, loads=loads),
            "relation": lambda peer: str(relation_to(viewer, peer)),
        }

    @extend_schema(parameters=FILTER_PARAMETERS)
    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(
            PeerWorkerSerializer(page, many=True, context=self._context(page)).data
        )

    def retrieve(self, request, *args, **kwargs):
        peer = self.get_object()
        audit_view(viewer=request.viewer, obj=peer)
        return Response(PeerWorkerSerializer(peer, context=self._context([peer])).data)

    @extend_schema(request=PeerWorkerUpdateSerializer, responses=PeerWorkerSerializer)
    def partial_update(self, request, *args, **kwargs):
        peer = self.get_object()
        data = PeerWorkerUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        viewer = request.viewer
        if "excluded_themes" in fields:
            _check_themes(viewer, peer, fields["excluded_themes"])
        relation = relation_to(viewer, peer)
        if relation == Relation.SELF:
            pause = {k: fields.pop(k) for k in ("pause_start", "pause_end", "pause_note") if k in fields}
            own = {k: fields.pop(k) for k in list(fields) if k in services.OWN_PROFILE_FIELDS}
            hoods = fields.pop("neighbourhoods", None)
            boundaries = {k: fields.pop(k) for k in list(fields) if k in services.BOUNDARY_FIELDS}
            if fields:
                raise APIValidationError({name: ["Dit veld kunt u niet wijzigen."] for name in fields})
            if own or hoods is not None:
                services.peer_profile_update(viewer=viewer, peer=peer, neighbourhoods=hoods, **own)
            if boundaries:
                services.peer_boundaries_update(viewer=viewer, peer=peer, **boundaries)
            if pause:
                if pause.get("pause_start") is None and "pause_start" in pause:
                    services.peer_pause_end(viewer=viewer, peer=peer)
                else:
                    services.peer_pause_set(
                        viewer=viewer,
                        peer=peer,
                        start=pause.get("pause_start", peer.pause_start),
                        end=pause.get("pause_end", peer.pause_end),
                        note=pause.get("pause_note", peer.pause_note),
                    )
        elif can_manage_peer_worker(viewer, peer):
            services.peer_admin_update(viewer=viewer, peer=peer, **fields)
        else:
            return Response(status=status.HTTP_403_FORBIDDEN)
        peer = self.get_queryset().get(pk=peer.pk)
        return Response(PeerWorkerSerializer(peer, context=self._context([peer])).data)

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["post"], url_path="acknowledge-talk")
    def acknowledge_talk(self, request, pk=None):
        """The coordinator has picked up the peer worker's request for a talk: the flag goes off."""
        peer = self.get_object()
        services.talk_request_acknowledge(viewer=request.viewer, peer=peer)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ExperienceViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    PoolViewSet,
):
    """Lived experience, each item only if its visibility lets the caller see it.

    Filter with `?peer_worker=<id>`. Writes: only the peer worker themself.
    """

    serializer_class = ExperienceSerializer
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    query_parameters = ("peer_worker",)

    def get_queryset(self):
        qs = experience_list(viewer=self.request.viewer)
        peer_id = self.request.query_params.get("peer_worker")
        if peer_id:
            qs = qs.filter(peer_id=peer_id) if _is_uuid(peer_id) else qs.none()
        return qs.select_related("peer")

    @extend_schema(parameters=[OpenApiParameter("peer_worker", str)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=ExperienceWriteSerializer, responses={201: ExperienceSerializer})
    def create(self, request, *args, **kwargs):
        data = ExperienceWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        peer = _peer_for_write(request.viewer, data.validated_data.get("peer_worker"))
        domain = ExperienceDomain.objects.filter(
            municipality_id=peer.municipality_id, slug=data.validated_data["domain"]
        ).first()
        if domain is None:
            raise APIValidationError({"domain": ["Dit ervaringsdomein bestaat niet in uw gemeente."]})
        experience = services.experience_set(
            viewer=request.viewer,
            peer=peer,
            domain=domain,
            visibility=data.validated_data["visibility"],
            description=data.validated_data["description"],
        )
        return Response(ExperienceSerializer(experience).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ExperienceUpdateSerializer, responses=ExperienceSerializer)
    def partial_update(self, request, *args, **kwargs):
        experience = self.get_object()
        data = ExperienceUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        experience = services.experience_set(
            viewer=request.viewer,
            peer=experience.peer,
            domain=experience.domain,
            visibility=data.validated_data.get("visibility", experience.visibility),
            description=data.validated_data.get("description", experience.description),
        )
        return Response(ExperienceSerializer(experience).data)

    def perform_destroy(self, instance: PeerExperience):
        services.experience_delete(viewer=self.request.viewer, experience=instance)


def _check_themes(viewer: Viewer, peer: PeerWorker, themes: list[str]) -> None:
    """Through the API a theme not taken on is one of the municipality's experience domains (its short
    name), the only themes a request can carry. Own words that the page allowed and the profile already
    holds may be sent back as they are."""
    known = set(experience_domain_list(viewer=viewer).values_list("slug", flat=True))
    known |= set(peer.excluded_themes or [])
    wrong = {
        index: [_("Onbekend ervaringsdomein: kies een korte naam uit /api/v1/experience-domains/.")]
        for index, theme in enumerate(themes)
        if (services.normalise_themes([theme]) or [""])[0] not in known
    }
    if wrong:
        raise APIValidationError({"excluded_themes": wrong})


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


class _GrowthViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    PoolViewSet,
):
    """Shared by ladder steps, goals and trainings: read by the peer worker and their coordinator."""

    model = None
    http_method_names = ["get", "post", "delete", "head", "options"]
    query_parameters = ("peer_worker",)

    def get_queryset(self):
        qs = growth_list(viewer=self.request.viewer, model=self.model)
        peer_id = self.request.query_params.get("peer_worker")
        if peer_id:
            qs = qs.filter(peer_id=peer_id) if _is_uuid(peer_id) else qs.none()
        return qs

    @extend_schema(parameters=[OpenApiParameter("peer_worker", str)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def create(self, request, *args, **kwargs):
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        peer = _peer_for_write(request.viewer, fields.pop("peer_id", None))
        obj = self.add(viewer=request.viewer, peer=peer, **fields)
        return Response(self.get_serializer(obj).data, status=status.HTTP_201_CREATED)


class LadderStepViewSet(_GrowthViewSet):
    """The participation ladder over time (rung 1-6 at a date)."""

    model = LadderStep
    serializer_class = LadderStepSerializer

    @staticmethod
    def add(**kwargs):
        return services.ladder_step_add(**kwargs)

    def perform_destroy(self, instance):
        services.ladder_step_delete(viewer=self.request.viewer, step=instance)


class DevelopmentGoalViewSet(mixins.UpdateModelMixin, _GrowthViewSet):
    """Development goals with their status."""

    model = DevelopmentGoal
    serializer_class = GoalSerializer
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    @staticmethod
    def add(**kwargs):
        return services.goal_add(**kwargs)

    def perform_update(self, serializer):
        fields = dict(serializer.validated_data)
        if fields.pop("peer_id", serializer.instance.peer_id) != serializer.instance.peer_id:
            raise APIValidationError(
                {"peer_worker": [_("Een doel verhuist niet naar een andere ervaringsdeskundige.")]}
            )
        serializer.instance = services.goal_update(
            viewer=self.request.viewer, goal=serializer.instance, **fields
        )

    def perform_destroy(self, instance):
        services.goal_delete(viewer=self.request.viewer, goal=instance)


class TrainingViewSet(_GrowthViewSet):
    """Trainings and courses with their dates."""

    model = Training
    serializer_class = TrainingSerializer

    @staticmethod
    def add(**kwargs):
        return services.training_add(**kwargs)

    def perform_destroy(self, instance):
        services.training_delete(viewer=self.request.viewer, training=instance)


class CheckInViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, PoolViewSet):
    """The caller's own well-being check-ins. Nobody else can read them, also not the coordinator."""

    serializer_class = CheckInSerializer
    permission_rule = staticmethod(can_edit_own_profile)

    def get_queryset(self):
        return check_in_list(viewer=self.request.viewer)

    def perform_create(self, serializer):
        peer = peer_worker_for_user(viewer=self.request.viewer)
        if peer is None:
            raise Http404
        serializer.instance = services.check_in_create(
            viewer=self.request.viewer, peer=peer, **serializer.validated_data
        )
