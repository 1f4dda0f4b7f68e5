"""Template filters for the time-entry pages."""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def duration(minutes) -> str:
    """Minutes as hours:minutes, as people write time: 90 -> "1:30"."""
    try:
        minutes = int(minutes)
    except (TypeError, ValueError):
        return ""
    sign = "-" if minutes < 0 else ""
    minutes = abs(minutes)
    return f"{sign}{minutes // 60}:{minutes % 60:02d}"


@register.filter
def hours(value) -> str:
    """A number of hours with at most two decimals and no trailing zeros, in the page's locale: 1,5 and 12."""
    try:
        text = f"{float(value):.2f}".rstrip("0").rstrip(".")
        return number_format(Decimal(text))
    except (TypeError, ValueError, InvalidOperation):
        return ""
