"""Go/no-go of the Helmond pilot (issue 14): the policy advisor sets a success criterion, the coordinator
holds a learning session with a decision, the policy advisor records "go met voorwaarden" and creates the
follow-up programme with hire-out agreements per partner."""

import re

from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import login, open_menu, screenshot


def _logout(page):
    open_menu(page)  # on a phone, logging out is in the folded menu
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_load_state("domcontentloaded")


def test_go_with_conditions_and_the_follow_up(demo, page):
    from ervaringswerk.activities.models import Session
    from ervaringswerk.organisations.models import HireOutAgreement, Milestone, Programme

    pilot = Programme.objects.get(code="GELD-PILOT")
    # 1. the policy advisor sets a criterion on the programme
    login(page, "policy.helmond")
    page.goto(f"{page.base_url}/uren/programmas/{pilot.pk}/")
    expect(page.get_by_role("rowheader", name="Bereikte bewoners")).to_be_visible()  # the demo's criteria
    page.get_by_role("link", name="Succescriterium toevoegen").click()
    page.get_by_label("Criterium", exact=True).select_option(label="Eigen criterium")
    page.get_by_label("Omschrijving").fill("De cliëntenraad is positief over de pilot")
    page.get_by_label("Streefwaarde").fill("1")
    page.get_by_role("button", name="Vastleggen").click()
    page.wait_for_load_state("domcontentloaded")
    expect(page.get_by_role("rowheader", name="De cliëntenraad is positief over de pilot")).to_be_visible()
    _logout(page)

    # 2. the coordinator holds a learning session of the pilot and records a decision
    session = (
        Session.objects.filter(
            activity__programme=pilot, activity__kind="learning_session", starts_at__lt=timezone.now()
        )
        .order_by("-starts_at")
        .first()
    )
    login(page, "coordinator.helmond")
    page.goto(f"{page.base_url}/activiteiten/bijeenkomsten/{session.pk}/")
    # ... records who was there, partners' staff per organisation, on the programme's learning milestone
    page.get_by_role("link", name=re.compile(r"^Aanwezigheid (vastleggen|corrigeren)$")).click()
    page.get_by_label("Nieuwe deelnemers").fill("2")
    milestone = page.get_by_label("Hoort bij mijlpaal van het programma")
    if not milestone.input_value():
        milestone.select_option(index=1)
    staff = page.locator("fieldset.ew-staff input").first
    staff.fill("3")
    page.get_by_role("button", name="Aanwezigheid opslaan").click()
    page.wait_for_load_state("domcontentloaded")
    expect(page.locator("#session-milestone")).to_be_visible()
    session.refresh_from_db()
    assert session.status == "held" and session.milestone is not None
    assert session.milestone.programme_id == pilot.pk
    page.get_by_label("Soort", exact=True).select_option(label="Besluit")
    page.get_by_label("Tekst", exact=True).fill("Inhuur per partner vanaf januari, met vaste dagdelen")
    page.get_by_role("button", name="Toevoegen").click()
    page.wait_for_load_state("domcontentloaded")
    expect(page.get_by_text("Inhuur per partner vanaf januari, met vaste dagdelen")).to_be_visible()
    screenshot(page, "go-no-go-learning-session")
    _logout(page)

    # 3. the policy advisor records "go met voorwaarden" on the go/no-go milestone
    login(page, "policy.helmond")
    page.goto(f"{page.base_url}/uren/programmas/{pilot.pk}/")
    page.get_by_role("link", name="Besluit vastleggen").click()
    page.get_by_label("Go met voorwaarden").check()
    page.get_by_label("Onderbouwing").fill(
        "Bewoners met geldzorgen zijn eerder in beeld; partners willen door."
    )
    page.get_by_label("Voorwaarden (niet verplicht)", exact=True).fill(
        "Vaste dagdelen per partner en een evaluatie na zes maanden."
    )
    page.get_by_role("button", name="Besluit vastleggen").click()
    page.wait_for_load_state("domcontentloaded")
    expect(page.get_by_text("Het go/no-go-besluit is vastgelegd.")).to_be_visible()
    screenshot(page, "go-no-go-decision")
    go = Milestone.objects.get(programme=pilot, kind="go_no_go")
    assert go.outcome == "go_with_conditions" and go.decided_by_name

    # 4. and creates the follow-up: a new period, a hire-out agreement per partner, prefilled
    page.get_by_role("link", name="Vervolg aanmaken").click()
    page.wait_for_load_state("domcontentloaded")
    assert (
        page.get_by_label("Naam", exact=True)
        .input_value()
        .startswith("Pilot ervaringskennis geldzorgen (vervolg")
    )
    screenshot(page, "go-no-go-follow-up-form")
    page.get_by_role("button", name="Vervolg aanmaken").click()
    page.wait_for_load_state("domcontentloaded")
    expect(page.get_by_text("Het vervolgprogramma en de inhuurafspraken zijn aangemaakt.")).to_be_visible()
    go.refresh_from_db()
    follow_up = go.follow_up
    assert follow_up is not None and follow_up.start_date > pilot.end_date
    agreements = HireOutAgreement.objects.filter(programme=follow_up)
    assert agreements.exists()
    expect(page.get_by_role("heading", name="Inhuurafspraken per partner")).to_be_visible()
    screenshot(page, "go-no-go-follow-up")
