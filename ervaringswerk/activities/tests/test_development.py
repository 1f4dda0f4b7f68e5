"""Supervision and intervision: the overdue rule, the facade for matching, trainings on the growth path,
and e-mail reminders (idempotent)."""

from datetime import date, datetime, time, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from ervaringswerk.activities import services
from ervaringswerk.activities.models import ActivityKind, Frequency, ReminderLog
from ervaringswerk.activities.recurrence import AMSTERDAM
from ervaringswerk.activities.reminders import reminders_send
from ervaringswerk.activities.selectors import (
    development_status,
    intervision_overdue_peer_ids,
    peer_trainings,
    programme_lessons,
)
from ervaringswerk.core.tenancy import Role
from ervaringswerk.notifications.models import Notification, NotificationKind
from ervaringswerk.pool.models import PeerStatus, PeerWorker

from .factories import group, own_peer, peer_for, viewer

pytestmark = pytest.mark.django_db


def _backdate(peer, day):
    PeerWorker.objects.filter(pk=peer.pk).update(created_at=datetime.combine(day, time(9), tzinfo=AMSTERDAM))
    peer.refresh_from_db()


@pytest.fixture
def intervision(world):
    """Six-weekly intervision of A's pool from 8 Jan 2026; rhythm 42 days."""
    coordinator = viewer(world.a.users[Role.COORDINATOR])
    services.rhythm_set(
        viewer=coordinator,
        organisation=world.a.organisations["pool"],
        kind="intervision",
        max_interval_days=42,
    )
    activity = group(
        world,
        title="Intervisie",
        kind=ActivityKind.INTERVISION,
        organisers=[world.a.organisations["pool"]],
        interval=6,
        start_date=date(2026, 1, 8),
        end_date=date(2026, 6, 30),
        start_time=time(14, 0),
        today=date(2026, 1, 1),
    )
    return activity


def _hold(world, session, present):
    services.session_attendance_record(
        viewer=viewer(world.a.users[Role.COORDINATOR]),
        session=session,
        present_peer_ids=[p.pk for p in present],
        now=session.ends_at,
    )


def test_overdue_rule(world, intervision):
    regular, skipper, newcomer, never = (
        peer_for(world, first=n) for n in ("Regular", "Skipper", "New", "Never")
    )
    for peer in (regular, skipper, never):
        _backdate(peer, date(2025, 6, 1))
    PeerWorker.objects.filter(pk=newcomer.pk).update(joined_on=date(2026, 3, 20))  # profile made today
    sessions = list(intervision.sessions.order_by("starts_at"))  # 8 Jan, 19 Feb, 2 Apr, 14 May, 25 Jun
    _hold(world, sessions[0], [regular, skipper])
    _hold(world, sessions[1], [regular])
    _hold(world, sessions[2], [regular])
    # On 10 April: regular last 2 Apr (due 14 May); skipper last 8 Jan (due 19 Feb) -> overdue;
    # newcomer joined 20 Mar (due 1 May) -> not yet; never attended and joined long ago -> overdue.
    today = date(2026, 4, 10)
    overdue = intervision_overdue_peer_ids(municipality_id=world.a.municipality.pk, today=today)
    assert overdue == {skipper.pk, never.pk}
    # Joined the pool long ago but the profile was only just made: `joined_on` counts, so overdue.
    veteran = peer_for(world, first="Veteraan", joined_on=date(2025, 1, 1))
    assert veteran.pk in intervision_overdue_peer_ids(municipality_id=world.a.municipality.pk, today=today)
    rows = {s.peer.pk: s for s in development_status(municipality_id=world.a.municipality.pk, today=today)}
    assert rows[regular.pk].last_attended == date(2026, 4, 2) and rows[regular.pk].due == date(2026, 5, 14)
    assert rows[skipper.pk].due == date(2026, 2, 19)
    assert rows[newcomer.pk].due == date(2026, 5, 1) and not rows[newcomer.pk].is_overdue
    # 14 May 2026 is Ascension Day, so that intervision is cancelled: the next planned one is 25 June.
    assert rows[regular.pk].next_planned == date(2026, 6, 25)
    # The due day itself is not overdue; the day after is.
    assert skipper.pk not in intervision_overdue_peer_ids(
        municipality_id=world.a.municipality.pk, today=date(2026, 2, 19)
    )
    assert skipper.pk in intervision_overdue_peer_ids(
        municipality_id=world.a.municipality.pk, today=date(2026, 2, 20)
    )


def test_absent_or_cancelled_does_not_count_and_paused_peers_are_not_flagged(world, intervision):
    peer = peer_for(world, first="Afwezig")
    paused = peer_for(world, first="Pauze", status=PeerStatus.PAUSED)
    for p in (peer, paused):
        _backdate(p, date(2025, 6, 1))
    sessions = list(intervision.sessions.order_by("starts_at"))
    _hold(world, sessions[0], [])  # marked absent
    overdue = intervision_overdue_peer_ids(municipality_id=world.a.municipality.pk, today=date(2026, 1, 20))
    assert peer.pk in overdue and paused.pk not in overdue
    # Other municipalities are never mixed in; without a rhythm nobody is flagged.
    assert (
        intervision_overdue_peer_ids(municipality_id=world.b.municipality.pk, today=date(2026, 1, 20))
        == set()
    )


def test_peer_trainings_feed_the_growth_path(world):
    peer = own_peer(world)
    other = peer_for(world)
    training = group(
        world,
        title="Training Eigen verhaal",
        kind=ActivityKind.PEER_TRAINING,
        organisers=[world.a.organisations["pool"]],
        frequency=Frequency.CUSTOM,
        custom_dates=[date(2026, 3, 10), date(2026, 3, 17)],
        start_time=time(9, 30),
        duration_minutes=180,
    )
    first, second = training.sessions.order_by("starts_at")
    _hold(world, first, [peer, other])
    _hold(world, second, [other])
    rows = peer_trainings(peer_id=peer.pk)
    assert [(r["title"], r["date"], r["hours"]) for r in rows] == [
        ("Training Eigen verhaal", date(2026, 3, 10), 3.0)
    ]
    assert len(peer_trainings(peer_id=other.pk)) == 2


def test_programme_lessons_without_programmes_is_empty_not_an_error(world):
    assert (
        programme_lessons(
            viewer=viewer(world.a.users[Role.POLICY_ADVISOR]),
            programme_id="00000000-0000-0000-0000-000000000000",
            start=date(2026, 1, 1),
            end=date(2026, 12, 31),
        )
        == []
    )


def test_reminders_for_upcoming_sessions_are_sent_once(world, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    peer_user = world.a.users[Role.PEER_WORKER]
    peer_user.email = "piet@example.invalid"
    peer_user.save()
    professional = world.a.users[Role.PROFESSIONAL]
    professional.email = "prof@example.invalid"
    professional.save()
    peer = own_peer(world)
    activity = group(world, peer_facilitators=[peer], user_facilitators=[professional])
    first = activity.sessions.order_by("starts_at").first()
    now = first.starts_at - timedelta(hours=20)
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(now=now)["upcoming"] == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["piet@example.invalid", "prof@example.invalid"]
    assert "Herstelgroep Dinsdag" in mail.outbox[0].subject
    # both have a login: the reminder is a notification (in /meldingen/), not a second channel
    listed = Notification.objects.filter(kind=NotificationKind.SESSION_UPCOMING)
    assert sorted(n.recipient.username for n in listed) == sorted([peer_user.username, professional.username])
    assert not ReminderLog.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(now=now + timedelta(hours=1))["upcoming"] == 0
    assert len(mail.outbox) == 2
    # Moving the session announces it again.
    services.session_move(
        viewer=viewer(world.a.users[Role.COORDINATOR]),
        session=first,
        starts_at=first.starts_at + timedelta(hours=1),
    )
    assert reminders_send(now=now + timedelta(hours=2))["upcoming"] == 2
    # A cancelled session is not announced.
    services.session_cancel(viewer=viewer(world.a.users[Role.COORDINATOR]), session=first, reason="Ziek")
    assert reminders_send(now=now + timedelta(hours=3))["upcoming"] == 0


def test_overdue_intervision_reminders_are_sent_once_to_peer_and_coordinator(
    world, intervision, settings, django_capture_on_commit_callbacks
):
    """The peer worker without a login gets the e-mail (nothing to list it in); the coordinator gets a
    notification through notification_send: in /meldingen/, e-mailed once."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    coordinator = world.a.users[Role.COORDINATOR]
    coordinator.email = "coord@example.invalid"
    coordinator.save()
    late = peer_for(world, first="Laat", email="laat@example.invalid")
    _backdate(late, date(2025, 6, 1))
    now = datetime(2026, 1, 10, 8, 0, tzinfo=AMSTERDAM)
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(now=now)["overdue"] == 2
    assert {m.to[0] for m in mail.outbox} == {"laat@example.invalid", "coord@example.invalid"}
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(now=now + timedelta(days=1))["overdue"] == 0
    assert len(mail.outbox) == 2
    assert ReminderLog.objects.filter(kind="overdue").count() == 1  # the peer worker without a login
    listed = Notification.objects.get(kind=NotificationKind.INTERVISION_OVERDUE)
    assert listed.recipient == coordinator and listed.emailed_at is not None


def test_overdue_intervision_reminder_appears_in_meldingen_and_is_sent_once(
    world, intervision, settings, client_for, django_capture_on_commit_callbacks
):
    from ervaringswerk.notifications.events import notifications_send_due

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    peer_user = world.a.users[Role.PEER_WORKER]
    peer_user.email = "piet@example.invalid"
    peer_user.save()
    late = own_peer(world)
    _backdate(late, date(2025, 6, 1))
    now = datetime(2026, 1, 10, 8, 0, tzinfo=AMSTERDAM)
    with django_capture_on_commit_callbacks(execute=True):
        reminders_send(now=now)
        # the notifications' periodic job reports the same event: nothing new
        assert notifications_send_due(today=now.date())["intervision_overdue"] == 0
        reminders_send(now=now + timedelta(hours=5))
    to_piet = [m for m in mail.outbox if m.to == ["piet@example.invalid"]]
    assert len(to_piet) == 1 and "Tijd voor intervisie" in to_piet[0].subject
    assert Notification.objects.filter(recipient=peer_user).count() == 1
    page = client_for(peer_user).get(reverse("notifications:list")).content.decode()
    assert "Tijd voor intervisie" in page


def test_send_reminders_command_runs_and_is_idempotent(world, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_reminders")
    sent = len(mail.outbox)
    call_command("send_reminders")
    assert len(mail.outbox) == sent
