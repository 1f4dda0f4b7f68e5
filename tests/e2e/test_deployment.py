"""The deployment flow in a real browser: a professional files a request, the coordinator runs matching
and sends the offer, the peer worker accepts, and the agreement is visible to both sides."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import login, open_menu, screenshot

TITLE = "Samen de post openen en overzicht maken"


def _logout(page):
    open_menu(page)  # on a phone, logging out is in the folded menu
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_load_state("domcontentloaded")


def test_request_to_offer_to_agreement(demo, page):
    # 1. The professional files a request.
    login(page, "professional.helmond")
    page.get_by_role("link", name="Nieuw verzoek").click()
    page.get_by_label("Korte omschrijving").fill(TITLE)
    page.get_by_label("Soort inzet").select_option("individual_support")
    page.get_by_label("Uren per week").fill("2")
    page.get_by_label("Urgentie").select_option("2")
    page.get_by_label("Bewonerscode").fill("123456782")  # a BSN by mistake
    page.get_by_label(re.compile(r"^Toelichting")).fill("Bewoner wil zelf weer grip op de post krijgen.")
    page.locator("#id_domains_preferred").get_by_label("Armoede en schulden").check()
    page.get_by_label("Wijk").select_option(label="Helmond-Noord")
    page.get_by_role("button", name="Verzoek indienen").click()
    page.wait_for_load_state("domcontentloaded")
    expect(page.get_by_text("burgerservicenummer (BSN)")).to_be_visible()
    assert page.get_by_label("Korte omschrijving").input_value() == TITLE
    screenshot(page, "deployment-01-form-bsn-refused")
    page.get_by_label("Bewonerscode").fill("HLM-5150")
    page.get_by_role("button", name="Verzoek indienen").click()
    page.wait_for_load_state("domcontentloaded")
    expect(page.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
    expect(page.get_by_text("in de wachtrij van de coördinator")).to_be_visible()
    screenshot(page, "deployment-02-request-filed")
    request_url = page.url
    _logout(page)

    # 2. The coordinator sees it in the queue, looks at the ranked candidates and offers it to Ruud.
    login(page, "coordinator.helmond")
    page.goto(f"{page.base_url}/verzoeken/wachtrij/")
    expect(page.get_by_role("heading", level=1, name="Wachtrij inzetverzoeken")).to_be_visible()
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()
    screenshot(page, "deployment-03-queue")
    page.get_by_role("link", name=TITLE).click()
    page.wait_for_load_state("domcontentloaded")
    expect(page.get_by_role("heading", name="Kandidaten uit uw pool")).to_be_visible()
    ruud = page.get_by_role("article").filter(has_text="Ruud Verhoeven")
    expect(ruud.get_by_text("Ruimte in uren")).to_be_visible()
    screenshot(page, "deployment-04-candidates")
    ruud.get_by_role("button", name="Aanbieden aan Ruud").click()
    page.wait_for_load_state("domcontentloaded")
    expect(page.get_by_text("Het aanbod is verstuurd naar Ruud Verhoeven")).to_be_visible()
    screenshot(page, "deployment-05-offer-sent")
    _logout(page)

    # 3. Ruud finds the offer in "Mijn werk" and accepts it.
    login(page, "peer.helmond")
    expect(page.get_by_role("heading", name="Aanbiedingen")).to_be_visible()
    screenshot(page, "deployment-06-my-work")
    page.get_by_role("link", name=TITLE).click()
    page.wait_for_load_state("domcontentloaded")
    expect(page.get_by_role("heading", name="Waarom u?")).to_be_visible()
    assert "HLM-5150" not in page.content()  # the resident code only after accepting
    screenshot(page, "deployment-07-offer")
    page.get_by_role("button", name="Aanbod accepteren").click()
    page.wait_for_load_state("domcontentloaded")
    expect(page.get_by_role("heading", level=1, name=f"Werkafspraken: {TITLE}")).to_be_visible()
    expect(page.get_by_text("HLM-5150")).to_be_visible()
    expect(page.get_by_text("Samira El Idrissi").first).to_be_visible()  # the contact person in the team
    screenshot(page, "deployment-08-agreement-peer")
    agreement_url = page.url
    _logout(page)

    # 4. The professional sees the match and the same agreement, and adds to it.
    login(page, "professional.helmond")
    page.goto(request_url)
    expect(page.get_by_text("Gematcht").first).to_be_visible()
    page.get_by_role("link", name=re.compile("werkafspraken bekijken")).click()
    page.wait_for_load_state("domcontentloaded")
    assert page.url == agreement_url
    page.get_by_role("link", name="Afspraken wijzigen").click()
    page.get_by_label("Taken").fill("Elke dinsdag samen de post openen; meegaan naar de schuldhulp.")
    page.get_by_role("button", name="Afspraken opslaan").click()
    page.wait_for_load_state("domcontentloaded")
    expect(page.get_by_text("Versie 2")).to_be_visible()
    screenshot(page, "deployment-09-agreement-team")
    _logout(page)

    # 5. Ruud sees the change.
    login(page, "peer.helmond")
    page.goto(agreement_url)
    expect(page.get_by_text("Elke dinsdag samen de post openen")).to_be_visible()


def test_coordinator_batch_proposal(demo, page):
    login(page, "coordinator.utrecht")
    page.goto(f"{page.base_url}/verzoeken/wachtrij/")
    expect(page.get_by_text("Mediaan (dagen)")).to_be_visible()
    page.get_by_role("button", name="Voorstel maken voor alle open verzoeken").click()
    page.wait_for_load_state("domcontentloaded")
    expect(page.get_by_role("heading", level=1, name="Voorstel voor alle open verzoeken")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="Wat dit voorstel oplevert")).to_be_visible()
    expect(page.get_by_text("Dit voorstel plaatst")).to_be_visible()
    assert page.get_by_text("Gulzige basislijn").count() == 0
    screenshot(page, "deployment-10-proposal")
    page.set_viewport_size({"width": 360, "height": 780})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the proposal page scrolls sideways on a phone ({width}px)"
    screenshot(page, "deployment-10-proposal-phone")


def test_queue_works_on_a_phone(demo, phone_page):
    login(phone_page, "coordinator.helmond")
    phone_page.goto(f"{phone_page.base_url}/verzoeken/wachtrij/")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page scrolls sideways on a phone ({width}px)"
    screenshot(phone_page, "deployment-11-queue-phone")
