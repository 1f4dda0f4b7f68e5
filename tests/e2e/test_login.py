import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import login, screenshot

START_PAGES = [
    ("peer.helmond", "/mijn-werk/", "Mijn werk"),
    ("coordinator.helmond", "/pool/", "Pool ervaringsdeskundigen"),
    ("professional.utrecht", "/verzoeken/", "Inzetverzoeken"),
    ("teamlead.helmond", "/verzoeken/", "Inzetverzoeken"),
    ("policy.utrecht", "/monitoring/", "Gemeentelijk overzicht"),
    ("beheer", "/beheer/", "Beheer"),
]


def test_login_page_is_dutch_and_accessible(demo, page):
    page.goto(f"{page.base_url}/")
    assert page.url.endswith("/inloggen/?next=/")
    assert page.locator("html").get_attribute("lang") == "nl"
    expect(page.get_by_role("heading", name="Inloggen")).to_be_visible()
    # The skip link is the first focusable element and points at the main content.
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main"
    screenshot(page, "login")


@pytest.mark.parametrize(("username", "path", "heading"), START_PAGES)
def test_each_role_lands_on_its_own_start_page(demo, page, username, path, heading):
    login(page, username)
    assert page.url == f"{page.base_url}{path}"
    expect(page.get_by_role("heading", level=1, name=heading)).to_be_visible()
    screenshot(page, f"start-{username}")


def test_wrong_password_keeps_username_and_explains_in_dutch(demo, page):
    login(page, "coordinator.helmond", "niet-het-wachtwoord")
    assert "/inloggen/" in page.url
    expect(page.get_by_role("alert").first).to_be_visible()
    assert "kennen we niet" in page.content()
    assert page.get_by_label("Gebruikersnaam").input_value() == "coordinator.helmond"


def test_english_can_be_chosen(demo, page):
    login(page, "coordinator.utrecht")
    page.get_by_label("Taal van de website").select_option("en")
    page.get_by_role("button", name="Taal wijzigen").click()
    page.wait_for_load_state("domcontentloaded")
    assert page.locator("html").get_attribute("lang") == "en"
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    screenshot(page, "start-coordinator-english")


def test_start_page_works_on_a_phone(demo, phone_page):
    login(phone_page, "peer.utrecht")
    expect(phone_page.get_by_role("heading", level=1, name="Mijn werk")).to_be_visible()
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page scrolls sideways on a phone ({width}px)"
    screenshot(phone_page, "mijn-werk-phone")
