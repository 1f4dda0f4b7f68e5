"""What the beheer app adds to shared start pages: the onboarding checklist and the console's entry points."""

from django.urls import NoReverseMatch, resolve, reverse

from ervaringswerk.core.tenancy import Viewer

from .permissions import can_administer_municipality, can_create_municipality
from .selectors import onboarding_checklist


def _allowed(viewer: Viewer, url_name: str) -> str | None:
    """The item's address, when this viewer may open it (the page's own rule decides)."""
    try:
        path = reverse(url_name)
    except NoReverseMatch:
        return None
    rule = getattr(resolve(path).func, "permission_rule", None)
    return path if rule is None or rule(viewer) else None


def checklist_panel(request, *, pool_organisation_id=None):
    viewer = request.viewer
    if viewer.municipality_id is None:
        return []
    extra: dict = {}
    items = onboarding_checklist(
        municipality_id=viewer.municipality_id, pool_organisation_id=pool_organisation_id, out=extra
    )
    panels = []
    if not all(item.done for item in items):
        rows = [
            {"item": item, "url": None if item.done else _allowed(viewer, item.url_name)} for item in items
        ]
        done = sum(item.done for item in items)
        panels.append(("beheer/panel_checklist.html", {"rows": rows, "done": done, "total": len(items)}))
    if extra.get("uninvited"):
        panels.append(("beheer/panel_pool_invite.html", {"uninvited": extra["uninvited"]}))
    return panels


def admin_home(request):
    viewer = request.viewer
    panels = []
    if can_create_municipality(viewer):
        panels.append(("beheer/panel_platform.html", {}))
    if can_administer_municipality(viewer):
        panels.extend(checklist_panel(request))
        panels.append(("beheer/panel_console.html", {"municipality": viewer.municipality}))
    return panels


def coordinator_start(request):
    from .permissions import can_invite_pool

    viewer = request.viewer
    if not can_invite_pool(viewer):
        return checklist_panel(request)
    return checklist_panel(request, pool_organisation_id=viewer.organisation_id)
