"""Every API list is paginated (count/next/previous/results) and bounded: a larger page_size is refused."""

from django.conf import settings
from django.urls import get_resolver, reverse

from ervaringswerk.core.tenancy import Role

ROLES = [
    Role.PEER_WORKER,
    Role.COORDINATOR,
    Role.PROFESSIONAL,
    Role.TEAM_LEAD,
    Role.POLICY_ADVISOR,
    Role.ADMINISTRATOR,
]


def _list_routes() -> list[str]:
    names = [name for name in get_resolver().reverse_dict if isinstance(name, str) and name.endswith("-list")]
    return sorted(names)


def test_every_api_list_is_paginated_and_bounded(world, api_client):
    routes = _list_routes()
    assert len(routes) >= 20  # the router's lists were found (a broken lookup must not pass quietly)
    seen = set()
    for role in ROLES:
        api_client.force_authenticate(world.a.users[role])
        for name in routes:
            response = api_client.get(reverse(name), {"page_size": settings.EW_API_MAX_PAGE_SIZE})
            too_many = api_client.get(reverse(name), {"page_size": settings.EW_API_MAX_PAGE_SIZE + 1})
            if response.status_code != 200:
                assert too_many.status_code == response.status_code, name
                continue
            assert too_many.status_code == 400, name  # never silently clamped
            body = response.json()
            assert set(body) >= {"count", "next", "previous", "results"}, name
            assert len(body["results"]) <= settings.EW_API_MAX_PAGE_SIZE, name
            seen.add(name)
    unseen = set(routes) - seen
    assert not unseen, f"lists no role could read (check them by hand): {sorted(unseen)}"
