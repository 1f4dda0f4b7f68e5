"""Residents: reach (trajectories started, by neighbourhood and age band) and activation."""

import statistics
from collections import defaultdict

from django.db import connection
from django.db.models import (
    Aggregate,
    Avg,
    Count,
    F,
    FloatField,
    Func,
    IntegerField,
    Q,
)
from django.utils.translation import gettext as _

from ervaringswerk.core.models import Neighbourhood
from ervaringswerk.core.tenancy import Viewer
from ervaringswerk.monitoring.filters import Filters
from ervaringswerk.monitoring.selectors._cells import Table, _m, resident, resident_count
from ervaringswerk.monitoring.suppression import protect_group
from ervaringswerk.outcomes.constants import AgeBand
from ervaringswerk.outcomes.models import Trajectory


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
