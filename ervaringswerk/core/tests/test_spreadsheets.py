"""One cell-escaping function for every CSV and XLSX: formulas in user text arrive as text, in each export."""

import csv
import datetime
import io
import pathlib
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ervaringswerk.accounts.viewer import viewer_for
from ervaringswerk.core.spreadsheets import safe_cell, safe_row
from ervaringswerk.core.tenancy import Role
from ervaringswerk.hours.documents import statement_xlsx
from ervaringswerk.hours.models import TimeEntry
from ervaringswerk.hours.services import time_entry_create
from ervaringswerk.hours.tests.factories import peer_for, programme_for
from ervaringswerk.hours.tests.matrix_programmes import issued_statement
from ervaringswerk.organisations.services import programme_update
from ervaringswerk.pool.services import peer_worker_create

D = datetime.date
LINK = '=HYPERLINK("https://kwaad.example/x","Klik hier")'
DANGEROUS = [LINK, "+31 6 1234", "-2+3", "@SUM(A1)", "\tinvisible", "\rreturn", "=1+1"]


@pytest.mark.parametrize("value", DANGEROUS)
def test_text_that_a_spreadsheet_would_run_gets_an_apostrophe(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Programma Geld", "", "1,50", "-1,50", "-12", "a=b", "Team @noord"])
def test_plain_text_and_plain_numbers_are_left_alone(value):
    assert safe_cell(value) == value


def test_non_text_cells_pass_unchanged():
    day = D(2026, 3, 1)
    assert safe_row([1, -2.5, Decimal("-3.10"), day, None]) == [1, -2.5, Decimal("-3.10"), day, None]


WRITES_SPREADSHEETS = re.compile(r"csv\.(writer|DictWriter)\(|Workbook\(")


def test_every_module_that_writes_csv_or_xlsx_uses_the_one_escaping_function():
    root = pathlib.Path(__file__).resolve().parents[2]
    writers = []
    for path in root.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if WRITES_SPREADSHEETS.search(text):
            writers.append(path.relative_to(root).as_posix())
            assert "from ervaringswerk.core.spreadsheets import" in text, f"{path} writes cells unescaped"
    # The writers known today; a new one is checked by the loop above without being listed here.
    for known in (
        "hours/exports.py",
        "hours/documents.py",
        "pool/exporting.py",
        "monitoring/presentation.py",
    ):
        assert known in writers


# ------------------------------------------------------------------ each export with a formula inside


def _csv_cells(content: bytes) -> list[str]:
    return [
        cell for row in csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";") for cell in row
    ]


def _xlsx_cells(content: bytes) -> list:
    workbook = load_workbook(io.BytesIO(content))
    cells = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            cells.extend(cell for cell in row if cell.value is not None)
    return cells


def _assert_defused(cells_text: list[str]):
    assert "'" + LINK in cells_text
    assert LINK not in cells_text


def _assert_xlsx_defused(cells):
    assert not [c for c in cells if c.data_type == "f"], "a formula cell was written"
    _assert_defused([c.value for c in cells if isinstance(c.value, str)])


def test_hours_export_csv_and_xlsx_defuse_a_formula(world, client_for):
    t = world.a
    programme = programme_for(t, code="LINK", start=D(2026, 1, 1), end=D(2026, 12, 31))
    time_entry_create(
        peer=peer_for(t),
        programme=programme,
        day=D(2026, 3, 2),
        minutes=60,
        work_kind="group",
        description=LINK,
    )
    client = client_for(t.users[Role.COORDINATOR])
    query = {"maand": "2026-03"}
    _assert_defused(_csv_cells(client.get(reverse("hours:export"), {**query, "format": "csv"}).content))
    _assert_xlsx_defused(
        _xlsx_cells(client.get(reverse("hours:export"), {**query, "format": "xlsx"}).content)
    )


def test_pool_export_csv_and_xlsx_defuse_a_formula(world, client_for):
    t = world.a
    peer_worker_create(organisation=t.organisations["pool"], first_name=LINK, last_name="Formule")
    client = client_for(t.users[Role.COORDINATOR])
    url = reverse("pool:export")
    _assert_defused(_csv_cells(client.get(url, {"formaat": "csv"}).content))
    _assert_xlsx_defused(_xlsx_cells(client.get(url, {"formaat": "xlsx"}).content))


def test_statement_xlsx_defuses_a_formula_in_the_programme_name(world, client_for):
    t = world.a
    programme = programme_for(t, code="STAAT", rate=Decimal("52.50"))
    programme_update(programme=programme, name=LINK)
    statement = issued_statement(t, programme=programme)
    _assert_xlsx_defused(_xlsx_cells(statement_xlsx(statement)))
    page = client_for(t.users[Role.COORDINATOR]).get(reverse("hours:statement_xlsx", args=[statement.pk]))
    _assert_xlsx_defused(_xlsx_cells(page.content))


@pytest.fixture
def formula_programme_hours(world):
    """Five peer workers with approved hours in a programme named like a formula (five: not suppressed)."""
    t = world.a
    programme = programme_for(t, code="FORMULE", start=D(2026, 1, 1), end=D(2026, 12, 31))
    programme_update(programme=programme, name=LINK)
    for i in range(5):
        peer = peer_worker_create(
            organisation=t.organisations["pool"],
            first_name=f"P{i}",
            last_name="Uren",
            joined_on=D(2026, 1, 1),
        )
        TimeEntry.objects.create(
            municipality=t.municipality,
            peer=peer,
            organisation=t.organisations["pool"],
            programme=programme,
            date=D(2026, 2, 3),
            minutes=120,
            work_kind="group",
            status="approved",
        )
    return t


PERIOD = {"van": "2026-01-01", "tot": "2026-03-31"}


def test_monitoring_csv_and_xlsx_defuse_a_formula_in_the_programme_name(formula_programme_hours, client_for):
    t = formula_programme_hours
    client = client_for(t.users[Role.POLICY_ADVISOR])
    _assert_defused(_csv_cells(client.get(reverse("monitoring:export_csv"), PERIOD).content))
    _assert_xlsx_defused(_xlsx_cells(client.get(reverse("monitoring:export_xlsx"), PERIOD).content))


def test_open_data_csv_defuses_a_formula_in_the_programme_name(formula_programme_hours, client_for):
    t = formula_programme_hours
    client = client_for(t.users[Role.POLICY_ADVISOR])
    response = client.get(reverse("open-data"), {**PERIOD, "format": "csv"})
    assert response.status_code == 200, response.content[:300]
    _assert_defused(_csv_cells(response.content))


def test_evaluation_report_xlsx_defuses_a_formula_in_the_programme_name(
    formula_programme_hours, settings, django_capture_on_commit_callbacks
):
    from ervaringswerk.monitoring.services import report_request

    settings.EW_REPORT_RUNNER = "sync"
    t = formula_programme_hours
    with django_capture_on_commit_callbacks(execute=True):
        report = report_request(
            viewer=viewer_for(t.users[Role.POLICY_ADVISOR]), start=D(2026, 1, 1), end=D(2026, 3, 31)
        )
    report.refresh_from_db()
    assert report.status == "done", report.error
    _assert_xlsx_defused(_xlsx_cells(bytes(report.xlsx)))
