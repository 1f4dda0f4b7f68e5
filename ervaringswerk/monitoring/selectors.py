"""Aggregates only. Nothing here returns a row about a single person: every figure leaves as a
`Cell` made by `suppression.protect()`, so small numbers are suppressed in every output path.

Each aggregate works on what exists: parts that need an app which has not landed yet (hours,
programmes) report themselves as unavailable instead of failing.
"""

import datetime
import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.db import connection
from django.db.models import (
    Aggregate,
    Avg,
    Case,
    Count,
    DateField,
    DurationField,
    ExpressionWrapper,
    F,
    FilteredRelation,
    FloatField,
    Func,
    IntegerField,
    Max,
    Min,
    Q,
    Sum,
    When,
)
from django.db.models.functions import Coalesce, Extract, Greatest, TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from ervaringswerk.core.reference import DeploymentKind, ParticipationRung, Precondition
from ervaringswerk.core.tenancy import Viewer
from ervaringswerk.hours.models import COUNTING_STATUSES, TimeEntry
from ervaringswerk.organisations.models import Programme
from ervaringswerk.outcomes.constants import ITEMS, AgeBand, ExperienceItem, Instrument, item_label
from ervaringswerk.outcomes.models import OutcomeChange, Trajectory

from .filters import Filters
from .suppression import Cell, Figure, count, protect, protect_group


# One helper per class of figure (docs/monitoring-and-evaluation.md, "Which figure is shown how"): the
# rule itself is suppression.protect(), with the audience the filters carry.
def resident(value, *, n, f) -> Cell:
    return protect(value, n=n, figure=Figure.RESIDENT, audience=f.audience, limit=f.threshold)


def resident_count(n, *, f) -> Cell:
    return count(n, figure=Figure.RESIDENT, audience=f.audience, limit=f.threshold)


def work(value, *, n, f) -> Cell:
    return protect(value, n=n, figure=Figure.WORK, audience=f.audience, limit=f.threshold)


def work_count(n, *, f) -> Cell:
    return count(n, figure=Figure.WORK, audience=f.audience, limit=f.threshold)


def peer_count(n, *, f) -> Cell:
    return count(n, figure=Figure.PEER, audience=f.audience, limit=f.threshold)


def organisation(value) -> Cell:
    # about organisations and budgets, not persons: the same for every audience
    return protect(value, n=None, figure=Figure.ORGANISATION, audience="")


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]  # the first column is the row label
    rows: list[tuple[str, list[Cell]]] = field(default_factory=list)
    note: str = ""
    available: bool = True

    def as_dict(self) -> dict:
        return {
            "key": self.key,
            "title": self.title,
            "available": self.available,
            "note": self.note,
            "columns": self.columns,
            "rows": [
                {
                    "label": label,
                    "cells": [{"value": c.export(), "suppressed": c.suppressed} for c in cells],
                }
                for label, cells in self.rows
            ],
        }

    def column(self, index: int) -> list:
        return [cells[index].export() for _label, cells in self.rows]

    def for_print(self, max_columns: int = 7) -> "Table":
        """A table too wide for an A4 page turned a quarter (rows become columns), so it never runs off
        the page; the cells, and so the suppression, stay the same."""
        if len(self.columns) <= max_columns or len(self.rows) + 1 >= len(self.columns):
            return self
        rows = [
            (column, [cells[index] for _label, cells in self.rows])
            for index, column in enumerate(self.columns[1:])
        ]
        columns = [self.columns[0], *(label for label, _cells in self.rows)]
        return Table(self.key, self.title, columns, rows, note=self.note, available=self.available)


def _m(viewer: Viewer) -> object:
    return viewer.municipality_id


def _start_of(day: datetime.date, plus_days: int = 0) -> datetime.datetime:
    """Midnight (local time) at the start of a day: a range on a timestamp column keeps its index usable."""
    return timezone.make_aware(
        datetime.datetime.combine(day + datetime.timedelta(days=plus_days), datetime.time())
    )


def _months_label(start: datetime.date) -> str:
    return start.strftime("%m-%Y")


# ---------------------------------------------------------------- residents: reach and activation


def _trajectories(viewer: Viewer, f: Filters):
    qs = Trajectory.objects.filter(municipality_id=_m(viewer))
    if f.neighbourhood_id:
        qs = qs.filter(neighbourhood_id=f.neighbourhood_id)
    if f.programme_id:
        qs = qs.filter(programme_id=f.programme_id)
    return qs


def _has_field(model, name: str) -> bool:
    return any(fld.name == name for fld in model._meta.get_fields())


def reach(viewer: Viewer, f: Filters) -> list[Table]:
    """Residents reached: trajectories running in the period, and those that started in it.

    One grouped query (neighbourhood × age band) feeds both tables and the totals.
    """
    from ervaringswerk.core.models import Neighbourhood

    qs = (
        _trajectories(viewer, f)
        .filter(first_contact__lte=f.end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=f.start))
    )
    grouped = list(
        qs.values_list("neighbourhood_id", "age_band")
        .annotate(n=Count("id"), new=Count("id", filter=Q(first_contact__gte=f.start)))
        .order_by()
    )
    names = dict(Neighbourhood.objects.filter(municipality_id=_m(viewer)).values_list("id", "name"))
    hoods: dict = defaultdict(lambda: [0, 0])
    ages: dict = defaultdict(int)
    for hood, age, n, new in grouped:
        hoods[hood][0] += n
        hoods[hood][1] += new
        ages[age] += n
    order = sorted(hoods, key=lambda pk: (pk is None, names.get(pk, "")))
    reached = protect_group([resident_count(hoods[pk][0], f=f) for pk in order])
    started = protect_group([resident_count(hoods[pk][1], f=f) for pk in order])
    total_n = sum(v[0] for v in hoods.values())
    total_new = sum(v[1] for v in hoods.values())
    table = Table(
        "reach_by_neighbourhood",
        _("Bereikte bewoners per wijk"),
        [_("Wijk"), _("Bereikt in de periode"), _("Waarvan nieuw gestart")],
        [(names.get(pk) or _("Onbekend"), [reached[i], started[i]]) for i, pk in enumerate(order)]
        + [(_("Totaal"), [resident_count(total_n, f=f), resident_count(total_new, f=f)])],
    )
    age_cells = protect_group([resident_count(ages.get(v, 0), f=f) for v in AgeBand.values])
    age_table = Table(
        "reach_by_age",
        _("Bereikte bewoners per leeftijdsgroep"),
        [_("Leeftijdsgroep"), _("Bereikt")],
        [(str(label), [age_cells[i]]) for i, (_v, label) in enumerate(AgeBand.choices)],
    )
    return [table, age_table]


class Median(Aggregate):
    """PostgreSQL's exact median; SQLite has no percentile function (see _median_fallback)."""

    name = "Median"
    template = "percentile_cont(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    allow_distinct = False


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


def activation(viewer: Viewer, f: Filters) -> Table:
    """Time from first contact to activation, and the organisations involved (shorter help routes)."""
    started = _trajectories(viewer, f).filter(first_contact__gte=f.start, first_contact__lte=f.end)
    activated = Q(activation_date__isnull=False)
    agg = started.aggregate(
        n=Count("id"),
        activated=Count("id", filter=activated),
        before=Avg("organisations_before"),
        during=Avg("organisations_during"),
    )
    n, n_activated = agg["n"], agg["activated"]
    if not n_activated:
        median = None
    elif _is_postgres():
        # date - date is a whole number of days in PostgreSQL
        days = Func(
            F("activation_date"),
            F("first_contact"),
            template="(%(expressions)s)",
            arg_joiner=" - ",
            output_field=IntegerField(),
        )
        median = started.filter(activated).aggregate(m=Median(days, output_field=FloatField()))["m"]
    else:
        median = statistics.median(
            (act - first).days
            for first, act in started.filter(activated).values_list("first_contact", "activation_date")
        )
    before = round(agg["before"], 1) if agg["before"] is not None else None
    during = round(agg["during"], 1) if agg["during"] is not None else None
    return Table(
        "activation",
        _("Activering en hulproutes (trajecten gestart in de periode)"),
        [_("Maat"), _("Waarde")],
        [
            (_("Gestarte trajecten"), [resident_count(n, f=f)]),
            (_("Waarvan geactiveerd"), [resident_count(n_activated, f=f)]),
            (
                _("Percentage geactiveerd"),
                [resident(round(100 * n_activated / n, 1) if n else None, n=min(n, n_activated), f=f)],
            ),
            (
                _("Mediaan aantal dagen tot activering"),
                [resident(median, n=n_activated, f=f)],
            ),
            (
                _("Gemiddeld aantal organisaties vóór de start"),
                [resident(before, n=n, f=f)],
            ),
            (
                _("Gemiddeld aantal organisaties tijdens het traject"),
                [resident(during, n=n, f=f)],
            ),
        ],
        note=_("Activering volgens de definitie die de gemeente heeft vastgesteld."),
    )


# ---------------------------------------------------------------- residents: outcomes


def _changes(viewer: Viewer, f: Filters):
    qs = OutcomeChange.objects.filter(municipality_id=_m(viewer), end_on__gte=f.start, end_on__lte=f.end)
    if f.neighbourhood_id:
        qs = qs.filter(neighbourhood_id=f.neighbourhood_id)
    if f.programme_id:
        qs = qs.filter(trajectory__programme_id=f.programme_id)
    return qs


def _full_months(f: Filters) -> tuple[list[datetime.date], list[tuple[datetime.date, datetime.date]]]:
    """Split the period into whole calendar months (read from the rollup) and partial edges (raw pairs)."""
    whole, edges = [], []
    for first, last in f.months():
        month_start = first.replace(day=1)
        following = (month_start.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        if first == month_start and last == following - datetime.timedelta(days=1):
            whole.append(month_start)
        else:
            edges.append((first, last))
    return whole, edges


SUMMARY_FIELDS = ("n", "sum_intake", "sum_end", "better", "paid", "high")


def change_summary(viewer: Viewer, f: Filters) -> dict:
    """Sums per (instrument, item) of the intake → end pairs whose end measurement lies in the period.

    Whole months come from the monthly rollup (outcomes.OutcomeMonthly), the partial months at the edges
    of the period from the pairs themselves, so the answer is exact for any period and stays fast.
    """
    from ervaringswerk.outcomes.models import OutcomeMonthly

    whole, edges = _full_months(f)
    if f.programme_id:
        # the rollup has no programme: a programme's pairs (a small part) are read themselves
        whole, edges = [], [(f.start, f.end)]
    totals: dict = defaultdict(lambda: dict.fromkeys(SUMMARY_FIELDS, 0))
    if whole:
        rollup = OutcomeMonthly.objects.filter(municipality_id=_m(viewer), month__in=whole)
        if f.neighbourhood_id:
            rollup = rollup.filter(neighbourhood_id=f.neighbourhood_id)
        for row in (
            rollup.values("instrument", "item").annotate(**{k: Sum(k) for k in SUMMARY_FIELDS}).order_by()
        ):
            for k in SUMMARY_FIELDS:
                totals[(row["instrument"], row["item"])][k] += row[k] or 0
    if edges:
        ranges = Q()
        for first, last in edges:
            ranges |= Q(end_on__gte=first, end_on__lte=last)
        raw = OutcomeChange.objects.filter(municipality_id=_m(viewer)).filter(ranges)
        if f.neighbourhood_id:
            raw = raw.filter(neighbourhood_id=f.neighbourhood_id)
        if f.programme_id:
            raw = raw.filter(trajectory__programme_id=f.programme_id)
        for row in (
            raw.values("instrument", "item")
            .annotate(
                n=Count("id"),
                sum_intake=Sum("intake_value"),
                sum_end=Sum("end_value"),
                better=Count("id", filter=Q(end_value__gt=F("intake_value"))),
                paid=Count(
                    "id", filter=Q(end_value__gte=ParticipationRung.PAID_WORK_SUPPORTED, intake_value__lt=5)
                ),
                high=Count("id", filter=Q(end_value__gte=4)),
            )
            .order_by()
        ):
            for k in SUMMARY_FIELDS:
                totals[(row["instrument"], row["item"])][k] += row[k] or 0
    summary = {}
    for key, t in totals.items():
        if not t["n"]:
            continue
        summary[key] = {**t, "intake": t["sum_intake"] / t["n"], "end": t["sum_end"] / t["n"]}
    return summary


def outcome_changes(viewer: Viewer, f: Filters, instrument: str = Instrument.ZRM, *, summary=None) -> Table:
    summary = change_summary(viewer, f) if summary is None else summary
    out = []
    for item in ITEMS[instrument]:
        r = summary.get((instrument, item))
        n = r["n"] if r else 0
        intake = round(r["intake"], 2) if r else None
        end = round(r["end"], 2) if r else None
        out.append(
            (
                item_label(instrument, item),
                [
                    resident_count(n, f=f),
                    resident(intake, n=n, f=f),
                    resident(end, n=n, f=f),
                    resident(round(end - intake, 2) if r else None, n=n, f=f),
                    resident(round(100 * r["better"] / n, 1) if r else None, n=n, f=f),
                ],
            )
        )
    titles = {
        Instrument.ZRM: _("Zelfredzaamheid (ZRM) van intake naar eindmeting, per domein"),
        Instrument.POSITIVE_HEALTH: _("Positieve Gezondheid van intake naar eindmeting"),
        Instrument.LADDER: _("Participatieladder van bewoners"),
    }
    return Table(
        f"outcomes_{instrument}",
        titles[instrument],
        [
            _("Onderdeel"),
            _("Bewoners met intake en eindmeting"),
            _("Gemiddeld bij intake"),
            _("Gemiddeld bij eindmeting"),
            _("Gemiddelde verandering"),
            _("Percentage verbeterd"),
        ],
        out,
        note=_("Trajecten met een eindmeting in de periode."),
    )


def resident_ladder(viewer: Viewer, f: Filters, *, summary=None) -> Table:
    summary = change_summary(viewer, f) if summary is None else summary
    row = summary.get((Instrument.LADDER, "ladder")) or {"n": 0, "better": 0, "paid": 0}
    agg = {"n": row["n"], "up": row["better"], "paid": row["paid"]}
    n = agg["n"]
    return Table(
        "resident_ladder",
        _("Bewoners op de participatieladder"),
        [_("Maat"), _("Aantal"), _("Percentage")],
        [
            (
                _("Bewoners met intake en eindmeting"),
                [resident_count(n, f=f), resident(100.0 if n else None, n=n, f=f)],
            ),
            (
                _("Een of meer treden gestegen"),
                [
                    resident_count(agg["up"], f=f),
                    resident(round(100 * agg["up"] / n, 1) if n else None, n=min(n, agg["up"]), f=f),
                ],
            ),
            (
                _("Naar (ondersteund) betaald werk"),
                [
                    resident_count(agg["paid"], f=f),
                    resident(round(100 * agg["paid"] / n, 1) if n else None, n=min(n, agg["paid"]), f=f),
                ],
            ),
        ],
    )


def experience(viewer: Viewer, f: Filters, *, summary=None) -> Table:
    """The experience survey at the end measurement: one answer per resident and item."""
    summary = change_summary(viewer, f) if summary is None else summary
    rows = {
        item: {"n": r["n"], "avg": r["end"], "agree": r["high"], "answers": r["n"]}
        for (instrument, item), r in summary.items()
        if instrument == Instrument.EXPERIENCE
    }
    out = []
    for value, label in ExperienceItem.choices:
        r = rows.get(value)
        n = r["n"] if r else 0
        out.append(
            (
                str(label),
                [
                    resident_count(n, f=f),
                    resident(round(r["avg"], 2) if r else None, n=n, f=f),
                    resident(round(100 * r["agree"] / r["answers"], 1) if r else None, n=n, f=f),
                ],
            )
        )
    return Table(
        "experience",
        _("Ervaringen van bewoners (schaal 1-5)"),
        [_("Uitspraak"), _("Bewoners"), _("Gemiddelde score"), _("Percentage (helemaal) eens")],
        out,
    )


# ---------------------------------------------------------------- peer workers: pool, deployment, ladder


class _PerGroup(Func):
    """An expression on the grouping key only (here the peer worker), evaluated once per group.

    Used next to an aggregate (`Greatest(Max(...), _PerGroup(...))`). Django would otherwise add the
    expression to the GROUP BY, which evaluates it on every joined row; grouped by the primary key,
    PostgreSQL and SQLite both accept it outside an aggregate (functional dependency).
    """

    template = "%(expressions)s"

    def get_group_by_cols(self):
        return []


def pool_vs_deployed(viewer: Viewer, f: Filters) -> Table:
    """Per month: peer workers in the pool, and how many were actually deployed (the Amsterdam gap).

    One query answers every month. Inside it, grouped per peer worker, a 0/1 flag per month: in the pool
    that month, and deployed that month (a running assignment, or hours written in it: an uncorrelated
    subquery per month, which PostgreSQL hashes once). Outside, the flags are summed. No DISTINCT, no
    correlated subquery, and no row about a person leaves the database.
    """
    from ervaringswerk.deployment.models import AssignmentStatus
    from ervaringswerk.pool.models import PeerStatus, PeerWorker

    created_on = TruncDate("created_at")
    # The period's assignments are joined once (a filtered relation), so each month is a condition on
    # the joined rows; peers without an assignment in the period keep one row with NULLs.
    running = (
        Q(assignments__municipality_id=_m(viewer))
        & ~Q(assignments__status=AssignmentStatus.CANCELLED)
        & (Q(assignments__end_date__isnull=True) | Q(assignments__end_date__gte=f.start))
        & (
            Q(assignments__start_date__lte=f.end)
            | Q(assignments__start_date__isnull=True, assignments__created_at__lt=_start_of(f.end, 1))
        )
    )
    if f.programme_id:
        running &= Q(assignments__programme_id=f.programme_id)
    peers = PeerWorker.objects.filter(municipality_id=_m(viewer)).annotate(
        pool_from=Coalesce("joined_on", created_on),
        pool_until=Coalesce(
            "left_on", Case(When(status=PeerStatus.LEFT, then=created_on), output_field=DateField())
        ),
        running=FilteredRelation("assignments", condition=running),
        running_from=Coalesce("running__start_date", TruncDate("running__created_at")),
    )
    entries = _entries(viewer, f)
    rollup = hours_rollup_usable(viewer, f)
    # Each month stands alone here, so a cut-off month at an edge reads its entries, the rest the rollup.
    filters_allow_rollup = not (f.programme_id or f.neighbourhood_id)
    months = f.months()
    flags = {}
    for index, (first, last) in enumerate(months):
        in_pool = Q(pool_from__lte=last) & (Q(pool_until__isnull=True) | Q(pool_until__gte=first))
        deployed = Q(running_from__lte=last) & (
            Q(running__end_date__isnull=True) | Q(running__end_date__gte=first)
        )
        if f.neighbourhood_id:
            deployed &= Q(running__request__neighbourhood_id=f.neighbourhood_id)
        whole = first.day == 1 and last == _next_month(first) - datetime.timedelta(days=1)
        wrote = None
        if rollup or (whole and filters_allow_rollup):
            # every counting entry has one programme row in the rollup (key "" without a programme)
            month = _hours_rollup(viewer, f, "programme").filter(month=first.replace(day=1))
            wrote = Q(pk__in=month.values("peer_id"))
        elif entries is not None:
            wrote = Q(pk__in=entries.filter(date__gte=first, date__lte=last).values("peer_id"))
        # per peer worker a 0/1 flag per month (grouped by peer: no DISTINCT needed), summed outside
        flags[f"pool_{index}"] = Max(Case(When(in_pool, then=1), default=0, output_field=IntegerField()))
        flag = Max(Case(When(deployed, then=1), default=0, output_field=IntegerField()))
        if wrote is not None:
            # hours written depend on the peer worker only: tested once per peer, not per joined row
            flag = Greatest(
                flag, _PerGroup(Case(When(wrote, then=1), default=0, output_field=IntegerField()))
            )
        flags[f"deployed_{index}"] = flag
    # Summed over the grouped query's own SQL: Django's aggregate() over an annotated query would copy
    # and rewrite every one of the 2 × months flag expressions first (tens of milliseconds of Python).
    inner, params = peers.values("pk").annotate(**flags).order_by().query.sql_with_params()
    qn = connection.ops.quote_name
    names = [name for index in range(len(months)) for name in (f"pool_{index}", f"deployed_{index}")]
    sql = f"SELECT {', '.join(f'SUM({qn(n)})' for n in names)} FROM ({inner}) per_peer"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        totals = {name: int(value or 0) for name, value in zip(names, cursor.fetchone(), strict=True)}
    rows = []
    for index, (first, _last) in enumerate(months):
        in_pool, deployed = totals[f"pool_{index}"], totals[f"deployed_{index}"]
        share = round(100 * deployed / in_pool, 1) if in_pool else None
        rows.append(
            (
                _months_label(first),
                [
                    work_count(in_pool, f=f),
                    work_count(deployed, f=f),
                    work(share, n=min(in_pool, deployed), f=f),
                ],
            )
        )
    return Table(
        "pool_vs_deployed",
        _("Pool en daadwerkelijke inzet per maand"),
        [
            _("Maand"),
            _("Ervaringsdeskundigen in de pool"),
            _("Daadwerkelijk ingezet"),
            _("Percentage ingezet"),
        ],
        rows,
        note=_("Ingezet: met een lopende inzet of geschreven uren in die maand."),
    )


def waiting_time(viewer: Viewer, f: Filters) -> Table:
    """Days from a request to its first match, per kind of deployment.

    Two queries: the distinct peer workers per kind (for suppression), and per kind the number of
    matched requests with the median and mean of their first-match waits, aggregated in the database
    over a per-request subquery (PostgreSQL's exact median; SQLite computes it from the waits).
    """
    from ervaringswerk.deployment.models import Assignment

    qs = Assignment.objects.filter(
        municipality_id=_m(viewer), created_at__gte=_start_of(f.start), created_at__lt=_start_of(f.end, 1)
    )
    if f.neighbourhood_id:
        qs = qs.filter(request__neighbourhood_id=f.neighbourhood_id)
    if f.programme_id:
        qs = qs.filter(programme_id=f.programme_id)
    kinds = list(DeploymentKind.values)
    peers = qs.aggregate(
        all=Count("peer_id", distinct=True),
        **{
            f"kind_{i}": Count("peer_id", distinct=True, filter=Q(request__kind=k))
            for i, k in enumerate(kinds)
        },
    )
    matched_field = "matched_at" if _has_field(Assignment, "matched_at") else "created_at"
    interval = ExpressionWrapper(F(matched_field) - F("request__created_at"), output_field=DurationField())
    stats = {}  # kind (None: all kinds) -> (requests, median days, mean days)
    if _is_postgres():
        # Per request the first match, in days, computed in the database; then per kind, still there.
        per_request = (
            qs.values("request_id")
            .annotate(kind=F("request__kind"), wait=Min(Extract(interval, "epoch") / 86400.0))
            .order_by()
        )
        parts = {}
        for i, k in enumerate([*kinds, None]):
            only = Q(kind=k) if k is not None else None
            parts[f"n_{i}"] = Count("request_id", filter=only)
            parts[f"median_{i}"] = Median("wait", filter=only, output_field=FloatField())
            parts[f"mean_{i}"] = Avg("wait", filter=only, output_field=FloatField())
        agg = per_request.aggregate(**parts)
        for i, k in enumerate([*kinds, None]):
            stats[k] = (agg[f"n_{i}"], agg[f"median_{i}"], agg[f"mean_{i}"])
    else:
        by_kind = defaultdict(list)
        for kind, wait in (
            qs.values("request_id").annotate(kind=F("request__kind"), wait=Min(interval)).order_by()
        ).values_list("kind", "wait"):
            by_kind[kind].append(wait.total_seconds() / 86400)
        everything = [d for days in by_kind.values() for d in days]
        for k, days in [*((k, by_kind.get(k, [])) for k in kinds), (None, everything)]:
            stats[k] = (
                len(days),
                statistics.median(days) if days else None,
                statistics.mean(days) if days else None,
            )
    rows = [
        (str(label), _waiting_cells(stats[value], peers[f"kind_{i}"], f))
        for i, (value, label) in enumerate(DeploymentKind.choices)
    ]
    rows.append((_("Alle soorten"), _waiting_cells(stats[None], peers["all"], f)))
    return Table(
        "waiting_time",
        _("Wachttijd van verzoek tot match (dagen)"),
        [_("Soort inzet"), _("Gematchte verzoeken"), _("Mediaan dagen"), _("Gemiddeld dagen")],
        rows,
        note=_(
            "Per verzoek de eerste match in de periode; afgeschermd bij minder dan vijf ervaringsdeskundigen."
        ),
    )


def _waiting_cells(stat: tuple, peers: int, f: Filters) -> list[Cell]:
    n, median, mean = stat
    return [
        work(n, n=peers, f=f),
        work(round(median, 1) if n else None, n=peers, f=f),
        work(round(mean, 1) if n else None, n=peers, f=f),
    ]


def peer_ladder(viewer: Viewer, f: Filters) -> Table:
    """Peer workers' own growth on the participation ladder, from the pool's ladder history."""
    try:
        Step = apps.get_model("pool", "LadderStep")
    except LookupError:
        return Table(
            "peer_ladder",
            _("Groei van ervaringsdeskundigen op de participatieladder"),
            [_("Maat"), _("Aantal")],
            note=_("Nog niet beschikbaar: de ladderhistorie van de pool is er nog niet."),
            available=False,
        )
    return _peer_ladder_from(Step, viewer, f)


def _peer_ladder_from(Step, viewer: Viewer, f: Filters) -> Table:  # noqa: N803 - a model class
    date_field = next(
        (n for n in ("date", "changed_on", "started_on", "created_at") if _has_field(Step, n)), "created_at"
    )
    rung_field = next((n for n in ("rung", "step", "level") if _has_field(Step, n)), "rung")
    peer_field = next((n for n in ("peer", "peer_worker") if _has_field(Step, n)), "peer")
    history = defaultdict(list)
    for peer, when, rung in (
        Step.objects.filter(municipality_id=_m(viewer))
        .order_by(date_field)
        .values_list(f"{peer_field}_id", date_field, rung_field)
    ):
        day = when.date() if isinstance(when, datetime.datetime) else when
        history[peer].append((day, int(rung)))
    moved_up = into_paid = followed = 0
    for steps in history.values():
        before = [r for d, r in steps if d < f.start]
        during = [r for d, r in steps if f.start <= d <= f.end]
        if not during:
            continue
        followed += 1
        base = before[-1] if before else during[0]
        if max(during) > base:
            moved_up += 1
        if base < ParticipationRung.PAID_WORK_SUPPORTED <= max(during):
            into_paid += 1
    return Table(
        "peer_ladder",
        _("Groei van ervaringsdeskundigen op de participatieladder"),
        [_("Maat"), _("Aantal")],
        [
            (_("Ervaringsdeskundigen met een ladderstap in de periode"), [peer_count(followed, f=f)]),
            (_("Een of meer treden gestegen"), [peer_count(moved_up, f=f)]),
            (_("Naar (ondersteund) betaald werk"), [peer_count(into_paid, f=f)]),
        ],
    )


# ---------------------------------------------------------------- hours vs budget


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
    from .models import HoursMonthly

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
    from .services import _hours_keys

    groups = {}
    if hours_rollup_usable(viewer, f):
        from django.db.models.lookups import GreaterThan

        from .models import MONTH_FIELDS, HoursYearly

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
    from ervaringswerk.core.models import Neighbourhood
    from ervaringswerk.organisations.models import Organisation

    from .models import HoursDimension

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


# ---------------------------------------------------------------- organisations: preconditions


def preconditions(viewer: Viewer, f: Filters) -> Table:
    """Latest self-assessment per organisation (about organisations, not persons: nothing to suppress)."""
    from ervaringswerk.preconditions.selectors import average_score, latest_assessments

    latest = latest_assessments(municipality_id=_m(viewer))
    rows = []
    for assessment in sorted(latest.values(), key=lambda a: a.organisation.name):
        scores = {i.precondition: i.score for i in assessment.items.all()}
        rows.append(
            (
                assessment.organisation.name,
                [organisation(assessment.assessed_on.strftime("%d-%m-%Y"))]
                + [organisation(scores.get(key)) for key in Precondition.values]
                + [organisation(average_score(assessment))],
            )
        )
    return Table(
        "preconditions",
        _("Randvoorwaarden per organisatie (laatste zelfevaluatie, score 1-5)"),
        [_("Organisatie"), _("Datum"), *[str(label) for label in Precondition.labels], _("Gemiddeld")],
        rows,
    )


# ---------------------------------------------------------------- funded positions (issue 14, S0)


def positions(viewer: Viewer, f: Filters) -> Table:
    """Funded positions running in the period per kind: funded, filled and open (the anchoring)."""
    from ervaringswerk.organisations.models import FundedPosition, PositionKind, PositionStatus

    qs = FundedPosition.objects.filter(municipality_id=_m(viewer), start_date__lte=f.end).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=f.start)
    )
    if f.programme_id:
        qs = qs.filter(programme_id=f.programme_id)
    grouped = {
        kind: (n, filled, vacant)
        for kind, n, filled, vacant in qs.values_list("kind")
        .annotate(
            n=Count("id"),
            filled=Count("id", filter=Q(status=PositionStatus.FILLED)),
            vacant=Count("id", filter=Q(status=PositionStatus.OPEN)),
        )
        .order_by()
    }
    rows = []
    totals = [0, 0, 0]
    for value, label in PositionKind.choices:
        n, filled, vacant = grouped.get(value, (0, 0, 0))
        totals = [totals[0] + n, totals[1] + filled, totals[2] + vacant]
        rows.append((str(label), [organisation(n), work_count(filled, f=f), organisation(vacant)]))
    rows.append((_("Totaal"), [organisation(totals[0]), work_count(totals[1], f=f), organisation(totals[2])]))
    return Table(
        "positions",
        _("Functieplaatsen in de periode"),
        [_("Soort"), _("Gefinancierd"), _("Vervuld"), _("Open")],
        rows,
        note=_("Vervuld: door een ervaringsdeskundige bezet; het aantal is een cijfer over werk."),
    )


# ---------------------------------------------------------------- everything together


def dashboard(*, viewer: Viewer, filters: Filters) -> dict[str, Table]:
    tables: dict[str, Table] = {}
    summary = change_summary(viewer, filters)
    for table in [
        pool_vs_deployed(viewer, filters),
        *hours(viewer, filters),
        waiting_time(viewer, filters),
        *reach(viewer, filters),
        activation(viewer, filters),
        outcome_changes(viewer, filters, Instrument.ZRM, summary=summary),
        outcome_changes(viewer, filters, Instrument.POSITIVE_HEALTH, summary=summary),
        resident_ladder(viewer, filters, summary=summary),
        experience(viewer, filters, summary=summary),
        peer_ladder(viewer, filters),
        positions(viewer, filters),
        preconditions(viewer, filters),
    ]:
        tables[table.key] = table
    return tables


def _minutes(viewer: Viewer, f: Filters, kinds):
    from ervaringswerk.activities.models import MinuteItem

    qs = MinuteItem.objects.filter(
        municipality_id=_m(viewer),
        kind__in=list(kinds),
        session__starts_at__date__gte=f.start,
        session__starts_at__date__lte=f.end,
    )
    if f.programme_id:
        qs = qs.filter(session__activity__programme_id=f.programme_id)
    return qs.order_by("session__starts_at", "created_at")


def lessons_from_learning_sessions(viewer: Viewer, f: Filters) -> list[str]:
    """Lessons recorded in the minutes of learning sessions in the period (activities app)."""
    return list(_minutes(viewer, f, ["lesson"]).values_list("text", flat=True))


def decisions_from_learning_sessions(viewer: Viewer, f: Filters) -> list[dict]:
    """Decisions and action points from the minutes of the period's learning sessions and evaluations."""
    return [
        {"date": starts_at, "kind": kind, "text": text, "activity": title}
        for starts_at, kind, text, title in _minutes(viewer, f, ["decision", "action"]).values_list(
            "session__starts_at", "kind", "text", "session__activity__title"
        )
    ]


def _met(measured: Cell, target, f: Filters) -> Cell:
    """Whether a criterion is met says as much as the measured value: the same class and persons."""
    value = measured.export()
    text = _("onbekend") if value is None else (_("ja") if value >= target else _("nee"))
    if measured.suppressed:
        return measured
    return protect(text, n=measured.n, figure=measured.figure, audience=f.audience, limit=f.threshold)


def success_criteria(viewer: Viewer, f: Filters, programme, tables: dict, summary: dict) -> Table:
    """Every success criterion of the programme against its target (issue 14, go/no-go)."""
    from ervaringswerk.organisations.models import CriterionKind

    hours_row = dict(tables["hours_by_programme"].rows).get(programme.name)
    reach_total = dict(tables["reach_by_neighbourhood"].rows).get(_("Totaal"))
    answers = [r for (instrument, _item), r in summary.items() if instrument == Instrument.EXPERIENCE]
    residents = max((r["n"] for r in answers), default=0)
    mean = sum(r["sum_end"] for r in answers) / sum(r["n"] for r in answers) if answers else None
    rows = []
    for criterion in programme.success_criteria.all():
        if criterion.kind == CriterionKind.HOURS_SHARE:
            measured = hours_row[3] if hours_row else work(None, n=0, f=f)
        elif criterion.kind == CriterionKind.RESIDENTS_REACHED:
            measured = reach_total[0] if reach_total else resident_count(0, f=f)
        elif criterion.kind == CriterionKind.EXPERIENCE_SCORE:
            measured = resident(round(mean, 2) if mean is not None else None, n=residents, f=f)
        else:
            value = criterion.recorded_value
            measured = organisation(float(value) if value is not None else None)
        target = float(criterion.target)
        rows.append((criterion.label, [organisation(target), measured, _met(measured, target, f)]))
    return Table(
        "success_criteria",
        _("Succescriteria tegenover hun streefwaarde"),
        [_("Criterium"), _("Streefwaarde"), _("Gemeten"), _("Gehaald")],
        rows,
        note=_(
            "Uren als percentage van het budget naar rato van de periode; bereikte bewoners in de periode; "
            "ervaringsscore: het gemiddelde van alle antwoorden bij de eindmeting (1-5)."
        ),
    )


def go_no_go_decision(programme) -> Table:
    """The decision recorded on the programme's go/no-go milestone(s): not about persons."""
    from ervaringswerk.organisations.models import MilestoneKind

    rows = []
    for m in programme.milestones.filter(kind=MilestoneKind.GO_NO_GO).exclude(outcome=""):
        rows += [
            (_("Besluit"), [organisation(str(m.get_outcome_display()))]),
            (_("Onderbouwing"), [organisation(m.rationale)]),
        ]
        if m.conditions:
            rows.append((_("Voorwaarden"), [organisation(m.conditions)]))
        rows += [
            (_("Besloten door"), [organisation(m.decided_by_name or "–")]),
            (_("Datum besluit"), [organisation(m.decided_on.strftime("%d-%m-%Y"))]),
        ]
    return Table("go_no_go_decision", _("Go/no-go-besluit"), [_("Onderdeel"), _("Waarde")], rows)


def report_list(*, viewer: Viewer):
    from .models import EvaluationReport
    from .suppression import Audience, audience_for

    reports = EvaluationReport.objects.filter(municipality_id=_m(viewer)).defer("pdf", "xlsx")
    if audience_for(viewer) != Audience.FUNDER:
        # made with the funder's exact work figures: not for a viewer who gets the strict rule
        reports = reports.exclude(audience=Audience.FUNDER)
    return reports


def report_get(*, viewer: Viewer, pk):
    return report_list(viewer=viewer).get(pk=pk)
