"""The documents of an issued hire-out statement: an A4 PDF (WeasyPrint) and a spreadsheet (openpyxl).

Both are made from the frozen statement and its lines, never recomputed from hours and never re-reading a
name from the organisation or programme (the statement stores what it prints at issue), so a download next
year shows exactly what was issued. They are in Dutch whatever the reader's interface language: they are
the accounting record between two Dutch organisations.
"""

import io
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ervaringswerk.core.spreadsheets import safe_cell, safe_row


def euro(amount) -> str:
    """Dutch money notation: € 1.234,56 and € -12,50."""
    value = Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    sign = "-" if value < 0 else ""
    whole, cents = f"{abs(value):.2f}".split(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return f"€ {sign}{'.'.join(groups)},{cents}"


def dutch_hours(minutes: int) -> str:
    """Minutes as hours with a decimal comma: 90 -> '1,50'."""
    value = (Decimal(minutes) / Decimal(60)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{value:.2f}".replace(".", ",")


def month_label(month) -> str:
    return date_format(month, "F Y")


def _lines(statement):
    from .models import WorkKind

    rows = []
    for line in statement.lines.all():
        rows.append(
            {
                "programme": line.programme_name,
                "programme_code": line.programme_code,
                "peer_name": line.peer_name,
                "work_kind": str(WorkKind(line.work_kind).label),
                "minutes": line.minutes,
                "hours": dutch_hours(line.minutes),
                "rate": euro(line.hourly_rate),
                "amount": euro(line.amount),
                "raw": line,
            }
        )
    return rows


def _party(organisation, name: str) -> dict:
    """What a statement prints about a party: the name stored at issue, address, contact, VAT number."""
    place = " ".join(part for part in (organisation.postcode, organisation.city) if part)
    return {
        "name": name or organisation.name,
        "address": [line for line in (organisation.address_line, place) if line],
        "contact": organisation.contact_name,
        "email": organisation.contact_email,
        "vat_number": organisation.vat_number,
    }


def _references(statement) -> list[str]:
    """The partner's references of its hire-out agreements on the statement's programmes."""
    from ervaringswerk.organisations.models import HireOutAgreement

    programmes = {line.programme_id for line in statement.lines.all()}
    return sorted(
        set(
            HireOutAgreement.objects.filter(programme_id__in=programmes, partner_id=statement.partner_id)
            .exclude(reference="")
            .values_list("reference", flat=True)
        )
    )


def statement_context(statement) -> dict:
    return {
        "parties": [
            (_party(statement.issuer, statement.issuer_name), _("Van")),
            (_party(statement.partner, statement.partner_name), _("Aan")),
        ],
        "references": _references(statement),
        "vat_note": statement.issuer.vat_note
        or _("Bedragen zonder btw; de btw volgt de afspraken tussen beide partijen."),
        "statement": statement,
        "lines": _lines(statement),
        "total_hours": dutch_hours(statement.total_minutes),
        "total_amount": euro(statement.total_amount),
        "month_label": month_label(statement.month),
        "corrects": statement.corrects,
    }


def statement_pdf(statement) -> bytes:
    from weasyprint import HTML

    with translation.override("nl"):
        html = render_to_string("hours/statement_pdf.html", statement_context(statement))
    # tagged for accessibility (PDF/UA-1), as the evaluation report
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_variant="pdf/ua-1")


def statement_xlsx(statement) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    with translation.override("nl"):
        wb = Workbook()
        ws = wb.active
        ws.title = _("Urenstaat")[:31]
        bold = Font(bold=True)
        ws.append(safe_row([statement.get_kind_display(), statement.number]))
        ws["A1"].font = bold
        ws.append(safe_row([_("Van"), statement.issuer_name]))
        ws.append(safe_row([_("Aan"), statement.partner_name]))
        ws.append(safe_row([_("Maand"), month_label(statement.month)]))
        ws.append([_("Datum"), statement.issued_at.date()])
        ws["B5"].number_format = "DD-MM-YYYY"
        if statement.corrects_id:
            ws.append(
                safe_row(
                    [
                        _("Correctie op"),
                        f"{statement.corrects.number} ({statement.corrects.issued_at:%d-%m-%Y})",
                    ]
                )
            )
        ws.append([])
        header = [
            _("Programma"),
            _("Ervaringsdeskundige"),
            _("Soort werk"),
            _("Minuten"),
            _("Uren"),
            _("Uurtarief (euro)"),
            _("Bedrag (euro)"),
        ]
        ws.append(safe_row(header))
        for cell in ws[ws.max_row]:
            cell.font = bold
        for row in _lines(statement):
            line = row["raw"]
            ws.append(
                [
                    safe_cell(row["programme"]),
                    safe_cell(row["peer_name"]),
                    safe_cell(row["work_kind"]),
                    line.minutes,
                    float((Decimal(line.minutes) / 60).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)),
                    line.hourly_rate,
                    line.amount,
                ]
            )
            for col in ("F", "G"):
                ws[f"{col}{ws.max_row}"].number_format = "#,##0.00"
        # The totals are the issued values, not a formula: the spreadsheet is a copy of the record.
        ws.append(
            [
                safe_cell(_("Totaal")),
                "",
                "",
                statement.total_minutes,
                float(
                    (Decimal(statement.total_minutes) / 60).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
                ),
                "",
                statement.total_amount,
            ]
        )
        total_row = ws.max_row
        for cell in ws[total_row]:
            cell.font = bold
        ws[f"G{total_row}"].number_format = "#,##0.00"
        for col, width in zip("ABCDEFG", (28, 26, 34, 10, 10, 16, 16), strict=True):
            ws.column_dimensions[col].width = width
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
