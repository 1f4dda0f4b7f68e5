"""The dashboard as a whole and the evaluation report's parts: learning sessions, criteria, go/no-go."""

from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from ervaringswerk.activities.models import MinuteItem, StaffAttendance
from ervaringswerk.core.tenancy import Viewer
from ervaringswerk.monitoring.filters import Filters
from ervaringswerk.monitoring.models import EvaluationReport
from ervaringswerk.monitoring.selectors._cells import Table, _m, organisation, resident, resident_count, work
from ervaringswerk.monitoring.selectors.budget import hours
from ervaringswerk.monitoring.selectors.organisations import positions, precondition_views, preconditions
from ervaringswerk.monitoring.selectors.outcomes import (
    change_summary,
    experience,
    experience_own,
    outcome_changes,
    resident_ladder,
)
from ervaringswerk.monitoring.selectors.peers import (
    declines,
    deployment_forms,
    joint_support,
    peer_ladder,
    pool_vs_deployed,
    waiting_time,
)
from ervaringswerk.monitoring.selectors.reach import activation, reach
from ervaringswerk.monitoring.suppression import (
    Audience,
    Cell,
    audience_for,
    protect,
)
from ervaringswerk.organisations.models import CriterionKind, MilestoneKind
from ervaringswerk.outcomes.constants import Instrument


def dashboard(*, viewer: Viewer, filters: Filters) -> dict[str, Table]:
    tables: dict[str, Table] = {}
    summary = change_summary(viewer, filters)
    for table in [
        pool_vs_deployed(viewer, filters),
        *hours(viewer, filters),
        waiting_time(viewer, filters),
        *declines(viewer, filters),
        deployment_forms(viewer, filters),
        joint_support(viewer, filters),
        *reach(viewer, filters),
        activation(viewer, filters),
        outcome_changes(viewer, filters, Instrument.ZRM, summary=summary),
        outcome_changes(viewer, filters, Instrument.POSITIVE_HEALTH, summary=summary),
        resident_ladder(viewer, filters, summary=summary),
        experience(viewer, filters, summary=summary),
        experience_own(viewer, filters),
        peer_ladder(viewer, filters),
        positions(viewer, filters),
        preconditions(viewer, filters),
        precondition_views(viewer, filters),
    ]:
        tables[table.key] = table
    return tables


def _minutes(viewer: Viewer, f: Filters, kinds):
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


def learning_milestones(programme) -> Table:
    """The programme's learning-session and evaluation milestones with the sessions that carried them out
    and what those decided (issue 14.4): about the programme, not persons."""
    rows = []
    milestones = (
        programme.milestones.filter(kind__in=[MilestoneKind.LEARNING_SESSION, MilestoneKind.EVALUATION])
        .prefetch_related("sessions__minutes")
        .order_by("date")
    )
    for m in milestones:
        sessions = sorted(m.sessions.all(), key=lambda s: s.starts_at)
        decisions = sum(
            1 for s in sessions for item in s.minutes.all() if item.kind in ("decision", "action")
        )
        rows.append(
            (
                m.title,
                [
                    organisation(m.date.strftime("%d-%m-%Y")),
                    organisation(m.done_on.strftime("%d-%m-%Y") if m.done_on else _("nog niet")),
                    organisation(
                        ", ".join(timezone.localtime(s.starts_at).strftime("%d-%m-%Y") for s in sessions)
                        or "–"
                    ),
                    organisation(decisions),
                ],
            )
        )
    return Table(
        "learning_milestones",
        _("Leermomenten van het programma"),
        [_("Mijlpaal"), _("Gepland"), _("Gehaald"), _("Bijeenkomsten"), _("Besluiten en actiepunten")],
        rows,
    )


def staff_at_learning(viewer: Viewer, f: Filters) -> Table:
    """Staff of organisations at the period's learning sessions and evaluations, per organisation: a count
    about organisations, shown exactly (no person is named or countable from it)."""
    qs = StaffAttendance.objects.filter(
        municipality_id=_m(viewer),
        session__starts_at__date__gte=f.start,
        session__starts_at__date__lte=f.end,
    )
    if f.programme_id:
        qs = qs.filter(session__activity__programme_id=f.programme_id)
    per_organisation = (
        qs.values("organisation__name")
        .annotate(sessions=Count("session", distinct=True), people=Sum("people"))
        .order_by("organisation__name")
    )
    rows = [
        (r["organisation__name"], [organisation(r["sessions"]), organisation(r["people"])])
        for r in per_organisation
    ]
    return Table(
        "staff_at_learning",
        _("Medewerkers van organisaties bij leerbijeenkomsten en evaluaties"),
        [_("Organisatie"), _("Bijeenkomsten"), _("Medewerkers (opgeteld)")],
        rows,
    )


def report_list(*, viewer: Viewer):
    reports = EvaluationReport.objects.filter(municipality_id=_m(viewer)).defer("pdf", "xlsx")
    if audience_for(viewer) != Audience.FUNDER:
        # made with the funder's exact work figures: not for a viewer who gets the strict rule
        reports = reports.exclude(audience=Audience.FUNDER)
    return reports


def report_get(*, viewer: Viewer, pk):
    return report_list(viewer=viewer).get(pk=pk)


def report_document(*, viewer: Viewer, pk, kind: str) -> bytes:
    """The finished report's PDF or XLSX (`kind`), for a viewer who may read the report."""
    if kind not in ("pdf", "xlsx"):
        raise ValueError(kind)
    return bytes(report_list(viewer=viewer).filter(pk=pk).values_list(kind, flat=True).get() or b"")
