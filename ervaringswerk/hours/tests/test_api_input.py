"""Issue 17, defects in the hours API: the budget refusal says what was asked and what is left (decimal
comma), approving twice is a 409 like accepting an offer twice, absurd dates and unknown fields are 400."""

from decimal import Decimal

import pytest
from django.urls import reverse

from ervaringswerk.accounts.viewer import viewer_for
from ervaringswerk.core.tenancy import Role
from ervaringswerk.hours.models import TimeEntry
from ervaringswerk.hours.services import time_entry_approve, time_entry_create

from .matrix_api import api_peer, api_programme
from .test_api import YESTERDAY, as_user, body_for, problem, reasons


@pytest.fixture
def setup(world):
    t = world.a
    return t, api_programme(t), api_peer(t)


def test_the_budget_refusal_says_what_was_asked_and_what_is_left(setup, api_client):
    """Was "is op: 0.0 van 1.0 uur gebruikt" while the whole hour was still there."""
    t, _programme, _peer = setup
    small = api_programme(t, code="UUR", hours_total=Decimal(1))
    client = as_user(api_client, t.users[Role.PEER_WORKER])
    body = problem(client.post(reverse("time-entry-list"), body_for(small, minutes=90), format="json"), 400)
    text = reasons(body)["programme"]
    assert "gevraagd 1,5 uur" in text and "nog over 1,0 van 1,0 uur" in text, text
    english = client.post(
        reverse("time-entry-list"), body_for(small, minutes=90), format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "1.5" in reasons(problem(english, 400))["programme"]
    assert not TimeEntry.objects.exists()


def test_approving_twice_is_a_409_like_accepting_twice(setup, api_client):
    t, programme, peer = setup
    entry = time_entry_create(peer=peer, programme=programme, day=YESTERDAY, minutes=60, work_kind="group")
    time_entry_approve(entry=entry, actor=viewer_for(t.users[Role.COORDINATOR]))
    client = as_user(api_client, t.users[Role.COORDINATOR])
    body = problem(client.post(reverse("time-entry-approve", args=[entry.pk])), 409)
    assert "al beoordeeld" in body["detail"]
    body = problem(client.post(reverse("time-entry-return", args=[entry.pk]), {"comment": "x"}), 409)


@pytest.mark.parametrize("day", ["1015-08-29", "0457-01-01", "9999-12-31"])
def test_absurd_dates_are_refused_naming_the_field(setup, api_client, day):
    t, programme, _peer = setup
    client = as_user(api_client, t.users[Role.PEER_WORKER])
    body = problem(client.post(reverse("time-entry-list"), body_for(programme, date=day), format="json"), 400)
    assert "date" in reasons(body)
    assert not TimeEntry.objects.exists()


def test_the_hours_page_refuses_the_same_absurd_date(setup, client_for):
    t, programme, _peer = setup
    page = client_for(t.users[Role.PEER_WORKER])
    response = page.post(
        reverse("hours:my_hours"),
        {"date": "1015-08-29", "duration": "1:00", "work_kind": "other", "programme": str(programme.pk)},
    )
    assert response.status_code == 200
    assert "Kies een datum tussen" in response.content.decode()
    assert not TimeEntry.objects.exists()


def test_unknown_fields_and_peer_on_patch_are_400(setup, world, api_client):
    t, programme, peer = setup
    entry = time_entry_create(peer=peer, programme=programme, day=YESTERDAY, minutes=60, work_kind="group")
    client = as_user(api_client, t.users[Role.PEER_WORKER])
    url = reverse("time-entry-detail", args=[entry.pk])
    assert "minuten" in reasons(problem(client.patch(url, {"minuten": 30}, format="json"), 400))
    assert "peer" in reasons(problem(client.patch(url, {"peer": str(peer.pk)}, format="json"), 400))
    created = client.post(reverse("time-entry-list"), body_for(programme, datum="x"), format="json")
    assert "datum" in reasons(problem(created, 400))
    entry.refresh_from_db()
    assert entry.minutes == 60


@pytest.mark.parametrize("name", ["programme", "peer", "date_from", "date_to", "status"])
def test_an_empty_time_entry_filter_is_a_400_naming_it(setup, api_client, name):
    """Found by Schemathesis (issue 17): `?programme=` answered 200 with every entry, as if unfiltered."""
    t, _programme, _peer = setup
    client = as_user(api_client, t.users[Role.COORDINATOR])
    body = problem(client.get(reverse("time-entry-list"), {name: ""}), 400)
    assert name in reasons(body), body
