"""An issued hire-out statement stores what it prints; renaming the programme or the organisations later
changes neither its PDF, its XLSX, its page nor its API representation."""

import io
from decimal import Decimal

from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from ervaringswerk.core.tenancy import Role
from ervaringswerk.hours.documents import statement_pdf, statement_xlsx
from ervaringswerk.organisations.models import Organisation
from ervaringswerk.organisations.services import programme_update

from .factories import programme_for
from .matrix_programmes import issued_statement


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _xlsx_text(data: bytes) -> str:
    workbook = load_workbook(io.BytesIO(data))
    return "\n".join(
        str(cell.value) for sheet in workbook for row in sheet.iter_rows() for cell in row if cell.value
    )


def _main(response) -> str:
    """The page's own content, without the header (which names the viewer's organisation as it is now)."""
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def _rename(organisation, name):
    # Directly, as an administrator's edit in the admin would: nothing about the statement is touched.
    organisation.name = name
    organisation.save()


def test_renaming_programme_and_organisations_after_issue_changes_no_document(world, client_for, api_client):
    t = world.a
    programme = programme_for(t, code="STAAT", rate=Decimal("52.50"))
    programme_update(programme=programme, name="Geldzorgen Helmond")
    statement = issued_statement(t, programme=programme)
    assert (statement.issuer_name, statement.partner_name) == ("Welzijn Aastad", "Wijkteam Aastad")
    line = statement.lines.get()
    assert (line.programme_name, line.programme_code) == ("Geldzorgen Helmond", "STAAT")
    pdf_before, xlsx_before = _pdf_text(statement_pdf(statement)), _xlsx_text(statement_xlsx(statement))
    for text in (pdf_before, xlsx_before):
        assert "Welzijn Aastad" in text and "Wijkteam Aastad" in text and "Geldzorgen Helmond" in text

    programme_update(programme=programme, name="Hernoemd programma")
    _rename(t.organisations["pool"], "Hernoemde welzijnsorganisatie")
    _rename(Organisation.objects.get(pk=t.organisations["team"].pk), "Hernoemd wijkteam")
    statement.refresh_from_db()

    pdf_after, xlsx_after = _pdf_text(statement_pdf(statement)), _xlsx_text(statement_xlsx(statement))
    assert pdf_after == pdf_before
    assert xlsx_after == xlsx_before
    for text in (pdf_after, xlsx_after):
        assert "Hernoemd" not in text
    coordinator = client_for(t.users[Role.COORDINATOR])
    page = _main(coordinator.get(reverse("hours:statement_detail", args=[statement.pk])))
    assert "Welzijn Aastad" in page and "Geldzorgen Helmond" in page and "Hernoemd" not in page
    listing = _main(coordinator.get(reverse("hours:statements")))
    assert "Wijkteam Aastad" in listing and "Hernoemd wijkteam" not in listing
    api = api_client
    api.force_authenticate(t.users[Role.COORDINATOR])
    body = api.get(f"/api/v1/hire-out-statements/{statement.pk}/").json()
    assert (body["issuer_name"], body["partner_name"]) == ("Welzijn Aastad", "Wijkteam Aastad")
    assert body["lines"][0]["programme_name"] == "Geldzorgen Helmond"
    assert body["lines"][0]["programme_code"] == "STAAT"
    # The live names did change: the statement simply does not read them.
    assert Organisation.objects.get(pk=t.organisations["pool"].pk).name == "Hernoemde welzijnsorganisatie"
