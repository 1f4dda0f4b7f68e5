from django.urls import reverse

from ervaringswerk.core.testing import TENANT_ROLES, page

EVERY_ROLE = set(TENANT_ROLES)


def _post_only(url_name, path):
    # POST-only: a GET answers 405 for everyone signed in with a role; anonymous goes to the login page.
    row = page(url_name, path, EVERY_ROLE, other=405, ok=405)
    row.expect["platform_admin"] = 403
    return row


def _own_notification(world):
    from ervaringswerk.core.tenancy import Role
    from ervaringswerk.notifications.models import Notification

    user = world.a.users[Role.PEER_WORKER]
    notification, _ = Notification.objects.get_or_create(
        recipient=user,
        key="matrix:1",
        defaults={"municipality": world.a.municipality, "kind": "offer_new", "title": "Matrix"},
    )
    return reverse("notifications:open", args=[notification.pk])


ROWS = [
    page("notifications:list", lambda w: reverse("notifications:list"), EVERY_ROLE, other=200),
    page("notifications:preferences", lambda w: reverse("notifications:preferences"), EVERY_ROLE, other=200),
    _post_only("notifications:read_all", lambda w: reverse("notifications:read_all")),
    _post_only("notifications:open", _own_notification),
]
