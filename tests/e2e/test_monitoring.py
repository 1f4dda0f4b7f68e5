"""The policy advisor filters the municipal dashboard and downloads the evaluation report."""

from playwright.sync_api import expect

from tests.e2e.conftest import login, screenshot


def test_policy_advisor_filters_dashboard_and_downloads_report(demo, page):
    login(page, "policy.helmond")
    assert page.url.endswith("/monitoring/")
    expect(page.get_by_role("heading", level=1, name="Gemeentelijk overzicht")).to_be_visible()
    # Financiën improves most in the Helmond pilot: the table alternative of the chart says so.
    zrm = page.locator("#tabel-outcomes_zrm")
    expect(zrm.get_by_role("rowheader", name="Financiën")).to_be_visible()
    screenshot(page, "monitoring-dashboard")

    page.get_by_label("Wijk", exact=True).select_option(label="Helmond-Noord")
    page.get_by_role("button", name="Filteren").click()
    page.wait_for_load_state("domcontentloaded")
    assert "wijk=" in page.url
    assert page.get_by_label("Wijk", exact=True).locator("option:checked").inner_text() == "Helmond-Noord"
    # A single neighbourhood has fewer than five residents in some cells: they are suppressed, not shown.
    assert page.locator("td.ew-suppressed").count() > 0
    screenshot(page, "monitoring-dashboard-filtered")

    page.get_by_role("link", name="Evaluatierapport maken").click()
    page.get_by_label("Doelen van het programma").fill("Minder geldzorgen, kortere hulproutes")
    page.get_by_role("button", name="Rapport maken").click()
    # The status fragment polls (htmx) until the background job is done.
    download_link = page.get_by_role("link", name="Download het rapport (PDF)")
    download_link.wait_for(timeout=60_000)
    screenshot(page, "monitoring-report-ready")
    with page.expect_download() as info:
        download_link.click()
    path = info.value.path()
    with open(path, "rb") as handle:
        data = handle.read()
    assert data.startswith(b"%PDF")
    from io import BytesIO

    from pypdf import PdfReader

    text = " ".join(p.extract_text() for p in PdfReader(BytesIO(data)).pages)
    assert "Uitkomsten voor bewoners" in text and "Minder geldzorgen, kortere hulproutes" in text


def test_dashboard_works_on_a_phone(demo, phone_page):
    login(phone_page, "policy.helmond")
    expect(phone_page.get_by_role("heading", level=1, name="Gemeentelijk overzicht")).to_be_visible()
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page scrolls sideways on a phone ({width}px)"
    screenshot(phone_page, "monitoring-dashboard-phone")
