"""The open-data API's errors stay application/problem+json when CSV was asked for (found by Schemathesis,
issue 17): a refusal rendered through the CSV renderer was a bare line of text under a problem+json type."""

import pytest
from django.urls import reverse

from ervaringswerk.core.tenancy import Role


def _problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/problem+json"), response["Content-Type"]
    body = response.json()
    assert body["status"] == status
    return body


@pytest.mark.parametrize("ask", [{"format": "csv"}, {"HTTP_ACCEPT": "text/csv"}])
def test_a_refusal_with_csv_asked_is_problem_json(world, api_client, ask):
    api_client.force_authenticate(world.a.users[Role.COORDINATOR])
    query = {"format": "csv"} if "format" in ask else {}
    headers = {k: v for k, v in ask.items() if k.startswith("HTTP_")}
    _problem(api_client.get(reverse("open-data"), query, **headers), 403)


def test_bad_input_with_csv_asked_is_problem_json_naming_the_field(world, api_client):
    api_client.force_authenticate(world.a.users[Role.POLICY_ADVISOR])
    body = _problem(api_client.get(reverse("open-data"), {"format": "csv", "van": "gisteren"}), 400)
    assert [p["name"] for p in body["invalid_params"]] == ["van"]


def test_csv_itself_still_comes_as_csv(world, api_client):
    api_client.force_authenticate(world.a.users[Role.POLICY_ADVISOR])
    response = api_client.get(reverse("open-data"), {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
