from ervaringswerk.accounts.permissions import has_tenant
from ervaringswerk.core.tenancy import Role, Viewer


def can_view_my_work(viewer: Viewer) -> bool:
    return has_tenant(viewer) and viewer.has_role(Role.PEER_WORKER)


def can_view_reference_data(viewer: Viewer) -> bool:
    return has_tenant(viewer)
