"""iCalendar (RFC 5545) for the public agenda, built with the `icalendar` package.

Each session is one VEVENT with a stable UID (its id), times in UTC, SEQUENCE raised on every change, and
STATUS:CANCELLED for a cancelled session (calendar apps then strike it through). No person is named.
"""

from datetime import UTC

from icalendar import Calendar, Event

from .models import SessionStatus


def _description(session) -> str:
    activity = session.activity
    lines = [activity.description.strip()] if activity.description.strip() else []
    organisers = ", ".join(o.name for o in activity.organisers.all())
    if organisers:
        lines.append(f"Organisatie: {organisers}")
    if session.status == SessionStatus.CANCELLED and session.cancel_reason:
        lines.append(f"Vervalt: {session.cancel_reason}")
    return "\n\n".join(lines)


def sessions_to_ical(sessions, *, name: str, url: str = "") -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Ervaringswerk//Publieke agenda//NL")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Amsterdam")
    for session in sessions:
        activity = session.activity
        event = Event()
        event.add("uid", f"{session.pk}@ervaringswerk")
        event.add("dtstamp", session.updated_at.astimezone(UTC))
        event.add("dtstart", session.starts_at.astimezone(UTC))
        event.add("dtend", session.ends_at.astimezone(UTC))
        cancelled = session.status == SessionStatus.CANCELLED
        event.add("summary", f"Vervalt: {activity.title}" if cancelled else activity.title)
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        event.add("sequence", session.sequence)
        place = session.place or activity.place
        if place:
            event.add("location", place)
        event.add("description", _description(session))
        event.add("categories", [str(activity.get_kind_display())])
        if url:
            event.add("url", url)
        calendar.add_component(event)
    return calendar.to_ical()
