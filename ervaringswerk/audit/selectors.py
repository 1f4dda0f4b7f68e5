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
