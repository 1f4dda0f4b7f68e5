"""Fault benchmark: stop PostgreSQL, then Redis, while users work; measure what they get.

    python -m bench.faults [--threads 8] [--outage 10]

Runs on a PostgreSQL cluster and a Redis server of its own (created in a temporary folder, on free
loopback ports, removed at the end), never the machine's shared ones: stopping those would stop every
other user of the machine. Loads the demo data (`load_demo`), starts gunicorn (4 workers), a Celery
worker and beat, and `--threads` simulated users (coordinators, peer workers writing hours, API calls).

1. Database: after 10 s of load, `pg_ctl stop -m fast`; `--outage` seconds later `pg_ctl start`.
   Counts the answers during the outage (503 with Retry-After expected, no 500), the longest request
   (no hang past its timeout), and the recovery time: from the database accepting connections again to
   the first and to the last non-2xx/3xx answer after it.
   Invariants afterwards: every statement's totals equal the sum of its lines; the hours rollup equals a
   full rebuild (a rebuild changes no row); every hour whose POST was answered "saved" is stored once.
2. Redis: kill the broker for `--outage` seconds. Pages must keep answering; /health/ says degraded; an
   evaluation report asked for meanwhile waits visibly ("Wacht op de achtergrondverwerking") and is
   built once Redis is back (requeued by beat). Reports the time from Redis back to the report done.

Results go to bench/results/faults-<timestamp>.json with the load average.
"""

import argparse
import collections
import contextlib
import datetime
import http.cookiejar
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

from bench.load import BIN, ROOT, _free_port, start_gunicorn, stop

RESULTS = ROOT / "bench" / "results"
PG_BIN = Path("/usr/lib/postgresql") / sorted(os.listdir("/usr/lib/postgresql"))[-1] / "bin"
DEMO_PASSWORD = "demo-ervaringswerk"  # noqa: S105 - the documented public demo password
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CLIENT_TIMEOUT = 30.0


def _as_postgres(command: list[str]) -> list[str]:
    """initdb and pg_ctl refuse to run as root: run them as the postgres user then."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


class Cluster:
    def __init__(self, folder: Path, port: int):
        self.data = folder / "pg"
        self.port = port
        self.log = folder / "pg.log"
        folder.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(folder, "postgres")
        subprocess.run(  # noqa: S603
            _as_postgres(
                [str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8"]
            ),
            check=True,
            capture_output=True,
        )
        self.url = f"postgres://postgres@127.0.0.1:{port}/postgres"

    def start(self) -> float:
        subprocess.run(  # noqa: S603
            _as_postgres(
                [
                    str(PG_BIN / "pg_ctl"),
                    "-D",
                    str(self.data),
                    "-l",
                    str(self.log),
                    "-w",
                    "-o",
                    f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1 -c fsync=off",
                    "start",
                ]
            ),
            check=True,
            capture_output=True,
        )
        return time.monotonic()

    def stop(self) -> float:
        subprocess.run(  # noqa: S603
            _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"]),
            check=True,
            capture_output=True,
        )
        return time.monotonic()


class Redis:
    def __init__(self, port: int):
        self.port = port
        self.process = None
        self.url = f"redis://127.0.0.1:{port}/0"

    def start(self) -> float:
        self.process = subprocess.Popen(  # noqa: S603
            [
                shutil.which("redis-server") or "/usr/bin/redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                import redis

                redis.Redis.from_url(self.url, socket_timeout=0.5).ping()
                return time.monotonic()
            except Exception:  # noqa: BLE001, S110 - not up yet
                time.sleep(0.1)
        raise SystemExit("redis-server did not start")

    def stop(self) -> float:
        self.process.kill()
        self.process.wait()
        return time.monotonic()


class Session:
    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect())
        self.headers = {}

    def request(self, method: str, path: str, data: dict | None = None):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        headers = {**self.headers, "Referer": self.base + path}
        req = urllib.request.Request(self.base + path, data=body, method=method, headers=headers)  # noqa: S310
        try:
            with self.opener.open(req, timeout=CLIENT_TIMEOUT) as r:
                return r.status, r.read(), dict(r.headers)
        except urllib.error.HTTPError as e:
            return e.code, e.read(), dict(e.headers)

    def login(self, username: str) -> None:
        status, body, _h = self.request("GET", "/inloggen/")
        token = CSRF.search(body.decode()).group(1)
        status, _body, headers = self.request(
            "POST",
            "/inloggen/",
            {"username": username, "password": DEMO_PASSWORD, "csrfmiddlewaretoken": token},
        )
        assert status == 302 and "/inloggen/" not in headers.get("Location", ""), (username, status)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def user_loop(base: str, role: str, username: str, stop_event: threading.Event, log: list, written: list):
    session = Session(base)
    session.login(username)
    pages = {
        "coordinator": [
            "/pool/",
            "/verzoeken/",
            "/verzoeken/wachtrij/",
            "/uren/beoordelen/",
            "/api/v1/peer-workers/",
        ],
        "peer": ["/mijn-werk/", "/uren/", "/api/v1/time-entries/"],
    }[role]
    n = 0
    while not stop_event.is_set():
        n += 1
        if role == "peer" and n % 3 == 0:
            try:
                status, body, _h = session.request("GET", "/uren/")
            except OSError:
                status, body = 0, b""
            match = CSRF.search(body.decode(errors="replace")) if status == 200 else None
            key = str(uuid.uuid4())
            data = {
                "csrfmiddlewaretoken": match.group(1) if match else "",
                "submission_key": key,
                "date": (datetime.date.today() - datetime.timedelta(days=n % 20)).isoformat(),
                "duration": "0:15",
                "work_kind": "other",
                "description": "storing",
            }
            started = time.monotonic()
            try:
                status, _body, headers = session.request("POST", "/uren/", data)
            except OSError as exc:
                status, headers = f"network:{exc.__class__.__name__}", {}
            log.append((started, time.monotonic(), "POST /uren/", status, headers.get("Retry-After")))
            if status == 302:
                written.append(key)
            continue
        path = pages[n % len(pages)]
        started = time.monotonic()
        try:
            status, _body, headers = session.request("GET", path)
            retry_after = headers.get("Retry-After")
        except OSError as exc:  # connection refused/reset: the server itself is gone (counted apart)
            status, retry_after = f"network:{exc.__class__.__name__}", None
        log.append((started, time.monotonic(), "GET " + path, status, retry_after))
        time.sleep(0.2)


def _summary(log, start: float, end: float) -> dict:
    inside = [row for row in log if start <= row[0] <= end]
    statuses = collections.Counter(str(row[3]) for row in inside)
    return {
        "requests": len(inside),
        "statuses": dict(statuses),
        "503_with_retry_after": sum(1 for row in inside if row[3] == 503 and row[4]),
        "500s": statuses.get("500", 0),
        "longest_request_s": round(max((row[1] - row[0] for row in inside), default=0), 2),
    }


def _recovery(log, back: float) -> dict:
    after = sorted((row for row in log if row[1] >= back), key=lambda row: row[1])
    ok = [row for row in after if isinstance(row[3], int) and row[3] < 400]
    bad = [row for row in after if not (isinstance(row[3], int) and row[3] < 400)]
    return {
        "first_success_after_s": round(ok[0][1] - back, 2) if ok else None,
        "last_failure_after_s": round(bad[-1][1] - back, 2) if bad else 0.0,
    }


def invariants(written: list) -> dict:
    from django.db.models import Sum

    from ervaringswerk.core.models import Municipality
    from ervaringswerk.hours.models import HireOutStatement, TimeEntry
    from ervaringswerk.monitoring.models import HoursMonthly
    from ervaringswerk.monitoring.services import hours_rollup_refresh

    statements = list(HireOutStatement.objects.annotate(m=Sum("lines__minutes"), a=Sum("lines__amount")))
    unequal = [s.number for s in statements if (s.m or 0) != s.total_minutes or (s.a or 0) != s.total_amount]
    changed = 0
    before = sorted(
        HoursMonthly.objects.filter(minutes__gt=0).values_list(
            "peer_id", "month", "dimension", "key", "minutes"
        )
    )
    from ervaringswerk.audit import context as audit_context

    with audit_context.acting_as(None):
        for municipality in Municipality.objects.all():
            changed += hours_rollup_refresh(municipality_id=municipality.pk)
    after = sorted(
        HoursMonthly.objects.filter(minutes__gt=0).values_list(
            "peer_id", "month", "dimension", "key", "minutes"
        )
    )
    stored = collections.Counter(
        str(k)
        for k in TimeEntry.objects.filter(submission_key__in=written).values_list("submission_key", flat=True)
    )
    return {
        "statements_checked": len(statements),
        "statements_unequal_to_their_lines": unequal,
        "rollup_rows_changed_by_a_rebuild": changed,
        "rollup_equals_rebuild": changed == 0 and before == after,
        "hours_answered_saved": len(written),
        "hours_stored_once": all(stored.get(k) == 1 for k in written),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--outage", type=float, default=10.0)
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="ewfaults-"))
    folder.chmod(0o755)  # the postgres user runs the cluster inside it
    processes = {}
    result = {"when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"), "load_average": {}}
    redis = Redis(_free_port())
    pg = None
    try:
        pg = Cluster(folder / "cluster", _free_port())
        pg.start()
        redis.start()
        env = {
            **os.environ,
            "DATABASE_URL": pg.url,
            "REDIS_URL": redis.url,
            "EW_TASKS_EAGER": "0",
            "EW_DEMO": "1",
            "DJANGO_DEBUG": "0",
            "DJANGO_LOG_LEVEL": "ERROR",
            "EW_BEAT_SCHEDULE": str(folder / "beat"),
        }
        os.environ.update({k: env[k] for k in ("DATABASE_URL", "REDIS_URL", "EW_TASKS_EAGER", "EW_DEMO")})
        manage = [str(BIN / "python"), "manage.py"]
        subprocess.run([*manage, "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)  # noqa: S603
        demo = subprocess.run([*manage, "load_demo"], cwd=ROOT, env=env, capture_output=True, text=True)  # noqa: S603
        if demo.returncode:
            raise SystemExit("load_demo failed:\n" + demo.stdout[-1500:] + demo.stderr[-3000:])
        os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
        import django

        django.setup()
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        processes["gunicorn"] = start_gunicorn(
            database_url=pg.url, port=port, workers=4, access_log=folder / "access.log", extra_env=env
        )
        celery = [str(BIN / "celery"), "-A", "config.celery:app"]
        processes["worker"] = subprocess.Popen(  # noqa: S603
            [*celery, "worker", "-Q", "default,reports", "--concurrency", "2", "--loglevel", "WARNING"],
            cwd=ROOT,
            env=env,
            stdout=open(folder / "worker.log", "w"),  # noqa: SIM115 - lives as long as the worker
            stderr=subprocess.STDOUT,
        )
        processes["beat"] = subprocess.Popen(  # noqa: S603
            [*celery, "beat", "--schedule", str(folder / "beat"), "--loglevel", "WARNING"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        result["load_average"]["start"] = os.getloadavg()
        log, written, stop_event = [], [], threading.Event()
        users = [("coordinator", "coordinator.helmond"), ("coordinator", "coordinator.utrecht")]
        users += [("peer", "peer.helmond"), ("peer", "peer.utrecht")]
        threads = [
            threading.Thread(
                target=user_loop, args=(base, *users[i % len(users)], stop_event, log, written), daemon=True
            )
            for i in range(args.threads)
        ]
        for thread in threads:
            thread.start()
        time.sleep(10)
        # ---- 1. the database
        print(f"stopping PostgreSQL for {args.outage:.0f} s under load ...")
        down = pg.stop()
        time.sleep(args.outage)
        back = pg.start()
        time.sleep(15)
        result["load_average"]["after_database"] = os.getloadavg()
        result["database_outage"] = {
            "seconds": round(back - down, 2),
            "during": _summary(log, down, back),
            "recovery": _recovery(log, back),
            "before": _summary(log, 0, down),
        }
        # ---- 2. Redis
        print(f"stopping Redis for {args.outage:.0f} s under load ...")
        advisor = Session(base)
        advisor.login("policy.helmond")
        redis_down = redis.stop()
        time.sleep(1)
        status, body, _h = advisor.request("GET", "/health/")
        health = json.loads(body)
        status_page, page, _h = advisor.request("GET", "/monitoring/rapportages/")
        token = CSRF.search(page.decode()).group(1)
        start, end = "2026-01-01", "2026-06-30"
        status_post, _b, headers = advisor.request(
            "POST", "/monitoring/rapportages/", {"van": start, "tot": end, "csrfmiddlewaretoken": token}
        )
        report_path = headers.get("Location", "")
        waiting_step = ""
        if report_path:
            _s, fragment, _h = advisor.request("GET", report_path + "status/")
            waiting_step = "Wacht op de achtergrondverwerking" in fragment.decode()
        time.sleep(max(0.0, args.outage - (time.monotonic() - redis_down)))
        redis_back = redis.start()
        done_after = None
        deadline = time.monotonic() + 180
        while report_path and time.monotonic() < deadline:
            _s, fragment, _h = advisor.request("GET", report_path + "status/")
            if "Het rapport is klaar" in fragment.decode():
                done_after = round(time.monotonic() - redis_back, 1)
                break
            time.sleep(1)
        stop_event.set()
        for thread in threads:
            thread.join(timeout=CLIENT_TIMEOUT + 5)
        result["load_average"]["end"] = os.getloadavg()
        result["redis_outage"] = {
            "seconds": round(redis_back - redis_down, 2),
            "pages_during": _summary(log, redis_down, redis_back),
            "health_during": {"http": status, "status": health.get("status"), "redis": health.get("redis")},
            "report_request_during": {"http": status_post, "redirected_to_report": bool(report_path)},
            "report_page_said_waiting": waiting_step,
            "report_done_seconds_after_redis_back": done_after,
        }
        result["invariants"] = invariants(written)
    finally:
        for name, process in processes.items():
            stop(process) if name == "gunicorn" else (
                process.send_signal(signal.SIGTERM),
                process.wait(timeout=30),
            )
        if redis.process and redis.process.poll() is None:
            redis.stop()
        with contextlib.suppress(subprocess.CalledProcessError, AttributeError):
            pg.stop()
        shutil.rmtree(folder, ignore_errors=True)
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"faults-{datetime.datetime.now():%Y%m%d-%H%M%S}.json"
    out.write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))
    print(f"written: {out}")
    db = result["database_outage"]
    ok = (
        db["during"]["500s"] == 0
        and db["recovery"]["last_failure_after_s"] <= 5
        and result["invariants"]["rollup_equals_rebuild"]
        and not result["invariants"]["statements_unequal_to_their_lines"]
        and result["invariants"]["hours_stored_once"]
        and result["redis_outage"]["report_done_seconds_after_redis_back"] is not None
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
