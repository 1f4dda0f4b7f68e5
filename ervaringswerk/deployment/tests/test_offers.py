"""The offer workflow: offer, accept (assignment, agreement), decline (next candidate), withdraw, end."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ervaringswerk.core.reference import DeploymentKind
from ervaringswerk.core.tenancy import Role
from ervaringswerk.deployment import services
from ervaringswerk.deployment.models import AssignmentStatus, Offer, OfferStatus, RequestStatus
from ervaringswerk.deployment.selectors import NO_LOAD, active_load_by_peer
from ervaringswerk.pool.constants import Visibility

from .factories import make_peer, make_request, viewer


@pytest.fixture
def coordinator(world):
    return viewer(world.a.users[Role.COORDINATOR])


@pytest.fixture
def me(world):
    """Municipality A's peer-worker login with a profile."""
    return make_peer(world.a, user=world.a.users[Role.PEER_WORKER], first_name="Eigen", last_name="Profiel")


@pytest.fixture
def me_viewer(world):
    return viewer(world.a.users[Role.PEER_WORKER])


def test_an_offer_moves_the_request_to_offered_and_shows_in_my_work(world, coordinator, me, client_for):
    request = make_request(world.a, title="Steun bij geldzorgen")
    offer = services.offer_create(request=request, peer=me, viewer=coordinator, score=50)
    request.refresh_from_db()
    assert request.status == RequestStatus.OFFERED
    assert offer.status == OfferStatus.PENDING and offer.offered_by == world.a.users[Role.COORDINATOR]
    page = client_for(world.a.users[Role.PEER_WORKER]).get(reverse("core:my_work"))
    assert "Steun bij geldzorgen" in page.content.decode()
    assert reverse("deployment:offer_detail", args=[offer.pk]) in page.content.decode()


def test_a_request_is_offered_to_one_peer_worker_at_a_time(world, coordinator, me):
    request = make_request(world.a)
    services.offer_create(request=request, peer=me, viewer=coordinator)
    with pytest.raises(ValidationError) as exc:
        services.offer_create(request=request, peer=make_peer(world.a), viewer=coordinator)
    assert exc.value.error_list[0].code == "not_open"


def test_accepting_creates_the_assignment_and_the_agreement(world, coordinator, me, me_viewer):
    request = make_request(
        world.a,
        kind=DeploymentKind.INDIVIDUAL_SUPPORT,
        resident_code="AAS-1234",
        hours=3,
        title="Post openen",
    )
    offer = services.offer_create(request=request, peer=me, viewer=coordinator)
    assignment = services.offer_accept(offer=offer, viewer=me_viewer, note="Graag!")
    request.refresh_from_db()
    offer.refresh_from_db()
    assert request.status == RequestStatus.MATCHED and request.matched_at is not None
    assert offer.status == OfferStatus.ACCEPTED and offer.response_note == "Graag!"
    assert assignment.status == AssignmentStatus.MATCHED and assignment.offer == offer
    assert assignment.resident_code == "AAS-1234" and assignment.hours_per_week == Decimal("3")
    agreement = assignment.agreement
    assert agreement.hours_per_week == Decimal("3") and agreement.review_date is not None
    assert agreement.contact_person == world.a.users[Role.PROFESSIONAL]
    assert "Post openen" in agreement.tasks
    assert agreement.versions.get().version == 1
    load = active_load_by_peer(municipality_id=world.a.municipality.pk)[me.pk]
    assert load.hours == Decimal("3") and load.residents == 1


def test_an_answered_offer_cannot_be_answered_again(world, coordinator, me, me_viewer):
    offer = services.offer_create(request=make_request(world.a), peer=me, viewer=coordinator)
    services.offer_accept(offer=offer, viewer=me_viewer)
    with pytest.raises(ValidationError) as exc:
        services.offer_decline(offer=offer, viewer=me_viewer, reason="no_time")
    assert exc.value.error_list[0].code == "not_pending"
    with pytest.raises(ValidationError):
        services.offer_accept(offer=offer, viewer=me_viewer)


def test_declining_returns_the_request_to_the_queue_and_offers_the_next_candidate(
    world, coordinator, me, me_viewer
):
    M = Visibility.MATCHING
    request = make_request(world.a, preferred=["armoede-schulden"])
    second = make_peer(world.a, experiences={"armoede-schulden": M})
    third = make_peer(world.a)
    offer = services.offer_create(request=request, peer=me, viewer=coordinator)
    nxt = services.offer_decline(offer=offer, viewer=me_viewer, reason="too_close", note="Te dichtbij")
    offer.refresh_from_db()
    assert offer.status == OfferStatus.DECLINED and offer.decline_reason == "too_close"
    assert nxt.peer == second and nxt.automatic and nxt.status == OfferStatus.PENDING
    request.refresh_from_db()
    assert request.status == RequestStatus.OFFERED
    steps = [(e.from_status, e.to_status, e.reason) for e in request.events.all()]
    assert ("offered", "open", "declined") in steps
    # The second one declines too: the third gets it; then nobody is left and the request waits.
    nxt2 = services.offer_decline(offer=nxt, viewer=None, reason="no_time")
    assert nxt2.peer == third
    assert services.offer_decline(offer=nxt2, viewer=None, reason="no_time") is None
    request.refresh_from_db()
    assert request.status == RequestStatus.OPEN
    # Who declined is never offered the same request again.
    with pytest.raises(ValidationError) as exc:
        services.offer_create(request=request, peer=me, viewer=coordinator)
    assert exc.value.error_list[0].code == "declined"


def test_declining_needs_a_reason_and_a_note_for_other(world, coordinator, me, me_viewer):
    offer = services.offer_create(request=make_request(world.a), peer=me, viewer=coordinator)
    with pytest.raises(ValidationError):
        services.offer_decline(offer=offer, viewer=me_viewer, reason="whatever")
    with pytest.raises(ValidationError):
        services.offer_decline(offer=offer, viewer=me_viewer, reason="other", note="")
    offer.refresh_from_db()
    assert offer.status == OfferStatus.PENDING


def test_withdrawing_an_offer_frees_the_reservation(world, coordinator, me):
    request = make_request(world.a, hours=4)
    offer = services.offer_create(request=request, peer=me, viewer=coordinator)
    services.offer_withdraw(offer=offer, viewer=coordinator)
    request.refresh_from_db()
    assert request.status == RequestStatus.OPEN
    assert Offer.objects.get(pk=offer.pk).status == OfferStatus.WITHDRAWN
    # The peer worker can be offered again: withdrawn is not declined.
    assert services.offer_create(request=request, peer=me, viewer=coordinator).status == OfferStatus.PENDING


def test_accept_rechecks_capacity_after_the_lock(world, coordinator, me, me_viewer):
    offer = services.offer_create(request=make_request(world.a, hours=10), peer=me, viewer=coordinator)
    # Meanwhile the peer worker's hours went down (pool profile change).
    type(me).objects.filter(pk=me.pk).update(weekly_hours=Decimal("4"))
    with pytest.raises(ValidationError) as exc:
        services.offer_accept(offer=offer, viewer=me_viewer)
    assert exc.value.error_list[0].code == "capacity"
    assert "4" in exc.value.messages[0]
    offer.refresh_from_db()
    assert offer.status == OfferStatus.PENDING


def test_start_and_end_an_assignment(world, coordinator, me, me_viewer):
    request = make_request(world.a, hours=2)
    assignment = services.offer_accept(
        offer=services.offer_create(request=request, peer=me, viewer=coordinator), viewer=me_viewer
    )
    with pytest.raises(ValidationError):
        services.assignment_end(assignment=assignment, viewer=coordinator, reason="completed")
    services.assignment_start(assignment=assignment, viewer=coordinator)
    request.refresh_from_db()
    assert request.status == RequestStatus.ACTIVE
    with pytest.raises(ValidationError):
        services.assignment_end(assignment=assignment, viewer=coordinator, reason="nonsense")
    services.assignment_end(assignment=assignment, viewer=coordinator, reason="completed")
    assignment.refresh_from_db()
    request.refresh_from_db()
    assert assignment.status == AssignmentStatus.ENDED and assignment.end_date is not None
    assert request.status == RequestStatus.ENDED and request.status_reason == "completed"
    assert active_load_by_peer(municipality_id=world.a.municipality.pk).get(me.pk, NO_LOAD) == NO_LOAD


def test_the_peer_worker_sees_only_their_own_offers(world, coordinator, me, client_for):
    someone = make_peer(world.a)
    theirs = services.offer_create(request=make_request(world.a), peer=someone, viewer=coordinator)
    mine = services.offer_create(request=make_request(world.a), peer=me, viewer=coordinator)
    client = client_for(world.a.users[Role.PEER_WORKER])
    assert client.get(reverse("deployment:offer_detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("deployment:offer_detail", args=[theirs.pk])).status_code == 404
    response = client.post(reverse("deployment:offer_accept", args=[theirs.pk]))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == OfferStatus.PENDING


def test_the_offer_page_shows_the_peer_worker_only_what_they_may_see(world, coordinator, me, client_for):
    request = make_request(
        world.a,
        kind=DeploymentKind.INDIVIDUAL_SUPPORT,
        resident_code="AAS-5555",
        gender_preference="woman",
        cultural_background="Turks-Nederlands",
        context="Wil graag hulp bij het openen van post.",
    )
    offer = services.offer_create(request=request, peer=me, viewer=coordinator)
    html = client_for(world.a.users[Role.PEER_WORKER]).get(
        reverse("deployment:offer_detail", args=[offer.pk])
    )
    text = html.content.decode()
    assert "Wil graag hulp bij het openen van post." in text
    assert "AAS-5555" not in text  # the resident code only after accepting
    assert "Turks-Nederlands" not in text and "Voorkeur geslacht" not in text
    assert "Aanbod accepteren" in text and "Aanbod afwijzen" in text


def test_decline_on_the_page_keeps_the_input_and_explains(world, coordinator, me, client_for):
    offer = services.offer_create(request=make_request(world.a), peer=me, viewer=coordinator)
    client = client_for(world.a.users[Role.PEER_WORKER])
    response = client.post(
        reverse("deployment:offer_decline", args=[offer.pk]), {"reason": "other", "note": ""}
    )
    assert response.status_code == 400
    assert "Licht de reden" in response.content.decode()
    response = client.post(
        reverse("deployment:offer_decline", args=[offer.pk]), {"reason": "no_time", "note": "Vol deze maand"}
    )
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.status == OfferStatus.DECLINED and offer.response_note == "Vol deze maand"


def test_the_next_candidate_comes_from_the_same_pool(world, coordinator, me, me_viewer):
    from ervaringswerk.organisations.models import OrganisationKind
    from ervaringswerk.organisations.services import organisation_create

    other_pool = organisation_create(
        municipality=world.a.municipality, name="Herstelinloop Aastad", kind=OrganisationKind.PEER_INITIATIVE
    )
    make_peer(world.a, organisation=other_pool, experiences={"ggz": Visibility.MATCHING})
    request = make_request(world.a, preferred=["ggz"])
    offer = services.offer_create(request=request, peer=me, viewer=coordinator)
    assert services.offer_decline(offer=offer, viewer=me_viewer, reason="no_time") is None
    request.refresh_from_db()
    assert request.status == RequestStatus.OPEN
