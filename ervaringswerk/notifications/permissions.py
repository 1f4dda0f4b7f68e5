from ervaringswerk.accounts.permissions import has_tenant


def can_view_notifications(viewer) -> bool:
    """Everyone with a role in a municipality has their own notifications."""
    return has_tenant(viewer)
