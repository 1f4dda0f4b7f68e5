"""NL API Design Rules the whole API keeps: API-Version on every response, the OpenAPI document as JSON,
Link headers for pagination, problem+json for unknown routes with DEBUG on or off, and Accept-Language
for error texts (Dutch by default, English on request)."""

import pytest
from django.conf import settings
from django.urls import reverse

from ervaringswerk.core.models import Neighbourhood
from ervaringswerk.core.tenancy import Role

VERSION = settings.SPECTACULAR_SETTINGS["VERSION"]


@pytest.mark.parametrize(
    "path",
    ["/api/v1/me/", "/api/v1/neighbourhoods/", "/api/v1/bestaat-niet/", "/api/v1/neighbourhoods/geen-uuid/"],
)
def test_every_api_response_carries_api_version(world, api_client, path):
    anonymous = api_client.get(path)
    api_client.force_authenticate(world.a.users[Role.COORDINATOR])
    signed_in = api_client.get(path)
    for response in (anonymous, signed_in):
        assert response["API-Version"] == VERSION


def test_pages_do_not_carry_api_version(client, db):
    assert "API-Version" not in client.get(reverse("accounts:login"))


def test_the_openapi_document_is_also_at_openapi_json(db, client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    document = response.json()
    assert document["openapi"].startswith("3.") and document["info"]["version"] == VERSION
    assert "/api/v1/neighbourhoods/" in document["paths"]


def test_pagination_links_are_also_in_a_link_header(world, api_client):
    municipality = world.a.municipality
    Neighbourhood.objects.bulk_create(
        [Neighbourhood(municipality=municipality, name=f"Buurt {i:03}") for i in range(12)]
    )
    api_client.force_authenticate(world.a.users[Role.COORDINATOR])
    first = api_client.get("/api/v1/neighbourhoods/?page_size=5")
    body = first.json()
    assert body["next"] and f'<{body["next"]}>; rel="next"' in first["Link"]
    assert 'rel="prev"' not in first["Link"]
    middle = api_client.get(body["next"])
    assert f'<{middle.json()["previous"]}>; rel="prev"' in middle["Link"]
    assert f'<{middle.json()["next"]}>; rel="next"' in middle["Link"]
    last_page = api_client.get("/api/v1/neighbourhoods/?page_size=500")
    assert "Link" not in last_page  # one page: nothing to link to


@pytest.mark.parametrize("debug", [False, True])
def test_unknown_api_routes_are_problem_json_with_debug_on_or_off(db, client, settings, debug):
    settings.DEBUG = debug
    response = client.get("/api/v1/niet/bestaand/pad/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 404


def test_error_texts_follow_accept_language_dutch_by_default(db, api_client):
    dutch = api_client.get("/api/v1/neighbourhoods/")
    assert dutch.status_code == 401 and dutch.json()["title"] == "Niet ingelogd"
    assert dutch["Content-Language"] == "nl"
    english = api_client.get("/api/v1/neighbourhoods/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert english.status_code == 401
    assert english.json()["title"] == "Not authenticated"
    assert "credentials were not provided" in english.json()["detail"]
    assert english["Content-Language"] == "en"
    unknown = api_client.get("/api/v1/bestaat-niet/", HTTP_ACCEPT_LANGUAGE="en")
    assert unknown.json()["title"] == "Not found"
    german = api_client.get("/api/v1/neighbourhoods/", HTTP_ACCEPT_LANGUAGE="de-DE")
    assert german.json()["title"] == "Niet ingelogd"  # not offered: Dutch


def test_validation_errors_in_english_on_request(world, api_client):
    api_client.force_authenticate(world.a.users[Role.COORDINATOR])
    response = api_client.get("/api/v1/neighbourhoods/?page=abc", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["title"] == "Invalid input"
    assert response.json()["invalid_params"][0]["reason"] == "Give a whole number of 1 or more."


def _detail_prefixes() -> list[str]:
    """Every resource of the API router that has a detail route (/api/v1/<prefix>/<id>/)."""
    from django.urls import get_resolver

    prefixes = set()
    for pattern in get_resolver().url_patterns:
        if str(pattern.pattern) != "api/v1/":
            continue
        for inner in pattern.url_patterns:
            route = str(inner.pattern)
            if route.endswith("/$") and "(?P<pk>" in route and route.count("/") == 2:
                prefixes.add(route.lstrip("^").split("/")[0])
    return sorted(prefixes)


MALFORMED_IDS = ["geen-uuid", "-" * 36, "0" * 36, "123"]


def test_the_sweep_finds_the_resources():
    assert {"neighbourhoods", "time-entries", "offers", "activity-sessions"} <= set(_detail_prefixes())


@pytest.mark.parametrize("prefix", _detail_prefixes())
def test_malformed_ids_are_problem_json_404_on_every_resource(world, api_client, prefix):
    api_client.force_authenticate(world.a.users[Role.COORDINATOR])
    for bad in MALFORMED_IDS:
        response = api_client.get(f"/api/v1/{prefix}/{bad}/")
        assert response.status_code in {403, 404, 405}, (prefix, bad, response.status_code)
        assert response["Content-Type"] == "application/problem+json", (prefix, bad)


@pytest.mark.parametrize("debug", [False, True])
def test_a_server_error_under_the_api_is_problem_json_with_debug_on_or_off(
    world, client, settings, monkeypatch, debug
):
    from ervaringswerk.core.api.views import MeView

    def broken(self, request):
        raise RuntimeError("kapot")

    settings.DEBUG = debug
    monkeypatch.setattr(MeView, "get", broken)
    client.raise_request_exception = False
    client.force_login(world.a.users[Role.COORDINATOR])
    response = client.get("/api/v1/me/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 500 and "kapot" not in response.content.decode()


def test_no_english_parser_or_drf_default_texts_in_dutch(world, api_client):
    api_client.force_authenticate(world.a.users[Role.COORDINATOR])
    broken = api_client.generic("POST", "/api/v1/offers/", "{nee", content_type="application/json")
    assert broken.status_code == 400
    assert broken.json()["detail"] == "De inhoud van het verzoek is niet te lezen: geen geldige JSON."
    english = api_client.generic(
        "POST", "/api/v1/offers/", "{nee", content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert english.json()["detail"] == "The body of the request cannot be read: not valid JSON."
    bad_id = api_client.post("/api/v1/offers/", {"request": "x", "peer": "y"}, format="json")
    reasons = {p["name"]: p["reason"] for p in bad_id.json()["invalid_params"]}
    assert reasons == {"request": "Dit is geen geldig id (UUID).", "peer": "Dit is geen geldig id (UUID)."}


def test_a_403_says_u_not_je(world, api_client):
    api_client.force_authenticate(world.a.users[Role.PEER_WORKER])
    response = api_client.post("/api/v1/offers/", {}, format="json")
    assert response.status_code == 403
    assert response.json()["detail"] == "U heeft geen toestemming om dit te doen."  # was "Je hebt ..."
