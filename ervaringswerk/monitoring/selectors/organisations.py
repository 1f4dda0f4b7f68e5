"""Organisations: preconditions and funded positions."""

from django.db.models import (
    Count,
    Q,
)
from django.utils.translation import gettext as _

from ervaringswerk.core.reference import Precondition
from ervaringswerk.core.tenancy import Viewer
from ervaringswerk.monitoring.filters import Filters
from ervaringswerk.monitoring.selectors._cells import Table, _m, organisation, work_count
from ervaringswerk.organisations.models import FundedPosition, PositionKind, PositionStatus
from ervaringswerk.preconditions.selectors import average_score, latest_assessments


def preconditions(viewer: Viewer, f: Filters) -> Table:
    """Latest self-assessment per organisation (about organisations, not persons: nothing to suppress)."""
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


def positions(viewer: Viewer, f: Filters) -> Table:
    """Funded positions running in the period per kind: funded, filled and open (the anchoring)."""
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
