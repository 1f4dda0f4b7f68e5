"""The monthly hours rollup (HoursMonthly) gives exactly what the time entries themselves give.

The dashboard reads hours from the rollup when it answers a period exactly and from the entries
otherwise. These tests build a seeded random city, compare every hours table and the pool-vs-deployed
table read both ways (suppression on, so the same cells are hidden), then change entries in every way
the hours services do (status, date, peer worker, delete, a request's neighbourhood) and prove the
rollup kept by the signal receivers equals a full rebuild.
"""

import datetime
import random

import pytest

from ervaringswerk.accounts.viewer import viewer_for
from ervaringswerk.core.tenancy import Role
from ervaringswerk.monitoring import selectors
from ervaringswerk.monitoring.filters import Filters
from ervaringswerk.monitoring.models import MONTH_FIELDS, HoursMonthly, HoursYearly
from ervaringswerk.monitoring.services import hours_rollup_refresh

from .test_peer_aggregates import _city

D = datetime.date
WHOLE_MONTHS = [
    Filters(D(2025, 1, 1), D(2025, 12, 31)),
    Filters(D(2024, 3, 1), D(2026, 10, 31)),  # three calendar years: a peer worker can count in each
    Filters(D(2024, 11, 1), D(2025, 2, 28)),  # across a year boundary, part of each year's mask
    Filters(D(2025, 5, 1), D(2025, 7, 31)),  # inside one year
]
CUT_MONTHS = Filters(D(2025, 2, 14), D(2025, 9, 9))  # entries on both sides of both edges


@pytest.fixture
def city(world):
    rng = random.Random(11)
    _city(world, "a", rng, peers=30)
    _city(world, "b", rng, peers=6)
    return world


def _both_ways(viewer, f, monkeypatch):
    """(tables from the rollup, tables from the entries) for the hours and pool-vs-deployed selectors."""

    def read():
        tables = {t.key: t.rows for t in selectors.hours(viewer, f)}
        tables["pool_vs_deployed"] = selectors.pool_vs_deployed(viewer, f).rows
        return tables

    assert selectors.hours_rollup_usable(viewer, f)
    from_rollup = read()
    with monkeypatch.context() as patch:
        patch.setattr(selectors, "hours_rollup_usable", lambda viewer, f: False)
        from_entries = read()
    return from_rollup, from_entries


def _snapshot(municipality):
    return {
        (r.month, r.peer_id, r.dimension, r.key): r.minutes
        for r in HoursMonthly.objects.filter(municipality=municipality, minutes__gt=0)
    }


def _yearly_snapshot(municipality):
    return {
        (r.year, r.peer_id, r.dimension, r.key): (r.months, *(getattr(r, name) for name in MONTH_FIELDS))
        for r in HoursYearly.objects.filter(municipality=municipality, months__gt=0)
    }


def _yearly_from_monthly(municipality):
    """The yearly rollup as its definition gives it, folded by hand from the monthly rows."""
    expected = {}
    for (month, peer_id, dimension, key), minutes in _snapshot(municipality).items():
        row = expected.setdefault((month.year, peer_id, dimension, key), [0] * 13)
        row[0] += 2 ** (month.month - 1)
        row[month.month] = minutes
    return {key: tuple(row) for key, row in expected.items()}


def test_rollup_tables_equal_the_tables_from_the_entries(city, monkeypatch):
    viewer = viewer_for(city.a.users[Role.POLICY_ADVISOR])
    assert HoursMonthly.objects.filter(municipality=city.a.municipality).exists()
    for f in WHOLE_MONTHS:
        from_rollup, from_entries = _both_ways(viewer, f, monkeypatch)
        assert from_rollup == from_entries, f
        cells = [c for rows in from_rollup.values() for _label, row in rows for c in row]
        assert any(c.suppressed for c in cells) and any(not c.suppressed and c.value for c in cells)
    # a period that cuts months with entries on the far side is answered from the entries
    assert not selectors.hours_rollup_usable(viewer, CUT_MONTHS)


def test_rollup_follows_every_kind_of_change_and_equals_a_rebuild(city, monkeypatch):
    from ervaringswerk.deployment.models import DeploymentRequest
    from ervaringswerk.hours.models import TimeEntry

    municipality = city.a.municipality
    rng = random.Random(3)
    entries = list(TimeEntry.objects.filter(municipality=municipality).order_by("pk"))
    peers = sorted({e.peer_id for e in entries})
    for entry in rng.sample(entries, 40):
        change = rng.choice(["status", "date", "peer", "minutes", "delete"])
        if change == "status":
            entry.status = rng.choice(["submitted", "approved", "returned", "replaced"])
        elif change == "date":
            entry.date = entry.date + datetime.timedelta(days=rng.choice([-40, -3, 5, 33]))
        elif change == "peer":
            entry.peer_id = rng.choice(peers)
        elif change == "minutes":
            entry.minutes = rng.choice([15, 45, 300])
        if change == "delete":
            entry.delete()
        else:
            entry.save()
    moved = DeploymentRequest.objects.filter(
        municipality=municipality, assignments__time_entries__isnull=False
    )
    request = moved.distinct().first()
    assert request is not None, "the fixture must write hours on an assignment"
    request.neighbourhood = (
        city.a.neighbourhoods[1] if request.neighbourhood != city.a.neighbourhoods[1] else None
    )
    request.save()

    kept = _snapshot(municipality)
    kept_yearly = _yearly_snapshot(municipality)
    assert kept_yearly == _yearly_from_monthly(municipality)
    HoursMonthly.objects.filter(municipality=municipality).update(minutes=0)
    HoursYearly.objects.filter(municipality=municipality).delete()
    hours_rollup_refresh(municipality_id=municipality.pk)
    assert kept == _snapshot(municipality)
    assert kept_yearly == _yearly_snapshot(municipality)
    viewer = viewer_for(city.a.users[Role.POLICY_ADVISOR])
    for f in WHOLE_MONTHS:
        from_rollup, from_entries = _both_ways(viewer, f, monkeypatch)
        assert from_rollup == from_entries, f


def test_migration_fills_the_yearly_rollup_from_the_monthly_one(city):
    """Migration 0004 folds an existing monthly rollup; its rows equal the fold done by hand."""
    import importlib

    from django.apps import apps

    municipality = city.a.municipality
    expected = _yearly_from_monthly(municipality)
    assert expected and any(mask & (mask - 1) for mask, *_minutes in expected.values())  # several months
    HoursYearly.objects.all().delete()
    migration = importlib.import_module("ervaringswerk.monitoring.migrations.0004_hours_yearly")
    migration.fill_from_monthly(apps, None)
    assert _yearly_snapshot(municipality) == expected
