"""Matching for one request at the Django level: pool profiles + load -> ranked, explained candidates.

Hard constraints are never broken (pauses, boundaries, hours, resident slots, needed domains, musts),
and lived experience counts only as far as the peer worker released it for matching."""

import datetime
import sys
import types
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ervaringswerk.core.reference import DeploymentKind
from ervaringswerk.core.tenancy import Role
from ervaringswerk.deployment import services
from ervaringswerk.deployment.models import AssignmentStatus, Strength
from ervaringswerk.matching.adapters import hard_constraint_reasons, rank_request
from ervaringswerk.pool.constants import PeerStatus, Visibility

from .factories import make_assignment, make_peer, make_request, viewer

M = Visibility.MATCHING


def _ids(ranking):
    return [c.peer.pk for c in ranking.candidates]


def _texts(ranking):
    return " ".join(f["text"] for c in ranking.candidates for f in c.explanation)


def _coordinator(world):
    return viewer(world.a.users[Role.COORDINATOR])


def test_candidates_are_ranked_with_a_dutch_explanation_per_factor(world):
    noord = world.a.neighbourhoods[0]
    best = make_peer(world.a, neighbourhoods=[noord], languages=["ar"], experiences={"armoede-schulden": M})
    other = make_peer(world.a)
    request = make_request(world.a, neighbourhood=noord, language="ar", preferred=["armoede-schulden"])
    ranking = rank_request(request=request)
    assert _ids(ranking) == [best.pk, other.pk]
    assert ranking.candidates[0].score > ranking.candidates[1].score
    factors = {f["code"]: f for f in ranking.candidates[0].explanation}
    assert {"preferred_domains", "neighbourhood", "language", "capacity", "workload"} <= set(factors)
    assert factors["neighbourhood"]["text"] == f"Woont of werkt in de wijk {noord.name}."
    assert factors["language"]["text"] == "Spreekt Arabisch, de gevraagde taal."
    assert factors["preferred_domains"]["text"] == "Heeft gewenste ervaring met Armoede en schulden."
    assert sum(f["points"] for f in ranking.candidates[0].explanation) == ranking.candidates[0].score


def test_paused_and_departed_peer_workers_are_never_candidates(world):
    today = timezone.localdate()
    paused = make_peer(world.a, status=PeerStatus.PAUSED)
    own_pause = make_peer(world.a, pause_start=today - datetime.timedelta(days=1))
    left = make_peer(world.a, status=PeerStatus.LEFT, left_on=today)
    free = make_peer(world.a)
    request = make_request(world.a)
    ranking = rank_request(request=request, with_exclusions=True)
    assert _ids(ranking) == [free.pk]
    # Each gets the true reason (issue 13), not one generic "niet beschikbaar".
    for peer, reason in ((paused, "Is gepauzeerd."), (own_pause, "Is gepauzeerd."), (left, "Is vertrokken")):
        assert reason in " ".join(ranking.excluded[peer.pk])
        with pytest.raises(ValidationError):
            services.offer_create(request=request, peer=peer, viewer=_coordinator(world))


def test_boundaries_exclude_a_request_about_a_domain_the_peer_worker_does_not_work_with(world):
    bounded = make_peer(world.a, excluded_themes=["huiselijk-geweld"], experiences={"ggz": M})
    request = make_request(world.a, preferred=["huiselijk-geweld"])
    ranking = rank_request(request=request, with_exclusions=True)
    assert bounded.pk not in _ids(ranking)
    assert bounded.pk in ranking.excluded
    assert hard_constraint_reasons(request=request, peer=bounded)
    with pytest.raises(ValidationError):
        services.offer_create(request=request, peer=bounded, viewer=_coordinator(world))


def test_needed_domains_are_a_hard_constraint(world):
    has = make_peer(world.a, experiences={"verslaving": M})
    lacks = make_peer(world.a, experiences={"ggz": M})
    request = make_request(world.a, needed=["verslaving"])
    assert _ids(rank_request(request=request)) == [has.pk]
    assert hard_constraint_reasons(request=request, peer=lacks)
    assert hard_constraint_reasons(request=request, peer=has) == []


def test_a_kind_of_work_the_peer_worker_does_not_do_is_excluded(world):
    groups_only = make_peer(world.a, kinds=[DeploymentKind.GROUP_ACTIVITY])
    open_to_all = make_peer(world.a)  # named no kinds: open to every kind
    request = make_request(world.a, kind=DeploymentKind.CONSULTATION)
    assert _ids(rank_request(request=request)) == [open_to_all.pk]
    group = make_request(world.a, kind=DeploymentKind.GROUP_ACTIVITY)
    assert set(_ids(rank_request(request=group))) == {groups_only.pk, open_to_all.pk}


def test_hours_capacity_counts_assignments_and_pending_offers(world):
    peer = make_peer(world.a, weekly_hours=6)
    make_assignment(make_request(world.a, hours=3), peer, status=AssignmentStatus.ACTIVE)
    ended = make_request(world.a, hours=5)
    make_assignment(ended, peer, status=AssignmentStatus.ENDED)  # ended: frees its hours
    fits = make_request(world.a, hours=3)
    too_big = make_request(world.a, hours=4)
    assert _ids(rank_request(request=fits)) == [peer.pk]
    ranking = rank_request(request=too_big, with_exclusions=True)
    assert _ids(ranking) == []
    assert "uur" in " ".join(ranking.excluded[peer.pk])
    # A pending offer reserves hours: after offering `fits`, nothing is left for another 1 hour.
    services.offer_create(request=fits, peer=peer, viewer=_coordinator(world))
    small = make_request(world.a, hours=1)
    assert _ids(rank_request(request=small)) == []
    with pytest.raises(ValidationError) as exc:
        services.offer_create(request=small, peer=peer, viewer=_coordinator(world))
    assert "niet genoeg ruimte" in exc.value.messages[0]


def test_resident_slots_limit_individual_support_only(world):
    peer = make_peer(world.a, weekly_hours=20, max_residents=1)
    make_assignment(
        make_request(world.a, kind=DeploymentKind.INDIVIDUAL_SUPPORT, resident_code="AAS-0001"), peer
    )
    individual = make_request(world.a, kind=DeploymentKind.INDIVIDUAL_SUPPORT, resident_code="AAS-0002")
    group = make_request(world.a, kind=DeploymentKind.GROUP_ACTIVITY)
    assert _ids(rank_request(request=individual)) == []
    assert _ids(rank_request(request=group)) == [peer.pk]
    with pytest.raises(ValidationError) as exc:
        services.offer_create(request=individual, peer=peer, viewer=_coordinator(world))
    assert "bewoner" in exc.value.messages[0]


def test_a_private_domain_is_never_used_nor_named(world):
    private = make_peer(
        world.a, experiences={"verslaving": Visibility.PRIVATE, "dakloosheid": Visibility.COORDINATOR}
    )
    released = make_peer(world.a, experiences={"verslaving": M})
    needs = make_request(world.a, needed=["verslaving"])
    assert _ids(rank_request(request=needs)) == [released.pk]
    prefers = make_request(world.a, preferred=["verslaving"])
    ranking = rank_request(request=prefers)
    by_peer = {c.peer.pk: {f["code"]: f for f in c.explanation} for c in ranking.candidates}
    assert by_peer[private.pk]["preferred_domains"]["points"] == 0
    assert by_peer[private.pk]["preferred_domains"]["text"] == "Geen gewenste ervaring met Verslaving."
    assert by_peer[released.pk]["preferred_domains"]["points"] > 0
    # Nothing about the domains only the peer worker (or their coordinator) may know is ever shown.
    plain = make_request(world.a)
    assert "Dak- en thuisloosheid" not in _texts(rank_request(request=plain))
    assert "Verslaving" not in _texts(rank_request(request=plain))


def test_musts_are_hard_and_wishes_only_add_points(world):
    woman = make_peer(world.a, gender="woman", cultural_background="Marokkaans-Nederlands")
    man = make_peer(world.a, gender="man")
    unknown = make_peer(world.a)
    must = make_request(world.a, gender_preference="woman", gender_strength=Strength.MUST)
    assert _ids(rank_request(request=must)) == [woman.pk]
    wish = make_request(
        world.a,
        cultural_background=" marokkaans-nederlands",
        cultural_strength=Strength.WISH,
    )
    ranking = rank_request(request=wish)
    assert set(_ids(ranking)) == {woman.pk, man.pk, unknown.pk}
    assert ranking.candidates[0].peer.pk == woman.pk


def test_continuity_with_the_same_resident_is_rewarded(world):
    before = make_peer(world.a)
    stranger = make_peer(world.a)
    make_assignment(
        make_request(world.a, kind=DeploymentKind.INDIVIDUAL_SUPPORT, resident_code="AAS-7777"),
        before,
        status=AssignmentStatus.ENDED,
    )
    request = make_request(world.a, kind=DeploymentKind.INDIVIDUAL_SUPPORT, resident_code="AAS-7777")
    ranking = rank_request(request=request)
    assert _ids(ranking) == [before.pk, stranger.pk]
    assert "continuity" in {f["code"] for f in ranking.candidates[0].explanation}


def test_workload_spread_prefers_the_less_loaded(world):
    busy = make_peer(world.a, weekly_hours=10)
    quiet = make_peer(world.a, weekly_hours=10)
    make_assignment(make_request(world.a, hours=6), busy)
    ranking = rank_request(request=make_request(world.a, hours=1))
    assert _ids(ranking) == [quiet.pk, busy.pk]
    workload = {
        c.peer.pk: next(f for f in c.explanation if f["code"] == "workload") for c in ranking.candidates
    }
    assert "60%" in workload[busy.pk]["text"]


def test_intervision_overdue_is_shown_and_weighs_lightly(world, monkeypatch):
    overdue = make_peer(world.a)
    fine = make_peer(world.a)
    fake = types.ModuleType("ervaringswerk.activities.selectors")
    fake.intervision_overdue_peer_ids = lambda *, municipality_id: {overdue.pk}
    monkeypatch.setitem(sys.modules, "ervaringswerk.activities.selectors", fake)
    ranking = rank_request(request=make_request(world.a))
    assert _ids(ranking) == [fine.pk, overdue.pk]
    flagged = ranking.candidates[1]
    assert flagged.flags and "intervisie achterstallig" in flagged.flags[0]


def test_a_coordinator_ranks_their_own_pool_only(world):
    from ervaringswerk.organisations.models import OrganisationKind
    from ervaringswerk.organisations.services import organisation_create

    other_pool = organisation_create(
        municipality=world.a.municipality, name="Herstelinloop Aastad", kind=OrganisationKind.PEER_INITIATIVE
    )
    mine = make_peer(world.a)
    theirs = make_peer(world.a, organisation=other_pool)
    make_peer(world.b)
    request = make_request(world.a)
    assert set(_ids(rank_request(request=request))) == {mine.pk, theirs.pk}
    pool = world.a.organisations["pool"]
    assert _ids(rank_request(request=request, organisation_ids=[pool.pk])) == [mine.pk]
    with pytest.raises(ValidationError):
        services.offer_create(request=request, peer=theirs, viewer=_coordinator(world))


def test_a_peer_worker_of_another_municipality_can_never_be_offered(world):
    foreign = make_peer(world.b)
    with pytest.raises(ValidationError):
        services.offer_create(request=make_request(world.a), peer=foreign, viewer=None)


def test_ranking_reads_a_constant_number_of_queries(world, django_assert_max_num_queries):
    for i in range(25):
        make_peer(world.a, experiences={"ggz": M}, languages=["nl"], neighbourhoods=world.a.neighbourhoods)
        if i % 3 == 0:
            make_assignment(make_request(world.a), make_peer(world.a))
    request = make_request(world.a, preferred=["ggz"])
    with django_assert_max_num_queries(14):
        ranking = rank_request(request=request, limit=10, with_exclusions=True)
    assert len(ranking.candidates) == 10


def test_decimal_hours_are_exact(world):
    peer = make_peer(world.a, weekly_hours=Decimal("2.5"))
    assert _ids(rank_request(request=make_request(world.a, hours=Decimal("2.5")))) == [peer.pk]
    assert _ids(rank_request(request=make_request(world.a, hours=Decimal("2.6")))) == []
