"""Webhook delivery on Celery (config/celery.py): one task per attempt, and the periodic sweep that sends
the retries whose time has come. The exponential backoff lives in the delivery row (`next_attempt_at`),
not in a broker ETA, so a retry hours later survives a worker restart and Redis' visibility timeout.
Both are idempotent: an attempt first claims its row (delivery.delivery_attempt)."""

import datetime
import logging

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.utils import timezone
from kombu.exceptions import OperationalError as KombuOperationalError
from redis.exceptions import RedisError

from .delivery import deliveries_purge, delivery_attempt, due_ids

logger = logging.getLogger(__name__)

TRANSIENT = (OperationalError, InterfaceError)
BROKER_ERRORS = (KombuOperationalError, RedisError, OSError)


@shared_task(
    autoretry_for=TRANSIENT,
    retry_backoff=5,
    max_retries=3,
    soft_time_limit=30,
    time_limit=45,
    ignore_result=True,
)
def webhook_deliver_task(delivery_id: str) -> str | None:
    delivery = delivery_attempt(delivery_id=delivery_id)
    return None if delivery is None else delivery.status


def delivery_queue(pk) -> bool:
    """Hand one attempt to the worker; False when the broker is down (the periodic sweep picks it up)."""
    try:
        webhook_deliver_task.delay(str(pk))
    except BROKER_ERRORS as exc:
        logger.warning(
            "webhook delivery %s: broker unreachable (%s), left pending", pk, exc.__class__.__name__
        )
        return False
    return True


def deliveries_due(*, now: datetime.datetime | None = None) -> int:
    """Queue an attempt for every pending delivery whose time has come. Eager (demo, tests): attempt it
    here, at `now`."""
    now = now or timezone.now()
    pks = due_ids(now=now)
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return sum(1 for pk in pks if delivery_attempt(delivery_id=pk, now=now) is not None)
    return sum(1 for pk in pks if delivery_queue(pk))


@shared_task(autoretry_for=TRANSIENT, retry_backoff=5, max_retries=3, soft_time_limit=50, time_limit=60)
def webhook_deliveries_due() -> int:
    return deliveries_due()


@shared_task(autoretry_for=TRANSIENT, retry_backoff=10, max_retries=3, soft_time_limit=300, time_limit=360)
def webhook_deliveries_purge() -> int:
    return deliveries_purge()
