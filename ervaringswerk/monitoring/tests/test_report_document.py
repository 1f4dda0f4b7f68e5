"""The evaluation report as a council document (issue 14.10): tagged for accessibility (PDF/UA-1) and
no table runs off the page, also the wide preconditions table of many organisations."""

import datetime
import io

from ervaringswerk.accounts.viewer import viewer_for
from ervaringswerk.core.tenancy import Role
from ervaringswerk.monitoring.services import render_document, report_content, report_request
from ervaringswerk.organisations.models import OrganisationKind
from ervaringswerk.organisations.services import organisation_create
from ervaringswerk.preconditions.services import assessment_create

D = datetime.date


def _wide_report(world, django_capture_on_commit_callbacks):
    """Five organisations assessed on all nine preconditions: the widest table of the report."""
    from ervaringswerk.core.reference import Precondition

    t = world.a
    for i in range(5):
        org = organisation_create(
            municipality=t.municipality,
            name=f"Stichting Buurtondersteuning en Herstelgemeenschap {i}",
            kind=OrganisationKind.WELFARE,
        )
        assessment_create(
            viewer=viewer_for(t.users[Role.TEAM_LEAD]),
            organisation=org,
            assessed_on=D(2026, 2, 1),
            items={key: {"score": 1 + (i + n) % 5} for n, key in enumerate(Precondition.values)},
        )
    with django_capture_on_commit_callbacks(execute=True):
        report = report_request(
            viewer=viewer_for(t.users[Role.POLICY_ADVISOR]), start=D(2026, 1, 1), end=D(2026, 3, 31)
        )
    report.refresh_from_db()
    assert report.status == "done", report.error
    return report


def test_report_pdf_is_tagged_for_accessibility(world, settings, django_capture_on_commit_callbacks):
    from pypdf import PdfReader

    settings.EW_REPORT_RUNNER = "sync"
    report = _wide_report(world, django_capture_on_commit_callbacks)
    reader = PdfReader(io.BytesIO(bytes(report.pdf)))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "nl"
    assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data()


def test_no_table_of_the_report_runs_off_the_page(world, settings, django_capture_on_commit_callbacks):
    from ervaringswerk.monitoring.presentation import charts_for

    settings.EW_REPORT_RUNNER = "sync"
    report = _wide_report(world, django_capture_on_commit_callbacks)
    content = report_content(report)
    content["charts"] = charts_for(content["tables"])
    document = render_document(content)
    checked = 0
    for page in document.pages:
        page_box = page._page_box
        right = page_box.content_box_x() + page_box.width
        for box in page_box.descendants():
            if type(box).__name__ in ("TableBox", "TableCellBox"):
                checked += 1
                assert box.border_box_x() + box.border_width() <= right + 0.5, (
                    type(box).__name__,
                    box.element_tag,
                )
    assert checked > 100  # every table and cell of the report was measured
