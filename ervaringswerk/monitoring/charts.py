"""Accessible charts drawn on the server as SVG: bar, line and spider web.

No JavaScript (the Content Security Policy allows only our own scripts, and the PDF report needs the
same pictures). Python computes the geometry; the SVG is written by a Django template, so every label
is escaped by the template engine. Each chart carries its data as a table, which the pages show as the
table alternative. A value of None is a suppressed or missing cell: no bar or point is drawn, and the
label says why.
"""

import itertools
import math
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

# Colours with at least 3:1 contrast on white, told apart also without colour (legend order, dashes).
COLOURS = ["#1d4e89", "#b85c00", "#2e7d32", "#6a1b9a", "#00838f", "#ad1457"]
DASHES = ["", "6 3", "2 3", "8 3 2 3", "", "6 3"]
_ids = itertools.count(1)


def _fmt(value, suffix: str = "") -> str:
    if value is None:
        return ""
    if isinstance(value, float) and not value.is_integer():
        text = f"{value:.1f}".replace(".", ",")
    else:
        text = f"{int(value):,}".replace(",", ".")
    return text + suffix


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1
    exponent = math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        candidate = step * 10**exponent
        if candidate >= value:
            return candidate
    return 10 ** (exponent + 1)  # pragma: no cover


def _tick_values(top: float) -> list[float]:
    step = _nice_max(top / 5)
    values, v = [], 0.0
    while v <= top + 1e-9:
        values.append(round(v, 6))
        v += step
    return values


@dataclass
class Chart:
    kind: str
    title: str
    description: str
    width: int
    height: int
    table_headers: list[str]
    table_rows: list[list[str]]
    shapes: dict = field(default_factory=dict)
    uid: str = field(default_factory=lambda: f"chart-{next(_ids)}")
    has_data: bool = True

    def svg(self) -> str:
        return render_to_string(f"monitoring/charts/{self.kind}.svg", {"chart": self, **self.shapes})

    def __html__(self) -> str:  # {{ chart }} in a template renders figure + svg + table
        return render_to_string("monitoring/charts/figure.html", {"chart": self})

    __str__ = __html__


def bar_chart(
    *,
    title: str,
    categories: list[str],
    series: list[tuple[str, list]],
    unit: str = "",
    maximum: float | None = None,
    suppressed_label: str | None = None,
) -> Chart:
    """Horizontal grouped bars: one group per category, one bar per series. None = not shown."""
    suppressed_label = suppressed_label or _("afgeschermd")
    values = [v for _name, vs in series for v in vs if v is not None]
    top = maximum or _nice_max(max(values, default=0))
    label_w, plot_w, bar_h, gap = 190, 360, 14, 10
    group_h = bar_h * len(series) + gap
    legend_h = 22 if len(series) > 1 else 0
    height = 30 + legend_h + group_h * len(categories) + 24
    width = label_w + plot_w + 70
    y0 = 30 + legend_h
    groups = []
    for index, category in enumerate(categories):
        bars = []
        for s_index, (_name, vs) in enumerate(series):
            value = vs[index] if index < len(vs) else None
            y = y0 + index * group_h + s_index * bar_h
            w = 0 if value is None else max(1.0, plot_w * min(value, top) / top) if value else 0
            bars.append(
                {
                    "x": label_w,
                    "y": y,
                    "w": round(w, 1),
                    "h": bar_h - 2,
                    "colour": COLOURS[s_index % len(COLOURS)],
                    "label": _fmt(value, unit) if value is not None else suppressed_label,
                    "label_x": label_w + w + 4,
                    "label_y": y + bar_h - 4,
                    "missing": value is None,
                }
            )
        groups.append(
            {"label": category, "y": y0 + index * group_h + (bar_h * len(series)) / 2 + 4, "bars": bars}
        )
    ticks = [
        {"x": round(label_w + plot_w * v / top, 1), "label": _fmt(v, unit), "y": height - 8}
        for v in _tick_values(top)
    ]
    legend = [
        {"x": label_w + i * 150, "y": 30, "colour": COLOURS[i % len(COLOURS)], "name": name}
        for i, (name, _vs) in enumerate(series)
    ]
    return Chart(
        kind="bar",
        has_data=bool(values),
        title=title,
        description=_("Staafdiagram; de tabel eronder bevat dezelfde cijfers."),
        width=width,
        height=height,
        table_headers=["", *[name for name, _vs in series]],
        table_rows=[
            [category, *[_fmt(vs[i], unit) if vs[i] is not None else suppressed_label for _n, vs in series]]
            for i, category in enumerate(categories)
        ],
        shapes={
            "groups": groups,
            "ticks": ticks,
            "legend": legend,
            "plot_top": y0 - 4,
            "plot_bottom": height - 22,
        },
    )


def line_chart(
    *,
    title: str,
    x_labels: list[str],
    series: list[tuple[str, list]],
    unit: str = "",
    suppressed_label: str | None = None,
) -> Chart:
    """Lines over time (e.g. months). A None breaks the line: that point is suppressed."""
    suppressed_label = suppressed_label or _("afgeschermd")
    values = [v for _name, vs in series for v in vs if v is not None]
    top = _nice_max(max(values, default=0))
    left, right, top_px, plot_h = 56, 20, 44, 180
    width = 640
    plot_w = width - left - right
    height = top_px + plot_h + 50
    n = max(len(x_labels), 1)
    step = plot_w / max(n - 1, 1)

    def xy(i, v):
        return round(left + i * step, 1), round(top_px + plot_h - plot_h * v / top, 1)

    lines = []
    for s_index, (name, vs) in enumerate(series):
        segments, current, points = [], [], []
        for i, v in enumerate(vs):
            if v is None:
                if current:
                    segments.append(current)
                current = []
                continue
            x, y = xy(i, v)
            current.append(f"{x},{y}")
            points.append({"x": x, "y": y, "label": f"{x_labels[i]}: {_fmt(v, unit)}"})
        if current:
            segments.append(current)
        lines.append(
            {
                "name": name,
                "colour": COLOURS[s_index % len(COLOURS)],
                "dash": DASHES[s_index % len(DASHES)],
                "segments": [" ".join(seg) for seg in segments],
                "points": points,
            }
        )
    every = max(1, math.ceil(n / 12))
    x_ticks = [
        {"x": round(left + i * step, 1), "label": label} for i, label in enumerate(x_labels) if i % every == 0
    ]
    y_ticks = [
        {"y": round(top_px + plot_h - plot_h * v / top, 1), "label": _fmt(v, unit)} for v in _tick_values(top)
    ]
    legend = [
        {
            "x": left + i * 170,
            "y": 18,
            "colour": COLOURS[i % len(COLOURS)],
            "dash": DASHES[i % len(DASHES)],
            "name": name,
        }
        for i, (name, _vs) in enumerate(series)
    ]
    return Chart(
        kind="line",
        has_data=bool(values),
        title=title,
        description=_("Lijndiagram over de tijd; de tabel eronder bevat dezelfde cijfers."),
        width=width,
        height=height,
        table_headers=["", *[name for name, _vs in series]],
        table_rows=[
            [label, *[_fmt(vs[i], unit) if vs[i] is not None else suppressed_label for _n, vs in series]]
            for i, label in enumerate(x_labels)
        ],
        shapes={
            "lines": lines,
            "x_ticks": x_ticks,
            "y_ticks": y_ticks,
            "legend": legend,
            "left": left,
            "right_x": width - right,
            "axis_y": top_px + plot_h,
            "label_y": top_px + plot_h + 18,
        },
    )


def spider_chart(
    *, title: str, axes: list[str], series: list[tuple[str, list]], maximum: float = 10
) -> Chart:
    """A spider web (radar): one axis per dimension, one polygon per series (e.g. intake and end)."""
    size, radius = 460, 150
    cx, cy = size / 2, size / 2 + 10
    n = len(axes)

    def point(i, fraction):
        angle = -math.pi / 2 + 2 * math.pi * i / n
        return round(cx + radius * fraction * math.cos(angle), 1), round(
            cy + radius * fraction * math.sin(angle), 1
        )

    rings = [
        " ".join(f"{x},{y}" for x, y in (point(i, f) for i in range(n))) for f in (0.2, 0.4, 0.6, 0.8, 1.0)
    ]
    spokes = []
    for i, label in enumerate(axes):
        x, y = point(i, 1)
        lx, ly = point(i, 1.14)
        anchor = "middle" if abs(lx - cx) < 10 else ("start" if lx > cx else "end")
        spokes.append({"x": x, "y": y, "lx": lx, "ly": ly + 4, "label": label, "anchor": anchor})
    polygons = []
    for s_index, (name, values) in enumerate(series):
        pts = [point(i, (v or 0) / maximum) for i, v in enumerate(values)]
        polygons.append(
            {
                "name": name,
                "colour": COLOURS[s_index % len(COLOURS)],
                "dash": DASHES[s_index % len(DASHES)],
                "points": " ".join(f"{x},{y}" for x, y in pts),
                "dots": [{"x": x, "y": y} for x, y in pts],
            }
        )
    legend = [
        {"x": 10, "y": 16 + i * 18, "colour": COLOURS[i % len(COLOURS)], "name": name}
        for i, (name, _vs) in enumerate(series)
    ]
    return Chart(
        kind="spider",
        title=title,
        description=_("Spinnenweb; de tabel eronder bevat dezelfde cijfers."),
        width=size + 120,
        height=size + 30,
        table_headers=["", *[name for name, _vs in series]],
        table_rows=[[label, *[_fmt(vs[i]) for _n, vs in series]] for i, label in enumerate(axes)],
        shapes={
            "rings": rings,
            "spokes": spokes,
            "polygons": polygons,
            "legend": legend,
            "cx": cx,
            "cy": cy,
            "offset": 60,
        },
    )
