"""Issue 12 in a real browser: a coordinator, who must have a second factor, is sent to set it up after the
password, reads the key from the page, confirms with a code computed by pyotp (as an authenticator app
would), logs out, logs in with password and code, and a wrong code is refused in Dutch."""

import time

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


def _code_step(page, code):
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state("domcontentloaded")


@pytest.fixture
def coordinator(live_server, settings):
    settings.EW_REQUIRE_2FA = True  # as in production
    tenant = make_tenant("Aastad", "GM0001")
    return tenant.users[Role.COORDINATOR]


def test_a_coordinator_enrols_logs_out_and_logs_in_with_a_code(coordinator, page):
    _password_step(page, coordinator.username)
    # Required for a coordinator: enrolment comes before anything else.
    assert "/account/tweestapsverificatie/" in page.url
    expect(page.get_by_role("heading", level=1, name="Tweestapsverificatie")).to_be_visible()
    expect(page.locator("svg.ew-qr")).to_be_visible()
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    app = pyotp.TOTP(secret)
    screenshot(page, "two-factor-enrol")
    page.get_by_label("Code").fill(app.now())
    page.get_by_role("button", name="Bevestigen").click()
    page.wait_for_load_state("domcontentloaded")
    expect(page.get_by_text("Tweestapsverificatie staat aan.").first).to_be_visible()
    assert page.locator("#recovery-codes li").count() == 10
    screenshot(page, "two-factor-recovery-codes")
    page.get_by_role("link", name="Verder").click()
    page.wait_for_load_state("domcontentloaded")
    open_menu(page)  # on a phone, logging out is in the folded menu
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_load_state("domcontentloaded")

    # Password, then the code of the app's next step (the enrolment used this step's code).
    _password_step(page, coordinator.username)
    assert "/account/inloggen/code/" in page.url
    expect(page.get_by_role("heading", name="Code invullen")).to_be_visible()
    _code_step(page, app.at(time.time() + 30))
    assert page.url == f"{page.base_url}/pool/"
    expect(page.get_by_role("heading", level=1, name="Pool ervaringsdeskundigen")).to_be_visible()
    open_menu(page)  # on a phone, logging out is in the folded menu
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_load_state("domcontentloaded")

    # A wrong code is refused, in Dutch, and the user stays outside.
    _password_step(page, coordinator.username)
    right = app.at(time.time() + 30)
    _code_step(page, f"{(int(right) + 1) % 1_000_000:06d}")
    assert "/account/inloggen/code/" in page.url
    expect(page.get_by_role("alert").first).to_be_visible()
    assert "Deze code klopt niet" in page.content()
    screenshot(page, "two-factor-wrong-code")
    page.goto(f"{page.base_url}/pool/")
    assert "/inloggen/" in page.url
