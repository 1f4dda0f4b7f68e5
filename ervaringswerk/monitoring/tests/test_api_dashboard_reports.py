"""The dashboard figures and evaluation reports through the API (issue 17.1): suppressed exactly as on the
page for the caller's role, the page's filters (invalid or unknown: 400), reports as background jobs with
progress and downloads; attacked by other roles and another municipality."""

import datetime
import io
import uuid

import pytest
from django.urls import reverse

from ervaringswerk.accounts.viewer import viewer_for
from ervaringswerk.audit.models import AuditAction, AuditEvent
from ervaringswerk.core.tenancy import Role
from ervaringswerk.monitoring.models import EvaluationReport
from ervaringswerk.monitoring.selectors import dashboard
from ervaringswerk.monitoring.suppression import suppressed_label

from .test_disclosure import PERIOD, pilot  # noqa: F401 - the fixture: Helmond's shape, two peer workers

D = datetime.date
URL = reverse("monitoring-dashboard")
REPORTS = reverse("evaluation-report-list")


def as_user(api_client, user):
    api_client.force_authenticate(user)
    return api_client


def problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    return response.json()


def names(body) -> set:
    return {p["name"] for p in body.get("invalid_params", [])}


def table(body, key):
    return next(t for t in body["tables"] if t["key"] == key)


def test_the_policy_advisor_reads_the_exact_work_figures_as_on_the_page(world, pilot, api_client):  # noqa: F811
    body = as_user(api_client, world.a.users[Role.POLICY_ADVISOR]).get(URL, PERIOD).json()
    assert body["audience"] == "funder" and body["start"] == "2026-01-01" and body["end"] == "2026-03-31"
    cells = table(body, "hours_by_programme")["rows"][0]["cells"]
    assert [c["value"] for c in cells] == [6.0, 2, 270.0, 2.2]
    assert [c["display"] for c in cells] == ["6", "2", "270", "2,2"]
    assert not any(c["suppressed"] for c in cells)
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, object_type="monitoring.dashboard").exists()


def test_a_team_lead_sees_the_same_masking_as_on_the_page(world, pilot, api_client, client_for):  # noqa: F811
    lead = world.a.users[Role.TEAM_LEAD]
    body = as_user(api_client, lead).get(URL, PERIOD).json()
    assert body["audience"] == "organisation"
    hours, peers, budget, share = table(body, "hours_by_programme")["rows"][0]["cells"]
    label = suppressed_label(body["small_number_threshold"])
    assert label == "<5 pers."
    assert hours == {"value": None, "suppressed": True, "display": label} and share["suppressed"]
    assert budget["value"] == 270.0 and not budget["suppressed"]
    page = client_for(lead).get(reverse("monitoring:overview"), PERIOD).content.decode()
    assert label.replace("<", "&lt;") in page
    # cell by cell the same as the page's selector for this viewer
    from ervaringswerk.monitoring.filters import FilterForm

    form = FilterForm(PERIOD, viewer=viewer_for(lead))
    assert form.is_valid()
    expected = dashboard(viewer=viewer_for(lead), filters=form.filters())
    for got in body["tables"]:
        want = expected[got["key"]]
        assert [[c["suppressed"] for c in r["cells"]] for r in got["rows"]] == [
            [c.suppressed for c in cells] for _label, cells in want.rows
        ], got["key"]
        assert [[c["display"] for c in r["cells"]] for r in got["rows"]] == [
            [c.display() for c in cells] for _label, cells in want.rows
        ], got["key"]


def test_the_pages_filters_and_their_refusals(world, pilot, api_client):  # noqa: F811
    programme, _peers = pilot
    client = as_user(api_client, world.a.users[Role.POLICY_ADVISOR])
    north = client.get(URL, {**PERIOD, "wijk": str(world.a.neighbourhoods[0].pk)}).json()
    assert north["neighbourhood"] == str(world.a.neighbourhoods[0].pk)
    mine = client.get(URL, {**PERIOD, "programma": str(programme.pk)}).json()
    assert mine["programme"] == str(programme.pk)
    assert names(problem(client.get(URL, {"wijk": str(world.b.neighbourhoods[0].pk)}), 400)) == {"wijk"}
    assert names(problem(client.get(URL, {"programma": str(uuid.uuid4())}), 400)) == {"programma"}
    assert names(problem(client.get(URL, {"van": "2026-13-01"}), 400)) == {"van"}
    assert names(problem(client.get(URL, {"van": "2026-03-01", "tot": "2026-01-01"}), 400)) == {"tot"}
    assert names(problem(client.get(URL, {"period": "2026"}), 400)) == {"period"}


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.PROFESSIONAL, Role.PEER_WORKER, Role.ADMINISTRATOR])
def test_other_roles_get_403_and_anonymous_401(world, api_client, role):
    problem(as_user(api_client, world.a.users[role]).get(URL), 403)
    problem(as_user(api_client, world.a.users[role]).get(REPORTS), 403)
    problem(as_user(api_client, world.a.users[role]).post(REPORTS, {}, format="json"), 403)
    api_client.force_authenticate(None)
    problem(api_client.get(URL), 401)


def test_a_report_is_a_job_polled_then_downloaded(
    world,
    pilot,  # noqa: F811
    api_client,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.EW_REPORT_RUNNER = "sync"
    programme, _peers = pilot
    client = as_user(api_client, world.a.users[Role.POLICY_ADVISOR])
    wanted = {"start": "2026-01-01", "end": "2026-03-31", "programme": str(programme.pk)}
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(REPORTS, wanted, format="json")
    assert started.status_code == 202, started.content
    job = started.json()
    assert started["Location"].endswith(reverse("evaluation-report-detail", args=[job["id"]]))
    assert job["status"] == "queued" and job["pdf_url"] is None
    polled = client.get(reverse("evaluation-report-detail", args=[job["id"]])).json()
    assert polled["status"] == "done" and polled["progress"] == 100, polled
    assert polled["programme"] == str(programme.pk)
    pdf = client.get(polled["pdf_url"])
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    xlsx = client.get(polled["xlsx_url"])
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    from openpyxl import load_workbook

    rows = list(load_workbook(io.BytesIO(xlsx.content))["hours_by_programme"].iter_rows(values_only=True))
    assert ("Geldzorgen", 6.0, 2, 270.0, 2.2) in rows  # the funder's exact work figures
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, object_id=job["id"]).count() >= 3
    assert [r["id"] for r in client.get(REPORTS).json()["results"]] == [job["id"]]

    # made with exact work figures: not for a team lead (404, as on the page); another municipality 404
    for user in (world.a.users[Role.TEAM_LEAD], world.b.users[Role.POLICY_ADVISOR]):
        other = as_user(api_client, user)
        problem(other.get(reverse("evaluation-report-detail", args=[job["id"]])), 404)
        problem(other.get(reverse("evaluation-report-pdf", args=[job["id"]])), 404)
        assert other.get(REPORTS).json()["count"] == 0


def test_a_report_not_yet_done_is_a_409_and_bad_input_a_400(world, api_client):
    client = as_user(api_client, world.a.users[Role.TEAM_LEAD])
    started = client.post(REPORTS, {"start": "2026-01-01", "end": "2026-03-31"}, format="json")
    assert started.status_code == 202  # the job waits (nothing runs it in this test)
    report = EvaluationReport.objects.get(pk=started.json()["id"])
    assert report.status == "queued" and report.audience == "organisation"
    problem(client.get(reverse("evaluation-report-pdf", args=[report.pk])), 409)
    problem(client.get(reverse("evaluation-report-xlsx", args=[report.pk])), 409)
    bad = {"start": "2026-03-31", "end": "2026-01-01"}
    assert "end" in names(problem(client.post(REPORTS, bad, format="json"), 400))
    foreign = {"start": "2026-01-01", "end": "2026-03-31", "neighbourhood": str(world.b.neighbourhoods[0].pk)}
    assert names(problem(client.post(REPORTS, foreign, format="json"), 400)) == {"neighbourhood"}
    unknown = {"start": "2026-01-01", "end": "2026-03-31", "format": "pdf"}
    assert names(problem(client.post(REPORTS, unknown, format="json"), 400)) == {"format"}
    assert EvaluationReport.objects.count() == 1


def test_the_schema_documents_the_monitoring_resources(client, db):
    paths = client.get(reverse("api-schema"), {"format": "json"}).json()["paths"]
    assert set(paths["/api/v1/monitoring/dashboard/"]) == {"get"}
    assert {"get", "post"} == set(paths["/api/v1/monitoring/reports/"])
    for path in ("{id}/", "{id}/pdf/", "{id}/xlsx/"):
        assert set(paths[f"/api/v1/monitoring/reports/{path}"]) == {"get"}
