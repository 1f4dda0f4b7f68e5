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


@pytest.mark.parametrize("url", ["open-data", "monitoring-dashboard"])
@pytest.mark.parametrize(("query", "field"), [({"tot": "2000-01-01"}, "tot"), ({"van": "2999-01-01"}, "van")])
def test_one_end_of_the_period_past_the_default_other_is_a_400_naming_it(
    world, api_client, url, query, field
):
    """Found by Schemathesis (issue 17): `?tot=2000-01-01` alone ended the period before its default start
    (12 months back), and the empty period was a 500 (an SQL query over no months)."""
    api_client.force_authenticate(world.a.users[Role.POLICY_ADVISOR])
    body = _problem(api_client.get(reverse(url), query), 400)
    assert [p["name"] for p in body["invalid_params"]] == [field]


def test_options_with_csv_asked_answers_json(world, api_client):
    """Found by Schemathesis (issue 17): OPTIONS with ?format=csv sent its description (a dict) to the CSV
    renderer, a 500."""
    api_client.force_authenticate(world.a.users[Role.POLICY_ADVISOR])
    response = api_client.options(reverse("open-data") + "?format=csv")
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/json")
