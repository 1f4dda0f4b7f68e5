"""The one door for audit events."""

from django.db import models

from . import context as audit_context
from .models import AuditAction, AuditEvent


def _actor_fields(viewer) -> dict:
    if viewer is None or not getattr(viewer, "is_authenticated", False):
        return {}
    organisation = viewer.organisation
    return {
        "actor": viewer.user,
        "actor_username": viewer.user.get_username(),
        "organisation": organisation,
        "organisation_name": organisation.name if organisation else "",
        "role": viewer.role or "",
    }


def audit_record(
    *,
    action: str,
    obj: models.Model | None = None,
    viewer=None,
    municipality=None,
    changed_fields: list[str] | None = None,
    object_type: str = "",
    object_repr: str = "",
) -> AuditEvent | None:
    """Write one audit event. The viewer defaults to the one bound to the current request or command."""
    ctx = audit_context.current()
    if ctx is not None and ctx.channel == "suppressed":
        return None
    if viewer is None and ctx is not None:
        viewer = ctx.viewer
    if municipality is None and obj is not None:
        municipality = getattr(obj, "municipality", None)
    if municipality is None and viewer is not None and getattr(viewer, "is_authenticated", False):
        municipality = viewer.municipality
    return AuditEvent.objects.create(
        municipality=municipality,
        action=action,
        object_type=object_type or (obj._meta.label_lower if obj is not None else ""),
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=(object_repr or (str(obj) if obj is not None else ""))[:200],
        changed_fields=sorted(changed_fields or []),
        ip_address=ctx.ip_address if ctx else None,
        path=ctx.path if ctx else "",
        channel=ctx.channel if ctx else "system",
        **_actor_fields(viewer),
    )


def audit_view(*, viewer, obj: models.Model) -> AuditEvent | None:
    """Record that a person's detail was read (page or API)."""
    return audit_record(action=AuditAction.VIEW, obj=obj, viewer=viewer)


def audit_export(*, viewer, object_type: str, description: str, municipality=None) -> AuditEvent | None:
    return audit_record(
        action=AuditAction.EXPORT,
        viewer=viewer,
        municipality=municipality,
        object_type=object_type,
        object_repr=description,
    )
