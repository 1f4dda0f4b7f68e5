"""Runtime health: /health/ tells database, Redis and worker apart; a database outage answers 503."""

from unittest import mock

import pytest
from django.db import OperationalError, connection, connections
from django.test import Client
from django.urls import reverse

from ervaringswerk.core import runtime
from ervaringswerk.core.tasks import worker_heartbeat
from ervaringswerk.core.tenancy import Role

REDIS_TEST_URL = "redis://127.0.0.1:6379/15"  # a database of its own on the machine's Redis


@pytest.fixture
def queued(settings):
    """A deployment with a broker and a worker (not eager), on a Redis database of the test's own."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.REDIS_URL = REDIS_TEST_URL
    client = runtime.redis_client()
    client.delete(runtime.HEARTBEAT_KEY)
    yield client
    client.delete(runtime.HEARTBEAT_KEY)


def test_health_in_eager_mode_is_ok_without_broker_or_worker(client, db):
    body = client.get(reverse("health")).json()
    assert body == {
        "status": "ok",
        "database": {"status": "ok", "vendor": connection.vendor},
        "redis": {"status": "eager"},
        "worker": {"status": "eager"},
    }


def test_health_ok_with_a_fresh_worker_heartbeat(client, db, queued):
    worker_heartbeat()  # what the worker runs on start and every 15 s (beat)
    response = client.get(reverse("health"))
    body = response.json()
    assert response.status_code == 200 and body["status"] == "ok"
    assert body["redis"] == {"status": "ok"} and body["worker"]["status"] == "ok"
    assert body["worker"]["heartbeat_age_seconds"] < 60


def test_health_is_degraded_when_the_worker_is_silent(client, db, queued, settings):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["worker"] == {"status": "error", "error": "no heartbeat"}
    runtime.heartbeat_write(client=queued, now=0.0)  # a heartbeat from long ago: the worker died
    body = client.get(reverse("health")).json()
    assert body["status"] == "degraded" and body["worker"]["status"] == "error"
    assert body["worker"]["heartbeat_age_seconds"] > settings.EW_WORKER_HEARTBEAT_MAX_AGE


def test_health_is_degraded_when_redis_is_down(client, db, queued, settings):
    settings.REDIS_URL = "redis://127.0.0.1:9/0"  # nothing listens there
    response = client.get(reverse("health"))
    body = response.json()
    assert response.status_code == 200 and body["status"] == "degraded"
    assert body["database"]["status"] == "ok"
    assert body["redis"]["status"] == "error" and body["worker"] == {"status": "unknown"}


@pytest.fixture
def database_down():
    """Every query fails as it does with PostgreSQL stopped (connection refused)."""
    refused = OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')
    with mock.patch.object(type(connections["default"]), "cursor", side_effect=refused):
        yield


def test_health_is_503_when_the_database_is_down_even_with_the_worker_alive(
    client, db, queued, database_down
):
    runtime.heartbeat_write(client=queued)
    response = client.get(reverse("health"))
    body = response.json()
    assert response.status_code == 503 and body["status"] == "error"
    assert body["database"]["error"] == "OperationalError"
    assert body["worker"]["status"] == "ok" and body["redis"]["status"] == "ok"


def test_pages_answer_503_with_retry_after_when_the_database_is_down(world, db):
    browser = Client(raise_request_exception=False)
    browser.force_login(world.a.users[Role.COORDINATOR])
    with mock.patch.object(
        type(connections["default"]), "cursor", side_effect=OperationalError("Connection refused")
    ):
        page = browser.get(reverse("pool:overview"))
        form_post = browser.post(reverse("accounts:login"), {"username": "x", "password": "y"})
    for response in (page, form_post):
        assert response.status_code == 503
        assert response["Retry-After"] == "10"
        html = response.content.decode()
        assert "Ervaringswerk is even niet bereikbaar" in html and 'lang="nl"' in html


def test_the_api_answers_problem_json_503_when_the_database_is_down(world, db):
    api = Client(raise_request_exception=False)
    api.force_login(world.a.users[Role.COORDINATOR])
    with mock.patch.object(
        type(connections["default"]), "cursor", side_effect=OperationalError("Connection refused")
    ):
        response = api.get("/api/v1/peer-workers/")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    assert response["Retry-After"] == "10"
    assert response.json()["status"] == 503 and response.json()["title"] == "Tijdelijk niet beschikbaar"


def test_a_real_bug_still_answers_500_not_503(world, db):
    from ervaringswerk.core import views

    browser = Client(raise_request_exception=False)
    browser.force_login(world.a.users[Role.COORDINATOR])
    with mock.patch.object(views, "START_PAGES", {}):  # KeyError in the home view
        response = browser.get(reverse("core:home"))
    assert response.status_code == 500 and "Retry-After" not in response


def test_metrics_are_closed_to_the_world_and_open_to_the_token_or_allowed_address(client, db, settings):
    assert client.get("/metrics/").status_code == 404  # nothing configured: as if absent
    settings.EW_METRICS_TOKEN = "s3cret-scrape-token"
    assert client.get("/metrics/").status_code == 404
    assert client.get("/metrics/", HTTP_AUTHORIZATION="Bearer wrong").status_code == 404
    response = client.get("/metrics/", HTTP_AUTHORIZATION="Bearer s3cret-scrape-token")
    assert response.status_code == 200
    assert b"django_http_requests_total_by_method_total" in response.content
    settings.EW_METRICS_TOKEN = ""
    settings.EW_METRICS_ALLOWED_IPS = ["10.0.0.5"]
    assert client.get("/metrics/").status_code == 404  # the test client is 127.0.0.1
    assert client.get("/metrics/", REMOTE_ADDR="10.0.0.5").status_code == 200


def test_log_lines_are_json_with_the_request_id(world, client_for, capsys):
    import json
    import logging.config

    from config.logging import configure

    logging.config.dictConfig(configure(level="INFO", fmt="json"))
    try:
        client_for(world.a.users[Role.COORDINATOR]).get(reverse("pool:overview"), HTTP_X_REQUEST_ID="abc")
        lines = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line.startswith("{")]
    finally:
        from django.conf import settings

        logging.config.dictConfig(settings.LOGGING)
    finished = [line for line in lines if line.get("event") == "request_finished"]
    assert finished, lines
    assert finished[0]["request_id"] and finished[0]["code"] == 200 and finished[0]["level"] == "info"
    assert all("ip" not in line for line in lines)  # no IP addresses in the logs
