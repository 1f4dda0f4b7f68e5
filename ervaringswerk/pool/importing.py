"""Import an existing pool from CSV or XLSX: parse, check every row, report every problem by row number.

`import_check` never writes. `pool.services.pool_import` runs the same check inside one transaction and
writes only when every row is valid: one bad row means nothing is written.
"""

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from ervaringswerk.core.models import Neighbourhood
from ervaringswerk.core.reference import DeploymentKind, EducationLevel
from ervaringswerk.core.spreadsheets import safe_row

from .constants import LANGUAGES, EmploymentForm, PeerStatus
from .models import PeerWorker

MAX_ROWS = 2000
MAX_BYTES = 2 * 1024 * 1024

# column: (required, description for the template and docs)
COLUMNS = {
    "voornaam": (True, _lazy("Voornaam")),
    "achternaam": (True, _lazy("Achternaam")),
    "email": (False, _lazy("E-mailadres")),
    "telefoon": (False, _lazy("Telefoonnummer")),
    "status": (False, _lazy("actief, gepauzeerd of vertrokken (standaard: actief)")),
    "in_pool_sinds": (False, _lazy("Datum, bijvoorbeeld 2024-03-01 of 01-03-2024")),
    "uren_per_week": (False, _lazy("Beschikbare uren per week, bijvoorbeeld 8 of 12,5")),
    "max_bewoners": (False, _lazy("Maximaal aantal bewoners tegelijk")),
    "talen": (False, _lazy("Taalcodes of namen, gescheiden door komma's: nl, ar, Turks")),
    "wijken": (False, _lazy("Namen van wijken in uw gemeente, gescheiden door komma's")),
    "soorten_inzet": (False, _lazy("Bijvoorbeeld: Groepsactiviteit, Consultatie aan professionals")),
    "dienstverband": (False, _lazy("Bijvoorbeeld: Vrijwilliger, Participatiebaan")),
    "opleidingsniveau": (
        False,
        _lazy("Geen opleiding ervaringsdeskundigheid, Cursus, MBO-3, MBO-4, HBO, Master"),
    ),
}
EXAMPLE_ROW = {
    "voornaam": "Voorbeeld",
    "achternaam": "Persoon",
    "email": "voorbeeld@example.invalid",
    "telefoon": "06-00000000",
    "status": "actief",
    "in_pool_sinds": "2025-01-15",
    "uren_per_week": "8",
    "max_bewoners": "2",
    "talen": "nl, ar",
    "wijken": "",
    "soorten_inzet": "Groepsactiviteit",
    "dienstverband": "Vrijwilliger met vergoeding",
    "opleidingsniveau": "Cursus",
}


@dataclass
class ImportRow:
    number: int  # the row number as the spreadsheet shows it (header = 1)
    values: dict
    cleaned: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


@dataclass
class ImportCheck:
    filename: str
    rows: list[ImportRow] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)

    @property
    def bad_rows(self) -> list[ImportRow]:
        return [row for row in self.rows if row.errors]

    @property
    def ok(self) -> bool:
        return not self.file_errors and not self.bad_rows and bool(self.rows)


def _lookup(choices) -> dict:
    """Accept a stored value or its Dutch label, case-insensitively."""
    table = {}
    for value, label in choices:
        table[str(value).lower()] = value
        table[str(label).lower()] = value
    return table


STATUS_WORDS = {
    **_lookup(PeerStatus.choices),
    "actief": "active",
    "gepauzeerd": "paused",
    "vertrokken": "left",
}


def _read_rows(filename: str, content: bytes) -> tuple[list[str], list[list[str]]]:
    if filename.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as exc:  # noqa: BLE001 - any unreadable workbook is the user's file, not our bug
            raise ValueError(_("Dit XLSX-bestand kan niet worden gelezen.")) from exc
        sheet = workbook.worksheets[0]
        rows = [
            ["" if cell is None else _cell(cell) for cell in row] for row in sheet.iter_rows(values_only=True)
        ]
        workbook.close()
    else:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = content.decode("cp1252", errors="replace")
        sample = text[:4096]
        try:
            delimiter = csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
        except csv.Error:
            delimiter = ";" if sample.count(";") >= sample.count(",") else ","
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    rows = [row for row in rows if any(str(cell).strip() for cell in row)]
    if not rows:
        return [], []
    header = [str(cell).strip().lower().replace(" ", "_").replace("-", "_") for cell in rows[0]]
    return header, rows[1:]


def _cell(value) -> str:
    if hasattr(value, "date") and callable(value.date):
        return value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.replace(";", ",").split(",") if part.strip()]


def _date(value: str):
    value = value.strip()
    parsed = parse_date(value)
    if parsed is None and value.count("-") == 2:
        day, month, year = value.split("-")
        if len(year) == 4:
            parsed = parse_date(f"{year}-{month.zfill(2)}-{day.zfill(2)}")
    return parsed


def import_check(*, viewer, filename: str, content: bytes) -> ImportCheck:
    """Check a file for the viewer's pool organisation. Writes nothing."""
    check = ImportCheck(filename=filename)
    if len(content) > MAX_BYTES:
        check.file_errors.append(_("Het bestand is groter dan 2 MB."))
        return check
    try:
        header, raw_rows = _read_rows(filename, content)
    except (ValueError, csv.Error) as exc:
        check.file_errors.append(str(exc) or _("Het bestand kan niet worden gelezen."))
        return check
    if not header:
        check.file_errors.append(_("Het bestand is leeg."))
        return check
    unknown = [h for h in header if h and h not in COLUMNS]
    if unknown:
        check.file_errors.append(_("Onbekende kolommen: %s.") % ", ".join(unknown))
    missing = [name for name, (required, _d) in COLUMNS.items() if required and name not in header]
    if missing:
        check.file_errors.append(_("Verplichte kolommen ontbreken: %s.") % ", ".join(missing))
    if len(set(header)) != len(header):
        check.file_errors.append(_("Een kolomnaam komt twee keer voor."))
    if len(raw_rows) > MAX_ROWS:
        check.file_errors.append(_("Meer dan %(max)s rijen; splits het bestand.") % {"max": MAX_ROWS})
    if not raw_rows:
        check.file_errors.append(_("Het bestand heeft geen rijen onder de kolomnamen."))
    if check.file_errors:
        return check

    hoods = {
        n.name.lower(): n.pk for n in Neighbourhood.objects.filter(municipality_id=viewer.municipality_id)
    }
    languages = _lookup(LANGUAGES)
    kinds = _lookup(DeploymentKind.choices)
    employment = _lookup(EmploymentForm.choices)
    education = _lookup(EducationLevel.choices)
    existing = {
        (first.lower(), last.lower(), email.lower())
        for first, last, email in PeerWorker.objects.filter(
            municipality_id=viewer.municipality_id, organisation_id=viewer.organisation.pk
        ).values_list("first_name", "last_name", "email")
    }
    seen: dict = {}
    for index, raw in enumerate(raw_rows, start=2):
        values = {
            name: (str(raw[i]).strip() if i < len(raw) else "") for i, name in enumerate(header) if name
        }
        row = ImportRow(number=index, values=values)
        _check_row(row, hoods, languages, kinds, employment, education)
        key = (
            values.get("voornaam", "").lower(),
            values.get("achternaam", "").lower(),
            values.get("email", "").lower(),
        )
        if key in existing:
            row.errors.append(_("Deze persoon staat al in de pool (zelfde naam en e-mailadres)."))
        if key in seen:
            row.errors.append(_("Dubbel in dit bestand: ook rij %(n)s.") % {"n": seen[key]})
        seen.setdefault(key, index)
        check.rows.append(row)
    return check


def _check_row(row: ImportRow, hoods, languages, kinds, employment, education) -> None:  # noqa: C901
    v, c, errors = row.values, row.cleaned, row.errors
    for name in ("voornaam", "achternaam"):
        if not v.get(name):
            errors.append(_("%(col)s is leeg.") % {"col": name})
        elif len(v[name]) > 100:
            errors.append(_("%(col)s is langer dan 100 tekens.") % {"col": name})
    c["first_name"], c["last_name"] = v.get("voornaam", ""), v.get("achternaam", "")
    email = v.get("email", "")
    if email:
        from django.core.validators import validate_email

        try:
            validate_email(email)
        except Exception:  # noqa: BLE001 - Django's ValidationError; we report in our own words
            errors.append(_("'%(v)s' is geen geldig e-mailadres.") % {"v": email})
    c["email"] = email
    c["phone"] = v.get("telefoon", "")[:30]
    status = v.get("status", "").lower() or "active"
    if status not in STATUS_WORDS:
        errors.append(
            _("Status '%(v)s' is onbekend (actief, gepauzeerd of vertrokken).") % {"v": v["status"]}
        )
    else:
        c["status"] = STATUS_WORDS[status]
        if c["status"] == PeerStatus.LEFT:
            c["left_on"] = timezone.localdate()
    if v.get("in_pool_sinds"):
        joined = _date(v["in_pool_sinds"])
        if joined is None:
            errors.append(_("'%(v)s' is geen datum.") % {"v": v["in_pool_sinds"]})
        c["joined_on"] = joined
    if v.get("uren_per_week"):
        try:
            hours = Decimal(v["uren_per_week"].replace(",", "."))
            if not (0 <= hours <= 60) or hours != hours.quantize(Decimal("0.1")):
                raise InvalidOperation
            c["weekly_hours"] = hours
        except InvalidOperation:
            errors.append(
                _("uren_per_week '%(v)s' is geen aantal uren tussen 0 en 60.") % {"v": v["uren_per_week"]}
            )
    if v.get("max_bewoners"):
        if v["max_bewoners"].isdigit() and int(v["max_bewoners"]) <= 50:
            c["max_residents"] = int(v["max_bewoners"])
        else:
            errors.append(_("max_bewoners '%(v)s' is geen aantal tussen 0 en 50.") % {"v": v["max_bewoners"]})
    for column, table, target, what in (
        ("talen", languages, "languages", _("taal")),
        ("soorten_inzet", kinds, "kinds", _("soort inzet")),
    ):
        items = []
        for item in _split(v.get(column, "")):
            if item.lower() in table:
                value = str(table[item.lower()])
                if value not in items:
                    items.append(value)
            else:
                errors.append(_("Onbekende %(what)s '%(v)s'.") % {"what": what, "v": item})
        c[target] = items
    ids = []
    for item in _split(v.get("wijken", "")):
        if item.lower() in hoods:
            ids.append(hoods[item.lower()])
        else:
            errors.append(_("Wijk '%(v)s' bestaat niet in uw gemeente.") % {"v": item})
    c["neighbourhoods"] = ids
    for column, table, target in (
        ("dienstverband", employment, "employment_form"),
        ("opleidingsniveau", education, "education_level"),
    ):
        if v.get(column):
            if v[column].lower() in table:
                c[target] = str(table[v[column].lower()])
            else:
                errors.append(_("%(col)s '%(v)s' is onbekend.") % {"col": column, "v": v[column]})


def template_csv() -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(safe_row(COLUMNS.keys()))
    writer.writerow(safe_row(EXAMPLE_ROW[name] for name in COLUMNS))
    return out.getvalue()
