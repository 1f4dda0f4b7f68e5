"""Dutch public holidays, computed (no table to keep up to date, no network).

Our choice (docs/activities.md): the days the Algemene termijnenwet names as *algemeen erkende
feestdagen*. Liberation Day (5 May) is named there every year, so by default it counts every year; many
collective agreements give it off only in lustrum years (2025, 2030, ...), which
`liberation_day_every_year=False` selects. Good Friday is not in the law and is not a holiday here.

Pure Python: no Django, so it is easy to test for any year.
"""

from datetime import date, timedelta

from dateutil.easter import EASTER_WESTERN, easter


def _kings_day(year: int) -> tuple[date, str]:
    # Koningsdag since 2014: 27 April, moved to the 26th when the 27th is a Sunday.
    # Before 2014 Koninginnedag: 30 April, moved to the 29th when it is a Sunday.
    if year >= 2014:
        day = date(year, 4, 27)
        name = "Koningsdag"
    else:
        day = date(year, 4, 30)
        name = "Koninginnedag"
    if day.weekday() == 6:
        day -= timedelta(days=1)
    return day, name


def dutch_public_holidays(year: int, *, liberation_day_every_year: bool = True) -> dict[date, str]:
    """{date: Dutch name} of the public holidays in `year`."""
    easter_sunday = easter(year, EASTER_WESTERN)
    days = {
        date(year, 1, 1): "Nieuwjaarsdag",
        easter_sunday: "Eerste Paasdag",
        easter_sunday + timedelta(days=1): "Tweede Paasdag",
        easter_sunday + timedelta(days=39): "Hemelvaartsdag",
        easter_sunday + timedelta(days=49): "Eerste Pinksterdag",
        easter_sunday + timedelta(days=50): "Tweede Pinksterdag",
        date(year, 12, 25): "Eerste Kerstdag",
        date(year, 12, 26): "Tweede Kerstdag",
    }
    kings_day, kings_name = _kings_day(year)
    days[kings_day] = kings_name
    if liberation_day_every_year or year % 5 == 0:
        days[date(year, 5, 5)] = "Bevrijdingsdag"
    return days


def holiday_name(day: date, *, liberation_day_every_year: bool = True) -> str | None:
    """The holiday's name when `day` is a Dutch public holiday, else None."""
    return dutch_public_holidays(day.year, liberation_day_every_year=liberation_day_every_year).get(day)
