"""From suppressed tables to what people see: charts for the page and the PDF, and the exports.

All of it reads `Table`s of `Cell`s that selectors built with suppression.protect(): no output path
here can see a value that suppression removed.
"""

import csv
import io

from django.utils.translation import gettext as _

from ervaringswerk.core.spreadsheets import safe_row

from .charts import bar_chart, line_chart, spider_chart
from .suppression import suppressed_label, threshold


def _values(table, column: int) -> list:
    return [cells[column].export() for _label, cells in table.rows]


def _labels(table) -> list[str]:
    return [str(label) for label, _cells in table.rows]


def charts_for(tables: dict) -> dict:
    """A chart per table that is worth drawing; the table itself stays the accessible alternative."""
    charts = {}
    t = tables.get("pool_vs_deployed")
    if t and t.rows:
        charts[t.key] = line_chart(
            title=t.title,
            x_labels=_labels(t),
            series=[(t.columns[1], _values(t, 0)), (t.columns[2], _values(t, 1))],
        )
    t = tables.get("hours_by_programme")
    if t and t.available and t.rows:
        charts[t.key] = bar_chart(
            title=t.title,
            categories=_labels(t),
            series=[(_("Uren"), _values(t, 0)), (_("Budget"), _values(t, 2))],
        )
    for key in ("hours_by_kind", "hours_by_organisation", "hours_by_neighbourhood"):
        t = tables.get(key)
        if t and t.available and t.rows:
            charts[key] = bar_chart(title=t.title, categories=_labels(t), series=[(_("Uren"), _values(t, 0))])
    t = tables.get("reach_by_neighbourhood")
    if t and t.rows:
        rows = t.rows[:-1]  # without the total
        charts[t.key] = bar_chart(
            title=t.title,
            categories=[str(label) for label, _c in rows],
            series=[(t.columns[1], [c[0].export() for _l, c in rows])],
        )
    t = tables.get("outcomes_zrm")
    if t and t.rows:
        charts[t.key] = bar_chart(
            title=t.title,
            categories=_labels(t),
            series=[(_("Intake"), _values(t, 1)), (_("Eindmeting"), _values(t, 2))],
            maximum=5,
        )
    t = tables.get("outcomes_positive_health")
    if t and t.rows:
        intake, end = _values(t, 1), _values(t, 2)
        if all(v is not None for v in intake + end):
            charts[t.key] = spider_chart(
                title=t.title,
                axes=_labels(t),
                series=[(_("Intake"), intake), (_("Eindmeting"), end)],
                maximum=10,
            )
        else:
            charts[t.key] = bar_chart(
                title=t.title,
                categories=_labels(t),
                series=[(_("Intake"), intake), (_("Eindmeting"), end)],
                maximum=10,
            )
    t = tables.get("experience")
    if t and t.rows:
        charts[t.key] = bar_chart(
            title=t.title, categories=_labels(t), series=[(_("Gemiddelde score"), _values(t, 1))], maximum=5
        )
    t = tables.get("preconditions")
    if t and t.rows:
        charts[t.key] = bar_chart(
            title=t.title,
            categories=_labels(t),
            series=[(_("Gemiddeld"), _values(t, len(t.columns) - 2))],
            maximum=5,
        )
    # A chart whose every value is suppressed shows nothing: the table says why.
    return {key: chart for key, chart in charts.items() if chart.has_data}


def to_csv(tables, *, meta: dict) -> str:
    """Long format, one line per cell: easy to publish and to read into any tool."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(
        safe_row(["gemeente", "cbs_code", "van", "tot", "tabel", "rij", "kolom", "waarde", "afgeschermd"])
    )
    for table in tables:
        for label, cells in table.rows:
            for column, cell in zip(table.columns[1:], cells, strict=False):
                value = cell.export()
                writer.writerow(
                    safe_row(
                        [
                            meta["municipality"],
                            meta["cbs_code"],
                            meta["start"],
                            meta["end"],
                            table.key,
                            label,
                            column,
                            "" if value is None else value,
                            "ja" if cell.suppressed else "nee",
                        ]
                    )
                )
    return out.getvalue()


def _limit(meta: dict) -> int:
    """The threshold the tables were made with (the municipality's, in meta), else the platform's."""
    return meta.get("small_number_threshold") or threshold()


def to_json(tables, *, meta: dict) -> dict:
    limit = _limit(meta)
    return {
        **meta,
        "small_number_threshold": limit,
        "note": _("Afgeschermde cellen (minder dan %(n)s personen) hebben de waarde null.") % {"n": limit},
        "tables": [t.as_dict() for t in tables],
    }


def to_xlsx(tables, *, meta: dict) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    limit = _limit(meta)
    wb = Workbook()
    info = wb.active
    info.title = "Toelichting"
    info.append(safe_row([_("Gemeente"), meta["municipality"]]))
    info.append(safe_row([_("CBS-code"), meta["cbs_code"]]))
    info.append(safe_row([_("Periode"), f"{meta['start']} t/m {meta['end']}"]))
    info.append(
        safe_row(
            [
                _("Afscherming"),
                _("'%(label)s' = afgeschermd, minder dan %(n)s personen")
                % {"label": suppressed_label(limit), "n": limit},
            ]
        )
    )
    for table in tables:
        ws = wb.create_sheet(title=table.key[:31])
        ws.append(safe_row([table.title]))
        ws["A1"].font = Font(bold=True)
        if not table.available:
            ws.append(safe_row([table.note]))
            continue
        ws.append(safe_row(table.columns))
        for cell in ws[2]:
            cell.font = Font(bold=True)
        for label, cells in table.rows:
            ws.append(
                safe_row([label, *[suppressed_label(limit) if c.suppressed else c.export() for c in cells]])
            )
        if table.note:
            ws.append([])
            ws.append(safe_row([table.note]))
        ws.column_dimensions["A"].width = 45
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
