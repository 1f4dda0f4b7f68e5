"""Reads for the programme pages and the hire-out statements, always scoped to the viewer.

The programme page's figures are aggregated in the database (a handful of GROUP BY queries), never by
loading the time entries, so a year of hours costs the same few queries as a week.
"""

import datetime
import math
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth, TruncWeek
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from ervaringswerk.core.tenancy import Role, Viewer
from ervaringswerk.organisations.models import Organisation, Programme

from .models import COUNTING_STATUSES, EntryStatus, HireOutStatement, TimeEntry, WorkKind

# The forecast extrapolates the pace of the last four weeks: recent enough to follow a change of
# staffing, long enough that one holiday week does not swing it.
RECENT_DAYS = 28


# ------------------------------------------------------------------------------------------ programmes


def programme_list(*, viewer: Viewer) -> QuerySet[Programme]:
    """The municipality sees all its programmes; an organisation those it funds, carries out or joins."""
    qs = Programme.objects.filter(municipality_id=viewer.municipality_id).select_related(
        "funder", "contractor"
    )
    if not viewer.has_role(Role.POLICY_ADVISOR, Role.ADMINISTRATOR):
        org = viewer.organisation_id
        qs = qs.filter(Q(contractor_id=org) | Q(funder_id=org) | Q(partners__id=org)).distinct()
    return qs.order_by("-start_date", "name")


def programme_get(*, viewer: Viewer, pk) -> Programme:
    return programme_list(viewer=viewer).prefetch_related("partners", "rates", "milestones").get(pk=pk)


def organisations_for_programmes(*, viewer: Viewer) -> QuerySet[Organisation]:
    return Organisation.objects.filter(municipality_id=viewer.municipality_id).order_by("name")


def may_see_peer_names(viewer: Viewer, programme) -> bool:
    """Names of peer workers are for their own coordinator (the contractor's); others see counts."""
    return viewer.has_role(Role.COORDINATOR) and viewer.organisation_id == programme.contractor_id


def _hours(minutes) -> float:
    return round((minutes or 0) / 60, 2)


@dataclass
class Breakdown:
    label: str
    used_hours: float
    approved_hours: float


@dataclass
class ProgrammeFigures:
    used_hours: float
    approved_hours: float
    budget_hours: float
    planned_hours: float
    forecast_hours: float
    pace_hours_per_week: float
    exhausted_on: datetime.date | None
    by_partner: list = field(default_factory=list)
    by_kind: list = field(default_factory=list)
    by_peer: list = field(default_factory=list)
    peer_count: int = 0
    series_labels: list = field(default_factory=list)
    plan_series: list = field(default_factory=list)
    actual_series: list = field(default_factory=list)
    forecast_series: list = field(default_factory=list)
    per: str = "month"

    @property
    def forecast_over(self) -> bool:
        return self.budget_hours > 0 and self.forecast_hours > self.budget_hours

    @property
    def used_percent(self) -> int:
        return round(100 * self.used_hours / self.budget_hours) if self.budget_hours else 0


def _sums():
    return {
        "used": Sum("minutes", filter=Q(status__in=COUNTING_STATUSES)),
        "approved": Sum("minutes", filter=Q(status=EntryStatus.APPROVED)),
    }


def _buckets(start: datetime.date, end: datetime.date, per: str) -> list[datetime.date]:
    """The first day of every week (Monday) or month touching the programme's period."""
    if per == "week":
        day = start - datetime.timedelta(days=start.weekday())
        step = datetime.timedelta(days=7)
        result = []
        while day <= end:
            result.append(day)
            day += step
        return result
    day = start.replace(day=1)
    result = []
    while day <= end:
        result.append(day)
        day = (day + datetime.timedelta(days=32)).replace(day=1)
    return result


def _bucket_end(first: datetime.date, per: str) -> datetime.date:
    if per == "week":
        return first + datetime.timedelta(days=6)
    return (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)


def default_per(programme) -> str:
    """Weeks for a programme of up to half a year, months for longer ones (a readable number of points)."""
    return "week" if (programme.end_date - programme.start_date).days <= 183 else "month"


def programme_figures(*, viewer: Viewer, programme, per: str | None = None, today=None) -> ProgrammeFigures:
    today = today or timezone.localdate()
    per = per if per in ("week", "month") else default_per(programme)
    entries = TimeEntry.objects.filter(municipality_id=viewer.municipality_id, programme=programme)
    counting = entries.filter(status__in=COUNTING_STATUSES)

    totals = entries.aggregate(
        **_sums(),
        recent=Sum(
            "minutes",
            filter=Q(
                status__in=COUNTING_STATUSES,
                date__gt=today - datetime.timedelta(days=RECENT_DAYS),
                date__lte=today,
            ),
        ),
        peers=Count("peer", filter=Q(status__in=COUNTING_STATUSES), distinct=True),
    )
    used = totals["used"] or 0
    budget = float(programme.hours_total)

    # Plan: the budget spread evenly over the days of the period.
    days = (programme.end_date - programme.start_date).days + 1

    def planned_on(day: datetime.date) -> float:
        elapsed = min(max((day - programme.start_date).days + 1, 0), days)
        return budget * elapsed / days

    # Pace: counting minutes per day over the recent window (shorter when the programme is younger).
    window_start = max(programme.start_date, today - datetime.timedelta(days=RECENT_DAYS - 1))
    window_days = (min(today, programme.end_date) - window_start).days + 1
    pace_per_day = (totals["recent"] or 0) / 60 / window_days if window_days > 0 else 0.0
    # Days still to come after today (the whole period when it has not started yet).
    day_before_start = programme.start_date - datetime.timedelta(days=1)
    remaining_days = max((programme.end_date - max(today, day_before_start)).days, 0)
    forecast = used / 60 + pace_per_day * remaining_days
    exhausted_on = None
    left = budget - used / 60
    if pace_per_day > 0 and left > 0 and forecast > budget:
        exhausted_on = today + datetime.timedelta(days=math.ceil(left / pace_per_day))

    # Cumulative actual per bucket, summed in the database.
    trunc = TruncWeek("date") if per == "week" else TruncMonth("date")
    per_bucket = {
        (row["bucket"].date() if isinstance(row["bucket"], datetime.datetime) else row["bucket"]): row["m"]
        for row in counting.annotate(bucket=trunc).values("bucket").annotate(m=Sum("minutes")).order_by()
    }
    buckets = _buckets(programme.start_date, programme.end_date, per)
    labels, plan, actual, forecast_series = [], [], [], []
    running = 0
    # Hours before the start (an override) still count; put them in the first bucket.
    running += sum(m for b, m in per_bucket.items() if buckets and b < buckets[0])
    for first in buckets:
        last = min(_bucket_end(first, per), programme.end_date)
        running += per_bucket.get(first, 0)
        # Short labels, so a year of months fits under the chart: "12-01" (week of) or "jan 26".
        labels.append(first.strftime("%d-%m") if per == "week" else f"{date_format(first, 'b')} {first:%y}")
        plan.append(round(planned_on(last), 1))
        if first <= today:
            actual.append(round(running / 60, 1))
        else:
            actual.append(None)
        # The forecast starts in today's bucket, where it meets the actual line.
        if last >= today and today <= programme.end_date:
            ahead = max((last - max(today, day_before_start)).days, 0)
            forecast_series.append(round(used / 60 + pace_per_day * ahead, 1))
        else:
            forecast_series.append(None)

    partner_rows = entries.values("partner_id", "partner__name").annotate(**_sums()).order_by("partner__name")
    by_partner = [
        Breakdown(
            row["partner__name"] or gettext("Eigen organisatie (niet ingehuurd)"),
            _hours(row["used"]),
            _hours(row["approved"]),
        )
        for row in partner_rows
        if row["used"] or row["approved"]
    ]
    kind_rows = {row["work_kind"]: row for row in entries.values("work_kind").annotate(**_sums()).order_by()}
    by_kind = [
        Breakdown(label, _hours(kind_rows[value]["used"]), _hours(kind_rows[value]["approved"]))
        for value, label in WorkKind.choices
        if value in kind_rows and (kind_rows[value]["used"] or kind_rows[value]["approved"])
    ]
    by_peer = []
    if may_see_peer_names(viewer, programme):
        peer_rows = (
            entries.values("peer_id", "peer__first_name", "peer__last_name")
            .annotate(**_sums())
            .order_by("peer__last_name", "peer__first_name")
        )
        by_peer = [
            Breakdown(
                f"{row['peer__first_name']} {row['peer__last_name']}",
                _hours(row["used"]),
                _hours(row["approved"]),
            )
            for row in peer_rows
            if row["used"] or row["approved"]
        ]

    return ProgrammeFigures(
        used_hours=_hours(used),
        approved_hours=_hours(totals["approved"]),
        budget_hours=budget,
        planned_hours=round(planned_on(today), 1),
        forecast_hours=round(forecast, 1),
        pace_hours_per_week=round(pace_per_day * 7, 1),
        exhausted_on=exhausted_on,
        by_partner=by_partner,
        by_kind=by_kind,
        by_peer=by_peer,
        peer_count=totals["peers"] or 0,
        series_labels=labels,
        plan_series=plan,
        actual_series=actual,
        forecast_series=forecast_series,
        per=per,
    )


# ------------------------------------------------------------------------------------------ statements


def statement_list(*, viewer: Viewer) -> QuerySet[HireOutStatement]:
    """What the viewer's organisation issued or received, in the viewer's municipality."""
    org = viewer.organisation_id
    return (
        HireOutStatement.objects.filter(municipality_id=viewer.municipality_id)
        .filter(Q(issuer_id=org) | Q(partner_id=org))
        .select_related("issuer", "partner", "corrects")
        .order_by("-month", "-issued_at")
    )


def statement_get(*, viewer: Viewer, pk) -> HireOutStatement:
    return statement_list(viewer=viewer).prefetch_related("lines__programme", "corrections").get(pk=pk)


def statement_partners(*, viewer: Viewer, month: datetime.date) -> QuerySet[Organisation]:
    """Partners with approved hired-out hours in the month, or with a statement for it already (a
    correction may take all their hours away, and then a credit is due)."""
    from .statements import month_bounds

    first, last = month_bounds(month)
    org = viewer.organisation_id
    billed = TimeEntry.objects.filter(
        municipality_id=viewer.municipality_id,
        organisation_id=org,
        status=EntryStatus.APPROVED,
        date__gte=first,
        date__lte=last,
        partner__isnull=False,
    ).values("partner_id")
    issued = HireOutStatement.objects.filter(
        municipality_id=viewer.municipality_id, issuer_id=org, month=first
    ).values("partner_id")
    return (
        Organisation.objects.filter(municipality_id=viewer.municipality_id)
        .filter(Q(pk__in=billed) | Q(pk__in=issued))
        .order_by("name")
    )


def unbillable_minutes(*, viewer: Viewer, month: datetime.date) -> int:
    """Approved partner hours without a programme: no rate applies, so they are never on a statement."""
    from .statements import month_bounds

    first, last = month_bounds(month)
    return (
        TimeEntry.objects.filter(
            municipality_id=viewer.municipality_id,
            organisation_id=viewer.organisation_id,
            status=EntryStatus.APPROVED,
            date__gte=first,
            date__lte=last,
            partner__isnull=False,
            programme__isnull=True,
        ).aggregate(m=Sum("minutes"))["m"]
        or 0
    )
