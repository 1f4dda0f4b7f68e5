"""Issue 17, item 2: every list filters and sorts the same way (core.api.filters): `?ordering=` (or
`?sorteer=`) on every list, django-filter values checked, unknown parameters and fields a 400 naming them."""

import pytest
from django.urls import get_resolver

from ervaringswerk.accounts.viewer import viewer_for
from ervaringswerk.core.models import Neighbourhood
from ervaringswerk.core.tenancy import Role
from ervaringswerk.deployment.services import offer_create
from ervaringswerk.deployment.tests.factories import make_peer, make_request


def _list_prefixes() -> list[str]:
    prefixes = set()
    for pattern in get_resolver().url_patterns:
        if str(pattern.pattern) != "api/v1/":
            continue
        for inner in pattern.url_patterns:
            route = str(inner.pattern)
            name = getattr(inner, "name", "") or ""
            if name.endswith("-list") and route.count("/") == 1 and route.endswith("/$"):
                prefixes.add(route.lstrip("^").rstrip("/$"))
    return sorted(prefixes)


def _params(response, status=400) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    return {p["name"]: p["reason"] for p in response.json()["invalid_params"]}


@pytest.fixture
def coordinator(world, api_client):
    api_client.force_authenticate(world.a.users[Role.COORDINATOR])
    return api_client


def test_the_sweep_finds_the_lists():
    assert {"neighbourhoods", "time-entries", "offers", "peer-workers", "activity-sessions"} <= set(
        _list_prefixes()
    )


@pytest.mark.parametrize("prefix", _list_prefixes())
def test_an_unknown_parameter_is_a_400_naming_it_on_every_list(coordinator, prefix):
    response = coordinator.get(f"/api/v1/{prefix}/", {"onbekend": "1"})
    if response.status_code == 403:
        return  # this role may not read the list at all
    assert "onbekend" in _params(response), prefix


@pytest.mark.parametrize("prefix", _list_prefixes())
def test_an_unknown_ordering_field_is_a_400_on_every_list(coordinator, prefix):
    response = coordinator.get(f"/api/v1/{prefix}/", {"ordering": "bestaat_niet"})
    if response.status_code == 403:
        return
    assert "ordering" in _params(response), prefix


def test_ordering_and_its_dutch_alias(world, coordinator):
    for name in ("Cwijk", "Awijk", "Bwijk"):
        Neighbourhood.objects.create(municipality=world.a.municipality, name=name)
    names = lambda r: [n["name"] for n in r.json()["results"] if n["name"].endswith("wijk")]  # noqa: E731
    assert names(coordinator.get("/api/v1/neighbourhoods/", {"ordering": "name"})) == [
        "Awijk",
        "Bwijk",
        "Cwijk",
    ]
    assert names(coordinator.get("/api/v1/neighbourhoods/", {"sorteer": "-name"})) == [
        "Cwijk",
        "Bwijk",
        "Awijk",
    ]


def test_a_field_the_caller_may_not_see_is_not_sortable(coordinator):
    params = _params(coordinator.get("/api/v1/peer-workers/", {"ordering": "gender"}))
    assert "ordering" in params and "last_name" in params["ordering"]
    assert coordinator.get("/api/v1/peer-workers/", {"ordering": "-last_name"}).status_code == 200


def test_filter_values_are_checked_by_django_filter(world, coordinator):
    peer = make_peer(world.a)
    offer_create(request=make_request(world.a), peer=peer, viewer=viewer_for(world.a.users[Role.COORDINATOR]))
    assert "status" in _params(coordinator.get("/api/v1/offers/", {"status": "misschien"}))
    assert coordinator.get("/api/v1/offers/", {"status": "pending"}).json()["count"] == 1
    assert coordinator.get("/api/v1/offers/", {"status": "accepted"}).json()["count"] == 0
    assert "kind" in _params(coordinator.get("/api/v1/deployment-requests/", {"kind": "feest"}))


def test_a_malformed_page_is_refused_not_ignored(coordinator):
    assert coordinator.get("/api/v1/neighbourhoods/", {"page": "abc"}).status_code == 400
    assert coordinator.get("/api/v1/neighbourhoods/", {"page_size": "veel"}).status_code == 400
