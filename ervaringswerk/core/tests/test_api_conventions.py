"""The API's shared behaviour: authentication, pagination, problem+json errors, ids, schema."""

import uuid

import pytest
from django.urls import reverse

from ervaringswerk.accounts.models import ApiToken
from ervaringswerk.core.models import Neighbourhood
from ervaringswerk.core.tenancy import Role


def test_token_authentication_gives_the_same_scope_as_the_pages(world, api_client):
    _token, key = ApiToken.objects.create(user=world.a.users[Role.COORDINATOR], name="koppeling")
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    data = api_client.get(reverse("api-me")).json()
    assert data["role"] == "coordinator"
    assert data["municipality_code"] == "GM0001"
    names = {o["name"] for o in api_client.get(reverse("organisation-list")).json()["results"]}
    assert "Wijkteam Beedorp" not in names and "Wijkteam Aastad" in names


def test_a_wrong_token_is_refused_with_401_problem_json(db, api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = api_client.get(reverse("organisation-list"))
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == 401 and body["title"] == "Niet ingelogd" and body["detail"]


def test_anonymous_gets_401_with_www_authenticate(db, api_client):
    response = api_client.get(reverse("organisation-list"))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_lists_are_paginated_with_page_size_at_most_500(world, api_client):
    municipality = world.a.municipality
    Neighbourhood.objects.bulk_create(
        Neighbourhood(municipality=municipality, name=f"Wijk {i:03d}") for i in range(520)
    )
    api_client.force_authenticate(world.a.users[Role.PROFESSIONAL])
    first = api_client.get(reverse("neighbourhood-list")).json()
    assert set(first) == {"count", "next", "previous", "results"}
    assert first["count"] == 522 and len(first["results"]) == 50 and first["previous"] is None
    biggest = api_client.get(reverse("neighbourhood-list"), {"page_size": 500}).json()
    assert len(biggest["results"]) == 500
    too_big = api_client.get(reverse("neighbourhood-list"), {"page_size": 10_000})
    assert too_big.status_code == 400  # refused, not silently clamped (issue 17, item 5)
    assert too_big.json()["invalid_params"][0]["name"] == "page_size"
    small = api_client.get(reverse("neighbourhood-list"), {"page_size": 7, "page": 2}).json()
    assert len(small["results"]) == 7 and small["previous"] is not None


def test_a_page_past_the_last_is_a_404_problem(world, api_client):
    api_client.force_authenticate(world.a.users[Role.PROFESSIONAL])
    response = api_client.get(reverse("neighbourhood-list"), {"page": "999"})
    assert response.status_code == 404
    assert response.json()["title"] == "Niet gevonden"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("page", "abc"),
        ("page", "-1"),
        ("page", "0"),
        ("page", "1.5"),
        ("page", "٣"),
        ("page_size", "0"),
        ("page_size", "501"),
        ("page_size", "veel"),
        ("page_size", "-5"),
        ("page_size", ""),
    ],
)
def test_a_malformed_page_or_page_size_is_a_400_naming_it(world, api_client, name, value):
    api_client.force_authenticate(world.a.users[Role.PROFESSIONAL])
    response = api_client.get(reverse("neighbourhood-list"), {name: value})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert [p["name"] for p in response.json()["invalid_params"]] == [name]


def test_unknown_and_malformed_ids_are_404_problem_json(world, api_client):
    api_client.force_authenticate(world.a.users[Role.PROFESSIONAL])
    response = api_client.get(reverse("organisation-detail", args=[uuid.uuid4()]))
    assert response.status_code == 404 and response.json()["status"] == 404
    response = api_client.get("/api/v1/organisations/not-a-uuid/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")


def test_ids_are_uuids(world, api_client):
    api_client.force_authenticate(world.a.users[Role.PROFESSIONAL])
    for item in api_client.get(reverse("organisation-list")).json()["results"]:
        uuid.UUID(item["id"])


def test_writes_to_read_only_resources_are_405_problem_json(world, api_client):
    api_client.force_authenticate(world.a.users[Role.ADMINISTRATOR])
    response = api_client.post(reverse("organisation-list"), {"name": 3}, format="json")
    assert response.status_code == 405
    assert response.json()["title"] == "Methode niet toegestaan"


def test_malformed_json_is_a_400_problem(world, api_client):
    api_client.force_authenticate(world.a.users[Role.ADMINISTRATOR])
    response = api_client.generic(
        "POST", reverse("organisation-list"), "{not json", content_type="application/json"
    )
    # The method check comes first for read-only resources; a parse error never becomes a 500.
    assert response.status_code in {400, 405}
    assert response["Content-Type"].startswith("application/problem+json")


def test_openapi_schema_lists_every_resource(client, db):
    response = client.get(reverse("api-schema"), {"format": "json"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    for expected in [
        "/api/v1/organisations/",
        "/api/v1/organisations/{id}/",
        "/api/v1/me/",
        "/api/v1/neighbourhoods/",
        "/api/v1/experience-domains/",
        "/api/v1/audit-events/",
    ]:
        assert expected in paths


def test_unknown_api_path_is_json_404(client, db):
    response = client.get("/api/v1/bestaat-niet/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")
