"""Small builders for outcomes tests (and the matrix rows)."""

import datetime

from ervaringswerk.accounts.viewer import viewer_for
from ervaringswerk.core.tenancy import Role
from ervaringswerk.outcomes.services import measurement_record, trajectory_create


def peer_for(world, tenant="a"):
    """The PeerWorker row of the tenant's peer-worker login (created once)."""
    from ervaringswerk.pool.models import PeerWorker

    t = getattr(world, tenant)
    user = t.users[Role.PEER_WORKER]
    found = PeerWorker.objects.filter(user=user).first()
    if found:
        return found
    from ervaringswerk.pool.services import peer_worker_create

    return peer_worker_create(
        organisation=t.organisations["pool"], first_name="Pim", last_name="Peer", user=user
    )


def make_trajectory(world, tenant="a", *, first_contact=None, neighbourhood=0, with_peer=True, **kwargs):
    t = getattr(world, tenant)
    viewer = viewer_for(t.users[Role.PROFESSIONAL])
    return trajectory_create(
        viewer=viewer,
        organisation=t.organisations["team"],
        age_band=kwargs.pop("age_band", "27-40"),
        first_contact=first_contact or datetime.date(2026, 1, 10),
        neighbourhood=t.neighbourhoods[neighbourhood] if neighbourhood is not None else None,
        peer_worker=peer_for(world, tenant) if with_peer else None,
        **kwargs,
    )


def measure(world, trajectory, moment, on, scores, tenant="a"):
    viewer = viewer_for(getattr(world, tenant).users[Role.PROFESSIONAL])
    return measurement_record(
        viewer=viewer, trajectory=trajectory, moment=moment, measured_on=on, scores=scores
    )
