"""Issue 18: hours dated before an assignment's start or after its end are not taken silently; the writer
confirms the date (page: a tick box that appears with the question; API: `outside_assignment_confirmed`)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from ervaringswerk.core.tenancy import Role
from ervaringswerk.deployment.tests.factories import make_assignment, make_request
from ervaringswerk.hours.models import TimeEntry
from ervaringswerk.hours.services import time_entry_create, time_entry_update

from .matrix_api import api_peer, api_programme

TODAY = timezone.localdate()


@pytest.fixture
def setup(world):
    t = world.a
    programme, peer = api_programme(t), api_peer(t)
    assignment = make_assignment(
        make_request(t), peer, programme=programme, start_date=TODAY - datetime.timedelta(days=10)
    )
    return t, peer, assignment


def test_service_refuses_a_date_before_the_start_until_confirmed(setup):
    _t, peer, assignment = setup
    before = TODAY - datetime.timedelta(days=20)
    with pytest.raises(ValidationError) as exc:
        time_entry_create(
            peer=peer, assignment=assignment, day=before, minutes=60, work_kind="direct_contact"
        )
    assert "vóór de start van deze inzet" in exc.value.message_dict["date"][0]
    assert not TimeEntry.objects.filter(peer=peer).exists()
    entry = time_entry_create(
        peer=peer,
        assignment=assignment,
        day=before,
        minutes=60,
        work_kind="direct_contact",
        outside_assignment_confirmed=True,
    )
    assert entry.date == before and entry.assignment == assignment
    # Inside the period nothing is asked; moving it out again is asked again.
    inside = time_entry_create(peer=peer, assignment=assignment, day=TODAY, minutes=30, work_kind="other")
    with pytest.raises(ValidationError, match="vóór de start"):
        time_entry_update(entry=inside, date=before)
    # A change that leaves the date and the assignment alone does not ask again.
    assert time_entry_update(entry=entry, minutes=45).minutes == 45


def test_service_refuses_a_date_after_the_end(setup):
    _t, peer, assignment = setup
    assignment.end_date = TODAY - datetime.timedelta(days=5)
    assignment.save(update_fields=["end_date"])
    with pytest.raises(ValidationError, match="na het einde van deze inzet"):
        time_entry_create(peer=peer, assignment=assignment, day=TODAY, minutes=60, work_kind="other")


def test_page_asks_and_keeps_what_was_typed_then_saves_when_ticked(setup, client_for):
    t, peer, assignment = setup
    client = client_for(t.users[Role.PEER_WORKER])
    before = TODAY - datetime.timedelta(days=20)
    data = {
        "date": before.isoformat(),
        "duration": "1:15",
        "work_kind": "direct_contact",
        "assignment": str(assignment.pk),
        "description": "Gesprek bij de bewoner thuis",
    }
    html = client.get(reverse("hours:my_hours")).content.decode()
    assert 'name="outside_assignment_ok"' not in html  # not asked before it matters
    html = client.post(reverse("hours:my_hours"), data).content.decode()
    assert "vóór de start van deze inzet" in html and 'name="outside_assignment_ok"' in html
    assert 'value="Gesprek bij de bewoner thuis"' in html and 'value="1:15"' in html
    assert not TimeEntry.objects.filter(peer=peer).exists()
    response = client.post(reverse("hours:my_hours"), {**data, "outside_assignment_ok": "on"})
    assert response.status_code == 302
    assert TimeEntry.objects.get(peer=peer).minutes == 75


def test_api_answers_400_on_date_and_takes_the_confirmation(setup, api_client):
    t, peer, assignment = setup
    api_client.force_authenticate(t.users[Role.PEER_WORKER])
    body = {
        "date": (TODAY - datetime.timedelta(days=20)).isoformat(),
        "minutes": 60,
        "work_kind": "direct_contact",
        "assignment": str(assignment.pk),
    }
    response = api_client.post("/api/v1/time-entries/", body, format="json")
    assert response.status_code == 400, response.content
    names = [p["name"] for p in response.json()["invalid_params"]]
    assert names == ["date"]
    response = api_client.post(
        "/api/v1/time-entries/", {**body, "outside_assignment_confirmed": True}, format="json"
    )
    assert response.status_code == 201, response.content
