"""Right to erasure (GDPR art. 17): `peer_worker_erase` (page `/pool/<id>/wissen/`, API
`POST /api/v1/peer-workers/{id}/erase/`) and `trajectory_erase`. Finding: no erasure existed."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ervaringswerk.accounts.models import User
from ervaringswerk.accounts.viewer import viewer_for
from ervaringswerk.audit.models import AuditAction, AuditEvent
from ervaringswerk.core.tenancy import Role
from ervaringswerk.pool.constants import Visibility
from ervaringswerk.pool.models import CheckIn, PeerExperience, PeerWorker
from ervaringswerk.pool.tests.factories import make_check_in, make_peer
from ervaringswerk.privacy.services import peer_worker_erase, trajectory_erase

NAME = ("Zelda", "Zeldzaamhuis")


@pytest.fixture
def peer(world):
    from ervaringswerk.hours.services import time_entry_create
    from ervaringswerk.hours.tests.factories import programme_for
    from ervaringswerk.pool.models import DevelopmentGoal

    login = User.objects.create_user(username="zelda.zeldzaamhuis", password="x" * 20)
    from ervaringswerk.accounts.services import membership_create

    membership_create(user=login, organisation=world.a.organisations["pool"], role=Role.PEER_WORKER)
    peer = make_peer(
        world.a,
        user=login,
        first_name=NAME[0],
        last_name=NAME[1],
        email="zelda@example.nl",
        phone="06-99998888",
        wishes_note="graag met vrouwen",
        experiences={"ggz": Visibility.PRIVATE},
    )
    make_check_in(peer, note="slecht geslapen")
    DevelopmentGoal.objects.create(municipality=peer.municipality, peer=peer, title="Doel over mijn herstel")
    entry = time_entry_create(
        peer=peer,
        programme=programme_for(world.a),
        day=datetime.date(2026, 3, 2),
        minutes=90,
        work_kind="direct_contact",
        description="gesprek over de buurtkamer",
    )
    from ervaringswerk.hours.services import time_entry_approve

    time_entry_approve(entry=entry, actor=world.a.users[Role.COORDINATOR])
    return peer


def _everything_stored_about(peer) -> str:
    from ervaringswerk.privacy.selectors import peer_linked_models

    parts = [str(PeerWorker.objects.filter(pk=peer.pk).values().first())]
    for model, fk in peer_linked_models():
        parts.extend(str(row) for row in model.objects.filter(**{fk: peer}).values())
    return " ".join(parts)


def test_erasure_pseudonymises_deletes_and_keeps_hours(world, peer):
    coordinator = viewer_for(world.a.users[Role.COORDINATOR])
    from ervaringswerk.hours.models import TimeEntry

    minutes_before = sum(TimeEntry.objects.filter(peer=peer).values_list("minutes", flat=True))
    erasure = peer_worker_erase(viewer=coordinator, peer=peer)
    stored = _everything_stored_about(peer)
    for secret in (*NAME, "zelda@example.nl", "06-99998888", "graag met vrouwen", "herstel", "buurtkamer"):
        assert secret not in stored, secret
    assert not PeerExperience.objects.filter(peer=peer).exists()
    assert not CheckIn.objects.filter(peer=peer).exists()
    assert not User.objects.filter(username="zelda.zeldzaamhuis").exists()
    kept = TimeEntry.objects.filter(peer=peer)
    assert kept.exists() and sum(kept.values_list("minutes", flat=True)) == minutes_before
    peer.refresh_from_db()
    assert peer.last_name == erasure.pseudonym and peer.status == "left"
    event = AuditEvent.objects.get(action=AuditAction.ERASE, object_id=str(peer.pk))
    assert event.actor == world.a.users[Role.COORDINATOR]
    # No event anywhere names the person: not about the profile, not about the deleted login.
    texts = " ".join(str(e.__dict__) for e in AuditEvent.objects.all())
    assert NAME[1] not in texts and "zelda" not in texts.lower()


def test_erasure_is_refused_while_hours_are_unprocessed(world):
    from ervaringswerk.hours.services import time_entry_create
    from ervaringswerk.hours.tests.factories import programme_for

    peer = make_peer(world.a)
    time_entry_create(
        peer=peer,
        programme=programme_for(world.a),
        day=datetime.date(2026, 3, 2),
        minutes=60,
        work_kind="direct_contact",
    )
    with pytest.raises(ValidationError, match="fiscale bewaarplicht"):
        peer_worker_erase(viewer=viewer_for(world.a.users[Role.COORDINATOR]), peer=peer)
    assert PeerWorker.objects.get(pk=peer.pk).first_name == peer.first_name


def test_erasure_is_refused_during_an_active_assignment(world):
    from ervaringswerk.deployment.tests.factories import make_assignment, make_request

    peer = make_peer(world.a)
    make_assignment(make_request(world.a), peer)
    with pytest.raises(ValidationError, match="inzet"):
        peer_worker_erase(viewer=viewer_for(world.a.users[Role.ADMINISTRATOR]), peer=peer)


def test_the_erase_page_asks_for_confirmation_then_erases(world, peer, client_for):
    client = client_for(world.a.users[Role.COORDINATOR])
    url = reverse("privacy:peer_erase", args=[peer.pk])
    page = client.get(url).content.decode()
    assert "Definitief wissen" in page and "7 jaar" in page
    unconfirmed = client.post(url, {})
    assert unconfirmed.status_code == 200
    assert PeerWorker.objects.get(pk=peer.pk).last_name == NAME[1]
    assert client.post(url, {"bevestig": "ja"}).status_code == 302
    assert PeerWorker.objects.get(pk=peer.pk).last_name != NAME[1]


def test_the_erase_page_shows_the_dutch_refusal(world, client_for):
    from ervaringswerk.deployment.tests.factories import make_assignment, make_request

    peer = make_peer(world.a)
    make_assignment(make_request(world.a), peer)
    response = client_for(world.a.users[Role.COORDINATOR]).post(
        reverse("privacy:peer_erase", args=[peer.pk]), {"bevestig": "ja"}
    )
    assert response.status_code == 200
    assert "Wissen kan nu niet." in response.content.decode()
    assert PeerWorker.objects.get(pk=peer.pk).first_name == peer.first_name


def test_the_api_erases_or_answers_409_problem_json(world, peer, api_client):
    from ervaringswerk.deployment.tests.factories import make_assignment, make_request

    api_client.force_authenticate(world.a.users[Role.ADMINISTRATOR])
    busy = make_peer(world.a)
    make_assignment(make_request(world.a), busy)
    refused = api_client.post(reverse("peer-worker-erase", args=[busy.pk]))
    assert refused.status_code == 409 and refused["Content-Type"] == "application/problem+json"
    assert "inzet" in refused.json()["detail"]
    done = api_client.post(reverse("peer-worker-erase", args=[peer.pk]))
    assert done.status_code == 200 and done.json()["pseudonym"].startswith("EW-")
    again = api_client.post(reverse("peer-worker-erase", args=[peer.pk]))
    assert again.status_code == 409 and "al gewist" in again.json()["detail"]


def test_only_the_pools_coordinator_or_the_administrator_may_erase(world, peer, api_client):
    for role in (Role.PROFESSIONAL, Role.TEAM_LEAD, Role.POLICY_ADVISOR, Role.PEER_WORKER):
        api_client.force_authenticate(world.a.users[role])
        assert api_client.post(reverse("peer-worker-erase", args=[peer.pk])).status_code == 403
    api_client.force_authenticate(world.b.users[Role.COORDINATOR])
    assert api_client.post(reverse("peer-worker-erase", args=[peer.pk])).status_code == 404
    api_client.force_authenticate(world.platform_admin)
    assert api_client.post(reverse("peer-worker-erase", args=[peer.pk])).status_code == 403
    assert PeerWorker.objects.get(pk=peer.pk).last_name == NAME[1]


def test_trajectory_erase_removes_measurements_and_links(world):
    from ervaringswerk.outcomes.models import Measurement, Trajectory
    from ervaringswerk.outcomes.tests.factories import make_trajectory, measure

    trajectory = make_trajectory(world, first_contact=datetime.date(2025, 1, 6))
    measure(world, trajectory, "intake", datetime.date(2025, 1, 6), {("zrm", "financien"): 2})
    admin = viewer_for(world.a.users[Role.ADMINISTRATOR])
    with pytest.raises(ValidationError, match="lopend traject"):
        trajectory_erase(viewer=admin, trajectory=trajectory)
    Trajectory.objects.filter(pk=trajectory.pk).update(end_date=datetime.date(2025, 6, 1))
    trajectory.refresh_from_db()
    old_code = trajectory.code
    erasure = trajectory_erase(viewer=admin, trajectory=trajectory)
    trajectory.refresh_from_db()
    assert trajectory.code == erasure.pseudonym != old_code
    assert trajectory.peer_worker_id is None and trajectory.professional_id is None
    assert not Measurement.objects.filter(trajectory=trajectory).exists()
    assert AuditEvent.objects.filter(action=AuditAction.ERASE, object_id=str(trajectory.pk)).exists()
    assert old_code not in " ".join(
        str(e.__dict__) for e in AuditEvent.objects.filter(action=AuditAction.ERASE)
    )
