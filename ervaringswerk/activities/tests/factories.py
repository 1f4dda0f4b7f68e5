"""Small builders for activity tests, on top of the shared `world` fixture (conftest.py)."""

from datetime import date, time

from ervaringswerk.accounts.viewer import viewer_for
from ervaringswerk.activities.models import ActivityKind, Frequency
from ervaringswerk.activities.services import activity_create
from ervaringswerk.core.tenancy import Role
from ervaringswerk.pool.services import peer_worker_create


def viewer(user):
    return viewer_for(user)


def peer_for(world, *, tenant="a", user=None, first="Fenna", last="Faciliteert", **fields):
    t = getattr(world, tenant)
    return peer_worker_create(
        organisation=t.organisations["pool"], first_name=first, last_name=last, user=user, **fields
    )


def own_peer(world, tenant="a", **fields):
    """The PeerWorker profile of the world's peer-worker login."""
    t = getattr(world, tenant)
    return peer_for(
        world, tenant=tenant, user=t.users[Role.PEER_WORKER], first="Piet", last="Peerlogin", **fields
    )


def group(
    world,
    *,
    tenant="a",
    by=Role.COORDINATOR,
    title="Herstelgroep Dinsdag",
    kind=ActivityKind.RECOVERY_GROUP,
    start_date=date(2026, 3, 3),
    start_time=time(19, 0),
    duration_minutes=120,
    frequency=Frequency.WEEKLY,
    today=date(2026, 3, 1),
    organisers=None,
    **fields,
):
    t = getattr(world, tenant)
    fields.setdefault("end_date", date(2026, 6, 30))
    return activity_create(
        viewer=viewer(t.users[by]),
        title=title,
        kind=kind,
        organisers=organisers or [t.organisations["pool"], t.organisations["team"]],
        start_date=start_date,
        start_time=start_time,
        duration_minutes=duration_minutes,
        frequency=frequency,
        today=today,
        **fields,
    )
