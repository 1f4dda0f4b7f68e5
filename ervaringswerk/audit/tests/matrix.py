from django.urls import reverse

from ervaringswerk.core.tenancy import Role
from ervaringswerk.core.testing import api, page

BROWSERS = {Role.COORDINATOR, Role.ADMINISTRATOR}


def _event(world):
    from ervaringswerk.audit.models import AuditEvent

    return AuditEvent.objects.create(
        municipality=world.a.municipality,
        organisation=world.a.organisations["pool"],
        action="view",
        object_repr="testobject",
    ).pk


ROWS = [
    page("audit:list", lambda w: reverse("audit:list"), BROWSERS, platform_admin=200),
    api("audit-event-list", lambda w: reverse("audit-event-list"), BROWSERS, platform_admin=200),
    api(
        "audit-event-detail",
        lambda w: reverse("audit-event-detail", args=[_event(w)]),
        BROWSERS,
        platform_admin=200,
        other=404,
    ),
]
