"""A refused CSRF check answers like every other refusal: problem+json under /api/, the Dutch page elsewhere
(Django's own CSRF page is English HTML). An unknown API route is a 404 for every method, not a CSRF 403."""

import pytest
from django.test import Client

from ervaringswerk.accounts.services import api_token_create
from ervaringswerk.accounts.viewer import viewer_for
from ervaringswerk.core.tenancy import Role


@pytest.fixture
def csrf_client():
    client = Client(enforce_csrf_checks=True)
    client.cookies["sessionid"] = "niet-bestaand"
    return client


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_an_unknown_api_route_is_a_problem_404_for_writes_too(world, csrf_client, method):
    _token, key = api_token_create(viewer=viewer_for(world.a.users[Role.COORDINATOR]), name="x")
    for headers in ({"HTTP_AUTHORIZATION": f"Token {key}"}, {}):
        response = getattr(csrf_client, method)("/api/v1/assignments/%C2%84/start/", **headers)
        assert response.status_code == 404
        assert response["Content-Type"] == "application/problem+json"


def test_a_csrf_refusal_under_the_api_is_problem_json(world, csrf_client):
    csrf_client.force_login(
        world.a.users[Role.COORDINATOR], backend="django.contrib.auth.backends.ModelBackend"
    )
    response = csrf_client.post("/api/v1/neighbourhoods/", {"name": "x"})  # session auth, no CSRF token
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    detail = response.json()["detail"]
    assert "Failed" not in detail and "CSRF-token" in detail  # Dutch, not DRF's "CSRF Failed: ..."


def test_a_csrf_refusal_on_a_page_is_the_dutch_page(world, csrf_client):
    response = csrf_client.post("/account/wachtwoord-vergeten/", {"email": "a@example.org"})
    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/html")
    body = response.content.decode()
    assert "Forbidden" not in body and "formulier" in body
