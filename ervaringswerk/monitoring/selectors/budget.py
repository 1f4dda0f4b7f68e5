"""Hours against budget, per programme, partner, kind of work and peer worker."""

import datetime
from collections import defaultdict

from django.db import connection
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    Q,
    Sum,
    When,
)
from django.db.models.lookups import GreaterThan
from django.utils.translation import gettext as _

from ervaringswerk.core.models import Neighbourhood
from ervaringswerk.core.tenancy import Viewer
from ervaringswerk.hours.models import COUNTING_STATUSES, TimeEntry
from ervaringswerk.monitoring.filters import Filters
from ervaringswerk.monitoring.models import MONTH_FIELDS, HoursDimension, HoursMonthly, HoursYearly
from ervaringswerk.monitoring.selectors._cells import Table, _m, organisation, work, work_count
from ervaringswerk.organisations.models import Organisation, Programme


def _counting_entries(viewer: Viewer):
    """The municipality's time entries that count (submitted or approved, not returned or replaced)."""
    return TimeEntry.objects.filter(municipality_id=_m(viewer), status__in=COUNTING_STATUSES)


def _entries(viewer: Viewer, f: Filters):
    """Time entries that count (submitted or approved, not replaced by a correction) in the period."""
    qs = _counting_entries(viewer).filter(date__gte=f.start, date__lte=f.end)
    if f.programme_id:
        qs = qs.filter(programme_id=f.programme_id)
    if f.neighbourhood_id:
        qs = qs.filter(assignment__request__neighbourhood_id=f.neighbourhood_id)
    return qs


def _hours_table(key, title, label, rows, *, f: Filters, budget=None) -> Table:
    """rows: [(label, minutes, distinct peers)]; budget: {label: hours} for the period, pro rata."""
    columns = [label, _("Uren"), _("Ervaringsdeskundigen")]
    if budget is not None:
        columns += [_("Budget (uren, naar rato)"), _("Percentage van budget")]
    out = []
    for name, minutes, peers in rows:
        hours_ = round(minutes / 60, 1)
        cells = [work(hours_, n=peers, f=f), work_count(peers, f=f)]
        if budget is not None:
            b = budget.get(name)
            cells.append(organisation(round(b, 1) if b is not None else None))
            cells.append(work(round(100 * hours_ / b, 1) if b else None, n=peers, f=f))
        out.append((name, cells))
    return Table(key, title, columns, out)


def _pro_rata_budget(programme, f: Filters) -> float:
    days = (programme.end_date - programme.start_date).days + 1
    overlap = (min(programme.end_date, f.end) - max(programme.start_date, f.start)).days + 1
    if days <= 0 or overlap <= 0:
        return 0.0
    return float(programme.hours_total) * overlap / days


def hours_rollup_usable(viewer: Viewer, f: Filters) -> bool:
    """Whether the monthly hours rollup answers this period exactly.

    The rollup serves the whole municipality (a programme or neighbourhood filter reads the entries
    themselves, a small part of them) over whole months. A period whose first or last month is cut off
    still qualifies when the cut-off part holds no counting entries: the default period ends today, and
    hours are written for days that have been. One indexed EXISTS decides.
    """
    if f.programme_id or f.neighbourhood_id:
        return False
    first_month = f.start.replace(day=1)
    last_day = _next_month(f.end.replace(day=1)) - datetime.timedelta(days=1)
    if first_month == f.start and last_day == f.end:
        return True
    outside = _counting_entries(viewer).filter(
        Q(date__gte=first_month, date__lt=f.start) | Q(date__gt=f.end, date__lte=last_day)
    )
    return not outside.exists()


def _next_month(month: datetime.date) -> datetime.date:
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def _hours_rollup(viewer: Viewer, f: Filters, dimension: str):
    return HoursMonthly.objects.filter(
        municipality_id=_m(viewer),
        dimension=dimension,
        month__gte=f.start.replace(day=1),
        month__lte=f.end,
        minutes__gt=0,
    )


def _hours_groups(viewer: Viewer, f: Filters, candidates: dict[str, list[str]]) -> dict[str, list[tuple]]:
    """Per dimension: [(key, minutes, distinct peer workers)], keys as text ("" for none).

    From the monthly rollup when it answers the period exactly, otherwise from the entries themselves;
    both give the same numbers (tests/test_hours_rollup.py). The rollup is read in its yearly form
    (HoursYearly: per year, peer worker and key a mask of the months with hours and the minutes per
    month), only the rows whose mask meets the period's months. One query for all four dimensions:
    grouped per (dimension, peer worker, key) inside (a peer worker with hours in two years of the
    period has two rows), per (dimension, key) outside, so the outer count is the number of distinct
    peer workers without a DISTINCT (no sort) and without one conditional aggregate per key.
    """
    from ervaringswerk.monitoring.services import _hours_keys

    groups = {}
    if hours_rollup_usable(viewer, f):
        bits: dict[int, list[int]] = defaultdict(list)  # year -> the period's months in it (1-12)
        for first, _last in f.months():
            bits[first.year].append(first.month)
        touched, in_year = Q(), []
        for year, months in bits.items():
            mask = sum(1 << (month - 1) for month in months)
            touched |= Q(year=year) & GreaterThan(F("months").bitand(mask), 0)
            in_period = sum(
                (F(MONTH_FIELDS[month - 1]) for month in months[1:]), F(MONTH_FIELDS[months[0] - 1])
            )
            in_year.append(When(year=year, then=in_period))
        per_peer = (
            HoursYearly.objects.filter(
                municipality_id=_m(viewer), year__in=list(bits), dimension__in=list(candidates)
            )
            .filter(touched)
            .values("dimension", "peer_id", "key")
            .annotate(peer_minutes=Sum(Case(*in_year, default=0, output_field=IntegerField())))
            .order_by()
        )
        # The ORM cannot group a grouped query again; its own SQL and parameters go in as a subquery.
        inner, params = per_peer.query.sql_with_params()
        qn = connection.ops.quote_name
        dimension, key, minutes = qn("dimension"), qn("key"), qn("peer_minutes")
        sql = (
            f"SELECT {dimension}, {key}, SUM({minutes}), COUNT(*) FROM ({inner}) per_peer "  # noqa: S608
            f"GROUP BY {dimension}, {key}"
        )
        found = defaultdict(dict)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for dim, k, total, peers in cursor.fetchall():
                found[dim][k] = (int(total or 0), peers)  # SUM of a bigint is numeric on PostgreSQL
        for dim, keys in candidates.items():
            groups[dim] = [(k, *found[dim][k]) for k in keys if k in found[dim]]
        return groups
    entries = _entries(viewer, f)
    for dimension, expression in _hours_keys().items():
        groups[dimension] = [
            ("" if key is None else str(key), minutes or 0, peers)
            for key, minutes, peers in entries.annotate(key=expression)
            .values("key")
            .annotate(minutes=Sum("minutes"), peers=Count("peer_id", distinct=True))
            .order_by()
            .values_list("key", "minutes", "peers")
        ]
    return groups


def _by_name(rows, names: dict, unknown=None) -> list[tuple]:
    """[(key, minutes, peers)] → [(name, minutes, peers)] sorted by name, the unnamed last."""
    named = [(names.get(key, unknown), minutes, peers) for key, minutes, peers in rows]
    return sorted(named, key=lambda r: (r[0] is None or r[0] == unknown, str(r[0])))


def hours(viewer: Viewer, f: Filters) -> list[Table]:
    all_programmes = list(Programme.objects.filter(municipality_id=_m(viewer)))
    organisations = Organisation.objects.filter(municipality_id=_m(viewer)).values_list("pk", "name")
    organisations = {str(pk): name for pk, name in organisations}
    hoods = Neighbourhood.objects.filter(municipality_id=_m(viewer)).values_list("pk", "name")
    hoods = {str(pk): name for pk, name in hoods}
    kind_field = TimeEntry._meta.get_field("work_kind")
    groups = _hours_groups(
        viewer,
        f,
        {
            HoursDimension.PROGRAMME: ["", *(str(p.pk) for p in all_programmes)],
            HoursDimension.ORGANISATION: ["", *organisations],
            HoursDimension.KIND: [value for value, _label in kind_field.choices],
            HoursDimension.NEIGHBOURHOOD: ["", *hoods],
        },
    )
    by_programme = _by_name(groups[HoursDimension.PROGRAMME], {str(p.pk): p.name for p in all_programmes})
    programmes = [p for p in all_programmes if p.start_date <= f.end and p.end_date >= f.start]
    if f.programme_id:
        programmes = [p for p in programmes if str(p.pk) == str(f.programme_id)]
    budget = {p.name: _pro_rata_budget(p, f) for p in programmes}
    seen = {name for name, _m_, _p in by_programme}
    rows = by_programme + [(name, 0, 0) for name in sorted(budget) if name not in seen]
    tables = [
        _hours_table(
            "hours_by_programme",
            _("Uren tegenover budget per programma"),
            _("Programma"),
            rows,
            f=f,
            budget=budget,
        )
    ]
    tables.append(
        _hours_table(
            "hours_by_organisation",
            _("Uren per organisatie (waarvoor gewerkt)"),
            _("Organisatie"),
            _by_name(groups[HoursDimension.ORGANISATION], organisations),
            f=f,
        )
    )
    kinds = {key: (minutes, peers) for key, minutes, peers in groups[HoursDimension.KIND]}
    tables.append(
        _hours_table(
            "hours_by_kind",
            _("Uren per soort werk"),
            _("Soort werk"),
            [(str(label), *kinds[value]) for value, label in kind_field.choices if value in kinds],
            f=f,
        )
    )
    tables.append(
        _hours_table(
            "hours_by_neighbourhood",
            _("Uren per wijk"),
            _("Wijk"),
            _by_name(groups[HoursDimension.NEIGHBOURHOOD], hoods, unknown=_("Onbekend")),
            f=f,
        )
    )
    return tables


def programmes_per_deployment_form(viewer: Viewer, f: Filters) -> dict[str, int]:
    """{form of deployment: programmes (contracts) running in the period}; with the programme filter only
    that programme. About organisations' contracts, not persons."""
    qs = Programme.objects.filter(municipality_id=_m(viewer), start_date__lte=f.end, end_date__gte=f.start)
    if f.programme_id:
        qs = qs.filter(pk=f.programme_id)
    rows = qs.values("deployment_form").annotate(n=Count("id")).order_by()
    return {row["deployment_form"]: row["n"] for row in rows}
