"""Recurrence: from an activity's rule to the dates and local times of its sessions.

Pure Python (dateutil's rrule for the calendar arithmetic, zoneinfo for the clock), no Django, so it is
tested on its own. The rule works on *local* dates and wall-clock times in Europe/Amsterdam: a group at
19:00 stays at 19:00 after the change to or from summer time, because each date is turned into an aware
datetime on its own (never by adding 7 × 24 hours to the previous UTC instant).

Frequencies
- once:    one date.
- weekly:  every `interval` weeks on `weekdays` (default: the start date's weekday); interval 2 = every
           two weeks, 6 = every six weeks.
- monthly: every `interval` months on the same n-th weekday as the start date (the 2nd Tuesday stays the
           2nd Tuesday); a start date in the 5th week of its month means "the last <weekday>".
- custom:  exactly the listed dates.
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import MONTHLY, WEEKLY, rrule, weekday

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
MAX_OCCURRENCES = 400  # a guard: no rule ever produces more sessions than this in one go

ONCE, WEEKLY_FREQ, MONTHLY_FREQ, CUSTOM = "once", "weekly", "monthly", "custom"


@dataclass(frozen=True)
class Rule:
    frequency: str
    start_date: date
    start_time: time
    duration: timedelta
    interval: int = 1
    weekdays: tuple[int, ...] = ()  # 0 = Monday ... 6 = Sunday
    end_date: date | None = None
    custom_dates: tuple[date, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Occurrence:
    date: date
    starts_at: datetime  # aware, in the rule's time zone
    ends_at: datetime


def local_datetime(day: date, at: time, tz: ZoneInfo = AMSTERDAM) -> datetime:
    """`day` at wall-clock time `at` in `tz`.

    A time that does not exist (02:30 on the night clocks go forward) moves forward by the gap (03:30);
    a time that exists twice (02:30 on the night clocks go back) is the first of the two.
    """
    naive = datetime.combine(day, at)
    aware = naive.replace(tzinfo=tz, fold=0)
    # Round-tripping through UTC normalises a non-existent wall-clock time to the real instant.
    return aware.astimezone(UTC).astimezone(tz)


def _nth_weekday(day: date) -> weekday:
    n = (day.day - 1) // 7 + 1
    return weekday(day.weekday(), -1 if n == 5 else n)


def occurrence_dates(rule: Rule, *, until: date) -> list[date]:
    """The local dates of the rule from its start up to and including `until` (and its own end date)."""
    last = min(until, rule.end_date) if rule.end_date else until
    if rule.frequency == CUSTOM:
        return sorted({d for d in rule.custom_dates if d <= last})[:MAX_OCCURRENCES]
    if rule.start_date > last:
        return []
    if rule.frequency == ONCE:
        return [rule.start_date]
    interval = max(1, int(rule.interval or 1))
    start = datetime.combine(rule.start_date, time(0, 0))
    end = datetime.combine(last, time(0, 0))
    if rule.frequency == WEEKLY_FREQ:
        days = tuple(sorted(set(rule.weekdays))) or (rule.start_date.weekday(),)
        dates = rrule(WEEKLY, interval=interval, byweekday=days, dtstart=start, until=end, wkst=0)
    elif rule.frequency == MONTHLY_FREQ:
        dates = rrule(
            MONTHLY, interval=interval, byweekday=_nth_weekday(rule.start_date), dtstart=start, until=end
        )
    else:
        raise ValueError(f"Unknown frequency: {rule.frequency}")
    result = []
    for moment in dates:
        result.append(moment.date())
        if len(result) >= MAX_OCCURRENCES:
            break
    return result


def occurrence_for(day: date, at: time, duration: timedelta, tz: ZoneInfo = AMSTERDAM) -> Occurrence:
    starts_at = local_datetime(day, at, tz)
    # The end is wall-clock too (19:00 + 2 h = 21:00 local), unless that falls before the start.
    ends_at = local_datetime(*_split(datetime.combine(day, at) + duration), tz)
    if ends_at <= starts_at:
        ends_at = (starts_at.astimezone(UTC) + duration).astimezone(tz)
    return Occurrence(date=day, starts_at=starts_at, ends_at=ends_at)


def minutes_between(start: datetime, end: datetime) -> int:
    """Real elapsed minutes (aware datetimes with one tzinfo subtract as wall-clock times in Python)."""
    return int((end.astimezone(UTC) - start.astimezone(UTC)).total_seconds() // 60)


def _split(moment: datetime) -> tuple[date, time]:
    return moment.date(), moment.time()


def occurrences(rule: Rule, *, until: date, tz: ZoneInfo = AMSTERDAM) -> list[Occurrence]:
    return [
        occurrence_for(day, rule.start_time, rule.duration, tz) for day in occurrence_dates(rule, until=until)
    ]
