import datetime

from django.db.models import Q, QuerySet

from ervaringswerk.core.tenancy import Role, Viewer

from .models import AuditEvent


def audit_event_list(
    *, viewer: Viewer, action: str | None = None, query: str | None = None
) -> QuerySet[AuditEvent]:
    """Platform administrators see all tenants; a municipality's administrator its municipality;
    a coordinator only what happened in or to their own organisation's work."""
    qs = AuditEvent.objects.select_related(None)
    if not viewer.is_platform_admin:
        qs = qs.filter(municipality_id=viewer.municipality_id)
        if viewer.role == Role.COORDINATOR:
            qs = qs.filter(organisation_id=viewer.organisation_id)
    if action:
        qs = qs.filter(action=action)
    if query:
        qs = qs.filter(
            Q(actor_username__icontains=query) | Q(object_repr__icontains=query) | Q(object_id=query)
        )
    return qs.order_by("-timestamp")


def audit_recent_count(
    *,
    action: str,
    since: datetime.datetime,
    object_type: str = "",
    object_ids: list[str] | None = None,
    ip_address: str | None = None,
) -> int:
    """How many events of one kind since a moment, for one set of objects or one client address (the
    system's own limits, e.g. reset mails per hour; not a page: nobody's view of the log)."""
    qs = AuditEvent.objects.filter(action=action, timestamp__gte=since)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if object_ids is not None:
        qs = qs.filter(object_id__in=object_ids)
    if ip_address is not None:
        qs = qs.filter(ip_address=ip_address)
    return qs.count()
