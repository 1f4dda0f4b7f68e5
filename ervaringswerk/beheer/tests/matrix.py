from django.urls import reverse

from ervaringswerk.core.tenancy import Role
from ervaringswerk.core.testing import COLUMNS, Row, page

ADMIN = {Role.ADMINISTRATOR}


def _console(url_name, path):
    return page(url_name, path, ADMIN, other=403, platform_admin=403)


def _membership(world):
    from ervaringswerk.accounts.models import Membership

    return Membership.objects.get(user=world.a.users[Role.PROFESSIONAL]).pk


def _domain(world):
    from ervaringswerk.core.models import ExperienceDomain

    return ExperienceDomain.objects.filter(municipality=world.a.municipality).first().pk


def _invitation_path(world):
    return reverse(
        "invitations:accept", kwargs={"gemeente": world.a.municipality.slug, "token": "bestaat-niet"}
    )


ROWS = [
    page(
        "beheer:municipality_create",
        lambda w: reverse("beheer:municipality_create"),
        set(),
        other=403,
        platform_admin=200,
    ),
    _console("beheer:organisations", lambda w: reverse("beheer:organisations")),
    _console("beheer:organisation_create", lambda w: reverse("beheer:organisation_create")),
    _console(
        "beheer:organisation_edit",
        lambda w: reverse("beheer:organisation_edit", args=[w.a.organisations["team"].pk]),
    ),
    _console("beheer:neighbourhoods", lambda w: reverse("beheer:neighbourhoods")),
    _console(
        "beheer:neighbourhood_edit",
        lambda w: reverse("beheer:neighbourhood_edit", args=[w.a.neighbourhoods[0].pk]),
    ),
    _console("beheer:users", lambda w: reverse("beheer:users")),
    _console("beheer:user_invite", lambda w: reverse("beheer:user_invite")),
    _console("beheer:membership_edit", lambda w: reverse("beheer:membership_edit", args=[_membership(w)])),
    _console("beheer:domains", lambda w: reverse("beheer:domains")),
    _console("beheer:domain_edit", lambda w: reverse("beheer:domain_edit", args=[_domain(w)])),
    _console("beheer:settings", lambda w: reverse("beheer:settings")),
    # POST-only: a GET answers 405 to a coordinator of a pool (also B's), 403 to other roles.
    page(
        "beheer:pool_invite",
        lambda w: reverse("beheer:pool_invite"),
        {Role.COORDINATOR},
        ok=405,
        other=405,
    ),
    # A public page: a wrong link answers 404 with a Dutch explanation, for everyone.
    Row("invitations:accept", _invitation_path, dict.fromkeys(COLUMNS, 404)),
]
