"""The municipality's own small-number threshold (set on /beheer/instellingen/, issue 13) is what the
dashboard, its CSV/XLSX/JSON exports, the open-data API and the report suppress with; never stricter than
the platform's (EW_SMALL_NUMBER_THRESHOLD 5) the other way round.

Seven peer workers in the pool in February 2026: a cell of 7. With the platform's threshold (5) the team
lead sees 7; with the municipality's threshold 10 the same cell is suppressed everywhere, labelled
"<10 pers.".
"""

import csv
import datetime
import html
import io
import re

import pytest
from django.urls import reverse

from ervaringswerk.accounts.viewer import viewer_for
from ervaringswerk.core.services import municipality_settings_update
from ervaringswerk.core.tenancy import Role
from ervaringswerk.monitoring.filters import FilterForm
from ervaringswerk.monitoring.services import report_content
from ervaringswerk.pool.models import PeerWorker
from ervaringswerk.pool.services import peer_worker_create

D = datetime.date
PERIOD = {"van": "2026-02-01", "tot": "2026-02-28"}
TABLE, ROW, COLUMN = "pool_vs_deployed", "02-2026", "Ervaringsdeskundigen in de pool"


@pytest.fixture
def seven(world):
    t = world.a
    PeerWorker.objects.filter(municipality=t.municipality).delete()
    for i in range(7):
        peer_worker_create(
            organisation=t.organisations["pool"],
            first_name=f"Zeven{i}",
            last_name="Pool",
            joined_on=D(2026, 1, 1),
        )
    return t


def _page_cell(client) -> str:
    page = client.get(reverse("monitoring:overview"), PERIOD).content.decode()
    match = re.search(rf'scope="row">{ROW}</th>\s*<td[^>]*>(.*?)</td>', page, re.S)
    assert match, "row 02-2026 not on the page"
    return html.unescape(re.sub(r"<[^>]+>", "", match.group(1))).strip()


def _csv_cell(client) -> tuple[str, str]:
    rows = csv.DictReader(
        io.StringIO(client.get(reverse("monitoring:export_csv"), PERIOD).content.decode()), delimiter=";"
    )
    row = next(r for r in rows if (r["tabel"], r["rij"], r["kolom"]) == (TABLE, ROW, COLUMN))
    return row["waarde"], row["afgeschermd"]


def _xlsx_cell(client):
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(client.get(reverse("monitoring:export_xlsx"), PERIOD).content))
    row = next(r for r in wb[TABLE].iter_rows(values_only=True) if r[0] == ROW)
    return row[1], wb["Toelichting"]["B4"].value


def _api_cell(client) -> tuple:
    data = client.get(reverse("open-data"), PERIOD).json()
    table = next(t for t in data["tables"] if t["key"] == TABLE)
    cell = next(r for r in table["rows"] if r["label"] == ROW)["cells"][0]
    return cell["value"], cell["suppressed"], data["small_number_threshold"]


def _everywhere(world, client_for):
    lead = client_for(world.a.users[Role.TEAM_LEAD])
    page, csv_cell, xlsx_cell = _page_cell(lead), _csv_cell(lead), _xlsx_cell(lead)
    api_cell = _api_cell(client_for(world.a.users[Role.POLICY_ADVISOR]))
    return page, csv_cell, xlsx_cell, api_cell


def test_platform_threshold_five_shows_a_cell_of_seven(world, seven, client_for):
    page, csv_cell, xlsx_cell, api_cell = _everywhere(world, client_for)
    assert page == "7"
    assert csv_cell == ("7", "nee")
    assert xlsx_cell[0] == 7 and "minder dan 5 personen" in xlsx_cell[1]
    assert api_cell == (7, False, 5)


def test_municipality_threshold_ten_suppresses_that_cell_on_the_page_in_exports_and_the_api(
    world, seven, client_for
):
    municipality_settings_update(municipality=world.a.municipality, small_number_threshold=10)
    page, csv_cell, xlsx_cell, api_cell = _everywhere(world, client_for)
    assert page == "<10 pers."
    assert csv_cell == ("", "ja")
    assert xlsx_cell == ("<10 pers.", "'<10 pers.' = afgeschermd, minder dan 10 personen")
    assert api_cell == (None, True, 10)
    # the other municipality keeps the platform's threshold
    assert FilterForm(viewer=viewer_for(world.b.users[Role.POLICY_ADVISOR])).filters().threshold == 5


def test_a_threshold_below_the_platforms_has_no_effect(world, seven, client_for):
    municipality_settings_update(municipality=world.a.municipality, small_number_threshold=2)
    filters = FilterForm(viewer=viewer_for(world.a.users[Role.TEAM_LEAD])).filters()
    assert filters.threshold == 5


def test_the_report_uses_the_municipality_threshold(world, seven):
    from ervaringswerk.monitoring.models import EvaluationReport
    from ervaringswerk.monitoring.suppression import Audience

    municipality_settings_update(municipality=world.a.municipality, small_number_threshold=10)
    report = EvaluationReport.objects.create(
        municipality=world.a.municipality,
        title="Februari",
        period_start=D(2026, 2, 1),
        period_end=D(2026, 2, 28),
        audience=Audience.ORGANISATION,
    )
    content = report_content(report)
    cell = dict(content["tables"][TABLE].rows)[ROW][0]
    assert cell.suppressed and cell.display() == "<10 pers."
    assert content["threshold"] == 10 and content["meta"]["small_number_threshold"] == 10
