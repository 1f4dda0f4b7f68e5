"""API for activities, sessions (with attendance) and the walk-in roster. Writes go through the services."""

import uuid
from datetime import datetime

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.response import Response

from ervaringswerk.accounts.models import Membership, User
from ervaringswerk.activities import learning, services
from ervaringswerk.activities.models import Session
from ervaringswerk.activities.permissions import (
    can_add_minutes,
    can_create_activity,
    can_manage_activity,
    can_record_attendance,
    can_sign_up_as_host,
    can_view_activities,
    can_view_facilitators,
    can_view_roster,
)
from ervaringswerk.activities.selectors import activity_list, roster, roster_get, session_list, viewer_peer
from ervaringswerk.core.access import RulePermission, ViewerAPIMixin
from ervaringswerk.core.api.base import ScopedReadOnlyViewSet
from ervaringswerk.core.api.filters import KnownParametersOnly
from ervaringswerk.core.api.pagination import PageNumberPagination
from ervaringswerk.core.models import ExperienceDomain, Neighbourhood
from ervaringswerk.core.tenancy import Viewer
from ervaringswerk.organisations.models import Organisation, Programme
from ervaringswerk.pool.models import PeerWorker

from .serializers import (
    ActivityCreateSerializer,
    ActivitySerializer,
    ActivityUpdateSerializer,
    AttendanceSerializer,
    HostSignupSerializer,
    MinuteItemSerializer,
    RosterSlotSerializer,
    SessionCancelSerializer,
    SessionMoveSerializer,
    SessionSerializer,
)


def _scoped(model, ids, municipality_id, field="pk"):
    ids = list(ids)
    found = list(model.objects.filter(municipality_id=municipality_id, **{f"{field}__in": ids}))
    if len(found) != len(set(ids)):
        raise DRFValidationError({model._meta.model_name: ["Onbekend of van een andere gemeente."]})
    return found


def _programme(value, municipality_id):
    """A programme id of the caller's municipality (another's is unknown: 400); the service checks that
    it is running and that one of the organisers takes part in it."""
    return None if value is None else _scoped(Programme, [value], municipality_id)[0]


class ActivityViewSet(ScopedReadOnlyViewSet):
    """Activities the caller may see. POST creates one (organisers' staff), with its sessions; PATCH changes
    title, description, place or programme (organisers' staff)."""

    http_method_names = ["get", "post", "patch", "head", "options"]

    serializer_class = ActivitySerializer
    permission_rule = staticmethod(can_view_activities)
    query_parameters = ("kind",)

    def selector(self, viewer: Viewer):
        return activity_list(viewer=viewer, include_inactive=True, kind=self.request.query_params.get("kind"))

    @extend_schema(request=ActivityCreateSerializer, responses={201: ActivitySerializer})
    def create(self, request):
        viewer = request.viewer
        if not can_create_activity(viewer):
            raise PermissionDenied()
        data = ActivityCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        m = viewer.municipality_id
        fields["organisers"] = _scoped(Organisation, fields["organisers"], m)
        fields["peer_facilitators"] = _scoped(PeerWorker, fields["peer_facilitators"], m)
        users = set(fields["user_facilitators"])
        member_ids = set(
            Membership.objects.filter(municipality_id=m, user_id__in=users).values_list("user_id", flat=True)
        )
        if users - member_ids:
            raise DRFValidationError({"user_facilitators": ["Onbekend of van een andere gemeente."]})
        fields["user_facilitators"] = list(User.objects.filter(pk__in=users))
        fields["themes"] = _scoped(ExperienceDomain, fields["themes"], m, field="slug")
        if fields["neighbourhood"] is not None:
            fields["neighbourhood"] = _scoped(Neighbourhood, [fields["neighbourhood"]], m)[0]
        fields["programme"] = _programme(fields["programme"], m)
        activity = services.activity_create(viewer=viewer, **fields)
        return Response(ActivitySerializer(activity).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ActivityUpdateSerializer, responses=ActivitySerializer)
    def partial_update(self, request, pk=None):
        activity = self.get_object()
        if not can_manage_activity(request.viewer, activity):
            raise PermissionDenied()
        data = ActivityUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        if "programme" in fields:
            fields["programme"] = _programme(fields["programme"], request.viewer.municipality_id)
        services.activity_update(viewer=request.viewer, activity=activity, **fields)
        return Response(ActivitySerializer(self.get_queryset().get(pk=activity.pk)).data)


class ActivitySessionViewSet(ScopedReadOnlyViewSet):
    """Sessions of the activities the caller may see; move, cancel and record attendance one by one."""

    serializer_class = SessionSerializer
    permission_rule = staticmethod(can_view_activities)
    query_parameters = ("activity", "from", "to")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "show_people": can_view_facilitators(self.request.viewer)}

    @extend_schema(
        parameters=[
            OpenApiParameter("activity", str, description="Only this activity's sessions"),
            OpenApiParameter("from", str, description="ISO date-time: sessions ending after"),
            OpenApiParameter("to", str, description="ISO date-time: sessions starting before"),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def _moment(self, name):
        value = self.request.query_params.get(name)
        if not value:
            return None
        try:
            moment = datetime.fromisoformat(value)
        except ValueError as exc:
            raise DRFValidationError({name: ["Geen geldige datum/tijd (ISO 8601)."]}) from exc
        if moment.tzinfo is None:
            raise DRFValidationError({name: ["Geef een tijdzone mee, bijvoorbeeld +01:00 of Z."]})
        return moment

    def selector(self, viewer: Viewer):
        qs = session_list(viewer=viewer, start=self._moment("from"), end=self._moment("to"))
        activity = self.request.query_params.get("activity")
        if activity:
            qs = qs.filter(activity_id=activity) if _is_uuid(activity) else qs.none()
        return qs.prefetch_related("resident_codes", "staff_attendance").order_by("starts_at")

    def _session(self) -> Session:
        return self.get_object()

    @extend_schema(request=AttendanceSerializer, responses=SessionSerializer)
    @action(detail=True, methods=["post"])
    def attendance(self, request, pk=None):
        session = self._session()
        if not can_record_attendance(request.viewer, session):
            raise PermissionDenied()
        data = AttendanceSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        sent = {name: fields.pop(name) for name in ("milestone", "staff") if name in fields}
        if sent:
            fields["learning"] = _learning(session, sent)
        services.session_attendance_record(viewer=request.viewer, session=session, **fields)
        return Response(SessionSerializer(self._session(), context=self.get_serializer_context()).data)

    @extend_schema(request=SessionMoveSerializer, responses=SessionSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        session = self._session()
        if not can_manage_activity(request.viewer, session.activity):
            raise PermissionDenied()
        data = SessionMoveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.session_move(viewer=request.viewer, session=session, **data.validated_data)
        return Response(SessionSerializer(self._session(), context=self.get_serializer_context()).data)

    @extend_schema(request=SessionCancelSerializer, responses=SessionSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        session = self._session()
        if not can_manage_activity(request.viewer, session.activity):
            raise PermissionDenied()
        data = SessionCancelSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.session_cancel(viewer=request.viewer, session=session, reason=data.validated_data["reason"])
        return Response(SessionSerializer(self._session(), context=self.get_serializer_context()).data)

    @extend_schema(request=MinuteItemSerializer, responses={201: MinuteItemSerializer})
    @action(detail=True, methods=["post"])
    def minutes(self, request, pk=None):
        session = self._session()
        if not can_add_minutes(request.viewer, session):
            raise PermissionDenied()
        data = MinuteItemSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = services.minute_item_add(viewer=request.viewer, session=session, **data.validated_data)
        return Response({"kind": item.kind, "text": item.text}, status=status.HTTP_201_CREATED)


def _learning(session: Session, sent: dict) -> dict:
    """The attendance form's learning part ({"milestone", "staff_counts"}) from the API's fields; a field left
    out keeps what the session has. `learning.learning_record` checks the rest, as for the page."""
    if not learning.takes_learning(session):
        raise DRFValidationError(
            {
                next(iter(sent)): [
                    "Alleen een leerbijeenkomst of evaluatie voert een mijlpaal uit en telt medewerkers."
                ]
            }
        )
    milestone = session.milestone
    if "milestone" in sent:
        milestone = None
        if sent["milestone"] is not None:
            milestone = learning.milestone_choices(session).filter(pk=sent["milestone"]).first()
            if milestone is None:
                raise DRFValidationError(
                    {
                        "milestone": [
                            "Kies een leersessie- of evaluatiemijlpaal van het programma van deze activiteit."
                        ]
                    }
                )
    staff_counts = None
    if "staff" in sent:
        organisations = [str(row["organisation"]) for row in sent["staff"]]
        if len(organisations) != len(set(organisations)):
            raise DRFValidationError({"staff": ["Noem elke organisatie één keer."]})
        staff_counts = {str(row["organisation"]): row["people"] for row in sent["staff"]}
    return {"milestone": milestone, "staff_counts": staff_counts}


def _is_uuid(value) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


class RosterSlotViewSet(ViewerAPIMixin, viewsets.ViewSet):
    """The walk-in host roster of the caller's pool: slots, hosts (ids) and open places; sign up/withdraw."""

    permission_classes = [RulePermission]
    permission_rule = staticmethod(can_view_roster)
    lookup_value_regex = "[0-9a-fA-F-]{36}"
    query_parameters = ("weeks",)
    # Paged like every list; as the class attribute drf-spectacular reads, the schema says so too.
    pagination_class = PageNumberPagination

    @extend_schema(
        parameters=[OpenApiParameter("weeks", int, description="How many weeks ahead (1-8, default 3)")],
        responses=RosterSlotSerializer(many=True),
    )
    def list(self, request):
        KnownParametersOnly().filter_queryset(request, None, self)
        ordering = request.query_params.get("ordering") or request.query_params.get("sorteer")
        if ordering and ordering != "starts_at":
            raise DRFValidationError({"ordering": [_("Het rooster staat altijd op begintijd (starts_at).")]})
        # Out of range is refused, not clamped: a caller asking for 0 or 12 weeks should know it got 1 or 8.
        try:
            weeks = int(request.query_params.get("weeks", 3))
        except ValueError:
            weeks = 0
        if not 1 <= weeks <= 8:
            raise DRFValidationError({"weeks": [_("Geef een getal van 1 tot 8.")]})
        slots = roster(viewer=request.viewer, weeks=weeks)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(slots, request, view=self)
        return paginator.get_paginated_response(RosterSlotSerializer(page, many=True).data)

    def _session_and_peer(self, request, pk):
        if not can_sign_up_as_host(request.viewer):
            raise PermissionDenied()
        try:
            session = roster_get(viewer=request.viewer, pk=pk)
        except (Session.DoesNotExist, ValidationError) as exc:
            raise Http404 from exc
        data = HostSignupSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        peer = viewer_peer(viewer=request.viewer)
        if peer is None:
            peer_id = data.validated_data.get("peer")
            peer = PeerWorker.objects.filter(
                municipality_id=request.viewer.municipality_id,
                organisation_id=request.viewer.organisation_id,
                pk=peer_id,
            ).first()
            if peer is None:
                raise DRFValidationError({"peer": ["Kies een ervaringsdeskundige uit uw pool."]})
        return session, peer

    @extend_schema(request=HostSignupSerializer, responses={201: None})
    @action(detail=True, methods=["post"])
    def signup(self, request, pk=None):
        session, peer = self._session_and_peer(request, pk)
        services.host_signup(viewer=request.viewer, session=session, peer=peer)
        return Response({"session": str(session.pk), "peer": str(peer.pk)}, status=status.HTTP_201_CREATED)

    @extend_schema(request=HostSignupSerializer, responses={204: None})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        session, peer = self._session_and_peer(request, pk)
        services.host_withdraw(viewer=request.viewer, session=session, peer=peer)
        return Response(status=status.HTTP_204_NO_CONTENT)
