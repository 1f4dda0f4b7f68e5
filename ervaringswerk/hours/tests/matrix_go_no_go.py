"""Go/no-go pages (issue 14) × every role: only the municipality (policy advisor, administrator) sets
criteria, decides and creates the follow-up; everyone else is refused by the rule (403)."""

import datetime
from decimal import Decimal

from django.urls import reverse

from ervaringswerk.core.tenancy import Role
from ervaringswerk.core.testing import page

DECIDERS = {Role.POLICY_ADVISOR, Role.ADMINISTRATOR}


def _programme(world):
    from .matrix_programmes import matrix_programme

    return matrix_programme(world.a)


def _criterion(world):
    from ervaringswerk.organisations.services import success_criterion_add

    programme = _programme(world)
    criterion = success_criterion_add(
        programme=programme, kind="free", title="Twee partners", target=Decimal(2)
    )
    return [programme.pk, criterion.pk]


def _go_no_go(world, outcome=""):
    from ervaringswerk.organisations.services import go_no_go_decide, milestone_add

    programme = _programme(world)
    milestone = milestone_add(programme=programme, kind="go_no_go", title="Go/no-go", date=programme.end_date)
    if outcome:
        go_no_go_decide(
            milestone=milestone,
            outcome=outcome,
            rationale="Goed",
            decided_by=None,
            decided_on=datetime.date(2026, 1, 5),
        )
    return [programme.pk, milestone.pk]


ROWS = [
    page(
        "hours:programme_criterion_add",
        lambda w: reverse("hours:programme_criterion_add", args=[_programme(w).pk]),
        DECIDERS,
    ),
    page(
        "hours:programme_criterion_record",
        lambda w: reverse("hours:programme_criterion_record", args=_criterion(w)),
        DECIDERS,
    ),
    page(
        "hours:programme_decision", lambda w: reverse("hours:programme_decision", args=_go_no_go(w)), DECIDERS
    ),
    page(
        "hours:programme_follow_up",
        lambda w: reverse("hours:programme_follow_up", args=_go_no_go(w, "go")),
        DECIDERS,
    ),
]
