from ervaringswerk.core.tenancy import Role

from .navigation import items_for


def navigation(request):
    viewer = getattr(request, "viewer", None)
    if viewer is None:
        return {}
    role = viewer.role if viewer.is_authenticated else None
    return {
        "viewer": viewer,
        "viewer_role_label": Role(role).label if role else "",
        "nav_items": items_for(viewer, request.path),
    }
