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

from ervaringswerk.accounts.models import Role
from ervaringswerk.accounts.viewer import viewer_for
from ervaringswerk.monitoring import selectors
from ervaringswerk.monitoring.filters import Filters
from ervaringswerk.monitoring.models import HoursMonthly
from ervaringswerk.monitoring.services import hours_rollup_refresh

from .test_peer_aggregates import _city

pytestmark = pytest.mark.skipif(selectors.time_entry_model() is None, reason="the hours app is not installed")

D = datetime.date
WHOLE_MONTHS = [Filters(D(2025, 1, 1), D(2025, 12, 31)), Filters(D(2024, 3, 1), D(2026, 10, 31))]
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
    HoursMonthly.objects.filter(municipality=municipality).update(minutes=0)
    hours_rollup_refresh(municipality_id=municipality.pk)
    assert kept == _snapshot(municipality)
    viewer = viewer_for(city.a.users[Role.POLICY_ADVISOR])
    for f in WHOLE_MONTHS:
        from_rollup, from_entries = _both_ways(viewer, f, monkeypatch)
        assert from_rollup == from_entries, f
