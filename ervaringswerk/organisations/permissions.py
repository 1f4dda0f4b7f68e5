from ervaringswerk.accounts.permissions import has_tenant


def can_view_organisations(viewer) -> bool:
    """Who works with whom is not personal data: every member of the municipality may see it."""
    return has_tenant(viewer)
