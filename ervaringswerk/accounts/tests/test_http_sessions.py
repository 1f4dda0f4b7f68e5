"""Issue 12, item 9: headers, the production secret key, trusted proxies and session limits."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse

from conftest import PASSWORD
from ervaringswerk.accounts.middleware import SESSION_AUTH_AT, SESSION_SEEN_AT, _now
from ervaringswerk.accounts.models import Role
from ervaringswerk.audit.models import AuditAction, AuditEvent
from ervaringswerk.core.client_ip import client_ip

ROOT = Path(__file__).resolve().parents[3]


# --- headers -------------------------------------------------------------------------------------


def test_every_response_has_a_permissions_policy(world, client_for):
    anonymous = client_for(None)
    responses = [
        anonymous.get(reverse("accounts:login")),
        anonymous.get("/bestaat-niet/"),
        anonymous.get("/health/"),
        anonymous.get("/static/css/app.css"),
        anonymous.get("/api/v1/me/"),
        client_for(world.a.users[Role.COORDINATOR]).get("/"),
    ]
    for response in responses:
        policy = response.headers.get("Permissions-Policy", "")
        assert "camera=()" in policy and "geolocation=()" in policy and "microphone=()" in policy


def test_every_signed_in_page_and_every_api_response_is_no_store(world, client_for, api_client):
    client = client_for(world.a.users[Role.COORDINATOR])
    for path in ("/", reverse("pool:overview"), reverse("accounts:api_token"), "/bestaat-niet/"):
        assert client.get(path, follow=True).headers["Cache-Control"] == "no-store", path
    api_client.force_authenticate(world.a.users[Role.COORDINATOR])
    assert api_client.get("/api/v1/peer-workers/").headers["Cache-Control"] == "no-store"
    # The API also when nobody is signed in (a 401 may still say what exists).
    assert client_for(None).get("/api/v1/me/").headers["Cache-Control"] == "no-store"


# --- the production secret key -------------------------------------------------------------------


def _boot_production(secret_key):
    env = {
        "DJANGO_ENV": "production",
        "DJANGO_ALLOWED_HOSTS": "ervaringswerk.example.nl",
        "PATH": "/usr/bin:/bin",
    }
    if secret_key is not None:
        env["DJANGO_SECRET_KEY"] = secret_key
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", "import django; django.setup(); print('booted')"],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("key", [None, "", "abc", "k7#" * 16, "a" * 60])
def test_production_refuses_to_boot_with_a_missing_short_or_repetitive_secret_key(key):
    result = _boot_production(key)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "DJANGO_SECRET_KEY" in result.stderr
    assert "booted" not in result.stdout


def test_production_boots_with_a_long_random_secret_key():
    result = _boot_production("x9!" + "k" * 20 + "Q7#p2L@v8Zr$" + "m" * 20 + "w4&")
    assert result.returncode == 0, result.stderr
    assert "booted" in result.stdout


# --- the client's address ------------------------------------------------------------------------


def _request(remote, forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_without_trusted_proxies_the_connecting_address_is_the_client(settings):
    settings.EW_TRUSTED_PROXIES = []
    assert client_ip(_request("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


def test_a_forged_forwarded_for_from_an_untrusted_address_is_ignored(settings):
    settings.EW_TRUSTED_PROXIES = ["10.0.0.0/8"]
    # The client names a trusted proxy inside the header itself: still only its own address counts.
    assert client_ip(_request("203.0.113.7", "198.51.100.1, 10.0.0.5")) == "203.0.113.7"


def test_behind_a_trusted_proxy_the_forwarded_client_is_used(settings):
    settings.EW_TRUSTED_PROXIES = ["10.0.0.0/8", "192.0.2.10"]
    assert client_ip(_request("10.0.0.5", "198.51.100.1")) == "198.51.100.1"
    # Two trusted hops; whatever the client wrote left of the first untrusted address is ignored.
    assert client_ip(_request("10.0.0.5", "1.2.3.4, 198.51.100.1, 192.0.2.10")) == "198.51.100.1"
    assert client_ip(_request("10.0.0.5", "nonsense")) == "10.0.0.5"
    assert client_ip(_request("10.0.0.5")) == "10.0.0.5"


def test_lockout_and_audit_use_the_trusted_client_address(world, client, settings):
    settings.EW_TRUSTED_PROXIES = ["10.0.0.0/8"]
    user = world.a.users[Role.COORDINATOR]
    url = reverse("accounts:login")
    # A forged header from an untrusted address: the failure is recorded under the real address...
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            url,
            {"username": user.username, "password": "fout"},
            REMOTE_ADDR="203.0.113.7",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{_}",
        )
    failed = AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED)
    assert {e.ip_address for e in failed} == {"203.0.113.7"}
    # ...so changing the header does not dodge the lockout,
    locked = client.post(
        url,
        {"username": user.username, "password": PASSWORD},
        REMOTE_ADDR="203.0.113.7",
        HTTP_X_FORWARDED_FOR="198.51.100.200",
    )
    assert "Te veel mislukte inlogpogingen" in locked.content.decode()
    # while the same user behind the trusted proxy, from another client, may sign in.
    ok = client.post(
        url,
        {"username": user.username, "password": PASSWORD},
        REMOTE_ADDR="10.0.0.5",
        HTTP_X_FORWARDED_FOR="198.51.100.9",
    )
    assert ok.status_code == 302
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN, actor=user).get().ip_address == "198.51.100.9"


# --- session limits ------------------------------------------------------------------------------


def _signed_in(client, user):
    response = client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _shift(client, **seconds_ago):
    session = client.session
    for key, ago in seconds_ago.items():
        session[{"auth": SESSION_AUTH_AT, "seen": SESSION_SEEN_AT}[key]] = _now() - ago
    session.save()


def test_a_session_idle_longer_than_the_limit_is_ended(world, client):
    assert settings.EW_SESSION_IDLE_MINUTES == 30
    _signed_in(client, world.a.users[Role.COORDINATOR])
    _shift(client, seen=29 * 60)
    assert client.get(reverse("pool:overview")).status_code == 200  # 29 minutes: still signed in
    _shift(client, seen=31 * 60)
    response = client.get(reverse("pool:overview"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
    page = client.get(response.url).content.decode()
    assert "30 minuten niets heeft gedaan" in page
    assert client.get(reverse("pool:overview")).status_code == 302  # really signed out
    assert AuditEvent.objects.filter(action=AuditAction.LOGOUT).exists()


def test_activity_keeps_the_session_but_not_past_eight_hours(world, client):
    _signed_in(client, world.a.users[Role.COORDINATOR])
    _shift(client, auth=7 * 3600 + 50 * 60, seen=5 * 60)  # active all day, 7h50 after the login
    assert client.get(reverse("pool:overview")).status_code == 200
    _shift(client, auth=8 * 3600 + 60, seen=60)
    response = client.get(reverse("pool:overview"))
    assert response.status_code == 302
    assert "langer dan 8 uur ingelogd" in client.get(response.url).content.decode()


def test_the_idle_limit_is_a_setting(world, client, settings):
    settings.EW_SESSION_IDLE_MINUTES = 5
    _signed_in(client, world.a.users[Role.COORDINATOR])
    _shift(client, seen=6 * 60)
    assert client.get(reverse("pool:overview")).status_code == 302


def test_an_idle_api_session_answers_as_signed_out(world, client):
    _signed_in(client, world.a.users[Role.COORDINATOR])
    assert client.get("/api/v1/me/").status_code == 200
    _shift(client, seen=31 * 60)
    assert client.get("/api/v1/me/").status_code in {401, 403}


def test_a_forced_login_starts_counting_at_its_first_request(world, client_for):
    client = client_for(world.a.users[Role.COORDINATOR])
    assert client.get(reverse("pool:overview")).status_code == 200
    assert SESSION_AUTH_AT in client.session and SESSION_SEEN_AT in client.session


def test_tests_run_with_the_second_factor_off_by_default():
    assert os.environ.get("DJANGO_ENV") != "production"
    assert settings.EW_REQUIRE_2FA is False
