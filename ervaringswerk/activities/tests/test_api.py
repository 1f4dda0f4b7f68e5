"""The API: scoped lists, writes through the services, problem+json on bad input, 404 across tenants."""

from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ervaringswerk.core.tenancy import Role

from .factories import group, own_peer, peer_for

pytestmark = pytest.mark.django_db


def test_create_activity_through_the_api(world, api_client):
    api_client.force_authenticate(world.a.users[Role.PROFESSIONAL])
    start = timezone.localdate() + timedelta(days=1)
    response = api_client.post(
        reverse("activity-list"),
        {
            "title": "Themabijeenkomst API",
            "kind": "theme_meeting",
            "organisers": [str(world.a.organisations["team"].pk)],
            "themes": ["eenzaamheid"],
            "neighbourhood": str(world.a.neighbourhoods[0].pk),
            "frequency": "monthly",
            "start_date": start.isoformat(),
            "end_date": (start + timedelta(days=100)).isoformat(),
            "start_time": "14:00",
            "duration_minutes": 120,
            "is_public": True,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["themes"] == ["eenzaamheid"] and body["kind"] == "theme_meeting"
    sessions = api_client.get(reverse("activity-session-list"), {"activity": body["id"]}).json()
    assert sessions["count"] >= 3


def test_api_refuses_foreign_ids_and_bad_input_with_problem_json(world, api_client):
    api_client.force_authenticate(world.a.users[Role.COORDINATOR])
    base = {
        "title": "X",
        "kind": "recovery_group",
        "organisers": [str(world.a.organisations["pool"].pk)],
        "start_date": "2026-03-03",
        "start_time": "19:00",
        "duration_minutes": 120,
    }
    foreign = dict(base, organisers=[str(world.b.organisations["pool"].pk)])
    response = api_client.post(reverse("activity-list"), foreign, format="json")
    assert response.status_code == 400 and response["Content-Type"].startswith("application/problem+json")
    response = api_client.post(reverse("activity-list"), dict(base, duration_minutes=5), format="json")
    assert response.status_code == 400
    assert response.json()["invalid_params"][0]["name"] == "duration_minutes"
    response = api_client.post(
        reverse("activity-list"), dict(base, kind="intervision", is_public=True), format="json"
    )
    assert response.status_code == 400 and response.json()["invalid_params"][0]["name"] == "is_public"
    # A peer worker may not create activities.
    api_client.force_authenticate(world.a.users[Role.PEER_WORKER])
    assert api_client.post(reverse("activity-list"), base, format="json").status_code == 403


def test_attendance_move_cancel_through_the_api(world, api_client):
    peer = own_peer(world)
    today = timezone.localdate()
    activity = group(
        world,
        peer_facilitators=[peer],
        start_date=today - timedelta(days=7),
        end_date=today + timedelta(days=30),
        today=today - timedelta(days=7),
        skip_holidays=False,
    )
    past, future = list(activity.sessions.order_by("starts_at"))[:2]
    api_client.force_authenticate(world.a.users[Role.PEER_WORKER])
    url = reverse("activity-session-attendance", args=[past.pk])
    response = api_client.post(
        url,
        {"new_participants": 3, "returning_participants": 2, "resident_codes": ["Jan Jansen"]},
        format="json",
    )
    assert response.status_code == 400  # a name is never a resident code
    assert response.json()["invalid_params"][0]["name"] == "resident_codes"
    response = api_client.post(
        url, {"new_participants": 3, "returning_participants": 2, "resident_codes": ["AB-12"]}, format="json"
    )
    assert response.status_code == 200 and response.json()["status"] == "held"
    assert response.json()["facilitators"] == [{"type": "peer_worker", "id": str(peer.pk)}]
    # The peer worker may not move or cancel; the organisers' coordinator may.
    assert (
        api_client.post(reverse("activity-session-cancel", args=[future.pk]), {"reason": "x"}).status_code
        == 403
    )
    api_client.force_authenticate(world.a.users[Role.COORDINATOR])
    moved = (future.starts_at + timedelta(days=1)).isoformat()
    response = api_client.post(reverse("activity-session-move", args=[future.pk]), {"starts_at": moved})
    assert response.status_code == 200 and response.json()["is_edited"] is True
    response = api_client.post(
        reverse("activity-session-cancel", args=[future.pk]), {"reason": "Ruimte bezet"}
    )
    assert response.json()["status"] == "cancelled"
    # Another municipality's coordinator sees nothing.
    api_client.force_authenticate(world.b.users[Role.COORDINATOR])
    assert api_client.get(reverse("activity-session-detail", args=[future.pk])).status_code == 404
    assert (
        api_client.post(reverse("activity-session-cancel", args=[future.pk]), {"reason": "x"}).status_code
        == 404
    )


def test_session_list_filters_and_rejects_naive_times(world, api_client):
    group(world)
    api_client.force_authenticate(world.a.users[Role.TEAM_LEAD])
    response = api_client.get(reverse("activity-session-list"), {"from": "2026-03-01T00:00:00"})
    assert response.status_code == 400
    response = api_client.get(
        reverse("activity-session-list"),
        {"from": "2026-03-01T00:00:00+01:00", "to": "2026-03-15T00:00:00+01:00"},
    )
    assert response.status_code == 200 and response.json()["count"] == 2
    assert api_client.get(reverse("activity-session-list"), {"activity": "nonsense"}).json()["count"] == 0


def test_roster_api_sign_up_and_withdraw(world, api_client):
    peer = own_peer(world, weekly_hours=20)
    other = peer_for(world, first="Collega")
    today = timezone.localdate()
    walk_in = group(
        world,
        title="Inloop",
        kind="walk_in",
        weekdays=[1, 3],
        start_date=today + timedelta(days=1),
        end_date=today + timedelta(days=14),
        start_time=time(10, 0),
        duration_minutes=180,
        hosts_needed=1,
        skip_holidays=False,
        today=today,
    )
    session = walk_in.sessions.order_by("starts_at").first()
    api_client.force_authenticate(world.a.users[Role.PEER_WORKER])
    slots = api_client.get(reverse("roster-slot-list")).json()["results"]
    assert slots[0]["open_places"] == 1 and slots[0]["hosts"] == []
    assert api_client.post(reverse("roster-slot-signup", args=[session.pk])).status_code == 201
    response = api_client.post(reverse("roster-slot-signup", args=[session.pk]))
    assert response.status_code == 400 and "al ingeroosterd" in response.json()["detail"] + str(
        response.json()
    )
    api_client.force_authenticate(world.a.users[Role.COORDINATOR])
    response = api_client.post(reverse("roster-slot-signup", args=[session.pk]), {"peer": str(other.pk)})
    assert response.status_code == 400  # full
    api_client.force_authenticate(world.a.users[Role.PEER_WORKER])
    assert api_client.post(reverse("roster-slot-withdraw", args=[session.pk])).status_code == 204
    assert not session.facilitators.filter(peer=peer).exists()


def test_the_schema_documents_the_roster_as_the_paged_list_it_answers(world, api_client):
    """Found by Schemathesis (issue 17): the document said a plain array, the answer is a page."""
    from drf_spectacular.generators import SchemaGenerator

    document = SchemaGenerator().get_schema(request=None, public=True)
    content = document["paths"]["/api/v1/roster-slots/"]["get"]["responses"]["200"]["content"]
    ref = content["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    page = document["components"]["schemas"][ref]
    assert set(page["required"]) >= {"count", "results"}
    assert page["properties"]["results"]["items"]["$ref"].endswith("/RosterSlot")
    api_client.force_authenticate(world.a.users[Role.COORDINATOR])
    assert set(api_client.get(reverse("roster-slot-list")).json()) == {"count", "next", "previous", "results"}


@pytest.mark.parametrize("weeks", ["0", "9", "-1", "drie", ""])
def test_roster_weeks_outside_one_to_eight_is_a_400_naming_it(world, api_client, weeks):
    """`?weeks=0` was read as 1 (and 99 as 8): a caller asking for what the API does not give is told."""
    api_client.force_authenticate(world.a.users[Role.PEER_WORKER])
    response = api_client.get(reverse("roster-slot-list"), {"weeks": weeks})
    assert response.status_code == 400 and response["Content-Type"].startswith("application/problem+json")
    assert [p["name"] for p in response.json()["invalid_params"]] == ["weeks"]
    assert api_client.get(reverse("roster-slot-list"), {"weeks": "8"}).status_code == 200
