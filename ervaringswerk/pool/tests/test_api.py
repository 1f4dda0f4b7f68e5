"""API writes go through the services: the peer worker edits their own profile, the coordinator the rest."""

import pytest
from django.urls import reverse
from django.utils import timezone

from ervaringswerk.core.tenancy import Role
from ervaringswerk.pool.constants import Visibility
from ervaringswerk.pool.models import DevelopmentGoal, LadderStep, PeerExperience

from .factories import make_peer, own_peer


@pytest.fixture
def me(world):
    return own_peer(world)


@pytest.fixture
def as_peer(world, api_client):
    api_client.force_authenticate(world.a.users[Role.PEER_WORKER])
    return api_client


def test_peer_worker_patches_own_profile_boundaries_and_pause(world, as_peer, me):
    url = reverse("peer-worker-detail", args=[me.pk])
    response = as_peer.patch(
        url,
        {
            "languages": ["nl", "ar"],
            "neighbourhoods": [str(world.a.neighbourhoods[1].pk)],
            "available_days": ["mon"],
            "excluded_themes": ["Jeugdzorg"],
            "pause_start": timezone.localdate().isoformat(),
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["languages"] == ["nl", "ar"] and body["available_days"] == ["mon"]
    assert body["excluded_themes"] == ["jeugdzorg"] and body["effective_status"] == "paused"
    assert body["neighbourhoods"] == [str(world.a.neighbourhoods[1].pk)]
    ended = as_peer.patch(url, {"pause_start": None}, format="json").json()
    assert ended["effective_status"] == "active"


def test_peer_worker_cannot_set_their_own_status_or_bad_values(as_peer, me):
    url = reverse("peer-worker-detail", args=[me.pk])
    response = as_peer.patch(url, {"status": "left"}, format="json")
    assert response.status_code == 400 and response.json()["invalid_params"][0]["name"] == "status"
    response = as_peer.patch(url, {"languages": ["klingon"]}, format="json")
    assert response.status_code == 400 and response["Content-Type"].startswith("application/problem+json")
    me.refresh_from_db()
    assert me.status == "active" and me.languages == []


@pytest.mark.parametrize(("name", "value"), [("weekly_hours", "40"), ("max_residents", 50)])
def test_peer_worker_cannot_set_their_own_agreed_hours_or_capacity(as_peer, me, name, value):
    """Regression (issue 12): a peer worker set their own weekly_hours to 40 and max_residents to 50."""
    me.weekly_hours, me.max_residents = 8, 2
    me.save()
    url = reverse("peer-worker-detail", args=[me.pk])
    response = as_peer.patch(url, {name: value}, format="json")
    assert response.status_code == 400
    assert response.json()["invalid_params"][0]["name"] == name
    me.refresh_from_db()
    assert (me.weekly_hours, me.max_residents) == (8, 2)


def test_coordinator_sets_agreed_hours_and_capacity(world, api_client):
    peer = make_peer(world.a)
    api_client.force_authenticate(world.a.users[Role.COORDINATOR])
    url = reverse("peer-worker-detail", args=[peer.pk])
    response = api_client.patch(url, {"weekly_hours": "12.5", "max_residents": 3}, format="json")
    assert response.status_code == 200, response.json()
    peer.refresh_from_db()
    assert str(peer.weekly_hours) == "12.5" and peer.max_residents == 3
    too_many = api_client.patch(url, {"weekly_hours": "61"}, format="json")
    assert too_many.status_code == 400


def test_coordinator_patches_administrative_fields_only(world, api_client):
    peer = make_peer(world.a)
    api_client.force_authenticate(world.a.users[Role.COORDINATOR])
    url = reverse("peer-worker-detail", args=[peer.pk])
    response = api_client.patch(url, {"status": "paused", "employment_form": "payroll"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "paused"
    response = api_client.patch(url, {"languages": ["nl"]}, format="json")
    assert response.status_code == 400


def test_experiences_written_only_by_the_peer_worker(world, api_client, as_peer, me):
    created = as_peer.post(
        reverse("peer-experience-list"),
        {"domain": "armoede-schulden", "visibility": "coordinator", "description": "Mijn woorden"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    url = reverse("peer-experience-detail", args=[created.json()["id"]])
    assert as_peer.patch(url, {"visibility": "matching"}, format="json").json()["visibility"] == "matching"
    unknown = as_peer.post(
        reverse("peer-experience-list"), {"domain": "bestaat-niet", "visibility": "private"}
    )
    assert unknown.status_code == 400
    api_client.force_authenticate(world.a.users[Role.COORDINATOR])
    refused = api_client.patch(url, {"visibility": "private"}, format="json")
    assert refused.status_code == 403
    assert api_client.delete(url).status_code == 403
    as_peer.force_authenticate(world.a.users[Role.PEER_WORKER])
    assert as_peer.delete(url).status_code == 204
    assert not PeerExperience.objects.exists()


def test_growth_by_peer_worker_and_coordinator(world, api_client, as_peer, me):
    step = as_peer.post(
        reverse("ladder-step-list"), {"rung": 4, "date": "2025-02-01", "note": "Start"}, format="json"
    )
    assert step.status_code == 201 and step.json()["peer_worker"] == str(me.pk)
    future = as_peer.post(reverse("ladder-step-list"), {"rung": 4, "date": "2999-02-01"}, format="json")
    assert future.status_code == 400
    goal = as_peer.post(reverse("development-goal-list"), {"title": "Register"}, format="json").json()
    done = as_peer.patch(
        reverse("development-goal-detail", args=[goal["id"]]), {"status": "achieved"}, format="json"
    )
    assert done.json()["achieved_on"] == timezone.localdate().isoformat()
    api_client.force_authenticate(world.a.users[Role.COORDINATOR])
    by_coordinator = api_client.post(
        reverse("ladder-step-list"),
        {"peer_worker": str(me.pk), "rung": 5, "date": "2025-06-01"},
        format="json",
    )
    assert by_coordinator.status_code == 201
    listing = api_client.get(reverse("ladder-step-list"), {"peer_worker": str(me.pk)}).json()
    assert listing["count"] == 2
    foreign = make_peer(world.b)
    refused = api_client.post(
        reverse("ladder-step-list"),
        {"peer_worker": str(foreign.pk), "rung": 5, "date": "2025-06-01"},
        format="json",
    )
    assert refused.status_code == 404
    assert LadderStep.objects.count() == 2 and DevelopmentGoal.objects.count() == 1


def test_api_reads_are_audited(world, api_client, me):
    from ervaringswerk.audit.models import AuditAction, AuditEvent

    make_peer(world.a, experiences={"ggz": Visibility.MATCHING})
    api_client.force_authenticate(world.a.users[Role.COORDINATOR])
    api_client.get(reverse("peer-worker-detail", args=[me.pk]))
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, object_id=str(me.pk), channel="api").exists()


def _component(name):
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)["components"]["schemas"][name]


def _allows_blank(prop) -> bool:
    return any(
        option.get("$ref", "").endswith("/BlankEnum") or option.get("maxLength") == 0
        for option in prop.get("oneOf", [])
    )


def test_the_schema_allows_the_blank_and_absent_fields_a_peer_worker_answer_has(world, api_client):
    """Found by Schemathesis (issue 17): a profile without e-mail, employment form or education level
    answered "" where the schema allowed only an address or a choice, and an answer to anyone but the peer
    worker themself lacks gender and cultural_background, which the schema listed as required."""
    make_peer(world.a)
    api_client.force_authenticate(world.a.users[Role.COORDINATOR])
    answer = api_client.get(reverse("peer-worker-list")).json()["results"][0]
    schema = _component("PeerWorker")
    for name in ("email", "employment_form", "education_level"):
        assert answer[name] == ""
        assert _allows_blank(schema["properties"][name]), (name, schema["properties"][name])
    for name in ("gender", "cultural_background"):
        assert name not in answer
        assert name not in schema["required"]
