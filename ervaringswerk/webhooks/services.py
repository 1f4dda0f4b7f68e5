"""Webhooks: subscriptions (the administrator's), publishing events (the other apps' services call
`event_publish` where the thing happens) and delivering them (the worker, tasks.py).

Publishing runs after the commit of the transaction that did the thing (`transaction.on_commit`): a
rolled-back change sends nothing. Each matching subscription gets a delivery row, whose first attempt
is queued at once; a failed attempt is tried again later with exponential backoff by the periodic
`webhook_deliveries_due` task, until EW_WEBHOOK_MAX_ATTEMPTS. Deliveries carry ids and links only.
"""

import datetime
import json
import logging
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ervaringswerk.core.models import Municipality
from ervaringswerk.core.tenancy import Viewer

from . import signing
from .models import TYPE_PREFIX, EventKind, WebhookDelivery, WebhookSubscription
from .targets import target_resolve
from .tasks import delivery_queue

logger = logging.getLogger(__name__)

MAX_SUBSCRIPTIONS = 20

# The resources an event may name, with the API route (basename) that serves them.
RESOURCES = {
    "deployment_request": "deployment-request",
    "offer": "offer",
    "assignment": "assignment",
    "time_entry": "time-entry",
    "hire_out_statement": "hire-out-statement",
    "evaluation_report": "evaluation-report",
}

__all__ = [
    "EventKind",
    "event_publish",
    "subscription_create",
    "subscription_delete",
    "subscription_secret_rotate",
    "subscription_update",
]


# --- subscriptions -------------------------------------------------------------------------------


def _tenant(viewer: Viewer) -> uuid.UUID:
    """The viewer's municipality; the permission rules already refuse a viewer without one."""
    if viewer.municipality_id is None:
        raise ValidationError(_("U werkt niet namens een gemeente."), code="no_tenant")
    return viewer.municipality_id


def _clean_kinds(kinds: Any) -> list[str]:
    chosen = list(dict.fromkeys(str(k) for k in (kinds or [])))
    unknown = [k for k in chosen if k not in EventKind.values]
    if unknown:
        raise ValidationError(
            {"kinds": _("Onbekende soort gebeurtenis: %(kinds)s.") % {"kinds": ", ".join(unknown)}},
            code="invalid_choice",
        )
    if not chosen:
        raise ValidationError({"kinds": _("Kies ten minste één soort gebeurtenis.")}, code="required")
    return [k for k in EventKind.values if k in chosen]


def _clean(subscription: WebhookSubscription) -> None:
    subscription.name = (subscription.name or "").strip()
    subscription.kinds = _clean_kinds(subscription.kinds)
    subscription.full_clean(exclude=["secret", "municipality", "created_by"])
    target_resolve(subscription.url)


@transaction.atomic
def subscription_create(
    *, viewer: Viewer, name: str, url: str, kinds: list[str], is_active: bool = True
) -> tuple[WebhookSubscription, str]:
    """A new subscription and its secret. The secret is returned here once; pages and the API never show
    it again (a new one: `subscription_secret_rotate`)."""
    municipality_id = _tenant(viewer)
    Municipality.objects.select_for_update().get(pk=municipality_id)
    count = WebhookSubscription.objects.filter(municipality_id=municipality_id).count()
    if count >= MAX_SUBSCRIPTIONS:
        raise ValidationError(
            _("Uw gemeente heeft al %(n)d abonnementen, het maximum. Verwijder er eerst een.")
            % {"n": MAX_SUBSCRIPTIONS},
            code="limit",
        )
    secret = signing.secret_new()
    subscription = WebhookSubscription(
        municipality_id=municipality_id,
        name=name,
        url=url,
        kinds=kinds,
        is_active=is_active,
        secret=secret,
        created_by_id=viewer.user_id,
    )
    _clean(subscription)
    subscription.save()
    return subscription, secret


@transaction.atomic
def subscription_update(
    *, subscription: WebhookSubscription, viewer: Viewer, **fields: Any
) -> WebhookSubscription:
    """Change name, url, kinds or is_active (audited with the names of the fields that changed)."""
    allowed = {"name", "url", "kinds", "is_active"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(
            {name: _("Onbekend veld: dit veld bestaat hier niet.") for name in sorted(unknown)}
        )
    locked = WebhookSubscription.objects.select_for_update().get(
        pk=subscription.pk, municipality_id=_tenant(viewer)
    )
    changed = [name for name, value in fields.items() if getattr(locked, name) != value]
    if not changed:
        return locked
    for name in changed:
        setattr(locked, name, fields[name])
    _clean(locked)
    locked.save(update_fields=[*changed, "updated_at"])
    return locked


@transaction.atomic
def subscription_secret_rotate(*, subscription: WebhookSubscription, viewer: Viewer) -> str:
    """A new secret at once (the old one stops working); returned once. Audited as a change of `secret`."""
    locked = WebhookSubscription.objects.select_for_update().get(
        pk=subscription.pk, municipality_id=_tenant(viewer)
    )
    locked.secret = signing.secret_new()
    locked.save(update_fields=["secret", "updated_at"])
    return locked.secret


@transaction.atomic
def subscription_delete(*, subscription: WebhookSubscription, viewer: Viewer) -> None:
    """Remove the subscription and its delivery log (audited)."""
    WebhookSubscription.objects.get(pk=subscription.pk, municipality_id=_tenant(viewer)).delete()


# --- publishing ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Event:
    kind: str
    municipality_id: uuid.UUID
    resources: dict  # name -> id (str)
    id: uuid.UUID = field(default_factory=uuid.uuid4)
    time: datetime.datetime = field(default_factory=timezone.now)


def _api_path(name: str, pk: str) -> str | None:
    try:
        return reverse(f"{RESOURCES[name]}-detail", kwargs={"pk": pk})
    except NoReverseMatch:
        return None


def event_publish(*, kind: str, municipality_id: Any, resources: dict) -> None:
    """Announce that `kind` happened to `resources` (name -> id, the first one is the subject), once
    the current transaction commits. Never raises into the caller's flow: a delivery problem is the
    delivery log's business, not the person's who approved an hour."""
    if kind not in EventKind.values:
        raise ValueError(kind)
    unknown = set(resources) - set(RESOURCES)
    if unknown:
        raise ValueError(sorted(unknown))
    event = Event(
        kind=kind,
        municipality_id=municipality_id,
        resources={name: str(pk) for name, pk in resources.items() if pk is not None},
    )
    transaction.on_commit(lambda: deliveries_fan_out(event=event), robust=True)


def _cloud_event(event: Event, municipality: Municipality) -> dict:
    site = settings.EW_SITE_URL.rstrip("/")
    data = {}
    subject = ""
    for name, pk in event.resources.items():
        path = _api_path(name, pk)
        data[name] = {"id": pk, "url": f"{site}{path}" if path else None}
        if not subject:
            subject = path.removeprefix("/api/v1/").rstrip("/") if path else f"{RESOURCES[name]}s/{pk}"
    return {
        "specversion": "1.0",
        "id": str(event.id),
        "source": f"{site}/api/v1",
        "type": TYPE_PREFIX + event.kind,
        "subject": subject,
        "time": event.time.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z"),
        "datacontenttype": "application/json",
        "municipality": municipality.cbs_code,
        "data": data,
    }


def deliveries_fan_out(*, event: Event) -> list[WebhookDelivery]:
    """One delivery per active subscription of the event's municipality that asked for its kind; the first
    attempt of each is queued at once."""
    subscriptions = [
        s
        for s in WebhookSubscription.objects.filter(municipality_id=event.municipality_id, is_active=True)
        if event.kind in s.kinds
    ]
    if not subscriptions:
        return []
    municipality = Municipality.objects.get(pk=event.municipality_id)
    cloud_event = _cloud_event(event, municipality)
    body = json.dumps(cloud_event, separators=(",", ":"), ensure_ascii=False)
    now = timezone.now()
    # Machine records, not personal data: in bulk, no audit event per delivery (the log is the record).
    deliveries = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(
            municipality_id=event.municipality_id,
            subscription=subscription,
            event_id=event.id,
            kind=event.kind,
            subject=cloud_event["subject"][:200],
            body=body,
            next_attempt_at=now,
        )
        for subscription in subscriptions
    )
    for delivery in deliveries:
        delivery_queue(delivery.pk)
    return deliveries
