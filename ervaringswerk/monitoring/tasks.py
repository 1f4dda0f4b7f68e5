"""Background tasks of monitoring (Celery, config/celery.py): evaluation reports and the rollups.

Every task is idempotent (safe to deliver twice), retried with exponential backoff on transient
database trouble, and time-limited by the soft/hard limits in settings (CELERY_TASK_*_TIME_LIMIT).
"""

import contextlib
import datetime
import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import DatabaseError, InterfaceError, OperationalError
from django.utils import timezone
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# Trouble that goes away by itself (the database restarting, a connection dropped): retry, do not fail.
TRANSIENT = (OperationalError, InterfaceError)
REPORT_MAX_RETRIES = 5


def backoff(retries: int) -> int:
    """Seconds before retry number `retries + 1`: 2, 4, 8, 16, 32 (capped at 60)."""
    return min(2 ** (retries + 1), 60)


@shared_task(bind=True, max_retries=REPORT_MAX_RETRIES, soft_time_limit=300, time_limit=360)
def report_generate_task(self, pk: str) -> bool:
    """Generate one evaluation report; the report's record tells the page how far it is."""
    from .models import EvaluationReport
    from .services import report_generate, report_mark_failed

    try:
        return report_generate(pk, reraise=TRANSIENT + (SoftTimeLimitExceeded,))
    except SoftTimeLimitExceeded as exc:
        report_mark_failed(pk, exc)  # too slow is not transient: say so on the page instead of looping
        return False
    except TRANSIENT as exc:
        if self.request.retries >= self.max_retries:
            try:
                report_mark_failed(pk, exc)
            except DatabaseError:
                logger.exception("evaluation report %s: could not record the failure", pk)
            return False
        logger.warning(
            "evaluation report %s: %s, retry %d", pk, exc.__class__.__name__, self.request.retries + 1
        )
        with contextlib.suppress(DatabaseError):  # the database may be the trouble; the retry matters
            EvaluationReport.objects.filter(pk=pk).update(
                step=_("Tijdelijke storing, nieuwe poging %(n)d van %(max)d")
                % {"n": self.request.retries + 1, "max": self.max_retries}
            )
        raise self.retry(exc=exc, countdown=backoff(self.request.retries)) from exc


@shared_task(soft_time_limit=50, time_limit=60)
def reports_requeue(older_than_seconds: int = 60) -> int:
    """Queue again the reports that are still waiting (the broker was down when they were requested).

    A report the worker already has is harmless to queue twice: the task skips finished reports."""
    from .models import EvaluationReport, ReportStatus
    from .services import start_generation

    cutoff = timezone.now() - datetime.timedelta(seconds=older_than_seconds)
    waiting = EvaluationReport.objects.filter(status=ReportStatus.QUEUED, created_at__lt=cutoff)
    pks = list(waiting.values_list("pk", flat=True)[:100])
    return sum(1 for pk in pks if start_generation(pk))


@shared_task(
    autoretry_for=TRANSIENT,
    retry_backoff=2,
    retry_backoff_max=120,
    max_retries=5,
    soft_time_limit=1800,
    time_limit=1900,
)
def rollups_rebuild(municipality_id: str | None = None) -> dict:
    """Rebuild the hours and outcome rollups of one municipality (None: all). Idempotent: a rebuild
    upserts by key, so running it twice leaves the same rows."""
    from ervaringswerk.audit import context as audit_context
    from ervaringswerk.core.models import Municipality
    from ervaringswerk.outcomes.services import outcome_rollup_refresh

    from .services import hours_rollup_refresh

    municipalities = Municipality.objects.order_by("name")
    if municipality_id:
        municipalities = municipalities.filter(pk=municipality_id)
    written = {}
    with audit_context.acting_as(None, channel="command"):
        for municipality in municipalities:
            written[str(municipality.pk)] = {
                "hours": hours_rollup_refresh(municipality_id=municipality.pk),
                "outcomes": outcome_rollup_refresh(municipality_id=municipality.pk),
            }
    return written
