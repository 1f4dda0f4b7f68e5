"""The set-based peer-worker aggregates (pool vs deployed, waiting time) against a direct computation.

A seeded random city (peer workers with and without join/leave dates, assignments that are cancelled,
open-ended, without a start date, in other neighbourhoods; time entries in every status) is read back
as plain rows and counted in Python the way the definitions in docs/monitoring-and-evaluation.md say.
The dashboard's queries must give the same numbers for several periods (edges inside a month, a
neighbourhood), with suppression switched off, and the same cells with suppression on.
"""

import datetime
import random
import statistics

import pytest
from django.utils import timezone

from ervaringswerk.accounts.viewer import viewer_for
from ervaringswerk.core.tenancy import Role
from ervaringswerk.hours.models import TimeEntry
from ervaringswerk.monitoring.filters import Filters
from ervaringswerk.monitoring.selectors import pool_vs_deployed, waiting_time
from ervaringswerk.monitoring.suppression import Figure, protect

D = datetime.date
PERIODS = [
    (D(2025, 1, 1), D(2025, 12, 31)),
    (D(2025, 3, 17), D(2026, 2, 9)),  # edges inside a month
    (D(2024, 6, 1), D(2026, 11, 30)),
]


def _aware(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _city(world, tenant: str, rng: random.Random, peers: int = 24):
    from ervaringswerk.deployment.models import Assignment, DeploymentRequest
    from ervaringswerk.pool.models import PeerWorker
    from ervaringswerk.pool.services import peer_worker_create

    t = getattr(world, tenant)
    pool, team = t.organisations["pool"], t.organisations["team"]
    first = D(2024, 1, 1)

    def day(spread=1000):
        return first + datetime.timedelta(days=rng.randrange(spread))

    made = []
    for i in range(peers):
        peer = peer_worker_create(organisation=pool, first_name=f"R{i}", last_name="Referentie")
        joined = day(700) if rng.random() < 0.8 else None
        status = rng.choice(["active", "active", "paused", "left"])
        left = (
            (joined or first) + datetime.timedelta(days=rng.randrange(30, 500)) if status == "left" else None
        )
        if status == "left" and rng.random() < 0.3:
            left = None  # left without a date: the record's creation date counts
        PeerWorker.objects.filter(pk=peer.pk).update(
            joined_on=joined, left_on=left, status=status, created_at=_aware(day(), 9)
        )
        made.append(peer)
    kinds = ["individual_support", "consultation", "group_activity", "training"]
    for r in range(30):
        request = DeploymentRequest.objects.create(
            municipality=t.municipality,
            organisation=team,
            kind=rng.choice(kinds),
            title=f"V{r}",
            neighbourhood=rng.choice([*t.neighbourhoods, None]),
        )
        asked = _aware(day(), rng.randrange(8, 18), rng.randrange(60))
        DeploymentRequest.objects.filter(pk=request.pk).update(created_at=asked)
        for _ in range(rng.randrange(0, 4)):
            start = asked.date() + datetime.timedelta(days=rng.randrange(0, 60))
            a = Assignment.objects.create(
                municipality=t.municipality,
                request=request,
                peer=rng.choice(made),
                hours_per_week=2,
                status=rng.choice(["matched", "active", "ended", "cancelled"]),
                start_date=start if rng.random() < 0.8 else None,
                end_date=start + datetime.timedelta(days=rng.randrange(10, 300))
                if rng.random() < 0.6
                else None,
            )
            matched = asked + datetime.timedelta(days=rng.randrange(0, 50), minutes=rng.randrange(1, 600))
            Assignment.objects.filter(pk=a.pk).update(created_at=matched)
    if TimeEntry is not None:
        from ervaringswerk.hours.models import EntryStatus
        from ervaringswerk.organisations.models import Programme

        programmes = [
            Programme.objects.create(
                municipality=t.municipality,
                name=f"Programma {tenant}{i}",
                code=f"p-{tenant}{i}",
                funder=t.organisations["gemeente"],
                contractor=pool,
                start_date=first,
                end_date=D(2026, 12, 31),
                hours_per_week=8,
                hours_total=1200,
            )
            for i in range(2)
        ]
        own = list(Assignment.objects.filter(municipality=t.municipality))
        for _ in range(160):
            assignment = rng.choice(own) if own and rng.random() < 0.6 else None
            TimeEntry.objects.create(
                municipality=t.municipality,
                peer=assignment.peer if assignment else rng.choice(made),
                organisation=pool,
                programme=rng.choice([*programmes, None]),
                partner=team if rng.random() < 0.4 else None,
                assignment=assignment,
                date=day(),
                minutes=rng.choice([30, 60, 120]),
                work_kind=rng.choice(["direct_contact", "group", "consultation"]),
                status=rng.choice(EntryStatus.values),
            )


@pytest.fixture
def city(world):
    rng = random.Random(7)
    _city(world, "a", rng)
    _city(world, "b", rng, peers=6)  # another municipality's rows must never count
    return world


def _local_day(stamp: datetime.datetime) -> datetime.date:
    return timezone.localdate(stamp)


def _reference_pool(municipality, f: Filters) -> list[list]:
    """The definition, counted row by row: [in pool, deployed, share] per month of the period."""
    from ervaringswerk.deployment.models import Assignment
    from ervaringswerk.pool.models import PeerWorker

    peers = list(PeerWorker.objects.filter(municipality=municipality))
    assignments = list(
        Assignment.objects.filter(municipality=municipality)
        .exclude(status="cancelled")
        .select_related("request")
    )
    entries = []
    if TimeEntry is not None:
        from ervaringswerk.hours.models import COUNTING_STATUSES

        entries = list(
            TimeEntry.objects.filter(municipality=municipality, status__in=COUNTING_STATUSES).select_related(
                "assignment__request"
            )
        )
    rows = []
    for first, last in f.months():
        in_pool = 0
        for p in peers:
            joined = p.joined_on or _local_day(p.created_at)
            left = p.left_on or (_local_day(p.created_at) if p.status == "left" else None)
            in_pool += joined <= last and (left is None or left >= first)
        deployed = {
            a.peer_id
            for a in assignments
            if (a.start_date or _local_day(a.created_at)) <= last
            and (a.end_date is None or a.end_date >= first)
            and (f.neighbourhood_id is None or a.request.neighbourhood_id == f.neighbourhood_id)
        }
        deployed |= {
            e.peer_id
            for e in entries
            if first <= e.date <= last
            and (
                f.neighbourhood_id is None
                or (e.assignment is not None and e.assignment.request.neighbourhood_id == f.neighbourhood_id)
            )
        }
        share = round(100 * len(deployed) / in_pool, 1) if in_pool else None
        rows.append([in_pool, len(deployed), share])
    return rows


def _reference_waiting(municipality, f: Filters) -> dict:
    """Per kind (None: all): [matched requests, median days, mean days, distinct peers]."""
    from ervaringswerk.deployment.models import Assignment

    assignments = [
        a
        for a in Assignment.objects.filter(municipality=municipality).select_related("request")
        if f.start <= _local_day(a.created_at) <= f.end
        and (f.neighbourhood_id is None or a.request.neighbourhood_id == f.neighbourhood_id)
    ]
    first_wait, kind_of, peers = {}, {}, {}
    for a in assignments:
        days = (a.created_at - a.request.created_at).total_seconds() / 86400
        first_wait[a.request_id] = min(days, first_wait.get(a.request_id, days))
        kind_of[a.request_id] = a.request.kind
        peers.setdefault(a.request.kind, set()).add(a.peer_id)
        peers.setdefault(None, set()).add(a.peer_id)
    result = {}
    for kind in {*kind_of.values(), None}:
        waits = [w for r, w in first_wait.items() if kind is None or kind_of[r] == kind]
        result[kind] = [
            len(waits),
            round(statistics.median(waits), 1) if waits else None,
            round(statistics.mean(waits), 1) if waits else None,
            len(peers.get(kind, ())),
        ]
    return result


def _filters(world):
    hood = world.a.neighbourhoods[0].pk
    return [Filters(start, end) for start, end in PERIODS] + [Filters(*PERIODS[2], neighbourhood_id=hood)]


def test_pool_vs_deployed_equals_a_direct_count_row_by_row(city, settings):
    viewer = viewer_for(city.a.users[Role.POLICY_ADVISOR])
    for f in _filters(city):
        expected = _reference_pool(city.a.municipality, f)
        assert any(row[1] for row in expected), "the fixture must deploy somebody in every period"
        settings.EW_SMALL_NUMBER_THRESHOLD = 0  # compare the raw figures
        got = [[c.export() for c in cells] for _label, cells in pool_vs_deployed(viewer, f).rows]
        assert got == expected, f
        settings.EW_SMALL_NUMBER_THRESHOLD = 5  # and suppression still decides on the same numbers
        cells = [cells for _label, cells in pool_vs_deployed(viewer, f).rows]
        for (in_pool, deployed, share), row in zip(expected, cells, strict=True):
            work = {"figure": Figure.WORK, "audience": f.audience}
            assert row == [
                protect(in_pool, n=in_pool, **work),
                protect(deployed, n=deployed, **work),
                protect(share, n=min(in_pool, deployed), **work),
            ]


def test_waiting_time_equals_a_direct_computation(city, settings):
    from ervaringswerk.core.reference import DeploymentKind

    viewer = viewer_for(city.a.users[Role.POLICY_ADVISOR])
    labels = dict(DeploymentKind.choices)
    for f in _filters(city):
        expected = _reference_waiting(city.a.municipality, f)
        assert expected[None][0] >= 5, "the fixture must match enough requests in every period"
        settings.EW_SMALL_NUMBER_THRESHOLD = 0
        got = {label: [c.export() for c in cells] for label, cells in waiting_time(viewer, f).rows}
        for kind, (n, median, mean, _peers) in expected.items():
            label = "Alle soorten" if kind is None else str(labels[kind])
            assert got[label] == [n, median, mean], (f, kind)
        settings.EW_SMALL_NUMBER_THRESHOLD = 5
        rows = dict(waiting_time(viewer, f).rows)
        for kind, (n, median, mean, peers) in expected.items():
            label = "Alle soorten" if kind is None else str(labels[kind])
            work = {"figure": Figure.WORK, "audience": f.audience}
            assert rows[label] == [
                protect(n, n=peers, **work),
                protect(median, n=peers, **work),
                protect(mean, n=peers, **work),
            ]
