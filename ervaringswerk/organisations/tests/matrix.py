import datetime

from django.urls import reverse

from ervaringswerk.core.tenancy import Role
from ervaringswerk.core.testing import TENANT_ROLES, api, page, same_for_all

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

POSITION_VIEWERS = {Role.POLICY_ADVISOR, Role.ADMINISTRATOR, Role.COORDINATOR, Role.TEAM_LEAD}


def _position(world):
    from decimal import Decimal

    from ervaringswerk.organisations.services import position_create

    return position_create(
        organisation=world.a.organisations["pool"],
        title="Matrix",
        kind="paid",
        budget_line="x",
        hours_per_week=Decimal(8),
        start_date=datetime.date(2026, 1, 1),
    ).pk


def _position_page(name, expect_team_lead=404):
    row = page(name, lambda w: reverse(name, args=[_position(w)]), POSITION_VIEWERS, other=404)
    row.expect[str(Role.TEAM_LEAD)] = expect_team_lead  # the neighbourhood team's lead: not its position
    return row


def _api_position_detail():
    row = api(
        "position-detail",
        lambda w: reverse("position-detail", args=[_position(w)]),
        POSITION_VIEWERS,
        other=404,
    )
    row.expect[str(Role.TEAM_LEAD)] = 404
    return row


ROWS += [
    page("positions:list", lambda w: reverse("positions:list"), POSITION_VIEWERS),
    page(
        "positions:create", lambda w: reverse("positions:create"), {Role.POLICY_ADVISOR, Role.ADMINISTRATOR}
    ),
    _position_page("positions:detail"),
    same_for_all("positions:change", lambda w: reverse("positions:change", args=[_position(w)]), 405),
    api("position-list", lambda w: reverse("position-list"), POSITION_VIEWERS),
    _api_position_detail(),
]
