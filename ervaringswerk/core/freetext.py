"""Free text about residents and deployments: one check on every save, for pages and the API alike.

`free_text_validate(Model, field=value, ...)` is the one door. Services call it before they write, so a page
form and an API serializer meet the same rules with the same Dutch messages:

1. **Length**: the model field's `max_length` is the one limit of that field (a form, a serializer and the
   service all read it from the model, see `limit()`).
2. **BSN**: a nine-digit number (spaces, dots or hyphens allowed between digits) that passes the 11-proef is
   always refused.
3. **Other personal data**: names (deduce), addresses (street with house number, postcode), phone numbers,
   e-mail addresses and birth dates are refused too, with the spans found and a de-identified version of
   the text (`deidentify()`) that a page offers to accept in one click and the API names in its 400 answer.

deduce (Dutch de-identification, pinned in requirements.txt) loads about a gigabyte of lookup structures:
it is loaded once per process, on the first check that needs it, and kept (`_deducer()`). The set-up
(`make install`) builds deduce's cache so that the first load reads it instead of building for minutes.
Precision and recall on our own Dutch test set are measured by `manage.py deid_measure` (docs/privacy.md).
"""

from __future__ import annotations

import datetime
import gc
import re
import threading
from dataclasses import asdict, dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

BSN, NAME, ADDRESS, PHONE, EMAIL, BIRTH_DATE = "bsn", "name", "address", "phone", "email", "birth_date"

KIND_LABELS = {
    BSN: gettext_lazy("BSN"),
    NAME: gettext_lazy("naam"),
    ADDRESS: gettext_lazy("adres"),
    PHONE: gettext_lazy("telefoonnummer"),
    EMAIL: gettext_lazy("e-mailadres"),
    BIRTH_DATE: gettext_lazy("geboortedatum"),
}
# Placeholders in the de-identified text: lower case and in brackets, so they never look like data again.
PLACEHOLDERS = {
    BSN: "[bsn]",
    NAME: "[naam]",
    ADDRESS: "[adres]",
    PHONE: "[telefoonnummer]",
    EMAIL: "[e-mailadres]",
    BIRTH_DATE: "[geboortedatum]",
}
# When two findings overlap, the merged span takes the kind that matters most.
PRIORITY = [BSN, EMAIL, PHONE, ADDRESS, BIRTH_DATE, NAME]


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str
    text: str

    def as_dict(self) -> dict:
        return asdict(self)


# ------------------------------------------------------------------------------------------------ BSN

# As people write a BSN: 123456782, 123 456 782, 123.456.782, 123-456-782 or 1234.56.782.
_NINE_DIGITS = re.compile(r"(?<![\d.\-])(?:\d{3}([ .\-]?)\d{3}\1\d{3}|\d{4}([ .])\d{2}\2\d{3})(?![\d])")


def is_bsn(digits: str) -> bool:
    """The 11-proef of the burgerservicenummer: 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 is a multiple of 11."""
    if len(digits) != 9 or not digits.isdigit() or digits == "000000000":
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - int(digits[8])
    return total % 11 == 0


def _bsn_spans(text: str) -> list[Span]:
    spans = []
    for match in _NINE_DIGITS.finditer(text):
        if is_bsn(re.sub(r"\D", "", match.group())):
            spans.append(Span(match.start(), match.end(), BSN, match.group()))
    return spans


# ------------------------------------------------------------------------------- our own patterns

# Phone numbers: 0, +31 or 0031 and nine more digits, single separators allowed (06-12345678,
# 0492 123 456, +31 6 1234 5678, (0492) 123456).
_PHONE = re.compile(r"(?<![\w+])(?:\+31|0031|\(?0)(?:[ \-.)/]{0,2}\d){9}(?!\d)")
_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
_POSTCODE = re.compile(r"(?<![\w])[1-9]\d{3} ?(?!SA|SD|SS)[A-Z]{2}(?![\w])")
_STREET = re.compile(
    r"(?<![\w])[A-Za-zÀ-ÿ'][\w'À-ÿ\-]*"
    r"(?:straat|laan|weg|plein|singel|gracht|kade|dreef|hof|pad|steeg|dijk|park|baan|ring|markt|wal|erf)"
    r"\s+\d{1,5}(?:\s?[a-zA-Z](?![\w]))?(?:[\-/]\d{1,4})?(?!\d)"
)
_MONTHS = (
    "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|"
    "jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec"
)
_DATE = re.compile(
    r"(?<![\d])(?:"
    r"(?P<d1>\d{1,2})[\-/.](?P<m1>\d{1,2})[\-/.](?P<y1>\d{4})"
    r"|(?P<y2>\d{4})-(?P<m2>\d{1,2})-(?P<d2>\d{1,2})"
    rf"|(?P<d3>\d{{1,2}})\s+(?:{_MONTHS})\.?\s+(?P<y3>\d{{4}})"
    r")(?![\d])",
    re.IGNORECASE,
)
_BIRTH_CONTEXT = re.compile(r"(geboren|geb\.|geb\b|geboortedatum|geboortedag|geb\.datum|°)", re.IGNORECASE)
# A full date this many years back is, in a note about a resident, almost always a birth date.
BIRTH_YEARS_BACK = 16


def _date_spans(text: str, today: datetime.date) -> list[Span]:
    spans = []
    for match in _DATE.finditer(text):
        year = int(match.group("y1") or match.group("y2") or match.group("y3"))
        before = text[max(0, match.start() - 30) : match.start()]
        if _BIRTH_CONTEXT.search(before) or year <= today.year - BIRTH_YEARS_BACK:
            spans.append(Span(match.start(), match.end(), BIRTH_DATE, match.group()))
    return spans


def _pattern_spans(text: str, today: datetime.date) -> list[Span]:
    spans = _bsn_spans(text)
    for pattern, kind in ((_EMAIL, EMAIL), (_PHONE, PHONE), (_POSTCODE, ADDRESS), (_STREET, ADDRESS)):
        for m in pattern.finditer(text):
            if kind == PHONE and _DATE.match(text, m.start() + (text[m.start()] == "(")):
                continue  # "06-06-2026 14:00" is a date and a time, not a phone number
            spans.append(Span(m.start(), m.end(), kind, m.group()))
    spans.extend(_date_spans(text, today))
    return spans


# ------------------------------------------------------------------------------------------ deduce

_lock = threading.Lock()
_instance = None


def _deducer():
    """deduce's Deduce, built once per process (it reads ~80 MB of lookup structures) and then shared."""
    global _instance
    if _instance is None:
        with _lock:
            if _instance is None:
                from deduce import Deduce

                _instance = Deduce()
                # Its ~4.5 million objects live as long as the process: out of the collector's reach, or
                # every full collection walks them (2.7 s, a pause in some request). Under gunicorn's
                # --preload this also keeps the forked workers from touching (copying) the shared pages.
                gc.freeze()
    return _instance


def warm_up() -> None:
    """Load deduce now. Called by config/wsgi.py: loading takes 10-60 s, which a first request that checks
    free text would otherwise spend inside gunicorn's timeout (seen: a request form timing out after 60 s)."""
    _deducer()


# deduce's tags that we refuse, and as what. Institutions, ages, places alone, URLs and other numbers are
# not personal data of a resident in our notes (the organisations are named on purpose), so they pass.
# Dates come from our own pattern, which knows which dates are birth dates (deduce tags every date).
_DEDUCE_KINDS = {
    "persoon": NAME,
    "patient": NAME,
    "telefoonnummer": PHONE,
    "emailadres": EMAIL,
    "bsn": BSN,
}


_WORD = re.compile(r"[^\W\d_][\w'\-]*")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]|\n)\s*[\-•*(\"'“]*\s*$")


def _common_word_not_a_name(text: str, start: int, end: int) -> bool:
    """A name finding that is one capitalised word at the start of a sentence, which is a common Dutch word
    in deduce's own list (`common_word`, whose exceptions already keep words like "Groot" or "Bel" out) and
    not a first name: "Oud dringend verzoek", "Mooi dat het lukte". Such a capital says "new sentence",
    not "name". Not followed or preceded by another name part (deduce would have taken that into the
    finding: "Mevrouw Oud"), and not mid-sentence ("gesprek met Oud" stays a name)."""
    words = _WORD.findall(text[start:end])
    if len(words) != 1 or not _SENTENCE_START.search(text[:start]):
        return False
    word = words[0]
    lookup = _deducer().lookup_structs
    return word.lower() in lookup["common_word"] and [word] not in lookup["first_name"]


def _deduce_spans(text: str) -> list[Span]:
    spans = []
    for annotation in _deducer().deidentify(text).annotations:
        tag = annotation.tag
        kind = _DEDUCE_KINDS.get(tag)
        if kind == NAME and _common_word_not_a_name(text, annotation.start_char, annotation.end_char):
            continue
        if tag == "locatie" and re.search(r"\d", annotation.text):
            kind = ADDRESS  # a street with a house number or a postcode; a town alone is not an address
        if kind == BSN and not is_bsn(re.sub(r"\D", "", annotation.text)):
            continue  # only the 11-proef decides what is a BSN
        if kind:
            spans.append(Span(annotation.start_char, annotation.end_char, kind, annotation.text))
    return spans


# ------------------------------------------------------------------------------------------ public


def _merge(spans: list[Span], text: str) -> list[Span]:
    merged: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            kind = min(last.kind, span.kind, key=PRIORITY.index)
            end = max(last.end, span.end)
            merged[-1] = Span(last.start, end, kind, text[last.start : end])
        else:
            merged.append(span)
    return merged


def find_personal_data(text: str, *, today: datetime.date | None = None) -> list[Span]:
    """Every span of `text` that the check refuses, in order, without overlaps."""
    if not text or not text.strip():
        return []
    today = today or timezone.localdate()
    return _merge(_pattern_spans(text, today) + _deduce_spans(text), text)


def deidentify(text: str, spans: list[Span] | None = None) -> str:
    """`text` with every finding replaced by its placeholder ([naam], [adres], ...)."""
    spans = find_personal_data(text) if spans is None else spans
    out, position = [], 0
    for span in spans:
        out.append(text[position : span.start])
        out.append(PLACEHOLDERS[span.kind])
        position = span.end
    out.append(text[position:])
    return "".join(out)


def limit(model, field_name: str) -> int | None:
    """The one length limit of a free-text field: its model field's max_length."""
    return model._meta.get_field(field_name).max_length


def _problem(model, name: str, value) -> ValidationError | None:
    if not isinstance(value, str) or not value:
        return None
    maximum = limit(model, name)
    if maximum is not None and len(value) > maximum:
        return ValidationError(
            _("Deze tekst is %(length)s tekens lang; het maximum is %(limit)s tekens."),
            code="max_length",
            params={"length": len(value), "limit": maximum},
        )
    spans = find_personal_data(value)
    if not spans:
        return None
    found = ", ".join(f"“{s.text}” ({KIND_LABELS[s.kind]})" for s in spans)
    params = {"found": found, "spans": [s.as_dict() for s in spans], "deidentified": deidentify(value, spans)}
    if any(s.kind == BSN for s in spans):
        return ValidationError(
            _(
                "Een BSN hoort hier nooit: %(found)s. Haal het weg; bewoners staan alleen met hun "
                "pseudonieme code in Ervaringswerk."
            ),
            code="bsn",
            params=params,
        )
    return ValidationError(
        _(
            "Deze tekst bevat persoonsgegevens: %(found)s. Schrijf zonder namen, adressen, "
            "telefoonnummers, e-mailadressen of geboortedata, of neem de versie zonder persoonsgegevens over."
        ),
        code="personal_data",
        params=params,
    )


def free_text_errors(model, *, names: dict | None = None, **values) -> dict[str, ValidationError]:
    errors = {}
    for name, value in values.items():
        problem = _problem(model, (names or {}).get(name, name), value)
        if problem is not None:
            errors[name] = problem
    return errors


def free_text_validate(model, *, names: dict | None = None, **values) -> None:
    """Refuse (ValidationError per field) free text that is too long or holds personal data.

    `values` are keyed as the caller's input names them (a form's or serializer's field); `names` maps an
    input name to the model field whose limit applies when the two differ ({"note": "response_note"})."""
    errors = free_text_errors(model, names=names, **values)
    if errors:
        raise ValidationError(errors)
