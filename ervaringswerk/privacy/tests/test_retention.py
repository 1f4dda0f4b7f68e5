"""Retention: per-municipality terms per data category, applied by `manage.py retention_run
[--dry-run]`, tested by moving the clock (`now=` / `--today`). Finding: no retention job existed."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from ervaringswerk.audit.models import AuditAction, AuditEvent
from ervaringswerk.core.tenancy import Role
from ervaringswerk.pool.models import CheckIn, PeerWorker
from ervaringswerk.pool.tests.factories import make_check_in, make_peer
from ervaringswerk.privacy.models import DEFAULT_TERMS, Erasure, RetentionPolicy
from ervaringswerk.privacy.retention import retention_run

D = datetime.date


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def _line(lines, municipality, category):
    return next(
        line for line in lines if line.municipality == municipality.slug and line.category == category
    )


def test_documented_defaults():
    assert DEFAULT_TERMS == {
        "check_ins_months": 12,
        "closed_trajectories_months": 24,
        "departed_peer_workers_months": 24,
        "audit_events_months": 60,
        "hours_months": 84,
    }


def test_check_ins_expire_per_municipality_term_when_the_clock_moves(world):
    peer_a = make_peer(world.a)
    peer_b = make_peer(world.b)
    make_check_in(peer_a, date=D(2026, 1, 10))
    make_check_in(peer_b, date=D(2026, 1, 10))
    RetentionPolicy.objects.create(municipality=world.b.municipality, check_ins_months=36)
    assert retention_run(now=_at(D(2026, 12, 1)))  # less than 12 months later: nothing goes
    assert CheckIn.objects.count() == 2
    lines = retention_run(now=_at(D(2027, 2, 1)))
    assert _line(lines, world.a.municipality, "check_ins").count == 1
    assert _line(lines, world.b.municipality, "check_ins").count == 0  # B keeps them 36 months
    assert not CheckIn.objects.filter(peer=peer_a).exists()
    assert CheckIn.objects.filter(peer=peer_b).exists()
    event = AuditEvent.objects.get(action=AuditAction.RETENTION, object_type="check_ins")
    assert event.details["count"] == 1 and event.municipality == world.a.municipality


def test_departed_peer_workers_are_erased_after_their_term(world):
    gone = make_peer(world.a, status="left", left_on=D(2026, 1, 31), first_name="Vertrokken")
    staying = make_peer(world.a, first_name="Blijft")
    retention_run(now=_at(D(2027, 12, 31)))
    assert PeerWorker.objects.get(pk=gone.pk).first_name == "Vertrokken"  # 23 months: not yet
    lines = retention_run(now=_at(D(2028, 2, 1)))
    assert _line(lines, world.a.municipality, "departed_peer_workers").count == 1
    assert PeerWorker.objects.get(pk=gone.pk).first_name != "Vertrokken"
    assert Erasure.objects.get(object_id=gone.pk).by_retention
    assert PeerWorker.objects.get(pk=staying.pk).first_name == "Blijft"


def test_closed_trajectories_are_erased_after_their_term(world):
    from ervaringswerk.outcomes.models import Trajectory
    from ervaringswerk.outcomes.tests.factories import make_trajectory

    closed = make_trajectory(world, first_contact=D(2025, 1, 6))
    Trajectory.objects.filter(pk=closed.pk).update(end_date=D(2025, 3, 1))
    open_one = make_trajectory(world, first_contact=D(2025, 1, 6), with_peer=False)
    retention_run(now=_at(D(2027, 4, 1)))
    assert Trajectory.objects.get(pk=closed.pk).code.startswith("GW-")
    assert Trajectory.objects.get(pk=open_one.pk).code == open_one.code


def test_hours_stay_seven_years_and_then_go(world):
    from ervaringswerk.hours.models import TimeEntry
    from ervaringswerk.hours.services import time_entry_approve, time_entry_create
    from ervaringswerk.hours.tests.factories import programme_for

    peer = make_peer(world.a)
    entry = time_entry_create(
        peer=peer,
        programme=programme_for(world.a),
        day=D(2026, 3, 2),
        minutes=60,
        work_kind="direct_contact",
    )
    time_entry_approve(entry=entry, actor=world.a.users[Role.COORDINATOR])
    with pytest.raises(ValidationError):
        RetentionPolicy(municipality=world.a.municipality, hours_months=12).full_clean()
    retention_run(now=_at(D(2033, 3, 1)))
    assert TimeEntry.objects.filter(pk=entry.pk).exists()
    retention_run(now=_at(D(2033, 3, 3)))
    assert not TimeEntry.objects.filter(pk=entry.pk).exists()


def test_audit_events_expire_by_the_real_clock_only(world):
    old = AuditEvent.objects.create(
        municipality=world.a.municipality,
        action=AuditAction.VIEW,
        timestamp=timezone.now() - datetime.timedelta(days=6 * 366),
    )
    recent = AuditEvent.objects.create(municipality=world.a.municipality, action=AuditAction.VIEW)
    # Moving the clock 30 years forward does not open recent events.
    retention_run(now=timezone.now() + datetime.timedelta(days=30 * 366))
    assert not AuditEvent.objects.filter(pk=old.pk).exists()
    assert AuditEvent.objects.filter(pk=recent.pk).exists()


def test_the_command_dry_run_prints_and_removes_nothing(world):
    peer = make_peer(world.a)
    make_check_in(peer, date=D(2026, 1, 10))
    out = io.StringIO()
    call_command("retention_run", "--dry-run", "--today", "2027-06-01", stdout=out)
    text = out.getvalue()
    assert "Proefdraai" in text
    assert (
        f"{world.a.municipality.slug}: check_ins (termijn 12 maanden, vóór 2026-06-01): 1 would delete"
        in text
    )
    assert CheckIn.objects.filter(peer=peer).exists()
    out = io.StringIO()
    call_command(
        "retention_run", "--today", "2027-06-01", "--gemeente", world.a.municipality.slug, stdout=out
    )
    assert "check_ins (termijn 12 maanden, vóór 2026-06-01): 1 deleted" in out.getvalue()
    assert world.b.municipality.slug not in out.getvalue()
    assert not CheckIn.objects.filter(peer=peer).exists()
