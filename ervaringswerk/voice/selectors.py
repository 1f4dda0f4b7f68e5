"""Reading the residents' answers: only ever counted, never one by one."""

import datetime
from typing import Any

import segno
from django.db.models import Aggregate, Avg, Count, Q

from .models import ITEM_FIELDS, SurveyResponse


def qr_svg(url: str) -> str:
    """An inline SVG QR code (no image file, no external service). segno escapes nothing: `url` is ours."""
    return segno.make(url, error="m").svg_inline(scale=4, dark="#000", light="#fff")


def own_voice_summary(
    *,
    municipality_id: Any,
    start: datetime.date,
    end: datetime.date,
    programme_id: Any = None,
    neighbourhood_id: Any = None,
) -> dict:
    """Per item: how many residents answered it, their average, and how many (fully) agreed (4 or 5).

    One query. `start`/`end` are dates; a response counts in the month it was given."""
    qs = SurveyResponse.objects.filter(
        municipality_id=municipality_id, month__gte=start.replace(day=1), month__lte=end
    )
    if programme_id:
        qs = qs.filter(programme_id=programme_id)
    if neighbourhood_id:
        qs = qs.filter(neighbourhood_id=neighbourhood_id)
    aggregates: dict[str, Aggregate] = {}
    for name in ITEM_FIELDS:
        aggregates[f"{name}__n"] = Count("id", filter=Q(**{f"{name}__isnull": False}))
        aggregates[f"{name}__avg"] = Avg(name)
        aggregates[f"{name}__agree"] = Count("id", filter=Q(**{f"{name}__gte": 4}))
    row = qs.aggregate(total=Count("id"), **aggregates)
    return {
        "total": row["total"],
        "items": {
            name: {"n": row[f"{name}__n"], "avg": row[f"{name}__avg"], "agree": row[f"{name}__agree"]}
            for name in ITEM_FIELDS
        },
    }
