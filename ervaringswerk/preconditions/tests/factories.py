import datetime

from ervaringswerk.accounts.viewer import viewer_for
from ervaringswerk.core.tenancy import Role
from ervaringswerk.preconditions.services import action_create, assessment_create


def make_assessment(world, tenant="a", *, on=None, scores=None):
    t = getattr(world, tenant)
    viewer = viewer_for(t.users[Role.TEAM_LEAD])
    scores = scores or {"management_support": 2, "supervision": 3}
    return assessment_create(
        viewer=viewer,
        organisation=t.organisations["team"],
        assessed_on=on or datetime.date(2026, 2, 1),
        items={k: {"score": v, "explanation": "Uitleg", "evidence": "Verslag MT"} for k, v in scores.items()},
    )


def make_action(world, tenant="a"):
    t = getattr(world, tenant)
    return action_create(
        viewer=viewer_for(t.users[Role.TEAM_LEAD]),
        organisation=t.organisations["team"],
        precondition="supervision",
        description="Intervisie elke maand inplannen",
        owner="Teamleider",
        due_date=datetime.date(2026, 6, 1),
    )


def make_round(world, tenant="a", *, organisations=("pool", "team"), deadline=None, **kwargs):
    from django.utils import timezone

    from ervaringswerk.preconditions.services import round_open

    t = getattr(world, tenant)
    return round_open(
        viewer=viewer_for(t.users[Role.POLICY_ADVISOR]),
        title=kwargs.pop("title", "Ronde voorjaar"),
        deadline=deadline or timezone.localdate() + datetime.timedelta(days=14),
        organisations=[t.organisations[k] for k in organisations],
        **kwargs,
    )


def make_peers(world, n, tenant="a", org="pool"):
    """n peer workers with a login in the tenant's organisation (their viewer, their profile)."""
    from ervaringswerk.accounts.services import membership_create, user_create
    from ervaringswerk.pool.tests.factories import make_peer

    t = getattr(world, tenant)
    peers = []
    for i in range(n):
        user = user_create(
            username=f"peer-{tenant}-{org}-{i}-{make_peers.counter}", password="x-Wachtwoord-123"
        )
        make_peers.counter += 1
        membership_create(user=user, organisation=t.organisations[org], role=Role.PEER_WORKER)
        peers.append((viewer_for(user), make_peer(t, user=user, organisation=t.organisations[org])))
    return peers


make_peers.counter = 0
