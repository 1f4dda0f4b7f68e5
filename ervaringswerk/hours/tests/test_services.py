import datetime
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ervaringswerk.accounts.viewer import viewer_for
from ervaringswerk.core.tenancy import Role
from ervaringswerk.hours.models import EntryStatus, TimeEntry
from ervaringswerk.hours.services import (
    entry_warnings,
    period_lock,
    period_reopen,
    programme_burn,
    time_entry_approve,
    time_entry_correct,
    time_entry_create,
    time_entry_delete,
    time_entry_return,
    time_entry_update,
)

from .factories import peer_for, programme_for

D = datetime.date
MARCH_2 = D(2026, 3, 2)


@pytest.fixture
def setup(world):
    t = world.a
    return t, programme_for(t), peer_for(t), viewer_for(t.users[Role.COORDINATOR])


def write(peer, programme, day=MARCH_2, minutes=120, **kw):
    kw.setdefault("work_kind", "direct_contact")
    return time_entry_create(peer=peer, programme=programme, day=day, minutes=minutes, **kw)


def test_approval_flow_submit_return_resubmit_approve(setup):
    t, programme, peer, coordinator = setup
    entry = write(peer, programme, partner=t.organisations["team"])
    assert entry.status == EntryStatus.SUBMITTED and entry.partner == t.organisations["team"]
    with pytest.raises(ValidationError, match="waarom"):
        time_entry_return(entry=entry, comment=" ", actor=coordinator)
    returned = time_entry_return(entry=entry, comment="Was dit 90 minuten?", actor=coordinator)
    assert returned.status == EntryStatus.RETURNED and returned.review_comment == "Was dit 90 minuten?"
    with pytest.raises(ValidationError, match="al beoordeeld"):
        time_entry_approve(entry=returned, actor=coordinator)
    resubmitted = time_entry_update(entry=returned, minutes=90)
    assert (resubmitted.status, resubmitted.minutes) == (EntryStatus.SUBMITTED, 90)
    approved = time_entry_approve(entry=resubmitted, actor=coordinator)
    assert approved.status == EntryStatus.APPROVED and approved.reviewed_by == coordinator.user
    with pytest.raises(ValidationError, match="Goedgekeurde"):
        time_entry_update(entry=approved, minutes=30)
    with pytest.raises(ValidationError, match="Goedgekeurde"):
        time_entry_delete(entry=approved)


def test_the_same_submission_twice_makes_one_entry(setup):
    _t, programme, peer, _c = setup
    key = uuid.uuid4()
    first = write(peer, programme, submission_key=key)
    second = write(peer, programme, submission_key=str(key), minutes=999)
    assert second.pk == first.pk and second.was_duplicate and not first.was_duplicate
    assert TimeEntry.objects.filter(peer=peer).count() == 1
    assert TimeEntry.objects.get().minutes == 120
    third = write(peer, programme, submission_key=uuid.uuid4())
    assert third.pk != first.pk


def test_a_locked_month_refuses_every_change(setup):
    t, programme, peer, coordinator = setup
    march = write(peer, programme, day=D(2026, 3, 10))
    april = write(peer, programme, day=D(2026, 4, 1))
    with pytest.raises(ValidationError, match="wachten nog 1"):
        period_lock(organisation=t.organisations["pool"], month=D(2026, 3, 1), actor=coordinator)
    time_entry_approve(entry=march, actor=coordinator)
    period_lock(organisation=t.organisations["pool"], month=D(2026, 3, 1), actor=coordinator)
    with pytest.raises(ValidationError, match="afgesloten"):
        write(peer, programme, day=D(2026, 3, 11))
    with pytest.raises(ValidationError, match="afgesloten"):
        time_entry_correct(entry=march, reason="Typfout", minutes=60, actor=coordinator)
    with pytest.raises(ValidationError, match="afgesloten"):
        time_entry_update(entry=april, date=D(2026, 3, 31))  # moving into a closed month
    with pytest.raises(ValidationError, match="al afgesloten"):
        period_lock(organisation=t.organisations["pool"], month=D(2026, 3, 1), actor=coordinator)
    march.refresh_from_db()
    assert (march.minutes, march.status) == (120, EntryStatus.APPROVED)
    # Another organisation's lock does not close this one's month.
    assert write(peer, programme, day=D(2026, 4, 2)).pk


def test_correction_replaces_with_a_visible_trace(setup):
    _t, programme, peer, coordinator = setup
    entry = write(peer, programme)
    with pytest.raises(ValidationError, match="waarom"):
        time_entry_correct(entry=entry, reason="", minutes=60, actor=coordinator)
    fixed = time_entry_correct(entry=entry, reason="Was een uur", minutes=60, actor=coordinator)
    entry.refresh_from_db()
    assert entry.status == EntryStatus.REPLACED and entry.correction == fixed
    assert (fixed.status, fixed.minutes, fixed.corrects, fixed.correction_reason) == (
        EntryStatus.APPROVED,
        60,
        entry,
        "Was een uur",
    )
    counted = TimeEntry.objects.filter(peer=peer, status__in=["submitted", "approved"])
    assert sum(e.minutes for e in counted) == 60


def test_closed_or_exhausted_programme_stops_booking_unless_coordinator_overrides(setup):
    t, _p, peer, coordinator = setup
    small = programme_for(t, code="KLEIN", hours_total=Decimal(3))
    write(peer, small, minutes=150)
    with pytest.raises(ValidationError, match="budget"):
        write(peer, small, day=D(2026, 3, 3), minutes=60)
    peer_viewer = viewer_for(t.users[Role.PEER_WORKER])
    with pytest.raises(ValidationError, match="Alleen een coördinator"):
        write(peer, small, day=D(2026, 3, 3), minutes=60, override_reason="moet", actor=peer_viewer)
    entry = write(
        peer,
        small,
        day=D(2026, 3, 3),
        minutes=60,
        override_reason="Afgesproken met gemeente",
        actor=coordinator,
    )
    assert entry.override_reason == "Afgesproken met gemeente"
    with pytest.raises(ValidationError, match="buiten de looptijd"):
        write(peer, programme_for(t, code="LATER", start=D(2026, 6, 1)), day=D(2026, 3, 3))
    small.status = "closed"
    small.save()
    with pytest.raises(ValidationError, match="gesloten"):
        write(peer, small, day=D(2026, 3, 4), minutes=10)
    other_coordinator = viewer_for(world_b_coordinator(t))
    with pytest.raises(ValidationError, match="Alleen een coördinator"):
        write(peer, small, day=D(2026, 3, 4), minutes=10, override_reason="x", actor=other_coordinator)


def world_b_coordinator(t):
    # A coordinator of the same municipality's other organisation would do too; the team lead is not one.
    return t.users[Role.TEAM_LEAD]


def test_weekly_and_working_time_warnings(setup):
    t, programme, peer, _c = setup
    monday = D(2026, 3, 2)
    first = write(peer, programme, day=monday, minutes=10 * 60)
    assert first.warnings == []
    second = write(peer, programme, day=monday + datetime.timedelta(days=1), minutes=3 * 60)
    assert any("afgesproken 12" in w for w in second.warnings)  # 13 h > 12 h agreed
    long_day = write(peer, programme, day=monday + datetime.timedelta(days=2), minutes=13 * 60)
    assert any("12 uur op een dag" in w for w in long_day.warnings)
    volunteer = peer_for(
        t, name="Vrij", employment_form="volunteer", with_login=False, weekly_hours=Decimal(0)
    )
    free = write(volunteer, programme, day=monday, minutes=13 * 60)
    assert not any("Arbeidstijdenwet" in w for w in free.warnings)


def test_sixty_hours_a_week_and_48_on_average(setup):
    t, _programme, peer, _c = setup
    big = programme_for(t, code="GROOT", hours_total=Decimal(100000), hours_per_week=Decimal(1000))
    monday = D(2026, 6, 1)
    entry = None
    for day in range(6):
        entry = write(peer, big, day=monday + datetime.timedelta(days=day), minutes=11 * 60)
    assert any("60 uur per week" in w for w in entry.warnings)
    assert not any("48 uur" in w for w in entry.warnings)  # one heavy week is not a heavy average
    for week in range(1, 16):
        for day in range(5):
            write(
                peer,
                big,
                day=monday - datetime.timedelta(weeks=week) + datetime.timedelta(days=day),
                minutes=10 * 60,
            )
    warnings = entry_warnings(TimeEntry.objects.get(pk=entry.pk))
    assert any("48 uur" in w for w in warnings)


def test_budget_burn_ahead_of_plan_warns(setup, monkeypatch):
    t, _p, peer, _c = setup
    programme = programme_for(t, code="BURN", hours_total=Decimal(100), hours_per_week=Decimal(50))
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: D(2026, 3, 31))
    # 31 Mar: 90 of 365 days = 24.7 % planned. 30 h (30 %) is within tolerance, 40 h (40 %) is ahead.
    for day in (2, 3, 4):
        write(peer, programme, day=D(2026, 3, day), minutes=10 * 60)
    assert not programme_burn(programme)["ahead"]
    entry = write(peer, programme, day=D(2026, 3, 5), minutes=10 * 60)
    assert programme_burn(programme)["ahead"]
    assert any("loopt voor op plan" in w for w in entry.warnings)
    assert not any(
        "uur per week" in w and "Programma BURN" in w for w in entry.warnings
    )  # 40 h < 50 h a week
    over = write(peer, programme, day=D(2026, 3, 6), minutes=11 * 60)
    assert any("uur per week" in w and "Programma BURN" in w for w in over.warnings)


def test_partner_must_be_allowed_to_hire_and_tenant_must_match(setup, world):
    t, programme, peer, _c = setup
    with pytest.raises(ValidationError, match="geen partner"):
        write(peer, programme, partner=t.organisations["gemeente"])
    with pytest.raises(ValidationError, match="andere gemeente"):
        write(peer, programme_for(world.b, code="B"))
    with pytest.raises(ValidationError, match="toekomst"):
        write(peer, programme, day=timezone.localdate() + datetime.timedelta(days=2))
    with pytest.raises(ValidationError, match="24 uur"):
        write(peer, programme, minutes=0)
    write(peer, programme, minutes=20 * 60)
    with pytest.raises(ValidationError, match="maar 24"):
        write(peer, programme, minutes=5 * 60)
    assert TimeEntry.objects.count() == 1


def test_a_month_with_returned_hours_cannot_be_closed(setup):
    """A returned entry is the peer worker's to fix; closing its month would make that impossible."""
    t, programme, peer, coordinator = setup
    entry = write(peer, programme, day=D(2026, 3, 10))
    time_entry_return(entry=entry, comment="Klopt de datum?", actor=coordinator)
    with pytest.raises(ValidationError, match="1 urenregel.* teruggegeven"):
        period_lock(organisation=t.organisations["pool"], month=D(2026, 3, 1), actor=coordinator)
    time_entry_update(entry=entry, minutes=60)
    time_entry_approve(entry=TimeEntry.objects.get(pk=entry.pk), actor=coordinator)
    assert period_lock(organisation=t.organisations["pool"], month=D(2026, 3, 1), actor=coordinator).pk


def test_a_coordinator_reopens_a_month_with_a_reason_and_it_is_audited(setup):
    from ervaringswerk.audit.models import AuditEvent
    from ervaringswerk.hours.models import PeriodLock, PeriodReopening

    t, programme, peer, coordinator = setup
    entry = write(peer, programme, day=D(2026, 3, 10))
    time_entry_approve(entry=entry, actor=coordinator)
    pool = t.organisations["pool"]
    period_lock(organisation=pool, month=D(2026, 3, 1), actor=coordinator)
    with pytest.raises(ValidationError, match="reden"):
        period_reopen(organisation=pool, month=D(2026, 3, 1), reason="  ", actor=coordinator)
    assert PeriodLock.objects.filter(organisation=pool).exists()
    with pytest.raises(ValidationError, match="niet afgesloten"):
        period_reopen(organisation=pool, month=D(2026, 4, 1), reason="Vergissing", actor=coordinator)
    reopening = period_reopen(
        organisation=pool, month=D(2026, 3, 15), reason="Uren van een training ontbraken", actor=coordinator
    )
    assert (reopening.month, reopening.reopened_by) == (D(2026, 3, 1), coordinator.user)
    assert not PeriodLock.objects.filter(organisation=pool).exists()
    assert AuditEvent.objects.filter(object_id=str(reopening.pk), action="create").exists()
    # Writable again, and it can be closed again afterwards.
    later = write(peer, programme, day=D(2026, 3, 11))
    time_entry_approve(entry=later, actor=coordinator)
    period_lock(organisation=pool, month=D(2026, 3, 1), actor=coordinator)
    assert PeriodReopening.objects.filter(organisation=pool).count() == 1


def test_only_the_pools_coordinator_reopens(setup, world):
    t, programme, peer, coordinator = setup
    entry = write(peer, programme, day=D(2026, 3, 10))
    time_entry_approve(entry=entry, actor=coordinator)
    period_lock(organisation=t.organisations["pool"], month=D(2026, 3, 1), actor=coordinator)
    for role in (Role.PEER_WORKER, Role.PROFESSIONAL, Role.POLICY_ADVISOR):
        with pytest.raises(ValidationError, match="coördinator"):
            period_reopen(
                organisation=t.organisations["pool"],
                month=D(2026, 3, 1),
                reason="Waarom niet",
                actor=viewer_for(t.users[role]),
            )
    with pytest.raises(ValidationError, match="coördinator"):
        period_reopen(
            organisation=t.organisations["pool"],
            month=D(2026, 3, 1),
            reason="Andere gemeente",
            actor=viewer_for(world.b.users[Role.COORDINATOR]),
        )


def test_the_reopening_refusals_have_english(setup):
    from django.utils import translation

    t, _programme, _peer, coordinator = setup
    with translation.override("en"), pytest.raises(ValidationError, match="Give a reason"):
        period_reopen(organisation=t.organisations["pool"], month=D(2026, 3, 1), reason="", actor=coordinator)
