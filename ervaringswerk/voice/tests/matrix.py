from django.urls import reverse

from ervaringswerk.accounts.models import Role
from ervaringswerk.core.testing import COLUMNS, TENANT_ROLES, Row, page

INVOLVED = {Role.PROFESSIONAL, Role.TEAM_LEAD, Role.PEER_WORKER}
# The matrix activity is organised by A's pool and team and facilitated by A's peer-worker login.
ACTIVITY = {Role.COORDINATOR, Role.PROFESSIONAL, Role.TEAM_LEAD, Role.PEER_WORKER}


def _trajectory(world):
    from ervaringswerk.outcomes.tests.factories import make_trajectory

    return make_trajectory(world).pk


def _activity(world):
    from ervaringswerk.activities.tests.matrix import _activity as matrix_activity

    return matrix_activity(world).pk


def _link_code(world):
    from ervaringswerk.accounts.viewer import viewer_for
    from ervaringswerk.outcomes.tests.factories import make_trajectory
    from ervaringswerk.voice.services import survey_links_for_trajectory

    viewer = viewer_for(world.a.users[Role.PROFESSIONAL])
    return survey_links_for_trajectory(viewer=viewer, trajectory=make_trajectory(world))[0].code


ROWS = [
    page(
        "voice:trajectory_handout",
        lambda w: reverse("voice:trajectory_handout", args=[_trajectory(w)]),
        INVOLVED,
        other=403,
    ),
    page(
        "voice:activity_handout",
        lambda w: reverse("voice:activity_handout", args=[_activity(w)]),
        ACTIVITY,
        denied=404,
        other=404,
        platform_admin=403,
    ),
    # The resident's page: no login for anyone; nothing about the trajectory is on it.
    Row(
        "voice_public:answer",
        lambda w: reverse("voice_public:answer", args=[_link_code(w)]),
        dict.fromkeys(COLUMNS, 200),
    ),
]
assert set(TENANT_ROLES) >= ACTIVITY  # noqa: S101
