"""Batch proposals through the API (issue 17, item 1): create for the pool, read with pairs, bound and
reasons, replace or remove a pair, send (the offers) and discard, with the page's services and rule.
Attacked as another role, another municipality, on a list and on a detail, and twice (409)."""

import pytest
from django.urls import reverse

from ervaringswerk.audit.models import AuditAction, AuditEvent
from ervaringswerk.core.tenancy import Role
from ervaringswerk.deployment import services
from ervaringswerk.deployment.models import DeploymentRequest, Offer, Proposal, ProposalPair, ProposalStatus

from .factories import make_peer, make_request, viewer


def _as(api_client, user):
    api_client.force_authenticate(user)
    return api_client


def _problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status and body["title"] and body["detail"]
    return body


@pytest.fixture
def pool(world):
    """Two peer workers of 4 hours and three open requests of 3 hours: two can be placed, proven."""
    peers = [make_peer(world.a, weekly_hours=4), make_peer(world.a, weekly_hours=4)]
    requests = [make_request(world.a, hours=3, title=title) for title in ("A", "B", "C")]
    return peers, requests


def _create(api_client, world):
    client = _as(api_client, world.a.users[Role.COORDINATOR])
    response = client.post(reverse("proposal-list"), {}, format="json")
    assert response.status_code == 201, response.content
    return client, response.json()


def test_the_coordinator_creates_a_proposal_and_reads_pairs_bound_and_reasons(world, api_client, pool):
    client, body = _create(api_client, world)
    proposal = Proposal.objects.get(pk=body["id"])
    assert proposal.pool == world.a.organisations["pool"] and proposal.status == ProposalStatus.DRAFT
    assert body["pool_id"] == str(world.a.organisations["pool"].pk) and body["status"] == "draft"
    assert body["open_requests"] == 3 and body["placed"] == 2 and body["placeable_at_most"] == 2
    assert body["proven_optimal"] is True and body["placed_share"] == 1.0
    assert body["score_bound"] is not None and body["score"] <= body["score_bound"]
    assert len(body["pairs"]) == 2 and body["pairs_score"] == body["score"]
    pair = body["pairs"][0]
    assert {"id", "request_id", "request", "peer_id", "peer", "score", "factors", "alternatives"} <= set(pair)
    assert pair["factors"] and pair["request"] in {"A", "B", "C"}
    # The one request left over, with the reasons the page shows.
    placed = {p["request_id"] for p in body["pairs"]}
    [left] = body["unassigned"]
    assert left["request_id"] not in placed and left["reasons"]
    # Same as the page: the create is audited with the pairs.
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_id=str(proposal.pk), changed_fields=["pairs"]
    ).exists()
    # The detail reads the same; the list too (without alternatives).
    detail = client.get(reverse("proposal-detail", args=[proposal.pk])).json()
    assert detail["pairs"] == body["pairs"] and detail["unassigned"] == body["unassigned"]
    [row] = client.get(reverse("proposal-list")).json()["results"]
    assert row["id"] == body["id"] and all(p["alternatives"] == [] for p in row["pairs"])


def test_a_proposal_for_another_pool_is_refused_and_unknown_fields_are_400(world, api_client, pool):
    client = _as(api_client, world.a.users[Role.COORDINATOR])
    url = reverse("proposal-list")
    _problem(client.post(url, {"pool": str(world.a.organisations["team"].pk)}, format="json"), 403)
    _problem(client.post(url, {"pool": str(world.b.organisations["pool"].pk)}, format="json"), 403)
    body = _problem(client.post(url, {"pools": "x"}, format="json"), 400)
    assert [p["name"] for p in body["invalid_params"]] == ["pools"]
    assert not Proposal.objects.exists()
    created = client.post(url, {"pool": str(world.a.organisations["pool"].pk)}, format="json")
    assert created.status_code == 201


@pytest.mark.parametrize("role", [r for r in Role if r != Role.COORDINATOR])
def test_other_roles_cannot_create_or_act_on_proposals(world, api_client, pool, role):
    proposal = services.proposal_create(viewer=viewer(world.a.users[Role.COORDINATOR]))
    pair = proposal.pairs.first()
    client = _as(api_client, world.a.users[role])
    _problem(client.post(reverse("proposal-list"), {}, format="json"), 403)
    _problem(client.post(reverse("proposal-send", args=[proposal.pk])), 403)
    _problem(client.post(reverse("proposal-discard", args=[proposal.pk])), 403)
    _problem(client.delete(reverse("proposal-pair", args=[proposal.pk, pair.pk])), 403)
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.DRAFT
    assert ProposalPair.objects.filter(pk=pair.pk).exists() and not Offer.objects.exists()


def test_another_municipality_gets_404_everywhere(world, api_client, pool):
    proposal = services.proposal_create(viewer=viewer(world.a.users[Role.COORDINATOR]))
    pair = proposal.pairs.first()
    other = _as(api_client, world.b.users[Role.COORDINATOR])
    assert other.get(reverse("proposal-list")).json()["count"] == 0
    _problem(other.get(reverse("proposal-detail", args=[proposal.pk])), 404)
    _problem(other.post(reverse("proposal-send", args=[proposal.pk])), 404)
    _problem(other.post(reverse("proposal-discard", args=[proposal.pk])), 404)
    _problem(other.delete(reverse("proposal-pair", args=[proposal.pk, pair.pk])), 404)
    peer = make_peer(world.b)
    replace = reverse("proposal-pair", args=[proposal.pk, pair.pk])
    _problem(other.patch(replace, {"peer": str(peer.pk)}, format="json"), 404)
    assert proposal.pairs.count() == 2 and not Offer.objects.exists()


def test_remove_and_replace_a_pair_as_the_page_does(world, api_client, pool):
    peers, _requests = pool
    client, body = _create(api_client, world)
    spare = make_peer(world.a, weekly_hours=4)  # a third peer worker, free for any request
    first, second = body["pairs"]
    assert first["alternatives"] and all(a["peer_id"] != first["peer_id"] for a in first["alternatives"])
    url = reverse("proposal-pair", args=[body["id"], first["id"]])

    # Replace by the spare peer worker: marked edited, scored for the request.
    replaced = client.patch(url, {"peer": str(spare.pk)}, format="json")
    assert replaced.status_code == 200, replaced.content
    pair = next(p for p in replaced.json()["pairs"] if p["id"] == first["id"])
    assert pair["peer_id"] == str(spare.pk) and pair["edited"] is True
    updates = AuditEvent.objects.filter(action=AuditAction.UPDATE, object_id=first["id"])
    assert any("peer" in event.changed_fields for event in updates)

    # A peer worker already carrying the other pair's hours does not fit: 409 naming `peer`.
    busy = client.patch(url, {"peer": second["peer_id"]}, format="json")
    refused = _problem(busy, 409)
    assert [p["name"] for p in refused["invalid_params"]] == ["peer"]
    # A peer worker of another municipality, or no id at all: 400 naming `peer`.
    foreign = make_peer(world.b)
    assert (
        _problem(client.patch(url, {"peer": str(foreign.pk)}, format="json"), 400)["invalid_params"][0][
            "name"
        ]
        == "peer"
    )
    _problem(client.patch(url, {}, format="json"), 400)
    _problem(client.patch(url, {"peer": str(spare.pk), "score": 99}, format="json"), 400)

    # Remove: gone from the proposal; removing it again is 404 (the pair no longer exists).
    removed = client.delete(url)
    assert removed.status_code == 200
    assert [p["id"] for p in removed.json()["pairs"]] == [second["id"]]
    assert removed.json()["pairs_score"] == second["score"]
    _problem(client.delete(url), 404)
    # A pair id of another proposal is 404 on this one.
    other = services.proposal_create(viewer=viewer(world.a.users[Role.COORDINATOR]))
    foreign_pair = other.pairs.first()
    _problem(client.delete(reverse("proposal-pair", args=[body["id"], foreign_pair.pk])), 404)


def test_send_makes_the_offers_and_twice_is_409(world, api_client, pool):
    client, body = _create(api_client, world)
    url = reverse("proposal-send", args=[body["id"]])
    response = client.post(url)
    assert response.status_code == 200, response.content
    result = response.json()
    assert result["proposal"]["status"] == "sent" and result["proposal"]["sent_at"]
    assert result["failed"] == [] and len(result["sent"]) == 2
    offers = Offer.objects.filter(proposal_id=body["id"])
    assert {str(o.pk) for o in offers} == {s["offer_id"] for s in result["sent"]}
    assert {(str(o.request_id), str(o.peer_id)) for o in offers} == {
        (p["request_id"], p["peer_id"]) for p in body["pairs"]
    }
    assert all(o.score is not None for o in offers)
    assert (
        AuditEvent.objects.filter(
            action=AuditAction.CREATE, object_id__in=[str(o.pk) for o in offers]
        ).count()
        == 2
    )
    # Sent: nothing changes any more, each step a 409.
    _problem(client.post(url), 409)
    _problem(client.post(reverse("proposal-discard", args=[body["id"]])), 409)
    pair_url = reverse("proposal-pair", args=[body["id"], body["pairs"][0]["id"]])
    _problem(client.delete(pair_url), 409)
    assert Offer.objects.filter(proposal_id=body["id"]).count() == 2


def test_send_reports_a_pair_that_no_longer_fits(world, api_client, pool):
    client, body = _create(api_client, world)
    gone = body["pairs"][0]
    services.request_withdraw(
        request=DeploymentRequest.objects.get(pk=gone["request_id"]),
        viewer=viewer(world.a.users[Role.PROFESSIONAL]),
        reason="not_needed",
    )
    result = client.post(reverse("proposal-send", args=[body["id"]])).json()
    assert len(result["sent"]) == 1
    [failed] = result["failed"]
    assert failed["pair_id"] == gone["id"] and failed["request_id"] == gone["request_id"] and failed["reason"]


def test_an_empty_proposal_cannot_be_sent_and_discard_twice_is_409(world, api_client, pool):
    client, body = _create(api_client, world)
    for pair in body["pairs"]:
        assert client.delete(reverse("proposal-pair", args=[body["id"], pair["id"]])).status_code == 200
    empty = _problem(client.post(reverse("proposal-send", args=[body["id"]])), 409)
    assert "geen koppelingen" in empty["detail"]
    assert Proposal.objects.get(pk=body["id"]).status == ProposalStatus.DRAFT
    url = reverse("proposal-discard", args=[body["id"]])
    assert client.post(url).json()["status"] == "discarded"
    _problem(client.post(url), 409)


def test_the_schema_has_the_proposal_steps(client, db):
    paths = client.get(reverse("api-schema"), {"format": "json"}).json()["paths"]
    assert "post" in paths["/api/v1/proposals/"]
    assert {"patch", "delete"} <= set(paths["/api/v1/proposals/{id}/pairs/{pair_pk}/"])
    assert "post" in paths["/api/v1/proposals/{id}/send/"]
    assert "post" in paths["/api/v1/proposals/{id}/discard/"]
