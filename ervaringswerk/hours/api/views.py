"""API for hours: time entries (write, review, correct), programmes with their budget, and hire-out
statements. Writes go through hours.services, exactly like the pages; the rules come from
hours/permissions.py."""

import datetime
import uuid

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.response import Response

from ervaringswerk.audit.services import audit_export
from ervaringswerk.core.api.base import ScopedReadOnlyViewSet
from ervaringswerk.core.api.errors import Conflict
from ervaringswerk.core.api.filters import DEPLOYMENT_FORM_PARAMETER, deployment_form_filter
from ervaringswerk.core.tenancy import Viewer
from ervaringswerk.deployment.models import Assignment
from ervaringswerk.hours import services
from ervaringswerk.hours.documents import statement_pdf, statement_xlsx
from ervaringswerk.hours.models import EntryStatus, TimeEntry
from ervaringswerk.hours.permissions import (
    can_edit_entry,
    can_issue_statements,
    can_review_hours,
    can_view_programmes,
    can_view_statement,
    can_view_statements,
    can_write_own_hours,
    own_peer,
)
from ervaringswerk.hours.programme_selectors import organisations_for_programmes
from ervaringswerk.hours.selectors import organisation_entries, review_queue
from ervaringswerk.hours.statements import statement_issue
from ervaringswerk.organisations.models import Organisation, Programme
from ervaringswerk.pool.models import PeerWorker

from .selectors import period_lock_list, programme_list, statement_list, time_entry_list
from .serializers import (
    BulkApproveResultSerializer,
    BulkApproveSerializer,
    HireOutStatementSerializer,
    PeriodLockCreateSerializer,
    PeriodLockSerializer,
    PeriodReopeningSerializer,
    PeriodReopenSerializer,
    ProgrammeSerializer,
    StatementIssueSerializer,
    TimeEntryCorrectSerializer,
    TimeEntryReturnSerializer,
    TimeEntrySerializer,
    TimeEntryUpdateSerializer,
    TimeEntryWriteSerializer,
)

UNKNOWN = "Onbekend of van een andere gemeente."
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Any client string works as a key: a UUID is used as is, anything else is mapped onto one (UUIDv5).
IDEMPOTENCY_NAMESPACE = uuid.UUID("6f1c3b52-8a55-4a0e-9a43-2f2b8f7d9e10")


def can_use_time_entries(viewer: Viewer) -> bool:
    """Peer workers (their own hours) and coordinators (their pool's hours)."""
    return can_write_own_hours(viewer) or can_review_hours(viewer)


# A filter given empty (`?programme=`) is a 400 naming it, like any value that does not fit: it never
# silently means "no filter" (a client that dropped the value would get every entry).


def _parse_date(params, name):
    if name not in params:
        return None
    value = params.get(name)
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise DRFValidationError({name: ["Geef een datum als 2026-03-24."]}) from exc


def _parse_uuid(params, name):
    if name not in params:
        return None
    value = params.get(name)
    try:
        return uuid.UUID(value)
    except ValueError as exc:
        raise DRFValidationError({name: ["Geen geldig id."]}) from exc


def _scoped(model, pk, municipality_id, field):
    if pk is None:
        return None
    found = model.objects.filter(municipality_id=municipality_id, pk=pk).first()
    if found is None:
        raise DRFValidationError({field: [UNKNOWN]})
    return found


LINKS = (
    ("programme", Programme),
    ("partner", Organisation),
    ("assignment", Assignment),
)


def _links(data: dict, municipality_id) -> dict:
    """Turn the ids in the body into objects of the caller's municipality (400 for anything else)."""
    from ervaringswerk.activities.models import Activity

    resolved = {}
    for name, model in (*LINKS, ("activity", Activity)):
        if name in data:
            resolved[name] = _scoped(model, data[name], municipality_id, name)
    return resolved


def _idempotency_key(request, body_key):
    header = request.headers.get("Idempotency-Key", "").strip()
    if not header:
        return body_key
    if len(header) > 200:
        raise DRFValidationError({"Idempotency-Key": ["Een Idempotency-Key is hoogstens 200 tekens."]})
    try:
        return uuid.UUID(header)
    except ValueError:
        return uuid.uuid5(IDEMPOTENCY_NAMESPACE, header)


LIST_PARAMETERS = [
    OpenApiParameter("date_from", OpenApiTypes.DATE, description="Entries on or after this date"),
    OpenApiParameter("date_to", OpenApiTypes.DATE, description="Entries on or before this date"),
    OpenApiParameter("status", str, enum=EntryStatus.values, description="Only entries in this status"),
    OpenApiParameter("programme", OpenApiTypes.UUID, description="Only entries on this programme"),
    OpenApiParameter("peer", OpenApiTypes.UUID, description="Coordinator: only this peer worker's entries"),
]


@extend_schema_view(list=extend_schema(parameters=LIST_PARAMETERS))
class TimeEntryViewSet(
    mixins.CreateModelMixin, mixins.UpdateModelMixin, mixins.DestroyModelMixin, ScopedReadOnlyViewSet
):
    """Time entries: a peer worker's own, or a coordinator's pool. Create is idempotent with an
    `Idempotency-Key` header: a repeat answers 200 with the first entry and creates nothing."""

    serializer_class = TimeEntrySerializer
    permission_rule = staticmethod(can_use_time_entries)
    audit_detail_reads = True
    query_parameters = ("date_from", "date_to", "status", "programme", "peer")

    def selector(self, viewer: Viewer):
        qs = time_entry_list(viewer=viewer)
        if self.action != "list":
            return qs
        params = self.request.query_params
        date_from, date_to = _parse_date(params, "date_from"), _parse_date(params, "date_to")
        if date_from:
            qs = qs.filter(date__gte=date_from)
        if date_to:
            qs = qs.filter(date__lte=date_to)
        entry_status = params.get("status")
        if entry_status is not None:
            if entry_status not in EntryStatus.values:
                raise DRFValidationError(
                    {"status": ["Kies een van: %s." % ", ".join(EntryStatus.values)]}  # noqa: UP031
                )
            qs = qs.filter(status=entry_status)
        programme = _parse_uuid(params, "programme")
        if programme:
            qs = qs.filter(programme_id=programme)
        peer = _parse_uuid(params, "peer")
        if peer:
            qs = qs.filter(peer_id=peer)
        return qs

    def retrieve(self, request, *args, **kwargs):
        entry = self.get_object()
        from ervaringswerk.audit.services import audit_view

        audit_view(viewer=request.viewer, obj=entry)
        entry.warnings = services.entry_warnings(entry)
        return Response(TimeEntrySerializer(entry).data)

    # -- writes ------------------------------------------------------------------------------------

    def _peer_for_create(self, viewer: Viewer, peer_id):
        if can_review_hours(viewer):
            if peer_id is None:
                raise DRFValidationError({"peer": ["Kies voor wie u uren schrijft."]})
            peer = PeerWorker.objects.filter(
                municipality_id=viewer.municipality_id, organisation_id=viewer.organisation_id, pk=peer_id
            ).first()
            if peer is None:
                raise DRFValidationError({"peer": ["Kies een ervaringsdeskundige uit uw eigen pool."]})
            return peer
        peer = own_peer(viewer)
        if peer is None:
            raise PermissionDenied("Uw login is niet gekoppeld aan een ervaringsdeskundige.")
        if peer_id is not None and peer_id != peer.pk:
            raise PermissionDenied("U schrijft alleen uw eigen uren.")
        return peer

    @extend_schema(
        request=TimeEntryWriteSerializer,
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                str,
                OpenApiParameter.HEADER,
                description="Any string up to 200 characters; sending it again returns the first entry.",
            )
        ],
        responses={
            201: TimeEntrySerializer,
            200: OpenApiResponse(TimeEntrySerializer, description="A repeat: the entry made the first time"),
        },
    )
    def create(self, request, *args, **kwargs):
        viewer = request.viewer
        data = TimeEntryWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        peer = self._peer_for_create(viewer, fields.pop("peer"))
        key = _idempotency_key(request, fields.pop("submission_key"))
        fields.update(_links(fields, viewer.municipality_id))
        entry = services.time_entry_create(
            peer=peer,
            day=fields.pop("date"),
            submission_key=key,
            actor=viewer,
            **fields,
        )
        code = status.HTTP_200_OK if entry.was_duplicate else status.HTTP_201_CREATED
        return Response(TimeEntrySerializer(entry).data, status=code)

    def _own_entry(self, request):
        entry = self.get_object()
        if not can_edit_entry(request.viewer, entry):
            raise PermissionDenied(
                "Alleen de ervaringsdeskundige zelf wijzigt deze uren; een coördinator corrigeert."
            )
        return entry

    @extend_schema(request=TimeEntryUpdateSerializer, responses=TimeEntrySerializer)
    def update(self, request, *args, **kwargs):
        entry = self._own_entry(request)
        partial = kwargs.get("partial", False)
        data = TimeEntryUpdateSerializer(data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        fields.update(_links(fields, request.viewer.municipality_id))
        entry = services.time_entry_update(entry=entry, actor=request.viewer, **fields)
        return Response(TimeEntrySerializer(entry).data)

    @extend_schema(request=TimeEntryUpdateSerializer, responses=TimeEntrySerializer)
    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    def destroy(self, request, *args, **kwargs):
        entry = self._own_entry(request)
        services.time_entry_delete(entry=entry, actor=request.viewer)
        return Response(status=status.HTTP_204_NO_CONTENT)

    # -- review by the coordinator -----------------------------------------------------------------

    def _reviewable(self, request) -> TimeEntry:
        entry = self.get_object()
        if not can_review_hours(request.viewer, entry.organisation):
            raise PermissionDenied("Alleen de coördinator van de poolorganisatie beoordeelt deze uren.")
        return entry

    @extend_schema(request=None, responses=TimeEntrySerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        entry = services.time_entry_approve(entry=self._reviewable(request), actor=request.viewer)
        entry.warnings = services.entry_warnings(entry)
        return Response(TimeEntrySerializer(entry).data)

    @extend_schema(
        operation_id="time_entries_approve_many",
        request=BulkApproveSerializer,
        responses=BulkApproveResultSerializer,
    )
    @action(detail=False, methods=["post"], url_path="approve", url_name="approve-many")
    def approve_many(self, request):
        """Approve many at once, as the review page's "Alle getoonde uren goedkeuren": only the entries of
        the list that still wait in this coordinator's queue are approved (in one transaction); every other
        id (already reviewed, another pool's or municipality's, unknown) is reported in `not_approved` and
        touched by nothing. Nothing of the list waiting: 409 (or 400 when no id is known at all)."""
        viewer = request.viewer
        if not can_review_hours(viewer):
            raise PermissionDenied("Alleen de coördinator van de poolorganisatie beoordeelt uren.")
        body = BulkApproveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        ids = list(dict.fromkeys(body.validated_data["ids"]))
        entries = list(review_queue(viewer=viewer).filter(pk__in=ids))
        waiting = {entry.pk for entry in entries}
        reviewed = {
            row["pk"]: row["status"]
            for row in organisation_entries(viewer=viewer)
            .filter(pk__in=[pk for pk in ids if pk not in waiting])
            .values("pk", "status")
        }
        labels = dict(EntryStatus.choices)
        not_approved = []
        for index, pk in enumerate(ids):
            if pk in waiting:
                continue
            if pk in reviewed:
                reason = _("Deze uren zijn al beoordeeld (%(status)s).") % {"status": labels[reviewed[pk]]}
                code = "not_pending"
            else:
                reason = _("Onbekend, of geen uren van uw pool.")
                code = "unknown"
            not_approved.append({"index": index, "id": pk, "reason": reason, "code": code})
        if not entries:
            params = [
                {"name": f"ids.{row['index']}", "code": row["code"], "reason": row["reason"]}
                for row in not_approved
            ]
            detail = _("Geen van deze uren wacht (nog) op uw beoordeling.")
            if reviewed:
                raise Conflict(detail, invalid_params=params)
            raise DRFValidationError({"ids": [row["reason"] for row in not_approved][:1]})
        services.time_entries_approve(entries=entries, actor=viewer)
        return Response(
            {
                "approved": [str(pk) for pk in ids if pk in waiting],
                "not_approved": [{"id": str(row["id"]), "reason": row["reason"]} for row in not_approved],
            }
        )

    @extend_schema(request=TimeEntryReturnSerializer, responses=TimeEntrySerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        entry = self._reviewable(request)
        data = TimeEntryReturnSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        entry = services.time_entry_return(
            entry=entry, comment=data.validated_data["comment"], actor=request.viewer
        )
        entry.warnings = services.entry_warnings(entry)
        return Response(TimeEntrySerializer(entry).data)

    @extend_schema(request=TimeEntryCorrectSerializer, responses={201: TimeEntrySerializer})
    @action(detail=True, methods=["post"])
    def correct(self, request, pk=None):
        entry = self._reviewable(request)
        data = TimeEntryCorrectSerializer(data=request.data, partial=False)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        reason, override = fields.pop("reason"), fields.pop("override_reason", "")
        fields.update(_links(fields, request.viewer.municipality_id))
        replacement = services.time_entry_correct(
            entry=entry, reason=reason, override_reason=override, actor=request.viewer, **fields
        )
        return Response(TimeEntrySerializer(replacement).data, status=status.HTTP_201_CREATED)


def _burn(programme, on=None) -> dict:
    """programme_burn, from the used minutes the list query already summed (no query per programme)."""
    on = on or timezone.localdate()
    days = (programme.end_date - programme.start_date).days + 1
    elapsed = min(max((on - programme.start_date).days + 1, 0), days)
    planned_fraction = elapsed / days if days else 1.0
    budget = float(programme.hours_total)
    used = (getattr(programme, "used_minutes", None) or 0) / 60
    used_fraction = used / budget if budget else 0.0
    return {
        "used_hours": round(used, 1),
        "planned_hours": round(budget * planned_fraction, 1),
        "ahead": budget > 0 and used_fraction > planned_fraction + services.BURN_TOLERANCE,
    }


class ProgrammeViewSet(ScopedReadOnlyViewSet):
    """Programmes and contracts the caller takes part in (the municipality sees all of its own), with
    budget, used hours and the pro-rata plan, rates and milestones."""

    serializer_class = ProgrammeSerializer
    permission_rule = staticmethod(can_view_programmes)
    query_parameters = ("deployment_form",)

    def selector(self, viewer: Viewer):
        return programme_list(viewer=viewer).filter(**deployment_form_filter(self.request))

    @extend_schema(parameters=[DEPLOYMENT_FORM_PARAMETER])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "burn": _burn}


class HireOutStatementViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Issued hire-out statements (numbered, immutable) between the caller's organisation and another, with
    their lines; `pdf/` and `xlsx/` give the document."""

    serializer_class = HireOutStatementSerializer
    permission_rule = staticmethod(can_view_statements)
    audit_detail_reads = True  # the lines name peer workers

    def selector(self, viewer: Viewer):
        return statement_list(viewer=viewer)

    def get_object(self):
        statement = super().get_object()
        if not can_view_statement(self.request.viewer, statement):
            from django.http import Http404

            raise Http404
        return statement

    @extend_schema(request=StatementIssueSerializer, responses={201: HireOutStatementSerializer})
    def create(self, request, *args, **kwargs):
        """Issue the statement of a month for one partner, as the page "Urenstaat uitgeven" does (the same
        service): the approved hours on programmes hired out to that partner, priced by the programmes'
        rates; a later difference becomes a correcting statement. Nothing to issue, nothing changed since
        the last statement (issuing twice), or hours without a rate: 409."""
        viewer = request.viewer
        if not can_issue_statements(viewer):
            raise PermissionDenied(_("Alleen de coördinator van de poolorganisatie geeft urenstaten uit."))
        body = StatementIssueSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        partner = (
            organisations_for_programmes(viewer=viewer).filter(pk=body.validated_data["partner"]).first()
        )
        if partner is None:
            raise DRFValidationError({"partner": [UNKNOWN]})
        statement = statement_issue(
            issuer=viewer.organisation, partner=partner, month=body.validated_data["month"], actor=viewer
        )
        statement = self.selector(viewer).get(pk=statement.pk)
        return Response(self.get_serializer(statement).data, status=status.HTTP_201_CREATED)

    def _document(self, request, render, ext: str, content_type: str):
        statement = self.get_object()
        data = render(statement)
        audit_export(
            viewer=request.viewer,
            object_type="hours.hireoutstatement",
            description=f"{statement.number} ({ext.upper()}, API)",
        )
        # A plain HttpResponse: the document bypasses the JSON renderers (errors above stay problem+json).
        response = HttpResponse(data, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="urenstaat-{statement.number}.{ext}"'
        return response

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def pdf(self, request, pk=None):
        """The issued statement as PDF, the same document the statement page offers."""
        return self._document(request, statement_pdf, "pdf", "application/pdf")

    @extend_schema(responses={(200, XLSX): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def xlsx(self, request, pk=None):
        """The issued statement as an Excel workbook."""
        return self._document(request, statement_xlsx, "xlsx", XLSX)


class PeriodLockViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Closed months (period locks) of the coordinator's pool organisation, as on the page "Maanden
    afsluiten": close a month that has ended (POST), reopen one with a reason (`reopen/`). The same
    services: closing is refused while hours of the month wait for review or were returned (409), closing
    twice is 409; a reopened month's lock no longer exists (404 afterwards)."""

    serializer_class = PeriodLockSerializer
    permission_rule = staticmethod(can_review_hours)

    def selector(self, viewer: Viewer):
        return period_lock_list(viewer=viewer)

    @extend_schema(request=PeriodLockCreateSerializer, responses={201: PeriodLockSerializer})
    def create(self, request, *args, **kwargs):
        body = PeriodLockCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        lock = services.period_lock(
            organisation=request.viewer.organisation, month=body.validated_data["month"], actor=request.viewer
        )
        lock = self.selector(request.viewer).get(pk=lock.pk)
        return Response(self.get_serializer(lock).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PeriodReopenSerializer, responses=PeriodReopeningSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        """Open the month again; the reason is kept for the accountants (changed hours then reach the
        partner as a correcting statement)."""
        lock = self.get_object()
        body = PeriodReopenSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        reopening = services.period_reopen(
            organisation=request.viewer.organisation,
            month=lock.month,
            reason=body.validated_data["reason"],
            actor=request.viewer,
        )
        return Response(PeriodReopeningSerializer(reopening).data)
