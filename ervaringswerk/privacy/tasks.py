"""Retention on Celery beat (config/celery.py): the daily run of `manage.py retention_run`."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from ervaringswerk.audit import context as audit_context
from ervaringswerk.core.tenancy import ANONYMOUS
from ervaringswerk.privacy import retention


@shared_task(
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=5,
    retry_backoff_max=300,
    max_retries=5,
    soft_time_limit=1800,
    time_limit=1860,
)
def retention_daily() -> dict:
    """Apply every municipality's retention terms (privacy.retention.retention_run). Idempotent: what
    expired is gone after the first run, so a retry or a second delivery removes nothing more."""
    with audit_context.acting_as(ANONYMOUS, channel="system"):
        lines = retention.retention_run(dry_run=False)
    return {"lines": len(lines)}
