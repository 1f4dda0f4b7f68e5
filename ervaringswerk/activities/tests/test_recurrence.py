"""Recurrence and Dutch public holidays: pure functions, no database."""

from datetime import date, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ervaringswerk.activities.holidays import dutch_public_holidays, holiday_name
from ervaringswerk.activities.recurrence import (
    AMSTERDAM,
    Rule,
    local_datetime,
    minutes_between,
    occurrence_dates,
    occurrences,
)


def weekly(start, at=time(19, 0), minutes=120, **kw):
    return Rule(
        frequency="weekly", start_date=start, start_time=at, duration=timedelta(minutes=minutes), **kw
    )


def test_weekly_group_stays_at_19_local_across_both_dst_changes():
    # 2026: summer time starts Sunday 29 March, ends Sunday 25 October.
    spring = occurrences(weekly(date(2026, 3, 17)), until=date(2026, 4, 7))
    assert [o.starts_at.strftime("%H:%M") for o in spring] == ["19:00"] * 4
    assert [o.starts_at.utcoffset() for o in spring] == [timedelta(hours=1)] * 2 + [timedelta(hours=2)] * 2
    # In UTC the group moves an hour earlier: proof we did not add 7 × 24 h to an instant.
    assert spring[1].starts_at.astimezone(AMSTERDAM).hour == spring[2].starts_at.astimezone(AMSTERDAM).hour
    assert minutes_between(spring[1].starts_at, spring[2].starts_at) == 7 * 24 * 60 - 60
    autumn = occurrences(weekly(date(2026, 10, 13)), until=date(2026, 11, 3))
    assert [o.starts_at.astimezone(AMSTERDAM).strftime("%H:%M") for o in autumn] == ["19:00"] * 4
    assert minutes_between(autumn[1].starts_at, autumn[2].starts_at) == 7 * 24 * 60 + 60
    assert all(o.ends_at.astimezone(AMSTERDAM).strftime("%H:%M") == "21:00" for o in spring + autumn)


def test_non_existent_local_time_moves_forward_and_ambiguous_time_takes_the_first():
    gap = local_datetime(date(2026, 3, 29), time(2, 30))
    assert gap.strftime("%H:%M") == "03:30" and gap.utcoffset() == timedelta(hours=2)
    ambiguous = local_datetime(date(2026, 10, 25), time(2, 30))
    assert ambiguous.strftime("%H:%M") == "02:30" and ambiguous.utcoffset() == timedelta(hours=2)


def test_session_over_the_night_of_the_clock_change_keeps_its_wall_clock_end():
    (night,) = occurrences(
        Rule(
            frequency="once",
            start_date=date(2026, 10, 24),
            start_time=time(22, 0),
            duration=timedelta(hours=6),
        ),
        until=date(2026, 10, 30),
    )
    assert night.ends_at.astimezone(AMSTERDAM).strftime("%d %H:%M") == "25 04:00"
    assert minutes_between(night.starts_at, night.ends_at) == 7 * 60  # the night has an extra hour


def test_every_two_weeks_and_several_weekdays():
    biweekly = occurrence_dates(weekly(date(2026, 1, 6), interval=2), until=date(2026, 2, 28))
    assert biweekly == [date(2026, 1, 6), date(2026, 1, 20), date(2026, 2, 3), date(2026, 2, 17)]
    walk_in = occurrence_dates(weekly(date(2026, 1, 5), weekdays=(0, 2, 4)), until=date(2026, 1, 11))
    assert walk_in == [date(2026, 1, 5), date(2026, 1, 7), date(2026, 1, 9)]


def test_six_weekly_intervision():
    dates = occurrence_dates(weekly(date(2026, 1, 8), interval=6), until=date(2026, 6, 30))
    assert all((b - a).days == 42 for a, b in zip(dates, dates[1:], strict=False))
    assert dates == [
        date(2026, 1, 8),
        date(2026, 2, 19),
        date(2026, 4, 2),
        date(2026, 5, 14),
        date(2026, 6, 25),
    ]


def test_monthly_keeps_the_nth_weekday_and_fifth_means_last():
    second_tuesday = occurrence_dates(
        Rule(
            frequency="monthly",
            start_date=date(2026, 1, 13),
            start_time=time(14),
            duration=timedelta(hours=2),
        ),
        until=date(2026, 4, 30),
    )
    assert second_tuesday == [date(2026, 1, 13), date(2026, 2, 10), date(2026, 3, 10), date(2026, 4, 14)]
    last_thursday = occurrence_dates(
        Rule(
            frequency="monthly",
            start_date=date(2026, 1, 29),
            start_time=time(14),
            duration=timedelta(hours=2),
        ),
        until=date(2026, 3, 31),
    )
    assert last_thursday == [date(2026, 1, 29), date(2026, 2, 26), date(2026, 3, 26)]


def test_custom_dates_once_and_end_date():
    custom = Rule(
        frequency="custom",
        start_date=date(2026, 1, 1),
        start_time=time(10),
        duration=timedelta(hours=1),
        custom_dates=(date(2026, 3, 1), date(2026, 2, 1), date(2026, 3, 1), date(2027, 1, 1)),
    )
    assert occurrence_dates(custom, until=date(2026, 12, 31)) == [date(2026, 2, 1), date(2026, 3, 1)]
    once = Rule(
        frequency="once", start_date=date(2026, 5, 1), start_time=time(10), duration=timedelta(hours=1)
    )
    assert occurrence_dates(once, until=date(2026, 12, 31)) == [date(2026, 5, 1)]
    assert occurrence_dates(once, until=date(2026, 4, 30)) == []
    ended = weekly(date(2026, 1, 6), end_date=date(2026, 1, 20))
    assert occurrence_dates(ended, until=date(2026, 12, 31)) == [
        date(2026, 1, 6),
        date(2026, 1, 13),
        date(2026, 1, 20),
    ]


def test_unknown_frequency_is_refused():
    with pytest.raises(ValueError):
        occurrence_dates(
            Rule(
                frequency="daily",
                start_date=date(2026, 1, 1),
                start_time=time(1),
                duration=timedelta(hours=1),
            ),
            until=date(2026, 2, 1),
        )


@settings(deadline=None)
@given(
    start=st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)),
    hour=st.integers(min_value=6, max_value=22),
    interval=st.integers(min_value=1, max_value=8),
)
def test_weekly_occurrences_always_keep_weekday_and_wall_clock_time(start, hour, interval):
    result = occurrences(
        weekly(start, at=time(hour, 15), interval=interval), until=start + timedelta(weeks=60)
    )
    assert result
    for occurrence in result:
        local = occurrence.starts_at.astimezone(AMSTERDAM)
        assert (local.hour, local.minute) == (hour, 15)
        assert local.weekday() == start.weekday()
        assert (local.date() - start).days % (7 * interval) == 0


# --- holidays ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "easter_monday", "ascension", "whit_monday"),
    [
        (2024, date(2024, 4, 1), date(2024, 5, 9), date(2024, 5, 20)),
        (2025, date(2025, 4, 21), date(2025, 5, 29), date(2025, 6, 9)),
        (2026, date(2026, 4, 6), date(2026, 5, 14), date(2026, 5, 25)),
        (2027, date(2027, 3, 29), date(2027, 5, 6), date(2027, 5, 17)),
    ],
)
def test_easter_based_holidays(year, easter_monday, ascension, whit_monday):
    days = dutch_public_holidays(year)
    assert days[easter_monday] == "Tweede Paasdag"
    assert days[ascension] == "Hemelvaartsdag"
    assert days[whit_monday] == "Tweede Pinksterdag"


def test_fixed_holidays_and_kings_day_rule():
    days = dutch_public_holidays(2026)
    assert days[date(2026, 1, 1)] == "Nieuwjaarsdag"
    assert days[date(2026, 4, 27)] == "Koningsdag"
    assert days[date(2026, 12, 25)] == "Eerste Kerstdag" and days[date(2026, 12, 26)] == "Tweede Kerstdag"
    assert days[date(2026, 5, 5)] == "Bevrijdingsdag"
    # 27 April 2025 is a Sunday: King's Day moves to Saturday the 26th.
    assert holiday_name(date(2025, 4, 26)) == "Koningsdag" and holiday_name(date(2025, 4, 27)) is None
    assert holiday_name(date(2026, 4, 3)) is None  # Good Friday is not a public holiday here
    assert holiday_name(date(2026, 3, 3)) is None


def test_liberation_day_lustrum_rule_is_available():
    assert date(2026, 5, 5) not in dutch_public_holidays(2026, liberation_day_every_year=False)
    assert date(2030, 5, 5) in dutch_public_holidays(2030, liberation_day_every_year=False)
