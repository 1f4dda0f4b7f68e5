"""The deployment API: CRUD per permissions, candidates, offers, assignments; problem+json on bad input."""

import uuid

import pytest
from django.urls import reverse

from ervaringswerk.audit.models import AuditAction, AuditEvent
from ervaringswerk.core.tenancy import Role
from ervaringswerk.deployment import services
from ervaringswerk.deployment.models import DeploymentRequest, OfferStatus, RequestStatus
from ervaringswerk.pool.constants import Visibility

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


VALID = {"title": "Consult over schulden", "kind": "consultation", "hours_per_week": "2.0"}


def test_a_professional_creates_and_submits_a_request(world, api_client):
    client = _as(api_client, world.a.users[Role.PROFESSIONAL])
    data = {
        **VALID,
        "domains_needed": ["armoede-schulden"],
        "neighbourhood": str(world.a.neighbourhoods[0].pk),
        "language": "ar",
        "submit": True,
    }
    response = client.post(reverse("deployment-request-list"), data, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "open" and body["domains_needed"] == ["armoede-schulden"]
    assert body["organisation_id"] == str(world.a.organisations["team"].pk)
    assert body["neighbourhood"] == world.a.neighbourhoods[0].name
    listed = client.get(reverse("deployment-request-list")).json()
    assert [r["id"] for r in listed["results"]] == [body["id"]]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"hours_per_week": "veel"}, "hours_per_week"),
        ({"hours_per_week": 0}, "hours_per_week"),
        ({"kind": "feest"}, "kind"),
        ({"title": ["lijst"]}, "title"),
        ({"start_date": "volgende week"}, "start_date"),
        ({"urgency": 9}, "urgency"),
        ({"domains_needed": "ggz"}, "domains_needed"),
        ({"domains_needed": ["bestaat-niet"]}, "domains_needed"),
        ({"neighbourhood": "geen-uuid"}, "neighbourhood"),
        ({"kind": "individual_support", "resident_code": "123456782"}, "resident_code"),
        ({"kind": "individual_support", "resident_code": "Jan Jansen"}, "resident_code"),
    ],
)
def test_wrong_input_is_a_400_problem_naming_the_field(world, api_client, change, field):
    client = _as(api_client, world.a.users[Role.PROFESSIONAL])
    response = client.post(reverse("deployment-request-list"), {**VALID, **change}, format="json")
    body = _problem(response, 400)
    assert field in {p["name"] for p in body["invalid_params"]}, body
    assert not DeploymentRequest.objects.exists()


def test_the_bsn_message_is_dutch_in_the_api_too(world, api_client):
    client = _as(api_client, world.a.users[Role.PROFESSIONAL])
    data = {**VALID, "kind": "individual_support", "resident_code": "123 456 782"}
    body = _problem(client.post(reverse("deployment-request-list"), data, format="json"), 400)
    assert "burgerservicenummer" in body["invalid_params"][0]["reason"]


def test_another_municipalitys_neighbourhood_is_refused(world, api_client):
    client = _as(api_client, world.a.users[Role.PROFESSIONAL])
    data = {**VALID, "neighbourhood": str(world.b.neighbourhoods[0].pk)}
    body = _problem(client.post(reverse("deployment-request-list"), data, format="json"), 400)
    assert body["invalid_params"][0]["name"] == "neighbourhood"


def test_malformed_json_is_a_400_problem(world, api_client):
    client = _as(api_client, world.a.users[Role.PROFESSIONAL])
    response = client.generic(
        "POST", reverse("deployment-request-list"), "{nee", content_type="application/json"
    )
    _problem(response, 400)


def test_only_teams_create_requests(world, api_client):
    for role in (Role.COORDINATOR, Role.PEER_WORKER, Role.POLICY_ADVISOR):
        _problem(_as(api_client, world.a.users[role]).post(reverse("deployment-request-list"), VALID), 403)


def test_patch_submit_withdraw_and_delete(world, api_client):
    client = _as(api_client, world.a.users[Role.TEAM_LEAD])
    created = client.post(reverse("deployment-request-list"), VALID, format="json").json()
    url = reverse("deployment-request-detail", args=[created["id"]])
    assert client.patch(url, {"title": "Nieuwe titel"}, format="json").json()["title"] == "Nieuwe titel"
    submitted = client.post(reverse("deployment-request-submit", args=[created["id"]])).json()
    assert submitted["status"] == "open"
    # An illegal step (submitting twice) is a conflict with the current state: 409.
    assert (
        "kan niet naar"
        in _problem(client.post(reverse("deployment-request-submit", args=[created["id"]])), 409)["detail"]
    )
    _problem(
        client.post(reverse("deployment-request-withdraw", args=[created["id"]]), {}, format="json"), 400
    )
    response = client.delete(url, {"reason": "not_needed"}, format="json")
    assert response.status_code == 204
    assert client.get(url).json()["status"] == "withdrawn"
    # A withdrawn request is no longer the team's to change.
    _problem(client.post(reverse("deployment-request-submit", args=[created["id"]])), 403)


def test_put_is_not_allowed(world, api_client):
    request = make_request(world.a)
    client = _as(api_client, world.a.users[Role.PROFESSIONAL])
    _problem(client.put(reverse("deployment-request-detail", args=[request.pk]), VALID, format="json"), 405)


def test_unknown_foreign_and_malformed_ids_are_404_problems(world, api_client):
    foreign = make_request(world.b)
    client = _as(api_client, world.a.users[Role.COORDINATOR])
    for pk in (uuid.uuid4(), foreign.pk):
        _problem(client.get(reverse("deployment-request-detail", args=[pk])), 404)
        _problem(client.get(reverse("deployment-request-candidates", args=[pk])), 404)
    _problem(client.get("/api/v1/deployment-requests/geen-uuid/"), 404)
    _problem(client.post(reverse("offer-accept", args=[uuid.uuid4()])), 404)


def test_candidates_are_ranked_and_explained_for_the_coordinator(world, api_client):
    best = make_peer(world.a, experiences={"ggz": Visibility.MATCHING})
    make_peer(world.a)
    request = make_request(world.a, preferred=["ggz"])
    client = _as(api_client, world.a.users[Role.COORDINATOR])
    body = client.get(reverse("deployment-request-candidates", args=[request.pk])).json()
    body = body["results"]
    assert [c["peer_id"] for c in body][0] == str(best.pk)
    assert body[0]["score"] == sum(f["points"] for f in body[0]["factors"])
    assert {"code", "label", "points", "text"} == set(body[0]["factors"][0])
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, object_id=str(request.pk)).exists()
    _problem(
        _as(api_client, world.a.users[Role.PROFESSIONAL]).get(
            reverse("deployment-request-candidates", args=[request.pk])
        ),
        403,
    )


def test_offer_accept_over_the_api_and_conflicts_are_409(world, api_client):
    me = make_peer(world.a, user=world.a.users[Role.PEER_WORKER])
    request = make_request(world.a, hours=2)
    coordinator = _as(api_client, world.a.users[Role.COORDINATOR])
    response = coordinator.post(
        reverse("offer-list"), {"request": str(request.pk), "peer": str(me.pk)}, format="json"
    )
    assert response.status_code == 201, response.content
    offer_id = response.json()["id"]
    # The same request cannot be offered twice: 409.
    other = make_peer(world.a)
    again = coordinator.post(
        reverse("offer-list"), {"request": str(request.pk), "peer": str(other.pk)}, format="json"
    )
    assert "open" in _problem(again, 409)["detail"]
    peer = _as(api_client, world.a.users[Role.PEER_WORKER])
    mine = peer.get(reverse("offer-list")).json()["results"]
    assert [o["id"] for o in mine] == [offer_id]
    assert "resident_code" not in mine[0]["request"] and "gender_preference" not in mine[0]["request"]
    accepted = peer.post(reverse("offer-accept", args=[offer_id]), {"note": "Ja"}, format="json").json()
    assert accepted["status"] == "matched" and accepted["agreement"]["version"] == 1
    _problem(peer.post(reverse("offer-accept", args=[offer_id])), 409)
    _problem(peer.post(reverse("offer-decline", args=[offer_id]), {"reason": "no_time"}, format="json"), 409)


def test_offer_create_with_unknown_or_foreign_ids_is_404(world, api_client):
    request = make_request(world.a)
    foreign_peer = make_peer(world.b)
    client = _as(api_client, world.a.users[Role.COORDINATOR])
    for data in (
        {"request": str(uuid.uuid4()), "peer": str(make_peer(world.a).pk)},
        {"request": str(request.pk), "peer": str(foreign_peer.pk)},
        {"request": str(make_request(world.b).pk), "peer": str(make_peer(world.a).pk)},
    ):
        _problem(client.post(reverse("offer-list"), data, format="json"), 404)
    _problem(client.post(reverse("offer-list"), {"request": 12, "peer": "x"}, format="json"), 400)
    _problem(
        _as(api_client, world.a.users[Role.PEER_WORKER]).post(reverse("offer-list"), {}, format="json"), 403
    )


def test_decline_over_the_api_needs_a_known_reason(world, api_client):
    me = make_peer(world.a, user=world.a.users[Role.PEER_WORKER])
    offer = services.offer_create(
        request=make_request(world.a), peer=me, viewer=viewer(world.a.users[Role.COORDINATOR])
    )
    client = _as(api_client, world.a.users[Role.PEER_WORKER])
    body = _problem(
        client.post(reverse("offer-decline", args=[offer.pk]), {"reason": "lui"}, format="json"), 400
    )
    assert body["invalid_params"][0]["name"] == "reason"
    response = client.post(reverse("offer-decline", args=[offer.pk]), {"reason": "wellbeing"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == OfferStatus.DECLINED


def test_agreement_patch_is_versioned_and_validated(world, api_client):
    me = make_peer(world.a, user=world.a.users[Role.PEER_WORKER], weekly_hours=4)
    offer = services.offer_create(
        request=make_request(world.a, hours=2), peer=me, viewer=viewer(world.a.users[Role.COORDINATOR])
    )
    assignment = services.offer_accept(offer=offer, viewer=viewer(world.a.users[Role.PEER_WORKER]))
    url = reverse("assignment-agreement", args=[assignment.pk])
    team = _as(api_client, world.a.users[Role.PROFESSIONAL])
    body = team.patch(
        url,
        {"tasks": "Mee naar de schuldhulp", "contact_person_id": str(world.a.users[Role.TEAM_LEAD].pk)},
        format="json",
    ).json()
    assert body["agreement"]["version"] == 2 and body["agreement"]["tasks"] == "Mee naar de schuldhulp"
    assert body["agreement"]["contact_person_id"] == str(world.a.users[Role.TEAM_LEAD].pk)
    assert [v["version"] for v in body["agreement"]["versions"]] == [2, 1]
    _problem(team.patch(url, {"hours_per_week": "ten"}, format="json"), 400)
    _problem(team.patch(url, {"hours_per_week": "9"}, format="json"), 400)
    _problem(team.patch(url, {"contact_person_id": str(uuid.uuid4())}, format="json"), 400)
    _problem(_as(api_client, world.a.users[Role.PEER_WORKER]).patch(url, {"tasks": "x"}, format="json"), 403)


def test_a_peer_worker_sees_their_own_assignments_only(world, api_client):
    me = make_peer(world.a, user=world.a.users[Role.PEER_WORKER])
    coordinator = viewer(world.a.users[Role.COORDINATOR])
    mine = services.offer_accept(
        offer=services.offer_create(request=make_request(world.a), peer=me, viewer=coordinator), viewer=None
    )
    someone = make_peer(world.a)
    theirs = services.offer_accept(
        offer=services.offer_create(request=make_request(world.a), peer=someone, viewer=coordinator),
        viewer=None,
    )
    client = _as(api_client, world.a.users[Role.PEER_WORKER])
    assert [a["id"] for a in client.get(reverse("assignment-list")).json()["results"]] == [str(mine.pk)]
    _problem(client.get(reverse("assignment-detail", args=[theirs.pk])), 404)
    assert client.get(reverse("assignment-detail", args=[mine.pk])).json()["request_id"] == str(
        mine.request_id
    )


def test_the_schema_lists_the_deployment_resources(client, db):
    paths = client.get(reverse("api-schema"), {"format": "json"}).json()["paths"]
    for expected in [
        "/api/v1/deployment-requests/",
        "/api/v1/deployment-requests/{id}/",
        "/api/v1/deployment-requests/{id}/candidates/",
        "/api/v1/offers/",
        "/api/v1/offers/{id}/accept/",
        "/api/v1/offers/{id}/decline/",
        "/api/v1/assignments/",
        "/api/v1/assignments/{id}/agreement/",
    ]:
        assert expected in paths


def test_request_status_is_never_writable(world, api_client):
    request = make_request(world.a, status=RequestStatus.DRAFT)
    client = _as(api_client, world.a.users[Role.PROFESSIONAL])
    client.patch(
        reverse("deployment-request-detail", args=[request.pk]), {"status": "matched"}, format="json"
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.DRAFT


def test_a_proposal_in_the_api_says_how_good_it_is(world, api_client):
    # Two peer workers with 4 hours, three requests of 3 hours: 2 is the proven most.
    make_peer(world.a, weekly_hours=4)
    make_peer(world.a, weekly_hours=4)
    for title in ("A", "B", "C"):
        make_request(world.a, hours=3, title=title)
    proposal = services.proposal_create(viewer=viewer(world.a.users[Role.COORDINATOR]))
    client = _as(api_client, world.a.users[Role.COORDINATOR])
    body = client.get(reverse("proposal-detail", args=[proposal.pk])).json()
    assert body["open_requests"] == 3 and body["placed"] == 2 and body["placeable_at_most"] == 2
    assert body["placed_share"] == 1.0 and body["proven_optimal"] is True
    assert body["bound_source"] in {"exact", "relaxation", "lp"}
    assert len(body["pairs"]) == 2 and body["score"] == sum(p["score"] for p in body["pairs"])
    listed = client.get(reverse("proposal-list")).json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert [r["id"] for r in rows] == [str(proposal.pk)]
    # another pool's coordinator (municipality B) does not see it
    other = _as(api_client, world.b.users[Role.COORDINATOR])
    assert other.get(reverse("proposal-detail", args=[proposal.pk])).status_code == 404


def test_page_and_api_refuse_a_peer_worker_who_is_not_in_the_ranking(
    world, api_client, client_for, monkeypatch
):
    """One service ranks, then offers (services.offer_to_candidate). The API used to accept a peer worker
    outside the ranking and store the offer with score None; now it refuses them as the page does."""
    from dataclasses import replace

    from ervaringswerk.deployment.models import Offer
    from ervaringswerk.matching import adapters

    left_out = make_peer(world.a)
    request = make_request(world.a, hours=2)
    rank_request = adapters.rank_request

    def ranking_without(**kwargs):  # the ranking changed since the coordinator looked
        ranking = rank_request(**kwargs)
        return replace(ranking, candidates=[c for c in ranking.candidates if c.peer.pk != left_out.pk])

    monkeypatch.setattr(adapters, "rank_request", ranking_without)
    data = {"request": str(request.pk), "peer": str(left_out.pk)}
    api = _as(api_client, world.a.users[Role.COORDINATOR])
    assert (
        "lijst met kandidaten"
        in _problem(api.post(reverse("offer-list"), data, format="json"), 409)["detail"]
    )
    page = client_for(world.a.users[Role.COORDINATOR])
    response = page.post(reverse("deployment:offer_create", args=[request.pk]), {"peer": str(left_out.pk)})
    assert response.status_code == 302
    assert not Offer.objects.filter(request=request).exists()

    monkeypatch.setattr(adapters, "rank_request", rank_request)
    created = api.post(reverse("offer-list"), data, format="json")
    assert created.status_code == 201, created.content
    offer = Offer.objects.get(request=request)
    assert offer.peer == left_out and offer.score is not None and offer.explanation


def test_the_schema_allows_the_nulls_and_blanks_request_and_assignment_answers_have(world, api_client):
    """Found by Schemathesis (issue 17): a request without neighbourhood or supporting professional answers
    null (the schema said a string), its blank language matched both halves of a oneOf, a blank gender
    preference was outside the enum, and an assignment without agreement answered null for an object."""
    from drf_spectacular.generators import SchemaGenerator

    from .factories import make_assignment

    request = make_request(world.a)
    make_assignment(request, make_peer(world.a))
    api_client.force_authenticate(world.a.users[Role.COORDINATOR])
    found = api_client.get(reverse("deployment-request-list")).json()["results"][0]
    assignment = api_client.get(reverse("assignment-list")).json()["results"][0]
    schemas = SchemaGenerator().get_schema(request=None, public=True)["components"]["schemas"]
    props = schemas["DeploymentRequest"]["properties"]
    for name in ("neighbourhood", "supporting_professional"):
        assert found[name] is None and props[name].get("nullable") is True, (name, props[name])
    assert found["language"] == "" and found["gender_preference"] == ""
    language = props["language"]["oneOf"]
    assert [option.get("maxLength") == 0 or "^(|" in option.get("pattern", "") for option in language] == [
        False,
        True,
    ]
    assert schemas["BlankEnum"]["enum"] == [""]
    assert {"$ref": "#/components/schemas/BlankEnum"} in props["gender_preference"]["oneOf"]
    for name in ("agreement", "supporting_professional"):
        assert assignment[name] is None
        assert schemas["Assignment"]["properties"][name].get("nullable") is True, name
