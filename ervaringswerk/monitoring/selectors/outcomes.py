"""Residents: outcomes, intake → end pairs per instrument, the ladder and the experience answers."""

import datetime
from collections import defaultdict

from django.db.models import (
    Count,
    F,
    Q,
    Sum,
)
from django.utils.translation import gettext as _

from ervaringswerk.core.reference import ParticipationRung
from ervaringswerk.core.tenancy import Viewer
from ervaringswerk.monitoring.filters import Filters
from ervaringswerk.monitoring.selectors._cells import Table, _m, resident, resident_count
from ervaringswerk.outcomes.constants import ITEMS, ExperienceItem, Instrument, item_label
from ervaringswerk.outcomes.models import OutcomeChange, OutcomeMonthly
from ervaringswerk.voice.selectors import own_voice_summary


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


def experience_own(viewer: Viewer, f: Filters) -> Table:
    """The same statements, answered by residents themselves on their own phone (voice app), anonymously."""
    summary = own_voice_summary(
        municipality_id=_m(viewer),
        start=f.start,
        end=f.end,
        programme_id=f.programme_id,
        neighbourhood_id=f.neighbourhood_id,
    )
    out = []
    for value, label in ExperienceItem.choices:
        r = summary["items"][value]
        n = r["n"]
        out.append(
            (
                str(label),
                [
                    resident_count(n, f=f),
                    resident(round(r["avg"], 2) if n else None, n=n, f=f),
                    resident(round(100 * r["agree"] / n, 1) if n else None, n=n, f=f),
                ],
            )
        )
    return Table(
        "experience_own",
        _("Ervaringen, door bewoners zelf ingevuld (schaal 1-5)"),
        [_("Uitspraak"), _("Bewoners"), _("Gemiddelde score"), _("Percentage (helemaal) eens")],
        out,
        note=_(
            "Anoniem ingevuld op de eigen telefoon, via een link of QR-code van de professional of de "
            "ervaringsdeskundige."
        ),
    )
