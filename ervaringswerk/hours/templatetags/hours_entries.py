"""Template filters for the time-entry pages."""

from django import template

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
