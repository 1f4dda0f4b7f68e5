"""Reads for data subjects: everything held about a peer worker, and who looked at their file."""

import datetime
import uuid
from decimal import Decimal

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q, TextField
from django.db.models.functions import Cast

from ervaringswerk.audit.describe import describe
from ervaringswerk.audit.models import AuditAction, AuditEvent
from ervaringswerk.core.models import TenantModel
from ervaringswerk.core.tenancy import Viewer
from ervaringswerk.pool.models import PeerWorker
from ervaringswerk.pool.selectors import own_data

# Sections the pool's own export already covers (with the pool's own field choice).
_POOL_SECTIONS = {
    "pool.peerexperience",
    "pool.ladderstep",
    "pool.developmentgoal",
    "pool.training",
    "pool.checkin",
}
_SKIP_FIELDS = {"id", "municipality", "created_at", "updated_at"}


def _plain(value):
    if isinstance(value, datetime.date | datetime.time | datetime.timedelta | Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _row(obj, *, skip=()) -> dict:
    """All concrete fields of a row. Links to logins are shown as the login's description (a
    username), never a staff member's full name; links to other rows as that row's text."""
    user_model = get_user_model()
    row = {"id": str(obj.pk)}
    for field in obj._meta.concrete_fields:
        if field.name in _SKIP_FIELDS or field.name in skip:
            continue
        if field.is_relation:
            related_id = getattr(obj, field.attname)
            row[field.name] = str(related_id) if related_id is not None else None
            if related_id is not None and field.related_model not in (user_model, PeerWorker):
                row[f"{field.name}_label"] = str(getattr(obj, field.name))
        else:
            row[field.name] = _plain(getattr(obj, field.attname))
    return row


def peer_linked_models() -> list[tuple[type[models.Model], str]]:
    """Every model with a foreign key to PeerWorker (found, not listed, so a new one cannot be missed)."""
    found = []
    for model in apps.get_models():
        if not issubclass(model, TenantModel) or model is PeerWorker:
            continue
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is PeerWorker:
                found.append((model, field.name))
    return found


def erasable_peer_get(*, viewer: Viewer, pk) -> PeerWorker | None:
    """The peer worker of the viewer's municipality with this id (the erase rule then decides)."""
    if viewer.municipality_id is None:
        return None
    return PeerWorker.objects.filter(municipality_id=viewer.municipality_id, pk=pk).first()


def access_log(*, peer: PeerWorker, limit: int = 500):
    """Events in which somebody else read this peer worker's file or a list that held it."""
    pid = str(peer.pk)
    qs = (
        AuditEvent.objects.filter(municipality_id=peer.municipality_id)
        .annotate(details_text=Cast("details", TextField()))
        .filter(
            Q(object_id=pid, action__in=[AuditAction.VIEW, AuditAction.EXPORT])
            | Q(action=AuditAction.LIST, object_type="pool.peerworker", details_text__contains=pid)
        )
    )
    if peer.user_id:
        qs = qs.exclude(actor_id=peer.user_id)
    return qs.order_by("-timestamp")[:limit]


def access_log_rows(*, peer: PeerWorker) -> list[dict]:
    from ervaringswerk.core.tenancy import Role

    roles = dict(Role.choices)
    return [
        {
            "when": e.timestamp.isoformat(),
            "action": str(AuditAction(e.action).label),
            "role": str(roles.get(e.role, e.role or "")),
            "organisation": e.organisation_name,
            "channel": e.channel,
        }
        for e in access_log(peer=peer)
    ]


def subject_data(*, viewer: Viewer, peer: PeerWorker) -> dict:
    """Everything held about a peer worker, for the peer worker themself (GDPR art. 15 and 20)."""
    data = own_data(viewer=viewer, peer=peer)  # refuses anybody but the peer worker themself
    for model, fk in peer_linked_models():
        label = model._meta.label_lower
        if label in _POOL_SECTIONS:
            continue
        rows = model.objects.filter(municipality_id=peer.municipality_id, **{fk: peer})
        data[label] = [_row(obj, skip={fk}) for obj in rows]
    assignments = [row["id"] for row in data.get("deployment.assignment", [])]
    agreement_model = apps.get_model("deployment", "Agreement")
    version_model = apps.get_model("deployment", "AgreementVersion")
    data["deployment.agreement"] = [
        _row(a)
        for a in agreement_model.objects.filter(
            municipality_id=peer.municipality_id, assignment_id__in=assignments
        )
    ]
    data["deployment.agreementversion"] = [
        _row(v)
        for v in version_model.objects.filter(
            municipality_id=peer.municipality_id, agreement__assignment_id__in=assignments
        )
    ]
    session_ids = {
        row["session"]
        for key in ("activities.peerattendance", "activities.sessionfacilitator")
        for row in data.get(key, [])
    }
    session_model = apps.get_model("activities", "Session")
    data["activities.session"] = [
        {**_row(s), "activity_label": s.activity.title}
        for s in session_model.objects.filter(
            municipality_id=peer.municipality_id, pk__in=session_ids
        ).select_related("activity")
    ]
    activity_model = apps.get_model("activities", "Activity")
    data["activities.activity"] = [
        _row(a)
        for a in activity_model.objects.filter(municipality_id=peer.municipality_id, peer_facilitators=peer)
    ]
    data["who_viewed_my_file"] = access_log_rows(peer=peer)
    data["about_this_export"] = {
        "pseudonymous_description": describe(peer),
        "sections": sorted(k for k in data if k not in {"about_this_export"}),
    }
    return data
