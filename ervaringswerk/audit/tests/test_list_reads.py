"""Every read of a list of personal data is an audit event (ids, count, filters), in pages and API alike.

Finding: `/api/v1/peer-workers/?page_size=500` returned the whole pool with no event; the same for
experiences, growth, time entries, trajectories, measurements and `/audit/` itself."""

import pytest
from django.urls import reverse

from ervaringswerk.audit.models import AuditAction, AuditEvent
from ervaringswerk.audit.services import TEXT_MARKER
from ervaringswerk.core.tenancy import Role
from ervaringswerk.pool.constants import Visibility
from ervaringswerk.pool.tests.factories import make_peer


def _lists(**filters):
    return AuditEvent.objects.filter(action=AuditAction.LIST, **filters)


def test_the_whole_pool_through_the_api_is_one_event_with_ids_and_count(world, api_client):
    peers = [make_peer(world.a, experiences={"ggz": Visibility.MATCHING}) for _ in range(7)]
    coordinator = world.a.users[Role.COORDINATOR]
    api_client.force_authenticate(coordinator)
    response = api_client.get(reverse("peer-worker-list"), {"page_size": 500, "status": "active"})
    assert response.status_code == 200 and response.json()["count"] == 7
    event = _lists(object_type="pool.peerworker").get()
    assert event.actor == coordinator and event.channel == "api"
    assert event.details["count"] == 7
    assert set(event.details["ids"]) == {str(p.pk) for p in peers}
    assert event.details["filters"] == {"status": "active"}


API_LISTS = [
    ("peer-worker-list", "pool.peerworker", Role.COORDINATOR),
    ("peer-experience-list", "pool.peerexperience", Role.COORDINATOR),
    ("ladder-step-list", "pool.ladderstep", Role.COORDINATOR),
    ("development-goal-list", "pool.developmentgoal", Role.COORDINATOR),
    ("training-list", "pool.training", Role.COORDINATOR),
    ("check-in-list", "pool.checkin", Role.PEER_WORKER),
    ("time-entry-list", "hours.timeentry", Role.COORDINATOR),
    ("trajectory-list", "outcomes.trajectory", Role.PROFESSIONAL),
    ("measurement-list", "outcomes.measurement", Role.PROFESSIONAL),
    ("offer-list", "deployment.offer", Role.COORDINATOR),
    ("assignment-list", "deployment.assignment", Role.COORDINATOR),
    ("deployment-request-list", "deployment.deploymentrequest", Role.PROFESSIONAL),
    ("audit-event-list", "audit.auditevent", Role.ADMINISTRATOR),
]


@pytest.mark.parametrize(("url_name", "object_type", "role"), API_LISTS)
def test_every_api_list_of_personal_data_is_audited(world, api_client, url_name, object_type, role):
    api_client.force_authenticate(world.a.users[role])
    response = api_client.get(reverse(url_name))
    assert response.status_code == 200, response.content
    event = _lists(object_type=object_type).get()
    assert event.actor == world.a.users[role]
    assert event.details["count"] == response.json()["count"]


def test_reference_lists_are_not_personal_and_write_no_event(world, api_client):
    api_client.force_authenticate(world.a.users[Role.PROFESSIONAL])
    assert api_client.get(reverse("neighbourhood-list")).status_code == 200
    assert api_client.get(reverse("organisation-list")).status_code == 200
    assert not _lists().exists()


PAGE_LISTS = [
    ("pool:overview", "pool.peerworker", Role.COORDINATOR),
    ("hours:overview", "hours.timeentry", Role.COORDINATOR),
    ("outcomes:trajectory_list", "outcomes.trajectory", Role.PROFESSIONAL),
    ("deployment:request_list", "deployment.deploymentrequest", Role.PROFESSIONAL),
    ("deployment:assignment_list", "deployment.assignment", Role.COORDINATOR),
    ("audit:list", "audit.auditevent", Role.ADMINISTRATOR),
]


@pytest.mark.parametrize(("url_name", "object_type", "role"), PAGE_LISTS)
def test_every_page_list_of_personal_data_is_audited(world, client_for, url_name, object_type, role):
    make_peer(world.a)
    response = client_for(world.a.users[role]).get(reverse(url_name))
    assert response.status_code == 200
    event = _lists(object_type=object_type).get()
    assert event.actor == world.a.users[role] and event.channel == "web"


def test_typed_search_text_is_never_stored_only_marked(world, client_for):
    make_peer(world.a, first_name="Zeldzaam", last_name="Gezocht")
    client_for(world.a.users[Role.COORDINATOR]).get(reverse("pool:overview"), {"q": "Zeldzaam Gezocht"})
    event = _lists(object_type="pool.peerworker").get()
    assert event.details["filters"] == {"q": TEXT_MARKER}
    assert "Zeldzaam" not in str(event.details) and "Zeldzaam" not in event.object_repr
    assert event.details["count"] == 1
