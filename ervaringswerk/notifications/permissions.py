from ervaringswerk.accounts.permissions import has_tenant
from ervaringswerk.core.tenancy import Viewer


def can_view_notifications(viewer: Viewer) -> bool:
    """Everyone with a role in a municipality has their own notifications."""
    return has_tenant(viewer)
