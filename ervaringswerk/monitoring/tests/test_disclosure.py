"""Suppression by sensitivity (issue 14.1): each class of figure under each audience, at pilot size.

The pilot here is Helmond's shape: two peer workers, one programme, hours for two partners. Work figures
are exact for the policy advisor (the funder, who reads the same hours on the programme page), and
keep the threshold for a team lead and in open data; residents' figures and a peer worker's own growth
keep the threshold for everyone; budgets and preconditions are never suppressed.
"""

import csv
import datetime
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from ervaringswerk.accounts.viewer import viewer_for
from ervaringswerk.core.tenancy import Role
from ervaringswerk.hours.models import TimeEntry
from ervaringswerk.monitoring.filters import Filters
from ervaringswerk.monitoring.selectors import dashboard
from ervaringswerk.monitoring.suppression import (
    Audience,
    Figure,
    Rule,
    audience_for,
    rule_for,
    suppressed_label,
)
from ervaringswerk.organisations.services import programme_create
from ervaringswerk.pool.services import peer_worker_create

D = datetime.date
PERIOD = {"van": "2026-01-01", "tot": "2026-03-31"}


@pytest.fixture
def pilot(world):
    """Two peer workers on one programme: 2 × (2 h direct contact for the team + 1 h group work)."""
    t = world.a
    pool, team = t.organisations["pool"], t.organisations["team"]
    programme = programme_create(
        municipality=t.municipality,
        name="Geldzorgen",
        code="GELD",
        funder=t.organisations["gemeente"],
        contractor=pool,
        start_date=D(2026, 1, 1),
        end_date=D(2026, 12, 31),
        hours_per_week=Decimal(24),
        hours_total=Decimal(1095),
        partners=[team],
    )
    peers = []
    for i in range(2):
        peer = peer_worker_create(
            organisation=pool, first_name=f"Pilot{i}", last_name="Geld", joined_on=D(2026, 1, 1)
        )
        peers.append(peer)
        for day, minutes, kind, partner in [
            (D(2026, 2, 3), 120, "direct_contact", team),
            (D(2026, 3, 4), 60, "group", None),
        ]:
            TimeEntry.objects.create(
                municipality=t.municipality,
                peer=peer,
                organisation=pool,
                programme=programme,
                partner=partner,
                date=day,
                minutes=minutes,
                work_kind=kind,
                status="approved",
            )
    from ervaringswerk.pool.models import LadderStep

    for peer in peers:  # both peer workers climbed a rung: their own growth
        LadderStep.objects.create(municipality=t.municipality, peer=peer, rung=4, date=D(2026, 1, 10))
        LadderStep.objects.create(municipality=t.municipality, peer=peer, rung=5, date=D(2026, 3, 10))
    return programme, peers


def _tables(world, audience, **filters):
    viewer = viewer_for(world.a.users[Role.POLICY_ADVISOR])
    return dashboard(
        viewer=viewer, filters=Filters(D(2026, 1, 1), D(2026, 3, 31), audience=audience, **filters)
    )


def _rows(table):
    return {label: [c.export() for c in cells] for label, cells in table.rows}


def test_audience_follows_the_role(world):
    assert audience_for(viewer_for(world.a.users[Role.POLICY_ADVISOR])) == Audience.FUNDER
    assert audience_for(viewer_for(world.a.users[Role.TEAM_LEAD])) == Audience.ORGANISATION


def test_work_figures_are_exact_for_the_funder_at_pilot_size(world, pilot):
    tables = _tables(world, Audience.FUNDER)
    # 2 × 3 h = 6 h; budget 1095 h × 90/365 = 270 h; 6/270 = 2.2 %
    assert _rows(tables["hours_by_programme"])["Geldzorgen"] == [6.0, 2, 270.0, 2.2]
    assert _rows(tables["hours_by_organisation"]) == {"Wijkteam Aastad": [4.0, 2], "Welzijn Aastad": [2.0, 2]}
    assert _rows(tables["hours_by_kind"])["Groepswerk"] == [2.0, 2]
    assert _rows(tables["pool_vs_deployed"])["02-2026"] == [2, 2, 100.0]
    assert all(not c.suppressed for _l, cells in tables["hours_by_programme"].rows for c in cells)


def test_work_figures_keep_the_threshold_for_a_team_lead_and_in_public(world, pilot):
    for audience in (Audience.ORGANISATION, Audience.PUBLIC):
        tables = _tables(world, audience)
        hours, _peers, budget, share = tables["hours_by_programme"].rows[0][1]
        assert hours.suppressed and share.suppressed and _peers.suppressed, audience
        assert budget.export() == 270.0  # a budget is about the programme, not about persons
        assert _rows(tables["pool_vs_deployed"])["02-2026"] == [None, None, None]


def test_peer_workers_own_growth_stays_protected_even_for_the_funder(world, pilot):
    tables = _tables(world, Audience.FUNDER)
    assert _rows(tables["peer_ladder"]) == {
        "Ervaringsdeskundigen met een ladderstap in de periode": [None],
        "Een of meer treden gestegen": [None],
        "Naar (ondersteund) betaald werk": [None],
    }


def test_residents_figures_keep_the_threshold_with_complementary_suppression_for_the_funder(world):
    from ervaringswerk.outcomes.tests.factories import make_trajectory, measure

    for hood, n in ((0, 5), (1, 4)):
        for _i in range(n):
            t = make_trajectory(world, neighbourhood=hood, first_contact=D(2026, 2, 1), with_peer=False)
            measure(world, t, "intake", D(2026, 2, 2), {("zrm", "financien"): 2})
            measure(world, t, "end", D(2026, 3, 2), {("zrm", "financien"): 3})
    tables = _tables(world, Audience.FUNDER)
    reach = _rows(tables["reach_by_neighbourhood"])
    # Zuid (4) is below the threshold; Noord (5) goes too, or the total (9) would give Zuid away
    assert reach == {"Aastad-Noord": [None, None], "Aastad-Zuid": [None, None], "Totaal": [9, 9]}
    south = _tables(world, Audience.FUNDER, neighbourhood_id=world.a.neighbourhoods[1].pk)
    assert _rows(south["outcomes_zrm"])["Financiën"] == [None] * 5


def test_preconditions_and_budgets_are_shown_to_every_audience(world, pilot):
    from ervaringswerk.preconditions.tests.factories import make_assessment

    make_assessment(world)
    for audience in Audience.values:
        tables = _tables(world, audience)
        row = tables["preconditions"].rows[0][1]
        assert not any(c.suppressed for c in row), audience
        assert tables["hours_by_programme"].rows[0][1][2].export() == 270.0


def test_the_pages_and_exports_follow_the_viewers_audience(world, pilot, client_for):
    client = client_for(world.a.users[Role.POLICY_ADVISOR])
    rows = list(
        csv.DictReader(
            io.StringIO(client.get(reverse("monitoring:export_csv"), PERIOD).content.decode()), delimiter=";"
        )
    )
    hours = {(r["rij"], r["kolom"]): r["waarde"] for r in rows if r["tabel"] == "hours_by_programme"}
    assert hours[("Geldzorgen", "Uren")] == "6.0"
    page = client.get(reverse("monitoring:overview"), PERIOD).content.decode()
    assert ">6<" in page.replace(" ", "") or "6</td>" in page
    public = client.get(reverse("open-data"), PERIOD).json()
    table = next(t for t in public["tables"] if t["key"] == "hours_by_programme")
    assert table["rows"][0]["cells"][0] == {"value": None, "suppressed": True}  # open data: strict
    client = client_for(world.a.users[Role.TEAM_LEAD])
    rows = list(
        csv.DictReader(
            io.StringIO(client.get(reverse("monitoring:export_csv"), PERIOD).content.decode()), delimiter=";"
        )
    )
    hours = {(r["rij"], r["kolom"]): r for r in rows if r["tabel"] == "hours_by_programme"}
    assert (
        hours[("Geldzorgen", "Uren")]["waarde"] == "" and hours[("Geldzorgen", "Uren")]["afgeschermd"] == "ja"
    )


def test_a_report_with_exact_work_figures_is_not_shown_to_a_team_lead(
    world, pilot, client_for, settings, django_capture_on_commit_callbacks
):
    from ervaringswerk.monitoring.services import report_request

    settings.EW_REPORT_RUNNER = "sync"
    with django_capture_on_commit_callbacks(execute=True):
        report = report_request(
            viewer=viewer_for(world.a.users[Role.POLICY_ADVISOR]), start=D(2026, 1, 1), end=D(2026, 3, 31)
        )
    report.refresh_from_db()
    assert report.audience == Audience.FUNDER and report.status == "done"
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(bytes(report.xlsx)))
    assert ("Geldzorgen", 6.0, 2, 270.0, 2.2) in list(wb["hours_by_programme"].iter_rows(values_only=True))
    lead = client_for(world.a.users[Role.TEAM_LEAD])
    assert lead.get(reverse("monitoring:report_xlsx", args=[report.pk])).status_code == 404
    assert report.title not in lead.get(reverse("monitoring:reports")).content.decode()
    advisor = client_for(world.a.users[Role.POLICY_ADVISOR])
    assert advisor.get(reverse("monitoring:report_xlsx", args=[report.pk])).status_code == 200


def test_a_suppressed_cell_cannot_read_as_a_percentage(world, client_for, settings):
    settings.EW_SMALL_NUMBER_THRESHOLD = 5
    assert suppressed_label() == "<5 pers."
    page = client_for(world.a.users[Role.TEAM_LEAD]).get(reverse("monitoring:overview"), PERIOD)
    html = page.content.decode()
    assert 'title="minder dan 5 personen">&lt;5 pers.</abbr>' in html
    assert not re.search(r"&lt;5\s*(%|</td>)", html)  # never a bare "<5" in a percentage column


# ------------------------------------------------------------------ one table in the docs, equal to the code


def _documented() -> dict:
    """(table key, column, class) → rule per audience, from docs/monitoring-and-evaluation.md."""
    text = (Path(django_settings.BASE_DIR) / "docs" / "monitoring-and-evaluation.md").read_text()
    section = text.split("### Which figure is shown how", 1)[1].split("\n#", 1)[0]
    found = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 6 and cells[0].startswith("`"):
            found[(cells[0].strip("`"), cells[1], cells[2].strip("`"))] = cells[3:]
    return found


def _rule_text(figure, audience) -> str:
    rule = rule_for(figure, audience)
    if rule == Rule.THRESHOLD and figure == Figure.RESIDENT:
        return "threshold + complementary"
    return str(rule)


def test_every_figure_is_in_the_documented_table_with_its_class(world, pilot):
    from ervaringswerk.monitoring.selectors import change_summary, go_no_go_decision, success_criteria
    from ervaringswerk.organisations.services import (
        go_no_go_decide,
        milestone_add,
        success_criterion_add,
    )
    from ervaringswerk.preconditions.tests.factories import make_assessment

    make_assessment(world)
    programme, _peers = pilot
    for kind in ("hours_share", "residents_reached", "partner_judgement"):
        success_criterion_add(programme=programme, kind=kind, target=Decimal(5))
    go = milestone_add(programme=programme, kind="go_no_go", title="Go/no-go", date=D(2026, 3, 1))
    go_no_go_decide(milestone=go, outcome="go", rationale="Goed", decided_by=None, decided_on=D(2026, 3, 1))
    viewer = viewer_for(world.a.users[Role.POLICY_ADVISOR])
    f = Filters(D(2026, 1, 1), D(2026, 3, 31), programme_id=programme.pk, audience=Audience.FUNDER)
    tables = dashboard(viewer=viewer, filters=f)
    tables["success_criteria"] = success_criteria(viewer, f, programme, tables, change_summary(viewer, f))
    tables["go_no_go_decision"] = go_no_go_decision(programme)
    # The learning moments and the partners' staff at them (issue 14.4).
    from ervaringswerk.activities.learning import learning_record
    from ervaringswerk.activities.models import ActivityKind, Frequency
    from ervaringswerk.activities.tests.factories import group
    from ervaringswerk.monitoring.selectors import learning_milestones, staff_at_learning

    session_milestone = milestone_add(
        programme=programme, kind="learning_session", title="Leersessie", date=D(2026, 3, 1)
    )
    session = group(
        world,
        title="Leersessie",
        kind=ActivityKind.LEARNING_SESSION,
        frequency=Frequency.ONCE,
        programme=programme,
    ).sessions.get()
    learning_record(
        session=session, milestone=session_milestone, staff_counts={world.a.organisations["team"].pk: 2}
    )
    tables["learning_milestones"] = learning_milestones(programme)
    tables["staff_at_learning"] = staff_at_learning(viewer, f)
    # A closed preconditions round with the peer workers' view (issue 14.9), in a period of its own.
    from django.utils import timezone

    from ervaringswerk.monitoring.selectors import precondition_views
    from ervaringswerk.preconditions.services import peer_response_submit, round_close
    from ervaringswerk.preconditions.tests.factories import make_peers, make_round

    round_ = make_round(world, organisations=("pool",))
    for peer_viewer, peer in make_peers(world, 1):
        peer_response_submit(viewer=peer_viewer, round_=round_, peer=peer, scores={"supervision": 3})
    round_close(viewer=viewer, round_=round_)
    today = timezone.localdate()
    tables["precondition_views"] = precondition_views(viewer, Filters(today, today, audience=Audience.FUNDER))
    shown = set()
    for table in tables.values():
        for _label, cells in table.rows:
            for column, cell in zip(table.columns[1:], cells, strict=True):
                shown.add((table.key, str(column), str(cell.figure)))
    documented = _documented()
    assert shown == set(documented)
    audiences = [Audience.FUNDER, Audience.ORGANISATION, Audience.PUBLIC]
    for (key, column, figure), rules in documented.items():
        assert rules == [_rule_text(figure, a) for a in audiences], (key, column)
