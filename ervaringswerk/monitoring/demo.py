"""Runs last of the demo modules: the hours demo writes its year of entries with bulk_create, which
skips the signals that keep the monthly hours rollup in step, so rebuild the rollup here."""

from .services import hours_rollup_refresh


def load(ctx) -> None:
    for municipality in ctx.municipalities.values():
        hours_rollup_refresh(municipality_id=municipality.pk)
