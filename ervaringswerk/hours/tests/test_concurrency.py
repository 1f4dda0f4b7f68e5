"""Limits on hours hold under parallel writes on PostgreSQL (regressions of issue 12).

Found: 4 parallel 13-hour entries stored 52 hours on one day; 4 parallel 100-minute entries on a 120-minute
budget stored 400 minutes. Each test runs two real transactions (two threads, two connections): the first
pauses inside its check while it holds the row lock; the test waits until PostgreSQL reports the second
backend waiting on a lock (`ervaringswerk.core.races`), then lets the first commit. Without the lock in
`hours.services._lock_limits` the second one does not wait and both are stored: these tests fail.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils import timezone

from ervaringswerk.core.races import race
from ervaringswerk.hours import services
from ervaringswerk.hours.models import COUNTING_STATUSES, TimeEntry

from .factories import peer_for, programme_for

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _today():
    return timezone.localdate()


def _programme(world, minutes_budget):
    today = _today()
    return programme_for(
        world.a,
        hours_total=Decimal(minutes_budget) / 60,
        start=today - datetime.timedelta(days=30),
        end=today + datetime.timedelta(days=30),
    )


def _stored(**filters) -> int:
    qs = TimeEntry.objects.filter(status__in=COUNTING_STATUSES, **filters)
    return qs.aggregate(total=Sum("minutes"))["total"] or 0


def test_two_parallel_13_hour_entries_cannot_make_a_26_hour_day(world, monkeypatch):
    peer = peer_for(world.a)
    day = _today()

    outcome = race(
        monkeypatch,
        module=services,
        pause_at="_check_day",
        first=lambda: services.time_entry_create(peer=peer, day=day, minutes=13 * 60),
        second=lambda: services.time_entry_create(peer=peer, day=day, minutes=13 * 60),
    )

    assert outcome.second_waited, "the second booking did not wait for the peer worker's row lock"
    assert isinstance(outcome.results["first"], TimeEntry)
    assert isinstance(outcome.results["second"], ValidationError)
    assert "een dag heeft er maar 24" in outcome.results["second"].messages[0]
    assert _stored(peer=peer, date=day) == 13 * 60


def test_a_parallel_edit_cannot_push_a_day_over_24_hours(world, monkeypatch):
    peer = peer_for(world.a)
    day = _today()
    small = services.time_entry_create(peer=peer, day=day, minutes=60)

    outcome = race(
        monkeypatch,
        module=services,
        pause_at="_check_day",
        first=lambda: services.time_entry_create(peer=peer, day=day, minutes=13 * 60),
        second=lambda: services.time_entry_update(entry=small, minutes=13 * 60),
    )

    assert outcome.second_waited
    assert isinstance(outcome.results["second"], ValidationError)
    assert _stored(peer=peer, date=day) == 14 * 60


def test_two_peer_workers_cannot_overspend_a_programme_budget_together(world, monkeypatch):
    programme = _programme(world, 120)
    one = peer_for(world.a, name="Een")
    two = peer_for(world.a, name="Twee", with_login=False)
    day = _today()

    outcome = race(
        monkeypatch,
        module=services,
        pause_at="_check_programme",
        first=lambda: services.time_entry_create(peer=one, day=day, minutes=100, programme=programme),
        second=lambda: services.time_entry_create(peer=two, day=day, minutes=100, programme=programme),
    )

    assert outcome.second_waited, "the second booking did not wait for the programme's row lock"
    assert isinstance(outcome.results["first"], TimeEntry)
    assert isinstance(outcome.results["second"], ValidationError)
    assert "urenbudget" in outcome.results["second"].messages[0]
    assert _stored(programme=programme) == 100


def test_the_same_submission_sent_twice_at_once_is_one_entry(world, monkeypatch):
    peer = peer_for(world.a)
    day = _today()
    key = "6f1d2a34-0000-4000-8000-000000000001"

    outcome = race(
        monkeypatch,
        module=services,
        pause_at="_check_day",
        first=lambda: services.time_entry_create(peer=peer, day=day, minutes=13 * 60, submission_key=key),
        second=lambda: services.time_entry_create(peer=peer, day=day, minutes=13 * 60, submission_key=key),
    )

    assert outcome.second_waited
    first, second = outcome.results["first"], outcome.results["second"]
    assert isinstance(second, TimeEntry) and second.was_duplicate and second.pk == first.pk
    assert TimeEntry.objects.filter(peer=peer).count() == 1
