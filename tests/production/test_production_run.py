"""The production-shaped run: gunicorn (2 workers), a Celery worker and beat against PostgreSQL and Redis
on loopback, driven over real HTTP: log in, file a request, have the worker generate an evaluation report,
download it. Runs once, in the PostgreSQL pass of `make test` (marked postgres).

The processes share the test database (a transactional test, so what the test writes is committed and
visible to them) and a Redis database of their own (/13), so no other Redis user's queue is touched.
"""

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from ervaringswerk.core import runtime
from ervaringswerk.core.models import ExperienceDomain
from ervaringswerk.core.tenancy import Role

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
REDIS_URL = "redis://127.0.0.1:6379/13"
PASSWORD = "test-wachtwoord-ervaringswerk"  # conftest.PASSWORD

pytestmark = pytest.mark.postgres


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url() -> str:
    s = connection.settings_dict
    host, port = s["HOST"] or "127.0.0.1", s["PORT"] or 5432
    return f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{host}:{port}/{s['NAME']}"


class Browser:
    """Just enough of a browser: cookies, CSRF token from the form, no redirects followed blindly."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str, timeout: float = 30) -> tuple[int, bytes, dict]:
        try:
            with self.opener.open(self.base + path, timeout=timeout) as r:
                return r.status, r.read(), dict(r.headers)
        except urllib.error.HTTPError as e:
            return e.code, e.read(), dict(e.headers)

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def post(self, path: str, data: dict, timeout: float = 60) -> tuple[int, str]:
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.csrf()}, doseq=True).encode()
        headers = {"Referer": self.base + path}
        req = urllib.request.Request(self.base + path, data=body, headers=headers)  # noqa: S310 - loopback
        with self.opener.open(req, timeout=timeout) as r:
            return r.status, r.geturl()

    def login(self, username: str) -> None:
        status, _body, _headers = self.get("/inloggen/")
        assert status == 200
        status, url = self.post("/inloggen/", {"username": username, "password": PASSWORD})
        assert status == 200 and "/inloggen/" not in url, url


def _wait_for(check, what: str, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def stack(transactional_db, tmp_path):
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "REDIS_URL": REDIS_URL,
        "EW_TASKS_EAGER": "0",
        "DJANGO_DEBUG": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "EW_BEAT_SCHEDULE": str(tmp_path / "beat-schedule"),
    }
    import redis as redis_lib

    redis = redis_lib.Redis.from_url(REDIS_URL)
    redis.flushdb()  # our own database number: stale messages of an earlier run must not count
    logs = {}
    commands = {
        "gunicorn": [
            BIN / "gunicorn",
            "config.wsgi",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "--timeout",
            "60",
            "--preload",  # as docs/deployment.md: deduce loads once in the master, before the workers fork
        ],
        "worker": [
            BIN / "celery",
            "-A",
            "config.celery:app",
            "worker",
            "-Q",
            "default,reports",
            "--concurrency",
            "1",
            "--loglevel",
            "INFO",
            "-n",
            f"prodrun-{port}@%h",
        ],
        "beat": [
            BIN / "celery",
            "-A",
            "config.celery:app",
            "beat",
            "--loglevel",
            "INFO",
            "--schedule",
            str(tmp_path / "beat-schedule"),
        ],
    }
    processes = {}
    try:
        for name, command in commands.items():
            logs[name] = open(tmp_path / f"{name}.log", "w+b")  # noqa: SIM115 - closed below
            processes[name] = subprocess.Popen(  # noqa: S603 - our own binaries
                [str(part) for part in command],
                cwd=ROOT,
                env=env,
                stdout=logs[name],
                stderr=subprocess.STDOUT,
            )
        base = f"http://127.0.0.1:{port}"
        # Generous: on a loaded machine the first request (URLconf, templates) can take many seconds.
        _wait_for(lambda: _answers(base + "/health/"), "gunicorn", timeout=180)
        yield {"base": base, "processes": processes, "redis": redis, "logs": logs}
    finally:
        for process in processes.values():
            process.send_signal(signal.SIGTERM)
        for name, process in processes.items():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            logs[name].seek(0)
            tail = logs[name].read()[-3000:].decode(errors="replace")
            logs[name].close()
            print(f"--- {name} (exit {process.returncode})\n{tail}")  # noqa: T201 - shown on failure
        redis.flushdb()


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=20) as r:  # noqa: S310 - loopback
            return r.status == 200
    except (urllib.error.URLError, OSError):
        return False


def _production_password(user) -> None:
    """The test settings hash with MD5 for speed; the production-shaped server uses the real hashers."""
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode(PASSWORD, hasher.salt())
    user.save(update_fields=["password"])


def test_production_shaped_run(world, stack):
    import json

    base, redis = stack["base"], stack["redis"]
    for role in (Role.PROFESSIONAL, Role.POLICY_ADVISOR):
        _production_password(world.a.users[role])

    # The worker is up: its heartbeat (written on start) makes /health/ say ok, not degraded.
    def healthy():
        try:
            with urllib.request.urlopen(base + "/health/", timeout=20) as r:  # noqa: S310 - loopback
                body = json.load(r)
        except OSError:  # a slow answer on a loaded machine: ask again
            return None
        return body if body["status"] == "ok" else None

    health = _wait_for(healthy, "the worker's heartbeat", timeout=180)
    assert health["database"]["vendor"] == "postgresql" and health["redis"]["status"] == "ok"
    first_beat = redis.get(runtime.HEARTBEAT_KEY)

    # A professional logs in and files a request.
    professional = Browser(base)
    professional.login(world.a.users[Role.PROFESSIONAL].username)
    status, body, _ = professional.get("/verzoeken/nieuw/")
    assert status == 200
    domain = ExperienceDomain.objects.get(municipality=world.a.municipality, slug="armoede-schulden")
    status, url = professional.post(
        "/verzoeken/nieuw/",
        {
            "title": "Steun bij post openen",
            "kind": "individual_support",
            "hours_per_week": "2",
            "urgency": "2",
            "resident_code": "AAS-4821",
            "gender_strength": "wish",
            "cultural_strength": "wish",
            "context": "Bewoner wil leren de post zelf te openen.",
            "domains_needed": [str(domain.pk)],
            "neighbourhood": str(world.a.neighbourhoods[0].pk),
            "submit": "1",
        },
    )
    assert status == 200 and re.search(r"/verzoeken/[0-9a-f-]{36}/$", url), url
    from ervaringswerk.deployment.models import DeploymentRequest

    assert (
        DeploymentRequest.objects.filter(
            municipality=world.a.municipality, title="Steun bij post openen"
        ).count()
        == 1
    )

    # A policy advisor asks for an evaluation report; the web answers at once, the worker builds it.
    advisor = Browser(base)
    advisor.login(world.a.users[Role.POLICY_ADVISOR].username)
    status, _body, _ = advisor.get("/monitoring/rapportages/")
    assert status == 200
    status, url = advisor.post("/monitoring/rapportages/", {"van": "2026-01-01", "tot": "2026-06-30"})
    match = re.search(r"/monitoring/rapportages/([0-9a-f-]{36})/$", url)
    assert status == 200 and match, url
    pk = match.group(1)

    def finished():
        status, fragment, _ = advisor.get(f"/monitoring/rapportages/{pk}/status/")
        assert status == 200
        text = fragment.decode()
        assert "mislukt" not in text
        return text if "Het rapport is klaar" in text else None

    _wait_for(finished, "the worker to build the report", timeout=240)
    status, pdf, headers = advisor.get(f"/monitoring/rapportages/{pk}/evaluatie.pdf")
    assert status == 200 and pdf.startswith(b"%PDF") and headers["Content-Type"] == "application/pdf"
    worker_log = stack["logs"]["worker"]
    worker_log.flush()
    worker_log.seek(0)
    assert "report_generate_task[" in worker_log.read().decode(
        errors="replace"
    )  # the worker did it, not the web

    # Beat is running: its heartbeat task reached the worker after the one written on start.
    _wait_for(lambda: redis.get(runtime.HEARTBEAT_KEY) != first_beat, "beat's heartbeat", timeout=120)
    for name, process in stack["processes"].items():
        assert process.poll() is None, f"{name} died"
