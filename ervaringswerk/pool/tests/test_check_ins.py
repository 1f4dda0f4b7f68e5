"""Well-being check-ins are private; a shared signal shows the coordinator a flag, never the content."""

import pytest
from django.urls import reverse

from ervaringswerk.audit.models import AuditEvent
from ervaringswerk.core.tenancy import Role
from ervaringswerk.pool.models import CheckIn

from .factories import make_check_in, own_peer

SECRET = "Slecht geslapen door de schulden van mijn broer"


@pytest.fixture
def me(world):
    return own_peer(world)


def _check_in(client, **extra):
    data = {"energy": "2", "balance": "1", "support_need": "much", "note": SECRET, **extra}
    return client.post(reverse("pool:my_check_in"), data)


def test_a_private_check_in_shows_nothing_to_the_coordinator(world, client_for, me):
    peer_client = client_for(world.a.users[Role.PEER_WORKER])
    assert _check_in(peer_client).status_code == 302
    assert SECRET in peer_client.get(reverse("pool:my_check_in")).content.decode()
    coordinator = client_for(world.a.users[Role.COORDINATOR])
    for url in (reverse("pool:overview"), reverse("pool:detail", args=[me.pk])):
        page = coordinator.get(url).content.decode()
        assert SECRET not in page
        assert 'class="pool-flag"' not in page and "wil graag een gesprek" not in page


def test_a_shared_signal_is_a_flag_without_the_text_until_acknowledged(world, client_for, me):
    _check_in(client_for(world.a.users[Role.PEER_WORKER]), wants_talk="on")
    coordinator = client_for(world.a.users[Role.COORDINATOR])
    overview = coordinator.get(reverse("pool:overview")).content.decode()
    assert 'class="pool-flag"' in overview and SECRET not in overview
    assert "wil graag een gesprek</a>" in overview  # the count card
    flagged = coordinator.get(reverse("pool:overview"), {"gesprek": "on"}).context["data"]
    assert [row.peer for row in flagged.rows] == [me] and flagged.talk_requests == 1
    detail = coordinator.get(reverse("pool:detail", args=[me.pk])).content.decode()
    assert "wil graag een gesprek" in detail
    for leak in (SECRET, "Veel", "energie"):  # neither the text nor the scores
        assert leak not in detail.split("<main")[1]
    coordinator.post(reverse("pool:talk_acknowledge", args=[me.pk]))
    assert 'class="pool-flag"' not in coordinator.get(reverse("pool:overview")).content.decode()
    check_in = CheckIn.objects.get()
    assert check_in.talk_acknowledged_by == world.a.users[Role.COORDINATOR]
    history = client_for(world.a.users[Role.PEER_WORKER]).get(reverse("pool:my_check_in")).content.decode()
    assert "coördinator neemt contact op" in history


def test_check_in_form_keeps_input_on_error(world, client_for, me):
    response = client_for(world.a.users[Role.PEER_WORKER]).post(
        reverse("pool:my_check_in"), {"energy": "9", "note": SECRET}
    )
    assert response.status_code == 200 and SECRET in response.content.decode()
    assert not CheckIn.objects.exists()


def test_audit_never_carries_the_check_in_text(world, client_for, me):
    _check_in(client_for(world.a.users[Role.PEER_WORKER]), wants_talk="on")
    assert not any(SECRET in str(event.__dict__) for event in AuditEvent.objects.all())


def test_api_check_ins_are_only_ever_the_callers_own(world, api_client, me):
    make_check_in(me, note=SECRET, wants_talk=True)
    api_client.force_authenticate(world.a.users[Role.PEER_WORKER])
    body = api_client.get(reverse("check-in-list")).json()
    assert body["count"] == 1 and body["results"][0]["note"] == SECRET
    created = api_client.post(
        reverse("check-in-list"), {"energy": 4, "balance": 4, "wants_talk": False}, format="json"
    )
    assert created.status_code == 201 and CheckIn.objects.count() == 2
    bad = api_client.post(reverse("check-in-list"), {"energy": 8, "balance": 4}, format="json")
    assert bad.status_code == 400 and bad["Content-Type"].startswith("application/problem+json")
    api_client.force_authenticate(world.a.users[Role.COORDINATOR])
    assert api_client.get(reverse("check-in-list")).status_code == 403
    peer = api_client.get(reverse("peer-worker-detail", args=[me.pk])).json()
    assert peer["talk_requested"] is True and SECRET not in str(peer)
    ack = api_client.post(reverse("peer-worker-acknowledge-talk", args=[me.pk]))
    assert ack.status_code == 204
    assert api_client.get(reverse("peer-worker-detail", args=[me.pk])).json()["talk_requested"] is False


def test_a_peer_worker_cannot_acknowledge_their_own_flag(world, api_client, me):
    make_check_in(me, wants_talk=True)
    api_client.force_authenticate(world.a.users[Role.PEER_WORKER])
    response = api_client.post(reverse("peer-worker-acknowledge-talk", args=[me.pk]))
    assert response.status_code == 403
    assert CheckIn.objects.get().talk_acknowledged_at is None
