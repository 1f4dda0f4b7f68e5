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


# --- changing the supporting professional after matching ------------------------------------------


def _duo(world, tenant="a", **fields):
    t = getattr(world, tenant)
    peer = make_peer(t, user=t.users[Role.PEER_WORKER])
    return make_assignment(
        make_request(t, kind=DeploymentKind.INDIVIDUAL_SUPPORT, title="Duo"),
        peer,
        supporting_professional=_membership(world, Role.PROFESSIONAL, tenant),
        **fields,
    )


@pytest.mark.parametrize("role", [Role.TEAM_LEAD, Role.COORDINATOR])
def test_the_team_or_the_coordinator_changes_the_supporting_professional_audited(world, role):
    from ervaringswerk.audit.models import AuditEvent

    assignment = _duo(world)
    lead = _membership(world, Role.TEAM_LEAD)
    services.assignment_supporting_professional_set(
        assignment=assignment, viewer=viewer_for(world.a.users[role]), membership=lead
    )
    assignment.refresh_from_db()
    assert assignment.supporting_professional == lead
    assert assignment.request.supporting_professional is None  # the request keeps what was asked
    event = AuditEvent.objects.filter(object_id=str(assignment.pk), action="update").get()
    assert event.changed_fields == ["supporting_professional"]
    assert event.actor_id == world.a.users[role].pk
    services.assignment_supporting_professional_set(
        assignment=assignment, viewer=viewer_for(world.a.users[role]), membership=None
    )
    assignment.refresh_from_db()
    assert assignment.supporting_professional is None


def test_the_supporting_professional_must_be_of_the_requesting_organisation(world):
    assignment = _duo(world)
    lead = viewer_for(world.a.users[Role.TEAM_LEAD])
    for other in (_membership(world, Role.COORDINATOR), _membership(world, Role.PROFESSIONAL, "b")):
        with pytest.raises(ValidationError) as error:
            services.assignment_supporting_professional_set(
                assignment=assignment, viewer=lead, membership=other
            )
        assert "supporting_professional" in error.value.message_dict
    assignment.refresh_from_db()
    assert assignment.supporting_professional == _membership(world, Role.PROFESSIONAL)


def test_other_roles_and_municipalities_may_not_change_the_supporting_professional(world):
    from django.core.exceptions import PermissionDenied

    assignment = _duo(world)
    lead = _membership(world, Role.TEAM_LEAD)
    refused = [world.a.users[r] for r in (Role.PEER_WORKER, Role.POLICY_ADVISOR, Role.ADMINISTRATOR)]
    refused += [world.b.users[Role.COORDINATOR], world.b.users[Role.TEAM_LEAD]]
    for user in refused:
        with pytest.raises(PermissionDenied):
            services.assignment_supporting_professional_set(
                assignment=assignment, viewer=viewer_for(user), membership=lead
            )
    assignment.refresh_from_db()
    assert assignment.supporting_professional == _membership(world, Role.PROFESSIONAL)


def test_an_ended_assignment_keeps_its_supporting_professional(world):
    assignment = _duo(world, status="ended")
    with pytest.raises(ValidationError):
        services.assignment_supporting_professional_set(
            assignment=assignment,
            viewer=viewer_for(world.a.users[Role.TEAM_LEAD]),
            membership=_membership(world, Role.TEAM_LEAD),
        )


def test_the_agreement_page_changes_the_supporting_professional(world, client_for):
    from ervaringswerk.deployment.models import Agreement

    assignment = _duo(world)
    Agreement.objects.create(municipality=assignment.municipality, assignment=assignment, hours_per_week=2)
    lead = _membership(world, Role.TEAM_LEAD)
    client = client_for(world.a.users[Role.TEAM_LEAD])
    url = reverse("deployment:agreement_edit", args=[assignment.pk])
    html = client.get(url).content.decode()
    assert 'name="supporting_professional"' in html
    assert str(lead.pk) in html and str(_membership(world, Role.COORDINATOR).pk) not in html
    form = {"role": "supporter", "hours_per_week": "2", "supporting_professional": str(lead.pk)}
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()
    assignment.refresh_from_db()
    assert assignment.supporting_professional == lead
    detail = client.get(reverse("deployment:assignment_detail", args=[assignment.pk])).content.decode()
    assert "Samen met (professional)" in detail and lead.user.get_full_name() in detail
    # A membership of another organisation is not a choice: a Dutch message on the field, nothing changes.
    foreign = {**form, "supporting_professional": str(_membership(world, Role.COORDINATOR).pk)}
    page = client.post(url, foreign)
    assert page.status_code == 200 and "Selecteer een geldige keuze" in page.content.decode()
    assignment.refresh_from_db()
    assert assignment.supporting_professional == lead


def test_the_api_changes_the_supporting_professional(world, api_client):
    assignment = _duo(world)
    url = f"/api/v1/assignments/{assignment.pk}/"
    lead = _membership(world, Role.TEAM_LEAD)
    api_client.force_authenticate(world.a.users[Role.COORDINATOR])
    changed = api_client.patch(url, {"supporting_professional_id": str(lead.pk)}, format="json")
    assert changed.status_code == 200, changed.content
    assert changed.json()["supporting_professional_id"] == str(lead.pk)
    assert changed.json()["supporting_professional"] == lead.user.get_full_name()
    foreign = api_client.patch(
        url, {"supporting_professional_id": str(_membership(world, Role.COORDINATOR).pk)}, format="json"
    )
    assert foreign.status_code == 400 and foreign["Content-Type"].startswith("application/problem+json")
    assert "supporting_professional_id" in foreign.content.decode()
    missing = api_client.patch(url, {}, format="json")
    assert missing.status_code == 400
    cleared = api_client.patch(url, {"supporting_professional_id": None}, format="json")
    assert cleared.status_code == 200 and cleared.json()["supporting_professional_id"] is None
    api_client.force_authenticate(world.a.users[Role.PEER_WORKER])
    assert api_client.patch(url, {"supporting_professional_id": None}, format="json").status_code == 403
    api_client.force_authenticate(world.b.users[Role.COORDINATOR])
    assert api_client.patch(url, {"supporting_professional_id": None}, format="json").status_code == 404
    api_client.force_authenticate(world.a.users[Role.POLICY_ADVISOR])
    assert api_client.patch(url, {"supporting_professional_id": None}, format="json").status_code == 403
    assignment.refresh_from_db()
    assert assignment.supporting_professional is None
