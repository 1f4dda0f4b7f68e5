"""A peer worker sees who looked at their file at `/pool/mijn-profiel/inzage/`: when, in which role and
for which organisation; not the staff member's name (audit/describe.py's rule)."""

from django.urls import reverse

from ervaringswerk.core.tenancy import Role
from ervaringswerk.pool.tests.factories import make_peer, own_peer


def test_views_and_list_reads_of_my_file_are_shown_with_role_and_organisation(world, client_for, api_client):
    me = own_peer(world)
    other = make_peer(world.a)
    coordinator = world.a.users[Role.COORDINATOR]
    client_for(coordinator).get(reverse("pool:detail", args=[me.pk]))
    client_for(coordinator).get(reverse("pool:detail", args=[other.pk]))  # someone else's file
    api_client.force_authenticate(coordinator)
    api_client.get(reverse("peer-worker-list"), {"page_size": 500})  # a list that holds me
    client = client_for(world.a.users[Role.PEER_WORKER])
    client.get(reverse("pool:detail", args=[me.pk]))  # my own look is not "somebody else"
    response = client.get(reverse("privacy:my_access_log"))
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    events = list(response.context["events"])
    assert [e.action for e in events] == ["list", "view"]
    assert all(e.actor_id == coordinator.pk for e in events)
    page = response.content.decode()
    assert world.a.organisations["pool"].name in page and "Coördinator" in page
    assert coordinator.username not in page


def test_a_file_nobody_opened_says_so(world, client_for):
    own_peer(world)
    page = client_for(world.a.users[Role.PEER_WORKER]).get(reverse("privacy:my_access_log")).content.decode()
    assert "Nog niemand anders heeft uw dossier bekeken." in page
