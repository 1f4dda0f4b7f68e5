"""Periodic activities work on Celery beat (config/celery.py): the steps of `manage.py send_reminders`."""

from celery import shared_task
from django.db import InterfaceError, OperationalError


@shared_task(
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=5,
    retry_backoff_max=300,
    max_retries=5,
    soft_time_limit=600,
    time_limit=660,
)
def activities_daily(hours: int = 48) -> dict:
    """Extend horizons, book pending facilitation hours, send due reminders. Each step is idempotent
    (docs/activities.md), so a retry or a second delivery sends nothing twice."""
    from ervaringswerk.audit import context as audit_context

    from .reminders import reminders_send
    from .services import facilitation_book_pending, horizon_extend

    with audit_context.acting_as(None, channel="command"):
        extended = horizon_extend()
        booked = facilitation_book_pending()
        sent = reminders_send(hours=hours)
    return {"extended": extended, "booked": booked, "sent": sent}
