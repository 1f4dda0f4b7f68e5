"""The coordinator books an assignment on a programme from the agreement page; its hours then land on it."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from ervaringswerk.core.tenancy import Role
from ervaringswerk.deployment import services
from ervaringswerk.hours.services import time_entry_create
from ervaringswerk.hours.tests.matrix_api import api_programme
from ervaringswerk.organisations.services import programme_create

from .factories import make_peer, make_request, viewer


@pytest.fixture
def assignment(world):
    me = make_peer(world.a, user=world.a.users[Role.PEER_WORKER], weekly_hours=8)
    request = make_request(world.a, hours=2, title="Spreekuur geldzorgen")
    offer = services.offer_create(request=request, peer=me, viewer=viewer(world.a.users[Role.COORDINATOR]))
    return services.offer_accept(offer=offer, viewer=viewer(world.a.users[Role.PEER_WORKER]))


def form_data(agreement, **extra):
    return {
        "role": agreement.role,
        "tasks": agreement.tasks,
        "responsibilities": "",
        "contact_person": "",
        "contact_details": "",
        "hours_per_week": str(agreement.hours_per_week),
        "review_date": "",
        **extra,
    }


def test_the_coordinator_chooses_the_programme_and_hours_follow_it(world, client_for, assignment):
    programme = api_programme(world.a)  # run by the pool, the team is a partner
    url = reverse("deployment:agreement_edit", args=[assignment.pk])
    team_page = client_for(world.a.users[Role.TEAM_LEAD]).get(url).content.decode()
    assert 'name="programme"' not in team_page

    client = client_for(world.a.users[Role.COORDINATOR])
    assert programme.name in client.get(url).content.decode()
    response = client.post(url, form_data(assignment.agreement, programme=str(programme.pk)))
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.programme == programme
    page = client.get(reverse("deployment:assignment_detail", args=[assignment.pk])).content.decode()
    assert programme.name in page

    entry = time_entry_create(
        peer=assignment.peer,
        assignment=assignment,
        day=timezone.localdate() - datetime.timedelta(days=1),
        minutes=60,
        work_kind="direct_contact",
    )
    assert entry.programme == programme and entry.partner == world.a.organisations["team"]


def test_a_programme_the_requesting_team_is_no_partner_of_is_refused(world, client_for, assignment):
    t = world.a
    programme = programme_create(
        municipality=t.municipality,
        name="Alleen de pool",
        code="POOL",
        funder=t.organisations["gemeente"],
        contractor=t.organisations["pool"],
        start_date=timezone.localdate() - datetime.timedelta(days=30),
        end_date=timezone.localdate() + datetime.timedelta(days=300),
        hours_per_week=Decimal(8),
        hours_total=Decimal(300),
    )
    client = client_for(t.users[Role.COORDINATOR])
    url = reverse("deployment:agreement_edit", args=[assignment.pk])
    response = client.post(url, form_data(assignment.agreement, programme=str(programme.pk), tasks="Nieuw"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "geen partner van Alleen de pool" in text and "Nieuw" in text
    assignment.refresh_from_db()
    assignment.agreement.refresh_from_db()
    assert assignment.programme is None and assignment.agreement.tasks != "Nieuw"  # nothing half-saved

    with pytest.raises(ValidationError, match="coördinator"):
        services.assignment_programme_set(
            assignment=assignment, viewer=viewer(t.users[Role.TEAM_LEAD]), programme=api_programme(t)
        )
    b_programme = api_programme(world.b, code="BPROG")
    response = client.post(url, form_data(assignment.agreement, programme=str(b_programme.pk)))
    assert response.status_code == 200  # not among the choices
    assignment.refresh_from_db()
    assert assignment.programme is None
