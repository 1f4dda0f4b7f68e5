from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ervaringswerk.audit.services import audit_export
from ervaringswerk.core.access import rule_required
from ervaringswerk.core.shortcuts import get_or_404
from ervaringswerk.core.tenancy import Viewer

from .filters import FilterForm
from .forms import ReportForm
from .models import EvaluationReport, ReportStatus
from .permissions import can_export_open_data, can_request_report, can_view_monitoring, can_view_report
from .presentation import charts_for, to_csv, to_json, to_xlsx
from .selectors import dashboard, report_get, report_list
from .services import report_request
from .suppression import suppressed_label, suppressed_text, threshold

SECTIONS = [
    (
        _("Ervaringsdeskundigen: pool en inzet"),
        [
            "pool_vs_deployed",
            "waiting_time",
            "declines_by_reason",
            "declines_by_organisation",
            "deployment_forms",
            "joint_support",
            "peer_ladder",
            "positions",
        ],
    ),
    (
        _("Uren tegenover budget"),
        ["hours_by_programme", "hours_by_organisation", "hours_by_kind", "hours_by_neighbourhood"],
    ),
    (_("Bewoners: bereik en activering"), ["reach_by_neighbourhood", "reach_by_age", "activation"]),
    (
        _("Bewoners: uitkomsten"),
        ["outcomes_zrm", "outcomes_positive_health", "resident_ladder", "experience", "experience_own"],
    ),
    (_("Randvoorwaarden"), ["preconditions", "precondition_views"]),
]


def _meta(viewer: Viewer, filters) -> dict:
    return {
        "municipality": viewer.municipality.name,
        "cbs_code": viewer.municipality.cbs_code,
        "start": filters.start.isoformat(),
        "end": filters.end.isoformat(),
        "small_number_threshold": filters.threshold,
    }


def _filters(request):
    form = FilterForm(request.GET or None, viewer=request.viewer)
    filters = form.filters()
    if not form.is_bound:  # show the period in use in the date fields
        form = FilterForm(initial={"van": filters.start, "tot": filters.end}, viewer=request.viewer)
    return form, filters


@rule_required(can_view_monitoring)
def overview(request):
    """The policy advisor's start page: the municipal dashboard, aggregates only."""
    form, filters = _filters(request)
    tables = dashboard(viewer=request.viewer, filters=filters)
    charts = charts_for(tables)
    sections = [
        (title, [(tables[key], charts.get(key)) for key in keys if key in tables]) for title, keys in SECTIONS
    ]
    return render(
        request,
        "monitoring/overview.html",
        {
            "form": form,
            "filters": filters,
            "sections": sections,
            "query": filters.as_query_string(),
            "audience": filters.audience,
            "threshold": filters.threshold or threshold(),
            "suppressed": suppressed_label(filters.threshold),
            "suppressed_text": suppressed_text(filters.threshold),
            "can_open_data": can_export_open_data(request.viewer),
        },
    )


@rule_required(can_view_monitoring)
def export_csv(request):
    form, filters = _filters(request)
    tables = list(dashboard(viewer=request.viewer, filters=filters).values())
    audit_export(viewer=request.viewer, object_type="monitoring.dashboard", description="CSV")
    response = HttpResponse(
        to_csv(tables, meta=_meta(request.viewer, filters)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="monitor-{filters.start}-{filters.end}.csv"'
    return response


@rule_required(can_view_monitoring)
def export_xlsx(request):
    form, filters = _filters(request)
    tables = list(dashboard(viewer=request.viewer, filters=filters).values())
    audit_export(viewer=request.viewer, object_type="monitoring.dashboard", description="XLSX")
    response = HttpResponse(
        to_xlsx(tables, meta=_meta(request.viewer, filters)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="monitor-{filters.start}-{filters.end}.xlsx"'
    return response


@rule_required(can_view_monitoring)
def export_json(request):
    form, filters = _filters(request)
    tables = list(dashboard(viewer=request.viewer, filters=filters).values())
    audit_export(viewer=request.viewer, object_type="monitoring.dashboard", description="JSON")
    return JsonResponse(
        to_json(tables, meta=_meta(request.viewer, filters)), json_dumps_params={"ensure_ascii": False}
    )


@rule_required(can_view_monitoring)
def reports(request):
    form = ReportForm(request.POST or None, viewer=request.viewer)
    if request.method == "POST":
        if not can_request_report(request.viewer):  # pragma: no cover - same rule today
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            try:
                report = report_request(
                    viewer=request.viewer,
                    start=data["van"],
                    end=data["tot"],
                    programme_id=data.get("programma") or None,
                    neighbourhood=form.neighbourhoods.get(data.get("wijk") or ""),
                    aims=data.get("doelen", ""),
                    lessons=data.get("lessen", ""),
                )
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            else:
                return redirect("monitoring:report_detail", pk=report.pk)
    return render(
        request, "monitoring/reports.html", {"form": form, "reports": report_list(viewer=request.viewer)[:20]}
    )


@rule_required(can_view_report)
def report_detail(request, pk):
    return render(
        request,
        "monitoring/report_detail.html",
        {"report": get_or_404(report_get, request.viewer, pk, rule=can_view_report)},
    )


@rule_required(can_view_report)
def report_status(request, pk):
    """The fragment htmx polls until the report is finished."""
    return render(
        request,
        "monitoring/report_status.html",
        {"report": get_or_404(report_get, request.viewer, pk, rule=can_view_report)},
    )


def _download(request, pk, kind: str):
    report = get_or_404(report_get, request.viewer, pk, rule=can_view_report)
    if report.status != ReportStatus.DONE:
        raise Http404
    data = EvaluationReport.objects.filter(pk=report.pk).values_list(kind, flat=True).get()
    audit_export(
        viewer=request.viewer,
        object_type="monitoring.evaluationreport",
        description="",
        obj=report,
        details={"format": kind},
    )
    if kind == "pdf":
        response = HttpResponse(bytes(data), content_type="application/pdf")
        name = "evaluatie.pdf"
    else:
        response = HttpResponse(
            bytes(data), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        name = "evaluatie-tabellen.xlsx"
    response["Content-Disposition"] = (
        f'attachment; filename="{report.period_start}-{report.period_end}-{name}"'
    )
    return response


@rule_required(can_view_report)
def report_pdf(request, pk):
    return _download(request, pk, "pdf")


@rule_required(can_view_report)
def report_xlsx(request, pk):
    return _download(request, pk, "xlsx")
