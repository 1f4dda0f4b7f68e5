import datetime

from ervaringswerk.accounts.viewer import viewer_for
from ervaringswerk.core.tenancy import Role
from ervaringswerk.preconditions.services import action_create, assessment_create


def make_assessment(world, tenant="a", *, on=None, scores=None):
    t = getattr(world, tenant)
    viewer = viewer_for(t.users[Role.TEAM_LEAD])
    scores = scores or {"management_support": 2, "supervision": 3}
    return assessment_create(
        viewer=viewer,
        organisation=t.organisations["team"],
        assessed_on=on or datetime.date(2026, 2, 1),
        items={k: {"score": v, "explanation": "Uitleg", "evidence": "Verslag MT"} for k, v in scores.items()},
    )


def make_action(world, tenant="a"):
    t = getattr(world, tenant)
    return action_create(
        viewer=viewer_for(t.users[Role.TEAM_LEAD]),
        organisation=t.organisations["team"],
        precondition="supervision",
        description="Intervisie elke maand inplannen",
        owner="Teamleider",
        due_date=datetime.date(2026, 6, 1),
    )
