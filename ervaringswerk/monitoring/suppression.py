"""Disclosure control: the ONE place that decides whether an aggregate cell is shown or suppressed.

Every figure the dashboard, the evaluation report, the exports and open data show is made here, by
`protect()`, and carries its *class* (`Figure`). The rule depends on the class and on the *audience*
(`Audience`): who reads the figure at which level. The table in docs/monitoring-and-evaluation.md lists
every figure with its class, and a test keeps that table and the code equal.

| class | funder (policy advisor) | organisation level (team lead) | public (open data) |
| --- | --- | --- | --- |
| residents (special category) | threshold + complementary | threshold + complementary | same |
| work (hours, deployments, requests, waiting times, pool counts) | exact | threshold | threshold |
| one peer worker's health, well-being, growth | threshold | threshold | threshold |
| organisations and budgets | exact | exact | exact |

Work figures are what a municipality funds and must account for: the policy advisor reads the same
hours on the programme page, so masking them there protects nobody. Residents' measurements and a peer
worker's own growth are special-category data whatever the audience. A suppressed cell loses its value
*and* its count; `protect_group()` adds complementary suppression to breakdowns shown with a total.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ervaringswerk.core.tenancy import Viewer


class Figure(models.TextChoices):
    RESIDENT = "resident", _("bewoners (bijzondere persoonsgegevens)")
    WORK = "work", _("werk")
    PEER = "peer", _("persoonlijk van ervaringsdeskundigen")
    ORGANISATION = "organisation", _("organisaties en budgetten")


class Audience(models.TextChoices):
    FUNDER = "funder", _("gemeente (beleidsadviseur)")
    ORGANISATION = "organisation", _("organisatie (teamleider)")
    PUBLIC = "public", _("openbaar (open data)")


class Rule(models.TextChoices):
    EXACT = "exact", _("exact")
    THRESHOLD = "threshold", _("drempel")


def rule_for(figure: str, audience: str) -> str:
    """The rule for a class of figure read by an audience; unknown combinations get the strict rule."""
    if figure == Figure.ORGANISATION:
        return Rule.EXACT
    if figure == Figure.WORK and audience == Audience.FUNDER:
        return Rule.EXACT
    return Rule.THRESHOLD


def audience_for(viewer: Viewer) -> str:
    """Who is looking, as far as disclosure goes. Anything but the policy advisor gets the strict rule."""
    from ervaringswerk.core.tenancy import Role

    has_role = getattr(viewer, "has_role", None)
    if has_role is not None and has_role(Role.POLICY_ADVISOR):
        return Audience.FUNDER
    return Audience.ORGANISATION


def threshold(municipality=None) -> int:
    """The small-number threshold: the platform's (EW_SMALL_NUMBER_THRESHOLD), or the municipality's own
    when that is stricter (core.selectors.small_number_threshold_for; set on /beheer/instellingen/)."""
    if municipality is None:
        return int(settings.EW_SMALL_NUMBER_THRESHOLD)
    from ervaringswerk.core.selectors import small_number_threshold_for

    return small_number_threshold_for(municipality=municipality)


@dataclass(frozen=True)
class Cell:
    value: float | int | str | None
    n: int | None  # persons behind the value; None when suppressed or when not about persons
    suppressed: bool = False
    figure: str = Figure.ORGANISATION
    # the threshold that suppressed it (for the label; not part of the cell's identity); None: the platform's
    limit: int | None = field(default=None, compare=False)

    def display(self, unit: str = "") -> str:
        if self.suppressed:
            return suppressed_label(self.limit)
        if self.value is None:
            return "–"
        return format_number(self.value) + unit

    def export(self):
        """The value for CSV/XLSX/JSON: None when suppressed (the reason is in a separate column/key)."""
        return None if self.suppressed else self.value

    def __str__(self) -> str:
        return self.display()


def suppressed_label(limit: int | None = None) -> str:
    """Short, and unmistakably about persons: "<5 pers." can never be read as "under 5 %"."""
    return gettext("<%(n)s pers.") % {"n": limit or threshold()}


def suppressed_text(limit: int | None = None) -> str:
    return gettext("minder dan %(n)s personen") % {"n": limit or threshold()}


def format_number(value) -> str:
    if not isinstance(value, int | float):
        return str(value)
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.1f}".replace(".", ",")
    return f"{int(value):,}".replace(",", ".")


def protect(value, *, n: int | None, figure: str, audience: str, limit: int | None = None) -> Cell:
    """The disclosure function. `n`: the distinct residents or peer workers behind `value`; `limit`: the
    threshold in force (the municipality's, `Filters.threshold`), the platform's when not given.

    `figure` and `audience` are required: a call site cannot forget to say what its figure is about.
    """
    if rule_for(figure, audience) == Rule.EXACT:
        return Cell(value=value, n=n, figure=figure)
    limit = limit or threshold()
    if n is None or n < limit:
        return Cell(value=None, n=None, suppressed=True, figure=figure, limit=limit)
    return Cell(value=value, n=n, figure=figure)


def count(n: int, *, figure: str, audience: str, limit: int | None = None) -> Cell:
    """A head count is itself the number of persons."""
    return protect(n, n=n, figure=figure, audience=audience, limit=limit)


def protect_group(cells: list[Cell]) -> list[Cell]:
    """Complementary suppression for a breakdown whose total is shown elsewhere."""
    suppressed = [c for c in cells if c.suppressed]
    if len(suppressed) != 1:
        return cells
    visible = [(i, c) for i, c in enumerate(cells) if not c.suppressed and c.n is not None]
    if not visible:
        return cells
    index, _smallest = min(visible, key=lambda pair: (pair[1].n, pair[0]))
    limit = suppressed[0].limit
    return [Cell(None, None, True, c.figure, limit) if i == index else c for i, c in enumerate(cells)]
