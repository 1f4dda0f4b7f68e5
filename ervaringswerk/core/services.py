"""Writes for the tenant and its reference data. Each function is one transaction."""

import csv
import io
import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .models import ExperienceDomain, Municipality, Neighbourhood
from .reference import DEFAULT_EXPERIENCE_DOMAINS

# CBS codes of a wijk (WK + 6 digits) or buurt (BU + 8 digits); the first four digits are the gemeente's.
AREA_CODE = re.compile(r"^(WK\d{6}|BU\d{8})$")
MAX_NEIGHBOURHOODS = 500


def _audit_municipality(municipality: Municipality, action: str, changed=()) -> None:
    # The tenant is not a TenantModel, so its events are not recorded automatically.
    from ervaringswerk.audit.services import audit_record

    audit_record(action=action, obj=municipality, municipality=municipality, changed_fields=list(changed))


@transaction.atomic
def municipality_create(
    *,
    name: str,
    cbs_code: str,
    slug: str | None = None,
    neighbourhoods: list[tuple[str, str]] = (),
    default_max_residents: int | None = None,
    default_weekly_hours: Decimal | None = None,
) -> Municipality:
    """Create a tenant with everything a municipality needs on day one: its own copy of the 14 experience
    domains, its neighbourhoods (name, CBS code) and sensible settings (a default capacity that is not 0,
    so the first imported pool can be matched)."""
    from ervaringswerk.audit.models import AuditAction

    name = (name or "").strip()
    cbs_code = (cbs_code or "").strip().upper()
    municipality = Municipality(name=name, cbs_code=cbs_code, slug=slug or slugify(name))
    if default_max_residents is not None:
        municipality.default_max_residents = default_max_residents
    if default_weekly_hours is not None:
        municipality.default_weekly_hours = default_weekly_hours
    municipality.full_clean()
    municipality.save()
    ExperienceDomain.objects.bulk_create(
        ExperienceDomain(municipality=municipality, slug=slug_, name=label, sort_order=index)
        for index, (slug_, label) in enumerate(DEFAULT_EXPERIENCE_DOMAINS)
    )
    _audit_municipality(municipality, AuditAction.CREATE)
    for wijk, code in neighbourhoods:
        neighbourhood_create(municipality=municipality, name=wijk, code=code)
    return municipality


MUNICIPALITY_SETTINGS = (
    "default_max_residents",
    "default_weekly_hours",
    "small_number_threshold",
    "require_2fa_for_peer_workers",
)


@transaction.atomic
def municipality_settings_update(*, municipality: Municipality, **fields) -> Municipality:
    """The municipality's own settings (its administrator's console); validated and audited."""
    from ervaringswerk.audit.models import AuditAction

    unknown = set(fields) - set(MUNICIPALITY_SETTINGS)
    if unknown:
        raise TypeError(f"Unknown municipality settings: {sorted(unknown)}")
    municipality = Municipality.objects.select_for_update().get(pk=municipality.pk)
    changed = [k for k, v in fields.items() if getattr(municipality, k) != v]
    for key in changed:
        setattr(municipality, key, fields[key])
    if changed:
        municipality.full_clean()
        municipality.save(update_fields=changed)
        _audit_municipality(municipality, AuditAction.UPDATE, changed)
    return municipality


def neighbourhoods_parse(*, text: str = "", csv_file=None, cbs_code: str = "") -> list[tuple[str, str]]:
    """Neighbourhoods typed or pasted one per line ("Naam" or "WK030101 Naam" or "Naam;WK030101") or from a
    CSV with a name column and an optional code column (CBS wijk/buurt codes). Errors name the line."""
    rows: list[tuple[int, str, str]] = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        parts = [p.strip() for p in re.split(r"[;\t,]", line) if p.strip()]
        if len(parts) == 1:
            first, _sep, rest = line.partition(" ")
            parts = [rest.strip(), first] if AREA_CODE.match(first.upper()) and rest.strip() else [line]
        rows.append((number, *_name_and_code(parts)))
    if csv_file is not None:
        rows.extend(_csv_rows(csv_file))
    errors, seen, out = [], set(), []
    for number, wijk, code in rows:
        if not wijk:
            errors.append(_("Regel %(n)s: er staat geen naam.") % {"n": number})
        elif len(wijk) > 100:
            errors.append(_("Regel %(n)s: de naam is langer dan 100 tekens.") % {"n": number})
        elif code and not AREA_CODE.match(code):
            errors.append(
                _(
                    "Regel %(n)s: '%(code)s' is geen CBS-wijkcode (WK + 6 cijfers) "
                    "of -buurtcode (BU + 8 cijfers)."
                )
                % {"n": number, "code": code[:20]}
            )
        elif code and cbs_code and code[2:6] != cbs_code[2:6]:
            errors.append(
                _("Regel %(n)s: code %(code)s hoort niet bij gemeente %(gm)s.")
                % {"n": number, "code": code, "gm": cbs_code}
            )
        elif wijk.lower() in seen:
            errors.append(_("Regel %(n)s: '%(name)s' staat er twee keer in.") % {"n": number, "name": wijk})
        else:
            seen.add(wijk.lower())
            out.append((wijk, code))
    if len(out) > MAX_NEIGHBOURHOODS:
        errors.append(_("Meer dan %(max)s wijken in één keer kan niet.") % {"max": MAX_NEIGHBOURHOODS})
    if errors:
        raise ValidationError(errors)
    return out


def _name_and_code(parts: list[str]) -> tuple[str, str]:
    codes = [p.upper() for p in parts if AREA_CODE.match(p.upper()) or re.match(r"^(WK|BU)\d+$", p, re.I)]
    names = [p for p in parts if p.upper() not in codes]
    return (" ".join(names).strip(), codes[0] if codes else "")


def _csv_rows(csv_file) -> list[tuple[int, str, str]]:
    raw = csv_file.read(512 * 1024 + 1)
    if len(raw) > 512 * 1024:
        raise ValidationError(_("Het CSV-bestand is groter dan 512 kB."))
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(_("Het CSV-bestand is geen UTF-8-tekst.")) from exc
    if "\x00" in content:
        raise ValidationError(_("Het CSV-bestand bevat ongeldige tekens."))
    dialect = ";" if content.count(";") >= content.count(",") else ","
    reader = csv.reader(io.StringIO(content), delimiter=dialect)
    rows = list(reader)
    if not rows:
        return []
    header = [h.strip().lower() for h in rows[0]]
    name_col = next(
        (i for i, h in enumerate(header) if h in {"naam", "name", "wijk", "buurt", "wijknaam"}), None
    )
    code_col = next((i for i, h in enumerate(header) if "code" in h), None)
    start = 1
    if name_col is None:  # no header: name first, code second
        name_col, code_col, start = 0, (1 if len(rows[0]) > 1 else None), 0
    out = []
    for number, row in enumerate(rows[start:], start=start + 1):
        if not any(cell.strip() for cell in row):
            continue
        wijk = row[name_col].strip() if name_col < len(row) else ""
        code = row[code_col].strip().upper() if code_col is not None and code_col < len(row) else ""
        out.append((number, wijk, code))
    return out


@transaction.atomic
def neighbourhood_create(*, municipality: Municipality, name: str, code: str = "") -> Neighbourhood:
    neighbourhood = Neighbourhood(municipality=municipality, name=name.strip(), code=code.strip().upper())
    neighbourhood.full_clean()
    neighbourhood.save()
    return neighbourhood


@transaction.atomic
def neighbourhoods_add(*, municipality: Municipality, rows: list[tuple[str, str]]) -> list[Neighbourhood]:
    """Add parsed neighbourhoods; names that exist already are refused (all or nothing)."""
    existing = {
        n.lower()
        for n in Neighbourhood.objects.filter(municipality=municipality).values_list("name", flat=True)
    }
    double = [name for name, _code in rows if name.lower() in existing]
    if double:
        raise ValidationError(_("Deze wijken bestaan al: %(names)s.") % {"names": ", ".join(double[:10])})
    return [neighbourhood_create(municipality=municipality, name=name, code=code) for name, code in rows]


@transaction.atomic
def neighbourhood_update(*, neighbourhood: Neighbourhood, name: str, code: str = "") -> Neighbourhood:
    code = code.strip().upper()
    if code and not AREA_CODE.match(code):
        raise ValidationError(
            {"code": _("Een CBS-wijkcode is WK + 6 cijfers, een buurtcode BU + 8 cijfers.")}
        )
    neighbourhood.name = name.strip()
    neighbourhood.code = code
    neighbourhood.full_clean()
    neighbourhood.save()
    return neighbourhood


@transaction.atomic
def experience_domain_create(
    *, municipality: Municipality, name: str, description: str = ""
) -> ExperienceDomain:
    name = name.strip()
    base = slugify(name)[:50] or "domein"
    slug, n = base, 1
    while ExperienceDomain.objects.filter(municipality=municipality, slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    if ExperienceDomain.objects.filter(municipality=municipality, name__iexact=name).exists():
        raise ValidationError({"name": _("Er is al een ervaringsdomein met deze naam.")})
    last = ExperienceDomain.objects.filter(municipality=municipality).order_by("-sort_order").first()
    domain = ExperienceDomain(
        municipality=municipality,
        name=name,
        slug=slug,
        description=description.strip(),
        sort_order=(last.sort_order + 1) if last else 0,
    )
    domain.full_clean()
    domain.save()
    return domain


@transaction.atomic
def experience_domain_update(
    *, domain: ExperienceDomain, name: str | None = None, description: str | None = None, is_active=None
) -> ExperienceDomain:
    """Rename or retire (is_active=False) a domain. The slug never changes: peer workers' experience and
    requests keep pointing at it, and a retired domain keeps its history but is no longer offered."""
    if name is not None:
        name = name.strip()
        clash = ExperienceDomain.objects.filter(municipality_id=domain.municipality_id, name__iexact=name)
        if clash.exclude(pk=domain.pk).exists():
            raise ValidationError({"name": _("Er is al een ervaringsdomein met deze naam.")})
        domain.name = name
    if description is not None:
        domain.description = description.strip()
    if is_active is not None:
        domain.is_active = bool(is_active)
    domain.full_clean()
    domain.save()
    return domain
