"""Every deployment URL × every role. POST-only actions get the status a GET gets (405) for roles that
pass the permission rule. Another municipality's coordinator gets 404 for objects of municipality A."""

from django.urls import reverse

from ervaringswerk.core.tenancy import Role
from ervaringswerk.core.testing import api, page

PEER = str(Role.PEER_WORKER)
TEAM = {Role.PROFESSIONAL, Role.TEAM_LEAD}
FOLLOWERS = {Role.PROFESSIONAL, Role.TEAM_LEAD, Role.COORDINATOR}
COORD = {Role.COORDINATOR}
INVOLVED = {Role.PEER_WORKER, Role.COORDINATOR, Role.PROFESSIONAL, Role.TEAM_LEAD}
EDITORS = {Role.COORDINATOR, Role.PROFESSIONAL, Role.TEAM_LEAD}


def _request(world):
    from ervaringswerk.deployment.tests.factories import make_request

    return make_request(world.a, title="Consult").pk


def _own_peer(world):
    from ervaringswerk.deployment.tests.factories import make_peer
    from ervaringswerk.pool.models import PeerWorker

    user = world.a.users[Role.PEER_WORKER]
    return PeerWorker.objects.filter(user=user).first() or make_peer(world.a, user=user)


def _offer(world):
    from ervaringswerk.deployment.models import Offer
    from ervaringswerk.deployment.tests.factories import make_request

    request = make_request(world.a, title="Aangeboden", status="offered")
    return Offer.objects.create(
        municipality=request.municipality, request=request, peer=_own_peer(world), hours_per_week=2
    ).pk


def _assignment(world):
    from ervaringswerk.deployment import services
    from ervaringswerk.deployment.models import Offer
    from ervaringswerk.deployment.tests.factories import make_request, viewer

    request = make_request(world.a, title="Gematcht", status="offered")
    offer = Offer.objects.create(
        municipality=request.municipality, request=request, peer=_own_peer(world), hours_per_week=2
    )
    return services.offer_accept(offer=offer, viewer=viewer(world.a.users[Role.PEER_WORKER])).pk


def _proposal(world):
    from ervaringswerk.deployment.models import Proposal, ProposalPair
    from ervaringswerk.deployment.tests.factories import make_request

    proposal = Proposal.objects.create(municipality=world.a.municipality, pool=world.a.organisations["pool"])
    pair = ProposalPair.objects.create(
        municipality=world.a.municipality,
        proposal=proposal,
        request=make_request(world.a),
        peer=_own_peer(world),
        score=10,
    )
    return proposal.pk, pair.pk


def _no_one_elses(row):
    """A peer worker asking for an object that is not theirs gets 404, like another tenant's."""
    row.expect[PEER] = 404
    return row


def _post_only(url_name, path, allowed, *, api_row=False):
    """GET on a POST-only action: 405 once the role passes the rule (other tenant's coordinator too)."""
    make = api if api_row else page
    return make(url_name, path, allowed, ok=405)


ROWS = [
    # pages
    page("deployment:request_list", lambda w: reverse("deployment:request_list"), FOLLOWERS),
    page("deployment:request_create", lambda w: reverse("deployment:request_create"), TEAM),
    page(
        "deployment:request_detail",
        lambda w: reverse("deployment:request_detail", args=[_request(w)]),
        FOLLOWERS,
        other=404,
    ),
    page("deployment:request_edit", lambda w: reverse("deployment:request_edit", args=[_request(w)]), TEAM),
    _post_only(
        "deployment:request_submit", lambda w: reverse("deployment:request_submit", args=[_request(w)]), TEAM
    ),
    page(
        "deployment:request_withdraw",
        lambda w: reverse("deployment:request_withdraw", args=[_request(w)]),
        TEAM,
    ),
    _post_only(
        "deployment:offer_create", lambda w: reverse("deployment:offer_create", args=[_request(w)]), COORD
    ),
    page("deployment:queue", lambda w: reverse("deployment:queue"), COORD),
    page("deployment:idle_pool", lambda w: reverse("deployment:idle_pool"), COORD),
    _post_only("deployment:proposal_create", lambda w: reverse("deployment:proposal_create"), COORD),
    page(
        "deployment:proposal_detail",
        lambda w: reverse("deployment:proposal_detail", args=[_proposal(w)[0]]),
        COORD,
        other=404,
    ),
    _post_only(
        "deployment:proposal_pair_remove",
        lambda w: reverse("deployment:proposal_pair_remove", args=_proposal(w)),
        COORD,
    ),
    _post_only(
        "deployment:proposal_pair_replace",
        lambda w: reverse("deployment:proposal_pair_replace", args=_proposal(w)),
        COORD,
    ),
    _post_only(
        "deployment:proposal_send",
        lambda w: reverse("deployment:proposal_send", args=[_proposal(w)[0]]),
        COORD,
    ),
    _post_only(
        "deployment:proposal_discard",
        lambda w: reverse("deployment:proposal_discard", args=[_proposal(w)[0]]),
        COORD,
    ),
    page(
        "deployment:offer_detail",
        lambda w: reverse("deployment:offer_detail", args=[_offer(w)]),
        {Role.PEER_WORKER, Role.COORDINATOR},
        other=404,
    ),
    _post_only(
        "deployment:offer_accept",
        lambda w: reverse("deployment:offer_accept", args=[_offer(w)]),
        {Role.PEER_WORKER},
    ),
    _post_only(
        "deployment:offer_decline",
        lambda w: reverse("deployment:offer_decline", args=[_offer(w)]),
        {Role.PEER_WORKER},
    ),
    _post_only(
        "deployment:offer_withdraw", lambda w: reverse("deployment:offer_withdraw", args=[_offer(w)]), COORD
    ),
    page("deployment:assignment_list", lambda w: reverse("deployment:assignment_list"), INVOLVED),
    page(
        "deployment:assignment_detail",
        lambda w: reverse("deployment:assignment_detail", args=[_assignment(w)]),
        INVOLVED,
        other=404,
    ),
    page(
        "deployment:agreement_edit",
        lambda w: reverse("deployment:agreement_edit", args=[_assignment(w)]),
        EDITORS,
        other=404,
    ),
    _post_only(
        "deployment:assignment_start",
        lambda w: reverse("deployment:assignment_start", args=[_assignment(w)]),
        EDITORS,
    ),
    page(
        "deployment:assignment_end",
        lambda w: reverse("deployment:assignment_end", args=[_assignment(w)]),
        EDITORS,
        other=404,
    ),
    # API
    api("deployment-request-list", lambda w: reverse("deployment-request-list"), FOLLOWERS),
    api(
        "deployment-request-detail",
        lambda w: reverse("deployment-request-detail", args=[_request(w)]),
        FOLLOWERS,
        other=404,
    ),
    api(
        "deployment-request-candidates",
        lambda w: reverse("deployment-request-candidates", args=[_request(w)]),
        COORD,
        other=404,
    ),
    _post_only(
        "deployment-request-submit",
        lambda w: reverse("deployment-request-submit", args=[_request(w)]),
        FOLLOWERS,
        api_row=True,
    ),
    _post_only(
        "deployment-request-withdraw",
        lambda w: reverse("deployment-request-withdraw", args=[_request(w)]),
        FOLLOWERS,
        api_row=True,
    ),
    api("offer-list", lambda w: reverse("offer-list"), {Role.PEER_WORKER, Role.COORDINATOR}),
    api(
        "offer-detail",
        lambda w: reverse("offer-detail", args=[_offer(w)]),
        {Role.PEER_WORKER, Role.COORDINATOR},
        other=404,
    ),
    *[
        _post_only(
            f"offer-{name}",
            lambda w, name=name: reverse(f"offer-{name}", args=[_offer(w)]),
            {Role.PEER_WORKER, Role.COORDINATOR},
            api_row=True,
        )
        for name in ("accept", "decline", "withdraw")
    ],
    api("assignment-list", lambda w: reverse("assignment-list"), INVOLVED),
    api("proposal-list", lambda w: reverse("proposal-list"), COORD),
    api("proposal-detail", lambda w: reverse("proposal-detail", args=[_proposal(w)[0]]), COORD, other=404),
    *[
        _post_only(
            f"proposal-{name}",
            lambda w, name=name: reverse(f"proposal-{name}", args=[_proposal(w)[0]]),
            COORD,
            api_row=True,
        )
        for name in ("send", "discard")
    ],
    # PATCH (replace) and DELETE (remove) only: GET is 405 for the roles that pass the rule.
    _post_only("proposal-pair", lambda w: reverse("proposal-pair", args=_proposal(w)), COORD, api_row=True),
    api(
        "assignment-detail",
        lambda w: reverse("assignment-detail", args=[_assignment(w)]),
        INVOLVED,
        other=404,
    ),
    *[
        _post_only(
            f"assignment-{name}",
            lambda w, name=name: reverse(f"assignment-{name}", args=[_assignment(w)]),
            INVOLVED,
            api_row=True,
        )
        for name in ("agreement", "start", "end")
    ],
]
