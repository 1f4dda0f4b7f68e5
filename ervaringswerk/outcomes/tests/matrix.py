from django.urls import reverse

from ervaringswerk.core.tenancy import Role
from ervaringswerk.core.testing import api, page

INVOLVED = {Role.PROFESSIONAL, Role.TEAM_LEAD, Role.PEER_WORKER}
TEAM = {Role.PROFESSIONAL, Role.TEAM_LEAD}


def _trajectory(world):
    from .factories import make_trajectory

    return make_trajectory(world).pk


def _measurement(world):
    import datetime

    from .factories import make_trajectory, measure

    t = make_trajectory(world)
    return measure(world, t, "intake", datetime.date(2026, 1, 12), {("zrm", "financien"): 2}).pk


ROWS = [
    page("outcomes:trajectory_list", lambda w: reverse("outcomes:trajectory_list"), INVOLVED),
    page("outcomes:trajectory_create", lambda w: reverse("outcomes:trajectory_create"), TEAM),
    page("outcomes:blank_form", lambda w: reverse("outcomes:blank_form"), INVOLVED),
    page(
        "outcomes:settings",
        lambda w: reverse("outcomes:settings"),
        {Role.POLICY_ADVISOR, Role.ADMINISTRATOR},
    ),
    page(
        "outcomes:trajectory_detail",
        lambda w: reverse("outcomes:trajectory_detail", args=[_trajectory(w)]),
        INVOLVED,
    ),
    page(
        "outcomes:trajectory_update",
        lambda w: reverse("outcomes:trajectory_update", args=[_trajectory(w)]),
        TEAM,
    ),
    page(
        "outcomes:measurement_create",
        lambda w: reverse("outcomes:measurement_create", args=[_trajectory(w)]),
        INVOLVED,
    ),
    api("trajectory-list", lambda w: reverse("trajectory-list"), INVOLVED),
    api("trajectory-detail", lambda w: reverse("trajectory-detail", args=[_trajectory(w)]), INVOLVED),
    # POST only (issue 17): a GET is 405 for the roles that may read trajectories
    api("trajectory-close", lambda w: reverse("trajectory-close", args=[_trajectory(w)]), INVOLVED, ok=405),
    api("measurement-list", lambda w: reverse("measurement-list"), INVOLVED),
    api("measurement-detail", lambda w: reverse("measurement-detail", args=[_measurement(w)]), INVOLVED),
]
