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


def _round(world):
    from .factories import make_round

    return make_round(world).pk


def _round_for_peer(world):
    from ervaringswerk.pool.tests.factories import own_peer

    own_peer(world)  # A's peer-worker login gets a profile in the pool organisation, which the round asks
    return _round(world)


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
    # Rounds (issue 14.9). The round asks A's pool and team, so A's coordinator and team lead are in it.
    page("preconditions:round_list", lambda w: reverse("preconditions:round_list"), VIEWERS),
    page(
        "preconditions:round_create", lambda w: reverse("preconditions:round_create"), {Role.POLICY_ADVISOR}
    ),
    page(
        "preconditions:round_detail",
        lambda w: reverse("preconditions:round_detail", args=[_round(w)]),
        VIEWERS,
        other=404,
    ),
    same_for_all(
        "preconditions:round_close", lambda w: reverse("preconditions:round_close", args=[_round(w)]), 405
    ),
    page(
        "preconditions:round_assessment",
        lambda w: reverse("preconditions:round_assessment", args=[_round(w)]),
        {Role.TEAM_LEAD, Role.COORDINATOR},
        other=404,
    ),
    page(
        "preconditions:peer_response",
        lambda w: reverse("preconditions:peer_response", args=[_round_for_peer(w)]),
        {Role.PEER_WORKER},
        other=403,
    ),
    api("precondition-round-list", lambda w: reverse("precondition-round-list"), VIEWERS),
    api(
        "precondition-round-detail",
        lambda w: reverse("precondition-round-detail", args=[_round(w)]),
        VIEWERS,
        other=404,
    ),
]
