"""One date rule for pages and API: a date (or the day of a moment) lies in a sensible window around
today, so that a typo such as 1015-08-29 or 0457 is refused with a message naming the field instead of
being stored (a moment in year 281 would even come back with a local-mean-time offset like +00:19:32,
which is not valid RFC 3339). Forms (core.forms) and API serializers (core.api.serializers) add
`date_in_window` to every date and date-time field; services keep their own, narrower rules."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

YEARS_BACK = 30
YEARS_AHEAD = 10


def date_window(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    today = today or timezone.localdate()
    return datetime.date(today.year - YEARS_BACK, 1, 1), datetime.date(today.year + YEARS_AHEAD, 12, 31)


def date_in_window(value) -> None:
    if value is None:
        return
    day = value.date() if isinstance(value, datetime.datetime) else value
    low, high = date_window()
    if not low <= day <= high:
        raise ValidationError(
            _("Kies een datum tussen %(low)s en %(high)s.")
            % {"low": low.strftime("%d-%m-%Y"), "high": high.strftime("%d-%m-%Y")},
            code="date_out_of_range",
        )
