import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from ervaringswerk.accounts.viewer import viewer_for
from ervaringswerk.core.tenancy import Role
from ervaringswerk.monitoring.charts import bar_chart, line_chart, spider_chart
from ervaringswerk.monitoring.filters import Filters
from ervaringswerk.monitoring.models import EvaluationReport
from ervaringswerk.monitoring.selectors import activation, dashboard, experience, outcome_changes, reach
from ervaringswerk.monitoring.services import report_request
from ervaringswerk.monitoring.suppression import Audience, Cell, Figure, count, protect, protect_group
from ervaringswerk.outcomes.tests.factories import make_trajectory, measure

D = datetime.date
PERIOD = {"van": "2026-01-01", "tot": "2026-10-31"}
FILTERS = Filters(start=D(2026, 1, 1), end=D(2026, 10, 31))

# Five residents in Aastad-Noord with intake → end on Financiën; the means are hand-computed below.
NORTH = [(1, 3), (2, 4), (2, 2), (1, 2), (3, 5)]  # intake mean 1.8, end mean 3.2, change 1.4, 4 of 5 better
# Four residents in Aastad-Zuid with a distinctive mean that must never leave the system.
SOUTH = [(1, 4), (1, 5), (2, 4), (1, 4)]  # intake mean 1.25, end mean 4.25: suppressed (n = 4)
SECRETS = ["1.25", "1,25", "4.25", "4,25", "1,2", "4,2"]


def _resident(world, hood, intake, end, *, days_to_activation=None, hope=None):
    t = make_trajectory(
        world,
        neighbourhood=hood,
        first_contact=D(2026, 2, 1),
        activation_date=D(2026, 2, 1) + datetime.timedelta(days=days_to_activation)
        if days_to_activation
        else None,
        with_peer=False,
    )
    measure(
        world, t, "intake", D(2026, 2, 2), {("zrm", "financien"): intake, ("positive_health", "zingeving"): 4}
    )
    scores = {("zrm", "financien"): end, ("positive_health", "zingeving"): 7}
    if hope:
        scores[("experience", "hope")] = hope
    measure(world, t, "end", D(2026, 6, 1), scores)
    return t


@pytest.fixture
def residents(world):
    north = [
        _resident(world, 0, i, e, days_to_activation=d, hope=h)
        for (i, e), d, h in zip(NORTH, [10, 20, 30, 40, None], [5, 4, 4, 3, 5], strict=True)
    ]
    south = [_resident(world, 1, i, e) for i, e in SOUTH]
    return north, south


def _viewer(world, role=Role.POLICY_ADVISOR, tenant="a"):
    return viewer_for(getattr(world, tenant).users[role])


# ------------------------------------------------------------------ the suppression function


def test_protect_suppresses_value_and_count_below_threshold(settings):
    settings.EW_SMALL_NUMBER_THRESHOLD = 5
    resident = {"figure": Figure.RESIDENT, "audience": Audience.FUNDER}
    assert protect(3.2, n=5, **resident) == Cell(3.2, 5, False, Figure.RESIDENT)
    assert protect(3.2, n=4, **resident) == Cell(None, None, True, Figure.RESIDENT)
    assert protect(3.2, n=0, **resident).display() == "<5 pers."
    assert count(4, **resident).export() is None and count(5, **resident).export() == 5
    organisation = {"figure": Figure.ORGANISATION, "audience": Audience.PUBLIC}
    assert protect("12-03-2026", n=None, **organisation).display() == "12-03-2026"
    settings.EW_SMALL_NUMBER_THRESHOLD = 10  # configurable
    assert protect(3.2, n=9, **resident).suppressed
    assert protect(3.2, n=9, **resident).display() == "<10 pers."


def test_complementary_suppression_hides_the_smallest_other_cell():
    def c(n):
        return count(n, figure=Figure.RESIDENT, audience=Audience.FUNDER)

    cells = protect_group([c(12), c(3), c(7)])
    assert [x.suppressed for x in cells] == [False, True, True]
    assert cells[2].figure == Figure.RESIDENT
    assert protect_group([c(2), c(3), c(7)]) == [c(2), c(3), c(7)]


# ------------------------------------------------------------------ aggregates = hand-computed values


def test_outcome_changes_equal_hand_computed_values(world, residents):
    viewer = _viewer(world)
    north = world.a.neighbourhoods[0].pk
    table = outcome_changes(viewer, Filters(FILTERS.start, FILTERS.end, neighbourhood_id=north))
    label, cells = table.rows[0]
    assert label == "Financiën"
    assert [c.export() for c in cells] == [5, 1.8, 3.2, 1.4, 80.0]
    # all nine residents together: intake (9+5)/9, end (16+17)/9
    everyone = dict(outcome_changes(viewer, FILTERS).rows)["Financiën"]
    assert [c.export() for c in everyone] == [
        9,
        round(14 / 9, 2),
        round(33 / 9, 2),
        round(33 / 9 - 14 / 9, 2),
        round(800 / 9, 1),
    ]
    assert dict(outcome_changes(viewer, FILTERS).rows)["Werk & opleiding"][0].suppressed  # nobody measured


def test_partial_months_at_the_edges_give_the_same_exact_answer(world, residents):
    """Whole months come from the rollup, edge months from the pairs: any period is exact."""
    viewer = _viewer(world)
    north = world.a.neighbourhoods[0].pk
    for start, end in [
        (D(2026, 5, 15), D(2026, 6, 15)),
        (D(2026, 6, 1), D(2026, 6, 1)),
        (D(2026, 4, 1), D(2026, 6, 30)),
    ]:
        table = outcome_changes(viewer, Filters(start, end, neighbourhood_id=north))
        assert [c.export() for c in table.rows[0][1]] == [5, 1.8, 3.2, 1.4, 80.0], (start, end)
    empty = outcome_changes(viewer, Filters(D(2026, 6, 2), D(2026, 9, 30), neighbourhood_id=north))
    assert empty.rows[0][1][0].suppressed


def test_reach_activation_and_experience_equal_hand_computed_values(world, residents):
    viewer = _viewer(world)
    tables = {t.key: t for t in reach(viewer, FILTERS)}
    by_hood = {label: [c.export() for c in cells] for label, cells in tables["reach_by_neighbourhood"].rows}
    # Zuid (4) is suppressed; with the total (9) visible, Noord (5) would give it away, so it goes too
    assert by_hood == {"Aastad-Noord": [None, None], "Aastad-Zuid": [None, None], "Totaal": [9, 9]}
    _resident(world, 1, 1, 4)  # a fifth resident in Zuid: every cell has five or more behind it
    tables = {t.key: t for t in reach(viewer, FILTERS)}
    by_hood = {label: [c.export() for c in cells] for label, cells in tables["reach_by_neighbourhood"].rows}
    assert by_hood == {"Aastad-Noord": [5, 5], "Aastad-Zuid": [5, 5], "Totaal": [10, 10]}
    act = {label: cells[0].export() for label, cells in activation(viewer, FILTERS).rows}
    assert act["Gestarte trajecten"] == 10
    assert act["Waarvan geactiveerd"] is None  # 4 activated: fewer than five
    assert act["Mediaan aantal dagen tot activering"] is None
    exp = {label: [c.export() for c in cells] for label, cells in experience(viewer, FILTERS).rows}
    assert exp["Ik heb weer hoop"] == [5, 4.2, 80.0]  # (5+4+4+3+5)/5; 4 of 5 agree
    assert exp["Ik voelde me herkend"] == [None, None, None]


def test_activation_median_when_enough_residents(world, residents):
    north, _south = residents
    from ervaringswerk.outcomes.services import trajectory_update

    trajectory_update(
        viewer=_viewer(world, Role.PROFESSIONAL), trajectory=north[4], activation_date=D(2026, 3, 23)
    )
    act = {label: cells[0].export() for label, cells in activation(_viewer(world), FILTERS).rows}
    assert act["Waarvan geactiveerd"] == 5
    assert act["Mediaan aantal dagen tot activering"] == 30  # 10, 20, 30, 40, 50
    assert act["Percentage geactiveerd"] == round(100 * 5 / 9, 1)


def test_pool_vs_deployed_counts_peers_per_month(world):
    from ervaringswerk.deployment.models import Assignment, DeploymentRequest
    from ervaringswerk.pool.services import peer_worker_create

    pool = world.a.organisations["pool"]
    peers = [peer_worker_create(organisation=pool, first_name=f"P{i}", last_name="Test") for i in range(7)]
    from ervaringswerk.pool.models import PeerWorker

    PeerWorker.objects.filter(pk__in=[p.pk for p in peers]).update(joined_on=D(2026, 1, 5))
    PeerWorker.objects.filter(pk=peers[6].pk).update(status="left", left_on=D(2026, 3, 10))
    request = DeploymentRequest.objects.create(
        municipality=pool.municipality,
        organisation=world.a.organisations["team"],
        kind="consultation",
        title="x",
    )
    for peer in peers[:5]:
        Assignment.objects.create(
            municipality=pool.municipality,
            request=request,
            peer=peer,
            hours_per_week=2,
            start_date=D(2026, 3, 1),
            end_date=D(2026, 4, 30),
        )
    from ervaringswerk.monitoring.selectors import pool_vs_deployed

    today = timezone.localdate()
    table = pool_vs_deployed(_viewer(world), Filters(D(2026, 2, 1), min(D(2026, 5, 31), today)))
    rows = {label: [c.export() for c in cells] for label, cells in table.rows}
    assert rows["03-2026"] == [7, 5, round(100 * 5 / 7, 1)]  # the leaver still counts in March
    assert rows["04-2026"] == [6, 5, round(100 * 5 / 6, 1)]
    assert rows["02-2026"][1] is None  # nobody deployed yet: 0 is fewer than five


# ------------------------------------------------------------------ suppression in every output path


def _assert_no_secret(text: str, where: str):
    for secret in SECRETS:
        assert secret not in text, f"{secret} leaked in {where}"


def test_suppressed_cells_never_leave_through_any_output_path(
    world, residents, client_for, api_client, settings, django_capture_on_commit_callbacks
):
    south = str(world.a.neighbourhoods[1].pk)
    query = {**PERIOD, "wijk": south}
    client = client_for(world.a.users[Role.POLICY_ADVISOR])
    # 1. the dashboard page
    page = client.get(reverse("monitoring:overview"), query).content.decode()
    _assert_no_secret(page, "page")
    assert "&lt;5 pers." in page
    # 2. CSV export
    text = client.get(reverse("monitoring:export_csv"), query).content.decode()
    _assert_no_secret(text, "csv")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    fin = [r for r in rows if r["tabel"] == "outcomes_zrm" and r["rij"] == "Financiën"]
    assert fin and all(r["waarde"] == "" and r["afgeschermd"] == "ja" for r in fin)
    # 3. XLSX export
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(client.get(reverse("monitoring:export_xlsx"), query).content))
    values = [
        str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row if c is not None
    ]
    _assert_no_secret(" ".join(values), "xlsx")
    assert "<5 pers." in values
    # 4. JSON export and 5. the open-data API (JSON and CSV)
    for body in (
        client.get(reverse("monitoring:export_json"), query).content.decode(),
        client.get(reverse("open-data"), query).content.decode(),
        client.get(reverse("open-data"), {**query, "format": "csv"}).content.decode(),
    ):
        _assert_no_secret(body, "json/api")
    data = client.get(reverse("open-data"), query).json()
    zrm = next(t for t in data["tables"] if t["key"] == "outcomes_zrm")
    assert zrm["rows"][0]["cells"][1] == {"value": None, "suppressed": True}
    # 6. the PDF report and its XLSX tables
    with django_capture_on_commit_callbacks(execute=True):
        report = report_request(
            viewer=_viewer(world),
            start=D(2026, 1, 1),
            end=D(2026, 10, 31),
            neighbourhood=world.a.neighbourhoods[1],
        )
    report.refresh_from_db()
    assert report.status == "done", report.error
    _assert_no_secret(_pdf_text(bytes(report.pdf)), "pdf")
    wb = load_workbook(io.BytesIO(bytes(report.xlsx)))
    _assert_no_secret(
        " ".join(str(c) for ws in wb.worksheets for r in ws.iter_rows(values_only=True) for c in r if c),
        "report xlsx",
    )


def test_the_same_figures_show_once_five_residents_are_behind_them(world, residents, client_for):
    _resident(world, 1, 1, 4)  # a fifth resident in Zuid: intake mean 6/5 = 1.2, end 21/5 = 4.2
    client = client_for(world.a.users[Role.POLICY_ADVISOR])
    query = {**PERIOD, "wijk": str(world.a.neighbourhoods[1].pk)}
    text = client.get(reverse("monitoring:export_csv"), query).content.decode()
    fin = {
        r["kolom"]: r["waarde"]
        for r in csv.DictReader(io.StringIO(text), delimiter=";")
        if r["tabel"] == "outcomes_zrm" and r["rij"] == "Financiën"
    }
    assert fin["Gemiddeld bij intake"] == "1.2" and fin["Gemiddeld bij eindmeting"] == "4.2"


# ------------------------------------------------------------------ policy advisors never see a single record


def test_policy_advisor_outputs_contain_no_resident_or_peer_identity(
    world, residents, client_for, settings, django_capture_on_commit_callbacks
):
    from ervaringswerk.outcomes.tests.factories import peer_for

    peer = peer_for(world)
    north, south = residents
    codes = [t.code for t in north + south]
    client = client_for(world.a.users[Role.POLICY_ADVISOR])
    bodies = [
        client.get(reverse("monitoring:overview"), PERIOD).content.decode(),
        client.get(reverse("monitoring:export_csv"), PERIOD).content.decode(),
        client.get(reverse("open-data"), PERIOD).content.decode(),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        report = report_request(viewer=_viewer(world), start=D(2026, 1, 1), end=D(2026, 10, 31))
    report.refresh_from_db()
    bodies.append(_pdf_text(bytes(report.pdf)))
    for body in bodies:
        for code in codes:
            assert code not in body
        assert peer.last_name not in body
    # and every personal page or API record answers 403
    for name, args in [("outcomes:trajectory_detail", [north[0].pk]), ("pool:detail", [peer.pk])]:
        assert client.get(reverse(name, args=args)).status_code == 403
    for name, args in [("trajectory-detail", [north[0].pk]), ("peer-worker-detail", [peer.pk])]:
        assert client.get(reverse(name, args=args)).status_code == 403


# ------------------------------------------------------------------ the evaluation report


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_report_pdf_opens_with_sections_and_numbers(
    world, residents, client_for, settings, django_capture_on_commit_callbacks
):
    client = client_for(world.a.users[Role.POLICY_ADVISOR])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("monitoring:reports"),
            {
                "van": "2026-01-01",
                "tot": "2026-10-31",
                "wijk": str(world.a.neighbourhoods[0].pk),
                "doelen": "Minder geldzorgen en kortere hulproutes",
                "lessen": "Samen de post openen werkt",
            },
        )
    report = EvaluationReport.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/rapportages/{report.pk}/")
    status = client.get(reverse("monitoring:report_status", args=[report.pk])).content.decode()
    assert "Download het rapport (PDF)" in status and "hx-get" not in status
    pdf = client.get(reverse("monitoring:report_pdf", args=[report.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    text = _pdf_text(pdf.content)
    for heading in [
        "1. Doelen van het programma",
        "2. Uren tegenover budget",
        "3. Bereik",
        "4. Uitkomsten voor bewoners",
        "5. Ervaringen van bewoners",
        "6. Lessen uit de leerbijeenkomsten",
        "7. Randvoorwaarden",
        "Verantwoording",
    ]:
        assert heading in text, heading
    assert "Minder geldzorgen en kortere hulproutes" in text
    assert "Samen de post openen werkt" in text
    assert "door bewoners zelf ingevuld" in " ".join(text.split())  # the residents' own answers (voice)
    # Financiën in Noord: 5 residents, intake 1,8, end 3,2, change 1,4, 80% better
    assert "Financiën 5 1,8 3,2 1,4 80" in " ".join(text.split())
    from openpyxl import load_workbook

    xlsx = client.get(reverse("monitoring:report_xlsx", args=[report.pk]))
    wb = load_workbook(io.BytesIO(xlsx.content))
    rows = list(wb["outcomes_zrm"].iter_rows(values_only=True))
    assert ("Financiën", 5, 1.8, 3.2, 1.4, 80.0) in rows


def test_report_progress_is_polled_until_done(world, client_for, settings):
    report = EvaluationReport.objects.create(
        municipality=world.a.municipality,
        title="x",
        period_start=D(2026, 1, 1),
        period_end=D(2026, 2, 1),
        status="running",
        progress=55,
        step="Grafieken tekenen",
    )
    client = client_for(world.a.users[Role.POLICY_ADVISOR])
    html = client.get(reverse("monitoring:report_status", args=[report.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in html and "Grafieken tekenen (55%)" in html
    assert client.get(reverse("monitoring:report_pdf", args=[report.pk])).status_code == 404  # not ready
    client = client_for(world.b.users[Role.POLICY_ADVISOR])
    assert client.get(reverse("monitoring:report_detail", args=[report.pk])).status_code == 404


def test_failed_generation_is_reported_not_lost(
    world, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from ervaringswerk.monitoring import services

    def broken(content):
        raise RuntimeError("boom")

    monkeypatch.setattr(services, "render_pdf", broken)
    with django_capture_on_commit_callbacks(execute=True):
        report = report_request(viewer=_viewer(world), start=D(2026, 1, 1), end=D(2026, 2, 1))
    report.refresh_from_db()
    assert report.status == "failed" and report.error == "RuntimeError"


def test_bad_filters_answer_in_dutch_not_500(world, client_for):
    client = client_for(world.a.users[Role.POLICY_ADVISOR])
    page = client.get(reverse("monitoring:overview"), {"van": "2026-05-01", "tot": "2026-01-01"})
    assert page.status_code == 200 and "De einddatum ligt vóór de begindatum." in page.content.decode()
    api = client.get(reverse("open-data"), {"van": "gisteren"})
    assert api.status_code == 400 and api["Content-Type"].startswith("application/problem+json")
    form = client.post(reverse("monitoring:reports"), {"van": "2026-05-01", "tot": "2026-01-01"})
    assert form.status_code == 200 and "De einddatum ligt vóór de begindatum." in form.content.decode()
    assert not EvaluationReport.objects.exists()


def test_dashboard_needs_a_bounded_number_of_queries(world, residents, django_assert_max_num_queries):
    with django_assert_max_num_queries(40):
        tables = dashboard(viewer=_viewer(world), filters=FILTERS)
    assert "outcomes_zrm" in tables and "preconditions" in tables


# ------------------------------------------------------------------ charts


def test_charts_escape_labels_and_skip_suppressed_values():
    chart = bar_chart(
        title="<b>x</b>", categories=["<script>alert(1)</script>", "B"], series=[("s", [3, None])]
    )
    svg = chart.svg()
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert svg.count("<rect") == 1  # one bar; the suppressed one is a label only
    assert "afgeschermd" in svg
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert chart.table_rows == [["<script>alert(1)</script>", "3"], ["B", "afgeschermd"]]


def test_line_and_spider_charts_are_valid_svg():
    from xml.etree import ElementTree

    line = line_chart(title="t", x_labels=["01-2026", "02-2026", "03-2026"], series=[("a", [1.5, None, 3])])
    spider = spider_chart(title="s", axes=list("ABCDEF"), series=[("Intake", [4, 5, 6, 4, 5, 6])], maximum=10)
    for chart in (line, spider):
        root = ElementTree.fromstring(chart.svg())  # noqa: S314 - our own SVG
        assert root.tag.endswith("svg")
    assert line.svg().count("<polyline") == 2  # the suppressed point breaks the line
    import re

    assert not re.search(
        r' (?:x|y|cx|cy|x1|x2|y1|y2|width|height)="[^"]*,', line.svg()
    )  # numbers in SVG attributes are never localised


def test_peer_ladder_progression_and_moves_into_paid_work(world):
    from ervaringswerk.monitoring.selectors import peer_ladder
    from ervaringswerk.pool.models import LadderStep
    from ervaringswerk.pool.services import peer_worker_create

    pool = world.a.organisations["pool"]
    paths = [
        [(D(2025, 12, 1), 3), (D(2026, 3, 1), 4)],
        [(D(2026, 2, 1), 4), (D(2026, 5, 1), 5)],
        [(D(2026, 2, 1), 2), (D(2026, 6, 1), 2)],
        [(D(2025, 6, 1), 4), (D(2026, 4, 1), 6)],
        [(D(2026, 1, 5), 1), (D(2026, 7, 1), 3)],
        [(D(2025, 1, 1), 5)],
    ]  # the last: no step in the period
    for index, path in enumerate(paths):
        peer = peer_worker_create(organisation=pool, first_name=f"L{index}", last_name="Ladder")
        for day, rung in path:
            LadderStep.objects.create(municipality=pool.municipality, peer=peer, rung=rung, date=day)
    rows = {label: cells[0].export() for label, cells in peer_ladder(_viewer(world), FILTERS).rows}
    assert rows["Ervaringsdeskundigen met een ladderstap in de periode"] == 5
    assert rows["Een of meer treden gestegen"] is None  # 4 of 5 (peer 3 stayed on 2): fewer than five
    assert rows["Naar (ondersteund) betaald werk"] is None  # 2 of 5
    LadderStep.objects.create(municipality=pool.municipality, peer=peer, rung=6, date=D(2026, 8, 1))
    rows = {label: cells[0].export() for label, cells in peer_ladder(_viewer(world), FILTERS).rows}
    assert rows["Ervaringsdeskundigen met een ladderstap in de periode"] == 6
    assert rows["Een of meer treden gestegen"] == 5


def test_lessons_of_learning_sessions_come_into_the_report(world):
    from ervaringswerk.activities.models import ActivityKind
    from ervaringswerk.activities.services import minute_item_add
    from ervaringswerk.activities.tests.factories import group
    from ervaringswerk.monitoring.selectors import lessons_from_learning_sessions

    activity = group(world, kind=ActivityKind.LEARNING_SESSION, title="Leersessie geldzorgen")
    session = activity.sessions.order_by("starts_at").first()
    minute_item_add(
        viewer=viewer_for(world.a.users[Role.COORDINATOR]),
        session=session,
        kind="lesson",
        text="Vroeg erbij zijn voorkomt schulden",
    )
    minute_item_add(
        viewer=viewer_for(world.a.users[Role.COORDINATOR]),
        session=session,
        kind="decision",
        text="Volgende keer in de bibliotheek",
    )
    assert lessons_from_learning_sessions(_viewer(world), FILTERS) == ["Vroeg erbij zijn voorkomt schulden"]
    assert lessons_from_learning_sessions(_viewer(world, tenant="b"), FILTERS) == []


def test_waiting_time_from_request_to_first_match(world):
    from ervaringswerk.deployment.models import Assignment, DeploymentRequest
    from ervaringswerk.monitoring.selectors import waiting_time
    from ervaringswerk.pool.services import peer_worker_create

    pool = world.a.organisations["pool"]
    team = world.a.organisations["team"]
    asked = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    waits = [2, 4, 6, 8, 30]  # days until the first match; median 6, mean 10
    for index, wait in enumerate(waits):
        peer = peer_worker_create(organisation=pool, first_name=f"W{index}", last_name="Wacht")
        request = DeploymentRequest.objects.create(
            municipality=pool.municipality, organisation=team, kind="individual_support", title=f"R{index}"
        )
        DeploymentRequest.objects.filter(pk=request.pk).update(created_at=asked)
        first = Assignment.objects.create(
            municipality=pool.municipality, request=request, peer=peer, hours_per_week=2
        )
        later = Assignment.objects.create(
            municipality=pool.municipality, request=request, peer=peer, hours_per_week=1
        )
        Assignment.objects.filter(pk=first.pk).update(created_at=asked + datetime.timedelta(days=wait))
        Assignment.objects.filter(pk=later.pk).update(created_at=asked + datetime.timedelta(days=wait + 20))
    rows = {label: [c.export() for c in cells] for label, cells in waiting_time(_viewer(world), FILTERS).rows}
    assert rows["Individuele ondersteuning van een bewoner"] == [5, 6.0, 10.0]
    assert rows["Alle soorten"] == [5, 6.0, 10.0]
    assert rows["Consultatie aan professionals"] == [None, None, None]  # nobody: suppressed
