"""The pool in a real browser: a peer worker shares a domain for matching and takes a pause; the
coordinator's overview shows both."""

from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import login, screenshot


def _row(page, name):
    return page.get_by_role("row").filter(has=page.get_by_role("link", name=name))


def test_peer_worker_changes_visibility_and_pauses_and_coordinator_sees_it(demo, browser):
    peer_context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    peer = peer_context.new_page()
    peer.set_default_timeout(10_000)
    peer.base_url = demo.url
    login(peer, "peer.helmond")
    peer.get_by_role("link", name="Mijn profiel").first.click()
    expect(peer.get_by_role("heading", level=1, name="Mijn profiel")).to_be_visible()
    screenshot(peer, "pool-mijn-profiel")

    # "Eenzaamheid" was only for Ruud himself; he now lets it count for matching.
    peer.get_by_role("link", name="Ervaring en zichtbaarheid wijzigen").click()
    group = peer.get_by_role("group", name="Eenzaamheid")
    assert group.get_by_label("Wie mag dit zien?").input_value() == "private"
    group.get_by_label("Wie mag dit zien?").select_option("matching")
    peer.get_by_role("button", name="Opslaan").click()
    expect(peer.get_by_role("status").filter(has_text="zijn opgeslagen")).to_be_visible()

    # And he takes a pause from today, end date not yet known.
    peer.get_by_role("link", name="Pauze nemen").click()
    assert peer.get_by_label("Pauze vanaf").input_value() == timezone.localdate().isoformat()
    peer.get_by_label("Toelichting").fill("Even op adem komen")
    peer.get_by_role("button", name="Pauze vastleggen").click()
    expect(peer.get_by_text("U heeft nu pauze")).to_be_visible()
    screenshot(peer, "pool-mijn-profiel-na-pauze")
    peer_context.close()

    coordinator_context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    coordinator = coordinator_context.new_page()
    coordinator.set_default_timeout(10_000)
    coordinator.base_url = demo.url
    login(coordinator, "coordinator.helmond")
    expect(coordinator.get_by_role("heading", level=1, name="Pool ervaringsdeskundigen")).to_be_visible()
    ruud = _row(coordinator, "Ruud Verhoeven")
    expect(ruud.get_by_text("Gepauzeerd")).to_be_visible()
    expect(ruud.get_by_text("Niet beschikbaar")).to_be_visible()
    expect(ruud.get_by_text("Eenzaamheid")).to_be_visible()
    screenshot(coordinator, "pool-overzicht")

    # The domain filter now finds him; "available now" no longer does.
    coordinator.get_by_label("Ervaringsdomein").select_option(label="Eenzaamheid")
    coordinator.get_by_role("button", name="Filteren").click()
    assert _row(coordinator, "Ruud Verhoeven").count() == 1
    coordinator.get_by_label("Nu beschikbaar").check()
    coordinator.get_by_role("button", name="Filteren").click()
    assert _row(coordinator, "Ruud Verhoeven").count() == 0

    coordinator.goto(f"{demo.url}/pool/")
    coordinator.get_by_role("link", name="Ruud Verhoeven").click()
    expect(coordinator.get_by_role("heading", level=1, name="Ruud Verhoeven")).to_be_visible()
    expect(coordinator.get_by_text("Even op adem komen")).to_be_visible()
    expect(coordinator.get_by_role("heading", name="Eenzaamheid")).to_be_visible()
    screenshot(coordinator, "pool-profiel")
    coordinator_context.close()


def test_coordinator_sees_a_talk_request_as_a_flag_only(demo, page):
    login(page, "coordinator.helmond")
    sanne = _row(page, "Sanne van Lierop")
    expect(sanne.get_by_text("Wil graag een gesprek")).to_be_visible()
    sanne.get_by_role("link", name="Sanne van Lierop").click()
    expect(page.get_by_text("wil graag een gesprek")).to_be_visible()
    assert page.get_by_text("Een drukke week gehad").count() == 0  # the check-in text stays private
    page.get_by_role("button", name="Ik neem contact op").click()
    expect(page.get_by_text("Genoteerd")).to_be_visible()


def test_pool_pages_work_on_a_phone(demo, phone_page):
    login(phone_page, "peer.helmond")
    phone_page.goto(f"{phone_page.base_url}/pool/mijn-profiel/")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"'Mijn profiel' scrolls sideways on a phone ({width}px)"
    screenshot(phone_page, "pool-mijn-profiel-phone")
