"""Load benchmark: the big city on PostgreSQL behind gunicorn, driven by locust like an operator would.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python -m bench.load [--users 20] [--minutes 5]

1. Builds (once, kept) the big city of bench.dashboard in its own database `<name>_ewbench`: 2,000 peer
   workers, 30,000 requests, 1,000,000 time entries, 100,000 trajectories; then adds what a load needs
   (idempotent): logins for every role (`bench.*`, one password), 400 open requests in the queue, API
   tokens.
2. Starts gunicorn with 4 workers on loopback (settings `bench.settings`: the app plus one minimal view).
3. Runs locust headless: `--users` concurrent users for `--minutes` on the mix of bench/locustfile.py
   (start pages per role, pool list and a profile, the queue and one request, "Mijn uren" with a new
   entry, the review queue, a programme page, the dashboard with and without filters, the API lists).
4. Then the same number of users for `--baseline-seconds` on /bench/minimal/ only: the throughput the
   same gunicorn reaches on the cheapest Django answer, in the same run.
5. Prints per page, server-side (gunicorn's access log, %(D)s): requests, errors, p50/p95/p99 in ms; the
   throughput of the mix and of the minimal view; and checks that every hour written was stored once.

Results go to bench/results/load-<timestamp>.json, with the machine's load average before and after.
"""

import argparse
import collections
import datetime
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench import dashboard as city

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
RESULTS = ROOT / "bench" / "results"
PASSWORD = "bench-wachtwoord-ervaringswerk"  # noqa: S105 - a benchmark login on a loopback server
OPEN_REQUESTS = 400
PEER_LOGINS = 60

# Server-side page names: the path with ids replaced, plus the query that makes a different page.
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def page_name(method: str, path: str, query: str) -> str:
    name = UUID.sub("{id}", path)
    if name == "/monitoring/" and query:
        keys = sorted(part.split("=")[0] for part in query.split("&") if part)
        if "wijk" in keys:
            name += "?wijk="
        elif "van" in keys:
            name += "?van=&tot=" + ("(48 maanden)" if "48m" in query else "(snijdt maanden)")
    return f"{method} {name}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(m) -> dict:
    """Logins, open requests and API tokens for the load, added once to the benchmark city."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from ervaringswerk.accounts.models import Membership, User
    from ervaringswerk.core.tenancy import Role
    from ervaringswerk.deployment.models import DeploymentRequest
    from ervaringswerk.organisations.models import Organisation, OrganisationKind
    from ervaringswerk.pool.models import PeerWorker

    if User.objects.filter(username="bench.beleid").exists():
        done = True
    else:
        done = False
        hashed = make_password(PASSWORD)
        with transaction.atomic():
            gemeente = Organisation.objects.get(municipality=m, kind=OrganisationKind.MUNICIPALITY)
            pools = list(
                Organisation.objects.filter(municipality=m, kind=OrganisationKind.WELFARE).order_by("name")
            )
            teams = list(
                Organisation.objects.filter(
                    municipality=m, kind=OrganisationKind.NEIGHBOURHOOD_TEAM
                ).order_by("name")
            )

            def login(username, organisation, role):
                user = User.objects.create(username=username, password=hashed, first_name=username)
                Membership.objects.create(municipality=m, user=user, organisation=organisation, role=role)
                return user

            login("bench.beleid", gemeente, Role.POLICY_ADVISOR)
            for i, pool in enumerate(pools):
                login(f"bench.coord{i}", pool, Role.COORDINATOR)
            for i, team in enumerate(teams):
                login(f"bench.prof{i}", team, Role.PROFESSIONAL)
            peers = list(
                PeerWorker.objects.filter(municipality=m, status="active", user__isnull=True)[:PEER_LOGINS]
            )
            for i, peer in enumerate(peers):
                peer.user = login(f"bench.peer{i}", peer.organisation, Role.PEER_WORKER)
                peer.save(update_fields=["user"])
            # The queue: some requests still open (the generator made them all matched).
            now = timezone.now()
            open_ids = list(
                DeploymentRequest.objects.filter(municipality=m, assignments__isnull=True).values_list(
                    "pk", flat=True
                )[:OPEN_REQUESTS]
            )
            DeploymentRequest.objects.filter(pk__in=open_ids).update(status="open", submitted_at=now)
    return {"logins_added": not done}


def _bench_tokens(usernames) -> dict:
    """Tokens are stored as digests only: each run makes fresh ones (named "bench") for its logins."""
    from ervaringswerk.accounts.models import ApiToken, User

    ApiToken.objects.filter(user__username__in=usernames, name="bench").delete()
    return {
        user.username: ApiToken.objects.create(user=user, name="bench")[1]
        for user in User.objects.filter(username__in=usernames)
    }


def _read_logins(m) -> dict:
    from ervaringswerk.accounts.models import User
    from ervaringswerk.deployment.models import DeploymentRequest
    from ervaringswerk.organisations.models import Programme
    from ervaringswerk.pool.models import PeerWorker

    users = sorted(User.objects.filter(username__startswith="bench.").values_list("username", flat=True))
    coordinators = [u for u in users if u.startswith("bench.coord")]
    pool_of = {}
    from ervaringswerk.accounts.models import Membership

    for username, org in Membership.objects.filter(user__username__in=coordinators).values_list(
        "user__username", "organisation_id"
    ):
        pool_of[username] = str(org)
    programmes = {}
    for pk, contractor in Programme.objects.filter(municipality=m).values_list("pk", "contractor_id"):
        programmes.setdefault(str(contractor), []).append(str(pk))
    peers = {}
    for username in coordinators:
        peers[username] = [
            str(pk)
            for pk in PeerWorker.objects.filter(
                municipality=m, organisation_id=pool_of[username]
            ).values_list("pk", flat=True)[:200]
        ]
    return {
        "password": PASSWORD,
        "policy": [u for u in users if u == "bench.beleid"],
        "coordinators": coordinators,
        "professionals": [u for u in users if u.startswith("bench.prof")],
        "peers": [u for u in users if u.startswith("bench.peer")],
        "tokens": _bench_tokens(users),
        "programmes_of_coordinator": {u: programmes.get(pool_of[u], []) for u in coordinators},
        "peers_of_coordinator": peers,
        "open_requests": [
            str(pk)
            for pk in DeploymentRequest.objects.filter(municipality=m, status="open").values_list(
                "pk", flat=True
            )[:200]
        ],
        "neighbourhoods": [],  # filled in by main()
    }


def start_gunicorn(*, database_url: str, port: int, workers: int, access_log: Path, extra_env=None):
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "EW_TASKS_EAGER": "0",
        "DJANGO_LOG_LEVEL": "ERROR",
        **(extra_env or {}),
    }
    command = [
        str(BIN / "gunicorn"),
        "config.wsgi",
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--timeout",
        "60",
        "--access-logfile",
        str(access_log),
        "--access-logformat",
        "%(m)s|%(U)s|%(q)s|%(s)s|%(D)s|%(b)s",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # noqa: S603
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/minimal/", timeout=2):  # noqa: S310
                return process
        except OSError:
            time.sleep(0.5)
    process.kill()
    raise SystemExit("gunicorn did not start: " + process.stderr.read().decode(errors="replace")[-2000:])


def stop(process) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def read_access_log(path: Path, since: float = 0.0) -> list[tuple]:
    rows = []
    for line in path.read_text(errors="replace").splitlines():
        parts = line.split("|")
        if len(parts) != 6:
            continue
        method, url, query, status, micros, size = parts
        rows.append((page_name(method, url, query), int(status), int(micros) / 1000.0, size))
    return rows


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, int(round(share * len(ordered) + 0.5)) - 1))]


def table(rows: list[tuple]) -> dict:
    by_page = collections.defaultdict(list)
    errors = collections.Counter()
    for name, status, ms, _size in rows:
        by_page[name].append(ms)
        if status >= 500 or status in (400, 403, 404):
            errors[name] += 1
    return {
        name: {
            "requests": len(times),
            "errors": errors[name],
            "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(percentile(times, 0.95), 1),
            "p99_ms": round(percentile(times, 0.99), 1),
        }
        for name, times in sorted(by_page.items())
    }


def run_locust(
    *, host: str, users: int, seconds: int, logins: Path, written: Path, only_minimal=False
) -> dict:
    env = {**os.environ, "EW_BENCH_LOGINS": str(logins), "EW_BENCH_WRITTEN": str(written)}
    if only_minimal:
        env["EW_BENCH_ONLY_MINIMAL"] = "1"
    csv = Path(tempfile.mkdtemp(prefix="ewload-")) / "stats"
    command = [
        str(BIN / "locust"),
        "-f",
        str(ROOT / "bench" / "locustfile.py"),
        "--headless",
        "--users",
        str(users),
        "--spawn-rate",
        str(max(1, users // 2)),
        "--run-time",
        f"{seconds}s",
        "--host",
        host,
        "--csv",
        str(csv),
        "--only-summary",
        "--stop-timeout",
        "10",
    ]
    started = time.monotonic()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    elapsed = time.monotonic() - started
    stats = Path(str(csv) + "_stats.csv")
    total = {}
    if stats.exists():
        import csv as csvmod

        for row in csvmod.DictReader(stats.open()):
            if row["Name"] == "Aggregated":
                total = {
                    "requests": int(row["Request Count"]),
                    "failures": int(row["Failure Count"]),
                    "requests_per_second": float(row["Requests/s"]),
                }
    return {"elapsed_s": round(elapsed, 1), "client": total, "stderr_tail": done.stderr[-1500:]}


def check_written_once(written: Path) -> dict:
    """Every entry a peer worker wrote (a submission key whose POST was answered with the redirect)
    is stored exactly once, also the ones sent twice (a double click, a retry)."""
    from ervaringswerk.hours.models import TimeEntry

    keys = (
        [line.strip() for line in written.read_text().splitlines() if line.strip()]
        if written.exists()
        else []
    )
    sent = collections.Counter(keys)
    stored = collections.Counter(
        str(k)
        for k in TimeEntry.objects.filter(submission_key__in=list(sent)).values_list(
            "submission_key", flat=True
        )
    )
    return {
        "posts_answered_saved": sum(sent.values()),
        "distinct_entries_written": len(sent),
        "sent_twice": sum(1 for n in sent.values() if n > 1),
        "stored": sum(stored.values()),
        "missing": sorted(set(sent) - set(stored))[:5],
        "stored_more_than_once": sorted(k for k, n in stored.items() if n > 1)[:5],
        "every_hour_stored_once": set(sent) == set(stored) and all(n == 1 for n in stored.values()),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--baseline-seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--prepare-only", action="store_true", help="build the data and stop")
    args = parser.parse_args(argv)
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        print("Set DATABASE_URL to a PostgreSQL server (the benchmark creates its own database there).")
        return 2
    bench_url, name = city._bench_url(url)
    city._ensure_database(url, name, False)
    city._setup_django(bench_url)
    from django.core.management import call_command
    from django.db import connection, transaction

    from ervaringswerk.audit import context as audit_context

    call_command("migrate", verbosity=0)
    rng = random.Random(2026)
    t0 = time.perf_counter()
    with audit_context.suppressed(), transaction.atomic():
        info = city.generate(rng)
    with audit_context.suppressed(), transaction.atomic():
        added = city.generate_hours(rng, info["municipality"])
    m = info["municipality"]
    with audit_context.suppressed():
        prepared = prepare(m)
    if info.get("generated") or added or prepared["logins_added"]:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    print(f"data ready in {time.perf_counter() - t0:.0f} s: {city._row_counts(m)}")
    if args.prepare_only:
        return 0
    from ervaringswerk.core.models import Neighbourhood

    logins = _read_logins(m)
    logins["neighbourhoods"] = [
        str(pk) for pk in Neighbourhood.objects.filter(municipality=m).values_list("pk", flat=True)
    ]
    work = Path(tempfile.mkdtemp(prefix="ewload-"))
    (work / "logins.json").write_text(json.dumps(logins))
    written = work / "written.txt"
    connection.close()
    port = _free_port()
    load_before = os.getloadavg()
    access = work / "access.log"
    gunicorn = start_gunicorn(database_url=bench_url, port=port, workers=args.workers, access_log=access)
    try:
        seconds = int(args.minutes * 60)
        print(f"mix: {args.users} users for {seconds} s against gunicorn ({args.workers} workers) ...")
        mix_started = len(access.read_text().splitlines()) if access.exists() else 0
        mix = run_locust(
            host=f"http://127.0.0.1:{port}",
            users=args.users,
            seconds=seconds,
            logins=work / "logins.json",
            written=written,
        )
        all_rows = read_access_log(access)
        mix_rows = all_rows[mix_started:]
        load_mix = os.getloadavg()
        print(f"minimal view: {args.users} users for {args.baseline_seconds} s ...")
        baseline = run_locust(
            host=f"http://127.0.0.1:{port}",
            users=args.users,
            seconds=args.baseline_seconds,
            logins=work / "logins.json",
            written=work / "unused.txt",
            only_minimal=True,
        )
        base_rows = read_access_log(access)[len(all_rows) :]
    finally:
        stop(gunicorn)
    load_after = os.getloadavg()
    measured = [r for r in mix_rows if not r[0].endswith("/bench/minimal/")]
    pages = table(measured)
    mix_rps = len(measured) / seconds
    base_measured = [r for r in base_rows if r[0].endswith("/bench/minimal/")]
    base_rps = len(base_measured) / args.baseline_seconds
    once = check_written_once(written)
    result = {
        "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "users": args.users,
        "seconds": seconds,
        "gunicorn_workers": args.workers,
        "rows": city._row_counts(m),
        "load_average": {"before": load_before, "after_mix": load_mix, "after": load_after},
        "pages_server_side": pages,
        "mix_requests_per_second": round(mix_rps, 2),
        "minimal_view": table(base_measured),
        "minimal_view_requests_per_second": round(base_rps, 2),
        "mix_throughput_ratio_to_minimal_view": round(mix_rps / base_rps, 3) if base_rps else None,
        "throughput_vs_issue_baseline_7_2": round(mix_rps / 7.2, 2),
        "errors_total": sum(p["errors"] for p in pages.values()),
        "locust_client": {"mix": mix["client"], "minimal": baseline["client"]},
        "written_once": once,
    }
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"load-{datetime.datetime.now():%Y%m%d-%H%M%S}.json"
    out.write_text(json.dumps(result, indent=2))
    print(f"\n{'page (server side, gunicorn)':<58}{'n':>7}{'err':>5}{'p50':>9}{'p95':>9}{'p99':>9}")
    for name, row in pages.items():
        print(
            f"{name[:57]:<58}{row['requests']:>7}{row['errors']:>5}"
            f"{row['p50_ms']:>9.1f}{row['p95_ms']:>9.1f}{row['p99_ms']:>9.1f}"
        )
    print(
        f"\nmix: {mix_rps:.1f} req/s ({mix_rps / 7.2:.1f}x the issue's 7.2); "
        f"minimal view: {base_rps:.1f} req/s; ratio {result['mix_throughput_ratio_to_minimal_view']}"
    )
    print(f"hours written: {once}")
    print(f"load average before/after mix/after: {load_before} / {load_mix} / {load_after}")
    print(f"written: {out}")
    if mix["client"].get("requests", 0) == 0:
        print("locust said:", mix["stderr_tail"])
    return 0 if once["every_hour_stored_once"] else 1


if __name__ == "__main__":
    sys.exit(main())
