"""Permission matrix rows for the hours API (time entries, programmes, hire-out statements), and the small
world they need: in municipality A a programme run by the pool with the team as partner, an entry of the
pool's peer-worker login, and an issued statement from the pool to the team for last month."""

import datetime
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from ervaringswerk.core.tenancy import Role
from ervaringswerk.core.testing import api

WRITERS = {Role.PEER_WORKER, Role.COORDINATOR}
PROGRAMME_READERS = {Role.POLICY_ADVISOR, Role.ADMINISTRATOR, Role.COORDINATOR, Role.TEAM_LEAD}
STATEMENT_READERS = {Role.COORDINATOR, Role.TEAM_LEAD}


def last_month_weekday() -> datetime.date:
    """A weekday in the month before this one: past, and a month a statement can be issued for."""
    first = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    while first.weekday() >= 5:
        first += datetime.timedelta(days=1)
    return first


def api_programme(t, *, code="API", hours_total=Decimal(1000)):
    from ervaringswerk.organisations.models import Programme

    from .factories import programme_for

    existing = Programme.objects.filter(municipality=t.municipality, code=code).first()
    if existing:
        return existing
    today = timezone.localdate()
    return programme_for(
        t,
        code=code,
        hours_total=hours_total,
        start=today - datetime.timedelta(days=200),
        end=today + datetime.timedelta(days=165),
    )


def api_peer(t):
    from ervaringswerk.pool.models import PeerWorker

    from .factories import peer_for

    return PeerWorker.objects.filter(user=t.users[Role.PEER_WORKER]).first() or peer_for(t)


def api_entry(world):
    from ervaringswerk.hours.models import TimeEntry
    from ervaringswerk.hours.services import time_entry_create

    t = world.a
    peer = api_peer(t)
    existing = TimeEntry.objects.filter(peer=peer, status="submitted").first()
    if existing:
        return existing
    return time_entry_create(
        peer=peer,
        programme=api_programme(t),
        day=timezone.localdate() - datetime.timedelta(days=1),
        minutes=90,
        work_kind="direct_contact",
    )


def api_statement(world):
    from ervaringswerk.accounts.viewer import viewer_for
    from ervaringswerk.hours.models import HireOutStatement
    from ervaringswerk.hours.services import time_entry_approve, time_entry_create
    from ervaringswerk.hours.statements import statement_issue

    t = world.a
    existing = HireOutStatement.objects.filter(municipality=t.municipality).first()
    if existing:
        return existing
    coordinator = viewer_for(t.users[Role.COORDINATOR])
    entry = time_entry_create(
        peer=api_peer(t),
        programme=api_programme(t),
        partner=t.organisations["team"],
        day=last_month_weekday(),
        minutes=150,
        work_kind="direct_contact",
    )
    time_entry_approve(entry=entry, actor=coordinator)
    return statement_issue(
        issuer=t.organisations["pool"],
        partner=t.organisations["team"],
        month=last_month_weekday(),
        actor=coordinator,
    )


def api_lock(world):
    """A closed month of A's pool, three months back (no other row's hours fall in it)."""
    from ervaringswerk.hours.models import PeriodLock

    t = world.a
    month = timezone.localdate().replace(day=1)
    for _ in range(3):
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    lock, _created = PeriodLock.objects.get_or_create(
        municipality=t.municipality, organisation=t.organisations["pool"], month=month
    )
    return lock


def _post_only(url_name, path, allowed):
    return api(url_name, path, allowed, other=405, ok=405)


ROWS = [
    api("time-entry-list", lambda w: reverse("time-entry-list"), WRITERS),
    api(
        "time-entry-detail",
        lambda w: reverse("time-entry-detail", args=[api_entry(w).pk]),
        WRITERS,
        other=404,
    ),
    *[
        _post_only(
            f"time-entry-{name}",
            (lambda n: lambda w: reverse(f"time-entry-{n}", args=[api_entry(w).pk]))(name),
            WRITERS,
        )
        for name in ("approve", "return", "correct")
    ],
    # POST-only (bulk approval): GET is 405 for the roles that pass the list's rule.
    _post_only("time-entry-approve-many", lambda w: reverse("time-entry-approve-many"), WRITERS),
    api("period-lock-list", lambda w: reverse("period-lock-list"), {Role.COORDINATOR}),
    api(
        "period-lock-detail",
        lambda w: reverse("period-lock-detail", args=[api_lock(w).pk]),
        {Role.COORDINATOR},
        other=404,
    ),
    _post_only(
        "period-lock-reopen",
        lambda w: reverse("period-lock-reopen", args=[api_lock(w).pk]),
        {Role.COORDINATOR},
    ),
    api("programme-list", lambda w: reverse("programme-list"), PROGRAMME_READERS),
    api(
        "programme-detail",
        lambda w: reverse("programme-detail", args=[api_programme(w.a).pk]),
        PROGRAMME_READERS,
        other=404,
    ),
    api("hire-out-statement-list", lambda w: reverse("hire-out-statement-list"), STATEMENT_READERS),
    *[
        api(
            f"hire-out-statement-{name}",
            (lambda n: lambda w: reverse(f"hire-out-statement-{n}", args=[api_statement(w).pk]))(name),
            STATEMENT_READERS,
            other=404,
        )
        for name in ("detail", "pdf", "xlsx")
    ],
]
