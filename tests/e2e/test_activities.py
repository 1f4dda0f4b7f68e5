"""Browser flow of issue 6: a coordinator creates a weekly group, the peer worker who facilitates it records
attendance, and the public agenda (no login) shows the next session without naming anyone."""

from datetime import timedelta

from django.utils import timezone, translation
from django.utils.formats import date_format
from playwright.sync_api import expect

from tests.e2e.conftest import login, open_menu, screenshot

TITLE = "Herstelgroep Lombok (browsertest)"


def _logout(page):
    open_menu(page)  # on a phone, logging out is in the folded menu
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_load_state("domcontentloaded")


def test_coordinator_creates_group_facilitator_records_attendance_public_agenda_shows_it(
    demo, page, phone_page
):
    now = timezone.localtime()
    # Today's session must already have begun; 08:00 never clashes with the demo's walk-in or intervision.
    start_time = "08:00" if now.hour * 60 + now.minute >= 8 * 60 + 5 else "00:00"
    today = now.date()

    # 1. The coordinator creates a weekly group with peer worker Dewi Kartosen as facilitator.
    login(page, "coordinator.utrecht")
    page.get_by_role("link", name="Activiteiten", exact=True).click()
    page.get_by_role("link", name="Nieuwe activiteit").click()
    page.get_by_label("Titel").fill(TITLE)
    page.locator("#id_kind").select_option("recovery_group")
    page.get_by_label("Publieke omschrijving").fill("Wekelijkse herstelgroep voor bewoners van Lombok.")
    page.get_by_label("Op de publieke agenda").check()
    page.get_by_label("Dewi Kartosen").check()
    page.get_by_label("Plaats (locatie en adres)").fill("Buurthuis Lombok, Kanaalstraat 1")
    page.locator("#id_neighbourhood").select_option(label="West")
    page.get_by_label("Psychische problemen (GGZ)").check()
    page.locator("#id_frequency").select_option("weekly")
    page.locator("#id_start_date").fill(today.isoformat())
    page.locator("#id_end_date").fill((today + timedelta(weeks=8)).isoformat())
    page.locator("#id_start_time").fill(start_time)
    page.get_by_label("Duur in minuten").fill("60")
    page.get_by_label("Vervalt op feestdagen").uncheck()  # so the flow also works on a public holiday
    screenshot(page, "activities-create-form")
    page.get_by_role("button", name="Activiteit aanmaken").click()
    page.wait_for_load_state("domcontentloaded")
    expect(page.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
    assert "aangemaakt met 9 bijeenkomsten" in page.content()
    screenshot(page, "activities-detail")
    _logout(page)

    # 2. Dewi (peer.utrecht) records attendance of today's session.
    login(page, "peer.utrecht")
    page.get_by_role("link", name="Activiteiten", exact=True).click()
    page.get_by_role("link", name=TITLE).click()
    with translation.override("nl"):
        today_label = date_format(today, "D j F Y")
    page.get_by_role("link", name=today_label).first.click()
    page.get_by_role("link", name="Aanwezigheid vastleggen").click()
    page.get_by_label("Nieuwe deelnemers").fill("-2")
    page.get_by_role("button", name="Aanwezigheid opslaan").click()
    expect(page.get_by_role("alert").first).to_be_visible()  # a Dutch message, what was typed is kept
    page.get_by_label("Nieuwe deelnemers").fill("3")
    page.get_by_label("Terugkerende deelnemers").fill("5")
    page.get_by_label("Bewonerscodes (niet verplicht)").fill("LB-001 LB-002")
    page.get_by_role("button", name="Aanwezigheid opslaan").click()
    page.wait_for_load_state("domcontentloaded")
    assert "Aanwezigheid opgeslagen" in page.content()
    expect(page.locator("dd", has_text="Gehouden").first).to_be_visible()
    screenshot(page, "activities-attendance-recorded")
    _logout(page)

    # 3. The public agenda, without login, shows the next session and names no one.
    next_day = today + timedelta(weeks=1)
    with translation.override("nl"):
        heading = date_format(next_day, "l j F Y")
    phone_page.goto(f"{phone_page.base_url}/agenda/utrecht/?wijk=&thema=ggz")
    expect(phone_page.get_by_role("heading", name="Activiteiten in Utrecht")).to_be_visible()
    day = phone_page.locator("h2", has_text=heading)
    expect(day).to_be_visible()
    expect(phone_page.locator("article", has_text=TITLE).first).to_be_visible()
    body = phone_page.content()
    assert "Dewi" not in body and "Kartosen" not in body and "LB-001" not in body
    assert "agenda.ics" in body
    screenshot(phone_page, "activities-public-agenda-phone")
