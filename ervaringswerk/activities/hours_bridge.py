"""The one place where facilitation time becomes hours in the hours app.

A held session records, per facilitator, the minutes they worked (session length plus preparation and
aftercare). When the activity belongs to a programme and the hours app offers its service, that
facilitation is booked as a time entry once; the entry's id is kept on the facilitator row, so saving the
attendance again never books twice. Until then it stays "recorded" and `facilitation_book_pending`
converts it later.
"""

from importlib import import_module


def time_entry_service():
    """The hours app's `time_entry_create`, or None while that app does not offer it."""
    try:
        module = import_module("ervaringswerk.hours.services")
    except ModuleNotFoundError:
        return None
    return getattr(module, "time_entry_create", None)


def can_book(facilitator) -> bool:
    activity = facilitator.session.activity
    return (
        facilitator.peer_id is not None
        and getattr(activity, "programme_id", None) is not None
        and time_entry_service() is not None
    )


def book(*, facilitator, minutes: int, actor=None):
    """Create the time entry for one facilitator's session; returns the entry (or None when not possible)."""
    service = time_entry_service()
    if service is None or not can_book(facilitator):
        return None
    session = facilitator.session
    return service(
        peer=facilitator.peer,
        programme=session.activity.programme,
        day=session.starts_at.astimezone().date(),
        minutes=minutes,
        description=f"{session.activity.get_kind_display()}: {session.activity.title}",
        actor=actor,
    )
