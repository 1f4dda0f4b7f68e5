"""Erasure (GDPR art. 17) of a peer worker and of a resident's trajectory.

Personal fields and free text are replaced by a pseudonym or emptied; lived experience and check-ins
are deleted; hours and issued statements stay (fiscal retention, 7 years) under the pseudonym; the
audit log keeps the event, described without a name (audit/describe.py). Writes across apps happen
here only, on purpose: erasure must reach every table, and one service can be tested to do so.
"""

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ervaringswerk.audit.describe import short_id
from ervaringswerk.audit.models import AuditAction
from ervaringswerk.audit.services import audit_record
from ervaringswerk.core.tenancy import Viewer
from ervaringswerk.pool.constants import PeerStatus
from ervaringswerk.pool.models import CheckIn, PeerExperience, PeerWorker

from .models import (
    DEFAULT_TERMS,
    MINIMUM_AUDIT_MONTHS,
    MINIMUM_HOURS_MONTHS,
    Erasure,
    ErasureKind,
    RetentionPolicy,
)
from .permissions import can_erase_peer_worker, can_erase_trajectory, can_set_retention

ERASED_TEXT = "[gewist]"
# Codes that are already pseudonymous, or numbers, and stay: they carry no personal data themselves.
_KEEP_TEXT = {
    "resident_code",
    "code",
    "number",
    "status",
    "kind",
    "work_kind",
    "moment",
    "instrument",
    "item",
}


# Issued hire-out statements are fiscal documents that never change after issue (hours migration 0003
# refuses UPDATE on PostgreSQL): they stay as issued for the fiscal term and go by retention.
ISSUED_DOCUMENTS = {"hours.hireoutline", "hours.hireoutstatement"}


def peer_pseudonym(peer) -> str:
    return f"EW-{short_id(peer.pk).upper()}"


def _blank_free_text(model, qs) -> list[str]:
    """Empty every free-text field of these rows (required ones get ERASED_TEXT). Returns field names."""
    changes = {}
    for field in model._meta.concrete_fields:
        if not isinstance(field, models.CharField | models.TextField) or field.choices:
            continue
        if field.name in _KEEP_TEXT or field.primary_key:
            continue
        changes[field.name] = "" if field.blank else ERASED_TEXT
    if changes:
        # A queryset update: these rows may be locked for normal edits (approved hours, issued lines).
        qs.update(**changes)
    return sorted(changes)


def peer_worker_erase_refusal(peer) -> str | None:
    """Why this peer worker cannot be erased now, in Dutch, or None."""
    if Erasure.objects.filter(kind=ErasureKind.PEER_WORKER, object_id=peer.pk).exists():
        return _("De gegevens van deze ervaringsdeskundige zijn al gewist.")
    assignment = apps.get_model("deployment", "Assignment")
    if assignment.objects.filter(peer=peer, status__in=["matched", "active"]).exists():
        return _(
            "Er loopt nog een inzet met deze ervaringsdeskundige. Rond die eerst af: zolang de inzet loopt "
            "zijn de afspraken en uren nodig."
        )
    entry = apps.get_model("hours", "TimeEntry")
    if entry.objects.filter(peer=peer, status="submitted").exists():
        return _(
            "Er staan nog ingediende uren open. Keur ze eerst goed of geef ze terug: uren moeten 7 jaar "
            "bewaard blijven (fiscale bewaarplicht) en kunnen pas daarna onder een pseudoniem verder."
        )
    return None


@transaction.atomic
def peer_worker_erase(*, viewer: Viewer, peer: PeerWorker, by_retention: bool = False) -> Erasure:
    """Erase a peer worker: pseudonym for every personal field, experiences and check-ins deleted,
    hours and issued statements kept under the pseudonym."""
    if not by_retention and not can_erase_peer_worker(viewer, peer):
        raise PermissionDenied
    peer = PeerWorker.objects.select_for_update().get(pk=peer.pk)
    refusal = peer_worker_erase_refusal(peer)
    if refusal:
        raise ValidationError(refusal)
    pseudonym = peer_pseudonym(peer)
    counts = {
        "experiences": PeerExperience.objects.filter(peer=peer).count(),
        "check_ins": CheckIn.objects.filter(peer=peer).count(),
    }
    PeerExperience.objects.filter(peer=peer).delete()
    CheckIn.objects.filter(peer=peer).delete()
    from .selectors import peer_linked_models

    blanked = {}
    for model, fk in peer_linked_models():
        if model in (PeerExperience, CheckIn) or model._meta.label_lower in ISSUED_DOCUMENTS:
            continue
        qs = model.objects.filter(**{fk: peer})
        if not qs.exists():
            continue
        blanked[model._meta.label_lower] = _blank_free_text(model, qs)
    assignments = apps.get_model("deployment", "Assignment").objects.filter(peer=peer)
    for label in ("deployment.Agreement", "deployment.AgreementVersion"):
        model = apps.get_model(label)
        key = "assignment__in" if label.endswith("Agreement") else "agreement__assignment__in"
        qs = model.objects.filter(**{key: assignments})
        if qs.exists():
            blanked[model._meta.label_lower] = _blank_free_text(model, qs)
    login = peer.user
    peer.first_name = _("Ervaringsdeskundige")
    peer.last_name = pseudonym
    for field in ("email", "phone", "cultural_background", "gender", "wishes_note", "pause_note"):
        setattr(peer, field, "")
    for field in (
        "languages",
        "kinds",
        "task_areas",
        "peer_roles",
        "available_days",
        "excluded_themes",
        "prefers",
    ):
        setattr(peer, field, [])
    peer.education_level = ""
    peer.register_since = None
    peer.pause_start = peer.pause_end = None
    peer.status = PeerStatus.LEFT
    peer.left_on = peer.left_on or timezone.localdate()
    peer.user = None
    peer.save()
    peer.neighbourhoods.clear()
    if login is not None:
        # The login goes: a username is often a name. Past audit events keep their username snapshot
        # for the audit log's own retention term (NEN 7513; docs/privacy.md explains why).
        login.delete()
    erasure = Erasure.objects.create(
        municipality_id=peer.municipality_id,
        kind=ErasureKind.PEER_WORKER,
        object_id=peer.pk,
        pseudonym=pseudonym,
        by_retention=by_retention,
    )
    audit_record(
        action=AuditAction.ERASE,
        obj=peer,
        viewer=None if by_retention else viewer,
        details={"deleted": counts, "emptied": blanked, "by_retention": by_retention},
    )
    return erasure


def trajectory_pseudonym(trajectory) -> str:
    return f"GW-{short_id(trajectory.pk).upper()}"


def trajectory_erase_refusal(trajectory) -> str | None:
    if Erasure.objects.filter(kind=ErasureKind.TRAJECTORY, object_id=trajectory.pk).exists():
        return _("Dit traject is al gewist.")
    if trajectory.end_date is None:
        return _("Een lopend traject kan niet worden gewist. Sluit het traject eerst af.")
    return None


@transaction.atomic
def trajectory_erase(*, viewer: Viewer, trajectory, by_retention: bool = False) -> Erasure:
    """Erase a resident's trajectory: a new pseudonym, no professional or peer worker linked, the
    measurements (health data) deleted. Dates, age band and neighbourhood stay as an anonymous count
    for the municipality's figures."""
    trajectory_model = apps.get_model("outcomes", "Trajectory")
    if not by_retention and not can_erase_trajectory(viewer, trajectory):
        raise PermissionDenied
    trajectory = trajectory_model.objects.select_for_update().get(pk=trajectory.pk)
    refusal = trajectory_erase_refusal(trajectory)
    if refusal:
        raise ValidationError(refusal)
    measurement = apps.get_model("outcomes", "Measurement")
    change = apps.get_model("outcomes", "OutcomeChange")
    counts = {
        "measurements": measurement.objects.filter(trajectory=trajectory).count(),
        "changes": change.objects.filter(trajectory=trajectory).count(),
    }
    measurement.objects.filter(trajectory=trajectory).delete()
    change.objects.filter(trajectory=trajectory).delete()
    pseudonym = trajectory_pseudonym(trajectory)
    trajectory.code = pseudonym
    trajectory.professional = None
    trajectory.peer_worker = None
    trajectory.save()
    erasure = Erasure.objects.create(
        municipality_id=trajectory.municipality_id,
        kind=ErasureKind.TRAJECTORY,
        object_id=trajectory.pk,
        pseudonym=pseudonym,
        by_retention=by_retention,
    )
    audit_record(
        action=AuditAction.ERASE,
        obj=trajectory,
        viewer=None if by_retention else viewer,
        details={"deleted": counts, "by_retention": by_retention},
    )
    return erasure


# --- retention terms ------------------------------------------------------------------------------

# Per category: (lowest, highest) in months. The lowest is the legal or documented minimum: hours and
# issued statements 7 years (fiscal, art. 52 AWR), the audit log 12 months (also a database check).
RETENTION_LIMITS = {
    "check_ins_months": (1, 240),
    "closed_trajectories_months": (1, 240),
    "departed_peer_workers_months": (1, 240),
    "audit_events_months": (MINIMUM_AUDIT_MONTHS, 360),
    "hours_months": (MINIMUM_HOURS_MONTHS, 360),
}


def _retention_refusal(name: str, months) -> str | None:
    lowest, highest = RETENTION_LIMITS[name]
    if not isinstance(months, int) or isinstance(months, bool):
        return _("Vul een aantal maanden in (een heel getal).")
    if months < lowest:
        if name == "hours_months":
            return _(
                "Uren en urenstaten moeten minstens 7 jaar (84 maanden) bewaard blijven: dat is de fiscale "
                "bewaarplicht (artikel 52 AWR). Een kortere termijn kan niet."
            )
        if name == "audit_events_months":
            return _(
                "Het auditlog moet minstens 12 maanden bewaard blijven, zodat later na te gaan is wie wat "
                "heeft gezien of gewijzigd. Een kortere termijn kan niet."
            )
        return _("Een bewaartermijn is minstens 1 maand.")
    if months > highest:
        return _("Een bewaartermijn is hoogstens %(n)s maanden.") % {"n": highest}
    return None


@transaction.atomic
def retention_policy_update(*, viewer: Viewer, municipality, **terms) -> RetentionPolicy:
    """Set a municipality's retention terms (its administrator, /beheer/instellingen/). Refuses, in Dutch
    and per category, a term under its legal minimum; nothing is saved when any term is refused. The
    change is audited (a RetentionPolicy is a tenant row: created or changed fields, never values
    that are personal data, since there are none here)."""
    if not can_set_retention(viewer) or viewer.municipality_id != municipality.pk:
        raise PermissionDenied(_("Alleen de beheerder van deze gemeente stelt haar bewaartermijnen in."))
    unknown = set(terms) - set(RETENTION_LIMITS)
    if unknown:
        raise TypeError(f"Unknown retention terms: {sorted(unknown)}")
    errors = {
        name: refusal for name, months in terms.items() if (refusal := _retention_refusal(name, months))
    }
    if errors:
        raise ValidationError(errors)
    policy = RetentionPolicy.objects.select_for_update().filter(municipality=municipality).first()
    if policy is None:
        return RetentionPolicy.objects.create(municipality=municipality, **{**DEFAULT_TERMS, **terms})
    changed = [name for name, months in terms.items() if getattr(policy, name) != months]
    for name in changed:
        setattr(policy, name, terms[name])
    if changed:
        policy.full_clean()
        policy.save(update_fields=[*changed, "updated_at"])
    return policy
