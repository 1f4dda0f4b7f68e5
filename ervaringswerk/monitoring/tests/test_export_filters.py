"""Exports honour the filters (issue 14.2), and the programme filter of the resident figures (14.11).

Two programmes with their own hours and their own residents. The dashboard's download links carry the
filters as a real query string; CSV, XLSX, JSON, open data and the PDF report filtered on one programme
give that programme's figures and differ from the unfiltered ones.
"""

import csv
import datetime
import html
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from ervaringswerk.accounts.viewer import viewer_for
from ervaringswerk.core.tenancy import Role
from ervaringswerk.hours.models import TimeEntry
from ervaringswerk.organisations.services import programme_create
from ervaringswerk.outcomes.tests.factories import make_trajectory, measure
from ervaringswerk.pool.services import peer_worker_create

D = datetime.date
PERIOD = {"van": "2026-01-01", "tot": "2026-06-30"}


@pytest.fixture
def two_programmes(world):
    t = world.a
    pool, team = t.organisations["pool"], t.organisations["team"]
    programmes = [
        programme_create(
            municipality=t.municipality,
            name=name,
            code=code,
            funder=t.organisations["gemeente"],
            contractor=pool,
            start_date=D(2026, 1, 1),
            end_date=D(2026, 12, 31),
            hours_per_week=Decimal(12),
            hours_total=Decimal(600),
            partners=[team],
        )
        for name, code in (("Geldzorgen", "GELD"), ("Eenzaamheid", "EENZ"))
    ]
    peer = peer_worker_create(
        organisation=pool, first_name="Expo", last_name="Filter", joined_on=D(2026, 1, 1)
    )
    for programme, minutes in zip(programmes, (360, 180), strict=True):
        TimeEntry.objects.create(
            municipality=t.municipality,
            peer=peer,
            organisation=pool,
            programme=programme,
            date=D(2026, 2, 3),
            minutes=minutes,
            work_kind="direct_contact",
            status="approved",
        )
    # five residents per programme; Financiën 1 → 3 under Geldzorgen, 2 → 5 under Eenzaamheid
    for programme, (intake, end) in zip(programmes, ((1, 3), (2, 5)), strict=True):
        for _i in range(5):
            trajectory = make_trajectory(
                world, first_contact=D(2026, 2, 1), with_peer=False, programme=programme
            )
            measure(world, trajectory, "intake", D(2026, 2, 2), {("zrm", "financien"): intake})
            measure(world, trajectory, "end", D(2026, 4, 2), {("zrm", "financien"): end})
    return programmes


def _csv(response) -> dict:
    rows = csv.DictReader(io.StringIO(response.content.decode()), delimiter=";")
    return {(r["tabel"], r["rij"], r["kolom"]): r["waarde"] for r in rows}


def test_resident_figures_follow_the_programme_filter(world, two_programmes):
    from ervaringswerk.monitoring.filters import Filters
    from ervaringswerk.monitoring.selectors import outcome_changes, reach

    viewer = viewer_for(world.a.users[Role.POLICY_ADVISOR])
    geld, eenz = two_programmes
    for programme, expected in ((geld, [5, 1.0, 3.0, 2.0, 100.0]), (eenz, [5, 2.0, 5.0, 3.0, 100.0])):
        f = Filters(D(2026, 1, 1), D(2026, 6, 30), programme_id=programme.pk)
        assert [c.export() for c in dict(outcome_changes(viewer, f).rows)["Financiën"]] == expected
        assert dict(reach(viewer, f)[0].rows)["Totaal"][0].export() == 5
    everyone = Filters(D(2026, 1, 1), D(2026, 6, 30))
    assert dict(outcome_changes(viewer, everyone).rows)["Financiën"][0].export() == 10


def test_download_links_carry_the_filters_as_a_query_string(world, two_programmes, client_for):
    geld = two_programmes[0]
    client = client_for(world.a.users[Role.POLICY_ADVISOR])
    query = {**PERIOD, "programma": str(geld.pk)}
    page = client.get(reverse("monitoring:overview"), query).content.decode()
    links = {}
    for name in ("export_xlsx", "export_csv", "export_json"):
        match = re.search(r'href="({}\?[^"]*)"'.format(re.escape(reverse(f"monitoring:{name}"))), page)
        assert match, name
        links[name] = html.unescape(match.group(1))
    match = re.search(r'href="({}\?[^"]*)"'.format(re.escape(reverse("open-data"))), page)
    links["open-data"] = html.unescape(match.group(1))
    for name, href in links.items():
        assert "{" not in href and "%7B" not in href, href  # no Python dict in the URL
        assert f"programma={geld.pk}" in href and "van=2026-01-01" in href and "tot=2026-06-30" in href, name
    # following the CSV link gives exactly what the filtered request gives
    assert (
        client.get(links["export_csv"]).content == client.get(reverse("monitoring:export_csv"), query).content
    )


def test_csv_xlsx_json_open_data_and_pdf_honour_the_programme_filter(
    world, two_programmes, client_for, settings, django_capture_on_commit_callbacks
):
    from openpyxl import load_workbook

    geld, _eenz = two_programmes
    client = client_for(world.a.users[Role.POLICY_ADVISOR])
    query = {**PERIOD, "programma": str(geld.pk)}
    everything = _csv(client.get(reverse("monitoring:export_csv"), PERIOD))
    only = _csv(client.get(reverse("monitoring:export_csv"), query))
    key = ("outcomes_zrm", "Financiën", "Gemiddeld bij eindmeting")
    assert everything[key] == "4.0" and only[key] == "3.0"
    assert everything[("hours_by_kind", "Direct contact met bewoners", "Uren")] == "9.0"
    assert only[("hours_by_kind", "Direct contact met bewoners", "Uren")] == "6.0"
    assert ("hours_by_programme", "Eenzaamheid", "Uren") not in only
    # XLSX: the same cells
    wb = load_workbook(io.BytesIO(client.get(reverse("monitoring:export_xlsx"), query).content))
    assert ("Financiën", 5, 1.0, 3.0, 2.0, 100.0) in list(wb["outcomes_zrm"].iter_rows(values_only=True))
    assert ("Direct contact met bewoners", 6.0, 1) in list(wb["hours_by_kind"].iter_rows(values_only=True))
    # JSON and open data (open data: strict, but five residents are enough)
    for url in (reverse("monitoring:export_json"), reverse("open-data")):
        data = client.get(url, query).json()
        zrm = next(t for t in data["tables"] if t["key"] == "outcomes_zrm")
        row = next(r for r in zrm["rows"] if r["label"] == "Financiën")
        assert [c["value"] for c in row["cells"]] == [5, 1.0, 3.0, 2.0, 100.0], url
    open_csv = _csv(client.get(reverse("open-data"), {**query, "format": "csv"}))
    assert open_csv[key] == "3.0"
    # the PDF report of one programme
    settings.EW_REPORT_RUNNER = "sync"
    from ervaringswerk.monitoring.services import report_request
    from ervaringswerk.monitoring.tests.test_monitoring import _pdf_text

    with django_capture_on_commit_callbacks(execute=True):
        report = report_request(
            viewer=viewer_for(world.a.users[Role.POLICY_ADVISOR]),
            start=D(2026, 1, 1),
            end=D(2026, 6, 30),
            programme_id=geld.pk,
        )
    report.refresh_from_db()
    text = " ".join(_pdf_text(bytes(report.pdf)).split())
    assert "Financiën 5 1 3 2 100" in text
    assert "Eenzaamheid" not in text
