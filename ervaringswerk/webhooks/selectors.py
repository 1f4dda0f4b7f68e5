from django.db.models import QuerySet

from ervaringswerk.core.tenancy import Viewer

from .models import WebhookDelivery, WebhookSubscription
from .permissions import can_manage_webhooks


def subscription_list(*, viewer: Viewer) -> QuerySet[WebhookSubscription]:
    municipality_id = viewer.municipality_id
    if municipality_id is None or not can_manage_webhooks(viewer):
        return WebhookSubscription.objects.none()
    return WebhookSubscription.objects.filter(municipality_id=municipality_id)


def delivery_list(
    *, viewer: Viewer, subscription: WebhookSubscription | None = None
) -> QuerySet[WebhookDelivery]:
    municipality_id = viewer.municipality_id
    if municipality_id is None or not can_manage_webhooks(viewer):
        return WebhookDelivery.objects.none()
    qs = WebhookDelivery.objects.filter(municipality_id=municipality_id).select_related("subscription")
    if subscription is not None:
        qs = qs.filter(subscription=subscription)
    return qs
