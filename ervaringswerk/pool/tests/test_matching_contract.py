"""The contract the deployment app builds on: pool.selectors.matching_profiles (docs/pool.md)."""

import dataclasses
import datetime
from decimal import Decimal

import pytest

from ervaringswerk.core.reference import DeploymentKind
from ervaringswerk.organisations.models import OrganisationKind
from ervaringswerk.organisations.services import organisation_create
from ervaringswerk.pool.constants import PeerStatus, Visibility, Wish
from ervaringswerk.pool.models import PeerWorker
from ervaringswerk.pool.selectors import PeerMatchingProfile, matching_profiles

from .factories import make_peer

TODAY = datetime.date(2026, 6, 15)


def _by_id(profiles):
    return {p.peer_id: p for p in profiles}


def test_profile_carries_every_contract_field(world):
    peer = make_peer(
        world.a,
        user=world.a.users["peer_worker"],
        neighbourhoods=world.a.neighbourhoods,
        languages=["nl", "ar"],
        kinds=[DeploymentKind.INDIVIDUAL_SUPPORT, DeploymentKind.GROUP_ACTIVITY],
        excluded_themes=["Huiselijk-Geweld", "  Drugs  Dealen "],
        gender="woman",
        cultural_background="  Marokkaans-Nederlands ",
        prefers=[Wish.GROUP_WORK],
        weekly_hours=Decimal("12.5"),
        max_residents=3,
        available_days=["mon", "thu"],
        experiences={"armoede-schulden": Visibility.MATCHING, "ggz": Visibility.PROFESSIONALS},
    )
    (profile,) = matching_profiles(municipality_id=world.a.municipality.pk, day=TODAY)
    assert isinstance(profile, PeerMatchingProfile)
    assert profile.peer_id == peer.pk
    assert profile.organisation_id == world.a.organisations["pool"].pk
    assert profile.status == PeerStatus.ACTIVE
    assert profile.paused is False
    assert profile.weekly_hours == Decimal("12.5") and isinstance(profile.weekly_hours, Decimal)
    assert profile.max_residents == 3
    assert profile.matching_domain_slugs == frozenset({"armoede-schulden", "ggz"})
    assert profile.neighbourhood_ids == frozenset(n.pk for n in world.a.neighbourhoods)
    assert profile.languages == frozenset({"nl", "ar"})
    assert profile.kinds == frozenset({"individual_support", "group_activity"})
    assert profile.excluded_themes == frozenset({"huiselijk-geweld", "drugs dealen"})
    assert profile.gender == "woman"
    assert profile.cultural_background == "marokkaans-nederlands"
    assert profile.prefers == frozenset({"group_work"})
    assert profile.user_id == world.a.users["peer_worker"].pk
    assert profile.available_days == frozenset({"mon", "thu"})
    with pytest.raises(dataclasses.FrozenInstanceError):
        profile.status = "left"


def test_only_experience_released_for_matching_counts(world):
    make_peer(
        world.a,
        experiences={
            "ggz": Visibility.PRIVATE,
            "verslaving": Visibility.COORDINATOR,
            "armoede-schulden": Visibility.MATCHING,
            "dakloosheid": Visibility.PROFESSIONALS,
        },
    )
    (profile,) = matching_profiles(municipality_id=world.a.municipality.pk, day=TODAY)
    assert profile.matching_domain_slugs == frozenset({"armoede-schulden", "dakloosheid"})


def test_empty_optional_values_are_none_or_empty(world):
    make_peer(world.a)
    (profile,) = matching_profiles(municipality_id=world.a.municipality.pk, day=TODAY)
    assert profile.gender is None and profile.cultural_background is None and profile.user_id is None
    assert profile.neighbourhood_ids == frozenset() and profile.matching_domain_slugs == frozenset()


@pytest.mark.parametrize(
    ("status", "start", "end", "paused"),
    [
        (PeerStatus.ACTIVE, None, None, False),
        (PeerStatus.PAUSED, None, None, True),
        (PeerStatus.ACTIVE, TODAY - datetime.timedelta(days=3), None, True),  # open-ended own pause
        (PeerStatus.ACTIVE, TODAY, TODAY, True),  # a one-day pause, today
        (PeerStatus.ACTIVE, TODAY - datetime.timedelta(days=9), TODAY - datetime.timedelta(days=1), False),
        (PeerStatus.ACTIVE, TODAY + datetime.timedelta(days=1), None, False),  # starts tomorrow
    ],
)
def test_paused_considers_status_and_own_pause_dates(world, status, start, end, paused):
    make_peer(world.a, status=status, pause_start=start, pause_end=end)
    (profile,) = matching_profiles(municipality_id=world.a.municipality.pk, day=TODAY)
    assert profile.paused is paused


def test_scoped_to_municipality_and_optionally_organisations(world):
    inloop = organisation_create(
        municipality=world.a.municipality, name="Inloop Aastad", kind=OrganisationKind.PEER_INITIATIVE
    )
    in_pool = make_peer(world.a)
    in_inloop = make_peer(world.a, organisation=inloop, experiences={"ggz": Visibility.MATCHING})
    make_peer(world.b, experiences={"ggz": Visibility.MATCHING})
    everyone = _by_id(matching_profiles(municipality_id=world.a.municipality.pk))
    assert set(everyone) == {in_pool.pk, in_inloop.pk}
    only_inloop = matching_profiles(municipality_id=world.a.municipality.pk, organisation_ids=[inloop.pk])
    assert [p.peer_id for p in only_inloop] == [in_inloop.pk]
    assert only_inloop[0].matching_domain_slugs == frozenset({"ggz"})


def test_two_queries_whatever_the_pool_size(world, django_assert_max_num_queries):
    for _ in range(30):
        make_peer(
            world.a,
            neighbourhoods=world.a.neighbourhoods,
            languages=["nl"],
            experiences={"ggz": Visibility.MATCHING, "verslaving": Visibility.PROFESSIONALS},
        )
    with django_assert_max_num_queries(2):
        profiles = matching_profiles(municipality_id=world.a.municipality.pk)
    assert len(profiles) == 30
    assert all(len(p.neighbourhood_ids) == 2 and len(p.matching_domain_slugs) == 2 for p in profiles)


def test_list_lookup_matches_whole_items_only(world):
    """`languages__has` works on SQLite and PostgreSQL, and never matches a substring."""
    make_peer(world.a, first_name="Een", languages=["nl", "ar"])
    make_peer(world.a, first_name="Twee", languages=["en"])
    make_peer(world.a, first_name="Drie", excluded_themes=["geweld in huis"])
    names = lambda **kw: set(PeerWorker.objects.filter(**kw).values_list("first_name", flat=True))  # noqa: E731
    assert names(languages__has="ar") == {"Een"}
    assert names(languages__has="a") == set()
    assert names(languages__has="n") == set()
    assert names(excluded_themes__has="geweld in huis") == {"Drie"}
    assert names(excluded_themes__has="geweld") == set()
