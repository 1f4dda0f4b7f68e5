"""Small-number protection: the ONE place where an aggregate cell is decided to be shown or suppressed.

Every output path (dashboard page, charts, CSV, XLSX, JSON API, open data, PDF report) renders `Cell`s,
and a Cell about persons can only be made by `protect()`. A cell based on fewer than
settings.EW_SMALL_NUMBER_THRESHOLD residents or peer workers loses its value *and* its count, so no
person can be recognised. `protect_group()` adds complementary suppression: when a breakdown comes
with a visible total, one suppressed cell could be recomputed from the others, so the next-smallest
cell is suppressed as well.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

SUPPRESSED_LABEL = _("<5")
SUPPRESSED_TEXT = _("afgeschermd (minder dan %(n)s personen)")


def threshold() -> int:
    return int(settings.EW_SMALL_NUMBER_THRESHOLD)


@dataclass(frozen=True)
class Cell:
    value: float | int | None
    n: int | None  # persons behind the value; None when suppressed or when not about persons
    suppressed: bool = False

    def display(self, unit: str = "") -> str:
        if self.suppressed:
            return suppressed_label()
        if self.value is None:
            return "–"
        return format_number(self.value) + unit

    def export(self):
        """The value for CSV/XLSX/JSON: None when suppressed (the reason is in a separate column/key)."""
        return None if self.suppressed else self.value

    def __str__(self) -> str:
        return self.display()


def suppressed_label() -> str:
    return f"<{threshold()}"


def format_number(value) -> str:
    if not isinstance(value, int | float):
        return str(value)
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.1f}".replace(".", ",")
    return f"{int(value):,}".replace(",", ".")


def protect(value, *, n: int | None, about_persons: bool = True) -> Cell:
    """The suppression function. `n` is the number of distinct residents or peer workers behind `value`."""
    if not about_persons:
        return Cell(value=value, n=None)
    if n is None or n < threshold():
        return Cell(value=None, n=None, suppressed=True)
    return Cell(value=value, n=n)


def count(n: int) -> Cell:
    """A head count is itself the number of persons."""
    return protect(n, n=n)


def protect_group(cells: list[Cell]) -> list[Cell]:
    """Complementary suppression for a breakdown whose total is shown elsewhere."""
    suppressed = [c for c in cells if c.suppressed]
    if len(suppressed) != 1:
        return cells
    visible = [(i, c) for i, c in enumerate(cells) if not c.suppressed and c.n is not None]
    if not visible:
        return cells
    index, _smallest = min(visible, key=lambda pair: (pair[1].n, pair[0]))
    return [Cell(None, None, True) if i == index else c for i, c in enumerate(cells)]
