"""De-identification in a real page (issue 12, item 5): a professional types a name and a phone number
into a request, sees the Dutch refusal with the version without personal data, takes it over with one
click, and the saved request holds the placeholders, not the name or the number."""

import re

from playwright.sync_api import expect

from ervaringswerk.deployment.models import DeploymentRequest
from tests.e2e.conftest import login, screenshot

TITLE = "Samen de administratie op orde brengen"
CONTEXT = "Bel mevrouw Jansen op 06-12345678 voor de eerste afspraak."
CLEAN = "Bel [naam] op [telefoonnummer] voor de eerste afspraak."


def test_a_request_with_a_name_and_phone_number_is_refused_and_one_click_saves_the_placeholders(demo, page):
    login(page, "professional.helmond")
    page.get_by_role("link", name="Nieuw verzoek").click()
    page.get_by_label("Korte omschrijving").fill(TITLE)
    page.get_by_label("Soort inzet").select_option("individual_support")
    page.get_by_label("Uren per week").fill("2")
    page.get_by_label("Urgentie").select_option("2")
    page.get_by_label("Bewonerscode").fill("HLM-5151")
    page.get_by_label(re.compile(r"^Toelichting")).fill(CONTEXT)
    page.get_by_label("Wijk").select_option(label="Helmond-Noord")
    page.get_by_role("button", name="Verzoek indienen").click()
    page.wait_for_load_state("domcontentloaded")

    # Refused in Dutch, naming what was found; nothing saved; what was typed is still there.
    expect(page.get_by_text("Deze tekst bevat persoonsgegevens").first).to_be_visible()
    suggestion = page.get_by_test_id("deid-text")
    assert suggestion.inner_text().strip() == CLEAN
    expect(page.locator(".ew-deid__mark", has_text="Jansen")).to_be_visible()
    expect(page.locator(".ew-deid__mark", has_text="06-12345678")).to_be_visible()
    assert page.get_by_label(re.compile(r"^Toelichting")).input_value() == CONTEXT
    assert not DeploymentRequest.objects.filter(title=TITLE).exists()
    screenshot(page, "deid-01-refused-with-suggestion")

    # One click takes the version over and saves the request.
    page.get_by_role("button", name="Neem deze versie over").click()
    page.wait_for_load_state("domcontentloaded")
    expect(page.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
    expect(page.get_by_text(CLEAN)).to_be_visible()
    assert "Jansen" not in page.content() and "12345678" not in page.content()
    screenshot(page, "deid-02-saved-with-placeholders")
    saved = DeploymentRequest.objects.get(title=TITLE)
    assert saved.context == CLEAN
