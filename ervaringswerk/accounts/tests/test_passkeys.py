"""Issue 12, item 1: passkeys (django-otp-webauthn) as a further second factor at the code step.

The browser's side is played by a small software authenticator below (an ES256 key made with
`cryptography`, the WebAuthn data built by hand from the specification), independent of the package's
verifier (py_webauthn): what it signs is what a real authenticator signs. The real browser, with
Chromium's virtual authenticator, is tests/e2e/test_passkeys.py."""

import hashlib
import json
import os
from base64 import urlsafe_b64decode, urlsafe_b64encode

import cbor2
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from django.test import Client
from django.urls import reverse
from django_otp_webauthn.models import WebAuthnCredential

from conftest import PASSWORD
from ervaringswerk.accounts.models import ApiToken, Role
from ervaringswerk.accounts.tests.test_two_factor import enrol, sign_in
from ervaringswerk.audit.models import AuditAction, AuditEvent

ORIGIN = "http://testserver"  # the test client's host; the RP id is then "testserver"


def b64(data: bytes) -> str:
    return urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64(text: str) -> bytes:
    return urlsafe_b64decode(text + "=" * (-len(text) % 4))


class SoftAuthenticator:
    """One passkey: a key pair, a credential id, a signature counter."""

    def __init__(self):
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = os.urandom(16)
        self.count = 0
        self.user_handle = b""

    def _cose_key(self) -> bytes:
        numbers = self.key.public_key().public_numbers()
        return cbor2.dumps(
            {1: 2, 3: -7, -1: 1, -2: numbers.x.to_bytes(32, "big"), -3: numbers.y.to_bytes(32, "big")}
        )

    def _client_data(self, kind: str, options: dict, origin: str) -> bytes:
        return json.dumps({"type": kind, "challenge": options["challenge"], "origin": origin}).encode()

    def create(self, options: dict, origin: str = ORIGIN) -> dict:
        self.user_handle = unb64(options["user"]["id"])
        rp_hash = hashlib.sha256(options["rp"]["id"].encode()).digest()
        auth_data = (
            rp_hash
            + bytes([0x45])  # user present, user verified, attested credential data
            + self.count.to_bytes(4, "big")
            + bytes(16)  # AAGUID
            + len(self.credential_id).to_bytes(2, "big")
            + self.credential_id
            + self._cose_key()
        )
        attestation = cbor2.dumps({"fmt": "none", "attStmt": {}, "authData": auth_data})
        return {
            "id": b64(self.credential_id),
            "rawId": b64(self.credential_id),
            "type": "public-key",
            "response": {
                "clientDataJSON": b64(self._client_data("webauthn.create", options, origin)),
                "attestationObject": b64(attestation),
                "transports": ["internal"],
            },
            "clientExtensionResults": {"credProps": {"rk": True}},
        }

    def get(self, options: dict, rp_id: str = "testserver", origin: str = ORIGIN) -> dict:
        self.count += 1
        auth_data = hashlib.sha256(rp_id.encode()).digest() + bytes([0x05]) + self.count.to_bytes(4, "big")
        client_data = self._client_data("webauthn.get", options, origin)
        signature = self.key.sign(auth_data + hashlib.sha256(client_data).digest(), ec.ECDSA(hashes.SHA256()))
        return {
            "id": b64(self.credential_id),
            "rawId": b64(self.credential_id),
            "type": "public-key",
            "response": {
                "clientDataJSON": b64(client_data),
                "authenticatorData": b64(auth_data),
                "signature": b64(signature),
                "userHandle": b64(self.user_handle),
            },
            "clientExtensionResults": {},
        }


@pytest.fixture(autouse=True)
def _origin(settings):
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [ORIGIN]


def post_json(client, name: str, body: dict | None = None):
    return client.post(reverse(name), data=json.dumps(body or {}), content_type="application/json")


def add_passkey(client, authenticator: SoftAuthenticator):
    options = post_json(client, "accounts:passkey_register_begin")
    assert options.status_code == 200, options.content
    return post_json(client, "accounts:passkey_register_complete", authenticator.create(options.json()))


def signed_in_with_app(world, client, role=Role.COORDINATOR):
    user = world.a.users[role]
    device, _codes = enrol(user)
    sign_in(client, user, device)
    return user, device


def password_step(client, user):
    response = client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302 and response.url == reverse("accounts:login_code")


def passkey_step(client, authenticator: SoftAuthenticator):
    options = post_json(client, "accounts:passkey_login_begin")
    assert options.status_code == 200, options.content
    return post_json(client, "accounts:passkey_login_complete", authenticator.get(options.json()))


def events(user, action):
    return AuditEvent.objects.filter(action=action, object_id=str(user.pk)).count()


def test_a_user_with_the_app_adds_a_passkey_and_signs_in_with_password_and_passkey(world, client):
    user, _device = signed_in_with_app(world, client)
    authenticator = SoftAuthenticator()
    response = add_passkey(client, authenticator)
    assert response.status_code == 200, response.content
    credential = WebAuthnCredential.objects.get(user=user)
    assert credential.credential_id == authenticator.credential_id and credential.name == "Passkey 1"
    assert events(user, AuditAction.PASSKEY_ADDED) == 1
    page = client.get(reverse("accounts:two_factor")).content.decode()
    assert 'id="passkey-list"' in page and "Passkey 1" in page
    assert 'type="module" src="/static/django_otp_webauthn/otp_webauthn_register.js"' in page
    assert 'id="otp_webauthn_config" type="application/json"' in page  # data, not an inline script

    client.post(reverse("accounts:logout"))
    password_step(client, user)
    page = client.get(reverse("accounts:login_code")).content.decode()
    assert 'id="passkey-verification-button"' in page
    response = passkey_step(client, authenticator)
    assert response.status_code == 200, response.content
    assert response.json()["redirect_url"] == "/"
    assert client.get(reverse("accounts:api_token")).status_code == 200  # signed in
    assert client.session.get("otp_device_id")  # and verified (django-otp)
    assert events(user, AuditAction.PASSKEY_USED) == 1
    credential.refresh_from_db()
    assert credential.sign_count == 1 and credential.last_used_at is not None


def test_another_users_passkey_is_refused_at_the_code_step(world, client):
    other = world.a.users[Role.POLICY_ADVISOR]
    other_client = Client()
    other_device, _codes = enrol(other)
    sign_in(other_client, other, other_device)
    theirs = SoftAuthenticator()
    assert add_passkey(other_client, theirs).status_code == 200

    user, _device = signed_in_with_app(world, client)
    assert add_passkey(client, SoftAuthenticator()).status_code == 200
    client.post(reverse("accounts:logout"))
    password_step(client, user)
    options = post_json(client, "accounts:passkey_login_begin").json()
    # Only this user's own passkeys are offered ...
    assert [c["id"] for c in options["allowCredentials"]] != [b64(theirs.credential_id)]
    # ... and one of another account, signing this challenge, does not sign in.
    theirs.user_handle = b""
    response = post_json(client, "accounts:passkey_login_complete", theirs.get(options))
    assert response.status_code == 400 and response.json()["status"] == 400
    assert "_auth_user_id" not in client.session
    assert events(user, AuditAction.TWO_FACTOR_FAILED) == 1


def test_a_removed_passkey_no_longer_works(world, client):
    user, _device = signed_in_with_app(world, client)
    authenticator = SoftAuthenticator()
    add_passkey(client, authenticator)
    credential = WebAuthnCredential.objects.get(user=user)
    response = client.post(reverse("accounts:passkey_remove", args=[credential.pk]))
    assert response.status_code == 302 and not WebAuthnCredential.objects.filter(user=user).exists()
    assert events(user, AuditAction.PASSKEY_REMOVED) == 1

    client.post(reverse("accounts:logout"))
    password_step(client, user)
    assert post_json(client, "accounts:passkey_login_begin").status_code == 400  # none left to offer


def test_a_removed_passkey_is_refused_even_with_a_challenge_in_hand(world, client):
    user, _device = signed_in_with_app(world, client)
    first, second = SoftAuthenticator(), SoftAuthenticator()
    add_passkey(client, first)
    add_passkey(client, second)
    client.post(reverse("accounts:logout"))
    password_step(client, user)
    options = post_json(client, "accounts:passkey_login_begin").json()
    WebAuthnCredential.objects.filter(user=user, credential_id=first.credential_id).delete()
    response = post_json(client, "accounts:passkey_login_complete", first.get(options))
    assert response.status_code == 400 and "_auth_user_id" not in client.session
    assert "kennen we niet" in response.json()["detail"]


def test_nobody_removes_another_persons_passkey(world, client, client_for):
    user, _device = signed_in_with_app(world, client)
    add_passkey(client, SoftAuthenticator())
    credential = WebAuthnCredential.objects.get(user=user)
    other = client_for(world.a.users[Role.ADMINISTRATOR])
    assert other.post(reverse("accounts:passkey_remove", args=[credential.pk])).status_code == 404
    assert WebAuthnCredential.objects.filter(pk=credential.pk).exists()


def test_a_signature_is_used_once_and_for_this_site_only(world, client):
    user, _device = signed_in_with_app(world, client)
    authenticator = SoftAuthenticator()
    add_passkey(client, authenticator)
    client.post(reverse("accounts:logout"))
    password_step(client, user)
    options = post_json(client, "accounts:passkey_login_begin").json()
    # Signed for another site (a phishing copy): refused.
    wrong_site = authenticator.get(options, origin="https://ervaringswerk.example.com")
    assert post_json(client, "accounts:passkey_login_complete", wrong_site).status_code == 400
    # The challenge is gone after one answer: the right answer to it now is refused as well.
    assert post_json(client, "accounts:passkey_login_complete", authenticator.get(options)).status_code == 400
    assert "_auth_user_id" not in client.session


def test_adding_a_passkey_needs_the_app_and_a_verified_session(world, client_for):
    plain = client_for(world.a.users[Role.PEER_WORKER])  # no second factor at all
    response = post_json(plain, "accounts:passkey_register_begin")
    assert response.status_code == 403
    user = world.a.users[Role.COORDINATOR]
    enrol(user)
    unverified = client_for(user)  # signed in, the code step not passed
    assert post_json(unverified, "accounts:passkey_register_begin").status_code in (302, 403)
    assert not WebAuthnCredential.objects.filter(user=user).exists()
    assert post_json(Client(), "accounts:passkey_register_begin").status_code == 403  # anonymous


def test_turning_two_factor_off_removes_the_passkeys(world, client):
    user, _device = signed_in_with_app(world, client)
    add_passkey(client, SoftAuthenticator())
    client.post(reverse("accounts:two_factor"), {"action": "remove"})
    user.refresh_from_db()
    assert not user.second_factor_enabled and not WebAuthnCredential.objects.filter(user=user).exists()


def test_a_passkey_satisfies_the_admin_and_token_creation(world, client, settings):
    settings.EW_REQUIRE_2FA = True
    user, _device = signed_in_with_app(world, client)
    authenticator = SoftAuthenticator()
    add_passkey(client, authenticator)
    client.post(reverse("accounts:logout"))
    password_step(client, user)
    assert passkey_step(client, authenticator).status_code == 200
    response = client.post(reverse("accounts:api_token"), {"name": "koppeling"})
    assert response.status_code == 200 and ApiToken.objects.filter(user=user).count() == 1


def test_the_passkey_script_texts_are_dutch_and_english(db, client):
    dutch = client.get(reverse("accounts:passkey_jsi18n")).content.decode()
    assert "Passkey toevoegen" in dutch
    client.cookies["django_language"] = "en"
    assert client.get(reverse("accounts:passkey_jsi18n")).status_code == 200
