"""The "Mijn werk" panel: my next sessions and my intervision/supervision status."""

from django.utils import timezone

from .selectors import my_sessions, peer_development_status


def my_work(request, peer):
    sessions = my_sessions(viewer=request.viewer, start=timezone.now(), limit=5)
    development = peer_development_status(peer=peer)
    return [("activities/panel_my_work.html", {"sessions": sessions, "development": development})]
