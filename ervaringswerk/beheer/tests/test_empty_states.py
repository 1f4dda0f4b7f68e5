"""Every list page, empty, for the role that uses it (issue 13.5): Dutch text that says what the list is
and how it fills, with a link to that action (includes/empty_state.html, `data-empty-state`)."""

import html
import re

import pytest
from django.urls import reverse

from ervaringswerk.core.models import ExperienceDomain, Neighbourhood
from ervaringswerk.core.tenancy import Role
from ervaringswerk.pool.services import peer_worker_create

pytestmark = pytest.mark.django_db

# (named URL, role, empty-state key, words of its text, the link it offers)
EMPTY_LISTS = [
    (
        "deployment:request_list",
        Role.PROFESSIONAL,
        "requests",
        "Nog geen verzoeken. Zo vraagt een team een ervaringsdeskundige",
        "deployment:request_create",
    ),
    ("deployment:queue", Role.COORDINATOR, "queue", "De wachtrij is leeg", "pool:overview"),
    (
        "deployment:assignment_list",
        Role.COORDINATOR,
        "assignments",
        "Er is nog geen inzet. Een inzet ontstaat als",
        "deployment:request_list",
    ),
    (
        "core:my_work",
        Role.PEER_WORKER,
        "offers",
        "Er wacht nu geen aanbod op uw antwoord. Een aanbod komt van uw coördinator",
        "pool:my_profile",
    ),
    (
        "core:my_work",
        Role.PEER_WORKER,
        "my_assignments",
        "U heeft nu geen lopende inzet. Een inzet begint als",
        "notifications:list",
    ),
    (
        "pool:overview",
        Role.COORDINATOR,
        "pool",
        "Nog geen ervaringsdeskundigen in de pool. Zo begint u",
        "pool:import",
    ),
    (
        "hours:my_hours",
        Role.PEER_WORKER,
        "my_hours",
        "Nog geen uren in deze periode. Schrijf uw uren",
        "#write-h",
    ),
    ("hours:review", Role.COORDINATOR, "review", "Er wachten geen uren op beoordeling", "hours:overview"),
    (
        "hours:programmes",
        Role.POLICY_ADVISOR,
        "programmes",
        "Er zijn nog geen programma's",
        "hours:programme_create",
    ),
    ("hours:statements", Role.COORDINATOR, "statements", "Nog geen urenstaten.", "hours:statement_new"),
    (
        "activities:list",
        Role.COORDINATOR,
        "activities",
        "Nog geen activiteiten. Een activiteit is iets wat terugkomt",
        "activities:create",
    ),
    (
        "activities:roster",
        Role.COORDINATOR,
        "roster",
        "Geen inloopdagdelen in deze periode. Het rooster vult zich",
        "activities:list",
    ),
    (
        "outcomes:trajectory_list",
        Role.PROFESSIONAL,
        "trajectories",
        "Nog geen trajecten. Een traject volgt één bewoner",
        "outcomes:trajectory_create",
    ),
    (
        "notifications:list",
        Role.PEER_WORKER,
        "notifications",
        "Nog geen meldingen. Hier verschijnt het",
        "notifications:preferences",
    ),
    ("positions:list", Role.POLICY_ADVISOR, "positions", "Nog geen functieplaatsen.", "positions:create"),
    ("beheer:neighbourhoods", Role.ADMINISTRATOR, "neighbourhoods", "Nog geen wijken.", "#wijken-toevoegen"),
    ("beheer:domains", Role.ADMINISTRATOR, "domains", "Nog geen ervaringsdomeinen.", "#domein-toevoegen"),
]


def _empty_state(page: str, key: str) -> str:
    match = re.search(rf'<div class="ew-empty" data-empty-state="{key}">(.*?)</div>', page, re.S)
    assert match, f"no empty state {key!r} on the page"
    return match.group(1)


@pytest.mark.parametrize(
    ("url_name", "role", "key", "text", "link"),
    EMPTY_LISTS,
    ids=[f"{row[0]}-{row[2]}" for row in EMPTY_LISTS],
)
def test_every_list_explains_itself_when_empty(world, client_for, url_name, role, key, text, link):
    t = world.a
    if role == Role.PEER_WORKER:  # the peer worker's login with its profile in the pool
        peer_worker_create(
            organisation=t.organisations["pool"], first_name="Piet", last_name="Leeg", user=t.users[role]
        )
    if key == "neighbourhoods":
        t.organisations["team"].neighbourhoods.clear()
        Neighbourhood.objects.filter(municipality=t.municipality).delete()
    if key == "domains":
        ExperienceDomain.objects.filter(municipality=t.municipality).delete()
    response = client_for(t.users[role]).get(reverse(url_name))
    assert response.status_code == 200
    state = html.unescape(_empty_state(response.content.decode(), key))
    assert text in state
    href = link if link.startswith("#") else reverse(link)
    assert f'href="{href}"' in state


# The lists the first pass left with a bare "Geen ..." line (issue 13.5): (named URL, query, role, key,
# words of its text, the link it offers). A filtered list that finds nothing says so and offers "all".
MORE_EMPTY_LISTS = [
    ("hours:overview", {}, Role.COORDINATOR, "hours_overview", "Nog geen uren gevonden.", "hours:review"),
    (
        "monitoring:reports",
        {},
        Role.POLICY_ADVISOR,
        "reports",
        "Nog geen rapporten. Kies hierboven een programma en een periode",
        "#rapport-maken",
    ),
    (
        "audit:list",
        {"zoek": "niemand-zoekt-dit"},
        Role.ADMINISTRATOR,
        "audit",
        "Geen regels met deze filters.",
        "audit:list",
    ),
    (
        "organisations:list",
        {"soort": "client_council"},
        Role.ADMINISTRATOR,
        "organisations",
        "Geen organisaties gevonden.",
        "beheer:organisations",
    ),
    (
        "activities:development",
        {},
        Role.COORDINATOR,
        "development",
        "Nog geen intervisie, supervisie of training gepland.",
        "activities:create",
    ),
]


@pytest.mark.parametrize(
    ("url_name", "query", "role", "key", "text", "link"),
    MORE_EMPTY_LISTS,
    ids=[row[3] for row in MORE_EMPTY_LISTS],
)
def test_the_remaining_lists_explain_themselves_when_empty(
    world, client_for, url_name, query, role, key, text, link
):
    response = client_for(world.a.users[role]).get(reverse(url_name), query)
    assert response.status_code == 200
    state = html.unescape(_empty_state(response.content.decode(), key))
    assert text in state
    href = link if link.startswith("#") else reverse(link)
    assert f'href="{href}"' in state


def test_the_public_agenda_explains_itself_when_empty(world, client):
    response = client.get(reverse("agenda:agenda", args=[world.a.municipality.slug]))
    assert response.status_code == 200
    state = html.unescape(_empty_state(response.content.decode(), "agenda"))
    assert "Er staan de komende weken geen activiteiten op de agenda" in state
