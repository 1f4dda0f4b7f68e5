"""The deployment pages: filing a request, the queue with waiting figures, the batch proposal."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from ervaringswerk.core.models import ExperienceDomain
from ervaringswerk.core.tenancy import Role
from ervaringswerk.deployment.models import (
    DeploymentRequest,
    Offer,
    OfferStatus,
    Proposal,
    ProposalStatus,
    RequestStatus,
)
from ervaringswerk.deployment.selectors import percentile, waiting_figures
from ervaringswerk.pool.constants import Visibility

from .factories import make_peer, make_request, viewer


def _form(world, **change):
    data = {
        "title": "Steun bij post openen",
        "kind": "individual_support",
        "hours_per_week": "2",
        "urgency": "2",
        "resident_code": "AAS-4821",
        "gender_strength": "wish",
        "cultural_strength": "wish",
        "context": "Bewoner wil leren de post zelf te openen.",
        "domains_needed": [
            str(ExperienceDomain.objects.get(municipality=world.a.municipality, slug="armoede-schulden").pk)
        ],
        "neighbourhood": str(world.a.neighbourhoods[0].pk),
    }
    data.update(change)
    return data


def test_a_professional_files_a_request_on_the_page(world, client_for):
    client = client_for(world.a.users[Role.PROFESSIONAL])
    assert client.get(reverse("deployment:request_create")).status_code == 200
    response = client.post(reverse("deployment:request_create"), {**_form(world), "submit": "1"})
    request = DeploymentRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "deployment:request_detail", args=[request.pk]
    )
    assert request.status == RequestStatus.OPEN and request.resident_code == "AAS-4821"
    assert [d.slug for d in request.domains_needed.all()] == ["armoede-schulden"]
    page = client.get(response["Location"]).content.decode()
    assert "Steun bij post openen" in page and "In de wachtrij" not in page


def test_a_draft_is_saved_without_entering_the_queue(world, client_for):
    client = client_for(world.a.users[Role.TEAM_LEAD])
    client.post(reverse("deployment:request_create"), {**_form(world), "draft": "1"})
    request = DeploymentRequest.objects.get()
    assert request.status == RequestStatus.DRAFT
    # A coordinator does not see drafts.
    coordinator = client_for(world.a.users[Role.COORDINATOR])
    assert coordinator.get(reverse("deployment:request_detail", args=[request.pk])).status_code == 404


def test_a_bsn_on_the_form_is_refused_in_dutch_and_the_input_is_kept(world, client_for):
    client = client_for(world.a.users[Role.PROFESSIONAL])
    response = client.post(
        reverse("deployment:request_create"), {**_form(world, resident_code="123456782"), "submit": "1"}
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "burgerservicenummer (BSN)" in text
    assert 'value="123456782"' in text and "Bewoner wil leren de post zelf te openen." in text
    assert 'aria-invalid="true"' in text
    assert not DeploymentRequest.objects.exists()


def test_wrong_values_on_the_form_are_explained(world, client_for):
    client = client_for(world.a.users[Role.PROFESSIONAL])
    response = client.post(
        reverse("deployment:request_create"),
        _form(world, hours_per_week="veel", neighbourhood=str(world.b.neighbourhoods[0].pk), kind="feest"),
    )
    assert response.status_code == 200
    assert not DeploymentRequest.objects.exists()
    assert response.content.decode().count("utrecht-form-field-error-message") >= 3


def test_needed_and_preferred_cannot_overlap(world, client_for):
    client = client_for(world.a.users[Role.PROFESSIONAL])
    needed = _form(world)["domains_needed"]
    response = client.post(reverse("deployment:request_create"), _form(world, domains_preferred=needed))
    assert "nodig of gewenst" in response.content.decode()


def test_the_team_sees_its_own_requests_only(world, client_for):
    from ervaringswerk.organisations.models import OrganisationKind
    from ervaringswerk.organisations.services import organisation_create

    mine = make_request(world.a, title="Ons verzoek")
    other_team = organisation_create(
        municipality=world.a.municipality, name="Wijkteam Oost", kind=OrganisationKind.NEIGHBOURHOOD_TEAM
    )
    theirs = DeploymentRequest.objects.create(
        municipality=world.a.municipality, organisation=other_team, kind="consultation", title="Hun verzoek"
    )
    client = client_for(world.a.users[Role.PROFESSIONAL])
    text = client.get(reverse("deployment:request_list")).content.decode()
    assert "Ons verzoek" in text and "Hun verzoek" not in text
    assert client.get(reverse("deployment:request_detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("deployment:request_detail", args=[mine.pk])).status_code == 200


def test_withdraw_page(world, client_for):
    request = make_request(world.a)
    client = client_for(world.a.users[Role.PROFESSIONAL])
    url = reverse("deployment:request_withdraw", args=[request.pk])
    response = client.post(url, {"reason": "other", "note": ""})
    assert response.status_code == 200 and "Licht de reden" in response.content.decode()
    assert client.post(url, {"reason": "not_needed"}).status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.WITHDRAWN


def test_the_queue_orders_by_urgency_then_waiting_time(world, client_for):
    now = timezone.now()
    old_normal = make_request(
        world.a, title="Oud normaal", urgency=1, submitted_at=now - datetime.timedelta(days=30)
    )
    new_urgent = make_request(
        world.a, title="Nieuw dringend", urgency=3, submitted_at=now - datetime.timedelta(days=1)
    )
    old_urgent = make_request(
        world.a, title="Oud dringend", urgency=3, submitted_at=now - datetime.timedelta(days=9)
    )
    make_request(world.a, title="Al aangeboden", status=RequestStatus.OFFERED)
    make_request(world.b, title="Andere gemeente")
    text = client_for(world.a.users[Role.COORDINATOR]).get(reverse("deployment:queue")).content.decode()
    positions = [text.index(r.title) for r in (old_urgent, new_urgent, old_normal)]
    assert positions == sorted(positions)
    assert "Al aangeboden" not in text and "Andere gemeente" not in text


def test_waiting_figures_median_and_p90(world):
    now = timezone.now()
    for days in (1, 2, 3, 4, 10):
        make_request(world.a, submitted_at=now - datetime.timedelta(days=days, hours=1))
    matched = make_request(
        world.a, status=RequestStatus.MATCHED, submitted_at=now - datetime.timedelta(days=8)
    )
    matched.matched_at = matched.submitted_at + datetime.timedelta(days=6)
    matched.save()
    Offer.objects.create(
        municipality=matched.municipality,
        request=matched,
        peer=make_peer(world.a),
        hours_per_week=2,
        status=OfferStatus.ACCEPTED,
    )
    figures = waiting_figures(viewer=viewer(world.a.users[Role.COORDINATOR]))
    assert figures["waiting"]["count"] == 5
    assert figures["waiting"]["median"] == 3.0
    assert figures["waiting"]["p90"] == 10.0
    assert figures["to_match"] == {"count": 1, "median": 6.0, "p90": 6.0}
    assert figures["to_offer"]["count"] == 1 and figures["to_offer"]["median"] >= 7.9


def test_percentile_is_nearest_rank():
    assert percentile([], 0.5) is None
    assert percentile([5], 0.9) == 5
    assert percentile([1, 2, 3, 4], 0.5) == 2
    assert percentile(list(range(1, 11)), 0.9) == 9


def test_the_coordinator_offers_a_candidate_from_the_request_page(world, client_for):
    peer = make_peer(world.a, experiences={"ggz": Visibility.MATCHING})
    request = make_request(world.a, preferred=["ggz"], title="Herstelgroep")
    client = client_for(world.a.users[Role.COORDINATOR])
    page = client.get(reverse("deployment:request_detail", args=[request.pk])).content.decode()
    assert "Kandidaten uit uw pool" in page and str(peer) in page and "Heeft gewenste ervaring" in page
    response = client.post(reverse("deployment:offer_create", args=[request.pk]), {"peer": str(peer.pk)})
    assert response.status_code == 302
    assert Offer.objects.get(request=request).peer == peer
    # An id that is not a candidate (another municipality's, or garbage) makes no offer.
    other = make_request(world.a)
    client.post(reverse("deployment:offer_create", args=[other.pk]), {"peer": str(make_peer(world.b).pk)})
    client.post(reverse("deployment:offer_create", args=[other.pk]), {"peer": "nee"})
    assert not Offer.objects.filter(request=other).exists()


def test_batch_proposal_review_edit_and_send(world, client_for):
    first = make_peer(world.a, experiences={"ggz": Visibility.MATCHING}, weekly_hours=4)
    second = make_peer(world.a, weekly_hours=4)
    a = make_request(world.a, preferred=["ggz"], hours=3, title="Verzoek A")
    b = make_request(world.a, hours=3, title="Verzoek B")
    c = make_request(world.a, hours=3, title="Verzoek C")  # only two peer workers: one stays unplaced
    client = client_for(world.a.users[Role.COORDINATOR])
    response = client.post(reverse("deployment:proposal_create"))
    proposal = Proposal.objects.get()
    assert response["Location"] == reverse("deployment:proposal_detail", args=[proposal.pk])
    assert proposal.open_requests == 3 and proposal.pairs.count() == 2
    assert proposal.objective >= proposal.greedy_objective
    assert proposal.bound is None or proposal.bound >= proposal.objective
    assert len(proposal.stats["unassigned"]) == 1
    page = client.get(response["Location"]).content.decode()
    # Two peer workers with 4 hours, three requests of 3 hours: two is the proven most.
    assert proposal.proven_optimal and proposal.stats["bound_placed"] == 2
    assert "Dit voorstel plaatst 2 van de 2 verzoeken die nu te plaatsen zijn." in page
    assert "dit is bewezen het beste voorstel" in page and "Niet geplaatst" in page
    for jargon in ("Gulzige", "Bovengrens", "Rekenmethode", "procent", "flow"):
        assert jargon not in page
    pairs = {p.request_id: p for p in proposal.pairs.all()}
    assert pairs[a.pk].peer == first
    # Remove one pair, replace the other's peer worker, then send.
    placed_other = next(p for rid, p in pairs.items() if rid != a.pk)
    client.post(reverse("deployment:proposal_pair_remove", args=[proposal.pk, placed_other.pk]))
    client.post(
        reverse("deployment:proposal_pair_replace", args=[proposal.pk, pairs[a.pk].pk]),
        {"peer": str(second.pk)},
    )
    pair = proposal.pairs.get()
    assert pair.peer == second and pair.edited
    client.post(reverse("deployment:proposal_send", args=[proposal.pk]))
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SENT
    offer = Offer.objects.get()
    assert offer.request == a and offer.peer == second and offer.proposal == proposal
    a.refresh_from_db()
    assert a.status == RequestStatus.OFFERED
    for r in (b, c):
        r.refresh_from_db()
        assert r.status == RequestStatus.OPEN
    # A sent proposal no longer changes.
    client.post(reverse("deployment:proposal_pair_remove", args=[proposal.pk, pair.pk]))
    assert proposal.pairs.count() == 1


@pytest.mark.parametrize(
    ("language", "sentences"),
    [
        (
            "nl",
            [
                "Dit voorstel plaatst 251 van hooguit 262 verzoeken die nu te plaatsen zijn.",
                "Dat is ten minste 95,8 % van het best mogelijke.",
                "226 verzoeken",
            ],
        ),
        (
            "en",
            [
                "This proposal places 251 of at most 262 requests that can be placed now.",
                "That is at least 95.8 % of the best possible.",
                "226 requests",
            ],
        ),
    ],
)
def test_a_proposal_that_is_not_proven_shows_its_proven_share(world, client_for, language, sentences):
    proposal = Proposal.objects.create(
        municipality=world.a.municipality,
        pool=world.a.organisations["pool"],
        open_requests=400,
        objective=19000,
        greedy_objective=17000,
        proven_optimal=False,
        # 251 / 262 = 95.80 %: shown rounded down, never up ("at least")
        stats={"placed": 251, "bound_placed": 262, "greedy_placed": 226, "seconds": 2.01},
    )
    client = client_for(world.a.users[Role.COORDINATOR])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    try:
        page = client.get(reverse("deployment:proposal_detail", args=[proposal.pk])).content.decode()
    finally:
        # The middleware leaves the request's language active in this thread; later tests expect Dutch.
        translation.activate(settings.LANGUAGE_CODE)
    for sentence in sentences:
        assert sentence in page
    assert "bewezen het beste" not in page and "proven to be the best" not in page


def test_share_is_rounded_down(world):
    proposal = Proposal(stats={"placed": 999, "bound_placed": 1000})
    assert proposal.placed_share_floor == 99.9
    proposal.stats = {"placed": 9999, "bound_placed": 10000}
    assert proposal.placed_share_floor == 99.9  # 99.99 must not show as 100.0
    proposal.stats = {"placed": 0, "bound_placed": 0}
    assert proposal.placed_share_floor == 100.0
    proposal.stats = {"placed": 3}
    assert proposal.placed_share_floor is None


def test_replacing_with_someone_who_does_not_fit_is_refused(world, client_for):
    make_peer(world.a, weekly_hours=4)
    tiny = make_peer(world.a, weekly_hours=1)
    make_request(world.a, hours=3)
    client = client_for(world.a.users[Role.COORDINATOR])
    client.post(reverse("deployment:proposal_create"))
    proposal = Proposal.objects.get()
    pair = proposal.pairs.get()
    response = client.post(
        reverse("deployment:proposal_pair_replace", args=[proposal.pk, pair.pk]),
        {"peer": str(tiny.pk)},
        follow=True,
    )
    assert "kan dit verzoek niet doen" in response.content.decode()
    pair.refresh_from_db()
    assert pair.peer != tiny


def test_a_proposal_never_pairs_a_request_with_someone_who_declined_it(world, client_for):
    only = make_peer(world.a)
    request = make_request(world.a)
    Offer.objects.create(
        municipality=request.municipality,
        request=request,
        peer=only,
        hours_per_week=2,
        status=OfferStatus.DECLINED,
    )
    client_for(world.a.users[Role.COORDINATOR]).post(reverse("deployment:proposal_create"))
    assert Proposal.objects.get().pairs.count() == 0


def test_another_pools_coordinator_cannot_open_a_proposal(world, client_for):
    proposal = Proposal.objects.create(municipality=world.a.municipality, pool=world.a.organisations["pool"])
    assert (
        client_for(world.b.users[Role.COORDINATOR])
        .get(reverse("deployment:proposal_detail", args=[proposal.pk]))
        .status_code
        == 404
    )


def test_my_work_shows_offers_and_assignments(world, client_for):
    me = make_peer(world.a, user=world.a.users[Role.PEER_WORKER])
    from ervaringswerk.deployment import services

    coordinator = viewer(world.a.users[Role.COORDINATOR])
    services.offer_create(request=make_request(world.a, title="Wacht op mij"), peer=me, viewer=coordinator)
    services.offer_accept(
        offer=services.offer_create(
            request=make_request(world.a, title="Loopt al"), peer=me, viewer=coordinator
        ),
        viewer=None,
    )
    text = client_for(world.a.users[Role.PEER_WORKER]).get(reverse("core:my_work")).content.decode()
    assert "Wacht op mij" in text and "Loopt al" in text


def test_lists_do_not_query_per_row(world, client_for, api_client, django_assert_max_num_queries):
    for i in range(30):
        make_request(
            world.a, title=f"Verzoek {i}", preferred=["ggz"], neighbourhood=world.a.neighbourhoods[0]
        )
    coordinator = client_for(world.a.users[Role.COORDINATOR])
    with django_assert_max_num_queries(20):
        assert coordinator.get(reverse("deployment:queue")).status_code == 200
    with django_assert_max_num_queries(20):
        assert coordinator.get(reverse("deployment:request_list")).status_code == 200
    api_client.force_authenticate(world.a.users[Role.COORDINATOR])
    with django_assert_max_num_queries(20):
        assert len(api_client.get(reverse("deployment-request-list")).json()["results"]) == 30
