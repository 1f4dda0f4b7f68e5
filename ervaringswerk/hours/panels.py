"""The hours panel on "Mijn werk": the peer worker's hours this week against what was agreed, and for a
coordinator (should the page ever show them panels) the entries waiting for review."""

from django.utils import timezone

from .models import EntryStatus
from .permissions import can_review_hours
from .selectors import own_entries, waiting_for_review, week_minutes


def my_work(request, peer) -> list[tuple[str, dict]]:
    viewer = request.viewer
    if can_review_hours(viewer):
        return [("hours/my_hours_panel.html", {"review": True, "waiting": waiting_for_review(viewer=viewer)})]
    if peer is None:
        return []
    minutes = week_minutes(peer=peer, day=timezone.localdate())
    return [
        (
            "hours/my_hours_panel.html",
            {
                "review": False,
                "week_hours": round(minutes / 60, 2),
                "agreed": peer.weekly_hours,
                "returned": own_entries(viewer=viewer).filter(status=EntryStatus.RETURNED).count(),
            },
        )
    ]
