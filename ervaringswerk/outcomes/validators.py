"""Keeping residents pseudonymous: a trajectory code must never be a name or a BSN."""

import re
import secrets

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CODE_RE = re.compile(r"^[A-Z0-9]+(?:-[A-Z0-9]+)*$")
# No 0/O or 1/I: codes are read aloud and copied from paper forms.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def passes_eleven_test(digits: str) -> bool:
    """The BSN 'elfproef': 9 digits d1..d9 with 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 divisible by 11."""
    if len(digits) != 9 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - int(digits[8])
    return total % 11 == 0 and digits != "000000000"


def validate_pseudonymous_code(code: str) -> None:
    if not 4 <= len(code) <= 20:
        raise ValidationError(_("Een code heeft 4 tot 20 tekens."), code="length")
    if not CODE_RE.match(code):
        raise ValidationError(
            _("Gebruik alleen hoofdletters, cijfers en streepjes (bijvoorbeeld HM-4K7Q2)."), code="format"
        )
    if not any(ch.isdigit() for ch in code):
        raise ValidationError(
            _("Een code bevat minstens één cijfer, zodat er nooit per ongeluk een naam in staat."),
            code="no_digit",
        )
    digits = code.replace("-", "")
    if digits.isdigit() and len(digits) in (8, 9):
        raise ValidationError(_("Dit lijkt op een BSN. Gebruik nooit een BSN als code."), code="bsn")
    for run in re.findall(r"\d{9}", digits):
        if passes_eleven_test(run):
            raise ValidationError(_("Dit lijkt op een BSN. Gebruik nooit een BSN als code."), code="bsn")


def generate_code(prefix: str) -> str:
    body = "".join(secrets.choice(CODE_ALPHABET) for _ in range(5))
    if not any(ch.isdigit() for ch in body):
        body = body[:4] + secrets.choice("23456789")
    return f"{prefix}-{body}"
