import datetime
from decimal import Decimal

from ervaringswerk.accounts.viewer import viewer_for
from ervaringswerk.core.tenancy import Role
from ervaringswerk.hours.models import TimeEntry
from ervaringswerk.monitoring.filters import Filters
from ervaringswerk.monitoring.selectors import dashboard, hours, pool_vs_deployed
from ervaringswerk.organisations.services import programme_create
from ervaringswerk.pool.services import peer_worker_create

D = datetime.date


def test_hours_against_budget_equal_hand_computed_values(world):
    t = world.a
    pool, team = t.organisations["pool"], t.organisations["team"]
    programme = programme_create(
        municipality=t.municipality,
        name="Geldzorgen",
        code="GELD",
        theme="Geldzorgen",
        funder=t.organisations["gemeente"],
        contractor=pool,
        start_date=D(2026, 1, 1),
        end_date=D(2026, 12, 31),
        hours_per_week=Decimal(24),
        hours_total=Decimal(1095),
        partners=[team],
    )
    for i in range(5):
        peer = peer_worker_create(
            organisation=pool, first_name=f"U{i}", last_name="Uren", joined_on=D(2026, 1, 1)
        )
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
    TimeEntry.objects.create(
        municipality=t.municipality,
        peer=peer,
        organisation=pool,
        programme=programme,
        date=D(2026, 3, 5),
        minutes=600,
        work_kind="group",
        status="returned",
    )  # does not count
    f = Filters(D(2026, 1, 1), D(2026, 3, 31))
    tables = {tb.key: tb for tb in hours(viewer_for(t.users[Role.POLICY_ADVISOR]), f)}
    row = dict(tables["hours_by_programme"].rows)["Geldzorgen"]
    # 5 × 3 h = 15 h; budget 1095 h over 365 days, 90 days in the period = 270 h; 15/270 = 5.6 %
    assert [c.export() for c in row] == [15.0, 5, 270.0, 5.6]
    by_org = {label: [c.export() for c in cells] for label, cells in tables["hours_by_organisation"].rows}
    assert by_org == {"Wijkteam Aastad": [10.0, 5], "Welzijn Aastad": [5.0, 5]}
    by_kind = {label: [c.export() for c in cells] for label, cells in tables["hours_by_kind"].rows}
    assert by_kind["Groepswerk"] == [5.0, 5]
    rows = dict(pool_vs_deployed(viewer_for(t.users[Role.POLICY_ADVISOR]), f).rows)
    assert [c.export() for c in rows["02-2026"]] == [5, 5, 100.0]  # deployed through hours written
    assert "hours_by_programme" in dashboard(viewer=viewer_for(t.users[Role.POLICY_ADVISOR]), filters=f)


def test_pool_vs_deployed_counts_hours_without_an_assignment_but_not_supervision_received(world):
    """The same rule as the coordinator's idle pool (hours.selectors.deployment_entries): a peer worker
    who only received intervisie that month was not deployed; one who ran a group (no assignment) was.
    Both paths: the monthly rollup (whole months) and the entries themselves (a programme filter)."""
    t = world.a
    pool = t.organisations["pool"]
    programme = programme_create(
        municipality=t.municipality,
        name="Inloop",
        code="INLP",
        funder=t.organisations["gemeente"],
        contractor=pool,
        start_date=D(2026, 1, 1),
        end_date=D(2026, 12, 31),
        hours_per_week=Decimal(8),
        hours_total=Decimal(400),
    )
    for name, kind in (("Groep", "group"), ("Intervisie", "supervision")):
        peer = peer_worker_create(
            organisation=pool, first_name=name, last_name="Pilot", joined_on=D(2026, 1, 1)
        )
        TimeEntry.objects.create(
            municipality=t.municipality,
            peer=peer,
            organisation=pool,
            programme=programme,
            date=D(2026, 2, 10),
            minutes=120,
            work_kind=kind,
            status="approved",
        )
    advisor = viewer_for(t.users[Role.POLICY_ADVISOR])
    february = {"start": D(2026, 2, 1), "end": D(2026, 2, 28), "audience": "funder"}
    for f in (Filters(**february), Filters(**february, programme_id=programme.pk)):
        rows = dict(pool_vs_deployed(advisor, f).rows)
        assert [c.export() for c in rows["02-2026"]] == [2, 1, 50.0], f
