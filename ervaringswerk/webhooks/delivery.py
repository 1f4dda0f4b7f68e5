"""Attempting a delivery (the worker's side of webhooks; services.py publishes, tasks.py schedules)."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone

from . import sending, signing
from .models import DeliveryStatus, WebhookDelivery
from .targets import target_resolve

# While an attempt runs, its row is leased: the periodic task leaves it alone until this has passed
# (longer than the task's hard time limit), so one delivery is never sent twice at the same time.
LEASE = datetime.timedelta(seconds=90)


def backoff(attempts: int) -> datetime.timedelta:
    """Wait after failed attempt number `attempts`: 30 s, 1, 2, 4, 8, 16, 32 min, ..., at most 6 hours."""
    seconds = settings.EW_WEBHOOK_BACKOFF_SECONDS * 2 ** max(attempts - 1, 0)
    return datetime.timedelta(seconds=min(seconds, 6 * 3600))


def delivery_attempt(*, delivery_id, now: datetime.datetime | None = None) -> WebhookDelivery | None:
    """One attempt of one delivery, if it is due. Claims the row first (one UPDATE, the same on SQLite and
    PostgreSQL), so a task delivered twice or a sweep that overlaps a retry sends once. Returns the
    delivery as recorded, or None when there was nothing to do."""
    now = now or timezone.now()
    claimed = WebhookDelivery.objects.filter(
        pk=delivery_id, status=DeliveryStatus.PENDING, next_attempt_at__lte=now
    ).update(next_attempt_at=now + LEASE, attempts=F("attempts") + 1, last_attempt_at=now)
    if not claimed:
        return None
    delivery = WebhookDelivery.objects.select_related("subscription").get(pk=delivery_id)
    subscription = delivery.subscription
    if not subscription.is_active:
        outcome = sending.Outcome(status=None, error="subscription_inactive")
        final = True
    else:
        try:
            target = target_resolve(subscription.url)
        except ValidationError:
            outcome = sending.Outcome(status=None, error="target_refused")
        else:
            timestamp = int(timezone.now().timestamp())
            body = delivery.body.encode()
            headers = {
                "webhook-id": str(delivery.pk),
                "webhook-timestamp": str(timestamp),
                "webhook-signature": signing.signature(
                    secret=subscription.secret, delivery_id=str(delivery.pk), timestamp=timestamp, body=body
                ),
            }
            outcome = sending.post(target, body=body, headers=headers)
        final = outcome.status == 410  # Gone: the receiver says it will never want this
    update: dict = {"response_code": outcome.status, "error": outcome.error[:200]}
    if outcome.ok:
        update |= {
            "status": DeliveryStatus.DELIVERED,
            "delivered_at": timezone.now(),
            "next_attempt_at": None,
        }
    elif final or delivery.attempts >= settings.EW_WEBHOOK_MAX_ATTEMPTS:
        update |= {"status": DeliveryStatus.FAILED, "next_attempt_at": None}
    else:
        update |= {"next_attempt_at": now + backoff(delivery.attempts)}
    WebhookDelivery.objects.filter(pk=delivery.pk).update(**update)
    for name, value in update.items():
        setattr(delivery, name, value)
    return delivery


def due_ids(*, now: datetime.datetime, limit: int = 500) -> list:
    """The pending deliveries whose next attempt is due, oldest first."""
    due = WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
    return list(due.order_by("next_attempt_at").values_list("pk", flat=True)[:limit])


def deliveries_purge(*, now: datetime.datetime | None = None) -> int:
    """The delivery log keeps EW_WEBHOOK_LOG_DAYS days (docs/privacy.md)."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.EW_WEBHOOK_LOG_DAYS)
    deleted, _rows = WebhookDelivery.objects.filter(created_at__lt=cutoff).delete()
    return deleted
