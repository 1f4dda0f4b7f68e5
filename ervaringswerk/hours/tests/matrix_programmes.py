"""Programme and hire-out statement pages × every role.

In the world, the programme is funded by the municipality, carried out by the pool organisation (the
coordinator's) and the neighbourhood team (the team lead's) may hire. The statement goes from the pool
organisation to the team. Another municipality's coordinator passes the rule but finds nothing (404).
"""

import datetime
from decimal import Decimal

from django.urls import reverse

from ervaringswerk.core.tenancy import Role
from ervaringswerk.core.testing import page, same_for_all

VIEWERS = {Role.COORDINATOR, Role.TEAM_LEAD, Role.POLICY_ADVISOR, Role.ADMINISTRATOR}
MANAGERS = {Role.COORDINATOR, Role.POLICY_ADVISOR, Role.ADMINISTRATOR}
STATEMENT_READERS = {Role.COORDINATOR, Role.TEAM_LEAD}


def matrix_programme(t):
    from .factories import programme_for

    return programme_for(t, code="MATRIX")


def issued_statement(t, *, programme=None, day=datetime.date(2026, 3, 2), minutes=90):
    """An approved, hired-out entry of March 2026, and the statement issued for it."""
    from ervaringswerk.accounts.viewer import viewer_for
    from ervaringswerk.hours.services import time_entry_approve, time_entry_create
    from ervaringswerk.hours.statements import statement_issue
    from ervaringswerk.pool.models import PeerWorker

    from .factories import peer_for, programme_for

    programme = programme or programme_for(t, code="STAAT", rate=Decimal("52.50"))
    coordinator = viewer_for(t.users[Role.COORDINATOR])
    peer = PeerWorker.objects.filter(user=t.users[Role.PEER_WORKER]).first() or peer_for(t)
    entry = time_entry_create(
        peer=peer,
        programme=programme,
        partner=t.organisations["team"],
        day=day,
        minutes=minutes,
        work_kind="direct_contact",
    )
    time_entry_approve(entry=entry, actor=coordinator)
    return statement_issue(
        issuer=t.organisations["pool"], partner=t.organisations["team"], month=day, actor=coordinator
    )


def _programme(world):
    return matrix_programme(world.a).pk


def _statement(world):
    return issued_statement(world.a).pk


def _milestone(world):
    from ervaringswerk.organisations.services import milestone_add

    programme = matrix_programme(world.a)
    milestone = milestone_add(
        programme=programme, kind="evaluation", title="Evaluatie", date=programme.end_date
    )
    return programme.pk, milestone.pk


def _programme_page(name, allowed, suffix_args=()):
    return page(
        name,
        lambda w: reverse(name, args=[_programme(w), *suffix_args]),
        allowed,
        other=404,
    )


ROWS = [
    page("hours:programmes", lambda w: reverse("hours:programmes"), VIEWERS),
    page("hours:programme_create", lambda w: reverse("hours:programme_create"), MANAGERS),
    _programme_page("hours:programme_detail", VIEWERS),
    # The team lead sees the programme (a partner) but may not change it.
    _programme_page("hours:programme_edit", MANAGERS),
    _programme_page("hours:programme_rate_add", MANAGERS),
    _programme_page("hours:programme_milestone_add", MANAGERS),
    same_for_all(
        "hours:programme_milestone_done",
        lambda w: reverse("hours:programme_milestone_done", args=[*_milestone(w)]),
        405,
    ),
    page("hours:statements", lambda w: reverse("hours:statements"), STATEMENT_READERS),
    page("hours:statement_new", lambda w: reverse("hours:statement_new"), {Role.COORDINATOR}),
    same_for_all("hours:statement_issue", lambda w: reverse("hours:statement_issue"), 405),
    page(
        "hours:statement_detail",
        lambda w: reverse("hours:statement_detail", args=[_statement(w)]),
        STATEMENT_READERS,
        other=404,
    ),
    page(
        "hours:statement_pdf",
        lambda w: reverse("hours:statement_pdf", args=[_statement(w)]),
        STATEMENT_READERS,
        other=404,
    ),
    page(
        "hours:statement_xlsx",
        lambda w: reverse("hours:statement_xlsx", args=[_statement(w)]),
        STATEMENT_READERS,
        other=404,
    ),
]
