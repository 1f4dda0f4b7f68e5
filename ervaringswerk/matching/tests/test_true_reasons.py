"""A request without candidates says the true reason per group of peer workers (issue 13): imported
peer workers with 0 residents were told "maximum aantal bereikt" although nobody had set a maximum."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from ervaringswerk.core.reference import DeploymentKind
from ervaringswerk.core.tenancy import Role
from ervaringswerk.deployment.tests.factories import make_peer, make_request
from ervaringswerk.matching.adapters import rank_request
from ervaringswerk.pool.models import PeerStatus

pytestmark = pytest.mark.django_db


def _groups(ranking):
    return {g.code: g.count for g in ranking.reason_groups}


def test_zero_capacity_is_not_called_full(world):
    t = world.a
    never_set = [make_peer(t, max_residents=0) for _ in range(3)]
    request = make_request(t, kind=DeploymentKind.INDIVIDUAL_SUPPORT)
    ranking = rank_request(
        request=request, organisation_ids=[t.organisations["pool"].pk], with_exclusions=True
    )
    assert ranking.candidates == []
    assert _groups(ranking) == {"no_capacity": 3}
    for peer in never_set:
        text = " ".join(ranking.excluded[peer.pk])
        assert "nog geen maximum aantal bewoners ingesteld" in text
        assert "maximum aantal bereikt" not in text


def test_each_group_gets_its_own_reason(world):
    t = world.a
    make_peer(t, weekly_hours=0)  # no hours set
    make_peer(t, status=PeerStatus.PAUSED)
    make_peer(t, pause_start=timezone.localdate() - datetime.timedelta(days=1))
    make_peer(t, experiences={})  # lacks the required domain
    make_peer(t, excluded_themes=["verslaving"], experiences={"verslaving": "matching"})
    full = make_peer(t, weekly_hours=2, experiences={"verslaving": "matching"})
    from ervaringswerk.deployment.tests.factories import make_assignment

    make_assignment(make_request(t, hours=2), full, hours=2)
    request = make_request(t, hours=2, needed=["verslaving"])
    ranking = rank_request(
        request=request, organisation_ids=[t.organisations["pool"].pk], with_exclusions=True
    )
    groups = _groups(ranking)
    assert groups["no_capacity"] == 1
    assert groups["paused"] == 2
    assert groups["boundary"] == 1
    assert groups["full"] == 1
    assert groups["domain_missing"] == 4  # everyone but the two who have it
    assert ranking.candidates == []


def test_request_page_shows_the_groups(world, client_for):
    t = world.a
    for _ in range(2):
        make_peer(t, max_residents=0)
    request = make_request(t, kind=DeploymentKind.INDIVIDUAL_SUPPORT)
    page = client_for(t.users[Role.COORDINATOR]).get(reverse("deployment:request_detail", args=[request.pk]))
    html = page.content.decode()
    assert "Nog geen capaciteit ingesteld" in html
    assert "2 ervaringsdeskundigen" in html
