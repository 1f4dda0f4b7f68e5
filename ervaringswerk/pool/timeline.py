"""The growth path over time as plain data for a small SVG chart plus an ordered list (no JavaScript).

The chart is decoration for sighted users; the list under it carries the same facts for everyone.
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from ervaringswerk.core.reference import ParticipationRung

from .constants import GoalStatus

WIDTH, HEIGHT = 640, 230
LEFT, RIGHT, TOP, BOTTOM = 34, 16, 14, 44  # margins
LANE_Y = HEIGHT - 18  # trainings and goals sit on a lane under the axis


@dataclass(frozen=True)
class Event:
    date: datetime.date
    kind: str  # ladder, training, goal, joined, left
    label: str
    note: str = ""
    rung: int | None = None


@dataclass(frozen=True)
class Marker:
    x: float
    y: float
    kind: str
    title: str

    @property
    def diamond(self) -> str:
        x, y = self.x, self.y
        return f"M{x},{y - 6} L{x + 6},{y} L{x},{y + 6} L{x - 6},{y} Z"


def path_events(*, peer, steps, trainings, goals) -> list[Event]:
    events = []
    if peer.joined_on:
        events.append(Event(peer.joined_on, "joined", _("In de pool gekomen")))
    for step in steps:
        label = str(ParticipationRung(step.rung).label)
        events.append(Event(step.date, "ladder", label, step.note, rung=step.rung))
    for training in trainings:
        if training.completed_on:
            events.append(
                Event(training.completed_on, "training", _("Training afgerond: %s") % training.name)
            )
        elif training.started_on:
            events.append(Event(training.started_on, "training", _("Training gestart: %s") % training.name))
    for goal in goals:
        if goal.status == GoalStatus.ACHIEVED and goal.achieved_on:
            events.append(Event(goal.achieved_on, "goal", _("Doel bereikt: %s") % goal.title))
    if peer.left_on:
        events.append(Event(peer.left_on, "left", _("Vertrokken uit de pool")))
    return sorted(events, key=lambda e: (e.date, e.kind))


def path_chart(*, events: list[Event], today: datetime.date) -> dict | None:
    """Coordinates for the SVG: a step line of the ladder rung over time, markers for other events."""
    if not events:
        return None
    start = min(e.date for e in events)
    end = max(today, max(e.date for e in events))
    span = max((end - start).days, 1)
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day):
        return round(LEFT + (day - start).days / span * inner_w, 1)

    def y(rung):
        return round(TOP + (6 - rung) / 5 * inner_h, 1)

    points: list[tuple[float, float]] = []
    markers: list[Marker] = []
    for event in events:
        if event.kind == "ladder":
            rung = event.rung or 1
            if points:
                points.append((x(event.date), points[-1][1]))
            points.append((x(event.date), y(rung)))
            markers.append(Marker(x(event.date), y(rung), "ladder", f"{event.date:%d-%m-%Y}: {event.label}"))
        else:
            markers.append(Marker(x(event.date), LANE_Y, event.kind, f"{event.date:%d-%m-%Y}: {event.label}"))
    if points:
        points.append((x(end), points[-1][1]))
    years = [
        {"x": x(datetime.date(year, 1, 1)), "label": str(year)}
        for year in range(start.year + (start.month > 1 or start.day > 1), end.year + 1)
    ]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "axis_y": HEIGHT - BOTTOM,
        "points": " ".join(f"{px},{py}" for px, py in points),
        "markers": markers,
        "rungs": [{"y": y(r), "label": str(r)} for r in range(1, 7)],
        "years": years,
        "start": start,
        "end": end,
    }
