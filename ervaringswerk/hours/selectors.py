"""Reads of time entries for a viewer. Every query starts with the viewer's municipality, then narrows to
the peer worker's own entries or to the coordinator's organisation.

Programme pages and statements have their own reads (programme_views); this module is for the entry pages,
the exports and the panels.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Min, Q, QuerySet, Sum
from django.utils import timezone

from ervaringswerk.core.tenancy import Role, Viewer

from .models import COUNTING_STATUSES, EntryStatus, PeriodLock, PeriodReopening, TimeEntry, WorkKind
from .permissions import can_review_hours, own_peer
from .services import month_start, week_bounds

ENTRY_RELATED = ("peer", "programme", "partner", "assignment__request", "activity", "corrects", "correction")


def _entries(viewer: Viewer) -> QuerySet[TimeEntry]:
    return TimeEntry.objects.filter(municipality_id=viewer.municipality_id).select_related(*ENTRY_RELATED)


# Work kinds that are not deployment: intervisie or supervisie the peer worker receives.
NOT_DEPLOYMENT_KINDS = (WorkKind.SUPERVISION,)


def deployment_entries(*, municipality_id) -> QuerySet[TimeEntry]:
    """Hours that show a peer worker was deployed, with or without an assignment (a walk-in, a group, work
    on the programme): counting (submitted or approved, not returned or replaced) and not supervision
    received. For "deployed" in the idle pool and in pool against deployment
    (docs/monitoring-and-evaluation.md)."""
    return TimeEntry.objects.filter(municipality_id=municipality_id, status__in=COUNTING_STATUSES).exclude(
        work_kind__in=NOT_DEPLOYMENT_KINDS
    )


def next_month(month: datetime.date) -> datetime.date:
    return (month.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


@dataclass
class EntryFilters:
    """What the overview and the export filter on; every value is optional."""

    peer_id: object = None
    month: datetime.date | None = None  # first day of the month
    programme_id: object = None
    status: str | None = None


def _apply(qs, filters: EntryFilters | None):
    if filters is None:
        return qs
    if filters.peer_id:
        qs = qs.filter(peer_id=filters.peer_id)
    if filters.month:
        qs = qs.filter(date__gte=filters.month, date__lt=next_month(filters.month))
    if filters.programme_id:
        qs = qs.filter(programme_id=filters.programme_id)
    if filters.status:
        qs = qs.filter(status=filters.status)
    return qs


# ------------------------------------------------------------------------------- the peer worker's own


def own_entries(*, viewer: Viewer, filters: EntryFilters | None = None) -> QuerySet[TimeEntry]:
    """The peer worker's own entries (corrections included, so the trace is visible)."""
    peer = own_peer(viewer)
    if peer is None:
        return TimeEntry.objects.none()
    return _apply(_entries(viewer).filter(peer=peer), filters).order_by("-date", "-created_at")


def own_entry_get(*, viewer: Viewer, pk) -> TimeEntry:
    """One of the peer worker's own entries; anything else raises DoesNotExist (a 404)."""
    peer = own_peer(viewer)
    if peer is None:
        raise TimeEntry.DoesNotExist
    return _entries(viewer).get(pk=pk, peer=peer)


@dataclass
class Week:
    monday: datetime.date
    sunday: datetime.date
    entries: list = field(default_factory=list)
    minutes: int = 0  # counting entries only (submitted and approved)
    agreed_hours: float = 0.0

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 2)

    @property
    def iso_week(self) -> int:
        return self.monday.isocalendar().week

    @property
    def over(self) -> bool:
        return bool(self.agreed_hours) and self.minutes > self.agreed_hours * 60


def group_by_week(entries, *, agreed_hours=0) -> list[Week]:
    """Entries (newest first) in ISO weeks, with the week's counting total."""
    weeks: dict[datetime.date, Week] = {}
    for entry in entries:
        monday, sunday = week_bounds(entry.date)
        week = weeks.get(monday)
        if week is None:
            week = weeks[monday] = Week(monday, sunday, agreed_hours=float(agreed_hours or 0))
        week.entries.append(entry)
        if entry.status in COUNTING_STATUSES:
            week.minutes += entry.minutes
    return sorted(weeks.values(), key=lambda w: w.monday, reverse=True)


def own_months(*, viewer: Viewer) -> list[datetime.date]:
    """The months in which the peer worker has hours, newest first (for the month filter)."""
    peer = own_peer(viewer)
    if peer is None:
        return []
    dates = TimeEntry.objects.filter(municipality_id=viewer.municipality_id, peer=peer).dates("date", "month")
    return sorted(dates, reverse=True)


def week_minutes(*, peer, day: datetime.date) -> int:
    monday, sunday = week_bounds(day)
    return (
        TimeEntry.objects.filter(
            municipality_id=peer.municipality_id,
            peer=peer,
            status__in=COUNTING_STATUSES,
            date__gte=monday,
            date__lte=sunday,
        ).aggregate(total=Sum("minutes"))["total"]
        or 0
    )


# ------------------------------------------------------------------------------ choices for the form


def peer_programmes(*, peer, include=None):
    """Open programmes carried out by the peer worker's organisation (plus `include`, the entry's own)."""
    from ervaringswerk.organisations.models import Programme

    scope = Q(contractor_id=peer.organisation_id, status="open")
    if include is not None:
        scope |= Q(pk=include)
    return Programme.objects.filter(municipality_id=peer.municipality_id).filter(scope).order_by("name")


def peer_assignments(*, peer, include=None):
    from ervaringswerk.deployment.models import LOAD_STATUSES, Assignment

    scope = Q(peer=peer, status__in=LOAD_STATUSES)
    if include is not None:
        scope |= Q(pk=include, peer=peer)
    return (
        Assignment.objects.filter(municipality_id=peer.municipality_id)
        .filter(scope)
        .select_related("request", "request__organisation")
        .order_by("-created_at")
    )


def peer_activities(*, peer, include=None):
    """Active activities the peer worker facilitates or their organisation organises."""
    from ervaringswerk.activities.models import Activity

    scope = Q(is_active=True) & (Q(peer_facilitators=peer) | Q(organisers=peer.organisation_id))
    if include is not None:
        scope |= Q(pk=include)
    ids = Activity.objects.filter(municipality_id=peer.municipality_id).filter(scope).values("pk")
    return Activity.objects.filter(pk__in=ids).order_by("title")


def programme_partners(*, programmes, include=None):
    """The partner organisations of these programmes (who may hire), plus `include` (the entry's own)."""
    from ervaringswerk.organisations.models import Organisation

    scope = Q(pk__in=programmes.values("partners"))
    if include is not None:
        scope |= Q(pk=include)
    return Organisation.objects.filter(scope).order_by("name")


# --------------------------------------------------------------------------------- the coordinator


def _organisation_entries(viewer: Viewer) -> QuerySet[TimeEntry]:
    if not can_review_hours(viewer):
        return TimeEntry.objects.none()
    return _entries(viewer).filter(organisation_id=viewer.organisation_id)


def review_entry_get(*, viewer: Viewer, pk) -> TimeEntry:
    """An entry of the coordinator's organisation; anything else raises DoesNotExist (a 404)."""
    return _organisation_entries(viewer).get(pk=pk)


def review_queue(*, viewer: Viewer) -> QuerySet[TimeEntry]:
    return (
        _organisation_entries(viewer)
        .filter(status=EntryStatus.SUBMITTED)
        .order_by("peer__last_name", "peer__first_name", "date", "created_at")
    )


def review_waiting_peers(*, viewer: Viewer) -> list[dict]:
    """Per peer worker with entries waiting: id, name, how many and the oldest date, in queue order.
    One grouped query; the review page pages over this list, a few peer workers at a time."""
    return list(
        review_queue(viewer=viewer)
        .values("peer_id", "peer__first_name", "peer__last_name")
        .annotate(waiting=Count("id"), oldest=Min("date"))
        .order_by("peer__last_name", "peer__first_name", "peer_id")
    )


@dataclass
class PeerWeek:
    peer: object
    week: Week


def review_groups(entries) -> list[PeerWeek]:
    """The queue per peer worker and ISO week, oldest week first, so nothing waits unseen."""
    per_peer: dict = {}
    for entry in entries:
        per_peer.setdefault(entry.peer, []).append(entry)
    groups = []
    for peer, rows in per_peer.items():
        for week in sorted(group_by_week(rows, agreed_hours=peer.weekly_hours), key=lambda w: w.monday):
            week.entries.sort(key=lambda e: (e.date, e.created_at))
            groups.append(PeerWeek(peer, week))
    return groups


def organisation_entries(*, viewer: Viewer, filters: EntryFilters | None = None) -> QuerySet[TimeEntry]:
    return _apply(_organisation_entries(viewer), filters).order_by("-date", "peer__last_name", "-created_at")


def organisation_peers(*, viewer: Viewer):
    """Peer workers of the coordinator's organisation (for the filter)."""
    from ervaringswerk.pool.models import PeerWorker

    if not can_review_hours(viewer):
        return PeerWorker.objects.none()
    return PeerWorker.objects.filter(
        municipality_id=viewer.municipality_id, organisation_id=viewer.organisation_id
    ).order_by("last_name", "first_name")


def organisation_programmes(*, viewer: Viewer):
    from ervaringswerk.organisations.models import Programme

    if not can_review_hours(viewer):
        return Programme.objects.none()
    return Programme.objects.filter(
        municipality_id=viewer.municipality_id, contractor_id=viewer.organisation_id
    ).order_by("name")


def waiting_for_review(*, viewer: Viewer) -> int:
    return review_queue(viewer=viewer).count()


@dataclass
class MonthRow:
    month: datetime.date
    counting_minutes: int
    approved_minutes: int
    waiting: int
    lock: PeriodLock | None
    is_past: bool
    returned: int = 0
    reopening: PeriodReopening | None = None

    @property
    def hours(self) -> float:
        return round(self.counting_minutes / 60, 2)

    @property
    def approved_hours(self) -> float:
        return round(self.approved_minutes / 60, 2)

    @property
    def can_lock(self) -> bool:
        return self.lock is None and self.is_past and not self.waiting and not self.returned


def month_rows(*, viewer: Viewer, months: int = 13) -> list[MonthRow]:
    """The last `months` months (this one included) with their totals and lock state, newest first."""
    today = timezone.localdate()
    current = month_start(today)
    firsts = [current]
    while len(firsts) < months:
        firsts.append(month_start(firsts[-1] - datetime.timedelta(days=1)))
    oldest = firsts[-1]
    entries = _organisation_entries(viewer).filter(date__gte=oldest)
    totals: dict[datetime.date, dict] = {}
    # Per day, then folded into months in Python: portable across SQLite and PostgreSQL.
    for row in entries.values("date", "status").annotate(minutes=Sum("minutes"), n=Count("pk")):
        bucket = totals.setdefault(
            month_start(row["date"]), {"counting": 0, "approved": 0, "waiting": 0, "returned": 0}
        )
        if row["status"] in COUNTING_STATUSES:
            bucket["counting"] += row["minutes"]
        if row["status"] == EntryStatus.APPROVED:
            bucket["approved"] += row["minutes"]
        if row["status"] == EntryStatus.SUBMITTED:
            bucket["waiting"] += row["n"]
        if row["status"] == EntryStatus.RETURNED:
            bucket["returned"] += row["n"]
    locks = {}
    reopenings: dict[datetime.date, PeriodReopening] = {}
    if can_review_hours(viewer):
        locks = {
            lock.month: lock
            for lock in PeriodLock.objects.filter(
                municipality_id=viewer.municipality_id,
                organisation_id=viewer.organisation_id,
                month__gte=oldest,
            ).select_related("locked_by")
        }
        # Newest reopening per month (ordered newest first, so the first one seen wins).
        for reopening in PeriodReopening.objects.filter(
            municipality_id=viewer.municipality_id,
            organisation_id=viewer.organisation_id,
            month__gte=oldest,
        ).select_related("reopened_by"):
            reopenings.setdefault(reopening.month, reopening)
    rows = []
    for first in firsts:
        bucket = totals.get(first, {"counting": 0, "approved": 0, "waiting": 0, "returned": 0})
        rows.append(
            MonthRow(
                month=first,
                counting_minutes=bucket["counting"],
                approved_minutes=bucket["approved"],
                waiting=bucket["waiting"],
                lock=locks.get(first),
                is_past=first < current,
                returned=bucket["returned"],
                reopening=reopenings.get(first),
            )
        )
    return rows


# ------------------------------------------------------------------------------------------ exports


def export_entries(*, viewer: Viewer, filters: EntryFilters | None = None) -> QuerySet[TimeEntry]:
    """The coordinator exports their organisation's hours, the peer worker their own."""
    if viewer.has_role(Role.COORDINATOR):
        return organisation_entries(viewer=viewer, filters=filters).order_by(
            "date", "peer__last_name", "created_at"
        )
    return own_entries(viewer=viewer, filters=filters).order_by("date", "created_at")


def entry_totals(entries: QuerySet[TimeEntry]) -> dict:
    """Minutes that count (submitted and approved) and minutes approved, of an already scoped queryset."""
    found = entries.order_by().aggregate(
        counting=Sum("minutes", filter=Q(status__in=COUNTING_STATUSES)),
        approved=Sum("minutes", filter=Q(status=EntryStatus.APPROVED)),
    )
    return {"counting_minutes": found["counting"] or 0, "approved_minutes": found["approved"] or 0}
