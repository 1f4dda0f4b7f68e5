"""Agreements: written down on acceptance, visible to the peer worker and the team, edited by the
coordinator or team with a kept trail of versions."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ervaringswerk.accounts.services import membership_create, user_create
from ervaringswerk.audit.models import AuditAction, AuditEvent
from ervaringswerk.core.tenancy import Role
from ervaringswerk.deployment import services
from ervaringswerk.organisations.models import OrganisationKind
from ervaringswerk.organisations.services import organisation_create

from .factories import make_peer, make_request, viewer


@pytest.fixture
def assignment(world):
    me = make_peer(world.a, user=world.a.users[Role.PEER_WORKER], weekly_hours=8)
    request = make_request(world.a, hours=2, title="Groep Rondkomen")
    offer = services.offer_create(request=request, peer=me, viewer=viewer(world.a.users[Role.COORDINATOR]))
    return services.offer_accept(offer=offer, viewer=viewer(world.a.users[Role.PEER_WORKER]))


def _page(client, assignment):
    return client.get(reverse("deployment:assignment_detail", args=[assignment.pk]))


@pytest.mark.parametrize("role", [Role.PEER_WORKER, Role.PROFESSIONAL, Role.TEAM_LEAD, Role.COORDINATOR])
def test_the_agreement_is_visible_to_both_sides(world, client_for, assignment, role):
    response = _page(client_for(world.a.users[role]), assignment)
    assert response.status_code == 200
    assert "Groep Rondkomen" in response.content.decode()
    assert "Contactpersoon in het team" in response.content.decode()


def test_another_team_and_the_policy_advisor_do_not_see_it(world, client_for, assignment):
    other_team = organisation_create(
        municipality=world.a.municipality, name="Wijkteam Zuid", kind=OrganisationKind.NEIGHBOURHOOD_TEAM
    )
    stranger = user_create(username="prof.zuid", password=None)
    membership_create(user=stranger, organisation=other_team, role=Role.PROFESSIONAL)
    assert _page(client_for(stranger), assignment).status_code == 404
    assert _page(client_for(world.a.users[Role.POLICY_ADVISOR]), assignment).status_code == 403
    assert _page(client_for(world.b.users[Role.COORDINATOR]), assignment).status_code == 404


def test_reading_the_agreement_is_audited(world, client_for, assignment):
    _page(client_for(world.a.users[Role.PEER_WORKER]), assignment)
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, object_id=str(assignment.pk), actor=world.a.users[Role.PEER_WORKER]
    ).exists()


def test_the_team_edits_and_every_version_is_kept(world, assignment):
    team = viewer(world.a.users[Role.TEAM_LEAD])
    agreement = services.agreement_update(
        agreement=assignment.agreement,
        viewer=team,
        tasks="Elke dinsdag de groep mede begeleiden",
        review_date=datetime.date(2026, 9, 1),
    )
    assert agreement.version == 2
    latest = agreement.versions.first()
    assert latest.version == 2 and sorted(latest.changed_fields) == ["review_date", "tasks"]
    assert latest.edited_by == world.a.users[Role.TEAM_LEAD]
    assert latest.snapshot["tasks"] == "Elke dinsdag de groep mede begeleiden"
    assert set(latest.changed_labels) == {"taken", "evaluatiedatum"}
    # Saving the same values again is not a new version.
    assert services.agreement_update(agreement=agreement, viewer=team, tasks=agreement.tasks).version == 2
    assert AuditEvent.objects.filter(object_id=str(agreement.pk), action=AuditAction.UPDATE).exists()


def test_more_hours_must_fit_the_peer_workers_capacity(world, assignment):
    coordinator = viewer(world.a.users[Role.COORDINATOR])
    with pytest.raises(ValidationError) as exc:
        services.agreement_update(
            agreement=assignment.agreement, viewer=coordinator, hours_per_week=Decimal(9)
        )
    assert "6" in exc.value.message_dict["hours_per_week"][0]
    services.agreement_update(agreement=assignment.agreement, viewer=coordinator, hours_per_week=Decimal(5))
    assignment.refresh_from_db()
    assert assignment.hours_per_week == Decimal("5")


def test_the_contact_person_comes_from_the_requesting_team(world, assignment):
    coordinator = viewer(world.a.users[Role.COORDINATOR])
    with pytest.raises(ValidationError):
        services.agreement_update(
            agreement=assignment.agreement, viewer=coordinator, contact_person=world.a.users[Role.COORDINATOR]
        )
    services.agreement_update(
        agreement=assignment.agreement, viewer=coordinator, contact_person=world.a.users[Role.TEAM_LEAD]
    )


def test_the_peer_worker_reads_but_does_not_edit(world, client_for, assignment):
    client = client_for(world.a.users[Role.PEER_WORKER])
    assert client.get(reverse("deployment:agreement_edit", args=[assignment.pk])).status_code == 403
    assert "Afspraken wijzigen" not in _page(client, assignment).content.decode()


def test_the_edit_page_keeps_input_and_explains(world, client_for, assignment):
    client = client_for(world.a.users[Role.PROFESSIONAL])
    url = reverse("deployment:agreement_edit", args=[assignment.pk])
    data = {
        "role": "supporter",
        "tasks": "Nieuwe taak",
        "responsibilities": "",
        "contact_person": "",
        "contact_details": "",
        "hours_per_week": "40",
        "review_date": "",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Zoveel uur past niet" in text and "Nieuwe taak" in text
    data["hours_per_week"] = "3"
    assert client.post(url, data).status_code == 302
    assignment.agreement.refresh_from_db()
    assert assignment.agreement.tasks == "Nieuwe taak" and assignment.agreement.version == 2
    page = _page(client_for(world.a.users[Role.PEER_WORKER]), assignment).content.decode()
    assert "Versie 2" in page and "Nieuwe taak" in page


def test_an_ended_assignments_agreement_is_fixed(world, assignment):
    coordinator = viewer(world.a.users[Role.COORDINATOR])
    services.assignment_start(assignment=assignment, viewer=coordinator)
    services.assignment_end(assignment=assignment, viewer=coordinator, reason="completed")
    with pytest.raises(ValidationError):
        services.agreement_update(agreement=assignment.agreement, viewer=coordinator, tasks="Later")
