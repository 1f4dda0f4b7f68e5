"""Small builders for the hours tests: a programme with a partner and a peer worker with a login."""

import datetime
from decimal import Decimal

from ervaringswerk.core.tenancy import Role
from ervaringswerk.organisations.services import programme_create, programme_rate_add
from ervaringswerk.pool.services import peer_worker_create

D = datetime.date
JAN_1, DEC_31 = D(2026, 1, 1), D(2026, 12, 31)


def programme_for(
    t,
    *,
    code="GELD",
    hours_total=Decimal(1000),
    hours_per_week=Decimal(24),
    start=JAN_1,
    end=DEC_31,
    rate=Decimal("50.00"),
):
    programme = programme_create(
        municipality=t.municipality,
        name=f"Programma {code}",
        code=code,
        theme="Geldzorgen",
        funder=t.organisations["gemeente"],
        contractor=t.organisations["pool"],
        start_date=start,
        end_date=end,
        hours_per_week=hours_per_week,
        hours_total=hours_total,
        partners=[t.organisations["team"]],
    )
    if rate is not None:
        programme_rate_add(programme=programme, hourly_rate=rate, valid_from=start)
    return programme


def peer_for(t, *, name="Uren", weekly_hours=Decimal(12), employment_form="payroll", with_login=True):
    return peer_worker_create(
        organisation=t.organisations["pool"],
        first_name="Ulla",
        last_name=name,
        user=t.users[Role.PEER_WORKER] if with_login else None,
        joined_on=D(2025, 1, 1),
        weekly_hours=weekly_hours,
        employment_form=employment_form,
    )
