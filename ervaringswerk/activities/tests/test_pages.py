"""Pages: create, edit, move/cancel, attendance, roster, intervision; bad input gives Dutch messages and keeps
what the user typed; other municipalities' ids answer 404."""

from datetime import date, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ervaringswerk.activities.models import Activity, SessionStatus
from ervaringswerk.core.tenancy import Role

from .factories import group, own_peer, peer_for

pytestmark = pytest.mark.django_db


def _form(world, **overrides):
    data = {
        "title": "Wekelijkse herstelgroep",
        "kind": "recovery_group",
        "description": "Voor iedereen.",
        "organisers": [str(world.a.organisations["pool"].pk)],
        "place": "Buurthuis",
        "frequency": "weekly",
        "interval": "1",
        "start_date": (timezone.localdate() + timedelta(days=1)).isoformat(),
        "end_date": (timezone.localdate() + timedelta(days=60)).isoformat(),
        "start_time": "19:00",
        "duration_minutes": "120",
        "extra_minutes": "30",
        "skip_holidays": "on",
        "hosts_needed": "0",
        "is_public": "on",
    }
    data.update(overrides)
    return data


def test_coordinator_creates_a_weekly_group(world, client_for):
    peer = peer_for(world)
    client = client_for(world.a.users[Role.COORDINATOR])
    response = client.post(reverse("activities:create"), _form(world, peer_facilitators=[str(peer.pk)]))
    activity = Activity.objects.get(title="Wekelijkse herstelgroep")
    assert response.status_code == 302 and response.url == reverse("activities:detail", args=[activity.pk])
    assert activity.sessions.count() >= 8
    assert set(activity.sessions.first().facilitators.values_list("peer_id", flat=True)) == {peer.pk}
    page = client.get(response.url).content.decode()
    assert "Wekelijkse herstelgroep" in page and str(peer) in page


def test_bad_input_keeps_what_was_typed_with_a_dutch_message(world, client_for):
    client = client_for(world.a.users[Role.COORDINATOR])
    response = client.post(
        reverse("activities:create"),
        _form(
            world,
            organisers=[str(world.a.organisations["team"].pk)],
            title="Mijn groep",
            duration_minutes="5",
        ),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="Mijn groep"' in page
    assert "Controleer de invoer" in page
    response = client.post(
        reverse("activities:create"), _form(world, organisers=[str(world.a.organisations["team"].pk)])
    )
    assert "Uw eigen organisatie moet een van de organisatoren zijn" in response.content.decode()
    response = client.post(
        reverse("activities:create"), _form(world, frequency="custom", custom_dates="31-02-2026")
    )
    assert "is geen datum" in response.content.decode()
    assert not Activity.objects.exists()


def test_double_booking_is_refused_on_the_page(world, client_for):
    peer = peer_for(world)
    client = client_for(world.a.users[Role.COORDINATOR])
    client.post(reverse("activities:create"), _form(world, peer_facilitators=[str(peer.pk)]))
    response = client.post(
        reverse("activities:create"),
        _form(world, title="Tweede groep", start_time="20:00", peer_facilitators=[str(peer.pk)]),
    )
    assert response.status_code == 200
    assert "Dubbel boeken kan niet" in response.content.decode()
    assert Activity.objects.count() == 1


def test_edit_keeps_co_organisers_facilitators(world, client_for):
    professional = world.a.users[Role.PROFESSIONAL]
    activity = group(world, user_facilitators=[professional], end_date=date(2026, 4, 30))
    client = client_for(world.a.users[Role.COORDINATOR])
    data = _form(
        world,
        title="Nieuwe titel",
        organisers=[str(world.a.organisations["pool"].pk), str(world.a.organisations["team"].pk)],
        start_date="2026-03-03",
        end_date="2026-04-30",
    )
    response = client.post(reverse("activities:edit", args=[activity.pk]), data)
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "Nieuwe titel"
    assert list(activity.user_facilitators.all()) == [professional]


def test_move_cancel_and_restore_a_session(world, client_for):
    activity = group(
        world, start_date=timezone.localdate() + timedelta(days=2), end_date=None, today=timezone.localdate()
    )
    session = activity.sessions.order_by("starts_at").first()
    client = client_for(world.a.users[Role.COORDINATOR])
    day = timezone.localdate() + timedelta(days=3)
    response = client.post(
        reverse("activities:session_move", args=[session.pk]),
        {"day": day.isoformat(), "start_time": "10:30", "duration_minutes": "90", "place": "Elders"},
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert timezone.localtime(session.starts_at).date() == day and session.place == "Elders"
    response = client.post(reverse("activities:session_cancel", args=[session.pk]), {"cancel-reason": ""})
    assert response.status_code == 400 and "Dit veld is vereist" in response.content.decode()
    client.post(reverse("activities:session_cancel", args=[session.pk]), {"cancel-reason": "Ziekte"})
    session.refresh_from_db()
    assert session.status == SessionStatus.CANCELLED and session.cancel_reason == "Ziekte"
    client.post(reverse("activities:session_restore", args=[session.pk]))
    session.refresh_from_db()
    assert session.status == SessionStatus.PLANNED


def test_facilitator_records_attendance(world, client_for):
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
    session = activity.sessions.order_by("starts_at").first()
    client = client_for(world.a.users[Role.PEER_WORKER])
    url = reverse("activities:session_attendance", args=[session.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"new_participants": "-1", "returning_participants": "4"})
    assert response.status_code == 200 and 'value="4"' in response.content.decode()
    response = client.post(
        url, {"new_participants": "2", "returning_participants": "4", "resident_codes": "AB-12, CD-34"}
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.status == SessionStatus.HELD and session.total_participants == 6
    # A peer worker who does not facilitate this session cannot record it.
    other_user = world.a.users[Role.PEER_WORKER]
    other = activity.sessions.order_by("starts_at")[1]
    other.facilitators.all().delete()
    assert (
        client_for(other_user).get(reverse("activities:session_attendance", args=[other.pk])).status_code
        == 404
    )


def test_roster_shows_gaps_and_lets_a_peer_sign_up(world, client_for):
    peer = own_peer(world, weekly_hours=20)
    today = timezone.localdate()
    walk_in = group(
        world,
        title="Inloop",
        kind="walk_in",
        weekdays=[0, 2, 4],
        start_date=today + timedelta(days=1),
        end_date=today + timedelta(days=14),
        start_time=time(10, 0),
        duration_minutes=180,
        hosts_needed=2,
        skip_holidays=False,
        today=today,
    )
    client = client_for(world.a.users[Role.PEER_WORKER])
    page = client.get(reverse("activities:roster")).content.decode()
    assert "ew-slot--open" in page and "2 plekken open" in page
    session = walk_in.sessions.order_by("starts_at").first()
    response = client.post(reverse("activities:roster_signup", args=[session.pk]))
    assert response.status_code == 302
    assert session.facilitators.filter(peer=peer).exists()
    coordinator = client_for(world.a.users[Role.COORDINATOR])
    page = coordinator.get(reverse("activities:roster")).content.decode()
    assert str(peer) in page and "1 plek open" in page
    # Another municipality's coordinator cannot touch it.
    other = client_for(world.b.users[Role.COORDINATOR])
    assert other.post(reverse("activities:roster_signup", args=[session.pk])).status_code == 404


def test_intervision_page_and_rhythm(world, client_for):
    client = client_for(world.a.users[Role.COORDINATOR])
    response = client.post(reverse("activities:rhythm"), {"kind": "intervision", "max_interval_days": "3"})
    assert response.status_code == 400 and "minstens 7" in response.content.decode()
    response = client.post(reverse("activities:rhythm"), {"kind": "intervision", "max_interval_days": "42"})
    assert response.status_code == 302
    peer_for(world, first="Nieuwe")
    page = client.get(reverse("activities:development")).content.decode()
    assert "minstens om de 42 dagen" in page and "Nieuwe" in page


def test_other_municipality_gets_404_on_every_object_page(world, client_for):
    activity = group(world)
    session = activity.sessions.first()
    client = client_for(world.b.users[Role.COORDINATOR])
    for url in (
        reverse("activities:detail", args=[activity.pk]),
        reverse("activities:edit", args=[activity.pk]),
        reverse("activities:session", args=[session.pk]),
        reverse("activities:session_move", args=[session.pk]),
        reverse("activities:session_attendance", args=[session.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(
            reverse("activities:session_cancel", args=[session.pk]), {"cancel-reason": "x"}
        ).status_code
        == 404
    )


def test_intervision_is_internal_to_the_pool(world, client_for):
    intervision = group(
        world, title="Geheime intervisie", kind="intervision", organisers=[world.a.organisations["pool"]]
    )
    professional = client_for(world.a.users[Role.PROFESSIONAL])
    assert "Geheime intervisie" not in professional.get(reverse("activities:list")).content.decode()
    assert professional.get(reverse("activities:detail", args=[intervision.pk])).status_code == 404
    peer = client_for(world.a.users[Role.PEER_WORKER])
    own_peer(world)
    assert peer.get(reverse("activities:detail", args=[intervision.pk])).status_code == 200


def test_my_work_panel_shows_next_sessions_and_intervision_status(world, client_for):
    peer = own_peer(world)
    today = timezone.localdate()
    group(
        world,
        title="Mijn groep",
        peer_facilitators=[peer],
        start_date=today + timedelta(days=1),
        end_date=today + timedelta(days=20),
        today=today,
    )
    page = client_for(world.a.users[Role.PEER_WORKER]).get(reverse("core:my_work")).content.decode()
    assert "Mijn bijeenkomsten" in page and "Mijn groep" in page
