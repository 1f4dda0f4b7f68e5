"""Notification e-mail on Celery (config/celery.py): one task per e-mail, and the periodic job.

Both are idempotent: `notification_deliver` locks the row and sends at most once (a second delivery of
the task finds `emailed_at` set), and `notifications_send_due` keys every notification it makes.
"""

import smtplib

from celery import shared_task
from django.db import InterfaceError, OperationalError

# A mail server that is down or refuses for a while, or the database restarting: retry later.
TRANSIENT = (smtplib.SMTPException, ConnectionError, TimeoutError, OperationalError, InterfaceError)


@shared_task(
    autoretry_for=TRANSIENT,
    retry_backoff=30,
    retry_backoff_max=1800,
    max_retries=6,
    soft_time_limit=60,
    time_limit=90,
)
def notification_deliver_task(notification_id: str) -> bool:
    from .services import notification_deliver

    return notification_deliver(notification_id=notification_id)


@shared_task(
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=10,
    max_retries=5,
    soft_time_limit=600,
    time_limit=660,
)
def notifications_send_due_task() -> dict:
    from ervaringswerk.audit import context as audit_context

    from .events import notifications_send_due

    with audit_context.acting_as(None, channel="command"):
        return notifications_send_due()
