"""The pool import in a real browser: a spreadsheet with Dutch headers, the suggested column mapping, one
column changed by hand, the dry run with the municipality's default capacity, then the import; also at
phone width."""

from openpyxl import Workbook
from playwright.sync_api import expect

from tests.e2e.conftest import login, screenshot


def _spreadsheet(path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Voornaam", "Achternaam", "E-mailadres", "Startdatum", "Wijk", "Leeftijd", "Inzetbaar"])
    sheet.append(["Ilse", "Import", "ilse@example.invalid", "01-03-2024", "", 41, "8"])
    sheet.append(["Kees", "Kolom", "", "2025-01-15", "", 57, ""])
    workbook.save(path)
    return path


def test_coordinator_maps_dutch_headers_and_imports(demo, page, tmp_path):
    login(page, "coordinator.helmond")
    page.goto(f"{page.base_url}/pool/import/")
    page.get_by_label("Bestand (CSV of XLSX)").set_input_files(_spreadsheet(tmp_path / "pool.xlsx"))
    page.get_by_role("button", name="Controleren (nog niet opslaan)").click()

    expect(page.get_by_role("heading", name="Kolommen koppelen")).to_be_visible()
    assert page.get_by_label("E-mailadres").input_value() == "email"
    assert page.get_by_label("Startdatum").input_value() == "in_pool_sinds"
    assert page.get_by_label("Leeftijd").input_value() == ""  # kept aside
    expect(page.get_by_text("zonder maximaal aantal bewoners")).to_be_visible()
    screenshot(page, "pool-import-koppelen")

    page.get_by_label("Inzetbaar").select_option("uren_per_week")
    page.get_by_role("button", name="Koppeling controleren (nog niet opslaan)").click()
    expect(page.get_by_text("2 rijen zijn in orde")).to_be_visible()
    page.get_by_role("button", name="2 ervaringsdeskundigen importeren").click()
    expect(page.get_by_text("2 ervaringsdeskundigen geïmporteerd")).to_be_visible()
    expect(page.get_by_role("link", name="Ilse Import")).to_be_visible()
    expect(page.get_by_role("button", name="Uitnodigen om in te loggen")).to_be_visible()
    screenshot(page, "pool-import-klaar")


def test_the_mapping_step_works_on_a_phone(demo, phone_page, tmp_path):
    login(phone_page, "coordinator.helmond")
    phone_page.goto(f"{phone_page.base_url}/pool/import/")
    phone_page.get_by_label("Bestand (CSV of XLSX)").set_input_files(_spreadsheet(tmp_path / "pool.xlsx"))
    phone_page.get_by_role("button", name="Controleren (nog niet opslaan)").click()
    expect(phone_page.get_by_role("heading", name="Kolommen koppelen")).to_be_visible()
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the mapping step scrolls sideways on a phone ({width}px)"
    screenshot(phone_page, "pool-import-koppelen-phone")
