"""The coordinator reads a programme's budget against actual and issues a hire-out statement; the
programme page and the statement also work on a phone."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import PASSWORD
from tests.e2e.conftest import login, screenshot


@pytest.fixture
def pilot(world, live_server):
    """A year-long pilot with hours in every past month, some hired out to the neighbourhood team."""
    from ervaringswerk.accounts.viewer import viewer_for
    from ervaringswerk.core.tenancy import Role
    from ervaringswerk.hours.services import time_entry_approve, time_entry_create
    from ervaringswerk.hours.tests.factories import peer_for, programme_for
    from ervaringswerk.organisations.services import milestone_add

    t = world.a
    today = timezone.localdate()
    months = [today.replace(day=1)]
    for _ in range(10):  # the ten months before this one, whatever today is
        months.insert(0, (months[0] - datetime.timedelta(days=1)).replace(day=1))
    start = months[0]
    programme = programme_for(
        t,
        code="GELD",
        hours_total=Decimal(400),
        start=start,
        end=start + datetime.timedelta(days=364),
        rate=Decimal("52.50"),
    )
    milestone_add(programme=programme, kind="learning_session", title="Leersessie 1", date=months[2])
    milestone_add(programme=programme, kind="go_no_go", title="Go/no-go", date=months[9])
    coordinator = viewer_for(t.users[Role.COORDINATOR])
    peer = peer_for(t)
    kinds = ["direct_contact", "group", "consultation", "travel"]
    for month in months[:-1]:
        for n, day in enumerate((3, 10, 17, 24)):
            entry = time_entry_create(
                peer=peer,
                programme=programme,
                partner=t.organisations["team"] if n % 2 == 0 else None,
                day=month.replace(day=day),
                minutes=150 + 30 * n,
                work_kind=kinds[n],
            )
            time_entry_approve(entry=entry, actor=coordinator)
    return t, programme, today


def _no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page scrolls sideways on a phone ({width}px)"


def test_coordinator_reads_programme_and_issues_statement(pilot, page):
    t, programme, today = pilot
    login(page, "coordinator.aastad", PASSWORD)
    page.goto(f"{page.base_url}/uren/programmas/")
    page.get_by_role("link", name=programme.name).click()
    expect(page.get_by_role("heading", level=1, name=programme.name)).to_be_visible()
    used = page.locator("#gebruikt .ew-figure").inner_text()
    assert used.endswith("uur") and used != "0 uur"
    assert page.locator("figure.ew-chart svg").count() == 1
    screenshot(page, "hours-programme")

    page.goto(f"{page.base_url}/uren/urenstaten/nieuw/")
    expect(page.get_by_role("heading", level=3, name="Wijkteam Aastad")).to_be_visible()
    screenshot(page, "hours-statement-month")
    page.get_by_role("button", name="Urenstaat uitgeven").click()
    page.wait_for_load_state("domcontentloaded")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Urenstaat ")
    screenshot(page, "hours-statement")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download PDF").click()
    with open(info.value.path(), "rb") as handle:
        assert handle.read().startswith(b"%PDF")


def test_programme_and_statement_on_a_phone(pilot, phone_page):
    from ervaringswerk.hours.statements import statement_issue

    t, programme, today = pilot
    last_month = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    statement = statement_issue(
        issuer=t.organisations["pool"], partner=t.organisations["team"], month=last_month
    )
    login(phone_page, "coordinator.aastad", PASSWORD)
    phone_page.goto(f"{phone_page.base_url}/uren/programmas/{programme.pk}/")
    expect(phone_page.locator("#gebruikt")).to_be_visible()
    _no_sideways_scroll(phone_page)
    screenshot(phone_page, "hours-programme-phone")
    phone_page.goto(f"{phone_page.base_url}/uren/urenstaten/{statement.pk}/")
    expect(phone_page.get_by_role("heading", level=1, name=f"Urenstaat {statement.number}")).to_be_visible()
    _no_sideways_scroll(phone_page)
    screenshot(phone_page, "hours-statement-phone")
