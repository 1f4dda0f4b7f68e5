"""Two coordinators (or two accepts) racing for the same last capacity: exactly one wins.

Real concurrent transactions on PostgreSQL, each thread on its own connection. The first transaction
pauses right after it read the capacity, while holding the peer worker's row lock; the second one starts
meanwhile, and the test waits until PostgreSQL reports the second backend waiting on a lock
(`ervaringswerk.core.races`, which polls `pg_stat_activity`; no sleep). Then the first commits and the
second sees the capacity taken. Without `select_for_update` the second does not wait, both read "3 hours
free" and both book: the tests then fail (regression of issue 12: the earlier version waited 0.3 s and
passed against code without the lock)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ervaringswerk.core.races import race
from ervaringswerk.core.tenancy import Role
from ervaringswerk.deployment import services
from ervaringswerk.deployment.models import Assignment, Offer, OfferStatus

from .factories import make_peer, make_request, viewer

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(monkeypatch, first_call, second_call):
    outcome = race(
        monkeypatch, module=services, pause_at="peer_capacity", first=first_call, second=second_call
    )
    assert outcome.second_waited, "the second transaction did not wait for the first one's row lock"
    return outcome.results


def test_two_coordinators_cannot_offer_the_same_last_hours(world, monkeypatch):
    peer = make_peer(world.a, weekly_hours=3)
    one, two = make_request(world.a, hours=3, title="Een"), make_request(world.a, hours=3, title="Twee")
    coordinator = viewer(world.a.users[Role.COORDINATOR])
    colleague = viewer(world.a.users[Role.COORDINATOR])

    outcome = _race(
        monkeypatch,
        lambda: services.offer_create(request=one, peer=peer, viewer=coordinator),
        lambda: services.offer_create(request=two, peer=peer, viewer=colleague),
    )

    assert isinstance(outcome["first"], Offer)
    assert isinstance(outcome["second"], ValidationError)
    assert "niet genoeg ruimte" in outcome["second"].messages[0]
    assert Offer.objects.filter(peer=peer, status=OfferStatus.PENDING).count() == 1


def test_two_accepts_cannot_book_the_same_last_resident_slot(world, monkeypatch):
    peer = make_peer(world.a, user=world.a.users[Role.PEER_WORKER], weekly_hours=10, max_residents=1)
    offers = []
    for code in ("AAS-0001", "AAS-0002"):
        request = make_request(
            world.a, kind="individual_support", resident_code=code, status="offered", hours=2
        )
        offers.append(
            Offer.objects.create(
                municipality=request.municipality, request=request, peer=peer, hours_per_week=Decimal(2)
            )
        )
    me = viewer(world.a.users[Role.PEER_WORKER])

    outcome = _race(
        monkeypatch,
        lambda: services.offer_accept(offer=offers[0], viewer=me),
        lambda: services.offer_accept(offer=offers[1], viewer=me),
    )

    assert isinstance(outcome["first"], Assignment)
    assert isinstance(outcome["second"], ValidationError)
    assert outcome["second"].error_list[0].code == "capacity"
    assert Assignment.objects.filter(peer=peer).count() == 1


def test_the_same_request_cannot_be_offered_twice_at_once(world, monkeypatch):
    first_peer, second_peer = make_peer(world.a), make_peer(world.a)
    request = make_request(world.a, hours=2)
    coordinator = viewer(world.a.users[Role.COORDINATOR])

    outcome = _race(
        monkeypatch,
        lambda: services.offer_create(request=request, peer=first_peer, viewer=coordinator),
        lambda: services.offer_create(request=request, peer=second_peer, viewer=coordinator),
    )

    assert isinstance(outcome["first"], Offer)
    assert isinstance(outcome["second"], ValidationError)
    assert outcome["second"].error_list[0].code == "not_open"
    assert Offer.objects.filter(request=request).count() == 1
