"""Hire-out statements: what a pool organisation charges a partner for one month.

A statement is computed from approved entries (hours for the partner, in programmes with a rate), grouped
per programme, peer worker, kind of work and rate. Once issued it is numbered and frozen. Issuing again for
the same partner and month charges only the difference with what was issued before: a debit statement
when more is due, a credit statement when less is.
"""

import datetime
import math
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ervaringswerk.core.models import Municipality
from ervaringswerk.organisations.models import ProgrammeRate
from ervaringswerk.webhooks.services import EventKind, event_publish

from .models import EntryStatus, HireOutLine, HireOutStatement, StatementKind, TimeEntry

CENT = Decimal("0.01")


def line_amount(minutes: int, rate: Decimal) -> Decimal:
    """Minutes × hourly rate in euros, rounded half up to the cent once (exact arithmetic before that)."""
    cents = Fraction(minutes) * Fraction(Decimal(rate)) * 100 / 60
    return Decimal(_round_half_up(cents)) / 100


def _round_half_up(value: Fraction) -> int:
    return math.floor(value + Fraction(1, 2)) if value >= 0 else -math.floor(-value + Fraction(1, 2))


def allocate_cents(total: Decimal, exact: dict) -> dict:
    """Split `total` (euros, whole cents) over keys in proportion to their exact amounts (Fractions, in
    cents): each key gets its exact amount rounded down or up, and the parts add up to `total` exactly
    (largest remainder). So 3 × 3:20 h at € 48,50 is € 161,67 + € 161,67 + € 161,66 = € 485,00, what
    10:00 h × € 48,50 is, instead of € 485,01 from rounding each line."""
    base = {key: math.floor(value) for key, value in exact.items()}
    left = int(total * 100) - sum(base.values())
    order = sorted(exact, key=lambda key: (-(exact[key] - base[key]), str(key)))
    step = 1 if left >= 0 else -1
    if step < 0:
        order.reverse()
    index = 0
    while left and order:
        base[order[index % len(order)]] += step
        left -= step
        index += 1
    return {key: Decimal(cents) / 100 for key, cents in base.items()}


def month_bounds(month: datetime.date) -> tuple[datetime.date, datetime.date]:
    first = month.replace(day=1)
    next_month = (first + datetime.timedelta(days=32)).replace(day=1)
    return first, next_month - datetime.timedelta(days=1)


@dataclass
class Line:
    programme: object
    peer: object
    peer_name: str
    work_kind: str
    minutes: int
    hourly_rate: Decimal
    # Set on a correction line: what is due now minus what was charged before, so the cents of every
    # statement for a month add up to exactly the amount of the approved hours (no rounding drift).
    charged: Decimal | None = None

    @property
    def amount(self) -> Decimal:
        if self.charged is not None:
            return self.charged
        return line_amount(self.minutes, self.hourly_rate)

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 2)

    @property
    def programme_name(self) -> str:
        return self.programme.name

    @property
    def programme_code(self) -> str:
        return self.programme.code

    def get_work_kind_display(self):
        from .models import WorkKind

        return WorkKind(self.work_kind).label


@dataclass
class Draft:
    issuer: object
    partner: object
    month: datetime.date
    lines: list
    missing_rates: list
    previous: list

    @property
    def total_minutes(self) -> int:
        return sum(line.minutes for line in self.lines)

    @property
    def total_amount(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal("0.00"))

    @property
    def kind(self) -> str:
        if not self.previous:
            return StatementKind.INVOICE
        return (
            StatementKind.CREDIT if self.total_amount < 0 or self.total_minutes < 0 else StatementKind.DEBIT
        )


def rate_for(rates: list, work_kind: str, day: datetime.date):
    """The programme's rate for this kind of work on this day; a kind's own rate beats the general one."""
    best = None
    for rate in rates:
        if rate.valid_from <= day and (rate.valid_until is None or day <= rate.valid_until):
            if rate.work_kind == work_kind:
                return rate.hourly_rate
            if rate.work_kind == "" and best is None:
                best = rate.hourly_rate
    return best


def billable_entries(*, issuer, partner, month):
    first, last = month_bounds(month)
    return (
        TimeEntry.objects.filter(
            organisation=issuer,
            partner=partner,
            status=EntryStatus.APPROVED,
            date__gte=first,
            date__lte=last,
            programme__isnull=False,
        )
        .select_related("programme", "peer")
        .order_by("date")
    )


def statement_draft(*, issuer, partner, month: datetime.date) -> Draft:
    """What issuing now would charge: approved hours minus what earlier statements already charged."""
    month = month.replace(day=1)
    entries = list(billable_entries(issuer=issuer, partner=partner, month=month))
    programme_ids = {e.programme_id for e in entries}
    rates = defaultdict(list)
    for rate in ProgrammeRate.objects.filter(programme_id__in=programme_ids):
        rates[rate.programme_id].append(rate)
    due = defaultdict(int)
    objects = {}
    missing = []
    for entry in entries:
        rate = rate_for(rates[entry.programme_id], entry.work_kind, entry.date)
        if rate is None:
            missing.append(entry)
            continue
        key = (entry.programme_id, entry.peer_id, entry.work_kind, Decimal(rate))
        due[key] += entry.minutes
        objects[entry.programme_id] = entry.programme
        objects[entry.peer_id] = entry.peer
    previous = list(
        HireOutStatement.objects.filter(issuer=issuer, partner=partner, month=month).order_by("issued_at")
    )
    charged_minutes = defaultdict(int)
    charged_amount = defaultdict(Decimal)
    for line in HireOutLine.objects.filter(statement__in=previous).select_related("programme", "peer"):
        key = (line.programme_id, line.peer_id, line.work_kind, Decimal(line.hourly_rate))
        charged_minutes[key] += line.minutes
        charged_amount[key] += line.amount
        objects[line.programme_id] = line.programme
        objects[line.peer_id] = line.peer
    # Money is rounded once per programme and rate: what all statements of the month charge for a rate
    # is its approved minutes × the rate, rounded to the cent; this statement charges what is still due,
    # spread over the lines whose minutes changed (allocate_cents), so no line drifts a cent.
    groups = defaultdict(list)
    for key in set(due) | set(charged_minutes):
        groups[(key[0], key[3])].append(key)
    lines = []
    for (_programme_id, rate), keys in groups.items():
        due_total = line_amount(sum(due[k] for k in keys), rate)
        still_due = due_total - sum((charged_amount[k] for k in keys), Decimal("0.00"))
        changed = [k for k in keys if due[k] != charged_minutes[k]] or sorted(keys, key=str)[:1]
        exact = {k: Fraction(due[k] - charged_minutes[k]) * Fraction(rate) * 100 / 60 for k in changed}
        amounts = allocate_cents(still_due, exact)
        for key in changed:
            programme_id, peer_id, kind, rate = key
            minutes = due[key] - charged_minutes[key]
            if minutes == 0 and amounts[key] == 0:
                continue
            lines.append(
                Line(
                    programme=objects[programme_id],
                    peer=objects[peer_id],
                    peer_name=objects[peer_id].full_name,
                    work_kind=kind,
                    minutes=minutes,
                    hourly_rate=rate,
                    charged=amounts[key],
                )
            )
    lines.sort(key=lambda line: (line.programme.name, line.peer_name, line.work_kind, line.hourly_rate))
    return Draft(issuer, partner, month, lines, missing, previous)


def _next_number(municipality_id, year: int) -> str:
    # The municipality row is locked by the caller, so two issuers never draw the same number.
    prefix = f"{year}-"
    numbers = HireOutStatement.objects.filter(municipality_id=municipality_id, number__startswith=prefix)
    last = max((int(n.split("-")[1]) for n in numbers.values_list("number", flat=True)), default=0)
    return f"{prefix}{last + 1:05d}"


@transaction.atomic
def statement_issue(*, issuer, partner, month: datetime.date, actor=None) -> HireOutStatement:
    month = month.replace(day=1)
    if month >= timezone.localdate().replace(day=1):
        raise ValidationError({"month": _("Een urenstaat maakt u pas na afloop van de maand.")})
    if partner.pk == issuer.pk or partner.municipality_id != issuer.municipality_id:
        raise ValidationError({"partner": _("Kies een partnerorganisatie van dezelfde gemeente.")})
    Municipality.objects.select_for_update().get(pk=issuer.municipality_id)
    draft = statement_draft(issuer=issuer, partner=partner, month=month)
    if draft.missing_rates:
        programmes = sorted({e.programme.name for e in draft.missing_rates})
        raise ValidationError(
            ngettext(
                "Voor %(n)s goedgekeurde urenregel is geen uurtarief vastgelegd (%(programmes)s). "
                "Leg eerst een tarief vast.",
                "Voor %(n)s goedgekeurde urenregels is geen uurtarief vastgelegd (%(programmes)s). "
                "Leg eerst een tarief vast.",
                len(draft.missing_rates),
            )
            % {"n": len(draft.missing_rates), "programmes": ", ".join(programmes)},
            code="missing_rates",
        )
    if not draft.lines:
        if draft.previous:
            raise ValidationError(
                _("Er is niets veranderd sinds de vorige urenstaat voor deze maand."), code="nothing_changed"
            )
        raise ValidationError(
            _("Er zijn geen goedgekeurde uren voor deze partner in deze maand."), code="nothing_to_issue"
        )
    user = getattr(actor, "user", actor)
    statement = HireOutStatement.objects.create(
        municipality_id=issuer.municipality_id,
        number=_next_number(issuer.municipality_id, timezone.localdate().year),
        kind=draft.kind,
        issuer=issuer,
        partner=partner,
        issuer_name=issuer.name,
        partner_name=partner.name,
        month=month,
        corrects=draft.previous[0] if draft.previous else None,
        total_minutes=draft.total_minutes,
        total_amount=draft.total_amount,
        issued_at=timezone.now(),
        issued_by=user if getattr(user, "is_authenticated", False) else None,
    )
    HireOutLine.objects.bulk_create(
        HireOutLine(
            municipality_id=issuer.municipality_id,
            statement=statement,
            programme=line.programme,
            programme_name=line.programme.name,
            programme_code=line.programme.code,
            peer=line.peer,
            peer_name=line.peer_name,
            work_kind=line.work_kind,
            minutes=line.minutes,
            hourly_rate=line.hourly_rate,
            amount=line.amount,
        )
        for line in draft.lines
    )
    event_publish(
        kind=EventKind.STATEMENT_ISSUED,
        municipality_id=statement.municipality_id,
        resources={"hire_out_statement": statement.pk},
    )
    return statement


def partners_with_billable_hours(*, issuer, month: datetime.date):
    first, last = month_bounds(month)
    from ervaringswerk.organisations.models import Organisation

    ids = (
        TimeEntry.objects.filter(
            Q(organisation=issuer),
            status=EntryStatus.APPROVED,
            date__gte=first,
            date__lte=last,
            partner__isnull=False,
        )
        .values_list("partner_id", flat=True)
        .distinct()
    )
    return Organisation.objects.filter(pk__in=list(ids)).order_by("name")
