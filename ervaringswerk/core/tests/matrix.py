from django.urls import reverse

from ervaringswerk.core.tenancy import Role
from ervaringswerk.core.testing import TENANT_ROLES, api, page, same_for_all

EVERY_ROLE = set(TENANT_ROLES)


def _domain(world):
    from ervaringswerk.core.models import ExperienceDomain

    return ExperienceDomain.objects.filter(municipality=world.a.municipality).first().pk


ROWS = [
    same_for_all("core:home", lambda w: reverse("core:home"), 302),
    page("core:my_work", lambda w: reverse("core:my_work"), {Role.PEER_WORKER}),
    page("core:admin_home", lambda w: reverse("core:admin_home"), {Role.ADMINISTRATOR}, platform_admin=200),
    same_for_all("health", lambda w: reverse("health"), 200),
    same_for_all("metrics", lambda w: reverse("metrics"), 404),  # closed unless a token or address is set
    same_for_all("set_language", lambda w: reverse("set_language"), 302),
    same_for_all("api-schema", lambda w: reverse("api-schema"), 200),
    same_for_all("api-openapi-json", lambda w: reverse("api-openapi-json"), 200),
    same_for_all("api-not-found", lambda w: "/api/v1/bestaat-niet/", 404),
    same_for_all("api-docs", lambda w: reverse("api-docs"), 200),
    api("api-me", lambda w: reverse("api-me"), EVERY_ROLE, platform_admin=200, other=200),
    api("neighbourhood-list", lambda w: reverse("neighbourhood-list"), EVERY_ROLE, other=200),
    api(
        "neighbourhood-detail",
        lambda w: reverse("neighbourhood-detail", args=[w.a.neighbourhoods[0].pk]),
        EVERY_ROLE,
        other=404,
    ),
    api("experience-domain-list", lambda w: reverse("experience-domain-list"), EVERY_ROLE, other=200),
    api(
        "experience-domain-detail",
        lambda w: reverse("experience-domain-detail", args=[_domain(w)]),
        EVERY_ROLE,
        other=404,
    ),
]
