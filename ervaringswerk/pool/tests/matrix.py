from django.urls import reverse

from ervaringswerk.accounts.models import Role
from ervaringswerk.core.testing import api, page

PEER = str(Role.PEER_WORKER)


def _peer(world):
    from ervaringswerk.pool.services import peer_worker_create

    return peer_worker_create(
        organisation=world.a.organisations["pool"], first_name="Test", last_name="Peer"
    ).pk


def _not_own_profile(row):
    # A peer worker may open only their own profile: someone else's answers 404, like another tenant's.
    row.expect[PEER] = 404
    return row


ROWS = [
    page("pool:overview", lambda w: reverse("pool:overview"), {Role.COORDINATOR}),
    _not_own_profile(
        page(
            "pool:detail",
            lambda w: reverse("pool:detail", args=[_peer(w)]),
            {Role.COORDINATOR, Role.PEER_WORKER},
            other=404,
        )
    ),
    api("peer-worker-list", lambda w: reverse("peer-worker-list"), {Role.COORDINATOR, Role.PEER_WORKER}),
    _not_own_profile(
        api(
            "peer-worker-detail",
            lambda w: reverse("peer-worker-detail", args=[_peer(w)]),
            {Role.COORDINATOR, Role.PEER_WORKER},
            other=404,
        )
    ),
]
