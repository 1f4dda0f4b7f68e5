"""A NUL character anywhere in input is a clear 400, never a 500 (regression of issue 12: on PostgreSQL,
which cannot hold U+0000 in text, a NUL byte in a filter or form field surfaced as a server error).

These run on SQLite and, in the PostgreSQL pass, on PostgreSQL, where the 500 happened."""

import pytest
from django.urls import reverse

from ervaringswerk.core.nul import nul_fields
from ervaringswerk.core.tenancy import Role
from ervaringswerk.pool.models import PeerWorker
from ervaringswerk.pool.tests.factories import own_peer


@pytest.fixture
def me(world):
    return own_peer(world)


def test_nul_fields_names_query_form_and_json_fields():
    from django.http import QueryDict

    assert nul_fields(QueryDict("naam=a%00b&x=1")) == ["naam"]
    assert nul_fields({"languages": ["nl", "a\x00"], "ok": "ja", "k\x00ey": 1}) == ["key", "languages[1]"]
    assert nul_fields({"a": {"b": ["\x00"]}}) == ["a.b[0]"]
    assert nul_fields(QueryDict("naam=gewoon"), {"tekst": "geen nul"}) == []


@pytest.mark.parametrize("query", ["naam=a%00", "taal=%00", "wijk=%00", "pagina=%00"])
def test_a_page_filter_with_nul_is_a_dutch_400(world, client_for, query):
    client = client_for(world.a.users[Role.COORDINATOR])
    response = client.get(f"{reverse('pool:overview')}?{query}")
    assert response.status_code == 400
    assert "onzichtbaar teken (NUL)" in response.content.decode()


def test_a_page_form_with_nul_is_a_dutch_400_and_stores_nothing(world, client_for, me):
    client = client_for(world.a.users[Role.PEER_WORKER])
    response = client.post(
        reverse("pool:my_details"),
        {"register_status": "none", "languages": ["n\x00l"], "phone": "06\x0012345678"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "onzichtbaar teken (NUL)" in page and "languages" in page and "phone" in page
    me.refresh_from_db()
    assert me.languages == [] and me.phone == ""


@pytest.mark.parametrize("query", ["language=%00", "domain=%00", "status=a%00", "ordering=%00"])
def test_an_api_filter_with_nul_is_a_problem_400(world, api_client, query):
    api_client.force_authenticate(world.a.users[Role.COORDINATOR])
    response = api_client.get(f"{reverse('peer-worker-list')}?{query}")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    name = query.split("=")[0]
    assert response.json()["invalid_params"][0]["name"] == name
    assert "NUL" in response.json()["invalid_params"][0]["reason"]


def test_an_api_body_with_nul_is_a_problem_400_naming_the_field(world, api_client, me):
    api_client.force_authenticate(world.a.users[Role.PEER_WORKER])
    url = reverse("peer-worker-detail", args=[me.pk])
    response = api_client.patch(url, {"languages": ["n\x00l"], "wishes_note": "ok"}, format="json")
    assert response.status_code == 400
    assert [p["name"] for p in response.json()["invalid_params"]] == ["languages[0]"]
    response = api_client.patch(url, {"wishes\x00note": "x"}, format="json")
    assert response.status_code == 400
    assert PeerWorker.objects.get(pk=me.pk).languages == []


def test_anonymous_callers_still_get_401_not_400(db, api_client):
    response = api_client.get(f"{reverse('peer-worker-list')}?language=%00")
    assert response.status_code == 401
