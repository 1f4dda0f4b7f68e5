"""Issue 14, items 6 and 7, in a real browser: the self-direction centre's own coordinator signs in, sees
only the centre's pool, and changes who of the neighbourhood team supports a resident together with the
centre's peer worker (joint support after matching)."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import login, screenshot

pytestmark = pytest.mark.browser


def test_the_self_direction_centres_coordinator_sees_its_own_pool_and_changes_the_duo(demo, page):
    login(page, "coordinator.zelfregie")
    assert page.url.endswith("/pool/")
    expect(page.get_by_role("heading", level=1, name="Pool ervaringsdeskundigen")).to_be_visible()
    for name in ("Sanne Hoekstra", "Karin Visser", "Youssef Amrani"):
        expect(page.get_by_role("link", name=name)).to_be_visible()
    # Another organisation's peer workers (Stichting Welzijn Domstad, same municipality) are not in it.
    assert page.get_by_role("link", name="Dewi Kartosen").count() == 0
    table_rows = page.locator("table tbody tr").count()
    assert table_rows == 3, table_rows

    page.goto(f"{page.base_url}/verzoeken/inzet/")
    page.get_by_role("link", name="Samen de draad weer oppakken na een burn-out").first.click()
    page.wait_for_load_state("domcontentloaded")
    details = page.locator("dl").filter(has_text="Samen met (professional)")
    expect(details).to_contain_text("Thomas de Wit")
    page.get_by_role("link", name="Afspraken wijzigen").click()
    page.get_by_label("Ondersteunende professional").select_option(label="Fatma Yilmaz")
    page.get_by_role("button", name="Afspraken opslaan").click()
    page.wait_for_load_state("domcontentloaded")
    expect(page.locator("dl").filter(has_text="Samen met (professional)")).to_contain_text("Fatma Yilmaz")
    screenshot(page, "self-direction-centre-duo-changed")
