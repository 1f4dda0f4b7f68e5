"""Permission matrix rows for webhooks: the pages in the administrator's console and the API. Only a
municipality's administrator; B's coordinator and the platform administrator get 403 like other roles."""

from django.urls import reverse

from ervaringswerk.core.tenancy import Role
from ervaringswerk.core.testing import api, page

ADMIN = {Role.ADMINISTRATOR}


def subscription(world):
    from ervaringswerk.webhooks.models import WebhookSubscription
    from ervaringswerk.webhooks.signing import secret_new

    existing = WebhookSubscription.objects.filter(municipality=world.a.municipality).first()
    return existing or WebhookSubscription.objects.create(
        municipality=world.a.municipality,
        name="Zaaksysteem",
        url="https://127.0.0.1/hook",
        kinds=["offer.accepted"],
        secret=secret_new(),
    )


def delivery(world):
    from ervaringswerk.webhooks.models import WebhookDelivery

    sub = subscription(world)
    existing = WebhookDelivery.objects.filter(subscription=sub).first()
    return existing or WebhookDelivery.objects.create(
        municipality=world.a.municipality,
        subscription=sub,
        kind="offer.accepted",
        subject="offers/x",
        body="{}",
    )


ROWS = [
    page("webhooks:subscriptions", lambda w: reverse("webhooks:subscriptions"), ADMIN, other=403),
    page(
        "webhooks:subscription_detail",
        lambda w: reverse("webhooks:subscription_detail", args=[subscription(w).pk]),
        ADMIN,
        other=403,
    ),
    api("webhook-subscription-list", lambda w: reverse("webhook-subscription-list"), ADMIN, other=403),
    api(
        "webhook-subscription-detail",
        lambda w: reverse("webhook-subscription-detail", args=[subscription(w).pk]),
        ADMIN,
        other=403,
    ),
    # POST-only: a GET is 405 for the administrator, 403 for everyone else.
    api(
        "webhook-subscription-rotate-secret",
        lambda w: reverse("webhook-subscription-rotate-secret", args=[subscription(w).pk]),
        ADMIN,
        other=403,
        ok=405,
    ),
    api("webhook-delivery-list", lambda w: reverse("webhook-delivery-list"), ADMIN, other=403),
    api(
        "webhook-delivery-detail",
        lambda w: reverse("webhook-delivery-detail", args=[delivery(w).pk]),
        ADMIN,
        other=403,
    ),
]
