"""The resident's own voice (issue 18): a professional hands out a survey link, a resident answers it on
their own phone (a new browser context: no login, no cookies), and the policy advisor sees the residents'
answers counted only once there are enough of them."""

from playwright.sync_api import expect

from ervaringswerk.accounts.models import User
from ervaringswerk.accounts.viewer import viewer_for
from ervaringswerk.monitoring.suppression import threshold
from ervaringswerk.outcomes.models import Trajectory
from ervaringswerk.voice.models import SurveyResponse
from ervaringswerk.voice.services import survey_answer, survey_links_for_trajectory
from tests.e2e.conftest import _new_page, login, open_menu, screenshot

TABLE = "#tabel-experience_own"


def _residents_cell(page):
    page.goto(f"{page.base_url}/monitoring/")
    return page.locator(TABLE).get_by_role("row").nth(1).get_by_role("cell").first.text_content().strip()


def test_a_resident_answers_on_their_phone_and_the_count_waits_for_the_threshold(demo, page, browser):
    professional = User.objects.get(username="professional.utrecht")
    viewer = viewer_for(professional)
    trajectories = Trajectory.objects.filter(organisation=viewer.organisation).order_by("code")
    assert not SurveyResponse.objects.filter(municipality=viewer.municipality).exists()
    # Enough residents answered already for one short of the threshold.
    for trajectory in trajectories[1 : threshold()]:
        link = survey_links_for_trajectory(viewer=viewer, trajectory=trajectory)[0]
        survey_answer(code=link.code, answers={"recognition": 4, "hope": 3})

    login(page, "policy.utrecht")
    assert _residents_cell(page).startswith("<")  # "<5 pers.": suppressed
    screenshot(page, "voice-dashboard-suppressed")
    open_menu(page)  # on a phone, logging out is in the folded menu
    page.get_by_role("button", name="Uitloggen").click()

    # The professional hands out a link from the trajectory page.
    login(page, "professional.utrecht")
    page.goto(f"{page.base_url}/uitkomsten/{trajectories[0].pk}/")
    page.get_by_role("link", name="Ervaringsvragenlijst uitdelen").click()
    page.get_by_role("button", name="Uitnodiging maken").click()
    page.wait_for_load_state("domcontentloaded")
    assert page.locator(".ew-voice__qr svg").count() == 1
    screenshot(page, "voice-handout")
    url = page.locator(".ew-voice__url").inner_text()
    open_menu(page)  # on a phone, logging out is in the folded menu
    page.get_by_role("button", name="Uitloggen").click()

    # The resident, on their own phone: a fresh browser, nobody logged in.
    context, phone = _new_page(browser, demo, 360, 780)
    try:
        phone.goto(url)
        expect(phone.get_by_role("heading", level=1, name="Hoe was het contact?")).to_be_visible()
        assert trajectories[0].code not in phone.content()
        assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        screenshot(phone, "voice-answer-phone")
        phone.get_by_role("group", name="Ik voelde me herkend").get_by_text("Helemaal wel").click()
        phone.get_by_role("group", name="Het contact was gelijkwaardig").get_by_text(
            "Wel", exact=True
        ).click()
        phone.get_by_role("button", name="Versturen").click()
        phone.wait_for_load_state("domcontentloaded")
        expect(phone.get_by_role("heading", name="Bedankt!")).to_be_visible()
        assert context.cookies() == []
        phone.goto(url)  # the link works once
        expect(phone.get_by_role("heading", name="Deze link werkt niet meer")).to_be_visible()
    finally:
        context.close()

    login(page, "policy.utrecht")
    assert _residents_cell(page) == str(threshold())
    screenshot(page, "voice-dashboard-counted")
