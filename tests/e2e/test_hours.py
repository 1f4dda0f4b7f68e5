"""Browser flow of issue 5: a peer worker logs hours on a phone, the coordinator approves them in the
review queue, and the programme page shows the new total used."""

import re
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import login, open_menu, screenshot

CODE = "E2E-UREN"
NAME = "Geldzorgen Helmond (browsertest)"


def _logout(page):
    open_menu(page)  # on a phone, logging out is in the folded menu
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_load_state("domcontentloaded")


def _programme():
    """A programme of the Helmond welfare pool of its own, so the total is only what this test books.
    Made through the services, whether or not the demo has programmes."""
    from ervaringswerk.accounts.models import Membership
    from ervaringswerk.organisations.models import Organisation
    from ervaringswerk.organisations.services import programme_create

    pool = Membership.objects.select_related("organisation").get(user__username="peer.helmond").organisation
    funder = Organisation.objects.get(municipality=pool.municipality, kind="municipality")
    partners = Organisation.objects.filter(municipality=pool.municipality, kind="neighbourhood_team")
    today = timezone.localdate()
    return programme_create(
        municipality=pool.municipality,
        name=NAME,
        code=CODE,
        theme="Geldzorgen",
        funder=funder,
        contractor=pool,
        start_date=today - timedelta(days=60),
        end_date=today + timedelta(days=300),
        hours_per_week=Decimal(24),
        hours_total=Decimal(1000),
        partners=list(partners),
    )


def test_peer_logs_hours_on_a_phone_coordinator_approves_programme_shows_total(demo, page, phone_page):
    from ervaringswerk.hours.models import EntryStatus, TimeEntry

    programme = _programme()

    # 1. Ruud (peer.helmond) writes 7 hours on his phone.
    login(phone_page, "peer.helmond")
    open_menu(phone_page)
    phone_page.get_by_role("link", name="Mijn uren", exact=True).click()
    phone_page.wait_for_load_state("domcontentloaded")
    expect(phone_page.get_by_role("heading", level=1, name="Mijn uren")).to_be_visible()
    assert phone_page.get_by_label("Datum").input_value() == timezone.localdate().isoformat()
    # Bad input first: the page keeps it and explains in Dutch.
    phone_page.get_by_label("Hoe lang").fill("zeven")
    phone_page.get_by_label("Korte omschrijving").fill("Spreekuur geldzorgen in de bibliotheek")
    phone_page.get_by_role("button", name="Uren opslaan").click()
    phone_page.wait_for_load_state("domcontentloaded")
    assert "Schrijf de duur als uren:minuten" in phone_page.content()
    assert phone_page.get_by_label("Korte omschrijving").input_value() == (
        "Spreekuur geldzorgen in de bibliotheek"
    )
    phone_page.get_by_label("Hoe lang").fill("7:00")
    phone_page.get_by_label("Soort werk").select_option("direct_contact")
    phone_page.get_by_label("Programma").select_option(label=NAME)
    # Nothing may stick out sideways on a 390 px screen.
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width} px wide on a 390 px phone"
    screenshot(phone_page, "hours-my-hours-phone")
    phone_page.get_by_role("button", name="Uren opslaan").click()
    phone_page.wait_for_load_state("domcontentloaded")
    assert "opgeslagen en ingediend" in phone_page.content()
    screenshot(phone_page, "hours-my-hours-saved-phone")
    entry = TimeEntry.objects.get(programme=programme)
    assert (entry.minutes, entry.status) == (7 * 60, EntryStatus.SUBMITTED)
    _logout(phone_page)

    # 2. Ilse (coordinator.helmond) approves it in the review queue.
    login(page, "coordinator.helmond")
    page.get_by_role("link", name="Uren beoordelen", exact=True).click()
    page.wait_for_load_state("domcontentloaded")
    page.locator(f'input[name="entries"][value="{entry.pk}"]').check()
    screenshot(page, "hours-review-queue")
    page.get_by_role("button", name="Gekozen uren goedkeuren").click()
    page.wait_for_load_state("domcontentloaded")
    assert re.search(r"\d+ urenregels? goedgekeurd", page.content())
    entry.refresh_from_db()
    assert entry.status == EntryStatus.APPROVED

    # 3. The programme page (hours:programme_detail) shows the 7 hours as used.
    page.goto(f"{page.base_url}/uren/programmas/{programme.pk}/")
    page.wait_for_load_state("domcontentloaded")
    text = page.locator("main").inner_text()
    screenshot(page, "hours-programme-after-approval")
    assert "Gebruikt" in text, "the programme page names the hours used"
    after = text[text.index("Gebruikt") :][:300]
    assert re.search(r"(?<![\d.,])7([.,]0+)?(?![\d.,])", after), after
