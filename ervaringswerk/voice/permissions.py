"""Who may hand out the experience survey: the people who work with the resident or run the activity.

Answering needs no login at all (the one-time code is the only key). Reading the answers is only ever
in aggregate, in monitoring, under the residents' small-number rule.
"""

from typing import TYPE_CHECKING, Any

from ervaringswerk.activities.permissions import can_manage_activity
from ervaringswerk.outcomes.permissions import can_view_trajectory

if TYPE_CHECKING:
    from ervaringswerk.accounts.viewer import Viewer


def can_hand_out_for_trajectory(viewer: "Viewer", trajectory: Any = None) -> bool:
    return can_view_trajectory(viewer, trajectory)


def can_hand_out_for_activity(viewer: "Viewer", activity: Any = None) -> bool:
    """The organisers, and the peer workers who facilitate it (they are there with the residents)."""
    if can_manage_activity(viewer, activity):
        return True
    if activity is None or viewer.municipality_id is None:
        return False
    return (
        activity.municipality_id == viewer.municipality_id
        and activity.peer_facilitators.filter(user_id=getattr(viewer.user, "pk", None)).exists()
    )
