"""The rules of activities and sessions (services)."""

from datetime import UTC, date, datetime, time, timedelta
from unittest import mock

import pytest
from django.core.exceptions import ValidationError

from ervaringswerk.activities import services
from ervaringswerk.activities.models import (
    ActivityKind,
    Frequency,
    HoursStatus,
    MinuteKind,
    PeerAttendance,
    Session,
    SessionStatus,
)
from ervaringswerk.activities.recurrence import AMSTERDAM
from ervaringswerk.core.tenancy import Role

from .factories import group, own_peer, peer_for, viewer

pytestmark = pytest.mark.django_db


def local(session):
    return session.starts_at.astimezone(AMSTERDAM)


def test_weekly_group_generates_sessions_at_19_local_across_dst(world):
    activity = group(world, start_date=date(2026, 3, 17), end_date=date(2026, 4, 14))
    sessions = list(activity.sessions.order_by("starts_at"))
    assert [s.occurrence_date for s in sessions] == [date(2026, 3, 17) + timedelta(weeks=n) for n in range(5)]
    assert {local(s).strftime("%H:%M") for s in sessions} == {"19:00"}
    assert {s.starts_at.astimezone(UTC).hour for s in sessions} == {18, 17}  # winter, summer time


def test_holidays_are_cancelled_automatically_with_a_visible_reason(world):
    # Mondays from 30 March 2026: Easter Monday 6 April, King's Day 27 April, Whit Monday 25 May.
    activity = group(world, start_date=date(2026, 3, 30), end_date=date(2026, 5, 31))
    cancelled = {s.occurrence_date: s for s in activity.sessions.filter(status=SessionStatus.CANCELLED)}
    assert set(cancelled) == {date(2026, 4, 6), date(2026, 4, 27), date(2026, 5, 25)}
    assert cancelled[date(2026, 4, 6)].cancel_reason == "Feestdag: Tweede Paasdag"
    assert cancelled[date(2026, 5, 25)].holiday == "Tweede Pinksterdag"
    # King's Day (Monday 27 April 2026) too.
    assert activity.sessions.get(occurrence_date=date(2026, 4, 27)).cancel_reason == "Feestdag: Koningsdag"
    # Not skipping holidays is a choice per activity.
    other = group(world, title="Inloop ook op feestdagen", start_date=date(2026, 3, 30), skip_holidays=False)
    assert not other.sessions.filter(status=SessionStatus.CANCELLED).exists()


def test_regeneration_is_idempotent_and_keeps_edited_sessions(world):
    activity = group(world)
    count = activity.sessions.count()
    assert services.sessions_sync(activity=activity, today=date(2026, 3, 1))["created"] == 0
    assert activity.sessions.count() == count
    coordinator = viewer(world.a.users[Role.COORDINATOR])
    first = activity.sessions.order_by("starts_at").first()
    services.session_cancel(viewer=coordinator, session=first, reason="Ruimte niet beschikbaar")
    services.activity_update(
        viewer=coordinator, activity=activity, start_time=time(18, 30), today=date(2026, 3, 1)
    )
    first.refresh_from_db()
    assert first.status == SessionStatus.CANCELLED and first.cancel_reason == "Ruimte niet beschikbaar"
    others = activity.sessions.exclude(pk=first.pk).exclude(status=SessionStatus.CANCELLED)
    assert {local(s).strftime("%H:%M") for s in others} == {"18:30"}
    assert activity.sessions.count() == count


def test_facilitator_cannot_be_double_booked(world):
    peer = peer_for(world)
    group(world, peer_facilitators=[peer])
    with pytest.raises(ValidationError) as error:
        group(world, title="Themabijeenkomst", start_time=time(20, 0), peer_facilitators=[peer])
    assert "Dubbel boeken kan niet" in str(error.value)
    # Back to back is fine: 21:00 start after a 19:00–21:00 group.
    group(
        world,
        title="Late groep",
        start_time=time(21, 0),
        peer_facilitators=[peer],
        end_date=date(2026, 3, 31),
    )


def test_double_booking_checked_when_moving_and_restoring_a_session(world):
    coordinator = viewer(world.a.users[Role.COORDINATOR])
    professional = world.a.users[Role.PROFESSIONAL]
    tuesday = group(world, user_facilitators=[professional], end_date=date(2026, 3, 31))
    thursday = group(
        world,
        title="Donderdaggroep",
        start_date=date(2026, 3, 5),
        user_facilitators=[professional],
        end_date=date(2026, 3, 31),
    )
    session = thursday.sessions.order_by("starts_at").first()
    clash = tuesday.sessions.order_by("starts_at").first().starts_at + timedelta(minutes=30)
    with pytest.raises(ValidationError):
        services.session_move(viewer=coordinator, session=session, starts_at=clash)
    session.refresh_from_db()
    assert session.occurrence_date == date(2026, 3, 5) and local(session).day == 5  # rolled back
    # A cancelled session does not block; restoring it checks again.
    tue = tuesday.sessions.order_by("starts_at").first()
    services.session_cancel(viewer=coordinator, session=tue, reason="Ziek")
    services.session_move(viewer=coordinator, session=session, starts_at=clash)
    with pytest.raises(ValidationError):
        services.session_restore(viewer=coordinator, session=tue)


def test_move_and_cancel_one_session(world):
    coordinator = viewer(world.a.users[Role.COORDINATOR])
    activity = group(world)
    session = activity.sessions.order_by("starts_at").first()
    new = datetime(2026, 3, 4, 14, 0, tzinfo=AMSTERDAM)
    services.session_move(viewer=coordinator, session=session, starts_at=new, place="Buurthuis De Linde")
    session.refresh_from_db()
    assert local(session) == new and session.is_edited and session.sequence == 1
    assert session.effective_place == "Buurthuis De Linde"
    with pytest.raises(ValidationError):
        services.session_cancel(viewer=coordinator, session=session, reason="  ")
    # Someone outside the organisers may not change it.
    other = viewer(world.b.users[Role.COORDINATOR])
    with pytest.raises(ValidationError):
        services.session_cancel(viewer=other, session=session, reason="Nee")


def test_attendance_counts_codes_and_hours_recorded_once(world):
    peer_user = world.a.users[Role.PEER_WORKER]
    peer = own_peer(world)
    activity = group(world, peer_facilitators=[peer], extra_minutes=30)
    session = activity.sessions.order_by("starts_at").first()
    as_peer = viewer(peer_user)
    with pytest.raises(ValidationError):  # not yet begun
        services.session_attendance_record(
            viewer=as_peer, session=session, new_participants=2, now=session.starts_at - timedelta(hours=1)
        )
    after = session.starts_at + timedelta(hours=3)
    services.session_attendance_record(
        viewer=as_peer,
        session=session,
        new_participants=3,
        returning_participants=5,
        resident_codes=["hr-0012", "HR-0013"],
        now=after,
    )
    session.refresh_from_db()
    assert session.status == SessionStatus.HELD and session.total_participants == 8
    assert sorted(session.resident_codes.values_list("code", flat=True)) == ["HR-0012", "HR-0013"]
    facilitator = session.facilitators.get()
    assert facilitator.hours_status == HoursStatus.RECORDED and facilitator.booked_minutes == 150
    with pytest.raises(ValidationError):
        services.session_attendance_record(
            viewer=as_peer, session=session, new_participants=1, resident_codes=["Jan Jansen"], now=after
        )


def test_hours_are_booked_once_even_when_attendance_is_saved_again(world):
    peer = own_peer(world)
    activity = group(world, peer_facilitators=[peer])
    session = activity.sessions.order_by("starts_at").first()
    as_peer = viewer(world.a.users[Role.PEER_WORKER])
    booked = []

    class Entry:
        def __init__(self, n):
            self.pk = f"00000000-0000-0000-0000-00000000000{n}"

    def fake_book(*, facilitator, minutes, actor=None):
        booked.append(minutes)
        return Entry(len(booked))

    with mock.patch.object(services.hours_bridge, "book", side_effect=fake_book):
        for count in (4, 5):
            services.session_attendance_record(
                viewer=as_peer, session=session, new_participants=count, now=session.ends_at
            )
    assert booked == [120]
    assert session.facilitators.get().hours_status == HoursStatus.BOOKED


def test_peer_attendance_for_intervision(world):
    coordinator = viewer(world.a.users[Role.COORDINATOR])
    peers = [peer_for(world, first=f"P{i}") for i in range(3)]
    intervision = group(
        world,
        title="Intervisie",
        kind=ActivityKind.INTERVISION,
        organisers=[world.a.organisations["pool"]],
        interval=6,
        start_time=time(10, 0),
    )
    session = intervision.sessions.order_by("starts_at").first()
    services.session_attendance_record(
        viewer=coordinator, session=session, present_peer_ids=[peers[0].pk, peers[2].pk], now=session.ends_at
    )
    present = set(
        PeerAttendance.objects.filter(session=session, present=True).values_list("peer_id", flat=True)
    )
    assert present == {peers[0].pk, peers[2].pk}
    stranger = peer_for(world, tenant="b")
    with pytest.raises(ValidationError):
        services.session_attendance_record(
            viewer=coordinator, session=session, present_peer_ids=[stranger.pk], now=session.ends_at
        )


def test_public_only_for_group_kinds_and_facilitators_from_organisers(world):
    with pytest.raises(ValidationError):
        group(world, kind=ActivityKind.INTERVISION, is_public=True)
    stranger = peer_for(world, tenant="b")
    with pytest.raises(ValidationError):
        group(world, peer_facilitators=[stranger])
    with pytest.raises(ValidationError):  # the viewer's own organisation must organise
        group(world, organisers=[world.a.organisations["team"]])
    with pytest.raises(ValidationError):
        group(world, frequency=Frequency.CUSTOM, custom_dates=[])
    custom = group(world, frequency=Frequency.CUSTOM, custom_dates=[date(2026, 4, 2), date(2026, 4, 16)])
    assert [s.occurrence_date for s in custom.sessions.order_by("starts_at")] == [
        date(2026, 4, 2),
        date(2026, 4, 16),
    ]


def test_minutes_only_for_learning_sessions(world):
    coordinator = viewer(world.a.users[Role.COORDINATOR])
    recovery = group(world)
    with pytest.raises(ValidationError):
        services.minute_item_add(
            viewer=coordinator, session=recovery.sessions.first(), kind=MinuteKind.LESSON, text="x"
        )
    learning = group(
        world, title="Leerbijeenkomst", kind=ActivityKind.LEARNING_SESSION, frequency=Frequency.ONCE
    )
    item = services.minute_item_add(
        viewer=coordinator, session=learning.sessions.get(), kind=MinuteKind.LESSON, text="Begin klein."
    )
    assert item.text == "Begin klein."


def test_walk_in_host_signup_rules(world):
    peer = own_peer(world, weekly_hours=4)
    as_peer = viewer(world.a.users[Role.PEER_WORKER])
    today = datetime.now(tz=AMSTERDAM).date()
    monday = today + timedelta(days=7 - today.weekday())  # next week's Monday: a full week ahead
    walk_in = group(
        world,
        title="Inloop",
        kind=ActivityKind.WALK_IN,
        weekdays=[0, 2, 4],
        start_date=monday,
        end_date=monday + timedelta(days=20),
        start_time=time(10, 0),
        duration_minutes=180,
        hosts_needed=1,
        skip_holidays=False,
        today=today,
    )
    monday_slot, wednesday_slot, friday_slot = list(walk_in.sessions.order_by("starts_at"))[:3]
    first, second, third = monday_slot, wednesday_slot, friday_slot
    services.host_signup(viewer=as_peer, session=first, peer=peer)
    with pytest.raises(ValidationError):  # full
        services.host_signup(viewer=as_peer, session=first, peer=peer_for(world))
    week = [
        s
        for s in walk_in.sessions.order_by("starts_at")
        if s.starts_at.isocalendar()[1] == first.starts_at.isocalendar()[1]
    ]
    if len(week) > 1:
        with pytest.raises(ValidationError) as error:  # 3 h + 3 h > 4 h available that week
            services.host_signup(viewer=as_peer, session=week[1], peer=peer)
        assert "beschikbare uren" in str(error.value)
    # Someone else's profile cannot be signed up by a peer worker.
    other = peer_for(world, first="Ander")
    with pytest.raises(ValidationError):
        services.host_signup(viewer=as_peer, session=third, peer=other)
    services.host_signup(viewer=viewer(world.a.users[Role.COORDINATOR]), session=third, peer=other)
    services.host_withdraw(viewer=as_peer, session=first, peer=peer)
    assert not first.facilitators.exists()
    services.host_signup(viewer=as_peer, session=second, peer=peer)  # after withdrawing, the hours fit again


def test_rhythm_only_by_own_pool_coordinator(world):
    coordinator = viewer(world.a.users[Role.COORDINATOR])
    rhythm = services.rhythm_set(
        viewer=coordinator,
        organisation=world.a.organisations["pool"],
        kind="intervision",
        max_interval_days=42,
    )
    assert rhythm.max_interval_days == 42
    with pytest.raises(ValidationError):
        services.rhythm_set(
            viewer=coordinator,
            organisation=world.a.organisations["team"],
            kind="intervision",
            max_interval_days=42,
        )
    with pytest.raises(ValidationError):
        services.rhythm_set(
            viewer=coordinator,
            organisation=world.a.organisations["pool"],
            kind="intervision",
            max_interval_days=3,
        )
    assert (
        services.rhythm_set(
            viewer=coordinator,
            organisation=world.a.organisations["pool"],
            kind="intervision",
            max_interval_days=None,
        )
        is None
    )


def test_horizon_extend_creates_later_sessions_for_open_ended_activities(world):
    activity = group(world, end_date=None)
    last = activity.sessions.order_by("-occurrence_date").first().occurrence_date
    result = services.horizon_extend(today=date(2026, 4, 1))
    assert result["created"] >= 4
    assert activity.sessions.order_by("-occurrence_date").first().occurrence_date > last
    assert Session.objects.filter(activity=activity).count() == activity.sessions.count()


def test_walk_in_signup_respects_pool_availability_and_boundaries(world):
    today = datetime.now(tz=AMSTERDAM).date()
    monday = today + timedelta(days=7 - today.weekday())
    walk_in = group(
        world,
        title="Inloop",
        kind=ActivityKind.WALK_IN,
        weekdays=[0],
        start_date=monday,
        end_date=monday + timedelta(days=20),
        start_time=time(10, 0),
        duration_minutes=180,
        hosts_needed=3,
        skip_holidays=False,
        today=today,
    )
    slot = walk_in.sessions.order_by("starts_at").first()
    tuesdays_only = peer_for(world, first="Dinsdag", weekly_hours=10, available_days=["tue"])
    assert "niet beschikbaar" in services.host_check(peer=tuesdays_only, session=slot)
    paused = peer_for(
        world, first="Pauze", weekly_hours=10, pause_start=monday - timedelta(days=1), pause_end=monday
    )
    assert "pauze" in services.host_check(peer=paused, session=slot)
    no_walk_in = peer_for(world, first="Geen", weekly_hours=10, kinds=["individual_support"])
    assert "niet bij het werk" in services.host_check(peer=no_walk_in, session=slot)
    willing = peer_for(world, first="Wel", weekly_hours=10, available_days=["mon"], kinds=["walk_in_hosting"])
    assert services.host_check(peer=willing, session=slot) is None
    with pytest.raises(ValidationError):
        services.host_signup(viewer=viewer(world.a.users[Role.COORDINATOR]), session=slot, peer=tuesdays_only)
