"""The form of deployment (issue 14, item 6, S2): embedded team member, added to a neighbourhood team,
peer-run initiative (walk-in), on request from the pool. A dimension on organisations' contracts
(programmes) and on assignments (by default the contract's), in the forms, the API, the dashboard and the
evaluation report."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from ervaringswerk.accounts.viewer import viewer_for
from ervaringswerk.core.reference import DeploymentForm
from ervaringswerk.core.tenancy import Role
from ervaringswerk.deployment.models import Agreement, AssignmentStatus
from ervaringswerk.deployment.services import assignment_programme_set
from ervaringswerk.deployment.tests.factories import make_assignment, make_peer, make_request
from ervaringswerk.hours.models import TimeEntry
from ervaringswerk.monitoring.filters import Filters
from ervaringswerk.monitoring.selectors import dashboard
from ervaringswerk.monitoring.suppression import Audience
from ervaringswerk.organisations.services import programme_create

TODAY = timezone.localdate()
START = TODAY.replace(day=1)


def _programme(tenant, code, **fields):
    return programme_create(
        municipality=tenant.municipality,
        name=f"Contract {code}",
        code=code,
        funder=tenant.organisations["gemeente"],
        contractor=tenant.organisations["pool"],
        partners=[tenant.organisations["team"]],
        start_date=START - datetime.timedelta(days=60),
        end_date=START + datetime.timedelta(days=300),
        hours_per_week=Decimal(24),
        hours_total=Decimal(1000),
        **fields,
    )


def test_a_contract_carries_its_form_of_deployment(world):
    team = _programme(world.a, "WIJK", deployment_form=DeploymentForm.NEIGHBOURHOOD_TEAM)
    assert team.deployment_form == "neighbourhood_team"
    assert _programme(world.a, "POOL").deployment_form == DeploymentForm.ON_REQUEST
    with pytest.raises(ValidationError) as error:
        _programme(world.a, "RAAR", deployment_form="nonsense")
    assert "deployment_form" in error.value.message_dict


@pytest.fixture
def booked(world):
    a = world.a
    programme = _programme(a, "WIJK", deployment_form=DeploymentForm.NEIGHBOURHOOD_TEAM)
    assignment = make_assignment(make_request(a), make_peer(a), start_date=START)
    Agreement.objects.create(
        municipality=a.municipality, assignment=assignment, hours_per_week=assignment.hours_per_week
    )
    return programme, assignment


def test_an_assignment_takes_the_contracts_form_unless_the_coordinator_chooses_another(world, booked):
    programme, assignment = booked
    assert assignment.deployment_form == DeploymentForm.ON_REQUEST  # not booked on a contract yet
    coordinator = viewer_for(world.a.users[Role.COORDINATOR])
    assignment = assignment_programme_set(assignment=assignment, viewer=coordinator, programme=programme)
    assert assignment.deployment_form == DeploymentForm.NEIGHBOURHOOD_TEAM
    assignment = assignment_programme_set(
        assignment=assignment,
        viewer=coordinator,
        programme=programme,
        deployment_form=DeploymentForm.EMBEDDED,
    )
    assert assignment.deployment_form == DeploymentForm.EMBEDDED
    with pytest.raises(ValidationError):
        assignment_programme_set(
            assignment=assignment, viewer=coordinator, programme=programme, deployment_form="nonsense"
        )


def test_the_coordinator_chooses_the_form_on_the_agreement_page(world, booked, client_for):
    programme, assignment = booked
    url = reverse("deployment:agreement_edit", args=[assignment.pk])
    client = client_for(world.a.users[Role.COORDINATOR])
    assert "Vorm van inzet" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "role": "supporter",
            "hours_per_week": "2",
            "programme": str(programme.pk),
            "deployment_form": DeploymentForm.PEER_RUN,
        },
    )
    assert response.status_code == 302, response.content.decode()
    assignment.refresh_from_db()
    assert (assignment.programme_id, assignment.deployment_form) == (programme.pk, DeploymentForm.PEER_RUN)
    # left on "as in the contract": the contract's form
    client.post(url, {"role": "supporter", "hours_per_week": "2", "programme": str(programme.pk)})
    assignment.refresh_from_db()
    assert assignment.deployment_form == DeploymentForm.NEIGHBOURHOOD_TEAM
    # the team sees the agreement, not the booking
    team_page = client_for(world.a.users[Role.PROFESSIONAL]).get(url).content.decode()
    assert "Vorm van inzet" not in team_page


def test_the_programme_form_has_the_form_of_deployment(world, client_for):
    page = client_for(world.a.users[Role.POLICY_ADVISOR]).get(reverse("hours:programme_create"))
    html = page.content.decode()
    assert 'name="deployment_form"' in html and "Toegevoegd aan een wijkteam" in html


def test_the_api_gives_and_filters_the_form_of_deployment(world, booked, api_client):
    programme, assignment = booked
    assignment_programme_set(
        assignment=assignment, viewer=viewer_for(world.a.users[Role.COORDINATOR]), programme=programme
    )
    make_assignment(make_request(world.a, title="Ander"), make_peer(world.a))  # on request
    api_client.force_authenticate(world.a.users[Role.COORDINATOR])
    listed = api_client.get("/api/v1/assignments/").json()["results"]
    assert sorted(row["deployment_form"] for row in listed) == ["neighbourhood_team", "on_request"]
    only = api_client.get("/api/v1/assignments/", {"deployment_form": "neighbourhood_team"}).json()
    assert [row["id"] for row in only["results"]] == [str(assignment.pk)]
    bad = api_client.get("/api/v1/assignments/", {"deployment_form": "nonsense"})
    assert bad.status_code == 400 and bad["Content-Type"].startswith("application/problem+json")
    api_client.force_authenticate(world.a.users[Role.POLICY_ADVISOR])
    detail = api_client.get(f"/api/v1/programmes/{programme.pk}/").json()
    assert detail["deployment_form"] == "neighbourhood_team"
    only = api_client.get("/api/v1/programmes/", {"deployment_form": "embedded"}).json()
    assert only["count"] == 0


@pytest.fixture
def three_forms(world, booked):
    """Utrecht's shape at pilot size: a neighbourhood-team contract with one peer worker (3 h), an
    embedded one with one (2 h), and a deployment on request without a contract (no hours)."""
    a = world.a
    team_contract, team_assignment = booked
    embedded = _programme(a, "TEAM", deployment_form=DeploymentForm.EMBEDDED)
    coordinator = viewer_for(a.users[Role.COORDINATOR])
    assignment_programme_set(assignment=team_assignment, viewer=coordinator, programme=team_contract)
    own = make_request(a, title="Eigen team")
    embedded_assignment = make_assignment(own, make_peer(a), start_date=START)
    assignment_programme_set(assignment=embedded_assignment, viewer=coordinator, programme=embedded)
    make_assignment(make_request(a, title="Los"), make_peer(a), start_date=START)
    for assignment, minutes in ((team_assignment, 180), (embedded_assignment, 120)):
        assignment.refresh_from_db()
        TimeEntry.objects.create(
            municipality=a.municipality,
            peer=assignment.peer,
            organisation=a.organisations["pool"],
            programme=assignment.programme,
            assignment=assignment,
            date=TODAY,
            minutes=minutes,
            work_kind="direct_contact",
            status="approved",
        )
    make_assignment(make_request(a, title="Oud"), make_peer(a), status=AssignmentStatus.CANCELLED)


def _table(world, audience):
    viewer = viewer_for(world.a.users[Role.POLICY_ADVISOR])
    tables = dashboard(viewer=viewer, filters=Filters(START, TODAY, audience=audience))
    return {label: [c.export() for c in cells] for label, cells in tables["deployment_forms"].rows}


def test_the_dashboard_counts_contracts_assignments_and_hours_per_form(world, three_forms):
    rows = _table(world, Audience.FUNDER)
    # contracts (about organisations), assignments, peer workers, hours (work: exact for the funder)
    assert rows == {
        str(DeploymentForm.EMBEDDED.label): [1, 1, 1, 2.0],
        str(DeploymentForm.NEIGHBOURHOOD_TEAM.label): [1, 1, 1, 3.0],
        str(DeploymentForm.PEER_RUN.label): [0, 0, 0, 0.0],
        str(DeploymentForm.ON_REQUEST.label): [0, 1, 1, 0.0],
    }
    team_lead = _table(world, Audience.ORGANISATION)
    assert team_lead[str(DeploymentForm.EMBEDDED.label)] == [1, None, None, None]


def test_the_report_has_the_forms_of_deployment(world, three_forms, django_capture_on_commit_callbacks):
    from openpyxl import load_workbook

    from ervaringswerk.monitoring.services import report_request
    from ervaringswerk.monitoring.tests.test_monitoring import _pdf_text

    with django_capture_on_commit_callbacks(execute=True):
        report = report_request(viewer=viewer_for(world.a.users[Role.POLICY_ADVISOR]), start=START, end=TODAY)
    report.refresh_from_db()
    assert report.status == "done", report.error
    rows = list(load_workbook(io.BytesIO(bytes(report.xlsx)))["deployment_forms"].iter_rows(values_only=True))
    assert (str(DeploymentForm.NEIGHBOURHOOD_TEAM.label), 1, 1, 1, 3.0) in rows
    text = " ".join(_pdf_text(bytes(report.pdf)).split())
    assert "Inzet per vorm" in text


def test_an_accepted_offer_booked_on_the_only_contract_takes_its_form(world):
    from ervaringswerk.deployment import services
    from ervaringswerk.deployment.tests.factories import viewer

    _programme(world.a, "WIJK", deployment_form=DeploymentForm.NEIGHBOURHOOD_TEAM)
    me = make_peer(world.a, user=world.a.users[Role.PEER_WORKER], weekly_hours=8)
    request = make_request(world.a, hours=2, title="Spreekuur")
    offer = services.offer_create(request=request, peer=me, viewer=viewer(world.a.users[Role.COORDINATOR]))
    assignment = services.offer_accept(offer=offer, viewer=viewer(world.a.users[Role.PEER_WORKER]))
    assert assignment.programme.code == "WIJK"
    assert assignment.deployment_form == DeploymentForm.NEIGHBOURHOOD_TEAM
