"""Cells and tables: every figure leaves through one of these helpers (suppression.protect())."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from ervaringswerk.core.tenancy import Viewer
from ervaringswerk.monitoring.suppression import Cell, Figure, count, protect


# One helper per class of figure (docs/monitoring-and-evaluation.md, "Which figure is shown how"): the
# rule itself is suppression.protect(), with the audience the filters carry.
def resident(value, *, n, f) -> Cell:
    return protect(value, n=n, figure=Figure.RESIDENT, audience=f.audience, limit=f.threshold)


def resident_count(n, *, f) -> Cell:
    return count(n, figure=Figure.RESIDENT, audience=f.audience, limit=f.threshold)


def work(value, *, n, f) -> Cell:
    return protect(value, n=n, figure=Figure.WORK, audience=f.audience, limit=f.threshold)


def work_count(n, *, f) -> Cell:
    return count(n, figure=Figure.WORK, audience=f.audience, limit=f.threshold)


def peer_value(value, *, n, f) -> Cell:
    return protect(value, n=n, figure=Figure.PEER, audience=f.audience, limit=f.threshold)


def peer_count(n, *, f) -> Cell:
    return count(n, figure=Figure.PEER, audience=f.audience, limit=f.threshold)


def organisation(value) -> Cell:
    # about organisations and budgets, not persons: the same for every audience
    return protect(value, n=None, figure=Figure.ORGANISATION, audience="")


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]  # the first column is the row label
    rows: list[tuple[str, list[Cell]]] = field(default_factory=list)
    note: str = ""
    available: bool = True

    def as_dict(self) -> dict:
        return {
            "key": self.key,
            "title": self.title,
            "available": self.available,
            "note": self.note,
            "columns": self.columns,
            "rows": [
                {
                    "label": label,
                    "cells": [{"value": c.export(), "suppressed": c.suppressed} for c in cells],
                }
                for label, cells in self.rows
            ],
        }

    def column(self, index: int) -> list:
        return [cells[index].export() for _label, cells in self.rows]

    def for_print(self, max_columns: int = 7) -> "Table":
        """A table too wide for an A4 page turned a quarter (rows become columns), so it never runs off
        the page; the cells, and so the suppression, stay the same."""
        if len(self.columns) <= max_columns or len(self.rows) + 1 >= len(self.columns):
            return self
        rows = [
            (column, [cells[index] for _label, cells in self.rows])
            for index, column in enumerate(self.columns[1:])
        ]
        columns = [self.columns[0], *(label for label, _cells in self.rows)]
        return Table(self.key, self.title, columns, rows, note=self.note, available=self.available)


def _m(viewer: Viewer) -> object:
    return viewer.municipality_id


def _start_of(day: datetime.date, plus_days: int = 0) -> datetime.datetime:
    """Midnight (local time) at the start of a day: a range on a timestamp column keeps its index usable."""
    return timezone.make_aware(
        datetime.datetime.combine(day + datetime.timedelta(days=plus_days), datetime.time())
    )


def _months_label(start: datetime.date) -> str:
    return start.strftime("%m-%Y")
