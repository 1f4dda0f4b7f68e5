"""The evaluation report measures every success criterion against its target and carries the go/no-go
decision and the decisions and action points of the programme's learning sessions (issue 14.3, 14.4)."""

import datetime
import io
from decimal import Decimal

from ervaringswerk.accounts.viewer import viewer_for
from ervaringswerk.core.tenancy import Role
from ervaringswerk.hours.models import TimeEntry
from ervaringswerk.monitoring.services import report_request
from ervaringswerk.organisations.services import (
    go_no_go_decide,
    milestone_add,
    programme_create,
    success_criterion_add,
    success_criterion_record,
)
from ervaringswerk.outcomes.tests.factories import make_trajectory, measure
from ervaringswerk.pool.services import peer_worker_create

from .test_monitoring import _pdf_text

D = datetime.date


def test_report_measures_each_criterion_against_its_target(
    world, settings, django_capture_on_commit_callbacks
):
    from ervaringswerk.activities.models import ActivityKind
    from ervaringswerk.activities.services import minute_item_add
    from ervaringswerk.activities.tests.factories import group

    settings.EW_REPORT_RUNNER = "sync"
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
        hours_per_week=Decimal(1),
        hours_total=Decimal(73),  # 73 h over 365 days: 18 h pro rata for January-March (90 days)
        partners=[team],
    )
    for i in range(2):  # two peer workers, 9 h each: 18 h = 100 % of the pro-rata budget
        peer = peer_worker_create(
            organisation=pool, first_name=f"G{i}", last_name="Go", joined_on=D(2026, 1, 1)
        )
        TimeEntry.objects.create(
            municipality=t.municipality,
            peer=peer,
            organisation=pool,
            programme=programme,
            partner=team,
            date=D(2026, 2, 3),
            minutes=540,
            work_kind="direct_contact",
            status="approved",
        )
    for hope in (5, 4, 4, 3, 4):  # five residents: mean experience score 4.0
        trajectory = make_trajectory(
            world, first_contact=D(2026, 1, 15), with_peer=False, programme=programme
        )
        measure(world, trajectory, "intake", D(2026, 1, 16), {("zrm", "financien"): 2})
        measure(
            world, trajectory, "end", D(2026, 3, 1), {("zrm", "financien"): 3, ("experience", "hope"): hope}
        )
    success_criterion_add(programme=programme, kind="hours_share", target=Decimal(80))
    success_criterion_add(programme=programme, kind="residents_reached", target=Decimal(6))
    success_criterion_add(programme=programme, kind="experience_score", target=Decimal("3.5"))
    judgement = success_criterion_add(programme=programme, kind="partner_judgement", target=Decimal(7))
    success_criterion_record(criterion=judgement, value=Decimal("7.5"), note="vier partners")
    success_criterion_add(
        programme=programme, kind="free", title="Twee partners willen inhuren", target=Decimal(2)
    )
    go = milestone_add(programme=programme, kind="go_no_go", title="Go/no-go", date=D(2026, 3, 30))
    go_no_go_decide(
        milestone=go,
        outcome="go_with_conditions",
        rationale="De pilot bereikt bewoners eerder",
        conditions="Inhuur per partner vastleggen",
        decided_by=t.users[Role.POLICY_ADVISOR],
        decided_on=D(2026, 3, 30),
    )
    activity = group(
        world,
        kind=ActivityKind.LEARNING_SESSION,
        title="Leersessie geldzorgen",
        programme=programme,
        start_date=D(2026, 3, 3),
        end_date=D(2026, 3, 3),
        frequency="once",
    )
    coordinator = viewer_for(t.users[Role.COORDINATOR])
    session = activity.sessions.get()
    minute_item_add(
        viewer=coordinator, session=session, kind="decision", text="Spreekuur ook bij Werk en Inkomen"
    )
    minute_item_add(
        viewer=coordinator, session=session, kind="action", text="Folder herschrijven met de cliëntenraad"
    )
    with django_capture_on_commit_callbacks(execute=True):
        report = report_request(
            viewer=viewer_for(t.users[Role.POLICY_ADVISOR]),
            start=D(2026, 1, 1),
            end=D(2026, 3, 31),
            programme_id=programme.pk,
        )
    report.refresh_from_db()
    assert report.status == "done", report.error
    from openpyxl import load_workbook

    rows = list(load_workbook(io.BytesIO(bytes(report.xlsx)))["success_criteria"].iter_rows(values_only=True))
    assert ("Gerealiseerde uren als percentage van het budget", 80.0, 100.0, "ja") in rows
    assert ("Bereikte bewoners", 6.0, 5, "nee") in rows
    assert ("Gemiddelde ervaringsscore van bewoners (1-5)", 3.5, 4.0, "ja") in rows
    assert ("Oordeel van de partners (1-10)", 7.0, 7.5, "ja") in rows
    assert ("Twee partners willen inhuren", 2.0, None, "onbekend") in rows
    text = " ".join(_pdf_text(bytes(report.pdf)).split())
    assert "8. Go/no-go" in text
    assert "Go met voorwaarden" in text and "Inhuur per partner vastleggen" in text
    assert "Spreekuur ook bij Werk en Inkomen" in text and "Folder herschrijven met de cliëntenraad" in text
    assert "Bereikte bewoners 6 5 nee" in text
