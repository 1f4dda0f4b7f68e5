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
from django.db.models import Avg, Count, F, Q, Sum
from django.utils.translation import gettext as _

from ervaringswerk.core.reference import DeploymentKind, ParticipationRung, Precondition
from ervaringswerk.outcomes.constants import ITEMS, AgeBand, ExperienceItem, Instrument, item_label
from ervaringswerk.outcomes.models import OutcomeChange, Score, Trajectory

from .filters import Filters, programme_model
from .suppression import Cell, count, protect, protect_group


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


def _m(viewer) -> object:
    return viewer.municipality_id


def _months_label(start: datetime.date) -> str:
    return start.strftime("%m-%Y")


# ---------------------------------------------------------------- residents: reach and activation


def _trajectories(viewer, f: Filters):
    qs = Trajectory.objects.filter(municipality_id=_m(viewer))
    if f.neighbourhood_id:
        qs = qs.filter(neighbourhood_id=f.neighbourhood_id)
    if f.programme_id and _has_field(Trajectory, "programme"):
        qs = qs.filter(programme_id=f.programme_id)
    return qs


def _has_field(model, name: str) -> bool:
    return any(fld.name == name for fld in model._meta.get_fields())


def reach(viewer, f: Filters) -> list[Table]:
    """Residents reached: trajectories running in the period, and those that started in it."""
    qs = (
        _trajectories(viewer, f)
        .filter(first_contact__lte=f.end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=f.start))
    )
    new = Q(first_contact__gte=f.start)
    by_hood = list(
        qs.values("neighbourhood__name")
        .annotate(n=Count("id"), new=Count("id", filter=new))
        .order_by("neighbourhood__name")
    )
    total = qs.aggregate(n=Count("id"), new=Count("id", filter=new))
    reached = protect_group([count(r["n"]) for r in by_hood])
    started = protect_group([count(r["new"]) for r in by_hood])
    table = Table(
        "reach_by_neighbourhood",
        _("Bereikte bewoners per wijk"),
        [_("Wijk"), _("Bereikt in de periode"), _("Waarvan nieuw gestart")],
        [(r["neighbourhood__name"] or _("Onbekend"), [reached[i], started[i]]) for i, r in enumerate(by_hood)]
        + [(_("Totaal"), [count(total["n"]), count(total["new"])])],
    )
    by_age = {r["age_band"]: r["n"] for r in qs.values("age_band").annotate(n=Count("id")).order_by()}
    ages = protect_group([count(by_age.get(v, 0)) for v in AgeBand.values])
    age_table = Table(
        "reach_by_age",
        _("Bereikte bewoners per leeftijdsgroep"),
        [_("Leeftijdsgroep"), _("Bereikt")],
        [(str(label), [ages[i]]) for i, (_v, label) in enumerate(AgeBand.choices)],
    )
    return [table, age_table]


def activation(viewer, f: Filters) -> Table:
    """Time from first contact to activation, and the organisations involved (shorter help routes)."""
    started = _trajectories(viewer, f).filter(first_contact__gte=f.start, first_contact__lte=f.end)
    rows = list(
        started.values_list(
            "first_contact", "activation_date", "organisations_before", "organisations_during"
        )
    )
    n = len(rows)
    days = [(act - first).days for first, act, _b, _d in rows if act is not None]
    before = [b for _f, _a, b, _d in rows]
    during = [d for _f, _a, _b, d in rows]
    return Table(
        "activation",
        _("Activering en hulproutes (trajecten gestart in de periode)"),
        [_("Maat"), _("Waarde")],
        [
            (_("Gestarte trajecten"), [count(n)]),
            (_("Waarvan geactiveerd"), [count(len(days))]),
            (
                _("Percentage geactiveerd"),
                [protect(round(100 * len(days) / n, 1) if n else None, n=min(n, len(days)) if days else 0)],
            ),
            (
                _("Mediaan aantal dagen tot activering"),
                [protect(statistics.median(days) if days else None, n=len(days))],
            ),
            (
                _("Gemiddeld aantal organisaties vóór de start"),
                [protect(round(statistics.mean(before), 1) if before else None, n=n)],
            ),
            (
                _("Gemiddeld aantal organisaties tijdens het traject"),
                [protect(round(statistics.mean(during), 1) if during else None, n=n)],
            ),
        ],
        note=_("Activering volgens de definitie die de gemeente heeft vastgesteld."),
    )


# ---------------------------------------------------------------- residents: outcomes


def _changes(viewer, f: Filters):
    qs = OutcomeChange.objects.filter(municipality_id=_m(viewer), end_on__gte=f.start, end_on__lte=f.end)
    if f.neighbourhood_id:
        qs = qs.filter(neighbourhood_id=f.neighbourhood_id)
    if f.programme_id and _has_field(Trajectory, "programme"):
        qs = qs.filter(trajectory__programme_id=f.programme_id)
    return qs


def _change_rows(viewer, f: Filters, instrument: str) -> dict:
    return {
        r["item"]: r
        for r in _changes(viewer, f)
        .filter(instrument=instrument)
        .values("item")
        .annotate(
            n=Count("id"),
            intake=Avg("intake_value"),
            end=Avg("end_value"),
            better=Count("id", filter=Q(end_value__gt=F("intake_value"))),
            worse=Count("id", filter=Q(end_value__lt=F("intake_value"))),
        )
        .order_by()
    }


def outcome_changes(viewer, f: Filters, instrument: str = Instrument.ZRM) -> Table:
    rows = _change_rows(viewer, f, instrument)
    out = []
    for item in ITEMS[instrument]:
        r = rows.get(item)
        n = r["n"] if r else 0
        intake = round(r["intake"], 2) if r else None
        end = round(r["end"], 2) if r else None
        out.append(
            (
                item_label(instrument, item),
                [
                    count(n),
                    protect(intake, n=n),
                    protect(end, n=n),
                    protect(round(end - intake, 2) if r else None, n=n),
                    protect(round(100 * r["better"] / n, 1) if r else None, n=n),
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


def resident_ladder(viewer, f: Filters) -> Table:
    qs = _changes(viewer, f).filter(instrument=Instrument.LADDER)
    agg = qs.aggregate(
        n=Count("id"),
        up=Count("id", filter=Q(end_value__gt=F("intake_value"))),
        paid=Count("id", filter=Q(end_value__gte=ParticipationRung.PAID_WORK_SUPPORTED, intake_value__lt=5)),
    )
    n = agg["n"]
    return Table(
        "resident_ladder",
        _("Bewoners op de participatieladder"),
        [_("Maat"), _("Aantal"), _("Percentage")],
        [
            (_("Bewoners met intake en eindmeting"), [count(n), protect(100.0 if n else None, n=n)]),
            (
                _("Een of meer treden gestegen"),
                [
                    count(agg["up"]),
                    protect(round(100 * agg["up"] / n, 1) if n else None, n=min(n, agg["up"])),
                ],
            ),
            (
                _("Naar (ondersteund) betaald werk"),
                [
                    count(agg["paid"]),
                    protect(round(100 * agg["paid"] / n, 1) if n else None, n=min(n, agg["paid"])),
                ],
            ),
        ],
    )


def experience(viewer, f: Filters) -> Table:
    qs = Score.objects.filter(
        municipality_id=_m(viewer),
        instrument=Instrument.EXPERIENCE,
        measurement__measured_on__gte=f.start,
        measurement__measured_on__lte=f.end,
    )
    if f.neighbourhood_id:
        qs = qs.filter(measurement__trajectory__neighbourhood_id=f.neighbourhood_id)
    if f.programme_id and _has_field(Trajectory, "programme"):
        qs = qs.filter(measurement__trajectory__programme_id=f.programme_id)
    rows = {
        r["item"]: r
        for r in qs.values("item")
        .annotate(
            n=Count("measurement__trajectory", distinct=True),
            avg=Avg("value"),
            agree=Count("id", filter=Q(value__gte=4)),
            answers=Count("id"),
        )
        .order_by()
    }
    out = []
    for value, label in ExperienceItem.choices:
        r = rows.get(value)
        n = r["n"] if r else 0
        out.append(
            (
                str(label),
                [
                    count(n),
                    protect(round(r["avg"], 2) if r else None, n=n),
                    protect(round(100 * r["agree"] / r["answers"], 1) if r else None, n=n),
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


def pool_vs_deployed(viewer, f: Filters) -> Table:
    """Per month: peer workers in the pool, and how many were actually deployed (the Amsterdam gap)."""
    from ervaringswerk.deployment.models import Assignment, AssignmentStatus
    from ervaringswerk.pool.models import PeerStatus, PeerWorker

    peers = [
        (pk, joined or created.date(), left or (created.date() if status == PeerStatus.LEFT else None))
        for pk, created, status, joined, left in PeerWorker.objects.filter(
            municipality_id=_m(viewer)
        ).values_list("id", "created_at", "status", "joined_on", "left_on")
    ]
    assignments = Assignment.objects.filter(municipality_id=_m(viewer)).exclude(
        status=AssignmentStatus.CANCELLED
    )
    if f.neighbourhood_id:
        assignments = assignments.filter(request__neighbourhood_id=f.neighbourhood_id)
    spans = list(
        assignments.filter(Q(end_date__isnull=True) | Q(end_date__gte=f.start)).values_list(
            "peer_id", "start_date", "end_date", "created_at"
        )
    )
    hours_by_month = _deployed_by_hours(viewer, f)
    rows = []
    for first, last in f.months():
        in_pool = sum(1 for _id, joined, left in peers if joined <= last and (left is None or left >= first))
        deployed = {
            peer
            for peer, start, end, created in spans
            if (start or created.date()) <= last and (end is None or end >= first)
        }
        deployed |= hours_by_month.get(first.replace(day=1), set())
        share = round(100 * len(deployed) / in_pool, 1) if in_pool else None
        rows.append(
            (
                _months_label(first),
                [count(in_pool), count(len(deployed)), protect(share, n=min(in_pool, len(deployed)))],
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


def waiting_time(viewer, f: Filters) -> Table:
    """Days from a request to its first match, per kind of deployment."""
    from ervaringswerk.deployment.models import Assignment

    qs = Assignment.objects.filter(
        municipality_id=_m(viewer), created_at__date__gte=f.start, created_at__date__lte=f.end
    )
    if f.neighbourhood_id:
        qs = qs.filter(request__neighbourhood_id=f.neighbourhood_id)
    matched_field = "matched_at" if _has_field(Assignment, "matched_at") else "created_at"
    first_match = {}
    for request_id, kind, requested, matched, peer in qs.values_list(
        "request_id", "request__kind", "request__created_at", matched_field, "peer_id"
    ):
        known = first_match.get(request_id)
        if known is None or matched < known[2]:
            first_match[request_id] = (kind, requested, matched, peer)
    by_kind = defaultdict(list)
    for kind, requested, matched, peer in first_match.values():
        by_kind[kind].append(((matched - requested).total_seconds() / 86400, peer))
    rows = []
    everything = []
    for value, label in DeploymentKind.choices:
        items = by_kind.get(value, [])
        everything.extend(items)
        rows.append((str(label), _waiting_cells(items)))
    rows.append((_("Alle soorten"), _waiting_cells(everything)))
    return Table(
        "waiting_time",
        _("Wachttijd van verzoek tot match (dagen)"),
        [_("Soort inzet"), _("Gematchte verzoeken"), _("Mediaan dagen"), _("Gemiddeld dagen")],
        rows,
        note=_(
            "Per verzoek de eerste match in de periode; afgeschermd bij minder dan vijf ervaringsdeskundigen."
        ),
    )


def _waiting_cells(items) -> list[Cell]:
    peers = len({peer for _days, peer in items})
    days = [d for d, _p in items]
    return [
        protect(len(days), n=peers),
        protect(round(statistics.median(days), 1) if days else None, n=peers),
        protect(round(statistics.mean(days), 1) if days else None, n=peers),
    ]


def peer_ladder(viewer, f: Filters) -> Table:
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


def _peer_ladder_from(Step, viewer, f: Filters) -> Table:  # noqa: N803 - a model class
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
            (_("Ervaringsdeskundigen met een ladderstap in de periode"), [count(followed)]),
            (_("Een of meer treden gestegen"), [count(moved_up)]),
            (_("Naar (ondersteund) betaald werk"), [count(into_paid)]),
        ],
    )


# ---------------------------------------------------------------- hours vs budget


def time_entry_model():
    try:
        return apps.get_model("hours", "TimeEntry")
    except LookupError:
        return None


def _entries(viewer, f: Filters):
    """Time entries that count (submitted or approved, not replaced by a correction) in the period."""
    TimeEntry = time_entry_model()
    qs = TimeEntry.objects.filter(municipality_id=_m(viewer), date__gte=f.start, date__lte=f.end)
    try:
        from ervaringswerk.hours.models import COUNTING_STATUSES

        qs = qs.filter(status__in=COUNTING_STATUSES)
    except ImportError:  # pragma: no cover - older hours app
        pass
    if f.programme_id:
        qs = qs.filter(programme_id=f.programme_id)
    if f.neighbourhood_id:
        path = _entry_neighbourhood_path(TimeEntry)
        qs = qs.filter(**{path: f.neighbourhood_id}) if path else qs.none()
    return qs


def _entry_neighbourhood_path(TimeEntry) -> str | None:  # noqa: N803 - a model class
    if _has_field(TimeEntry, "neighbourhood"):
        return "neighbourhood_id"
    if _has_field(TimeEntry, "assignment"):
        return "assignment__request__neighbourhood_id"
    return None


def _deployed_by_hours(viewer, f: Filters) -> dict:
    """Per month (first day): the peer workers who wrote hours in it."""
    if time_entry_model() is None:
        return {}
    from django.db.models.functions import TruncMonth

    result = defaultdict(set)
    for month, peer in (
        _entries(viewer, f).annotate(month=TruncMonth("date")).values_list("month", "peer_id").distinct()
    ):
        day = month.date() if isinstance(month, datetime.datetime) else month
        result[day].add(peer)
    return result


def _hours_table(key, title, label, rows, *, budget=None) -> Table:
    """rows: [(label, minutes, distinct peers)]; budget: {label: hours} for the period, pro rata."""
    columns = [label, _("Uren"), _("Ervaringsdeskundigen")]
    if budget is not None:
        columns += [_("Budget (uren, naar rato)"), _("Percentage van budget")]
    out = []
    for name, minutes, peers in rows:
        hours_ = round(minutes / 60, 1)
        cells = [protect(hours_, n=peers), count(peers)]
        if budget is not None:
            b = budget.get(name)
            cells.append(protect(round(b, 1) if b is not None else None, n=None, about_persons=False))
            cells.append(protect(round(100 * hours_ / b, 1) if b else None, n=peers))
        out.append((name, cells))
    return Table(key, title, columns, out)


def _pro_rata_budget(programme, f: Filters) -> float:
    days = (programme.end_date - programme.start_date).days + 1
    overlap = (min(programme.end_date, f.end) - max(programme.start_date, f.start)).days + 1
    if days <= 0 or overlap <= 0:
        return 0.0
    return float(programme.hours_total) * overlap / days


def hours(viewer, f: Filters) -> list[Table]:
    TimeEntry = time_entry_model()
    if TimeEntry is None:
        return [
            Table(
                "hours_by_programme",
                _("Uren tegenover budget"),
                [_("Programma"), _("Uren")],
                note=_("Nog niet beschikbaar: de urenregistratie is er nog niet."),
                available=False,
            )
        ]
    from django.db.models.functions import Coalesce

    entries = _entries(viewer, f)
    by_programme = list(
        entries.values("programme_id", "programme__name")
        .annotate(minutes=Sum("minutes"), peers=Count("peer_id", distinct=True))
        .order_by("programme__name")
    )
    Programme = programme_model()
    programmes = Programme.objects.filter(
        municipality_id=_m(viewer), start_date__lte=f.end, end_date__gte=f.start
    )
    if f.programme_id:
        programmes = programmes.filter(pk=f.programme_id)
    budget = {p.name: _pro_rata_budget(p, f) for p in programmes}
    seen = {r["programme__name"] for r in by_programme}
    rows = [(r["programme__name"], r["minutes"] or 0, r["peers"]) for r in by_programme]
    rows += [(name, 0, 0) for name in sorted(budget) if name not in seen]
    tables = [
        _hours_table(
            "hours_by_programme",
            _("Uren tegenover budget per programma"),
            _("Programma"),
            rows,
            budget=budget,
        )
    ]
    by_org = (
        entries.annotate(for_org=Coalesce("partner__name", "organisation__name"))
        .values("for_org")
        .annotate(minutes=Sum("minutes"), peers=Count("peer_id", distinct=True))
        .order_by("for_org")
    )
    tables.append(
        _hours_table(
            "hours_by_organisation",
            _("Uren per organisatie (waarvoor gewerkt)"),
            _("Organisatie"),
            [(r["for_org"], r["minutes"] or 0, r["peers"]) for r in by_org],
        )
    )
    kinds = {
        r["work_kind"]: r
        for r in entries.values("work_kind")
        .annotate(minutes=Sum("minutes"), peers=Count("peer_id", distinct=True))
        .order_by()
    }
    kind_field = TimeEntry._meta.get_field("work_kind")
    tables.append(
        _hours_table(
            "hours_by_kind",
            _("Uren per soort werk"),
            _("Soort werk"),
            [
                (str(label), kinds[value]["minutes"] or 0, kinds[value]["peers"])
                for value, label in kind_field.choices
                if value in kinds
            ],
        )
    )
    path = _entry_neighbourhood_path(TimeEntry)
    if path:
        name_path = path.replace("_id", "__name") if path.endswith("neighbourhood_id") else path
        by_hood = (
            entries.values(name_path)
            .annotate(minutes=Sum("minutes"), peers=Count("peer_id", distinct=True))
            .order_by(name_path)
        )
        tables.append(
            _hours_table(
                "hours_by_neighbourhood",
                _("Uren per wijk"),
                _("Wijk"),
                [(r[name_path] or _("Onbekend"), r["minutes"] or 0, r["peers"]) for r in by_hood],
            )
        )
    else:
        tables.append(
            Table(
                "hours_by_neighbourhood",
                _("Uren per wijk"),
                [_("Wijk"), _("Uren")],
                note=_("Uren zijn (nog) niet aan een wijk gekoppeld."),
                available=False,
            )
        )
    return tables


# ---------------------------------------------------------------- organisations: preconditions


def preconditions(viewer, f: Filters) -> Table:
    """Latest self-assessment per organisation (about organisations, not persons: nothing to suppress)."""
    from ervaringswerk.preconditions.selectors import average_score, latest_assessments

    latest = latest_assessments(municipality_id=_m(viewer))
    rows = []
    for assessment in sorted(latest.values(), key=lambda a: a.organisation.name):
        scores = {i.precondition: i.score for i in assessment.items.all()}
        rows.append(
            (
                assessment.organisation.name,
                [protect(assessment.assessed_on.strftime("%d-%m-%Y"), n=None, about_persons=False)]
                + [protect(scores.get(key), n=None, about_persons=False) for key in Precondition.values]
                + [protect(average_score(assessment), n=None, about_persons=False)],
            )
        )
    return Table(
        "preconditions",
        _("Randvoorwaarden per organisatie (laatste zelfevaluatie, score 1-5)"),
        [_("Organisatie"), _("Datum"), *[str(label) for label in Precondition.labels], _("Gemiddeld")],
        rows,
    )


# ---------------------------------------------------------------- everything together


def dashboard(*, viewer, filters: Filters) -> dict[str, Table]:
    tables: dict[str, Table] = {}
    for table in [
        pool_vs_deployed(viewer, filters),
        *hours(viewer, filters),
        waiting_time(viewer, filters),
        *reach(viewer, filters),
        activation(viewer, filters),
        outcome_changes(viewer, filters, Instrument.ZRM),
        outcome_changes(viewer, filters, Instrument.POSITIVE_HEALTH),
        resident_ladder(viewer, filters),
        experience(viewer, filters),
        peer_ladder(viewer, filters),
        preconditions(viewer, filters),
    ]:
        tables[table.key] = table
    return tables


def municipal_overview(*, viewer) -> dict:
    """Kept for the start page's headline figures (suppressed like everything else)."""
    from ervaringswerk.organisations.models import Organisation
    from ervaringswerk.pool.models import PeerStatus, PeerWorker

    active = PeerWorker.objects.filter(municipality_id=_m(viewer), status=PeerStatus.ACTIVE).count()
    return {
        "peers_active": count(active),
        "organisations": Organisation.objects.filter(municipality_id=_m(viewer)).count(),
    }


def programme_choices(*, viewer):
    Programme = programme_model()
    return [] if Programme is None else list(Programme.objects.filter(municipality_id=_m(viewer)))


def lessons_from_learning_sessions(viewer, f: Filters) -> list[str]:
    """Lessons recorded in the minutes of learning sessions in the period (activities app)."""
    try:
        MinuteItem = apps.get_model("activities", "MinuteItem")
    except LookupError:
        return []
    qs = MinuteItem.objects.filter(
        municipality_id=_m(viewer),
        kind="lesson",
        session__starts_at__date__gte=f.start,
        session__starts_at__date__lte=f.end,
    )
    Session = MinuteItem._meta.get_field("session").related_model
    if f.programme_id and _has_field(Session, "programme"):
        qs = qs.filter(session__programme_id=f.programme_id)
    elif f.programme_id and _has_field(Session._meta.get_field("activity").related_model, "programme"):
        qs = qs.filter(session__activity__programme_id=f.programme_id)
    return list(qs.order_by("session__starts_at").values_list("text", flat=True))


def report_list(*, viewer):
    from .models import EvaluationReport

    return EvaluationReport.objects.filter(municipality_id=_m(viewer)).defer("pdf", "xlsx")


def report_get(*, viewer, pk):
    return report_list(viewer=viewer).get(pk=pk)
