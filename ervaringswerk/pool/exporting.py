"""Export of the pool as CSV or XLSX. Rows come from selectors.pool_export_rows, so lived experience is
limited to what the peer worker released for matching; gender, background and check-ins never leave."""

import csv
import io

from django.utils.translation import gettext as _

from ervaringswerk.core.reference import DeploymentKind, EducationLevel, ParticipationRung
from ervaringswerk.core.spreadsheets import safe_row

from .constants import LANGUAGES, EmploymentForm, PeerStatus, RegisterStatus

LANGUAGE_NAMES = dict(LANGUAGES)


def headers() -> list[str]:
    return [
        _("Voornaam"),
        _("Achternaam"),
        _("Poolorganisatie"),
        _("Status"),
        _("Nu beschikbaar"),
        _("Reden"),
        _("Uren per week"),
        _("Uren ingezet"),
        _("Max. bewoners"),
        _("Bewoners nu"),
        _("Talen"),
        _("Wijken"),
        _("Soorten inzet"),
        _("Ervaringsdomeinen (vrijgegeven voor matching)"),
        _("Dienstverband"),
        _("Opleidingsniveau"),
        _("Register"),
        _("Trede participatieladder"),
        _("E-mail"),
        _("Telefoon"),
    ]


def _label(choices_class, value) -> str:
    return str(choices_class(value).label) if value else ""


def row_values(row) -> list:
    peer, state = row.peer, row.availability
    return [
        peer.first_name,
        peer.last_name,
        peer.organisation.name,
        _label(PeerStatus, state.effective_status),
        _("ja") if state.available else _("nee"),
        state.reason,
        float(peer.weekly_hours),
        float(state.hours_committed),
        peer.max_residents,
        state.residents_committed,
        ", ".join(str(LANGUAGE_NAMES.get(code, code)) for code in peer.languages),
        ", ".join(n.name for n in peer.neighbourhoods.all()),
        ", ".join(_label(DeploymentKind, kind) for kind in peer.kinds),
        ", ".join(e.domain.name for e in row.experiences),
        _label(EmploymentForm, peer.employment_form),
        _label(EducationLevel, peer.education_level),
        _label(RegisterStatus, peer.register_status),
        _label(ParticipationRung, row.rung),
        peer.email,
        peer.phone,
    ]


def to_csv(rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(safe_row(headers()))
    for row in rows:
        writer.writerow(safe_row(row_values(row)))
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: Excel opens UTF-8 correctly


def to_xlsx(rows) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = _("Pool")
    sheet.append(safe_row(headers()))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(safe_row(row_values(row)))
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
