"""Issue 12 in a real browser: passkeys with Chromium's virtual authenticator (DevTools WebAuthn domain).

A coordinator with the app adds a passkey on /account/tweestapsverificatie/ through django-otp-webauthn's own
script (a static file, under the site's Content Security Policy: the context does not bypass it), logs out,
logs in with password + passkey, removes the passkey, and the removed passkey no longer signs in.
http://localhost counts as a secure context in Chromium, so WebAuthn works on the live server."""

import pyotp
import pytest
from playwright.sync_api import expect

from conftest import PASSWORD, make_tenant
from ervaringswerk.accounts.models import Role
from tests.e2e.conftest import open_menu, screenshot


def _password_step(page, username):
    page.goto(f"{page.base_url}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state("domcontentloaded")


def _logout(page):
    open_menu(page)
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_load_state("domcontentloaded")


@pytest.fixture
def coordinator(live_server, settings):
    settings.EW_REQUIRE_2FA = True  # as in production
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]  # http://localhost:<port>
    tenant = make_tenant("Aastad", "GM0001")
    return tenant.users[Role.COORDINATOR]


def _virtual_authenticator(page):
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    return cdp


def test_a_passkey_is_added_used_after_the_password_and_stops_working_when_removed(coordinator, page):
    assert page.base_url.startswith("http://localhost:")
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    _virtual_authenticator(page)

    # The app first (required for a coordinator), then the passkey on the same page.
    _password_step(page, coordinator.username)
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    app = pyotp.TOTP(secret)
    page.get_by_label("Code").fill(app.now())
    page.get_by_role("button", name="Bevestigen").click()
    page.wait_for_load_state("domcontentloaded")
    page.goto(f"{page.base_url}/account/tweestapsverificatie/")
    page.get_by_role("button", name="Passkey toevoegen").click()
    page.locator("#passkey-list").wait_for()
    expect(page.get_by_text("De passkey is toegevoegd.")).to_be_visible()
    assert page.locator("#passkey-list tbody tr").count() == 1
    screenshot(page, "two-factor-passkey-added")
    _logout(page)

    # Password, then the passkey instead of a code.
    _password_step(page, coordinator.username)
    assert "/account/inloggen/code/" in page.url
    screenshot(page, "two-factor-code-step-passkey")
    page.get_by_role("button", name="Inloggen met passkey").click()
    page.wait_for_url(f"{page.base_url}/pool/")
    assert "/account/inloggen/code/" not in page.url

    # Removed: the authenticator still holds it, the site no longer accepts it.
    page.goto(f"{page.base_url}/account/tweestapsverificatie/")
    page.get_by_role("button", name="Passkey 1 verwijderen").click()
    page.wait_for_load_state("domcontentloaded")
    expect(page.get_by_text("De passkey is verwijderd; hij werkt niet meer.")).to_be_visible()
    assert page.locator("#passkey-list").count() == 0
    _logout(page)
    _password_step(page, coordinator.username)
    assert "/account/inloggen/code/" in page.url
    assert page.get_by_role("button", name="Inloggen met passkey").count() == 0  # none to offer
    # Asking the server for a passkey challenge anyway (as the script would): refused, nothing to sign.
    status = page.evaluate(
        """async () => (await fetch('/account/inloggen/passkey/begin/', {method: 'POST', headers: {
            'X-CSRFToken': document.querySelector('[name=csrfmiddlewaretoken]').value}})).status"""
    )
    assert status == 400
    # The passkey script ran under the site's CSP: no script was refused.
    assert not [e for e in errors if "script-src" in e], errors
