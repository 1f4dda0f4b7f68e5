"""Writes of monitoring: requesting an evaluation report and generating it outside the request.

`report_request` stores a job record and, after the transaction commits, puts `report_generate` on the
Celery queue (monitoring.tasks.report_generate_task; eager, in-process, in the demo and the ordinary
tests). The record carries status, progress and step, which the report page polls with htmx.
"""

import datetime
import logging
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as KombuOperationalError
from redis.exceptions import RedisError

from ervaringswerk.audit.services import audit_export
from ervaringswerk.core.freetext import free_text_validate
from ervaringswerk.core.tenancy import Viewer
from ervaringswerk.organisations.models import Programme
from ervaringswerk.webhooks.services import EventKind, event_publish

from .filters import Filters
from .models import EvaluationReport, ReportStatus
from .suppression import audience_for

logger = logging.getLogger(__name__)

# What publishing a task raises when Redis is down or unreachable.
BROKER_ERRORS = (KombuOperationalError, RedisError, OSError)


@dataclass(frozen=True)
class MunicipalityScope:
    """What the aggregates need from a viewer: the tenant key. Used by the background job."""

    municipality_id: object


@transaction.atomic
def report_request(
    *,
    viewer: Viewer,
    start: datetime.date,
    end: datetime.date,
    programme_id=None,
    neighbourhood=None,
    aims: str = "",
    lessons: str = "",
) -> EvaluationReport:
    if start > end:
        raise ValidationError({"period_end": _("De einddatum ligt vóór de begindatum.")})
    free_text_validate(EvaluationReport, aims=aims or "", lessons=lessons or "")
    programme = None
    if programme_id:
        programme = Programme.objects.filter(municipality_id=viewer.municipality_id, pk=programme_id).first()
        if programme is None:
            raise ValidationError({"programme": _("Dit programma bestaat niet.")})
    if neighbourhood is not None and neighbourhood.municipality_id != viewer.municipality_id:
        raise ValidationError({"neighbourhood": _("Deze wijk hoort niet bij uw gemeente.")})
    title = _("Evaluatie %(what)s, %(start)s t/m %(end)s") % {
        "what": programme.name if programme else viewer.municipality.name,
        "start": start.strftime("%d-%m-%Y"),
        "end": end.strftime("%d-%m-%Y"),
    }
    report = EvaluationReport(
        municipality_id=viewer.municipality_id,
        programme_ref=programme.pk if programme else None,
        title=title[:200],
        period_start=start,
        period_end=end,
        neighbourhood=neighbourhood,
        aims=(aims or (getattr(programme, "description", "") if programme else "")).strip(),
        lessons=(lessons or "").strip(),
        requested_by=viewer.user,
        audience=audience_for(viewer),
    )
    report.full_clean()
    report.save()
    # The title is typed text: the log describes the report by its kind and id (audit/describe.py).
    audit_export(viewer=viewer, object_type="monitoring.evaluationreport", description="", obj=report)
    pk = report.pk
    transaction.on_commit(lambda: start_generation(pk))
    return report


def start_generation(pk) -> bool:
    """Queue the generation of one report. False when the broker cannot be reached: the record stays
    queued, says so on its page, and `reports_requeue` (beat, every minute) queues it again."""
    from .tasks import report_generate_task

    try:
        report_generate_task.delay(str(pk))
    except BROKER_ERRORS as exc:
        logger.warning(
            "evaluation report %s: broker unreachable (%s), left queued", pk, exc.__class__.__name__
        )
        EvaluationReport.objects.filter(pk=pk, status=ReportStatus.QUEUED).update(
            step=_("Wacht op de achtergrondverwerking")
        )
        return False
    return True


def _progress(report, progress: int, step: str, **extra) -> None:
    EvaluationReport.objects.filter(pk=report.pk).update(progress=progress, step=step[:200], **extra)


def report_generate(pk, *, reraise: tuple = ()) -> bool:
    """Build the tables, charts, PDF and XLSX of one report, updating its progress on the way.

    Idempotent: a report that is already done is left alone (False), so a task delivered twice (acks
    late, a requeue) does the work once. Exceptions of the `reraise` kinds (transient database
    trouble, for the task to retry) propagate; any other failure is recorded on the report.
    """
    report = EvaluationReport.objects.filter(pk=pk).first()
    if report is None or report.status == ReportStatus.DONE:
        return False
    translation.activate(settings.LANGUAGE_CODE)
    try:
        _progress(report, 5, _("Cijfers verzamelen"), status=ReportStatus.RUNNING)
        content = report_content(report)
        _progress(report, 55, _("Grafieken tekenen"))
        from .presentation import charts_for, to_xlsx

        content["charts"] = charts_for(content["tables"])
        _progress(report, 70, _("PDF opmaken"))
        pdf = render_pdf(content)
        _progress(report, 90, _("Tabellen voor Excel maken"))
        xlsx = to_xlsx(list(content["tables"].values()), meta=content["meta"])
        EvaluationReport.objects.filter(pk=report.pk).update(
            pdf=pdf,
            xlsx=xlsx,
            status=ReportStatus.DONE,
            progress=100,
            step=_("Klaar"),
            finished_at=timezone.now(),
        )
        event_publish(
            kind=EventKind.REPORT_READY,
            municipality_id=report.municipality_id,
            resources={"evaluation_report": report.pk},
        )
    except reraise:
        raise
    except Exception as exc:  # noqa: BLE001 - a failed job is reported on its page, never lost silently
        logger.exception("evaluation report %s failed", pk)
        report_mark_failed(pk, exc)
    return True


def report_mark_failed(pk, exc: BaseException) -> None:
    EvaluationReport.objects.filter(pk=pk).exclude(status=ReportStatus.DONE).update(
        status=ReportStatus.FAILED,
        step=_("Mislukt"),
        error=str(exc.__class__.__name__)[:300],
        finished_at=timezone.now(),
    )


def report_content(report: EvaluationReport) -> dict:
    from ervaringswerk.core.models import Municipality

    from .selectors import (
        change_summary,
        dashboard,
        decisions_from_learning_sessions,
        go_no_go_decision,
        learning_milestones,
        lessons_from_learning_sessions,
        staff_at_learning,
        success_criteria,
    )
    from .suppression import suppressed_label, threshold

    municipality = Municipality.objects.get(pk=report.municipality_id)
    limit = threshold(municipality)
    scope = MunicipalityScope(municipality_id=report.municipality_id)
    filters = Filters(
        start=report.period_start,
        end=report.period_end,
        programme_id=report.programme_ref,
        neighbourhood_id=report.neighbourhood_id,
        audience=report.audience,
        threshold=limit,
    )
    tables = dashboard(viewer=scope, filters=filters)
    programme = None
    if report.programme_ref:
        programme = Programme.objects.filter(
            municipality_id=report.municipality_id, pk=report.programme_ref
        ).first()
    lessons = [line for line in report.lessons.splitlines() if line.strip()]
    lessons += lessons_from_learning_sessions(scope, filters)
    if programme is not None:
        summary = change_summary(scope, filters)
        tables["success_criteria"] = success_criteria(scope, filters, programme, tables, summary)
        tables["go_no_go_decision"] = go_no_go_decision(programme)
        tables["learning_milestones"] = learning_milestones(programme)
    tables["staff_at_learning"] = staff_at_learning(scope, filters)
    return {
        "report": report,
        "threshold": limit,
        "suppressed": suppressed_label(limit),
        "programme": programme,
        "municipality": municipality,
        "tables": tables,
        "lessons": lessons,
        "decisions": decisions_from_learning_sessions(scope, filters),
        "meta": {
            "municipality": municipality.name,
            "cbs_code": municipality.cbs_code,
            "start": report.period_start.isoformat(),
            "end": report.period_end.isoformat(),
            "small_number_threshold": limit,
        },
    }


def render_document(content: dict):
    """The laid-out report (a WeasyPrint document): tests measure its boxes against the page."""
    from weasyprint import HTML

    # wide tables turned a quarter so none runs off the page (Table.for_print)
    printed = {**content, "tables": {key: t.for_print() for key, t in content["tables"].items()}}
    html = render_to_string("monitoring/report_pdf.html", printed)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).render(pdf_variant="pdf/ua-1")


def render_pdf(content: dict) -> bytes:
    # tagged PDF (PDF/UA-1): headings, tables and reading order for screen readers, as a council needs
    return render_document(content).write_pdf(pdf_variant="pdf/ua-1")


# ---------------------------------------------------------------- the hours rollup (HoursMonthly)


def _hours_keys() -> dict:
    """Per dimension of the rollup, the expression on a time entry that gives its key."""
    from .models import HoursDimension

    return {
        HoursDimension.PROGRAMME: F("programme_id"),
        HoursDimension.ORGANISATION: Coalesce("partner_id", "organisation_id"),
        HoursDimension.KIND: F("work_kind"),
        HoursDimension.NEIGHBOURHOOD: F("assignment__request__neighbourhood_id"),
    }


def _next_month(month: datetime.date) -> datetime.date:
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


@transaction.atomic
def hours_rollup_refresh(*, municipality_id, peer_ids=None, months=None) -> int:
    """Recompute the hours rollup for some peer workers and months (None: all of them).

    Called after every write of a time entry (signals.py: the entry's peer worker and month, before and
    after the write) and by `manage.py monitoring_hours_rollup` after bulk loads (COPY, imports). Rows are
    upserted by key; rows that no longer have counting entries are set to 0 minutes (and are ignored by
    the selectors), so nothing is deleted row by row. The rollup holds sums derived from entries whose
    own writes are audited; a full rebuild writes one audit line. Returns the number of rows written.
    """
    from .models import HoursMonthly

    try:
        TimeEntry = apps.get_model("hours", "TimeEntry")  # noqa: N806 - a model class
        from ervaringswerk.hours.models import COUNTING_STATUSES
    except (LookupError, ImportError):
        return 0
    target = HoursMonthly.objects.filter(municipality_id=municipality_id)
    source = TimeEntry.objects.filter(municipality_id=municipality_id, status__in=COUNTING_STATUSES)
    if peer_ids is not None:
        target = target.filter(peer_id__in=list(peer_ids))
        source = source.filter(peer_id__in=list(peer_ids))
    if months is not None:
        months = sorted({m.replace(day=1) for m in months})
        if not months:
            return 0
        target = target.filter(month__in=months)
        ranges = Q()
        for month in months:
            ranges |= Q(date__gte=month, date__lt=_next_month(month))
        source = source.filter(ranges)
    fresh = {}
    for dimension, expression in _hours_keys().items():
        for row in (
            source.annotate(month=TruncMonth("date"), key=expression)
            .values("month", "peer_id", "key")
            .annotate(minutes=Sum("minutes"))
            .order_by()
        ):
            month = row["month"].date() if isinstance(row["month"], datetime.datetime) else row["month"]
            key = "" if row["key"] is None else str(row["key"])
            fresh[(month, row["peer_id"], dimension, key)] = row["minutes"]
    old = {(r.month, r.peer_id, r.dimension, r.key): r for r in target}
    created, changed = [], []
    for (month, peer_id, dimension, key), minutes in fresh.items():
        found = old.pop((month, peer_id, dimension, key), None)
        if found is None:
            created.append(
                HoursMonthly(
                    municipality_id=municipality_id,
                    month=month,
                    peer_id=peer_id,
                    dimension=dimension,
                    key=key,
                    minutes=minutes,
                )
            )
        elif found.minutes != minutes:
            found.minutes = minutes
            changed.append(found)
    # upsert: two writes for the same peer worker and month at once must not collide on the unique key
    HoursMonthly.objects.bulk_create(
        created,
        batch_size=5000,
        update_conflicts=True,
        unique_fields=["peer", "month", "dimension", "key"],
        update_fields=["minutes"],
    )
    HoursMonthly.objects.bulk_update(changed, ["minutes"], batch_size=5000)
    stale = [row.pk for row in old.values() if row.minutes]
    if stale:
        HoursMonthly.objects.filter(pk__in=stale).update(minutes=0)
    years = None if months is None else {month.year for month in months}
    _hours_yearly_refresh(municipality_id=municipality_id, peer_ids=peer_ids, years=years)
    if peer_ids is None and (created or changed or stale):
        from ervaringswerk.audit.models import AuditAction
        from ervaringswerk.audit.services import audit_record

        audit_record(
            action=AuditAction.UPDATE,
            object_type="monitoring.hoursmonthly",
            object_repr=f"{len(created)} nieuw, {len(changed) + len(stale)} bijgewerkt",
        )
    return len(created) + len(changed)


def hours_yearly_rows(monthly) -> dict:
    """(year, peer, dimension, key) → [mask, minutes January, ..., minutes December] of monthly rows.

    `monthly`: (peer_id, dimension, key, month, minutes) of HoursMonthly rows with minutes. Shared by
    the refresh below and the migration that fills HoursYearly from an existing monthly rollup.
    """
    fresh = {}
    for peer_id, dimension, key, month, minutes in monthly:
        row = fresh.setdefault((month.year, peer_id, dimension, key), [0] * 13)
        row[0] |= 1 << (month.month - 1)
        row[month.month] += minutes
    return fresh


def _hours_yearly_refresh(*, municipality_id, peer_ids=None, years=None) -> None:
    """Recompute HoursYearly from HoursMonthly for some peer workers and years (None: all of them)."""
    from .models import MONTH_FIELDS, HoursMonthly, HoursYearly

    source = HoursMonthly.objects.filter(municipality_id=municipality_id, minutes__gt=0)
    target = HoursYearly.objects.filter(municipality_id=municipality_id)
    if peer_ids is not None:
        source = source.filter(peer_id__in=list(peer_ids))
        target = target.filter(peer_id__in=list(peer_ids))
    if years is not None:
        ranges = Q()
        for year in years:
            ranges |= Q(month__gte=datetime.date(year, 1, 1), month__lt=datetime.date(year + 1, 1, 1))
        source = source.filter(ranges)
        target = target.filter(year__in=list(years))
    fresh = hours_yearly_rows(source.values_list("peer_id", "dimension", "key", "month", "minutes"))
    old = {(r.year, r.peer_id, r.dimension, r.key): r for r in target}
    created, changed = [], []
    for (year, peer_id, dimension, key), (mask, *minutes) in fresh.items():
        found = old.pop((year, peer_id, dimension, key), None)
        values = {"months": mask, **dict(zip(MONTH_FIELDS, minutes, strict=True))}
        if found is None:
            created.append(
                HoursYearly(
                    municipality_id=municipality_id,
                    year=year,
                    peer_id=peer_id,
                    dimension=dimension,
                    key=key,
                    **values,
                )
            )
        elif any(getattr(found, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(found, name, value)
            changed.append(found)
    fields = ["months", *MONTH_FIELDS]
    HoursYearly.objects.bulk_create(
        created,
        batch_size=5000,
        update_conflicts=True,
        unique_fields=["peer", "year", "dimension", "key"],
        update_fields=fields,
    )
    HoursYearly.objects.bulk_update(changed, fields, batch_size=2000)
    stale = [row.pk for row in old.values() if row.months]
    if stale:
        HoursYearly.objects.filter(pk__in=stale).update(months=0, **dict.fromkeys(MONTH_FIELDS, 0))
