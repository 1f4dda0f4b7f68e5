"""Browser flow: the Helmond coordinator sees the Geldcafé's facilitation booked on the pilot programme,
finds the programme on the activity form, and books an assignment on it from the agreement page on a
phone-sized screen."""

from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import login, screenshot

PILOT = "Pilot ervaringskennis geldzorgen"


def test_coordinator_sees_facilitation_hours_and_books_an_assignment_on_the_programme(demo, page, phone_page):
    from ervaringswerk.activities.models import Activity, SessionStatus
    from ervaringswerk.deployment.models import Assignment

    geldcafe = Activity.objects.get(title="Geldcafé Helmond-Noord")
    held = geldcafe.sessions.filter(status=SessionStatus.HELD).order_by("-starts_at").first()

    login(page, "coordinator.helmond")
    page.goto(page.base_url + reverse("activities:session", args=[held.pk]))
    section = page.get_by_role("heading", name="Uren van de begeleiders")
    expect(section).to_be_visible()
    assert page.get_by_text("minuten geboekt").count() == 2
    assert PILOT in page.content()
    screenshot(page, "hours-facilitation-booked")

    page.goto(page.base_url + reverse("activities:edit", args=[geldcafe.pk]))
    programme = page.get_by_label("Programma")
    assert programme.locator("option:checked").inner_text() == PILOT
    screenshot(page, "hours-activity-form-programme")

    # An assignment of Ruud's without a programme yet: the coordinator books it on the pilot, on a phone.
    from ervaringswerk.organisations.models import Programme

    pilot = Programme.objects.get(name=PILOT)
    assignment = (
        Assignment.objects.filter(
            peer__organisation=pilot.contractor,
            status__in=["matched", "active"],
            request__organisation__in=pilot.partners.all(),
        )
        .order_by("created_at")
        .first()
    )
    Assignment.objects.filter(pk=assignment.pk).update(programme=None)
    login(phone_page, "coordinator.helmond")
    phone_page.goto(phone_page.base_url + reverse("deployment:agreement_edit", args=[assignment.pk]))
    options = phone_page.get_by_label("Programma").locator("option").all_inner_texts()
    assert options[0] == "Geen programma" and PILOT in options
    phone_page.get_by_label("Programma").select_option(label=PILOT)
    screenshot(phone_page, "hours-agreement-programme-phone")
    phone_page.get_by_role("button", name="Afspraken opslaan").click()
    phone_page.wait_for_load_state("domcontentloaded")
    assert "De werkafspraken zijn bijgewerkt" in phone_page.content()
    assert PILOT in phone_page.content()
    assignment.refresh_from_db()
    assert assignment.programme.name == PILOT
    screenshot(phone_page, "hours-assignment-programme-phone")
