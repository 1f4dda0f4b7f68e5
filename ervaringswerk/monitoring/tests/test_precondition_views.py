"""The evaluation report compares the organisation's and the peer workers' view (issue 14.9).

A closed round with two organisations: the pool with three peer workers who answered (the threshold is 3
here), the self-direction centre with two. The organisation's own score is exact; the peer workers'
average, the difference and how many answered are peer figures, shown only from the threshold, for every
audience. Open rounds and another municipality's rounds are not in it.
"""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from ervaringswerk.accounts.viewer import viewer_for
from ervaringswerk.core.tenancy import Role
from ervaringswerk.monitoring.filters import Filters
from ervaringswerk.monitoring.selectors import dashboard, precondition_views
from ervaringswerk.monitoring.services import report_request
from ervaringswerk.monitoring.suppression import Audience
from ervaringswerk.organisations.models import OrganisationKind
from ervaringswerk.organisations.services import organisation_create
from ervaringswerk.preconditions.selectors import round_entry_for
from ervaringswerk.preconditions.services import peer_response_submit, round_assessment_save, round_close
from ervaringswerk.preconditions.tests.factories import make_peers, make_round

from .test_monitoring import _pdf_text

TODAY = timezone.localdate()
PERIOD = (TODAY - datetime.timedelta(days=30), TODAY)


@pytest.fixture(autouse=True)
def _threshold(settings):
    settings.EW_SMALL_NUMBER_THRESHOLD = 3


@pytest.fixture
def closed_round(world):
    world.a.organisations["centre"] = organisation_create(
        municipality=world.a.municipality,
        name="Zelfregie Aastad",
        kind=OrganisationKind.SELF_DIRECTION_CENTRE,
    )
    round_ = make_round(world, organisations=("pool", "centre"), title="Ronde najaar")
    coordinator = viewer_for(world.a.users[Role.COORDINATOR])  # of the pool
    round_assessment_save(
        viewer=coordinator,
        entry=round_entry_for(viewer=coordinator, round_=round_),
        items={"supervision": {"score": 4}, "continuity": {"score": 2}},
        submit=True,
    )
    for org, n, scores in (
        ("pool", 3, {"supervision": 2, "continuity": 4}),
        ("centre", 2, {"supervision": 5}),
    ):
        for viewer, peer in make_peers(world, n, org=org):
            peer_response_submit(viewer=viewer, round_=round_, peer=peer, scores=scores)
    return round_


def _close(world, round_):
    round_close(viewer=viewer_for(world.a.users[Role.POLICY_ADVISOR]), round_=round_)


def _values(table):
    return {label: [cell.export() for cell in cells] for label, cells in table.rows}


def test_the_report_table_compares_the_organisation_and_its_peer_workers(world, closed_round):
    _close(world, closed_round)
    advisor = viewer_for(world.a.users[Role.POLICY_ADVISOR])
    rows = _values(precondition_views(advisor, Filters(*PERIOD, audience=Audience.FUNDER)))
    assert rows["Welzijn Aastad: Supervisie en intervisie"] == ["Ronde najaar", 4, 2.0, -2.0, 3]
    assert rows["Welzijn Aastad: Continuïteit en borging in procedures en budgetten"] == [
        "Ronde najaar",
        2,
        4.0,
        2.0,
        3,
    ]
    # two peer workers: below the threshold, also for the policy advisor; no difference gives it away
    assert rows["Zelfregie Aastad: Supervisie en intervisie"] == ["Ronde najaar", None, None, None, None]
    # the criteria in checklist order, not alphabetically
    labels = [label for label in rows if label.startswith("Welzijn")]
    assert labels == ["Welzijn Aastad: Supervisie en intervisie", labels[1]] and "Continu" in labels[1]


def test_an_open_round_and_another_municipality_are_not_in_it(world, closed_round):
    advisor = viewer_for(world.a.users[Role.POLICY_ADVISOR])
    assert precondition_views(advisor, Filters(*PERIOD, audience=Audience.FUNDER)).rows == []  # still open
    _close(world, closed_round)
    other = viewer_for(world.b.users[Role.POLICY_ADVISOR])
    assert precondition_views(other, Filters(*PERIOD, audience=Audience.FUNDER)).rows == []
    before = Filters(PERIOD[0] - datetime.timedelta(days=60), PERIOD[0] - datetime.timedelta(days=1))
    assert precondition_views(advisor, before).rows == []  # closed after that period


def test_a_team_lead_and_open_data_read_the_same_peer_rule(world, closed_round):
    _close(world, closed_round)
    lead = viewer_for(world.a.users[Role.TEAM_LEAD])
    for audience in (Audience.ORGANISATION, Audience.PUBLIC):
        rows = _values(precondition_views(lead, Filters(*PERIOD, audience=audience)))
        assert rows["Welzijn Aastad: Supervisie en intervisie"] == ["Ronde najaar", 4, 2.0, -2.0, 3]
        assert rows["Zelfregie Aastad: Supervisie en intervisie"][2:] == [None, None, None]


def test_the_pdf_the_xlsx_and_the_dashboard_page_carry_the_comparison(
    world, closed_round, client_for, django_capture_on_commit_callbacks
):
    from openpyxl import load_workbook

    _close(world, closed_round)
    advisor = viewer_for(world.a.users[Role.POLICY_ADVISOR])
    with django_capture_on_commit_callbacks(execute=True):
        report = report_request(viewer=advisor, start=PERIOD[0], end=PERIOD[1])
    report.refresh_from_db()
    assert report.status == "done", report.error
    text = " ".join(_pdf_text(bytes(report.pdf)).split())
    assert "de organisatie en haar ervaringsdeskundigen" in text
    assert "Welzijn Aastad: Supervisie en intervisie" in text
    sheet = load_workbook(io.BytesIO(bytes(report.xlsx)))["precondition_views"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert ["Welzijn Aastad: Supervisie en intervisie", "Ronde najaar", 4, 2, -2, 3] in values
    assert [
        "Zelfregie Aastad: Supervisie en intervisie",
        "Ronde najaar",
        None,
        "<3 pers.",
        "<3 pers.",
        "<3 pers.",
    ] in values
    html = (
        client_for(world.a.users[Role.POLICY_ADVISOR])
        .get(reverse("monitoring:overview"), {"van": PERIOD[0].isoformat(), "tot": PERIOD[1].isoformat()})
        .content.decode()
    )
    assert 'id="tabel-precondition_views"' in html
    assert "precondition_views" in dashboard(
        viewer=advisor, filters=Filters(*PERIOD, audience=Audience.FUNDER)
    )
