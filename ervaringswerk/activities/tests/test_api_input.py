"""Issue 17, defects in the activities API: facilitator ids only for those who work with them, no
activity without a coming session, absurd moments refused."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ervaringswerk.activities.models import Activity
from ervaringswerk.core.tenancy import Role

from .factories import group, own_peer

pytestmark = pytest.mark.django_db


def test_the_policy_advisor_does_not_read_facilitator_ids(world, api_client):
    peer = own_peer(world)
    today = timezone.localdate()
    group(
        world,
        peer_facilitators=[peer],
        start_date=today,
        end_date=today + timedelta(days=30),
        today=today,
        skip_holidays=False,
    )
    api_client.force_authenticate(world.a.users[Role.POLICY_ADVISOR])
    sessions = api_client.get(reverse("activity-session-list")).json()["results"]
    assert sessions and all(s["facilitators"] == [] for s in sessions)
    detail = api_client.get(reverse("activity-session-detail", args=[sessions[0]["id"]])).json()
    assert detail["facilitators"] == []
    api_client.force_authenticate(world.a.users[Role.COORDINATOR])
    shown = api_client.get(reverse("activity-session-detail", args=[sessions[0]["id"]])).json()
    assert shown["facilitators"] == [{"type": "peer_worker", "id": str(peer.pk)}]


def _once(world, day):
    return {
        "title": "Leersessie",
        "kind": "theme_meeting",
        "organisers": [str(world.a.organisations["team"].pk)],
        "frequency": "once",
        "start_date": day.isoformat(),
        "start_time": "14:00",
        "duration_minutes": 90,
    }


def test_an_activity_held_yesterday_is_refused_not_stored_without_sessions(world, api_client):
    api_client.force_authenticate(world.a.users[Role.PROFESSIONAL])
    yesterday = timezone.localdate() - timedelta(days=1)
    response = api_client.post(reverse("activity-list"), _once(world, yesterday), format="json")
    assert response.status_code == 400, response.content
    assert [p["name"] for p in response.json()["invalid_params"]] == ["start_date"]
    assert not Activity.objects.exists()
    tomorrow = api_client.post(
        reverse("activity-list"), _once(world, yesterday + timedelta(days=2)), format="json"
    )
    assert tomorrow.status_code == 201, tomorrow.content
    assert Activity.objects.get().sessions.count() == 1


def test_moving_a_session_to_the_year_281_is_refused(world, api_client):
    today = timezone.localdate()
    activity = group(
        world,
        start_date=today + timedelta(days=1),
        end_date=today + timedelta(days=30),
        today=today,
        skip_holidays=False,
    )
    session = activity.sessions.order_by("starts_at").first()
    api_client.force_authenticate(world.a.users[Role.COORDINATOR])
    response = api_client.post(
        reverse("activity-session-move", args=[session.pk]),
        {"starts_at": "0281-09-08T09:59:56Z"},
        format="json",
    )
    assert response.status_code == 400, response.content
    assert [p["name"] for p in response.json()["invalid_params"]] == ["starts_at"]
    session.refresh_from_db()
    assert session.starts_at.year == session.occurrence_date.year
