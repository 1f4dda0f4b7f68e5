from typing import Any

from ervaringswerk.core.permissions import has_tenant
from ervaringswerk.core.tenancy import Role, Viewer


def can_manage_webhooks(viewer: Viewer, obj: Any = None) -> bool:
    """A municipality's own administrator subscribes its systems to events and reads the delivery log.
    The platform's host does not (it is a municipality's choice which of its systems hear what)."""
    if not (has_tenant(viewer) and viewer.has_role(Role.ADMINISTRATOR)):
        return False
    return obj is None or obj.municipality_id == viewer.municipality_id
