"""Applying each municipality's retention terms: `manage.py retention_run [--dry-run]`, or a periodic
task calling `retention_run()`. `now` is injectable so tests can move the clock (audit events excepted:
they expire by the real clock only, see audit/retention.py)."""

import datetime
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from ervaringswerk.audit import retention as audit_retention
from ervaringswerk.audit.models import AuditAction
from ervaringswerk.audit.services import audit_record
from ervaringswerk.core.models import Municipality

from .models import DEFAULT_TERMS, Erasure, ErasureKind, RetentionPolicy

CATEGORIES = ["check_ins", "closed_trajectories", "departed_peer_workers", "hours", "audit_events"]


@dataclass
class RetentionLine:
    municipality: str
    category: str
    months: int
    cutoff: datetime.date
    count: int
    action: str  # "deleted", "erased", "would delete", "would erase", "refused"
    notes: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        text = (
            f"{self.municipality}: {self.category} (termijn {self.months} maanden, vóór {self.cutoff}): "
            f"{self.count} {self.action}"
        )
        return text + "".join(f"\n  - {note}" for note in self.notes)


def policy_for(municipality) -> RetentionPolicy:
    return RetentionPolicy.objects.filter(municipality=municipality).first() or RetentionPolicy(
        municipality=municipality, **DEFAULT_TERMS
    )


def _cutoff(today: datetime.date, months: int) -> datetime.date:
    return today - relativedelta(months=months)


def _check_ins(municipality, months, today, dry_run):
    model = apps.get_model("pool", "CheckIn")
    qs = model.objects.filter(municipality=municipality, date__lt=_cutoff(today, months))
    count = qs.count()
    if not dry_run and count:
        qs.delete()
    return count, []


def _closed_trajectories(municipality, months, today, dry_run):
    from .services import trajectory_erase

    model = apps.get_model("outcomes", "Trajectory")
    erased = Erasure.objects.filter(kind=ErasureKind.TRAJECTORY, municipality=municipality).values(
        "object_id"
    )
    qs = model.objects.filter(
        municipality=municipality, end_date__isnull=False, end_date__lt=_cutoff(today, months)
    ).exclude(pk__in=erased)
    if dry_run:
        return qs.count(), []
    count = 0
    for trajectory in qs:
        trajectory_erase(viewer=None, trajectory=trajectory, by_retention=True)
        count += 1
    return count, []


def _departed_peer_workers(municipality, months, today, dry_run):
    from .services import peer_worker_erase, peer_worker_erase_refusal

    model = apps.get_model("pool", "PeerWorker")
    erased = Erasure.objects.filter(kind=ErasureKind.PEER_WORKER, municipality=municipality).values(
        "object_id"
    )
    qs = model.objects.filter(
        municipality=municipality, status="left", left_on__isnull=False, left_on__lt=_cutoff(today, months)
    ).exclude(pk__in=erased)
    count, notes = 0, []
    for peer in qs:
        refusal = peer_worker_erase_refusal(peer)
        if refusal:
            notes.append(f"{peer_pseudonym_safe(peer)}: {refusal}")
            continue
        if not dry_run:
            peer_worker_erase(viewer=None, peer=peer, by_retention=True)
        count += 1
    return count, notes


def peer_pseudonym_safe(peer) -> str:
    from .services import peer_pseudonym

    return peer_pseudonym(peer)


def _hours(municipality, months, today, dry_run):
    """Time entries and issued statements past the fiscal term: deleted, lines first."""
    cutoff = _cutoff(today, months)
    entry = apps.get_model("hours", "TimeEntry")
    statement = apps.get_model("hours", "HireOutStatement")
    line = apps.get_model("hours", "HireOutLine")
    statements = statement.objects.filter(municipality=municipality, month__lt=cutoff)
    # A statement still corrected by a younger one stays until its correction expires too.
    statements = statements.exclude(corrections__month__gte=cutoff)
    entries = entry.objects.filter(municipality=municipality, date__lt=cutoff)
    count = entries.count() + statements.count()
    if dry_run or not count:
        return count, []
    notes = []
    if connection.vendor == "postgresql":
        # Issued statements are protected by a database trigger (hours migration 0003): they stay.
        kept = statements.count()
        statements = statement.objects.none()
        count -= kept
        if kept:
            notes.append(f"{kept} uitgegeven urenstaten blijven: de database beschermt ze")
    line.objects.filter(statement__in=statements).delete()
    # Corrections point at what they replace (PROTECT): delete what nothing points at, round by round.
    for _round in range(10):
        if not statements.filter(corrections__isnull=True).delete()[0]:
            break
    for _round in range(10):
        if not entries.filter(correction__isnull=True).delete()[0]:
            break
    left = entries.count() + statements.count()
    if left:
        notes.append(f"{left} rijen bleven staan: een jongere correctie verwijst ernaar")
    count -= left
    return count, notes


def _audit_events(municipality, months, today, dry_run):
    if dry_run:
        return audit_retention.expired_events(municipality=municipality, months=months).count(), []
    return audit_retention.audit_events_purge(municipality=municipality, months=months), []


_HANDLERS = {
    "check_ins": ("check_ins_months", _check_ins, "deleted"),
    "closed_trajectories": ("closed_trajectories_months", _closed_trajectories, "erased"),
    "departed_peer_workers": ("departed_peer_workers_months", _departed_peer_workers, "erased"),
    "hours": ("hours_months", _hours, "deleted"),
    "audit_events": ("audit_events_months", _audit_events, "deleted"),
}


def retention_run(
    *, now: datetime.datetime | None = None, dry_run: bool = False, municipality=None
) -> list[RetentionLine]:
    """Apply every municipality's terms (or one municipality's). Each category of each municipality is
    its own transaction, with one audit event saying what went (counts only)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    municipalities = [municipality] if municipality is not None else list(Municipality.objects.all())
    lines = []
    for muni in municipalities:
        policy = policy_for(muni)
        for category in CATEGORIES:
            attr, handler, verb = _HANDLERS[category]
            months = getattr(policy, attr)
            try:
                with transaction.atomic():
                    count, notes = handler(muni, months, today, dry_run)
                    if not dry_run and count:
                        audit_record(
                            action=AuditAction.RETENTION,
                            municipality=muni,
                            object_type=category,
                            object_repr=f"{category}: {count}",
                            details={"category": category, "count": count, "months": months},
                        )
            except ValidationError as exc:
                count, notes, verb = 0, exc.messages, "refused"
            lines.append(
                RetentionLine(
                    municipality=muni.slug,
                    category=category,
                    months=months,
                    cutoff=_cutoff(today, months),
                    count=count,
                    action=("would " + verb.replace("deleted", "delete").replace("erased", "erase"))
                    if dry_run
                    else verb,
                    notes=notes,
                )
            )
    return lines
