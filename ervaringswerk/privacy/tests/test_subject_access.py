"""Right of access (GDPR art. 15/20): `/pool/mijn-profiel/download/` (JSON, PDF) and
`GET /api/v1/me/export/` hold all of a peer worker's data.

Finding: the export left out hours, statement lines, offers, assignments, sessions, trajectories and
who viewed the file."""

import io

import pytest
from django.urls import reverse

from ervaringswerk.audit.models import AuditAction, AuditEvent
from ervaringswerk.core.tenancy import Role
from ervaringswerk.pool.constants import Visibility
from ervaringswerk.pool.tests.factories import make_check_in, own_peer
from ervaringswerk.privacy.selectors import peer_linked_models


@pytest.fixture
def full_peer(world):
    """A peer worker with something in every part of the system."""
    from ervaringswerk.activities.models import PeerAttendance
    from ervaringswerk.activities.tests.factories import group
    from ervaringswerk.core.models import ExperienceDomain
    from ervaringswerk.deployment.tests.factories import make_assignment, make_request
    from ervaringswerk.pool.models import DevelopmentGoal, LadderStep, PeerExperience, Training

    peer = own_peer(world, phone="06-11112222")
    common = {"municipality": peer.municipality, "peer": peer}
    PeerExperience.objects.create(
        domain=ExperienceDomain.objects.get(municipality=peer.municipality, slug="ggz"),
        visibility=Visibility.PRIVATE,
        description="mijn eigen verhaal",
        **common,
    )
    LadderStep.objects.create(rung=3, date="2026-01-05", note="trede-notitie", **common)
    DevelopmentGoal.objects.create(title="doel-titel", **common)
    Training.objects.create(name="training-naam", **common)
    make_check_in(peer, note="check-in-notitie")
    request = make_request(world.a, title="verzoek-titel")
    make_assignment(request, peer, resident_code="TST-4242")
    activity = group(world, title="groep-titel", peer_facilitators=[peer])
    session = activity.sessions.first()
    PeerAttendance.objects.create(municipality=peer.municipality, session=session, peer=peer, present=True)
    return peer, world.a.users[Role.COORDINATOR]


def test_every_model_linked_to_a_peer_worker_is_a_section_of_the_export(world, full_peer, client_for):
    peer, _coordinator = full_peer
    data = client_for(world.a.users[Role.PEER_WORKER]).get(reverse("privacy:my_export")).json()
    for model, _fk in peer_linked_models():
        label = model._meta.label_lower
        pool_key = {
            "pool.peerexperience": "experiences",
            "pool.ladderstep": "ladder_steps",
            "pool.developmentgoal": "goals",
            "pool.training": "trainings",
            "pool.checkin": "check_ins",
        }.get(label, label)
        assert pool_key in data, f"{label} is missing from the subject export"
    for section in ("deployment.agreement", "activities.session", "who_viewed_my_file", "profile"):
        assert section in data


def test_the_export_holds_the_data_of_every_part(world, full_peer, client_for):
    peer, coordinator = full_peer
    client_for(coordinator).get(reverse("pool:detail", args=[peer.pk]))  # a view to show up in the log
    response = client_for(world.a.users[Role.PEER_WORKER]).get(reverse("privacy:my_export"))
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    data = response.json()
    text = response.content.decode()
    assert data["profile"]["phone"] == "06-11112222"
    for value in ("mijn eigen verhaal", "trede-notitie", "doel-titel", "training-naam", "check-in-notitie"):
        assert value in text
    assert data["deployment.assignment"][0]["resident_code"] == "TST-4242"
    assert data["activities.peerattendance"][0]["present"] is True
    assert data["activities.session"][0]["activity_label"] == "groep-titel"
    assert data["activities.activity"][0]["title"] == "groep-titel"  # facilitated (times serialise too)
    viewed = data["who_viewed_my_file"]
    assert any(row["organisation"] == world.a.organisations["pool"].name for row in viewed)
    assert all("coordinator." not in str(row) for row in viewed)  # role and organisation, not the name
    event = AuditEvent.objects.filter(action=AuditAction.EXPORT, object_id=str(peer.pk)).get()
    assert event.actor == world.a.users[Role.PEER_WORKER]


def test_hours_and_statement_lines_are_in_the_export(world, client_for):
    import datetime

    from ervaringswerk.hours.services import time_entry_create
    from ervaringswerk.hours.tests.factories import programme_for

    peer = own_peer(world)
    entry = time_entry_create(
        peer=peer,
        programme=programme_for(world.a),
        day=datetime.date(2026, 3, 2),
        minutes=135,
        work_kind="direct_contact",
        description="uren-omschrijving",
    )
    data = client_for(world.a.users[Role.PEER_WORKER]).get(reverse("privacy:my_export")).json()
    rows = {row["id"]: row for row in data["hours.timeentry"]}
    assert rows[str(entry.pk)]["minutes"] == 135
    assert rows[str(entry.pk)]["description"] == "uren-omschrijving"
    assert data["hours.hireoutline"] == []  # the section is there; none issued yet


def test_the_api_export_is_the_same_data(world, full_peer, api_client):
    api_client.force_authenticate(world.a.users[Role.PEER_WORKER])
    response = api_client.get(reverse("api-me-export"))
    assert response.status_code == 200
    data = response.json()
    assert data["check_ins"][0]["note"] == "check-in-notitie"
    assert "deployment.assignment" in data and "who_viewed_my_file" in data


def test_the_pdf_is_readable_and_holds_the_same_sections(world, full_peer, client_for):
    from pypdf import PdfReader

    response = client_for(world.a.users[Role.PEER_WORKER]).get(reverse("privacy:my_export_pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    for value in ("Mijn gegevens in Ervaringswerk", "check-in-notitie", "TST-4242", "who_viewed_my_file"):
        assert value in text, value


def test_nobody_else_can_download_a_peer_workers_export(world, full_peer, client_for, api_client):
    assert client_for(world.a.users[Role.COORDINATOR]).get(reverse("privacy:my_export")).status_code == 403
    api_client.force_authenticate(world.a.users[Role.COORDINATOR])
    assert api_client.get(reverse("api-me-export")).status_code == 403
