"""The one place where facilitation time becomes hours in the hours app.

A held session records, per facilitator, the minutes they worked (session length plus preparation and
aftercare). When the activity belongs to a programme, a peer facilitator's time is booked through
`hours.services.time_entry_create` once: the entry's id is kept on the facilitator row, and the booking
carries a key derived from that row, so saving the attendance again (or a retry after a crash) never books
twice. When the hours rules refuse the booking (a locked month, a closed or exhausted programme), the
session is still recorded: the facilitator row stays "recorded" with the reason, and
`facilitation_book_pending` tries again later.
"""

import uuid

from django.core.exceptions import ValidationError
from django.utils import timezone

from .models import ActivityKind

# Which kind of hours a facilitator's time is, by kind of activity.
WORK_KIND_BY_ACTIVITY = {
    ActivityKind.RECOVERY_GROUP: "group",
    ActivityKind.THEME_MEETING: "group",
    ActivityKind.WALK_IN: "group",
    ActivityKind.PEER_COMMUNITY: "group",
    ActivityKind.TRAINING: "training_given",
    ActivityKind.LEARNING_SESSION: "training_given",
    ActivityKind.EVALUATION: "consultation",
    # Sessions for the peer workers themselves: their time there is supervision/intervision received.
    ActivityKind.SUPERVISION: "supervision",
    ActivityKind.INTERVISION: "supervision",
    ActivityKind.PEER_TRAINING: "supervision",
}
# Keys of facilitation bookings live in their own namespace, so they never meet a form's keys.
FACILITATION_NAMESPACE = uuid.UUID("0b7e6a2c-3f4d-4e0a-9c51-7d2f9a8e6b13")


def work_kind_for(activity) -> str:
    return WORK_KIND_BY_ACTIVITY.get(activity.kind, "other")


def submission_key(facilitator) -> uuid.UUID:
    return uuid.uuid5(FACILITATION_NAMESPACE, str(facilitator.pk))


def can_book(facilitator) -> bool:
    return facilitator.peer_id is not None and facilitator.session.activity.programme_id is not None


def _reason(exc: ValidationError) -> str:
    messages = []
    for message in exc.messages:
        if message not in messages:
            messages.append(message)
    return " ".join(str(m) for m in messages)[:300]


def book(*, facilitator, minutes: int, actor=None):
    """Book one peer facilitator's session as a time entry. Returns the entry, or None when there is
    nothing to book or the hours rules refuse it; the refusal's reason is left on `facilitator.hours_problem`
    for the caller to save."""
    from ervaringswerk.hours.services import time_entry_create

    facilitator.hours_problem = ""
    if not can_book(facilitator) or not minutes:
        return None
    session = facilitator.session
    activity = session.activity
    try:
        return time_entry_create(
            peer=facilitator.peer,
            programme=activity.programme,
            activity=activity,
            day=timezone.localtime(session.starts_at).date(),
            minutes=minutes,
            work_kind=work_kind_for(activity),
            description=f"{activity.get_kind_display()}: {activity.title}"[:300],
            composed_description=True,
            submission_key=submission_key(facilitator),
            actor=actor,
        )
    except ValidationError as exc:
        # time_entry_create is atomic on its own, so the refusal rolls back only the booking.
        facilitator.hours_problem = _reason(exc)
        return None
