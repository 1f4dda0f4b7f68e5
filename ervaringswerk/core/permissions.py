from ervaringswerk.accounts.models import Role
from ervaringswerk.accounts.permissions import has_tenant


def can_view_my_work(viewer) -> bool:
    return has_tenant(viewer) and viewer.has_role(Role.PEER_WORKER)


def can_view_reference_data(viewer) -> bool:
    return has_tenant(viewer)
