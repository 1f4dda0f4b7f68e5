"""Availability "now": a pure function of the profile's boundaries, today's date and the current load.

Not available when: left; paused (status or the peer worker's own pause covering today); no hours
available; committed hours reach the weekly hours; or committed residents reach the maximum (when the
peer worker takes residents at all) or exceed it.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .constants import PeerStatus

ZERO = Decimal("0")


@dataclass(frozen=True)
class PeerLoad:
    """What the deployment app reports a peer worker is committed to (hours per week, residents)."""

    hours: Decimal = ZERO
    residents: int = 0


NO_LOAD = PeerLoad()


@dataclass(frozen=True)
class Availability:
    effective_status: str
    available: bool
    reason: str
    hours_committed: Decimal
    hours_left: Decimal
    residents_committed: int
    residents_left: int

    @property
    def hours_used_percent(self) -> int:
        total = self.hours_committed + self.hours_left
        return int(self.hours_committed * 100 / total) if total else 0


def self_paused(pause_start, pause_end, day: datetime.date) -> bool:
    if pause_start is None or pause_start > day:
        return False
    return pause_end is None or pause_end >= day


def effective_status(status: str, pause_start, pause_end, day: datetime.date) -> str:
    if status == PeerStatus.LEFT:
        return PeerStatus.LEFT
    if status == PeerStatus.PAUSED or self_paused(pause_start, pause_end, day):
        return PeerStatus.PAUSED
    return PeerStatus.ACTIVE


def availability(
    *,
    status: str,
    pause_start,
    pause_end,
    weekly_hours,
    max_residents: int,
    load=None,
    day: datetime.date,
) -> Availability:
    load = load or NO_LOAD
    hours = Decimal(weekly_hours or 0)
    committed = Decimal(getattr(load, "hours", ZERO) or 0)
    residents = int(getattr(load, "residents", 0) or 0)
    state = effective_status(status, pause_start, pause_end, day)
    hours_left = max(hours - committed, ZERO)
    residents_left = max(max_residents - residents, 0)
    reason = ""
    if state == PeerStatus.LEFT:
        reason = _("Vertrokken")
    elif state == PeerStatus.PAUSED:
        if status != PeerStatus.PAUSED and pause_end:
            reason = _("Pauze tot en met %(date)s") % {"date": date_format(pause_end, "j F Y")}
        else:
            reason = _("Gepauzeerd")
    elif hours <= 0:
        reason = _("Geen uren beschikbaar")
    elif committed >= hours:
        reason = _("Uren vol")
    elif residents > max_residents or (max_residents > 0 and residents >= max_residents):
        reason = _("Maximum aantal bewoners bereikt")
    return Availability(
        effective_status=state,
        available=not reason,
        reason=reason,
        hours_committed=committed,
        hours_left=hours_left,
        residents_committed=residents,
        residents_left=residents_left,
    )


def active_load(*, municipality_id) -> dict:
    """Current load per peer worker id, from the deployment app (imported lazily: it builds on the pool).

    Contract: `ervaringswerk.deployment.selectors.active_load_by_peer(*, municipality_id)` returns
    {peer_id: Load(hours: Decimal, residents: int)}; peer workers without load are absent.
    """
    try:
        from ervaringswerk.deployment.selectors import active_load_by_peer
    except ImportError:  # the deployment app has not published its load yet
        return {}
    return active_load_by_peer(municipality_id=municipality_id)
