"""CSV and XLSX exports of hours open in a spreadsheet and carry the right rows and totals."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from ervaringswerk.accounts.viewer import viewer_for
from ervaringswerk.audit.models import AuditAction, AuditEvent
from ervaringswerk.core.tenancy import Role
from ervaringswerk.hours.services import time_entry_approve, time_entry_correct, time_entry_create
from ervaringswerk.pool.services import peer_worker_create

from .factories import peer_for, programme_for

TODAY = timezone.localdate()
LAST_MONTH = (TODAY.replace(day=1) - datetime.timedelta(days=1)).replace(day=3)


@pytest.fixture
def hours(world):
    """Own hours: 60 + 30 this month (30 approved) and 45 last month; a colleague's 120; B's 240."""
    t = world.a
    programme = programme_for(
        t, start=TODAY - datetime.timedelta(days=300), end=TODAY + datetime.timedelta(days=30)
    )
    peer = peer_for(t)
    coordinator = viewer_for(t.users[Role.COORDINATOR])

    def write(who, minutes, day=TODAY, **kw):
        return time_entry_create(
            peer=who, programme=programme, day=day, minutes=minutes, work_kind="group", **kw
        )

    write(peer, 60, description="=SOM(A1)")  # formula injection must be written as text
    time_entry_approve(entry=write(peer, 30), actor=coordinator)
    write(peer, 45, day=LAST_MONTH)
    colleague = peer_worker_create(organisation=t.organisations["pool"], first_name="Col", last_name="Lega")
    replaced = write(colleague, 200)
    time_entry_correct(entry=replaced, reason="Te veel", minutes=120, actor=coordinator)
    b_peer = peer_for(world.b, name="Bee")
    b_programme = programme_for(world.b, start=programme.start_date, end=programme.end_date)
    time_entry_create(peer=b_peer, programme=b_programme, day=TODAY, minutes=240, work_kind="group")
    return t, peer


def _csv(response):
    assert response["Content-Type"].startswith("text/csv")
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")  # the BOM Dutch Excel needs to read UTF-8
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def _xlsx(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _total(rows, label):
    [row] = [r for r in rows if r[0] == label]
    return row[8], row[9]


def test_coordinator_csv_has_the_organisations_hours_and_totals(hours, client_for):
    t, _peer = hours
    rows = _csv(client_for(t.users[Role.COORDINATOR]).get(reverse("hours:export"), {"format": "csv"}))
    assert rows[0][:3] == ["Datum", "Week", "Ervaringsdeskundige"]
    body = rows[1:-2]
    assert len(body) == 5  # four of the pool's entries plus the replaced original; none of B's
    assert not any("Bee" in cell for row in rows for cell in row)
    # Counting: 60 + 30 + 45 + 120 (the correction; the replaced 200 does not count); approved: 30 + 120.
    assert _total(rows, "Totaal (ingediend en goedgekeurd)") == ("255", "4,25")
    assert _total(rows, "Waarvan goedgekeurd") == ("150", "2,50")
    assert [cell for row in body for cell in row if "SOM" in cell] == ["'=SOM(A1)"]
    assert any(row[10] == "Vervangen door correctie" for row in body)
    assert any(row[13] == "Te veel" for row in body)


def test_coordinator_xlsx_opens_with_the_same_totals_and_filters_apply(hours, client_for):
    t, _peer = hours
    client = client_for(t.users[Role.COORDINATOR])
    rows = _xlsx(client.get(reverse("hours:export"), {"format": "xlsx"}))
    assert rows[0][0] == "Datum"
    assert _total(rows, "Totaal (ingediend en goedgekeurd)") == (255, 4.25)
    assert _total(rows, "Waarvan goedgekeurd") == (150, 2.5)
    assert isinstance(rows[1][0], datetime.datetime)  # a real date cell, not text
    month = client.get(reverse("hours:export"), {"format": "xlsx", "maand": LAST_MONTH.strftime("%Y-%m")})
    assert _total(_xlsx(month), "Totaal (ingediend en goedgekeurd)") == (45, 0.75)
    approved = client.get(reverse("hours:export"), {"format": "csv", "status": "approved"})
    assert _total(_csv(approved), "Totaal (ingediend en goedgekeurd)") == ("150", "2,50")


def test_peer_exports_only_their_own_hours(hours, client_for):
    t, peer = hours
    client = client_for(t.users[Role.PEER_WORKER])
    rows = _csv(client.get(reverse("hours:export"), {"format": "csv", "peer": "anything"}))
    names = {row[2] for row in rows[1:-2]}
    assert names == {str(peer)}
    assert _total(rows, "Totaal (ingediend en goedgekeurd)") == ("135", "2,25")
    xlsx = _xlsx(client.get(reverse("hours:export"), {"format": "xlsx"}))
    assert _total(xlsx, "Waarvan goedgekeurd") == (30, 0.5)


def test_another_municipality_exports_nothing_of_ours(hours, world, client_for):
    rows = _csv(client_for(world.b.users[Role.COORDINATOR]).get(reverse("hours:export")))
    assert {row[2] for row in rows[1:-2]} == {"Ulla Bee"}
    assert _total(rows, "Totaal (ingediend en goedgekeurd)") == ("240", "4,00")


def test_the_export_is_audited(hours, client_for):
    t, _peer = hours
    client_for(t.users[Role.COORDINATOR]).get(reverse("hours:export"), {"format": "xlsx"})
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.object_type == "hours.timeentry"
    assert "XLSX" in event.object_repr and "5 urenregels" in event.object_repr
    assert event.actor_username == t.users[Role.COORDINATOR].username
