"""Benchmark: the municipal dashboard over a generated big city, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python -m bench.dashboard [--fresh] [--runs 7]

Builds (once; kept between runs, `--fresh` rebuilds) a separate database `<name>_ewbench` on the same
server, never the test or the application database: 2,000 peer workers, 100,000 resident trajectories
with measurements, 1,000,000 time entries (the hours app's own model) and the requests, assignments,
ladder steps and self-assessments around them, written with COPY. Then it times the dashboard's
selectors (median of several runs after a warm-up) and reports them also as ratios against a baseline
measured in the same run: a plain `SELECT count(*)` over the time entries. Results go to
bench/results/dashboard-<timestamp>.json. The target is a dashboard answer under 500 ms.
"""

import argparse
import datetime
import json
import os
import random
import statistics
import sys
import time
import uuid
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

PEERS = 2_000
TRAJECTORIES = 100_000
TIME_ENTRIES = 1_000_000
NEIGHBOURHOODS = 30
TEAMS = 30
POOLS = 8
PROGRAMMES = 20
REQUESTS = 30_000
YEARS = 4
RESULTS = Path(__file__).resolve().parent / "results"


def _bench_url(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    name = (parts.path.lstrip("/") or "postgres") + "_ewbench"
    return urlunsplit(parts._replace(path="/" + name)), name


def _ensure_database(url: str, name: str, fresh: bool) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and fresh:
            conn.execute(f'DROP DATABASE "{name}"')  # noqa: S608 - our own fixed name
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')  # noqa: S608 - our own fixed name


def _setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def copy_rows(model, rows, *, now=None) -> int:
    """COPY dict rows into a model's table; fields not given get their default (or NULL)."""
    from django.db import connection

    now = now or datetime.datetime.now(datetime.UTC)
    fields = list(model._meta.concrete_fields)
    columns = ", ".join(f'"{f.column}"' for f in fields)
    defaults = {}
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            defaults[f.attname] = lambda: now
        else:  # the model's default; "" for text fields that are not nullable, else None
            defaults[f.attname] = f.get_default
    count = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(f'COPY "{model._meta.db_table}" ({columns}) FROM STDIN') as copy:  # noqa: S608
            for row in rows:
                values = []
                for f in fields:
                    value = row.get(f.attname, row.get(f.name, _MISSING))
                    if value is _MISSING:
                        value = defaults[f.attname]()
                    if hasattr(value, "pk"):
                        value = value.pk
                    values.append(value)
                copy.write_row(values)
                count += 1
    return count


_MISSING = object()


def _model(apps, app_label: str, name: str):
    """Another app's model, or None while that app has not landed."""
    try:
        return apps.get_model(app_label, name)
    except LookupError:
        return None


def generate(rng: random.Random) -> dict:
    from django.apps import apps
    from django.db import transaction

    from ervaringswerk.core.models import Municipality, Neighbourhood
    from ervaringswerk.core.reference import DeploymentKind, PositiveHealthDimension, ZrmDomain
    from ervaringswerk.core.services import municipality_create
    from ervaringswerk.deployment.models import Assignment, DeploymentRequest
    from ervaringswerk.organisations.models import Organisation, OrganisationKind
    from ervaringswerk.outcomes.constants import ExperienceItem
    from ervaringswerk.outcomes.models import Measurement, OutcomeChange, Score, Trajectory
    from ervaringswerk.pool.models import PeerWorker

    if Municipality.objects.filter(cbs_code="GM9999").exists():
        m = Municipality.objects.get(cbs_code="GM9999")
        return {"municipality": m, "generated": False}
    t0 = time.perf_counter()
    today = datetime.date.today()
    first_day = today - datetime.timedelta(days=365 * YEARS)
    span = (today - first_day).days

    def day():
        return first_day + datetime.timedelta(days=rng.randrange(span))

    def stamp(d):
        return datetime.datetime.combine(d, datetime.time(10), tzinfo=datetime.UTC)

    with transaction.atomic():
        m = municipality_create(name="Grootstad (benchmark)", cbs_code="GM9999", slug="grootstad-bench")
        hoods = [Neighbourhood(municipality=m, name=f"Wijk {i + 1:02d}") for i in range(NEIGHBOURHOODS)]
        Neighbourhood.objects.bulk_create(hoods)
        Organisation.objects.create(
            municipality=m, name="Gemeente Grootstad", kind=OrganisationKind.MUNICIPALITY
        )
        pools = Organisation.objects.bulk_create(
            Organisation(municipality=m, name=f"Welzijn {i + 1}", kind=OrganisationKind.WELFARE)
            for i in range(POOLS)
        )
        teams = Organisation.objects.bulk_create(
            Organisation(municipality=m, name=f"Wijkteam {i + 1}", kind=OrganisationKind.NEIGHBOURHOOD_TEAM)
            for i in range(TEAMS)
        )
    peers = []
    for i in range(PEERS):
        joined = day()
        left = joined + datetime.timedelta(days=rng.randrange(200, 900)) if rng.random() < 0.2 else None
        left = left if left and left < today else None
        peers.append(
            {
                "id": uuid.uuid4(),
                "municipality_id": m.pk,
                "organisation_id": pools[i % POOLS].pk,
                "first_name": f"Peer{i}",
                "last_name": "Bench",
                "status": "left" if left else "active",
                "joined_on": joined,
                "left_on": left,
                "weekly_hours": Decimal(8),
                "max_residents": 4,
            }
        )
    copy_rows(PeerWorker, peers)
    peer_ids = [p["id"] for p in peers]
    kinds = DeploymentKind.values
    requests = []
    for _ in range(REQUESTS):
        created = day()
        requests.append(
            {
                "id": uuid.uuid4(),
                "municipality_id": m.pk,
                "organisation_id": rng.choice(teams).pk,
                "kind": rng.choice(kinds),
                "title": "Verzoek",
                "neighbourhood_id": rng.choice(hoods).pk,
                "hours_per_week": Decimal(2),
                "urgency": 1,
                "status": "matched",
                "created_at": stamp(created),
                "updated_at": stamp(created),
            }
        )
    copy_rows(DeploymentRequest, requests)
    assignments = []
    for r in requests[: int(REQUESTS * 0.8)]:
        wait = datetime.timedelta(days=rng.randrange(1, 40))
        start = r["created_at"].date() + wait
        if start > today:
            continue
        end = start + datetime.timedelta(days=rng.randrange(30, 300))
        assignments.append(
            {
                "id": uuid.uuid4(),
                "municipality_id": m.pk,
                "request_id": r["id"],
                "peer_id": rng.choice(peer_ids),
                "hours_per_week": Decimal(2),
                "status": "ended" if end < today else "active",
                "start_date": start,
                "end_date": end if end < today else None,
                "created_at": stamp(start),
                "updated_at": stamp(start),
            }
        )
    copy_rows(Assignment, assignments)
    try:
        LadderStep = apps.get_model("pool", "LadderStep")
        steps = []
        for pid in peer_ids:
            rung = rng.randint(1, 4)
            for _ in range(rng.randint(1, 4)):
                steps.append(
                    {"id": uuid.uuid4(), "municipality_id": m.pk, "peer_id": pid, "rung": rung, "date": day()}
                )
                rung = min(6, rung + rng.choice([0, 1, 1]))
        copy_rows(LadderStep, steps)
    except LookupError:
        pass

    # Residents: trajectories, measurements, experience scores and the materialised intake → end pairs.
    zrm, ph, exp = ZrmDomain.values, PositiveHealthDimension.values, ExperienceItem.values
    trajectories, measurements, scores, changes = [], [], [], []
    for i in range(TRAJECTORIES):
        first = day()
        hood = rng.choice(hoods).pk
        org = rng.choice(teams).pk
        tid = uuid.uuid4()
        age = (today - first).days
        activation = (
            first + datetime.timedelta(days=rng.randrange(5, 90))
            if rng.random() < 0.75 and age > 90
            else None
        )
        ended = age > 200 and rng.random() < 0.7
        end_on = first + datetime.timedelta(days=rng.randrange(120, 200)) if ended else None
        trajectories.append(
            {
                "id": tid,
                "municipality_id": m.pk,
                "code": f"GS-{i:06d}",
                "organisation_id": org,
                "neighbourhood_id": hood,
                "age_band": rng.choice(["18-26", "27-40", "41-55", "56-67", "68+"]),
                "peer_worker_id": rng.choice(peer_ids),
                "first_contact": first,
                "activation_date": activation,
                "end_date": end_on,
                "end_reason": "goals_reached" if ended else "",
                "organisations_before": rng.randint(1, 6),
                "organisations_during": rng.randint(0, 3),
            }
        )
        measurements.append(
            {
                "id": uuid.uuid4(),
                "municipality_id": m.pk,
                "trajectory_id": tid,
                "moment": "intake",
                "measured_on": first,
                "entered_role": "professional",
            }
        )
        if ended:
            mid = uuid.uuid4()
            measurements.append(
                {
                    "id": mid,
                    "municipality_id": m.pk,
                    "trajectory_id": tid,
                    "moment": "end",
                    "measured_on": end_on,
                    "entered_role": "professional",
                }
            )
            for item in exp:
                answer = rng.randint(2, 5)
                scores.append(
                    {
                        "id": uuid.uuid4(),
                        "municipality_id": m.pk,
                        "measurement_id": mid,
                        "trajectory_id": tid,
                        "measured_on": end_on,
                        "instrument": "experience",
                        "item": item,
                        "value": answer,
                    }
                )
                # the survey at the end is kept with the pairs too (intake repeats the end answer)
                changes.append(
                    {
                        "id": uuid.uuid4(),
                        "municipality_id": m.pk,
                        "trajectory_id": tid,
                        "instrument": "experience",
                        "item": item,
                        "intake_value": answer,
                        "end_value": answer,
                        "end_on": end_on,
                        "neighbourhood_id": hood,
                        "organisation_id": org,
                    }
                )
            for instrument, items, low, high in (
                ("zrm", zrm, 1, 5),
                ("ladder", ["ladder"], 1, 6),
                ("positive_health", ph, 0, 10),
            ):
                for item in items:
                    before = rng.randint(low, high - 1)
                    changes.append(
                        {
                            "id": uuid.uuid4(),
                            "municipality_id": m.pk,
                            "trajectory_id": tid,
                            "instrument": instrument,
                            "item": item,
                            "intake_value": before,
                            "end_value": min(high, before + rng.choice([0, 0, 1, 1, 2])),
                            "end_on": end_on,
                            "neighbourhood_id": hood,
                            "organisation_id": org,
                        }
                    )
    copy_rows(Trajectory, trajectories)
    copy_rows(Measurement, measurements)
    copy_rows(Score, scores)
    copy_rows(OutcomeChange, changes)

    from ervaringswerk.outcomes.services import outcome_rollup_refresh

    rollup_rows = outcome_rollup_refresh(municipality_id=m.pk)
    return {
        "municipality": m,
        "generated": True,
        "generate_seconds": round(time.perf_counter() - t0, 1),
        "rows": {
            "peer_workers": len(peers),
            "trajectories": len(trajectories),
            "outcome_changes": len(changes),
            "experience_scores": len(scores),
            "assignments": len(assignments),
            "outcome_monthly_rollup": rollup_rows,
        },
    }


def generate_hours(rng: random.Random, m) -> dict:
    """Programmes and 1,000,000 time entries, added to the city once the hours app exists (COPY).

    Kept apart from generate() so a city built before the hours app landed gets its hours without a
    rebuild (and `--fresh-hours` rebuilds only these). The entries follow how peer workers work: each
    has a main programme (a third also a second one) and three kinds of work they mostly do; 75 % of
    the entries are written on one of their own assignments, dated within it, for the team that asked
    (so the hours have that request's neighbourhood); the rest is general work for their own pool
    organisation. 90 % approved, the rest submitted or returned. Then the monthly hours rollup and its
    yearly form are built (COPY bypasses the signals that keep them in step, as any bulk load does).
    """
    from django.apps import apps

    from ervaringswerk.deployment.models import Assignment
    from ervaringswerk.monitoring.services import hours_rollup_refresh
    from ervaringswerk.organisations.models import Organisation, OrganisationKind
    from ervaringswerk.pool.models import PeerWorker

    TimeEntry = _model(apps, "hours", "TimeEntry")
    Programme = _model(apps, "organisations", "Programme")
    if TimeEntry is None or Programme is None:
        return {}
    if TimeEntry.objects.filter(municipality_id=m.pk).exists():
        return {}
    t0 = time.perf_counter()
    today = datetime.date.today()
    first_day = today - datetime.timedelta(days=365 * YEARS)
    span = (today - first_day).days
    gemeente = Organisation.objects.get(municipality=m, kind=OrganisationKind.MUNICIPALITY)
    pools = list(Organisation.objects.filter(municipality=m, kind=OrganisationKind.WELFARE).order_by("name"))
    if not Programme.objects.filter(municipality=m).exists():
        Programme.objects.bulk_create(
            Programme(
                municipality=m,
                name=f"Programma {i + 1}",
                code=f"bench-{i + 1}",
                theme="bench",
                funder=gemeente,
                contractor=pools[i % len(pools)],
                start_date=first_day + datetime.timedelta(days=rng.randrange(0, 365)),
                end_date=today + datetime.timedelta(days=365),
                hours_per_week=Decimal(40),
                hours_total=Decimal(40 * 52 * YEARS),
            )
            for i in range(PROGRAMMES)
        )
    programme_ids = sorted(Programme.objects.filter(municipality=m).values_list("pk", flat=True))
    peer_pool = dict(PeerWorker.objects.filter(municipality=m).values_list("pk", "organisation_id"))
    peer_ids = sorted(peer_pool)
    own = {}
    for pk, peer, team, start, end in Assignment.objects.filter(municipality=m).values_list(
        "pk", "peer_id", "request__organisation_id", "start_date", "end_date"
    ):
        own.setdefault(peer, []).append((pk, team, start, ((end or today) - start).days + 1))
    kind_values = [v for v, _l in TimeEntry._meta.get_field("work_kind").choices]
    habits = {
        pid: (
            [rng.choice(programme_ids)] + ([rng.choice(programme_ids)] if rng.random() < 0.33 else []),
            rng.sample(kind_values, 3),
        )
        for pid in peer_ids
    }
    now = datetime.datetime.now(datetime.UTC)

    def entry_rows():
        for _ in range(TIME_ENTRIES):
            pid = rng.choice(peer_ids)
            programmes, kinds = habits[pid]
            assignment = partner = None
            if own.get(pid) and rng.random() < 0.75:
                assignment, partner, start, days = rng.choice(own[pid])
                d = start + datetime.timedelta(days=rng.randrange(days))
            else:
                d = first_day + datetime.timedelta(days=rng.randrange(span))
            yield {
                "id": uuid.uuid4(),
                "municipality_id": m.pk,
                "peer_id": pid,
                "organisation_id": peer_pool[pid],
                "programme_id": programmes[0] if rng.random() < 0.85 else rng.choice(programmes),
                "partner_id": partner,
                "assignment_id": assignment,
                "date": d,
                "minutes": rng.choice([30, 60, 90, 120, 180, 240]),
                "work_kind": rng.choice(kinds),
                "status": "approved" if rng.random() < 0.9 else rng.choice(["submitted", "returned"]),
                "created_at": now,
                "updated_at": now,
            }

    entries = copy_rows(TimeEntry, entry_rows(), now=now)
    rollup = hours_rollup_refresh(municipality_id=m.pk)
    return {
        "programmes": len(programme_ids),
        "time_entries": entries,
        "hours_rollup_rows": rollup,
        "generate_seconds": round(time.perf_counter() - t0, 1),
    }


def _drop_hours(m) -> None:
    """--fresh-hours: remove the city's time entries and hours rollup (bench database only)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute('TRUNCATE "monitoring_hoursmonthly", "hours_timeentry" CASCADE')


def _row_counts(m) -> dict:
    """What the measured city holds, counted now (the city may have been built in an earlier run)."""
    from django.apps import apps

    names = {
        "peer_workers": ("pool", "PeerWorker"),
        "trajectories": ("outcomes", "Trajectory"),
        "outcome_changes": ("outcomes", "OutcomeChange"),
        "outcome_monthly_rollup": ("outcomes", "OutcomeMonthly"),
        "assignments": ("deployment", "Assignment"),
        "time_entries": ("hours", "TimeEntry"),
        "hours_monthly_rollup": ("monitoring", "HoursMonthly"),
        "hours_yearly_rollup": ("monitoring", "HoursYearly"),
    }
    counts = {}
    for key, (app_label, name) in names.items():
        model = _model(apps, app_label, name)
        counts[key] = model.objects.filter(municipality_id=m.pk).count() if model else None
    return counts


def _median_ms(fn, runs: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return round(statistics.median(times), 1)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fresh", action="store_true", help="drop and rebuild the benchmark database")
    parser.add_argument("--fresh-hours", action="store_true", help="regenerate only the time entries")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        print("Set DATABASE_URL to a PostgreSQL server (the benchmark creates its own database there).")
        return 2
    bench_url, name = _bench_url(url)
    _ensure_database(url, name, args.fresh)
    _setup_django(bench_url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.db import connection

    from ervaringswerk.audit import context as audit_context
    from ervaringswerk.monitoring import selectors as s
    from ervaringswerk.monitoring.filters import Filters, default_period
    from ervaringswerk.monitoring.services import MunicipalityScope
    from ervaringswerk.outcomes.constants import Instrument

    rng = random.Random(2026)
    from django.db import transaction

    with audit_context.suppressed(), transaction.atomic():  # all or nothing: a half city is never reused
        info = generate(rng)
    with audit_context.suppressed(), transaction.atomic():
        if args.fresh_hours:
            _drop_hours(info["municipality"])
        added = generate_hours(rng, info["municipality"])
    if info.get("generated") or added:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    m = info["municipality"]
    viewer = MunicipalityScope(municipality_id=m.pk)
    today = datetime.date.today()
    # What the dashboard opens with: the last twelve calendar months, this month up to today.
    year = Filters(*default_period())
    hood = (
        s.Trajectory.objects.filter(municipality_id=m.pk).values_list("neighbourhood_id", flat=True).first()
    )
    one_hood = Filters(start=year.start, end=year.end, neighbourhood_id=hood)
    index = today.year * 12 + today.month - 1 - (12 * YEARS - 1)  # 48 calendar months, this one included
    four_years = Filters(start=datetime.date(index // 12, index % 12 + 1, 1), end=today)
    # A period chosen with edges inside months (365 days back from today): the hours come from the entries.
    cut_edges = Filters(start=today - datetime.timedelta(days=364), end=today)
    table = "hours_timeentry"

    def baseline():
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 - fixed table name
            cursor.fetchone()

    timings = {"baseline_count": _median_ms(baseline, args.runs)}
    cases = {
        "dashboard_12_months": lambda: s.dashboard(viewer=viewer, filters=year),
        "dashboard_12_months_one_neighbourhood": lambda: s.dashboard(viewer=viewer, filters=one_hood),
        "dashboard_4_years": lambda: s.dashboard(viewer=viewer, filters=four_years),
        "dashboard_365_days_edges_inside_months": lambda: s.dashboard(viewer=viewer, filters=cut_edges),
        "pool_vs_deployed": lambda: s.pool_vs_deployed(viewer, year),
        "hours": lambda: s.hours(viewer, year),
        "waiting_time": lambda: s.waiting_time(viewer, year),
        "reach": lambda: s.reach(viewer, year),
        "activation": lambda: s.activation(viewer, year),
        "outcomes_zrm": lambda: s.outcome_changes(viewer, year, Instrument.ZRM),
        "experience": lambda: s.experience(viewer, year),
        "peer_ladder": lambda: s.peer_ladder(viewer, year),
        "preconditions": lambda: s.preconditions(viewer, year),
    }

    def direct(fn):
        """The same selector reading the time entries themselves instead of the monthly rollup."""

        def run():
            usable = s.hours_rollup_usable
            s.hours_rollup_usable = lambda viewer, f: False
            try:
                return fn()
            finally:
                s.hours_rollup_usable = usable

        return run

    cases["hours_direct_from_entries"] = direct(cases["hours"])
    cases["pool_vs_deployed_direct_from_entries"] = direct(cases["pool_vs_deployed"])
    cases["dashboard_12_months_direct_from_entries"] = direct(cases["dashboard_12_months"])
    for key, fn in cases.items():
        timings[key] = _median_ms(fn, args.runs)
    base = timings["baseline_count"] or 0.1
    result = {
        "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "database": connection.vendor,
        "server_version": connection.pg_version,
        "runs": args.runs,
        "baseline": "SELECT count(*) FROM " + table,  # noqa: S608 - a description, never executed
        "generated": info.get("generated"),
        "generate_seconds": info.get("generate_seconds"),
        "hours_generated": added or None,
        "rows": _row_counts(m),
        "median_ms": timings,
        "ratio_to_baseline": {k: round(v / base, 2) for k, v in timings.items()},
        "target_ms": 500,
        "dashboard_within_target": timings["dashboard_12_months"] < 500,
    }
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"dashboard-{datetime.datetime.now():%Y%m%d-%H%M%S}.json"
    out.write_text(json.dumps(result, indent=2))
    print(f"{'case':<42}{'median ms':>12}{'× baseline':>12}")
    for key, ms in timings.items():
        print(f"{key:<42}{ms:>12.1f}{result['ratio_to_baseline'][key]:>12.2f}")
    print(f"\nrows: {result['rows']}\nwritten: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
