"""Go/no-go of a programme (issue 14, S1): success criteria with targets, the decision on the go/no-go
milestone, and after a "go" the prefilled follow-up (next period, a hire-out agreement per partner)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from ervaringswerk.core.tenancy import Role
from ervaringswerk.organisations.models import HireOutAgreement, Milestone, Programme, SuccessCriterion
from ervaringswerk.organisations.services import milestone_add

from .factories import programme_for

D = datetime.date


@pytest.fixture
def pilot(world):
    programme = programme_for(
        world.a, code="PILOT", start=D(2025, 1, 1), end=D(2025, 12, 31), rate=Decimal("48.50")
    )
    go = milestone_add(programme=programme, kind="go_no_go", title="Go/no-go", date=D(2025, 12, 15))
    learning = milestone_add(
        programme=programme, kind="learning_session", title="Leersessie", date=D(2025, 6, 1)
    )
    return programme, go, learning


def _url(name, programme, *extra):
    return reverse(f"hours:{name}", args=[programme.pk, *extra])


def test_the_policy_advisor_sets_criteria_with_targets_and_bad_input_is_refused_in_dutch(
    world, pilot, client_for
):
    programme, _go, _l = pilot
    client = client_for(world.a.users[Role.POLICY_ADVISOR])
    response = client.post(
        _url("programme_criterion_add", programme), {"kind": "hours_share", "target": "80"}
    )
    assert response.status_code == 302
    again = client.post(_url("programme_criterion_add", programme), {"kind": "hours_share", "target": "90"})
    assert "Dit criterium staat al bij het programma." in again.content.decode()
    free = client.post(
        _url("programme_criterion_add", programme), {"kind": "free", "title": "", "target": "2"}
    )
    html = free.content.decode()
    assert "Beschrijf het eigen criterium." in html and 'value="2"' in html  # keeps what was typed
    score = client.post(
        _url("programme_criterion_add", programme), {"kind": "experience_score", "target": "7"}
    )
    assert "Een ervaringsscore ligt tussen 1 en 5." in score.content.decode()
    client.post(
        _url("programme_criterion_add", programme),
        {"kind": "free", "title": "Twee partners huren in", "target": "2"},
    )
    assert [(c.kind, c.target) for c in programme.success_criteria.all()] == [
        ("hours_share", Decimal("80.00")),
        ("free", Decimal("2.00")),
    ]
    page = client.get(_url("programme_detail", programme)).content.decode()
    assert "Succescriteria" in page and "Twee partners huren in" in page


def test_only_the_municipality_sets_criteria_and_decides(world, pilot, client_for):
    programme, go, _l = pilot
    for role in (Role.COORDINATOR, Role.TEAM_LEAD):
        client = client_for(world.a.users[role])
        assert (
            client.post(
                _url("programme_criterion_add", programme), {"kind": "hours_share", "target": "80"}
            ).status_code
            == 403
        )
        assert client.post(_url("programme_decision", programme, go.pk), {"outcome": "go"}).status_code == 403
    other = client_for(world.b.users[Role.POLICY_ADVISOR])
    assert other.get(_url("programme_criterion_add", programme)).status_code == 404
    assert not SuccessCriterion.objects.exists()


def test_the_decision_is_recorded_on_the_go_no_go_milestone(world, pilot, client_for):
    programme, go, learning = pilot
    client = client_for(world.a.users[Role.POLICY_ADVISOR])
    assert client.get(_url("programme_decision", programme, learning.pk)).status_code == 404
    data = {
        "outcome": "go_with_conditions",
        "rationale": "Partners willen door",
        "conditions": "",
        "decided_on": "2025-12-15",
    }
    missing = client.post(_url("programme_decision", programme, go.pk), data).content.decode()
    assert "Noem de voorwaarden." in missing and "Partners willen door" in missing
    future = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()
    later = client.post(
        _url("programme_decision", programme, go.pk), {**data, "conditions": "x", "decided_on": future}
    )
    assert "Een besluit kan niet in de toekomst liggen." in later.content.decode()
    response = client.post(
        _url("programme_decision", programme, go.pk), {**data, "conditions": "Evaluatie na een half jaar"}
    )
    assert response.status_code == 302
    go.refresh_from_db()
    assert (go.outcome, go.rationale, go.conditions, go.decided_on, go.done_on) == (
        "go_with_conditions",
        "Partners willen door",
        "Evaluatie na een half jaar",
        D(2025, 12, 15),
        D(2025, 12, 15),
    )
    assert go.decided_by == world.a.users[Role.POLICY_ADVISOR] and go.decided_by_name
    # a decision on record is not overwritten
    client.post(_url("programme_decision", programme, go.pk), {**data, "outcome": "no_go"})
    go.refresh_from_db()
    assert go.outcome == "go_with_conditions"
    page = client.get(_url("programme_detail", programme)).content.decode()
    assert "Go met voorwaarden" in page and "Vervolg aanmaken" in page


def test_a_go_offers_the_follow_up_prefilled_and_creates_it(world, pilot, client_for):
    from ervaringswerk.hours.models import TimeEntry
    from ervaringswerk.organisations.services import go_no_go_decide

    programme, go, _l = pilot
    team = world.a.organisations["team"]
    from .factories import peer_for

    peer = peer_for(world.a)
    for week in range(52):  # 3 hours every week of the pilot year
        TimeEntry.objects.create(
            municipality=world.a.municipality,
            peer=peer,
            organisation=world.a.organisations["pool"],
            programme=programme,
            partner=team,
            date=D(2025, 1, 6) + datetime.timedelta(weeks=week),
            minutes=180,
            work_kind="direct_contact",
            status="approved",
        )
    client = client_for(world.a.users[Role.POLICY_ADVISOR])
    assert client.get(_url("programme_follow_up", programme, go.pk)).status_code == 404  # no decision yet
    go_no_go_decide(
        milestone=go,
        outcome="go",
        rationale="Goed",
        decided_by=world.a.users[Role.POLICY_ADVISOR],
        decided_on=D(2025, 12, 15),
    )
    form = client.get(_url("programme_follow_up", programme, go.pk)).content.decode()
    key = team.pk.hex
    assert 'value="2026-01-01"' in form and 'value="2026-12-31"' in form
    assert f'name="uren_{key}"' in form and 'value="3.0"' in form and 'value="48.50"' in form
    response = client.post(
        _url("programme_follow_up", programme, go.pk),
        {
            "name": "Ervaringskennis geldzorgen 2026",
            "code": "PILOT-2026",
            "start_date": "2026-01-01",
            "end_date": "2026-12-31",
            "hours_per_week": "24",
            "hours_total": "1248",
            f"inhuur_{key}": "on",
            f"uren_{key}": "4",
            f"tarief_{key}": "50,00",
        },
    )
    follow_up = Programme.objects.get(code="PILOT-2026")
    assert response.status_code == 302 and response.url == _url("programme_detail", follow_up)
    assert (follow_up.funder, follow_up.contractor, list(follow_up.partners.all())) == (
        programme.funder,
        programme.contractor,
        [team],
    )
    assert [(r.work_kind, r.hourly_rate, r.valid_from) for r in follow_up.rates.all()] == [
        ("", Decimal("48.50"), D(2026, 1, 1))
    ]
    agreement = HireOutAgreement.objects.get(programme=follow_up)
    assert (agreement.partner, agreement.hours_per_week, agreement.hourly_rate) == (
        team,
        Decimal("4.0"),
        Decimal("50.00"),
    )
    go.refresh_from_db()
    assert go.follow_up == follow_up
    # once made, the link leads to the follow-up instead of making a second one
    assert client.get(_url("programme_follow_up", programme, go.pk)).url == _url(
        "programme_detail", follow_up
    )


def test_no_go_offers_no_follow_up(world, pilot, client_for):
    from ervaringswerk.organisations.services import go_no_go_decide

    programme, go, _l = pilot
    go_no_go_decide(
        milestone=go,
        outcome="no_go",
        rationale="Te weinig bereik",
        decided_by=None,
        decided_on=D(2025, 12, 1),
    )
    client = client_for(world.a.users[Role.POLICY_ADVISOR])
    assert client.get(_url("programme_follow_up", programme, go.pk)).status_code == 404
    assert "Vervolg aanmaken" not in client.get(_url("programme_detail", programme)).content.decode()


def test_the_api_gives_success_criteria_and_decision(world, pilot, api_client):
    from ervaringswerk.organisations.services import go_no_go_decide, success_criterion_add

    programme, go, _l = pilot
    success_criterion_add(programme=programme, kind="residents_reached", target=Decimal(60))
    api_client.force_authenticate(world.a.users[Role.POLICY_ADVISOR])
    url = reverse("programme-detail", args=[programme.pk])
    data = api_client.get(url).json()
    assert data["success_criteria"] == [
        {
            "id": str(programme.success_criteria.get().pk),
            "kind": "residents_reached",
            "title": "Bereikte bewoners",
            "target": "60.00",
            "recorded_value": None,
        }
    ]
    assert data["decision"] is None
    go_no_go_decide(
        milestone=go,
        outcome="go",
        rationale="Goed",
        decided_by=world.a.users[Role.POLICY_ADVISOR],
        decided_on=D(2025, 12, 15),
    )
    decision = api_client.get(url).json()["decision"]
    assert (
        decision["outcome"] == "go"
        and decision["decided_on"] == "2025-12-15"
        and decision["follow_up"] is None
    )
    assert Milestone.objects.get(pk=go.pk).outcome == "go"
