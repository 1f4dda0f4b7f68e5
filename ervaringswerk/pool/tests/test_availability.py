"""Availability "now": paused, left and over-capacity peer workers are not available (pages and API)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from ervaringswerk.core.tenancy import Role
from ervaringswerk.pool import availability as availability_module
from ervaringswerk.pool.availability import PeerLoad, availability
from ervaringswerk.pool.constants import PeerStatus

from .factories import make_peer

DAY = datetime.date(2026, 3, 10)


def _state(load=None, **kwargs):
    fields = {
        "status": PeerStatus.ACTIVE,
        "pause_start": None,
        "pause_end": None,
        "weekly_hours": Decimal("10"),
        "max_residents": 3,
    }
    fields.update(kwargs)
    return availability(load=load, day=DAY, **fields)


@pytest.mark.parametrize(
    ("kwargs", "load", "available", "reason"),
    [
        ({}, None, True, ""),
        ({"status": PeerStatus.PAUSED}, None, False, "Gepauzeerd"),
        ({"status": PeerStatus.LEFT}, None, False, "Vertrokken"),
        ({"pause_start": DAY}, None, False, "Gepauzeerd"),
        (
            {"pause_start": DAY - datetime.timedelta(days=5), "pause_end": DAY},
            None,
            False,
            "Pauze tot en met",
        ),
        ({"pause_start": DAY + datetime.timedelta(days=1)}, None, True, ""),
        (
            {"pause_start": DAY - datetime.timedelta(days=9), "pause_end": DAY - datetime.timedelta(days=1)},
            None,
            True,
            "",
        ),
        ({"weekly_hours": Decimal("0")}, None, False, "Geen uren beschikbaar"),
        ({}, PeerLoad(hours=Decimal("9.5"), residents=2), True, ""),
        ({}, PeerLoad(hours=Decimal("10"), residents=0), False, "Uren vol"),
        ({}, PeerLoad(hours=Decimal("12"), residents=0), False, "Uren vol"),
        ({}, PeerLoad(hours=Decimal("4"), residents=3), False, "Maximum aantal bewoners bereikt"),
        ({"max_residents": 0}, PeerLoad(hours=Decimal("4"), residents=0), True, ""),  # group work only
        ({"max_residents": 0}, PeerLoad(hours=Decimal("4"), residents=1), False, "Maximum aantal bewoners"),
    ],
)
def test_availability_rules(kwargs, load, available, reason):
    state = _state(load, **kwargs)
    assert state.available is available
    assert state.reason.startswith(reason)


def test_remaining_capacity_is_reported():
    state = _state(PeerLoad(hours=Decimal("6.5"), residents=1))
    assert state.hours_committed == Decimal("6.5") and state.hours_left == Decimal("3.5")
    assert state.residents_left == 2 and state.hours_used_percent == 65


@pytest.fixture
def pool(world):
    return {
        "free": make_peer(world.a, first_name="Vrij", weekly_hours=10, max_residents=3),
        "paused": make_peer(
            world.a, first_name="Pauze", weekly_hours=10, max_residents=3, pause_start=timezone.localdate()
        ),
        "status": make_peer(world.a, first_name="Status", weekly_hours=10, status=PeerStatus.PAUSED),
        "left": make_peer(
            world.a, first_name="Weg", weekly_hours=10, status=PeerStatus.LEFT, left_on=timezone.localdate()
        ),
        "full": make_peer(world.a, first_name="Vol", weekly_hours=8, max_residents=2),
    }


@pytest.fixture
def loads(monkeypatch, pool):
    """The deployment app's load, as its contract promises; stand-in so this test needs no assignments."""
    table = {pool["full"].pk: PeerLoad(hours=Decimal("8"), residents=1)}
    monkeypatch.setattr(availability_module, "active_load", lambda *, municipality_id: table)
    return table


def _names(response):
    return {row.peer.first_name for row in response.context["data"].rows}


def test_overview_filter_available_now(world, client_for, pool, loads):
    client = client_for(world.a.users[Role.COORDINATOR])
    assert _names(client.get(reverse("pool:overview"), {"beschikbaar": "on"})) == {"Vrij"}
    data = client.get(reverse("pool:overview")).context["data"]
    assert data.available_now == 1
    assert data.counts == {"active": 2, "paused": 2, "left": 1}
    assert _names(client.get(reverse("pool:overview"), {"status": "paused"})) == {"Pauze", "Status"}
    page = client.get(reverse("pool:detail", args=[pool["full"].pk])).content.decode()
    assert "Niet beschikbaar" in page and "Uren vol" in page


def test_api_reports_availability(world, api_client, pool, loads):
    api_client.force_authenticate(world.a.users[Role.COORDINATOR])
    results = api_client.get(reverse("peer-worker-list"), {"page_size": 50}).json()["results"]
    by_name = {r["first_name"]: r for r in results}
    assert [n for n, r in by_name.items() if r["available_now"]] == ["Vrij"]
    assert by_name["Vol"]["availability_reason"] == "Uren vol"
    assert by_name["Pauze"]["effective_status"] == "paused" and by_name["Pauze"]["status"] == "active"
    paused = api_client.get(reverse("peer-worker-list"), {"status": "paused"}).json()["results"]
    assert {r["first_name"] for r in paused} == {"Pauze", "Status"}


def test_over_capacity_from_real_deployments_is_not_available(world, client_for, api_client):
    """No stand-in: the load comes from the deployment app's active_load_by_peer (assignments)."""
    from ervaringswerk.core.reference import DeploymentKind
    from ervaringswerk.deployment.models import AssignmentStatus
    from ervaringswerk.deployment.tests.factories import make_assignment, make_request

    hours_full = make_peer(world.a, first_name="Urenvol", weekly_hours=4, max_residents=2)
    residents_full = make_peer(world.a, first_name="Bewonersvol", weekly_hours=10, max_residents=1)
    ended = make_peer(world.a, first_name="Afgerond", weekly_hours=4, max_residents=1)
    make_assignment(make_request(world.a, hours=4), hours_full)
    individual = make_request(world.a, kind=DeploymentKind.INDIVIDUAL_SUPPORT, hours=2)
    make_assignment(individual, residents_full)
    make_assignment(make_request(world.a, hours=4), ended, status=AssignmentStatus.ENDED)

    client = client_for(world.a.users[Role.COORDINATOR])
    assert _names(client.get(reverse("pool:overview"), {"beschikbaar": "on"})) == {"Afgerond"}
    page = client.get(reverse("pool:detail", args=[residents_full.pk])).content.decode()
    assert "Maximum aantal bewoners bereikt" in page and "2 van 10 uur ingezet" in page
    api_client.force_authenticate(world.a.users[Role.COORDINATOR])
    results = {r["first_name"]: r for r in api_client.get(reverse("peer-worker-list")).json()["results"]}
    assert (
        results["Urenvol"]["available_now"] is False
        and results["Urenvol"]["availability_reason"] == "Uren vol"
    )
    assert results["Afgerond"]["available_now"] is True
