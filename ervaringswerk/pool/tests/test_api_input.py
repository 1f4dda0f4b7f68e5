"""Issue 17, defects in the pool API: development goals with `achieved_on`, `peer_worker` and unknown fields
on PATCH, absurd dates, and `excluded_themes` checked against the municipality's experience domains."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from ervaringswerk.core.tenancy import Role
from ervaringswerk.pool.models import DevelopmentGoal, LadderStep

from .factories import make_peer, own_peer


@pytest.fixture
def me(world):
    return own_peer(world)


@pytest.fixture
def as_peer(world, api_client):
    api_client.force_authenticate(world.a.users[Role.PEER_WORKER])
    return api_client


def _params(response, status=400) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    return {p["name"]: p["reason"] for p in response.json()["invalid_params"]}


def test_a_goal_can_be_created_achieved_on_a_date(as_peer, me):
    """Was a 500: goal_add() got an unexpected keyword argument 'achieved_on'."""
    day = (timezone.localdate() - datetime.timedelta(days=10)).isoformat()
    response = as_peer.post(
        reverse("development-goal-list"),
        {"title": "Basiscursus", "status": "achieved", "achieved_on": day},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["achieved_on"] == day
    assert DevelopmentGoal.objects.get().achieved_on.isoformat() == day


def test_achieved_on_without_achieved_status_or_in_the_future_is_a_400(as_peer, me):
    url = reverse("development-goal-list")
    planned = as_peer.post(url, {"title": "A", "achieved_on": "2025-01-01"}, format="json")
    assert "achieved_on" in _params(planned)
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    ahead = as_peer.post(url, {"title": "A", "status": "achieved", "achieved_on": future}, format="json")
    assert "achieved_on" in _params(ahead)
    assert not DevelopmentGoal.objects.exists()


def test_patch_achieved_on_null_on_an_achieved_goal_is_refused_not_set_to_today(as_peer, me):
    day = "2025-03-01"
    goal = as_peer.post(
        reverse("development-goal-list"),
        {"title": "Register", "status": "achieved", "achieved_on": day},
        format="json",
    ).json()
    url = reverse("development-goal-detail", args=[goal["id"]])
    assert "achieved_on" in _params(as_peer.patch(url, {"achieved_on": None}, format="json"))
    assert DevelopmentGoal.objects.get().achieved_on.isoformat() == day
    # Setting it back to planned clears the date, as before.
    back = as_peer.patch(url, {"status": "planned", "achieved_on": None}, format="json")
    assert back.status_code == 200 and back.json()["achieved_on"] is None


def test_peer_worker_on_patch_is_refused_not_ignored(world, api_client, me):
    other = make_peer(world.a)
    api_client.force_authenticate(world.a.users[Role.COORDINATOR])
    goal = api_client.post(
        reverse("development-goal-list"), {"peer_worker": str(me.pk), "title": "Doel"}, format="json"
    ).json()
    url = reverse("development-goal-detail", args=[goal["id"]])
    assert "peer_worker" in _params(api_client.patch(url, {"peer_worker": str(other.pk)}, format="json"))
    assert DevelopmentGoal.objects.get().peer_id == me.pk
    # The same id is no change and passes.
    same = api_client.patch(url, {"peer_worker": str(me.pk), "title": "Doel 2"}, format="json")
    assert same.status_code == 200, same.content


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("development-goal-list", {"title": "Doel", "titel": "typfout"}),
        ("ladder-step-list", {"rung": 3, "date": "2025-02-01", "opmerking": "x"}),
    ],
)
def test_unknown_fields_on_create_are_a_400_naming_them(as_peer, me, name, body):
    unknown = next(key for key in body if key in {"titel", "opmerking"})
    params = _params(as_peer.post(reverse(name), body, format="json"))
    assert unknown in params and "onbekend" in params[unknown].lower()
    assert not DevelopmentGoal.objects.exists() and not LadderStep.objects.exists()


def test_unknown_fields_on_profile_patch_are_a_400(as_peer, me):
    url = reverse("peer-worker-detail", args=[me.pk])
    params = _params(as_peer.patch(url, {"phone": "0612345678", "telefoon": "x"}, format="json"))
    assert "telefoon" in params
    me.refresh_from_db()
    assert me.phone != "0612345678"


def test_a_ladder_step_in_the_year_457_is_refused(as_peer, me):
    params = _params(
        as_peer.post(reverse("ladder-step-list"), {"rung": 3, "date": "0457-05-01"}, format="json")
    )
    assert "date" in params
    assert not LadderStep.objects.exists()


def test_excluded_themes_must_be_domains_of_the_municipality(as_peer, me):
    url = reverse("peer-worker-detail", args=[me.pk])
    params = _params(as_peer.patch(url, {"excluded_themes": ["ggz", "bestaat-niet"]}, format="json"))
    assert "excluded_themes.1" in params
    me.refresh_from_db()
    assert me.excluded_themes == []
    ok = as_peer.patch(url, {"excluded_themes": ["GGZ"]}, format="json")
    assert ok.status_code == 200, ok.content
    me.refresh_from_db()
    assert me.excluded_themes == ["ggz"]


def test_own_words_kept_from_the_page_pass_when_sent_back(as_peer, me):
    """The page lets a peer worker add their own words; sending the stored list back is no error."""
    me.excluded_themes = ["ggz", "agressie"]
    me.save(update_fields=["excluded_themes"])
    url = reverse("peer-worker-detail", args=[me.pk])
    response = as_peer.patch(url, {"excluded_themes": ["ggz", "agressie"]}, format="json")
    assert response.status_code == 200, response.content
    assert "excluded_themes.0" in _params(
        as_peer.patch(url, {"excluded_themes": ["nieuw woord"]}, format="json")
    )
