"""Issue 18: an assignment is booked on the programme its hours can only belong to, without the coordinator
having to remember it; the offer says which programme before the peer worker accepts. Where the choice is
not unique (or there is none) nothing is guessed."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from ervaringswerk.core.tenancy import Role
from ervaringswerk.deployment import services
from ervaringswerk.hours.tests.factories import programme_for

from .factories import make_peer, make_request, viewer

TODAY = timezone.localdate()


def _running(t, code):
    return programme_for(
        t, code=code, start=TODAY - datetime.timedelta(days=30), end=TODAY + datetime.timedelta(days=300)
    )


@pytest.fixture
def offer(world):
    me = make_peer(world.a, user=world.a.users[Role.PEER_WORKER], weekly_hours=8)
    request = make_request(world.a, hours=2, title="Groep Rondkomen")
    return services.offer_create(request=request, peer=me, viewer=viewer(world.a.users[Role.COORDINATOR]))


def _accept(world, offer):
    return services.offer_accept(offer=offer, viewer=viewer(world.a.users[Role.PEER_WORKER]))


def test_the_one_running_programme_is_shown_on_the_offer_and_booked_on_acceptance(world, offer, client_for):
    programme = _running(world.a, "GELD")
    _running(world.b, "ELDERS")  # another municipality's programme never counts
    page = client_for(world.a.users[Role.PEER_WORKER]).get(
        reverse("deployment:offer_detail", args=[offer.pk])
    )
    assert "De uren van deze inzet komen op het programma Programma GELD." in page.content.decode()
    assert _accept(world, offer).programme == programme


def test_two_running_programmes_are_not_guessed(world, offer, client_for):
    _running(world.a, "GELD")
    _running(world.a, "WERK")
    page = client_for(world.a.users[Role.COORDINATOR]).get(
        reverse("deployment:offer_detail", args=[offer.pk])
    )
    html = page.content.decode()
    assert "de coördinator kiest er een" in html
    assert "Waarom deze ervaringsdeskundige?" in html and "Waarom u?" not in html  # the coordinator's heading
    assert _accept(world, offer).programme is None


def test_a_programme_without_the_requester_as_partner_or_not_running_is_not_chosen(world, offer):
    ended = programme_for(
        world.a,
        code="OUD",
        start=TODAY - datetime.timedelta(days=400),
        end=TODAY - datetime.timedelta(days=40),
    )
    assert ended.partners.filter(pk=offer.request.organisation_id).exists()
    other = _running(world.a, "ANDER")
    other.partners.clear()
    assert _accept(world, offer).programme is None
