"""Issue 17, defects in the deployment API: refusals name the field, the agreement's history lists only
what changed, decline/ returns the automatic next offer, candidates/ says how many and why not."""

from django.urls import reverse

from ervaringswerk.core.tenancy import Role
from ervaringswerk.deployment import services
from ervaringswerk.deployment.models import Offer, OfferStatus
from ervaringswerk.pool.constants import Visibility

from .factories import make_peer, make_request, viewer


def _as(api_client, user):
    api_client.force_authenticate(user)
    return api_client


def test_a_refused_manual_offer_names_the_peer_field(world, api_client):
    """Was `non_field_errors`: the refusal is about the chosen peer worker."""
    full = make_peer(world.a, weekly_hours=1)  # no room for a 2-hour request
    request = make_request(world.a, hours=2)
    response = _as(api_client, world.a.users[Role.COORDINATOR]).post(
        reverse("offer-list"), {"request": str(request.pk), "peer": str(full.pk)}, format="json"
    )
    assert response.status_code == 409, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert [p["name"] for p in response.json()["invalid_params"]] == ["peer"]
    assert not Offer.objects.exists()


def _assignment(world, **peer_fields):
    me = make_peer(world.a, user=world.a.users[Role.PEER_WORKER], weekly_hours=6, **peer_fields)
    offer = services.offer_create(
        request=make_request(world.a, hours=2), peer=me, viewer=viewer(world.a.users[Role.COORDINATOR])
    )
    return services.offer_accept(offer=offer, viewer=viewer(world.a.users[Role.PEER_WORKER]))


def test_the_agreement_history_lists_only_fields_that_changed(world, api_client):
    assignment = _assignment(world)
    team = _as(api_client, world.a.users[Role.PROFESSIONAL])
    url = reverse("assignment-detail", args=[assignment.pk])
    current = team.get(url).json()["agreement"]
    writable = ["role", "tasks", "responsibilities", "contact_person_id", "contact_details", "hours_per_week"]
    body = {name: current[name] for name in writable} | {"review_date": current["review_date"]}
    body["tasks"] = current["tasks"] + " En mee naar de huisarts."
    response = team.patch(reverse("assignment-agreement", args=[assignment.pk]), body, format="json")
    assert response.status_code == 200, response.content
    latest = response.json()["agreement"]["versions"][0]
    assert latest["version"] == 2 and latest["changed_fields"] == ["tasks"]


def test_decline_returns_the_automatic_next_offer(world, api_client):
    me = make_peer(world.a, user=world.a.users[Role.PEER_WORKER])
    next_peer = make_peer(world.a, experiences={"ggz": Visibility.MATCHING})
    request = make_request(world.a, preferred=["ggz"])
    offer = services.offer_create(request=request, peer=me, viewer=viewer(world.a.users[Role.COORDINATOR]))
    response = _as(api_client, world.a.users[Role.PEER_WORKER]).post(
        reverse("offer-decline", args=[offer.pk]), {"reason": "no_time"}, format="json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == OfferStatus.DECLINED and body["id"] == str(offer.pk)
    following = Offer.objects.get(request=request, status=OfferStatus.PENDING)
    assert following.peer == next_peer and following.automatic
    assert body["next_offer"] == {"id": str(following.pk), "automatic": True}


def test_decline_says_so_when_nobody_is_next(world, api_client):
    me = make_peer(world.a, user=world.a.users[Role.PEER_WORKER])
    offer = services.offer_create(
        request=make_request(world.a), peer=me, viewer=viewer(world.a.users[Role.COORDINATOR])
    )
    body = (
        _as(api_client, world.a.users[Role.PEER_WORKER])
        .post(reverse("offer-decline", args=[offer.pk]), {"reason": "no_time"}, format="json")
        .json()
    )
    assert body["next_offer"] is None


def test_candidates_have_a_count_and_the_why_not_list(world, api_client):
    fits = make_peer(world.a, experiences={"ggz": Visibility.MATCHING})
    no_room = make_peer(world.a, weekly_hours=1)
    request = make_request(world.a, hours=2, preferred=["ggz"])
    body = (
        _as(api_client, world.a.users[Role.COORDINATOR])
        .get(reverse("deployment-request-candidates", args=[request.pk]))
        .json()
    )
    assert body["count"] == 1 and [c["peer_id"] for c in body["results"]] == [str(fits.pk)]
    excluded = {row["peer_id"]: row for row in body["excluded"]}
    assert set(excluded) == {str(no_room.pk)}
    assert excluded[str(no_room.pk)]["reasons"] and excluded[str(no_room.pk)]["name"] == str(no_room)
    assert body["reason_groups"] and {"code", "label", "advice", "count"} == set(body["reason_groups"][0])
