"""Funded positions (functieplaatsen, issue 14, S0): the register, filling with the ladder path ending
in the position, history, who sees the holder, the API and the dashboard's counts."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from ervaringswerk.accounts.viewer import viewer_for
from ervaringswerk.core.tenancy import Role
from ervaringswerk.organisations.models import FundedPosition, PositionEvent
from ervaringswerk.organisations.services import position_create, position_fill, position_vacate
from ervaringswerk.pool.services import peer_worker_create

D = datetime.date


@pytest.fixture
def position(world):
    return position_create(
        organisation=world.a.organisations["pool"],
        title="Ervaringsdeskundige geldzorgen",
        kind="supported_paid",
        budget_line="Sociaal domein 6.71",
        hours_per_week=Decimal(16),
        start_date=D(2026, 1, 1),
    )


def test_the_policy_advisor_registers_a_position_and_funding_is_required(world, client_for):
    client = client_for(world.a.users[Role.POLICY_ADVISOR])
    data = {
        "organisation": str(world.a.organisations["pool"].pk),
        "title": "Herstelcoach",
        "kind": "paid",
        "programme": "",
        "budget_line": "",
        "hours_per_week": "24",
        "start_date": "2026-01-01",
    }
    page = client.post(reverse("positions:create"), data).content.decode()
    assert "Kies het programma of noem de begrotingspost." in page and 'value="Herstelcoach"' in page
    response = client.post(reverse("positions:create"), {**data, "budget_line": "Begroting 2026"})
    made = FundedPosition.objects.get()
    assert response.status_code == 302 and response.url == reverse("positions:detail", args=[made.pk])
    assert (made.status, made.funding) == ("open", "Begroting 2026")
    assert [e.status for e in made.events.all()] == ["open"]
    assert "Herstelcoach" in client.get(reverse("positions:list")).content.decode()


def test_filling_ends_the_ladder_path_in_the_position_and_keeps_history(world, position, client_for):
    from ervaringswerk.pool.models import LadderStep

    peer = peer_worker_create(
        organisation=world.a.organisations["pool"], first_name="Fenna", last_name="Plaats"
    )
    LadderStep.objects.create(municipality=world.a.municipality, peer=peer, rung=4, date=D(2025, 6, 1))
    coordinator = client_for(world.a.users[Role.COORDINATOR])
    coordinator.post(
        reverse("positions:change", args=[position.pk]),
        {"actie": "vervullen", "holder": str(peer.pk), "on": "2026-02-01", "note": "Na de pilot"},
    )
    position.refresh_from_db()
    assert (position.status, position.holder) == ("filled", peer)
    assert list(peer.ladder_steps.values_list("rung", "date")) == [(4, D(2025, 6, 1)), (5, D(2026, 2, 1))]
    assert "Fenna Plaats" in coordinator.get(reverse("positions:detail", args=[position.pk])).content.decode()
    # the municipality sees the position filled, never who holds it
    advisor = client_for(world.a.users[Role.POLICY_ADVISOR])
    page = advisor.get(reverse("positions:detail", args=[position.pk])).content.decode()
    assert "Vervuld" in page and "Fenna" not in page
    refused = advisor.post(
        reverse("positions:change", args=[position.pk]), {"actie": "vrijmaken", "on": "2026-03-01"}
    )
    assert refused.status_code == 403
    position_vacate(position=position, on=D(2026, 4, 1), note="Andere baan")
    position_vacate(position=position, on=D(2026, 6, 30), end=True, note="Financiering gestopt")
    position.refresh_from_db()
    assert (position.status, position.holder, position.end_date) == ("ended", None, D(2026, 6, 30))
    assert [(e.status, e.holder_id) for e in PositionEvent.objects.filter(position=position)] == [
        ("open", None),
        ("filled", peer.pk),
        ("open", None),
        ("ended", None),
    ]


def test_one_peer_worker_holds_one_position_and_other_tenants_find_nothing(
    world, position, client_for, api_client
):
    peer = peer_worker_create(organisation=world.a.organisations["pool"], first_name="Sem", last_name="Een")
    position_fill(position=position, holder=peer, on=D(2026, 2, 1))
    second = position_create(
        organisation=world.a.organisations["pool"],
        title="Tweede",
        kind="paid",
        budget_line="x",
        hours_per_week=Decimal(8),
        start_date=D(2026, 1, 1),
    )
    with pytest.raises(Exception, match="al een functieplaats"):
        position_fill(position=second, holder=peer, on=D(2026, 2, 1))
    other = client_for(world.b.users[Role.COORDINATOR])
    assert other.get(reverse("positions:detail", args=[position.pk])).status_code == 404
    lead = client_for(world.a.users[Role.TEAM_LEAD])  # of the neighbourhood team: not its position
    assert lead.get(reverse("positions:detail", args=[position.pk])).status_code == 404
    api_client.force_authenticate(world.a.users[Role.POLICY_ADVISOR])
    rows = api_client.get(reverse("position-list")).json()["results"]
    assert {r["title"] for r in rows} == {"Ervaringsdeskundige geldzorgen", "Tweede"}
    assert all(r["holder"] is None for r in rows)  # the municipality never gets the person
    api_client.force_authenticate(world.a.users[Role.COORDINATOR])
    detail = api_client.get(reverse("position-detail", args=[position.pk])).json()
    assert detail["holder"] == str(peer.pk) and detail["status"] == "filled"
    api_client.force_authenticate(world.b.users[Role.POLICY_ADVISOR])
    assert api_client.get(reverse("position-list")).json()["count"] == 0
    assert api_client.get(reverse("position-detail", args=[position.pk])).status_code == 404


def test_the_dashboard_counts_funded_filled_and_open_positions(world, position):
    from ervaringswerk.monitoring.filters import Filters
    from ervaringswerk.monitoring.selectors import positions
    from ervaringswerk.monitoring.suppression import Audience

    peer = peer_worker_create(
        organisation=world.a.organisations["pool"], first_name="Tim", last_name="Telling"
    )
    position_fill(position=position, holder=peer, on=D(2026, 2, 1))
    position_create(
        organisation=world.a.organisations["team"],
        title="Open plek",
        kind="participation_job",
        budget_line="x",
        hours_per_week=Decimal(12),
        start_date=D(2026, 3, 1),
    )
    viewer = viewer_for(world.a.users[Role.POLICY_ADVISOR])
    rows = {
        label: [c.export() for c in cells]
        for label, cells in positions(
            viewer, Filters(D(2026, 1, 1), D(2026, 6, 30), audience=Audience.FUNDER)
        ).rows
    }
    assert rows["Betaald werk met ondersteuning"] == [1, 1, 0]
    assert rows["Participatiebaan"] == [1, 0, 1]
    assert rows["Totaal"] == [2, 1, 1]
    public = positions(viewer, Filters(D(2026, 1, 1), D(2026, 6, 30)))
    assert dict(public.rows)["Totaal"][1].suppressed  # one person in a position: not in public
    assert dict(public.rows)["Totaal"][0].export() == 2
