"""The pool overview, export and API stay at a fixed number of queries, whatever the pool size."""

import datetime
import random

import pytest
from django.urls import reverse
from django.utils import timezone

from ervaringswerk.core.models import ExperienceDomain
from ervaringswerk.core.tenancy import Role
from ervaringswerk.pool.constants import PeerStatus, Visibility
from ervaringswerk.pool.models import CheckIn, LadderStep, PeerExperience, PeerWorker

BIG = 2000
# Session, user, membership (viewer), navigation (onboarding check, unread notifications) and the pool's
# own: counts, page, neighbourhoods, experiences, talk-request count, filter choices, and one insert for the
# audited list read. Measured 17 on SQLite (savepoints included), the same with 50 or 2,000 peer workers.
OVERVIEW_QUERIES = 18


def _bulk_pool(tenant, n: int) -> None:
    """n peer workers with neighbourhoods, experiences, ladder steps and check-ins, written in bulk (test data
    only: bulk writes bypass the audit log, which this test does not look at)."""
    rng = random.Random(3)
    municipality, organisation = tenant.municipality, tenant.organisations["pool"]
    domains = list(ExperienceDomain.objects.filter(municipality=municipality))
    peers = PeerWorker.objects.bulk_create(
        PeerWorker(
            municipality=municipality,
            organisation=organisation,
            first_name=f"Voornaam{i:04d}",
            last_name=f"Achternaam{i:04d}",
            status=rng.choice([PeerStatus.ACTIVE] * 8 + [PeerStatus.PAUSED, PeerStatus.LEFT]),
            weekly_hours=rng.choice([4, 8, 12, 16]),
            max_residents=rng.randint(0, 5),
            languages=rng.sample(["nl", "en", "ar", "tr", "pl"], 2),
            kinds=["individual_support"],
            pause_start=timezone.localdate() if i % 17 == 0 else None,
        )
        for i in range(n)
    )
    through = PeerWorker.neighbourhoods.through
    through.objects.bulk_create(
        through(peerworker_id=p.pk, neighbourhood_id=hood.pk) for p in peers for hood in tenant.neighbourhoods
    )
    PeerExperience.objects.bulk_create(
        PeerExperience(
            municipality=municipality,
            peer=p,
            domain=domain,
            visibility=rng.choice(Visibility.values),
            description="tekst",
        )
        for p in peers
        for domain in rng.sample(domains, 2)
    )
    LadderStep.objects.bulk_create(
        LadderStep(municipality=municipality, peer=p, rung=rng.randint(1, 6), date=datetime.date(2024, 1, 1))
        for p in peers
    )
    CheckIn.objects.bulk_create(
        CheckIn(municipality=municipality, peer=p, energy=3, balance=3, wants_talk=True) for p in peers[:40]
    )


@pytest.fixture
def big_pool(world):
    _bulk_pool(world.a, BIG)
    return world


def test_overview_with_2000_peer_workers_has_bounded_queries(
    big_pool, client_for, django_assert_max_num_queries
):
    client = client_for(big_pool.a.users[Role.COORDINATOR])
    with django_assert_max_num_queries(OVERVIEW_QUERIES):
        response = client.get(reverse("pool:overview"))
    assert response.status_code == 200
    data = response.context["data"]
    assert data.pool_total == BIG and len(data.rows) == 50
    with django_assert_max_num_queries(OVERVIEW_QUERIES):
        filtered = client.get(
            reverse("pool:overview"),
            {
                "domein": "ggz",
                "taal": "ar",
                "wijk": str(big_pool.a.neighbourhoods[0].pk),
                "beschikbaar": "on",
                "pagina": "3",
            },
        )
    assert filtered.status_code == 200 and 0 < filtered.context["data"].found < BIG


def test_export_and_api_of_2000_peer_workers_have_bounded_queries(
    big_pool, client_for, api_client, django_assert_max_num_queries
):
    client = client_for(big_pool.a.users[Role.COORDINATOR])
    with django_assert_max_num_queries(OVERVIEW_QUERIES):
        response = client.get(reverse("pool:export"), {"formaat": "csv"})
    assert response.content.decode("utf-8-sig").count("\n") == BIG + 1
    api_client.force_authenticate(big_pool.a.users[Role.COORDINATOR])
    with django_assert_max_num_queries(OVERVIEW_QUERIES):
        body = api_client.get(reverse("peer-worker-list"), {"page_size": 500}).json()
    assert body["count"] == BIG and len(body["results"]) == 500
