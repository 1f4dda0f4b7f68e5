"""Issue 12, item 1: a second factor (TOTP app plus one-time recovery codes) with django-otp.

Codes are computed with pyotp, an implementation independent of django-otp, as an authenticator app would."""

import re
import time
from base64 import b32encode
from datetime import timedelta

import pyotp
import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD
from ervaringswerk.accounts.models import ApiToken, Role
from ervaringswerk.accounts.services import totp_enrolment_confirm, totp_enrolment_start
from ervaringswerk.accounts.views import SESSION_PENDING
from ervaringswerk.audit.models import AuditAction, AuditEvent
from ervaringswerk.beheer.tests.test_console import RETENTION_DEFAULTS


def app_code(device, offset: int = 0) -> str:
    """What the user's app shows `offset` seconds from now."""
    return pyotp.TOTP(b32encode(device.bin_key).decode()).at(time.time() + offset)


def enrol(user) -> tuple[TOTPDevice, list[str]]:
    device = totp_enrolment_start(user=user)
    confirmed, codes = totp_enrolment_confirm(user=user, code=app_code(device))
    assert confirmed is not None
    user.refresh_from_db()
    return confirmed, codes


def allow_reuse(device) -> None:
    """Tests type several codes within one 30-second step; the app would have moved on."""
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1, throttling_failure_count=0)


def sign_in(client, user, device):
    """Password, then the app's code: a session that passed the second factor."""
    response = client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302 and response.url == reverse("accounts:login_code")
    allow_reuse(device)
    client.last_code = app_code(device)
    response = client.post(reverse("accounts:login_code"), {"code": client.last_code})
    assert response.status_code == 302, response.content.decode()[-2000:]
    return client


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


# --- enrolment -----------------------------------------------------------------------------------


def test_a_coordinator_sets_up_the_app_and_gets_recovery_codes_once(world, client_for):
    user = world.a.users[Role.COORDINATOR]
    client = client_for(user)
    page = client.get(reverse("accounts:two_factor")).content.decode()
    assert "<svg" in page and 'class="ew-qr"' in page  # the QR code, inline
    secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', page).group(1).replace(" ", "")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert b32encode(device.bin_key).decode().rstrip("=") == secret
    # Reloading shows the same key (the same unconfirmed device).
    assert secret in client.get(reverse("accounts:two_factor")).content.decode().replace(" ", "")

    code = pyotp.TOTP(secret).now()
    page = client.post(reverse("accounts:two_factor"), {"action": "confirm", "code": code}).content.decode()
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", page)
    assert len(codes) == 10 and "Tweestapsverificatie staat aan." in page
    user.refresh_from_db()
    assert user.second_factor_enabled
    assert set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True)) == set(codes)
    # This session counts as verified and keeps working; the codes are never shown again.
    assert client.get(reverse("pool:overview")).status_code == 200
    later = client.get(reverse("accounts:two_factor")).content.decode()
    assert not any(c in later for c in codes) and "10 ongebruikte herstelcodes" in later
    event = AuditEvent.objects.get(action=AuditAction.TWO_FACTOR_ENABLED)
    assert event.actor == user and event.object_id == str(user.pk) and secret not in str(event.__dict__)


def test_a_wrong_code_at_enrolment_is_refused_in_dutch_and_kept_in_the_form(world, client_for):
    user = world.a.users[Role.PROFESSIONAL]
    client = client_for(user)
    client.get(reverse("accounts:two_factor"))
    device = TOTPDevice.objects.get(user=user)
    wrong = _wrong(app_code(device))
    page = client.post(reverse("accounts:two_factor"), {"action": "confirm", "code": wrong}).content.decode()
    assert "Deze code klopt niet" in page and f'value="{wrong}"' in page
    user.refresh_from_db()
    assert not user.second_factor_enabled
    assert AuditEvent.objects.filter(action=AuditAction.TWO_FACTOR_FAILED, object_id=str(user.pk)).exists()


def test_turning_the_second_factor_on_ends_other_sessions(world, client_for):
    user = world.a.users[Role.COORDINATOR]
    other = Client()
    other.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    assert other.get(reverse("pool:overview")).status_code == 200
    client = client_for(user)
    client.get(reverse("accounts:two_factor"))
    device = TOTPDevice.objects.get(user=user)
    client.post(reverse("accounts:two_factor"), {"action": "confirm", "code": app_code(device)})
    assert client.get(reverse("pool:overview")).status_code == 200
    assert other.get(reverse("pool:overview")).status_code == 302


# --- the code step -------------------------------------------------------------------------------


def test_after_the_password_the_code_step_follows_and_a_wrong_code_is_refused(world, client):
    user = world.a.users[Role.COORDINATOR]
    device, _codes = enrol(user)
    response = client.post(
        reverse("accounts:login") + "?next=/uren/", {"username": user.username, "password": PASSWORD}
    )
    assert response.url == reverse("accounts:login_code")
    # Not signed in yet: the password alone opens nothing, and no login event was written.
    assert client.get(reverse("pool:overview")).status_code == 302
    assert not AuditEvent.objects.filter(action=AuditAction.LOGIN, actor=user).exists()

    allow_reuse(device)
    refused = client.post(reverse("accounts:login_code"), {"code": _wrong(app_code(device))})
    assert refused.status_code == 200
    assert "Deze code klopt niet" in refused.content.decode()
    failed = AuditEvent.objects.get(action=AuditAction.TWO_FACTOR_FAILED, object_id=str(user.pk))
    assert failed.actor == user and failed.details == {"step": "login"}

    # The next try must wait (django-otp throttling); move the failure back instead of sleeping.
    again = client.post(reverse("accounts:login_code"), {"code": app_code(device)})
    assert "Te veel verkeerde codes" in again.content.decode()
    device.refresh_from_db()
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=device.throttling_failure_timestamp - timedelta(seconds=5)
    )
    ok = client.post(reverse("accounts:login_code"), {"code": app_code(device)})
    assert ok.status_code == 302 and ok.url == "/uren/"
    assert client.get(reverse("pool:overview")).status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN, actor=user).exists()


def test_an_app_code_cannot_be_used_twice(world, client):
    user = world.a.users[Role.COORDINATOR]
    device, _codes = enrol(user)
    sign_in(client, user, device)
    used = client.last_code  # the very code accepted (a fresh one could belong to the next 30-second step)
    client.post(reverse("accounts:logout"))
    client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    page = client.post(reverse("accounts:login_code"), {"code": used}).content.decode()
    assert "Deze code klopt niet" in page


def test_a_recovery_code_works_once_and_is_audited(world, client):
    user = world.a.users[Role.TEAM_LEAD]
    _device, codes = enrol(user)
    client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    response = client.post(reverse("accounts:login_code"), {"code": codes[0].upper()}, follow=True)
    assert "Nog 9 over" in response.content.decode()
    event = AuditEvent.objects.get(action=AuditAction.RECOVERY_CODE_USED)
    assert event.actor == user and event.details == {"left": 9} and codes[0] not in str(event.__dict__)
    client.post(reverse("accounts:logout"))
    client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    again = client.post(reverse("accounts:login_code"), {"code": codes[0]})
    assert "Deze code klopt niet" in again.content.decode()


def test_new_recovery_codes_replace_the_old_ones(world, client):
    user = world.a.users[Role.COORDINATOR]
    device, old = enrol(user)
    sign_in(client, user, device)
    page = client.post(reverse("accounts:two_factor"), {"action": "codes"}).content.decode()
    new = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", page)
    assert len(new) == 10 and not set(new) & set(old)
    assert StaticDevice.objects.filter(user=user).count() == 1
    assert AuditEvent.objects.filter(action=AuditAction.RECOVERY_CODES_RENEWED, actor=user).exists()


def test_the_code_must_follow_the_password_within_five_minutes(world, client):
    user = world.a.users[Role.COORDINATOR]
    device, _codes = enrol(user)
    client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    session = client.session
    session[SESSION_PENDING] = {**session[SESSION_PENDING], "at": time.time() - 301}
    session.save()
    allow_reuse(device)
    response = client.post(reverse("accounts:login_code"), {"code": app_code(device)})
    assert response.status_code == 302 and response.url == reverse("accounts:login")
    assert client.get(reverse("pool:overview")).status_code == 302


def test_a_session_signed_in_before_the_second_factor_must_pass_it(world, client_for):
    """force_login (and a session from before enrolment on another device) has no verified factor."""
    user = world.a.users[Role.COORDINATOR]
    device, _codes = enrol(user)
    client = client_for(user)
    response = client.get(reverse("pool:overview"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login_code"))
    assert client.get("/api/v1/me/").status_code == 403
    allow_reuse(device)
    done = client.post(response.url, {"code": app_code(device)})
    assert done.status_code == 302 and done.url == reverse("pool:overview")
    assert client.get(reverse("pool:overview")).status_code == 200


def test_the_next_address_after_the_code_stays_on_this_site(world, client):
    user = world.a.users[Role.COORDINATOR]
    device, _codes = enrol(user)
    client.post(
        reverse("accounts:login") + "?next=https://evil.example/",
        {"username": user.username, "password": PASSWORD},
    )
    allow_reuse(device)
    response = client.post(reverse("accounts:login_code"), {"code": app_code(device)})
    assert response.status_code == 302 and "evil" not in response.url


# --- who must have it (EW_REQUIRE_2FA) -----------------------------------------------------------


@pytest.fixture
def required(settings):
    settings.EW_REQUIRE_2FA = True
    return settings


def test_with_the_setting_on_every_role_but_peer_workers_is_sent_to_enrolment_first(
    world, client_for, required
):
    must = [*(world.a.users[r] for r in Role if r != Role.PEER_WORKER), world.platform_admin]
    for user in must:
        client = client_for(user)
        response = client.get("/")
        assert response.status_code == 302, user
        assert response.url.startswith(reverse("accounts:two_factor")), user
        assert client.get("/api/v1/me/").status_code == 403
        page = client.get(response.url).content.decode()
        assert "verplicht voor uw account" in page
    peer = client_for(world.a.users[Role.PEER_WORKER])
    assert peer.get(reverse("core:my_work")).status_code == 200


def test_a_municipality_can_require_it_of_its_peer_workers(world, client_for, required):
    from ervaringswerk.core.services import municipality_settings_update

    municipality_settings_update(municipality=world.a.municipality, require_2fa_for_peer_workers=True)
    response = client_for(world.a.users[Role.PEER_WORKER]).get("/")
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:two_factor"))
    # Municipality B did not: its peer workers are not asked.
    assert client_for(world.b.users[Role.PEER_WORKER]).get(reverse("core:my_work")).status_code == 200


def test_a_peer_worker_may_turn_it_on_and_off_again(world, client_for, required):
    user = world.a.users[Role.PEER_WORKER]
    client = client_for(user)
    client.get(reverse("accounts:two_factor"))
    device = TOTPDevice.objects.get(user=user)
    client.post(reverse("accounts:two_factor"), {"action": "confirm", "code": app_code(device)})
    client.post(reverse("accounts:two_factor"), {"action": "remove"})
    user.refresh_from_db()
    assert not user.second_factor_enabled and not TOTPDevice.objects.filter(user=user).exists()
    assert AuditEvent.objects.filter(action=AuditAction.TWO_FACTOR_DISABLED, actor=user).exists()


def test_a_required_second_factor_cannot_be_turned_off(world, client, required):
    user = world.a.users[Role.COORDINATOR]
    device, _codes = enrol(user)
    sign_in(client, user, device)
    page = client.post(reverse("accounts:two_factor"), {"action": "remove"}, follow=True).content.decode()
    assert "verplicht voor uw account en blijft aan" in page
    user.refresh_from_db()
    assert user.second_factor_enabled


def test_the_admin_needs_a_verified_second_factor(world, client, client_for, required):
    admin_user = world.platform_admin
    assert client_for(admin_user).get(reverse("admin:index")).status_code == 302  # enrolment first
    device, _codes = enrol(admin_user)
    client = client_for(admin_user)  # signed in, factor not passed
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login_code"))
    client.logout()
    sign_in(client, admin_user, device)
    assert client.get(reverse("admin:index")).status_code == 200
    # The admin's own password-only login page leads to ours.
    client.logout()
    assert client.get(reverse("admin:login")).url.startswith(reverse("accounts:login"))


def test_the_admin_shows_no_secrets_and_resets_a_lost_phone(world, client, settings):
    user = world.a.users[Role.COORDINATOR]
    enrol(user)
    assert not admin.site.is_registered(TOTPDevice) and not admin.site.is_registered(StaticDevice)
    client.force_login(world.platform_admin, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [str(user.pk)]},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.second_factor_enabled and not TOTPDevice.objects.filter(user=user).exists()
    event = AuditEvent.objects.get(action=AuditAction.TWO_FACTOR_DISABLED, object_id=str(user.pk))
    assert event.actor == world.platform_admin


def test_creating_an_api_token_needs_a_verified_second_factor(world, client_for, client, required):
    peer = world.a.users[Role.PEER_WORKER]  # may sign in without one, but gets no token without one
    peer_client = client_for(peer)
    page = peer_client.get(reverse("accounts:api_token")).content.decode()
    assert "bevestigde tweede factor" in page
    assert peer_client.post(reverse("accounts:api_token"), {"name": "koppeling"}).status_code == 403
    assert not ApiToken.objects.filter(user=peer).exists()
    device, _codes = enrol(peer)
    client.logout()
    sign_in(client, peer, device)
    client.post(reverse("accounts:api_token"), {"name": "koppeling"})
    assert ApiToken.objects.filter(user=peer).exists()


def test_the_token_api_needs_a_verified_second_factor_too(world, client_for, required):
    peer = world.a.users[Role.PEER_WORKER]
    response = client_for(peer).post(
        "/api/v1/me/tokens/", {"name": "koppeling"}, content_type="application/json"
    )
    assert response.status_code == 403 and not ApiToken.objects.filter(user=peer).exists()


def test_the_login_page_says_when_the_second_factor_is_off(db, client, settings):
    settings.EW_REQUIRE_2FA = False
    assert 'id="two-factor-off"' in client.get(reverse("accounts:login")).content.decode()
    settings.EW_REQUIRE_2FA = True
    assert 'id="two-factor-off"' not in client.get(reverse("accounts:login")).content.decode()


def test_the_second_factor_pages_speak_english_when_chosen(world, client_for):
    user = world.a.users[Role.COORDINATOR]
    client = client_for(user)
    client.cookies["django_language"] = "en"
    assert "Two-step verification" in client.get(reverse("accounts:two_factor")).content.decode()
    enrol(user)
    client = Client()
    client.cookies["django_language"] = "en"
    client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    assert "Enter the code" in client.get(reverse("accounts:login_code")).content.decode()


def test_the_municipal_administrator_sets_the_peer_worker_requirement_on_beheer(world, client_for):
    client = client_for(world.a.users[Role.ADMINISTRATOR])
    response = client.post(
        reverse("beheer:settings"),
        {
            "activation_definition": "ladder_step",
            "small_number_threshold": "",
            "default_max_residents": "3",
            "default_weekly_hours": "8",
            "require_2fa_for_peer_workers": "on",
            **RETENTION_DEFAULTS,
        },
    )
    assert response.status_code == 302
    world.a.municipality.refresh_from_db()
    assert world.a.municipality.require_2fa_for_peer_workers
    event = AuditEvent.objects.filter(
        object_id=str(world.a.municipality.pk), action=AuditAction.UPDATE
    ).latest("timestamp")
    assert "require_2fa_for_peer_workers" in event.changed_fields
