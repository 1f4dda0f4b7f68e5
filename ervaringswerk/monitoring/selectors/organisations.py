"""Organisations: preconditions and funded positions."""

import datetime

from django.db.models import (
    Count,
    Q,
)
from django.utils.translation import gettext as _

from ervaringswerk.core.reference import Precondition
from ervaringswerk.core.tenancy import Viewer
from ervaringswerk.monitoring.filters import Filters
from ervaringswerk.monitoring.selectors._cells import (
    Table,
    _m,
    organisation,
    peer_count,
    peer_value,
    work_count,
)
from ervaringswerk.monitoring.suppression import Cell, Figure
from ervaringswerk.organisations.models import FundedPosition, PositionKind, PositionStatus
from ervaringswerk.preconditions.selectors import average_score, closed_round_comparisons, latest_assessments


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


def precondition_views(viewer: Viewer, f: Filters, *, today: datetime.date | None = None) -> Table:
    """The organisation's own view against its peer workers' view (issue 14.9), per closed round in the
    period, per organisation and criterion in checklist order.

    The organisation's score and the round are organisation figures (exact). The peer workers' average,
    the difference (peers minus organisation) and the number who answered are peer figures: under the
    threshold for every audience. An average is shown only when at least the threshold of the
    organisation's peer workers answered in the round and answered that criterion, as on the round page
    (preconditions.selectors.round_results); the difference is suppressed with it.
    """
    rows = []
    for c in closed_round_comparisons(municipality_id=_m(viewer), start=f.start, end=f.end, today=today):
        answered = peer_count(c.respondents, f=f)
        for key, label in Precondition.choices:
            own = c.own.get(key)
            average, n = c.peers.get(key, (None, 0))
            if own is None and not n:
                continue
            value = round(average, 1) if average is not None else None
            peers = peer_value(value, n=n, f=f)
            if answered.suppressed and not peers.suppressed:  # the organisation's gate comes first
                peers = Cell(None, None, True, Figure.PEER, answered.limit)
            difference = round(value - own, 1) if value is not None and own is not None else None
            rows.append(
                (
                    f"{c.organisation_name}: {label}",
                    [
                        organisation(c.round.title),
                        organisation(own),
                        peers,
                        peers if peers.suppressed else peer_value(difference, n=n, f=f),
                        answered,
                    ],
                )
            )
    return Table(
        "precondition_views",
        _("Randvoorwaarden: de organisatie en haar ervaringsdeskundigen"),
        [
            _("Organisatie en randvoorwaarde"),
            _("Ronde"),
            _("Score van de organisatie"),
            _("Gemiddelde van de ervaringsdeskundigen"),
            _("Verschil"),
            _("Ervaringsdeskundigen die reageerden"),
        ],
        rows,
        note=_(
            "Rondes die in de periode zijn gesloten. Scores 1-5; verschil: ervaringsdeskundigen min "
            "organisatie. De mening van ervaringsdeskundigen is anoniem en staat er alleen als genoeg van "
            "hen reageerden."
        ),
    )
