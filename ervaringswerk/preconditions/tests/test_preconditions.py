import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ervaringswerk.accounts.viewer import viewer_for
from ervaringswerk.core.tenancy import Role
from ervaringswerk.preconditions.models import Action, Assessment
from ervaringswerk.preconditions.services import action_complete, action_create, assessment_create

from .factories import make_action, make_assessment


def test_self_assessment_on_the_page_and_history_shows_progress(world, client_for):
    client = client_for(world.a.users[Role.TEAM_LEAD])
    team = world.a.organisations["team"]
    url = reverse("preconditions:assessment_create", args=[team.pk])
    bad = client.post(url, {"assessed_on": "2026-01-15", "supervision__explanation": "Nog niets geregeld"})
    assert bad.status_code == 200
    assert "Geef minstens één randvoorwaarde een score" in bad.content.decode()
    assert "Nog niets geregeld" in bad.content.decode()
    ok = client.post(
        url,
        {
            "assessed_on": "2026-01-15",
            "supervision__score": "2",
            "supervision__explanation": "Nog niets geregeld",
            "supervision__evidence": "MT-verslag",
            "management_support__score": "3",
        },
    )
    assert ok.status_code == 302
    make_assessment(world, on=datetime.date(2026, 6, 15), scores={"supervision": 4, "management_support": 3})
    page = client.get(reverse("preconditions:organisation", args=[team.pk]))
    assert page.status_code == 200
    matrix = {label: (scores, change) for label, scores, change in page.context["matrix"]}
    assert matrix["Supervisie en intervisie"] == ([2, 4], 2)
    assert matrix["Steun van het management"] == ([3, 3], 0)
    assert "<svg" in page.content.decode()
    first = Assessment.objects.order_by("assessed_on").first()
    assert {i.precondition: (i.score, i.evidence) for i in first.items.all()}["supervision"] == (
        2,
        "MT-verslag",
    )


def test_scores_and_dates_are_validated(world):
    viewer = viewer_for(world.a.users[Role.TEAM_LEAD])
    team = world.a.organisations["team"]
    for items in ({"supervision": {"score": 6}}, {"nonsense": {"score": 3}}, {}):
        with pytest.raises(ValidationError):
            assessment_create(
                viewer=viewer, organisation=team, assessed_on=datetime.date(2026, 1, 1), items=items
            )
    with pytest.raises(ValidationError):
        assessment_create(
            viewer=viewer,
            organisation=team,
            assessed_on=datetime.date(2999, 1, 1),
            items={"supervision": {"score": 3}},
        )


def test_actions_with_owner_and_date_and_completion(world, client_for):
    client = client_for(world.a.users[Role.TEAM_LEAD])
    team = world.a.organisations["team"]
    bad = client.post(
        reverse("preconditions:action_create", args=[team.pk]),
        {"precondition": "supervision", "description": "Intervisie plannen", "owner": ""},
    )
    assert bad.status_code == 200 and "Intervisie plannen" in bad.content.decode()
    ok = client.post(
        reverse("preconditions:action_create", args=[team.pk]),
        {
            "precondition": "supervision",
            "description": "Intervisie plannen",
            "owner": "Teamleider",
            "due_date": "2026-05-01",
        },
    )
    assert ok.status_code == 302
    action = Action.objects.get()
    done = client.post(reverse("preconditions:action_complete", args=[action.pk]))
    assert done.status_code == 302
    action.refresh_from_db()
    assert action.status == "done" and action.completed_on is not None
    with pytest.raises(ValidationError):
        action_complete(viewer=viewer_for(world.a.users[Role.TEAM_LEAD]), action=action)


def test_action_for_a_foreign_assessment_is_refused(world):
    other = make_assessment(world, tenant="b")
    with pytest.raises(ValidationError):
        action_create(
            viewer=viewer_for(world.a.users[Role.TEAM_LEAD]),
            organisation=world.a.organisations["team"],
            precondition="supervision",
            description="x",
            owner="y",
            due_date=datetime.date(2026, 1, 1),
            assessment=other,
        )


def test_policy_advisor_reads_every_organisation_but_cannot_assess(world, client_for, api_client):
    make_assessment(world)
    make_action(world)
    client = client_for(world.a.users[Role.POLICY_ADVISOR])
    page = client.get(reverse("preconditions:overview")).content.decode()
    assert "Wijkteam Aastad" in page and "Welzijn Aastad" in page and "Beedorp" not in page
    team = world.a.organisations["team"]
    assert client.get(reverse("preconditions:assessment_create", args=[team.pk])).status_code == 403
    assert (
        client.post(reverse("preconditions:action_complete", args=[Action.objects.get().pk])).status_code
        == 403
    )
    api_client.force_authenticate(world.a.users[Role.POLICY_ADVISOR])
    assert api_client.get(reverse("precondition-assessment-list")).json()["count"] == 1
    api_client.force_authenticate(world.b.users[Role.POLICY_ADVISOR])
    assert api_client.get(reverse("precondition-assessment-list")).json()["count"] == 0


def test_coordinator_cannot_complete_another_organisations_action(world, client_for):
    action = make_action(world)
    client = client_for(world.a.users[Role.COORDINATOR])
    assert client.post(reverse("preconditions:action_complete", args=[action.pk])).status_code == 404
    action.refresh_from_db()
    assert action.status == "open"
