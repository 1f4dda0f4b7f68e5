"""An activity's programme through the API (issue 17): set on create and changed with PATCH, through the
services; only a programme of the caller's municipality that one of the organisers carries out or joins,
only by the organisers' staff. Facilitation hours are then booked on it when the attendance is recorded."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ervaringswerk.activities.models import Activity
from ervaringswerk.core.tenancy import Role
from ervaringswerk.core.tests.api_helpers import invalid_names as _names
from ervaringswerk.core.tests.api_helpers import problem as _problem
from ervaringswerk.hours.tests.factories import programme_for

pytestmark = pytest.mark.django_db


def _session(world, **extra):
    return {
        "title": "Leersessie herstel",
        "kind": "learning_session",
        "organisers": [str(world.a.organisations["pool"].pk)],
        "frequency": "once",
        "start_date": (timezone.localdate() + timedelta(days=3)).isoformat(),
        "start_time": "14:00",
        "duration_minutes": 90,
        **extra,
    }


def test_the_coordinator_sets_and_changes_the_programme(world, api_client):
    programme = programme_for(world.a, code="LEER")
    api_client.force_authenticate(world.a.users[Role.COORDINATOR])
    created = api_client.post(
        reverse("activity-list"), _session(world, programme=str(programme.pk)), format="json"
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["programme"] == str(programme.pk)
    assert Activity.objects.get(pk=body["id"]).programme == programme
    url = reverse("activity-detail", args=[body["id"]])
    cleared = api_client.patch(url, {"programme": None}, format="json")
    assert cleared.status_code == 200, cleared.content
    assert cleared.json()["programme"] is None and Activity.objects.get(pk=body["id"]).programme is None
    again = api_client.patch(url, {"programme": str(programme.pk), "title": "Leersessie"}, format="json")
    assert again.status_code == 200, again.content
    assert again.json()["programme"] == str(programme.pk) and again.json()["title"] == "Leersessie"
    assert api_client.get(url).json()["programme"] == str(programme.pk)


def test_another_municipalitys_programme_is_refused(world, api_client):
    foreign = programme_for(world.b, code="ANDER")
    own = programme_for(world.a, code="EIGEN")
    api_client.force_authenticate(world.a.users[Role.COORDINATOR])
    refused = api_client.post(
        reverse("activity-list"), _session(world, programme=str(foreign.pk)), format="json"
    )
    assert _names(_problem(refused, 400)) == ["programme"]
    assert not Activity.objects.exists()
    body = api_client.post(reverse("activity-list"), _session(world, programme=str(own.pk)), format="json")
    url = reverse("activity-detail", args=[body.json()["id"]])
    assert _names(_problem(api_client.patch(url, {"programme": str(foreign.pk)}, format="json"), 400)) == [
        "programme"
    ]
    assert Activity.objects.get().programme == own


def test_a_programme_none_of_the_organisers_takes_part_in_is_refused(world, api_client):
    # The team is partner in programme_for's programme; this one is the pool's alone.
    programme = programme_for(world.a, code="POOL")
    programme.partners.clear()
    api_client.force_authenticate(world.a.users[Role.PROFESSIONAL])
    data = _session(world, organisers=[str(world.a.organisations["team"].pk)], programme=str(programme.pk))
    assert _names(_problem(api_client.post(reverse("activity-list"), data, format="json"), 400)) == [
        "programme"
    ]
    assert not Activity.objects.exists()


def test_wrong_roles_cannot_set_the_programme(world, api_client):
    programme = programme_for(world.a, code="ROL")
    api_client.force_authenticate(world.a.users[Role.COORDINATOR])
    activity_id = api_client.post(reverse("activity-list"), _session(world), format="json").json()["id"]
    url = reverse("activity-detail", args=[activity_id])
    # A peer worker creates and changes nothing; the professional's team does not organise this one.
    for role in (Role.PEER_WORKER, Role.PROFESSIONAL, Role.POLICY_ADVISOR):
        api_client.force_authenticate(world.a.users[role])
        data = _session(world, programme=str(programme.pk))
        assert api_client.post(reverse("activity-list"), data, format="json").status_code in (400, 403)
        response = api_client.patch(url, {"programme": str(programme.pk)}, format="json")
        assert response.status_code in (403, 404), (role, response.content)
    assert Activity.objects.get().programme is None
    # Another municipality's coordinator does not find the activity at all.
    api_client.force_authenticate(world.b.users[Role.COORDINATOR])
    _problem(api_client.patch(url, {"programme": None}, format="json"), 404)
