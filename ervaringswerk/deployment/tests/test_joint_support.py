"""Joint support (issue 14, item 7, S4): a request and its assignment name the professional of the
requesting organisation who supports the resident together with the peer worker; duo support is
counted on the dashboard; the API carries the field."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from ervaringswerk.accounts.models import Membership
from ervaringswerk.accounts.viewer import viewer_for
from ervaringswerk.core.reference import DeploymentKind
from ervaringswerk.core.tenancy import Role
from ervaringswerk.deployment import services
from ervaringswerk.deployment.tests.factories import make_assignment, make_peer, make_request
from ervaringswerk.monitoring.filters import Filters
from ervaringswerk.monitoring.selectors import dashboard
from ervaringswerk.monitoring.suppression import Audience

TODAY = timezone.localdate()


def _membership(world, role, tenant="a"):
    return Membership.objects.get(user=getattr(world, tenant).users[role])


def _create(world, **fields):
    return services.request_create(
        viewer=viewer_for(world.a.users[Role.PROFESSIONAL]),
        kind=DeploymentKind.INDIVIDUAL_SUPPORT,
        title="Samen naar de schuldhulp",
        hours_per_week=2,
        resident_code="TST-2001",
        **fields,
    )


def test_a_request_names_a_professional_of_the_requesting_organisation(world):
    own = _membership(world, Role.TEAM_LEAD)
    request = _create(world, supporting_professional=own)
    assert request.supporting_professional == own
    for other in (_membership(world, Role.COORDINATOR), _membership(world, Role.PROFESSIONAL, "b")):
        with pytest.raises(ValidationError) as error:
            _create(world, supporting_professional=other)
        assert "supporting_professional" in error.value.message_dict


def test_the_assignment_takes_the_supporting_professional_from_the_request(world):
    professional = _membership(world, Role.PROFESSIONAL)
    request = _create(world, supporting_professional=professional, submit=True)
    peer = make_peer(world.a, user=world.a.users[Role.PEER_WORKER], max_residents=2)
    offer = services.offer_create(
        request=request, peer=peer, viewer=viewer_for(world.a.users[Role.COORDINATOR])
    )
    assignment = services.offer_accept(offer=offer, viewer=viewer_for(world.a.users[Role.PEER_WORKER]))
    assert assignment.supporting_professional == professional


def test_the_request_form_offers_the_teams_professionals_only(world, client_for):
    html = (
        client_for(world.a.users[Role.PROFESSIONAL])
        .get(reverse("deployment:request_create"))
        .content.decode()
    )
    assert 'name="supporting_professional"' in html
    assert str(_membership(world, Role.TEAM_LEAD).pk) in html
    assert str(_membership(world, Role.COORDINATOR).pk) not in html


def test_the_api_reads_and_writes_the_supporting_professional(world, api_client):
    api_client.force_authenticate(world.a.users[Role.PROFESSIONAL])
    body = {
        "title": "Samen naar de schuldhulp",
        "kind": "individual_support",
        "hours_per_week": "2",
        "resident_code": "TST-2002",
        "supporting_professional_id": str(_membership(world, Role.PROFESSIONAL).pk),
    }
    created = api_client.post("/api/v1/deployment-requests/", body, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["supporting_professional_id"] == body["supporting_professional_id"]
    foreign = {**body, "supporting_professional_id": str(_membership(world, Role.COORDINATOR).pk)}
    refused = api_client.post("/api/v1/deployment-requests/", foreign, format="json")
    assert refused.status_code == 400 and refused["Content-Type"].startswith("application/problem+json")
    make_assignment(
        make_request(world.a, kind=DeploymentKind.INDIVIDUAL_SUPPORT, title="Duo"),
        make_peer(world.a),
        supporting_professional=_membership(world, Role.PROFESSIONAL),
    )
    rows = api_client.get("/api/v1/assignments/").json()["results"]
    assert [r["supporting_professional_id"] for r in rows] == [body["supporting_professional_id"]]


def test_the_dashboard_counts_duo_support(world):
    professional = _membership(world, Role.PROFESSIONAL)
    individual = DeploymentKind.INDIVIDUAL_SUPPORT
    for duo in (True, True, False):
        make_assignment(
            make_request(world.a, kind=individual, title="Individueel"),
            make_peer(world.a),
            start_date=TODAY,
            supporting_professional=professional if duo else None,
        )
    make_assignment(make_request(world.a, title="Consult"), make_peer(world.a), start_date=TODAY)
    viewer = viewer_for(world.a.users[Role.POLICY_ADVISOR])
    period = Filters(TODAY.replace(day=1), TODAY, audience=Audience.FUNDER)
    table = dashboard(viewer=viewer, filters=period)["joint_support"]
    rows = {label: [c.export() for c in cells] for label, cells in table.rows}
    assert rows[str(individual.label)] == [3, 2, 66.7]
    assert rows[str(DeploymentKind.CONSULTATION.label)] == [1, 0, 0.0]
    assert rows["Totaal"] == [4, 2, 50.0]
    strict = dashboard(
        viewer=viewer, filters=Filters(TODAY.replace(day=1), TODAY, audience=Audience.ORGANISATION)
    )
    assert [c.suppressed for c in strict["joint_support"].rows[-1][1]] == [True, True, True]
