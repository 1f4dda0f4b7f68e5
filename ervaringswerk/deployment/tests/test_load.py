from decimal import Decimal

from ervaringswerk.core.reference import DeploymentKind
from ervaringswerk.deployment.models import AssignmentStatus
from ervaringswerk.deployment.selectors import NO_LOAD, Load, active_load_by_peer

from .factories import make_assignment, make_peer, make_request


def test_load_counts_matched_and_active_assignments_only(world):
    peer = make_peer(world.a)
    other = make_peer(world.a, first_name="Ander")
    individual = make_request(world.a, kind=DeploymentKind.INDIVIDUAL_SUPPORT, hours=3)
    group = make_request(world.a, kind=DeploymentKind.GROUP_ACTIVITY, hours=2)
    make_assignment(individual, peer, status=AssignmentStatus.ACTIVE)
    make_assignment(group, peer, status=AssignmentStatus.MATCHED, hours=Decimal("1.5"))
    make_assignment(make_request(world.a, hours=4), peer, status=AssignmentStatus.ENDED)
    make_assignment(make_request(world.a, hours=4), peer, status=AssignmentStatus.CANCELLED)

    loads = active_load_by_peer(municipality_id=world.a.municipality.pk)

    assert loads[peer.pk] == Load(hours=Decimal("4.5"), residents=1)
    assert isinstance(loads[peer.pk].hours, Decimal)
    assert loads.get(other.pk, NO_LOAD) == Load(hours=Decimal("0"), residents=0)


def test_load_is_scoped_to_the_municipality(world):
    peer_b = make_peer(world.b)
    make_assignment(make_request(world.b, hours=5), peer_b)
    assert active_load_by_peer(municipality_id=world.a.municipality.pk) == {}
    assert active_load_by_peer(municipality_id=world.b.municipality.pk)[peer_b.pk].hours == Decimal("5")


def test_load_can_be_limited_to_some_peer_workers(world):
    first, second = make_peer(world.a), make_peer(world.a, first_name="Twee")
    make_assignment(make_request(world.a), first)
    make_assignment(make_request(world.a), second)
    assert set(active_load_by_peer(municipality_id=world.a.municipality.pk, peer_ids=[second.pk])) == {
        second.pk
    }
