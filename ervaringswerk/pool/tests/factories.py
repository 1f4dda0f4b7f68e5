"""Small builders for pool tests (plain functions over the services' models; no viewer needed)."""

import itertools

from ervaringswerk.core.models import ExperienceDomain
from ervaringswerk.core.tenancy import Role
from ervaringswerk.pool.models import CheckIn, PeerExperience, PeerWorker
from ervaringswerk.pool.services import peer_worker_create

_names = itertools.count(1)


def make_peer(tenant, *, user=None, neighbourhoods=(), experiences=None, **fields) -> PeerWorker:
    """A peer worker in the tenant's pool organisation; experiences = {domain slug: visibility}."""
    n = next(_names)
    fields.setdefault("first_name", f"Peer{n}")
    fields.setdefault("last_name", f"Achternaam{n}")
    peer = peer_worker_create(
        organisation=fields.pop("organisation", tenant.organisations["pool"]),
        user=user,
        neighbourhoods=neighbourhoods,
        **fields,
    )
    for slug, visibility in (experiences or {}).items():
        PeerExperience.objects.create(
            municipality=peer.municipality,
            peer=peer,
            domain=ExperienceDomain.objects.get(municipality=peer.municipality, slug=slug),
            visibility=visibility,
            description=f"Eigen woorden over {slug} ({visibility})",
        )
    return peer


def own_peer(world, **fields) -> PeerWorker:
    """The peer worker profile of municipality A's peer-worker login (created once)."""
    user = world.a.users[Role.PEER_WORKER]
    existing = PeerWorker.objects.filter(user=user).first()
    return existing or make_peer(world.a, user=user, first_name="Eigen", last_name="Profiel", **fields)


def make_check_in(peer, **fields) -> CheckIn:
    fields.setdefault("energy", 3)
    fields.setdefault("balance", 3)
    return CheckIn.objects.create(municipality=peer.municipality, peer=peer, **fields)
