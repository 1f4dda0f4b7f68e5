from django.urls import reverse

from ervaringswerk.core.testing import TENANT_ROLES, api, page

EVERY_ROLE = set(TENANT_ROLES)

ROWS = [
    page("organisations:list", lambda w: reverse("organisations:list"), EVERY_ROLE),
    page(
        "organisations:detail",
        lambda w: reverse("organisations:detail", args=[w.a.organisations["team"].pk]),
        EVERY_ROLE,
        other=404,
    ),
    api("organisation-list", lambda w: reverse("organisation-list"), EVERY_ROLE),
    api(
        "organisation-detail",
        lambda w: reverse("organisation-detail", args=[w.a.organisations["team"].pk]),
        EVERY_ROLE,
        other=404,
    ),
]
