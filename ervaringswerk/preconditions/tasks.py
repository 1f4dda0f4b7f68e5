"""Preconditions rounds on Celery beat (config/celery.py): the daily reminders before a round's deadline."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from ervaringswerk.audit import context as audit_context

from . import services


@shared_task(
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=5,
    retry_backoff_max=300,
    max_retries=5,
    soft_time_limit=600,
    time_limit=660,
)
def precondition_rounds_daily() -> dict:
    """Send the reminders due today (services.round_reminders_send). Idempotent: every reminder is keyed per
    round, organisation and reminder day, so a retry or a second delivery sends nothing twice."""
    with audit_context.acting_as(None, channel="command"):
        sent = services.round_reminders_send()
    return {"sent": sent}
