"""Hire-out statements: totals from approved hours only, corrections as the exact difference, numbering,
immutability, the PDF and XLSX documents, and the pages around them."""

import datetime
import io
from collections import defaultdict
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ervaringswerk.accounts.viewer import viewer_for
from ervaringswerk.audit.models import AuditAction, AuditEvent
from ervaringswerk.core.tenancy import Role
from ervaringswerk.hours.documents import euro, statement_pdf, statement_xlsx
from ervaringswerk.hours.models import (
    EntryStatus,
    HireOutLine,
    HireOutStatement,
    ImmutableError,
    StatementKind,
    TimeEntry,
    WorkKind,
)
from ervaringswerk.hours.services import time_entry_approve, time_entry_correct, time_entry_create
from ervaringswerk.hours.statements import line_amount, statement_draft, statement_issue
from ervaringswerk.organisations.models import OrganisationKind
from ervaringswerk.organisations.services import organisation_create, programme_rate_add
from ervaringswerk.pool.services import peer_worker_create

from .factories import peer_for, programme_for
from .matrix_programmes import issued_statement

D = datetime.date
MARCH = D(2026, 3, 1)
RATE_CHANGE = D(2026, 3, 16)
GENERAL_BEFORE, GENERAL_AFTER, GROUP_RATE = Decimal("50.00"), Decimal("55.25"), Decimal("61.10")


def expected_rate(kind: str, day: D) -> Decimal:
    """The test's own reading of the rates below: a kind's own rate beats the general one."""
    if kind == WorkKind.GROUP:
        return GROUP_RATE
    return GENERAL_BEFORE if day < RATE_CHANGE else GENERAL_AFTER


@pytest.fixture
def hire(world):
    t = world.a
    programme = programme_for(t, code="HUUR", rate=None, hours_total=Decimal(100000))
    programme_rate_add(
        programme=programme, hourly_rate=GENERAL_BEFORE, valid_from=D(2026, 1, 1), valid_until=D(2026, 3, 15)
    )
    programme_rate_add(programme=programme, hourly_rate=GENERAL_AFTER, valid_from=RATE_CHANGE)
    programme_rate_add(
        programme=programme, hourly_rate=GROUP_RATE, valid_from=D(2026, 1, 1), work_kind=WorkKind.GROUP
    )
    second = organisation_create(
        municipality=t.municipality, name="Schuldhulp Aastad", kind=OrganisationKind.DEBT_HELP
    )
    programme.partners.add(second)
    peers = [
        peer_for(t),
        peer_worker_create(
            organisation=t.organisations["pool"],
            first_name="Bram",
            last_name="Tweede",
            joined_on=D(2025, 1, 1),
            weekly_hours=Decimal(16),
            employment_form="payroll",
        ),
    ]
    coordinator = viewer_for(t.users[Role.COORDINATOR])
    return t, programme, [t.organisations["team"], second], peers, coordinator


ENTRY = st.fixed_dictionaries(
    {
        "day": st.dates(min_value=D(2026, 2, 20), max_value=D(2026, 4, 10)),
        "minutes": st.integers(min_value=1, max_value=600),
        "kind": st.sampled_from(WorkKind.values),
        "status": st.sampled_from(EntryStatus.values),
        "partner": st.sampled_from([0, 1, None]),
        "peer": st.sampled_from([0, 1]),
    }
)


def _make(t, programme, partners, peers, spec) -> TimeEntry:
    # Written directly: the property is about statements, not about the booking rules of the services.
    return TimeEntry.objects.create(
        municipality=t.municipality,
        peer=peers[spec["peer"]],
        organisation=t.organisations["pool"],
        programme=programme,
        partner=None if spec["partner"] is None else partners[spec["partner"]],
        date=spec["day"],
        minutes=spec["minutes"],
        work_kind=spec["kind"],
        status=spec["status"],
    )


def _approved_amount(entries, partner) -> tuple[int, Decimal]:
    """What the approved hours of March for this partner are worth, computed without the app's code."""
    per_line = defaultdict(int)
    for e in entries:
        if e.status == EntryStatus.APPROVED and e.partner_id == partner.pk and e.date.month == 3:
            per_line[(e.peer_id, e.work_kind, expected_rate(e.work_kind, e.date))] += e.minutes
    minutes = sum(per_line.values())
    # money is rounded once per rate (one programme here): the minutes at a rate × the rate, to the cent
    per_rate = defaultdict(int)
    for (_p, _k, rate), m in per_line.items():
        per_rate[rate] += m
    amount = sum((_cents(m * rate / 60) for rate, m in per_rate.items()), Decimal("0.00"))
    return minutes, amount, per_line


def _cents(value: Decimal) -> Decimal:
    from decimal import ROUND_HALF_UP

    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    specs=st.lists(ENTRY, min_size=1, max_size=25),
    corrections=st.lists(st.tuples(st.integers(0, 24), st.integers(1, 600)), max_size=4),
)
def test_statement_totals_equal_the_approved_hours(hire, specs, corrections):
    t, programme, partners, peers, coordinator = hire
    # Each example runs in a savepoint that is rolled back, so examples never see each other's rows.
    with transaction.atomic():
        entries = [_make(t, programme, partners, peers, spec) for spec in specs]
        issued = {}
        for partner in partners:
            minutes, amount, per_line = _approved_amount(entries, partner)
            if not minutes:
                with pytest.raises(ValidationError, match="geen goedgekeurde uren"):
                    statement_issue(issuer=t.organisations["pool"], partner=partner, month=MARCH)
                continue
            statement = statement_issue(issuer=t.organisations["pool"], partner=partner, month=MARCH)
            lines = list(statement.lines.all())
            assert statement.kind == StatementKind.INVOICE
            assert statement.total_minutes == minutes
            assert sum(line.minutes for line in lines) == minutes
            assert statement.total_amount == sum(line.amount for line in lines) == amount
            # each line is its exact amount rounded down or up to the cent, never further off
            assert all(
                abs(line.amount - line.minutes * line.hourly_rate / 60) < Decimal("0.01") for line in lines
            )
            # Line by line the same as the approved hours: nothing submitted, returned or replaced.
            assert {
                (line.peer_id, line.work_kind, line.hourly_rate): line.minutes for line in lines
            } == per_line
            issued[partner.pk] = statement

        # Correct some approved March entries (new minutes, sometimes another partner) and issue again.
        approved = [e for e in entries if e.status == EntryStatus.APPROVED and e.date.month == 3]
        current = list(entries)
        for index, new_minutes in corrections:
            if not approved:
                break
            original = approved[index % len(approved)]
            if original.status != EntryStatus.APPROVED:
                continue
            try:
                replacement = time_entry_correct(
                    entry=original, reason="Verkeerd overgenomen", actor=coordinator, minutes=new_minutes
                )
            except ValidationError as exc:
                # The generated day may already hold more than 24 hours; the service rightly refuses.
                assert "maar 24" in str(exc)
                continue
            original.status = EntryStatus.REPLACED
            current.append(replacement)
        for partner in partners:
            minutes, amount, _lines = _approved_amount(current, partner)
            before = list(HireOutStatement.objects.filter(partner=partner, month=MARCH))
            draft = statement_draft(issuer=t.organisations["pool"], partner=partner, month=MARCH)
            if not draft.lines:
                assert sum(s.total_minutes for s in before) == minutes
                assert sum((s.total_amount for s in before), Decimal(0)) == amount
                continue
            correction = statement_issue(issuer=t.organisations["pool"], partner=partner, month=MARCH)
            assert correction.corrects == issued[partner.pk]
            assert correction.kind in (StatementKind.DEBIT, StatementKind.CREDIT)
            # The correction is the difference, and everything issued for the month is the approved total.
            assert correction.total_minutes == minutes - sum(s.total_minutes for s in before)
            assert sum(s.total_minutes for s in [*before, correction]) == minutes
            assert sum((s.total_amount for s in [*before, correction]), Decimal(0)) == amount
        transaction.set_rollback(True)


def _approve(entry, coordinator):
    return time_entry_approve(entry=entry, actor=coordinator)


def test_correction_becomes_a_debit_then_a_credit_for_the_difference(hire):
    t, programme, partners, peers, coordinator = hire
    team = partners[0]

    def write(day, minutes, kind="direct_contact"):
        entry = time_entry_create(
            peer=peers[0], programme=programme, partner=team, day=day, minutes=minutes, work_kind=kind
        )
        return _approve(entry, coordinator)

    a = write(D(2026, 3, 2), 1)  # 1 minute at 50.00 = 0.83 (rounded)
    write(D(2026, 3, 20), 120)  # after the rate change: 2 h at 55.25 = 110.50
    invoice = statement_issue(issuer=t.organisations["pool"], partner=team, month=MARCH)
    assert (invoice.total_minutes, invoice.total_amount) == (121, Decimal("111.33"))

    # 1 minute becomes 2: 2 minutes at 50.00 = 1.67, so the debit is 0.84 (not 0.83: no drift in cents).
    a2 = time_entry_correct(entry=a, reason="Telfout", actor=coordinator, minutes=2)
    debit = statement_issue(issuer=t.organisations["pool"], partner=team, month=MARCH)
    assert debit.kind == StatementKind.DEBIT and debit.corrects == invoice
    assert (debit.total_minutes, debit.total_amount) == (1, Decimal("0.84"))
    assert invoice.total_amount + debit.total_amount == line_amount(2, GENERAL_BEFORE) + Decimal("110.50")

    # Then the hours move to the other partner: a credit for the team, an invoice for the other one.
    time_entry_correct(entry=a2, reason="Andere partner", actor=coordinator, partner=partners[1])
    credit = statement_issue(issuer=t.organisations["pool"], partner=team, month=MARCH)
    assert credit.kind == StatementKind.CREDIT
    assert (credit.total_minutes, credit.total_amount) == (-2, Decimal("-1.67"))
    assert sum(s.total_amount for s in (invoice, debit, credit)) == Decimal("110.50")
    with pytest.raises(ValidationError, match="niets veranderd"):
        statement_issue(issuer=t.organisations["pool"], partner=team, month=MARCH)
    other = statement_issue(issuer=t.organisations["pool"], partner=partners[1], month=MARCH)
    assert other.kind == StatementKind.INVOICE and other.total_amount == Decimal("1.67")


def test_issued_statements_refuse_change_and_deletion(world):
    statement = issued_statement(world.a)
    line = statement.lines.get()
    statement.total_amount = Decimal("1.00")
    with pytest.raises(ImmutableError):
        statement.save()
    with pytest.raises(ImmutableError):
        statement.delete()
    line.minutes = 1
    with pytest.raises(ImmutableError):
        line.save()
    with pytest.raises(ImmutableError):
        line.delete()
    statement.refresh_from_db()
    assert statement.total_amount == Decimal("78.75")  # 90 minutes at 52.50


@pytest.mark.postgres
def test_postgres_trigger_refuses_raw_update_and_delete(world):
    statement = issued_statement(world.a)
    for sql in (
        "UPDATE hours_hireoutstatement SET total_amount = 0 WHERE id = %s",
        "DELETE FROM hours_hireoutstatement WHERE id = %s",
        "UPDATE hours_hireoutline SET minutes = 0 WHERE statement_id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="immutable"),
            transaction.atomic(),
            connection.cursor() as cur,
        ):
            cur.execute(sql, [statement.pk])
    with pytest.raises(DatabaseError), transaction.atomic():
        HireOutStatement.objects.filter(pk=statement.pk).update(total_minutes=0)
    statement.refresh_from_db()
    assert statement.total_minutes == 90


def test_numbers_are_sequential_and_unique_per_municipality(world, hire):
    t, programme, partners, peers, coordinator = hire
    year = timezone.localdate().year
    made = []
    for partner, day in (
        (partners[0], D(2026, 3, 2)),
        (partners[1], D(2026, 3, 3)),
        (partners[0], D(2026, 4, 1)),
    ):
        entry = time_entry_create(
            peer=peers[0], programme=programme, partner=partner, day=day, minutes=60, work_kind="other"
        )
        _approve(entry, coordinator)
        made.append(statement_issue(issuer=t.organisations["pool"], partner=partner, month=day))
    assert [s.number for s in made] == [f"{year}-00001", f"{year}-00002", f"{year}-00003"]
    # Another municipality keeps its own sequence.
    other = issued_statement(world.b)
    assert other.number == f"{year}-00001"
    assert (
        HireOutStatement.objects.filter(municipality=t.municipality).values("number").distinct().count() == 3
    )


def test_euro_is_written_the_dutch_way():
    assert euro(Decimal("1234.56")) == "€ 1.234,56"
    assert euro(Decimal("1234567.5")) == "€ 1.234.567,50"
    assert euro(Decimal("-12.5")) == "€ -12,50"
    assert euro(Decimal("0")) == "€ 0,00"


@pytest.fixture
def big_statement(world):
    """24 hours at 51.44 = 1.234,56 euro, to see the thousands separator."""
    t = world.a
    programme = programme_for(t, code="PDF", rate=Decimal("51.44"))
    coordinator = viewer_for(t.users[Role.COORDINATOR])
    peer = peer_for(t)
    for day in (2, 3, 4):
        entry = time_entry_create(
            peer=peer,
            programme=programme,
            partner=t.organisations["team"],
            day=D(2026, 3, day),
            minutes=480,
            work_kind="group" if day == 4 else "direct_contact",
        )
        _approve(entry, coordinator)
    return statement_issue(issuer=t.organisations["pool"], partner=t.organisations["team"], month=MARCH)


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_pdf_opens_and_shows_number_and_dutch_total(big_statement):
    data = statement_pdf(big_statement)
    assert data.startswith(b"%PDF")
    text = _pdf_text(data)
    assert big_statement.total_amount == Decimal("1234.56")
    assert big_statement.number in text
    assert "€ 1.234,56" in text
    assert "Welzijn Aastad" in text and "Wijkteam Aastad" in text
    assert "maart 2026" in text
    assert "Ulla Uren" in text and "Groepswerk" in text
    assert "24,00" in text  # total hours


def test_pdf_of_a_correction_names_the_statement_it_corrects(hire):
    t, programme, partners, peers, coordinator = hire
    entry = _approve(
        time_entry_create(
            peer=peers[0], programme=programme, partner=partners[0], day=D(2026, 3, 2), minutes=60
        ),
        coordinator,
    )
    invoice = statement_issue(issuer=t.organisations["pool"], partner=partners[0], month=MARCH)
    time_entry_correct(entry=entry, reason="Korter", actor=coordinator, minutes=30)
    credit = statement_issue(issuer=t.organisations["pool"], partner=partners[0], month=MARCH)
    text = _pdf_text(statement_pdf(credit))
    assert "Creditstaat" in text and credit.number in text
    assert f"Correctie op Urenstaat {invoice.number}" in text
    assert "€ -25,00" in text


def test_xlsx_opens_and_holds_the_lines_and_totals(big_statement):
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(statement_xlsx(big_statement)))
    ws = wb.active
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert rows[0] == ["Urenstaat", big_statement.number] or rows[0][:2] == [
        "Urenstaat",
        big_statement.number,
    ]
    header = rows.index(
        [
            "Programma",
            "Ervaringsdeskundige",
            "Soort werk",
            "Minuten",
            "Uren",
            "Uurtarief (euro)",
            "Bedrag (euro)",
        ]
    )
    total = next(r for r in rows if r[0] == "Totaal")
    lines = rows[header + 1 : rows.index(total)]
    assert len(lines) == big_statement.lines.count() == 2
    assert sum(r[3] for r in lines) == total[3] == 1440
    assert sum(Decimal(str(r[6])) for r in lines) == Decimal(str(total[6])) == Decimal("1234.56")
    assert total[4] == 24


# ------------------------------------------------------------------------------------------ pages


def test_month_page_explains_missing_rates_and_bad_months(world, client_for):
    t = world.a
    programme = programme_for(t, code="GEENTARIEF", rate=None)
    entry = time_entry_create(
        peer=peer_for(t), programme=programme, partner=t.organisations["team"], day=D(2026, 3, 2), minutes=45
    )
    _approve(entry, viewer_for(t.users[Role.COORDINATOR]))
    client = client_for(t.users[Role.COORDINATOR])
    page = client.get(reverse("hours:statement_new"), {"maand": "2026-03"}).content.decode()
    assert "Wijkteam Aastad" in page and "geen uurtarief" in page and "Programma GEENTARIEF" in page
    assert "uitgeven</button>" not in page
    for bad in ("2026-13", "maart", "2026-3-1"):
        response = client.get(reverse("hours:statement_new"), {"maand": bad})
        assert response.status_code == 200
        assert "Kies een maand als JJJJ-MM" in response.content.decode()
    response = client.post(
        reverse("hours:statement_issue"), {"maand": "2026-03", "partner": t.organisations["team"].pk}
    )
    assert response.status_code == 302
    follow = client.get(response["Location"]).content.decode()
    assert "is geen uurtarief vastgelegd (Programma GEENTARIEF)" in follow
    assert not HireOutStatement.objects.exists()


def test_issuing_through_the_page_and_reading_it_as_partner(world, client_for):
    t = world.a
    programme = programme_for(t, code="PAGINA", rate=Decimal("40"))
    entry = time_entry_create(
        peer=peer_for(t), programme=programme, partner=t.organisations["team"], day=D(2026, 3, 2), minutes=90
    )
    _approve(entry, viewer_for(t.users[Role.COORDINATOR]))
    client = client_for(t.users[Role.COORDINATOR])
    page = client.get(reverse("hours:statement_new"), {"maand": "2026-03"}).content.decode()
    assert "Urenstaat uitgeven" in page and "60,00" in page
    response = client.post(
        reverse("hours:statement_issue"), {"maand": "2026-03", "partner": str(t.organisations["team"].pk)}
    )
    statement = HireOutStatement.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "hours:statement_detail", args=[statement.pk]
    )
    # Issuing twice is refused with a Dutch message, not a second statement.
    again = client.post(
        reverse("hours:statement_issue"), {"maand": "2026-03", "partner": str(t.organisations["team"].pk)}
    )
    assert "niets veranderd" in client.get(again["Location"]).content.decode()
    assert HireOutStatement.objects.count() == 1

    team_lead = client_for(t.users[Role.TEAM_LEAD])
    listing = team_lead.get(reverse("hours:statements")).content.decode()
    assert statement.number in listing
    detail = team_lead.get(reverse("hours:statement_detail", args=[statement.pk])).content.decode()
    assert "Ulla Uren" in detail and "€ 60,00" in detail and "Overig" in detail
    before = AuditEvent.objects.filter(action=AuditAction.EXPORT).count()
    pdf = team_lead.get(reverse("hours:statement_pdf", args=[statement.pk]))
    xlsx = team_lead.get(reverse("hours:statement_xlsx", args=[statement.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert xlsx.content.startswith(b"PK")
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT).count() == before + 2


def test_issue_refuses_the_current_month_other_municipalities_and_bad_input(world, client_for):
    t = world.a
    client = client_for(t.users[Role.COORDINATOR])
    this_month = timezone.localdate().strftime("%Y-%m")
    response = client.post(
        reverse("hours:statement_issue"), {"maand": this_month, "partner": str(t.organisations["team"].pk)}
    )
    assert "pas na afloop van de maand" in client.get(response["Location"]).content.decode()
    foreign = client.post(
        reverse("hours:statement_issue"),
        {"maand": "2026-03", "partner": str(world.b.organisations["team"].pk)},
    )
    assert foreign.status_code == 404
    bad = client.post(reverse("hours:statement_issue"), {"maand": "2026-99", "partner": "geen-id"})
    assert bad.status_code == 302
    text = client.get(bad["Location"]).content.decode()
    assert "Kies een maand als JJJJ-MM" in text
    assert not HireOutStatement.objects.exists() and not HireOutLine.objects.exists()


def test_statements_of_another_organisation_are_not_found(world, client_for):
    statement = issued_statement(world.a)
    # The municipality's policy advisor has no statements rule; B's coordinator finds nothing.
    assert (
        client_for(world.a.users[Role.POLICY_ADVISOR])
        .get(reverse("hours:statement_detail", args=[statement.pk]))
        .status_code
        == 403
    )
    other = client_for(world.b.users[Role.COORDINATOR])
    assert other.get(reverse("hours:statement_detail", args=[statement.pk])).status_code == 404
    assert statement.number not in other.get(reverse("hours:statements")).content.decode()


def test_money_is_exact_ten_hours_at_48_50_is_485_00(world):
    """10,00 h × € 48,50 = € 485,00; three peer workers with 3:20 h each gave 3 × € 161,67 = € 485,01."""
    t = world.a
    programme = programme_for(t, code="GELD485", rate=Decimal("48.50"))
    coordinator = viewer_for(t.users[Role.COORDINATOR])
    for i in range(3):
        peer = peer_worker_create(
            organisation=t.organisations["pool"], first_name=f"Geld{i}", last_name="Exact"
        )
        TimeEntry.objects.create(
            municipality=t.municipality,
            peer=peer,
            organisation=t.organisations["pool"],
            programme=programme,
            partner=t.organisations["team"],
            date=D(2026, 3, 10),
            minutes=200,
            work_kind=WorkKind.DIRECT_CONTACT,
            status=EntryStatus.APPROVED,
        )
    statement = statement_issue(
        issuer=t.organisations["pool"], partner=t.organisations["team"], month=MARCH, actor=coordinator
    )
    assert statement.total_minutes == 600
    assert statement.total_amount == Decimal("485.00")
    assert sorted(line.amount for line in statement.lines.all()) == [
        Decimal("161.66"),
        Decimal("161.67"),
        Decimal("161.67"),
    ]
    assert euro(statement.total_amount) == "€ 485,00"
    assert line_amount(600, Decimal("48.50")) == Decimal("485.00")


def test_statement_carries_both_addresses_reference_contact_vat_and_is_tagged(world):
    """Issue 14.10: fit to send: who to whom (addresses), the partner's reference, a contact, the VAT note."""
    from pypdf import PdfReader

    from ervaringswerk.organisations.models import HireOutAgreement, Organisation

    t = world.a
    pool, team = t.organisations["pool"], t.organisations["team"]
    Organisation.objects.filter(pk=pool.pk).update(
        address_line="Kerkstraat 12",
        postcode="5701 AB",
        city="Aastad",
        contact_name="Ilse de Vries",
        contact_email="urenstaten@welzijn.example",
        vat_number="NL001234567B01",
        vat_note="Vrijgesteld van btw op grond van artikel 11 Wet OB 1968.",
    )
    Organisation.objects.filter(pk=team.pk).update(
        address_line="Marktplein 1", postcode="5702 CD", city="Aastad"
    )
    programme = programme_for(t, code="ADRES", rate=Decimal("48.50"))
    HireOutAgreement.objects.create(
        municipality=t.municipality,
        programme=programme,
        partner=team,
        hours_per_week=Decimal(4),
        hourly_rate=Decimal("48.50"),
        start_date=D(2026, 1, 1),
        end_date=D(2026, 12, 31),
        reference="INK-2026-0042",
    )
    coordinator = viewer_for(t.users[Role.COORDINATOR])
    entry = time_entry_create(
        peer=peer_for(t),
        programme=programme,
        partner=team,
        day=D(2026, 3, 2),
        minutes=600,
        work_kind="direct_contact",
    )
    _approve(entry, coordinator)
    statement = HireOutStatement.objects.get(pk=statement_issue(issuer=pool, partner=team, month=MARCH).pk)
    data = statement_pdf(statement)
    text = " ".join(_pdf_text(data).split())
    for expected in (
        "Kerkstraat 12",
        "5701 AB Aastad",
        "Marktplein 1",
        "5702 CD Aastad",
        "Ilse de Vries",
        "urenstaten@welzijn.example",
        "NL001234567B01",
        "Uw kenmerk INK-2026-0042",
        f"Ons kenmerk {statement.number}",
        "Vrijgesteld van btw op grond van artikel 11 Wet OB 1968.",
        "€ 485,00",
    ):
        assert expected in text, expected
    root = PdfReader(io.BytesIO(data)).trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data()
