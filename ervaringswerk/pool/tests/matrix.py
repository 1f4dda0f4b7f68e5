from django.urls import reverse

from ervaringswerk.core.tenancy import Role
from ervaringswerk.core.testing import api, page, same_for_all

PEER = str(Role.PEER_WORKER)
COORDINATOR_ONLY = {Role.COORDINATOR}
PEER_ONLY = {Role.PEER_WORKER}


def _peer(world):
    from ervaringswerk.pool.services import peer_worker_create

    return peer_worker_create(
        organisation=world.a.organisations["pool"], first_name="Test", last_name="Peer"
    ).pk


def _own(url_name):
    """A "Mijn profiel" page: municipality A's peer-worker login gets a linked profile first."""

    def path(world):
        from ervaringswerk.pool.tests.factories import own_peer

        own_peer(world)
        return reverse(url_name)

    return path


def _experience(world):
    from ervaringswerk.pool.constants import Visibility
    from ervaringswerk.pool.tests.factories import make_peer

    peer = make_peer(world.a, experiences={"ggz": Visibility.MATCHING})
    return peer.experiences.get().pk


def _growth(kind):
    def path(world):
        import datetime

        from ervaringswerk.pool.models import DevelopmentGoal, LadderStep, Training
        from ervaringswerk.pool.tests.factories import make_peer

        peer = make_peer(world.a)
        common = {"municipality": peer.municipality, "peer": peer}
        obj = {
            "ladder-step": lambda: LadderStep.objects.create(
                rung=3, date=datetime.date(2025, 1, 1), **common
            ),
            "development-goal": lambda: DevelopmentGoal.objects.create(title="Doel", **common),
            "training": lambda: Training.objects.create(name="Training", **common),
        }[kind]()
        return reverse(f"{kind}-detail", args=[obj.pk])

    return path


def _own_check_in(world):
    from ervaringswerk.pool.tests.factories import make_check_in, own_peer

    return reverse("check-in-detail", args=[make_check_in(own_peer(world)).pk])


def _not_own_profile(row):
    # A peer worker may open only their own profile: someone else's answers 404, like another tenant's.
    row.expect[PEER] = 404
    return row


def _post_only_api(url_name, path, allowed):
    """A POST-only API action: callers the rule lets in get 405 on GET, the others 401/403."""
    row = api(url_name, path, allowed, ok=405)
    return row


ROWS = [
    page("pool:overview", lambda w: reverse("pool:overview"), COORDINATOR_ONLY),
    page("pool:export", lambda w: reverse("pool:export"), COORDINATOR_ONLY),
    page("pool:import", lambda w: reverse("pool:import"), COORDINATOR_ONLY),
    page("pool:create", lambda w: reverse("pool:create"), COORDINATOR_ONLY),
    _not_own_profile(
        page(
            "pool:detail",
            lambda w: reverse("pool:detail", args=[_peer(w)]),
            {Role.COORDINATOR, Role.PEER_WORKER},
            other=404,
        )
    ),
    page("pool:manage", lambda w: reverse("pool:manage", args=[_peer(w)]), COORDINATOR_ONLY, other=404),
    # POST only: a GET is refused for everyone.
    same_for_all("pool:talk_acknowledge", lambda w: reverse("pool:talk_acknowledge", args=[_peer(w)]), 405),
    page("pool:my_profile", _own("pool:my_profile"), PEER_ONLY),
    page("pool:my_details", _own("pool:my_details"), PEER_ONLY),
    page("pool:my_experience", _own("pool:my_experience"), PEER_ONLY),
    page("pool:my_boundaries", _own("pool:my_boundaries"), PEER_ONLY),
    page("pool:my_pause", _own("pool:my_pause"), PEER_ONLY),
    page("pool:my_growth", _own("pool:my_growth"), PEER_ONLY),
    page("pool:my_check_in", _own("pool:my_check_in"), PEER_ONLY),
    api("peer-worker-list", lambda w: reverse("peer-worker-list"), {Role.COORDINATOR, Role.PEER_WORKER}),
    _not_own_profile(
        api(
            "peer-worker-detail",
            lambda w: reverse("peer-worker-detail", args=[_peer(w)]),
            {Role.COORDINATOR, Role.PEER_WORKER},
            other=404,
        )
    ),
    api(
        "peer-experience-list",
        lambda w: reverse("peer-experience-list"),
        {Role.COORDINATOR, Role.PEER_WORKER},
    ),
    _not_own_profile(
        api(
            "peer-experience-detail",
            lambda w: reverse("peer-experience-detail", args=[_experience(w)]),
            {Role.COORDINATOR, Role.PEER_WORKER},
            other=404,
        )
    ),
    *[
        row
        for kind in ("ladder-step", "development-goal", "training")
        for row in (
            api(f"{kind}-list", lambda w, k=kind: reverse(f"{k}-list"), {Role.COORDINATOR, Role.PEER_WORKER}),
            _not_own_profile(
                api(f"{kind}-detail", _growth(kind), {Role.COORDINATOR, Role.PEER_WORKER}, other=404)
            ),
        )
    ],
    api("check-in-list", lambda w: reverse("check-in-list"), PEER_ONLY),
    # Check-ins are the peer worker's own: their coordinator is refused like everyone else.
    api("check-in-detail", _own_check_in, PEER_ONLY),
    _post_only_api(
        "peer-worker-acknowledge-talk",
        lambda w: reverse("peer-worker-acknowledge-talk", args=[_peer(w)]),
        {Role.COORDINATOR, Role.PEER_WORKER},
    ),
]
