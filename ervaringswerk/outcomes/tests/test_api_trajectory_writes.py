"""Trajectories through the API (issue 17.1): create, change and close with the pages' services and rules;
attacked by other roles, another organisation and another municipality."""

import datetime
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from ervaringswerk.audit.models import AuditAction, AuditEvent
from ervaringswerk.core.tenancy import Role
from ervaringswerk.hours.tests.matrix_api import api_programme
from ervaringswerk.outcomes.models import Trajectory

from .factories import make_trajectory, peer_for

TODAY = timezone.localdate()
URL = reverse("trajectory-list")


def problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    return response.json()


def reasons(body) -> dict:
    return {p["name"]: p["reason"] for p in body.get("invalid_params", [])}


def as_user(api_client, user):
    api_client.force_authenticate(user)
    return api_client


def body(world, **extra):
    t = world.a
    return {
        "neighbourhood": str(t.neighbourhoods[0].pk),
        "age_band": "27-40",
        "peer_worker": str(peer_for(world).pk),
        "programme": str(api_programme(t).pk),
        "first_contact": (TODAY - datetime.timedelta(days=30)).isoformat(),
        "organisations_before": 3,
        **extra,
    }


def test_a_professional_creates_a_trajectory_for_their_organisation_audited(world, api_client):
    client = as_user(api_client, world.a.users[Role.PROFESSIONAL])
    response = client.post(URL, body(world), format="json")
    assert response.status_code == 201, response.content
    made = response.json()
    trajectory = Trajectory.objects.get(pk=made["id"])
    assert trajectory.organisation == world.a.organisations["team"] and trajectory.code == made["code"]
    assert made["programme"] == str(api_programme(world.a).pk) and made["end_date"] is None
    assert trajectory.professional == world.a.users[Role.PROFESSIONAL]
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(trajectory.pk)).exists()
    again = problem(client.post(URL, body(world, code=made["code"]), format="json"), 400)
    assert reasons(again)["code"] == "Deze code is al in gebruik."


def test_create_refuses_what_the_page_refuses(world, api_client):
    client = as_user(api_client, world.a.users[Role.TEAM_LEAD])
    future = (TODAY + datetime.timedelta(days=2)).isoformat()
    assert "first_contact" in reasons(
        problem(client.post(URL, body(world, first_contact=future), format="json"), 400)
    )
    assert "age_band" in reasons(problem(client.post(URL, body(world, age_band="40"), format="json"), 400))
    assert "naam" in reasons(problem(client.post(URL, body(world, naam="Jan"), format="json"), 400))
    assert "code" in reasons(problem(client.post(URL, body(world, code="Jan Jansen"), format="json"), 400))
    foreign = body(world, neighbourhood=str(world.b.neighbourhoods[0].pk))
    assert "neighbourhood" in reasons(problem(client.post(URL, foreign, format="json"), 400))
    b_programme = api_programme(world.b, code="BPROG")
    assert "programme" in reasons(
        problem(client.post(URL, body(world, programme=str(b_programme.pk)), format="json"), 400)
    )
    assert "peer_worker" in reasons(
        problem(client.post(URL, body(world, peer_worker=str(uuid.uuid4())), format="json"), 400)
    )
    assert not Trajectory.objects.exists()


@pytest.mark.parametrize(
    "role", [Role.PEER_WORKER, Role.COORDINATOR, Role.POLICY_ADVISOR, Role.ADMINISTRATOR]
)
def test_other_roles_cannot_create(world, api_client, role):
    problem(as_user(api_client, world.a.users[role]).post(URL, body(world), format="json"), 403)
    assert not Trajectory.objects.exists()


def test_change_and_close_as_the_edit_page_does(world, api_client):
    trajectory = make_trajectory(world, first_contact=TODAY - datetime.timedelta(days=60))
    detail = reverse("trajectory-detail", args=[trajectory.pk])
    close = reverse("trajectory-close", args=[trajectory.pk])
    client = as_user(api_client, world.a.users[Role.PROFESSIONAL])
    changed = client.patch(detail, {"organisations_during": 2, "age_band": "41-55"}, format="json")
    assert changed.status_code == 200 and changed.json()["age_band"] == "41-55"
    assert "code" in reasons(problem(client.patch(detail, {"code": "XX-12345"}, format="json"), 400))
    half = problem(client.patch(detail, {"end_date": TODAY.isoformat()}, format="json"), 400)
    assert reasons(half)["end_reason"] == "Kies een reden bij de einddatum."
    assert client.put(detail, {}, format="json").status_code == 405

    assert "end_reason" in reasons(
        problem(client.post(close, {"end_date": TODAY.isoformat()}, format="json"), 400)
    )
    early = {"end_date": (TODAY - datetime.timedelta(days=90)).isoformat(), "end_reason": "moved"}
    assert "end_date" in reasons(problem(client.post(close, early, format="json"), 400))
    closed = client.post(close, {"end_date": TODAY.isoformat(), "end_reason": "goals_reached"}, format="json")
    assert closed.status_code == 200, closed.content
    assert closed.json()["end_date"] == TODAY.isoformat() and closed.json()["end_reason"] == "goals_reached"
    problem(client.post(close, {"end_date": TODAY.isoformat(), "end_reason": "moved"}, format="json"), 409)
    trajectory.refresh_from_db()
    assert trajectory.end_reason == "goals_reached"
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE, object_id=str(trajectory.pk)).exists()


def test_the_involved_peer_worker_reads_but_cannot_change_others_get_404(world, api_client):
    trajectory = make_trajectory(world)
    detail = reverse("trajectory-detail", args=[trajectory.pk])
    close = reverse("trajectory-close", args=[trajectory.pk])
    closing = {"end_date": TODAY.isoformat(), "end_reason": "moved"}
    peer = as_user(api_client, world.a.users[Role.PEER_WORKER])
    assert peer.get(detail).status_code == 200
    problem(peer.patch(detail, {"age_band": "68+"}, format="json"), 403)
    problem(peer.post(close, closing, format="json"), 403)
    for other in (world.b.users[Role.PROFESSIONAL], world.b.users[Role.TEAM_LEAD]):
        problem(as_user(api_client, other).post(close, closing, format="json"), 404)
        problem(as_user(api_client, other).patch(detail, {"age_band": "68+"}, format="json"), 404)
    trajectory.refresh_from_db()
    assert trajectory.end_date is None and trajectory.age_band == "27-40"


def test_the_schema_documents_the_trajectory_writes(client, db):
    paths = client.get(reverse("api-schema"), {"format": "json"}).json()["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/trajectories/"])
    assert "patch" in paths["/api/v1/trajectories/{id}/"] and "put" not in paths["/api/v1/trajectories/{id}/"]
    assert set(paths["/api/v1/trajectories/{id}/close/"]) == {"post"}
