"""The dashboard's figures and the evaluation report as API resources (issue 17.1).

- `GET /monitoring/dashboard/`: every table the dashboard page shows, with the page's filters (`van`, `tot`,
  `programma`, `wijk`) and suppressed exactly as on the page for the caller's role: the same selector
  (`selectors.dashboard`) with the same `Filters` (`FilterForm.filters()`, whose audience comes from
  `suppression.audience_for`). Each cell carries `display`, the text the page shows ("<5 pers.").
- `/monitoring/reports/`: the page's background job (`services.report_request`, the report task with its
  progress); `POST` starts one (202), `GET` polls status and progress, `pdf/` and `xlsx/` download it.
"""

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from ervaringswerk.audit.services import audit_export
from ervaringswerk.core.access import RulePermission, ViewerAPIMixin
from ervaringswerk.core.api.base import ScopedReadOnlyViewSet
from ervaringswerk.core.api.errors import Conflict
from ervaringswerk.core.api.serializers import ModelSerializer, Serializer
from ervaringswerk.core.tenancy import Viewer
from ervaringswerk.monitoring.filters import FilterForm
from ervaringswerk.monitoring.forms import ReportForm
from ervaringswerk.monitoring.models import EvaluationReport, ReportStatus
from ervaringswerk.monitoring.permissions import can_request_report, can_view_monitoring, can_view_report
from ervaringswerk.monitoring.selectors import dashboard, report_document, report_list
from ervaringswerk.monitoring.services import report_request

FILTERS = ("van", "tot", "programma", "wijk")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FILTER_PARAMETERS = [
    OpenApiParameter(
        "van", OpenApiTypes.DATE, description="Start of the period (default: the last 12 months)"
    ),
    OpenApiParameter("tot", OpenApiTypes.DATE, description="End of the period (inclusive)"),
    OpenApiParameter("programma", OpenApiTypes.UUID, description="Only this programme"),
    OpenApiParameter("wijk", OpenApiTypes.UUID, description="Only this neighbourhood"),
]


def _form_errors(form) -> dict:
    return {k: [e["message"] for e in v] for k, v in form.errors.get_json_data().items()}


def filters_from(request):
    """The page's filters from the query string; an unknown parameter or an invalid value is a 400."""
    unknown = sorted(name for name in request.query_params if name not in FILTERS)
    if unknown:
        raise DRFValidationError(
            {name[:40]: [_("Onbekende zoekparameter: %(name)s.") % {"name": name[:40]}] for name in unknown}
        )
    params = {k: v for k, v in request.query_params.items() if k in FILTERS}
    form = FilterForm(params or None, viewer=request.viewer)
    if params and not form.is_valid():
        raise DRFValidationError(_form_errors(form))
    return form.filters()


def table_data(table) -> dict:
    return {
        "key": table.key,
        "title": str(table.title),
        "available": table.available,
        "note": str(table.note or ""),
        "columns": [str(c) for c in table.columns],
        "rows": [
            {
                "label": str(label),
                "cells": [
                    {"value": c.export(), "suppressed": c.suppressed, "display": c.display()} for c in cells
                ],
            }
            for label, cells in table.rows
        ],
    }


class DashboardView(ViewerAPIMixin, APIView):
    """The municipal dashboard's figures as JSON, as the dashboard page shows them to the caller: the policy
    advisor reads work figures (hours, deployments, requests, waiting times) exactly, a team lead with the
    small-number threshold; residents' figures keep the threshold and complementary suppression for
    both. A suppressed cell has `value: null`, `suppressed: true` and the page's text in `display`."""

    permission_classes = [RulePermission]
    permission_rule = staticmethod(can_view_monitoring)

    @extend_schema(parameters=FILTER_PARAMETERS, responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        viewer = request.viewer
        filters = filters_from(request)
        tables = dashboard(viewer=viewer, filters=filters)
        audit_export(viewer=viewer, object_type="monitoring.dashboard", description="JSON (API)")
        return Response(
            {
                "municipality": viewer.municipality.name,
                "cbs_code": viewer.municipality.cbs_code,
                "start": filters.start.isoformat(),
                "end": filters.end.isoformat(),
                "programme": str(filters.programme_id) if filters.programme_id else None,
                "neighbourhood": str(filters.neighbourhood_id) if filters.neighbourhood_id else None,
                "audience": filters.audience,
                "small_number_threshold": filters.threshold,
                "tables": [table_data(t) for t in tables.values()],
            }
        )


class ReportRequestSerializer(Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    programme = serializers.UUIDField(required=False, allow_null=True, default=None)
    neighbourhood = serializers.UUIDField(required=False, allow_null=True, default=None)
    aims = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    lessons = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class EvaluationReportSerializer(ModelSerializer):
    programme = serializers.UUIDField(source="programme_ref", read_only=True, allow_null=True)
    neighbourhood = serializers.UUIDField(source="neighbourhood_id", read_only=True, allow_null=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    pdf_url = serializers.SerializerMethodField()
    xlsx_url = serializers.SerializerMethodField()

    class Meta:
        model = EvaluationReport
        fields = [
            "id",
            "title",
            "period_start",
            "period_end",
            "programme",
            "neighbourhood",
            "audience",
            "status",
            "status_label",
            "progress",
            "step",
            "error",
            "created_at",
            "finished_at",
            "pdf_url",
            "xlsx_url",
        ]
        read_only_fields = fields

    def _url(self, obj, kind):
        if obj.status != ReportStatus.DONE:
            return None
        return reverse(f"evaluation-report-{kind}", args=[obj.pk], request=self.context.get("request"))

    def get_pdf_url(self, obj) -> str | None:
        """Where to download the PDF; null until the report is done."""
        return self._url(obj, "pdf")

    def get_xlsx_url(self, obj) -> str | None:
        """Where to download the tables (XLSX); null until the report is done."""
        return self._url(obj, "xlsx")


class EvaluationReportViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Evaluation reports of the caller's municipality, made by the background worker as on the reports page.
    `POST` starts one and answers 202 with the job (and `Location`); poll `GET …/{id}/` until `status` is
    `done` (`progress` 0-100, `step` says what it does), then download `pdf/` or `xlsx/` (409 before)."""

    serializer_class = EvaluationReportSerializer
    permission_rule = staticmethod(can_view_report)

    def selector(self, viewer: Viewer):
        return report_list(viewer=viewer).order_by("-created_at")

    @extend_schema(request=ReportRequestSerializer, responses={202: EvaluationReportSerializer})
    def create(self, request, *args, **kwargs):
        viewer = request.viewer
        if not can_request_report(viewer):  # pragma: no cover - the same rule as reading today
            raise PermissionDenied
        data = ReportRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        # the page's form decides which programmes and neighbourhoods can be chosen
        form = ReportForm(
            {
                "van": fields["start"],
                "tot": fields["end"],
                "programma": str(fields["programme"] or ""),
                "wijk": str(fields["neighbourhood"] or ""),
            },
            viewer=viewer,
        )
        if not form.is_valid():
            names = {"van": "start", "tot": "end", "programma": "programme", "wijk": "neighbourhood"}
            raise DRFValidationError({names.get(k, k): v for k, v in _form_errors(form).items()})
        report = report_request(
            viewer=viewer,
            start=fields["start"],
            end=fields["end"],
            programme_id=fields["programme"],
            neighbourhood=form.neighbourhoods.get(str(fields["neighbourhood"] or "")),
            aims=fields["aims"],
            lessons=fields["lessons"],
        )
        report = report_list(viewer=viewer).get(pk=report.pk)
        location = reverse("evaluation-report-detail", args=[report.pk], request=request)
        return Response(
            self.get_serializer(report).data, status=status.HTTP_202_ACCEPTED, headers={"Location": location}
        )

    def _download(self, request, kind: str, content_type: str, name: str):
        report = self.get_object()
        if report.status != ReportStatus.DONE:
            raise Conflict(
                _("De rapportage is nog niet klaar: %(status)s.") % {"status": report.get_status_display()}
            )
        data = report_document(viewer=request.viewer, pk=report.pk, kind=kind)
        audit_export(
            viewer=request.viewer,
            object_type="monitoring.evaluationreport",
            description="",
            obj=report,
            details={"format": kind, "channel": "api"},
        )
        # A plain HttpResponse: the document bypasses the JSON renderers (errors above stay problem+json).
        response = HttpResponse(data, content_type=content_type)
        response["Content-Disposition"] = (
            f'attachment; filename="{report.period_start}-{report.period_end}-{name}"'
        )
        return response

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def pdf(self, request, pk=None):
        """The evaluation report as PDF, the same document the report page offers."""
        return self._download(request, "pdf", "application/pdf", "evaluatie.pdf")

    @extend_schema(responses={(200, XLSX): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def xlsx(self, request, pk=None):
        """The report's tables as an Excel workbook."""
        return self._download(request, "xlsx", XLSX, "evaluatie-tabellen.xlsx")
