from django.urls import reverse

from ervaringswerk.core.tenancy import Role
from ervaringswerk.core.testing import api, page, same_for_all

VIEWERS = {Role.TEAM_LEAD, Role.COORDINATOR, Role.POLICY_ADVISOR}
COORD = str(Role.COORDINATOR)


def _team(world):
    return world.a.organisations["team"].pk


def _assessment(world):
    from .factories import make_assessment

    return make_assessment(world).pk


def _action(world):
    from .factories import make_action

    return make_action(world).pk


def _not_own_organisation(row):
    # A's coordinator works at the pool organisation: the team's self-assessment is not theirs (404).
    row.expect[COORD] = 404
    return row


ROWS = [
    page("preconditions:overview", lambda w: reverse("preconditions:overview"), VIEWERS),
    _not_own_organisation(
        page(
            "preconditions:organisation",
            lambda w: reverse("preconditions:organisation", args=[_team(w)]),
            VIEWERS,
            other=404,
        )
    ),
    _not_own_organisation(
        page(
            "preconditions:assessment_create",
            lambda w: reverse("preconditions:assessment_create", args=[_team(w)]),
            {Role.TEAM_LEAD, Role.COORDINATOR},
            other=404,
        )
    ),
    _not_own_organisation(
        page(
            "preconditions:action_create",
            lambda w: reverse("preconditions:action_create", args=[_team(w)]),
            {Role.TEAM_LEAD, Role.COORDINATOR},
            other=404,
        )
    ),
    _not_own_organisation(
        page(
            "preconditions:assessment_detail",
            lambda w: reverse("preconditions:assessment_detail", args=[_assessment(w)]),
            VIEWERS,
            other=404,
        )
    ),
    same_for_all(
        "preconditions:action_complete",
        lambda w: reverse("preconditions:action_complete", args=[_action(w)]),
        405,
    ),
    api("precondition-assessment-list", lambda w: reverse("precondition-assessment-list"), VIEWERS),
    _not_own_organisation(
        api(
            "precondition-assessment-detail",
            lambda w: reverse("precondition-assessment-detail", args=[_assessment(w)]),
            VIEWERS,
            other=404,
        )
    ),
    api("precondition-action-list", lambda w: reverse("precondition-action-list"), VIEWERS),
    _not_own_organisation(
        api(
            "precondition-action-detail",
            lambda w: reverse("precondition-action-detail", args=[_action(w)]),
            VIEWERS,
            other=404,
        )
    ),
]
