"""Import an existing pool from CSV or XLSX: read, map the columns, check every row, report every problem.

The steps (see docs/pool.md):
1. `read_table` reads the file streaming and stops at the caps (bytes, unpacked size, columns, rows,
   cells) before it holds the whole sheet in memory: a hostile or accidental huge sheet is refused at once.
2. `suggest_mapping` proposes a target field per column from Dutch and English headers ("E-mailadres",
   "Startdatum", "Wijk", "First name", ...); the coordinator may change it. Columns mapped to nothing are
   kept aside: listed, never stored, never a reason to refuse the file.
3. `import_check` checks every row against the mapping and writes nothing. Missing capacity (uren per week,
   maximaal aantal bewoners) is filled from the municipality's defaults and the preview says so.
4. `pool.services.pool_import` runs the same check outside any transaction and then writes every row in
   one short transaction, or none at all.

Nothing here raises for bad content: an unreadable file is a file error, a bad cell a row error.
"""

import csv
import datetime
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from ervaringswerk.core.models import Municipality, Neighbourhood
from ervaringswerk.core.reference import DeploymentKind, EducationLevel
from ervaringswerk.core.spreadsheets import safe_row
from ervaringswerk.core.tenancy import Viewer

from .constants import LANGUAGES, EmploymentForm, PeerStatus
from .models import PeerWorker

MAX_BYTES = 2 * 1024 * 1024  # the upload itself
MAX_UNPACKED_BYTES = 40 * 1024 * 1024  # an XLSX is a zip: its parts together, unpacked
MAX_ROWS = 2000  # rows under the header
MAX_COLUMNS = 50
MAX_CELLS = 60_000  # filled cells over the whole sheet (2,000 rows of 30 filled columns)
MAX_SHEET_ROW = 2 * MAX_ROWS  # the last spreadsheet row number read (blank rows in between count)
MAX_CELL_CHARS = 1000

IGNORE = ""  # the mapping target of a column kept aside

# target: (label, description for the template and docs)
COLUMNS = {
    "voornaam": (_lazy("Voornaam"), _lazy("Verplicht, tenzij de kolom Naam de volledige naam heeft")),
    "tussenvoegsel": (_lazy("Tussenvoegsel"), _lazy("Bijvoorbeeld: van der; komt voor de achternaam")),
    "achternaam": (_lazy("Achternaam"), _lazy("Verplicht, tenzij de kolom Naam de volledige naam heeft")),
    "naam": (
        _lazy("Volledige naam"),
        _lazy("Voornaam en achternaam in één kolom: het eerste woord wordt de voornaam"),
    ),
    "email": (_lazy("E-mailadres"), _lazy("Nodig om later uit te nodigen om in te loggen")),
    "telefoon": (_lazy("Telefoonnummer"), _lazy("Maximaal 30 tekens")),
    "status": (_lazy("Status"), _lazy("actief, gepauzeerd of vertrokken (standaard: actief)")),
    "in_pool_sinds": (_lazy("In de pool sinds"), _lazy("Datum, bijvoorbeeld 2024-03-01 of 01-03-2024")),
    "uren_per_week": (
        _lazy("Uren per week"),
        _lazy("Afgesproken uren per week, bijvoorbeeld 8 of 12,5 (leeg: de standaard van de gemeente)"),
    ),
    "max_bewoners": (
        _lazy("Maximaal aantal bewoners"),
        _lazy("Bewoners tegelijk (leeg: de standaard van de gemeente)"),
    ),
    "talen": (_lazy("Talen"), _lazy("Taalcodes of namen, gescheiden door komma's: nl, ar, Turks")),
    "wijken": (_lazy("Wijken"), _lazy("Namen van wijken in uw gemeente, gescheiden door komma's")),
    "soorten_inzet": (
        _lazy("Soorten inzet"),
        _lazy("Bijvoorbeeld: Groepsactiviteit, Consultatie aan professionals"),
    ),
    "dienstverband": (_lazy("Dienstverband"), _lazy("Bijvoorbeeld: Vrijwilliger, Participatiebaan")),
    "opleidingsniveau": (
        _lazy("Opleidingsniveau"),
        _lazy("Geen opleiding ervaringsdeskundigheid, Cursus, MBO-3, MBO-4, HBO, Master"),
    ),
}
# Header words people use for each target, Dutch and English. Compared after `_normalise` (lower case,
# no accents, no spaces or punctuation), so "E-mailadres", "e-mail adres" and "Email" all match.
ALIASES = {
    "voornaam": ["voornaam", "voornamen", "roepnaam", "first name", "firstname", "given name", "forename"],
    "tussenvoegsel": ["tussenvoegsel", "tussenvoegsels", "voorvoegsel", "prefix", "infix"],
    "achternaam": [
        "achternaam",
        "familienaam",
        "geslachtsnaam",
        "last name",
        "lastname",
        "surname",
        "family name",
    ],
    "naam": ["naam", "volledige naam", "name", "full name", "fullname", "naam ervaringsdeskundige"],
    "email": ["email", "e-mail", "e-mailadres", "emailadres", "mailadres", "mail", "e-mail address"],
    "telefoon": [
        "telefoon",
        "telefoonnummer",
        "tel",
        "telnr",
        "mobiel",
        "mobiel nummer",
        "06-nummer",
        "phone",
        "phone number",
        "mobile",
        "telephone",
    ],
    "status": ["status", "state"],
    "in_pool_sinds": [
        "in pool sinds",
        "in de pool sinds",
        "startdatum",
        "begindatum",
        "datum in dienst",
        "in dienst sinds",
        "sinds",
        "start",
        "start date",
        "joined",
        "joined on",
        "member since",
    ],
    "uren_per_week": [
        "uren per week",
        "uren",
        "uren pw",
        "uren p/w",
        "beschikbare uren",
        "afgesproken uren",
        "contracturen",
        "hours per week",
        "hours",
        "weekly hours",
    ],
    "max_bewoners": [
        "max bewoners",
        "maximaal aantal bewoners",
        "max aantal bewoners",
        "aantal bewoners",
        "bewoners",
        "capaciteit",
        "capacity",
        "max residents",
        "residents",
    ],
    "talen": ["talen", "taal", "gesproken talen", "languages", "language"],
    "wijken": [
        "wijken",
        "wijk",
        "buurt",
        "buurten",
        "werkgebied",
        "neighbourhood",
        "neighbourhoods",
        "neighborhood",
        "neighborhoods",
        "district",
        "area",
    ],
    "soorten_inzet": ["soorten inzet", "soort inzet", "inzet", "type inzet", "kinds", "type of work"],
    "dienstverband": ["dienstverband", "contract", "contractvorm", "employment", "employment form"],
    "opleidingsniveau": ["opleidingsniveau", "opleiding", "niveau", "education", "education level"],
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
TEMPLATE_COLUMNS = list(EXAMPLE_ROW)


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]", "", text.lower())


ALIAS_TABLE = {_normalise(alias): target for target, names in ALIASES.items() for alias in [target, *names]}


class FileRefused(Exception):
    """The file cannot be read or is over a cap; the message is the Dutch explanation."""


@dataclass
class Table:
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (spreadsheet row number, cells)


@dataclass
class Column:
    index: int
    header: str
    target: str
    suggested: str
    sample: str


@dataclass
class ImportRow:
    number: int  # the row number as the spreadsheet shows it (header = 1)
    values: dict
    cleaned: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    defaults: list[str] = field(default_factory=list)  # targets filled from the municipality's default


@dataclass
class ImportCheck:
    filename: str
    rows: list[ImportRow] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    columns: list[Column] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def bad_rows(self) -> list[ImportRow]:
        return [row for row in self.rows if row.errors]

    @property
    def ok(self) -> bool:
        return not self.file_errors and not self.bad_rows and bool(self.rows)

    @property
    def ignored(self) -> list[Column]:
        return [c for c in self.columns if c.target == IGNORE and c.header]

    @property
    def readable(self) -> bool:
        """The file could be read: the mapping step can be shown (file errors may be mapping problems)."""
        return bool(self.columns)


# --------------------------------------------------------------------------------------------- reading


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_rows(content: bytes):
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise FileRefused(_("Dit XLSX-bestand kan niet worden gelezen.")) from exc
    if unpacked > MAX_UNPACKED_BYTES:
        raise FileRefused(
            _("Dit XLSX-bestand is uitgepakt groter dan %(mb)s MB; splits het bestand.")
            % {"mb": MAX_UNPACKED_BYTES // (1024 * 1024)}
        )
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any unreadable workbook is the user's file, not our bug
        raise FileRefused(_("Dit XLSX-bestand kan niet worden gelezen.")) from exc
    try:
        sheet = workbook.worksheets[0]
        # openpyxl pads every row up to the size the file declares (`<dimension>`), which a file may
        # declare as 1,048,576 rows x 16,384 columns; forget it, so rows come as they are stored and the
        # caps below count what is really there.
        sheet.reset_dimensions()
        rows = sheet.iter_rows(values_only=True)
        number = 0
        while True:
            try:
                row = next(rows)
            except StopIteration:
                break
            except Exception as exc:  # noqa: BLE001 - broken XML, a NUL entity, a date no calendar has
                # the user's file, not our bug: say which row, never a 500
                raise FileRefused(
                    _("Rij %(n)s van het XLSX-bestand kan niet worden gelezen (een ongeldige datum of cel).")
                    % {"n": number + 1}
                ) from exc
            number += 1
            yield number, ["" if value is None else _cell(value) for value in row]
    finally:
        workbook.close()


def _csv_rows(content: bytes):
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252", errors="replace")
    sample = text[:4096]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
    except csv.Error:
        delimiter = ";" if sample.count(";") >= sample.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        for row in reader:
            yield reader.line_num, row
    except csv.Error as exc:
        raise FileRefused(
            _("Regel %(n)s van het CSV-bestand kan niet worden gelezen.") % {"n": reader.line_num}
        ) from exc


def read_table(filename: str, content: bytes) -> Table:
    """Read the first sheet (or the CSV) row by row and stop as soon as a cap is passed."""
    if len(content) > MAX_BYTES:
        raise FileRefused(_("Het bestand is groter dan 2 MB."))
    source = _xlsx_rows(content) if filename.lower().endswith(".xlsx") else _csv_rows(content)
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    cells = 0
    for number, raw in source:
        if number > MAX_SHEET_ROW:
            raise FileRefused(_("Meer dan %(max)s rijen; splits het bestand.") % {"max": MAX_ROWS})
        values = [str(value).strip() for value in raw]
        while values and not values[-1]:
            values.pop()
        if not values:
            continue
        if len(values) > MAX_COLUMNS:
            raise FileRefused(
                _("Rij %(n)s heeft meer dan %(max)s kolommen.") % {"n": number, "max": MAX_COLUMNS}
            )
        cells += sum(1 for value in values if value)
        if cells > MAX_CELLS:
            raise FileRefused(
                _("Het bestand heeft meer dan %(max)s gevulde cellen; splits het bestand.")
                % {"max": MAX_CELLS}
            )
        if header is None:
            header = values
            continue
        if len(rows) >= MAX_ROWS:
            raise FileRefused(_("Meer dan %(max)s rijen; splits het bestand.") % {"max": MAX_ROWS})
        rows.append((number, values))
    return Table(header=header or [], rows=rows)


# --------------------------------------------------------------------------------------------- mapping


def suggest_mapping(header: list[str]) -> list[str]:
    """A target per column (or IGNORE); each target at most once, the first column that matches wins."""
    taken: set[str] = set()
    mapping = []
    for name in header:
        target = ALIAS_TABLE.get(_normalise(name), IGNORE)
        if target in taken:
            target = IGNORE
        if target:
            taken.add(target)
        mapping.append(target)
    return mapping


def _mapping_errors(mapping: list[str]) -> list[str]:
    errors = []
    chosen = [t for t in mapping if t]
    doubles = sorted({t for t in chosen if chosen.count(t) > 1})
    for target in doubles:
        errors.append(_("%(label)s is aan meer dan één kolom gekoppeld.") % {"label": COLUMNS[target][0]})
    has_parts = "voornaam" in chosen and "achternaam" in chosen
    if not has_parts and "naam" not in chosen:
        errors.append(
            _("Koppel een kolom aan Voornaam en een aan Achternaam, of één kolom aan Volledige naam.")
        )
    return errors


# --------------------------------------------------------------------------------------------- checking


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


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.replace(";", ",").split(",") if part.strip()]


def _date(value: str):
    """A date, or None when the text is no date or no day that exists (31-02-2024)."""
    value = value.strip()
    try:
        parsed = parse_date(value)
        if parsed is None and value.count("-") == 2:
            day, month, year = value.split("-")
            if len(year) == 4:
                parsed = parse_date(f"{year}-{month.zfill(2)}-{day.zfill(2)}")
    except ValueError:  # well formed, but no such day
        return None
    return parsed


def import_check(
    *,
    viewer: Viewer,
    filename: str,
    content: bytes,
    mapping: list[str] | None = None,
    table: Table | None = None,
) -> ImportCheck:
    """Check a file for the viewer's pool organisation with a column mapping (default: the suggestion).

    Writes nothing and opens no transaction."""
    check = ImportCheck(filename=filename)
    if table is None:
        try:
            table = read_table(filename, content)
        except FileRefused as exc:
            check.file_errors.append(str(exc))
            return check
    if not table.header:
        check.file_errors.append(_("Het bestand is leeg."))
        return check
    suggested = suggest_mapping(table.header)
    if mapping is None:
        mapping = suggested
    mapping = (list(mapping) + [IGNORE] * len(table.header))[: len(table.header)]
    mapping = [target if target in COLUMNS else IGNORE for target in mapping]
    for index, name in enumerate(table.header):
        sample = next((cells[index] for _n, cells in table.rows if index < len(cells) and cells[index]), "")
        check.columns.append(
            Column(index=index, header=name, target=mapping[index], suggested=suggested[index], sample=sample)
        )
    check.file_errors.extend(_mapping_errors(mapping))
    if not table.rows:
        check.file_errors.append(_("Het bestand heeft geen rijen onder de kolomnamen."))
    if check.file_errors:
        return check

    municipality = Municipality.objects.get(pk=viewer.municipality_id)
    context = {
        "hoods": {
            n.name.lower(): n.pk for n in Neighbourhood.objects.filter(municipality_id=viewer.municipality_id)
        },
        "languages": _lookup(LANGUAGES),
        "kinds": _lookup(DeploymentKind.choices),
        "employment": _lookup(EmploymentForm.choices),
        "education": _lookup(EducationLevel.choices),
        "default_hours": municipality.default_weekly_hours,
        "default_residents": municipality.default_max_residents,
    }
    existing = {
        (first.lower(), last.lower(), email.lower())
        for first, last, email in PeerWorker.objects.filter(
            municipality_id=viewer.municipality_id, organisation_id=viewer.organisation_id
        ).values_list("first_name", "last_name", "email")
    }
    seen: dict = {}
    for number, cells in table.rows:
        values = {
            target: (cells[index] if index < len(cells) else "")
            for index, target in enumerate(mapping)
            if target
        }
        row = ImportRow(number=number, values=values)
        _check_row(row, context)
        key = (
            row.cleaned.get("first_name", "").lower(),
            row.cleaned.get("last_name", "").lower(),
            row.cleaned.get("email", "").lower(),
        )
        if key in existing:
            row.errors.append(_("Deze persoon staat al in de pool (zelfde naam en e-mailadres)."))
        if key in seen:
            row.errors.append(_("Dubbel in dit bestand: ook rij %(n)s.") % {"n": seen[key]})
        seen.setdefault(key, number)
        check.rows.append(row)
    _default_notes(check, context)
    return check


def _default_notes(check: ImportCheck, context) -> None:
    for target, label, default in (
        ("max_bewoners", _("maximaal aantal bewoners"), context["default_residents"]),
        ("uren_per_week", _("uren per week"), context["default_hours"]),
    ):
        count = sum(1 for row in check.rows if target in row.defaults)
        if not count:
            continue
        note = _(
            "%(n)s rij(en) zonder %(label)s: de standaard van uw gemeente wordt gebruikt (%(default)s)."
        ) % {"n": count, "label": label, "default": default}
        if not default:
            note += " " + _(
                "Die standaard is 0: deze ervaringsdeskundigen krijgen geen voorstellen voor bewoners "
                "of uren tot u dit aanpast (per persoon, of in de instellingen van de gemeente)."
            )
        check.notes.append(note)


def _full_name(value: str) -> tuple[str, str]:
    """'Anna van der Berg' -> ('Anna', 'van der Berg'); 'Berg, Anna' -> ('Anna', 'Berg')."""
    if "," in value:
        last, _sep, first = value.partition(",")
        return first.strip(), last.strip()
    first, _sep, last = value.strip().partition(" ")
    return first.strip(), last.strip()


def _check_row(row: ImportRow, ctx) -> None:  # noqa: C901, PLR0912, PLR0915 - one check per column
    v, c, errors = row.values, row.cleaned, row.errors
    for target, value in v.items():
        label = COLUMNS[target][0]
        if "\x00" in value:
            errors.append(
                _("%(col)s bevat een onzichtbaar teken (NUL) dat niet kan worden opgeslagen.")
                % {"col": label}
            )
            v[target] = value = value.replace("\x00", "")
        if len(value) > MAX_CELL_CHARS:
            errors.append(_("%(col)s is langer dan %(max)s tekens.") % {"col": label, "max": MAX_CELL_CHARS})
    first, last = v.get("voornaam", ""), v.get("achternaam", "")
    if v.get("naam") and not (first and last):
        whole_first, whole_last = _full_name(v["naam"])
        first, last = first or whole_first, last or whole_last
    if v.get("tussenvoegsel") and last:
        last = f"{v['tussenvoegsel']} {last}"
    for label, value in ((_("Voornaam"), first), (_("Achternaam"), last)):
        if not value:
            errors.append(_("%(col)s is leeg.") % {"col": label})
        elif len(value) > 100:
            errors.append(_("%(col)s is langer dan 100 tekens.") % {"col": label})
    c["first_name"], c["last_name"] = first, last
    email = v.get("email", "")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors.append(_("'%(v)s' is geen geldig e-mailadres.") % {"v": email})
    c["email"] = email
    phone = v.get("telefoon", "")
    if len(phone) > 30:
        errors.append(_("Telefoonnummer is langer dan 30 tekens."))
    c["phone"] = phone[:30]
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
            errors.append(_("'%(v)s' is geen bestaande datum.") % {"v": v["in_pool_sinds"]})
        elif not (datetime.date(1900, 1, 1) <= joined <= timezone.localdate()):
            errors.append(
                _("In de pool sinds '%(v)s' ligt niet tussen 1900 en vandaag.") % {"v": v["in_pool_sinds"]}
            )
        else:
            c["joined_on"] = joined
    if v.get("uren_per_week"):
        try:
            hours = Decimal(v["uren_per_week"].replace(",", "."))
            if not (0 <= hours <= 60) or hours != hours.quantize(Decimal("0.1")):
                raise InvalidOperation
            c["weekly_hours"] = hours
        except InvalidOperation:
            errors.append(
                _("Uren per week '%(v)s' is geen aantal uren tussen 0 en 60.") % {"v": v["uren_per_week"]}
            )
    else:
        c["weekly_hours"] = ctx["default_hours"]
        row.defaults.append("uren_per_week")
    if v.get("max_bewoners"):
        value = v["max_bewoners"]
        if value.isascii() and value.isdecimal() and int(value) <= 50:
            c["max_residents"] = int(value)
        else:
            errors.append(_("Maximaal aantal bewoners '%(v)s' is geen aantal tussen 0 en 50.") % {"v": value})
    else:
        c["max_residents"] = ctx["default_residents"]
        row.defaults.append("max_bewoners")
    for column, table, target, what in (
        ("talen", ctx["languages"], "languages", _("taal")),
        ("soorten_inzet", ctx["kinds"], "kinds", _("soort inzet")),
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
        if item.lower() in ctx["hoods"]:
            ids.append(ctx["hoods"][item.lower()])
        else:
            errors.append(_("Wijk '%(v)s' bestaat niet in uw gemeente.") % {"v": item})
    c["neighbourhoods"] = ids
    for column, table, target in (
        ("dienstverband", ctx["employment"], "employment_form"),
        ("opleidingsniveau", ctx["education"], "education_level"),
    ):
        if v.get(column):
            if v[column].lower() in table:
                c[target] = str(table[v[column].lower()])
            else:
                errors.append(_("%(col)s '%(v)s' is onbekend.") % {"col": COLUMNS[column][0], "v": v[column]})


def template_csv() -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(safe_row(TEMPLATE_COLUMNS))
    writer.writerow(safe_row(EXAMPLE_ROW[name] for name in TEMPLATE_COLUMNS))
    return out.getvalue()
