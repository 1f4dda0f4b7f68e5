"""Hours as CSV (semicolon, UTF-8 with BOM, decimal comma: what Dutch Excel opens without a wizard) and
as XLSX. Both carry the same rows and a closing total of the hours that count (submitted and approved)."""

import csv
import io

from django.utils.translation import gettext as _

from ervaringswerk.core.spreadsheets import safe_row

from .models import COUNTING_STATUSES, EntryStatus


def headers() -> list[str]:
    return [
        _("Datum"),
        _("Week"),
        _("Ervaringsdeskundige"),
        _("Programma"),
        _("Partner"),
        _("Inzet"),
        _("Activiteit"),
        _("Soort werk"),
        _("Minuten"),
        _("Uren"),
        _("Status"),
        _("Omschrijving"),
        _("Correctie van"),
        _("Reden correctie"),
        _("Opmerking coördinator"),
    ]


def _row(entry) -> list:
    return [
        entry.date,
        entry.date.isocalendar().week,
        str(entry.peer),
        entry.programme.code if entry.programme_id else "",
        entry.partner.name if entry.partner_id else "",
        str(entry.assignment.request) if entry.assignment_id else "",
        entry.activity.title if entry.activity_id else "",
        entry.get_work_kind_display(),
        entry.minutes,
        round(entry.minutes / 60, 2),
        entry.get_status_display(),
        entry.description,
        entry.corrects.date.isoformat() if entry.corrects_id else "",
        entry.correction_reason,
        entry.review_comment,
    ]


def totals(entries) -> dict:
    counting = sum(e.minutes for e in entries if e.status in COUNTING_STATUSES)
    approved = sum(e.minutes for e in entries if e.status == EntryStatus.APPROVED)
    return {"counting_minutes": counting, "approved_minutes": approved}


def _total_rows(entries) -> list[list]:
    found = totals(entries)
    width = len(headers())
    rows = []
    for label, minutes in (
        (_("Totaal (ingediend en goedgekeurd)"), found["counting_minutes"]),
        (_("Waarvan goedgekeurd"), found["approved_minutes"]),
    ):
        row = [""] * width
        row[0] = label
        row[8] = minutes
        row[9] = round(minutes / 60, 2)
        rows.append(row)
    return rows


def _dutch(value):
    if isinstance(value, float):
        return f"{value:.2f}".replace(".", ",")
    if hasattr(value, "isoformat"):
        return value.strftime("%d-%m-%Y")
    return value


def to_csv(entries) -> bytes:
    entries = list(entries)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(safe_row(headers()))
    for entry in entries:
        writer.writerow(safe_row(_dutch(v) for v in _row(entry)))
    for row in _total_rows(entries):
        writer.writerow(safe_row(_dutch(v) for v in row))
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: Excel reads it as UTF-8


def to_xlsx(entries) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    entries = list(entries)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Uren")
    sheet.append(safe_row(headers()))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for entry in entries:
        sheet.append(safe_row(_row(entry)))
        sheet.cell(row=sheet.max_row, column=1).number_format = "DD-MM-YYYY"
    for row in _total_rows(entries):
        sheet.append(safe_row(row))
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
