"""Browser flow: the coordinator returns one entry with a comment and corrects another with a reason, the
peer worker sees both on "Mijn uren" (on a phone), and the coordinator closes a past month and exports."""

import csv
import io
from datetime import timedelta
from pathlib import Path

from django.utils import timezone

from tests.e2e.conftest import login, open_menu, screenshot


def _logout(page):
    open_menu(page)  # on a phone, logging out is in the folded menu
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_load_state("domcontentloaded")


def _entries():
    """Two of Ruud's entries this week and an approved one in a month long past (so it can be closed)."""
    from ervaringswerk.accounts.viewer import viewer_for
    from ervaringswerk.hours.models import PeriodLock
    from ervaringswerk.hours.services import time_entry_approve, time_entry_create
    from ervaringswerk.pool.models import PeerWorker

    ruud = PeerWorker.objects.get(user__username="peer.helmond")
    coordinator = viewer_for(ruud.organisation.memberships.get(user__username="coordinator.helmond").user)
    today = timezone.localdate()
    # A month the demo has not closed, at least two months back.
    month = (today.replace(day=1) - timedelta(days=40)).replace(day=1)
    while PeriodLock.objects.filter(organisation=ruud.organisation, month=month).exists():
        month = (month - timedelta(days=1)).replace(day=1)
    old = time_entry_create(
        peer=ruud,
        day=month.replace(day=5),
        minutes=50,
        work_kind="other",
        description="Verslag van vorige maand (browsertest)",
    )
    time_entry_approve(entry=old, actor=coordinator)
    returned = time_entry_create(
        peer=ruud, day=today, minutes=75, work_kind="group", description="Groep (browsertest)"
    )
    corrected = time_entry_create(
        peer=ruud, day=today, minutes=120, work_kind="travel", description="Reizen (browsertest)"
    )
    return ruud, returned, corrected, month


def test_coordinator_returns_corrects_locks_and_exports(demo, page, phone_page):
    from ervaringswerk.hours.models import EntryStatus, PeriodLock, TimeEntry

    ruud, returned, corrected, month = _entries()

    login(page, "coordinator.helmond")
    page.goto(f"{page.base_url}/uren/beoordelen/")
    page.locator(f'a[href="/uren/beoordelen/{returned.pk}/teruggeven/"]').click()
    page.wait_for_load_state("domcontentloaded")
    page.get_by_role("button", name="Teruggeven").click()  # without a comment: refused in Dutch
    page.wait_for_load_state("domcontentloaded")
    assert "Schrijf erbij waarom u de uren teruggeeft" in page.content()
    page.get_by_label("Waarom geeft u de uren terug?").fill("Was dit de groep van dinsdag?")
    screenshot(page, "hours-return")
    page.get_by_role("button", name="Teruggeven").click()
    page.wait_for_load_state("domcontentloaded")
    assert "teruggegeven" in page.content()

    page.goto(f"{page.base_url}/uren/beoordelen/{corrected.pk}/corrigeren/")
    assert page.get_by_label("Hoe lang").input_value() == "2:00"  # prefilled
    page.get_by_label("Hoe lang").fill("1:15")
    page.get_by_label("Reden van de correctie").fill("Reistijd is enkele reis")
    screenshot(page, "hours-correct")
    page.get_by_role("button", name="Correctie opslaan").click()
    page.wait_for_load_state("domcontentloaded")
    assert page.get_by_text("Gecorrigeerd door Ilse van Doorn, reden: Reistijd is enkele reis").count() == 2
    screenshot(page, "hours-overview")
    returned.refresh_from_db()
    corrected.refresh_from_db()
    assert returned.status == EntryStatus.RETURNED and corrected.status == EntryStatus.REPLACED
    assert corrected.correction.minutes == 75

    # Close the old month; the page shows it closed.
    page.goto(f"{page.base_url}/uren/periodes/")
    label = month.strftime("%m-%Y")
    page.locator(f'form:has(input[name="month"][value="{month:%Y-%m}"]) button').click()
    page.wait_for_load_state("domcontentloaded")
    assert f"{label} is afgesloten" in page.content()
    assert PeriodLock.objects.filter(organisation=ruud.organisation, month=month).exists()
    screenshot(page, "hours-locks")

    # The export of the organisation's hours opens as CSV with the correction in it.
    with page.expect_download() as info:
        page.goto(f"{page.base_url}/uren/overzicht/")
        page.get_by_role("link", name="Download CSV").click()
    content = Path(info.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    assert rows[0][0] == "Datum"
    assert any("Reistijd is enkele reis" in row for row in rows)
    _logout(page)

    # Ruud sees the comment and the correction on his phone, and fixes the returned entry.
    login(phone_page, "peer.helmond")
    phone_page.goto(f"{phone_page.base_url}/uren/")
    html = phone_page.content()
    assert "Teruggegeven door de coördinator: Was dit de groep van dinsdag?" in html
    assert "Gecorrigeerd door Ilse van Doorn, reden: Reistijd is enkele reis" in html
    screenshot(phone_page, "hours-my-hours-returned-phone")
    phone_page.goto(f"{phone_page.base_url}/uren/{returned.pk}/wijzigen/")
    phone_page.get_by_label("Hoe lang").fill("1:00")
    phone_page.get_by_role("button", name="Opslaan").click()
    phone_page.wait_for_load_state("domcontentloaded")
    assert "opnieuw ingediend" in phone_page.content()
    again = TimeEntry.objects.get(pk=returned.pk)
    assert (again.minutes, again.status) == (60, EntryStatus.SUBMITTED)
