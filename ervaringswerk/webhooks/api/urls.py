from .views import WebhookDeliveryViewSet, WebhookSubscriptionViewSet

ROUTES = [
    ("webhook-subscriptions", WebhookSubscriptionViewSet, "webhook-subscription"),
    ("webhook-deliveries", WebhookDeliveryViewSet, "webhook-delivery"),
]
