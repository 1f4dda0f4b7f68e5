"""Programme writes through the API (issue 17.1): create, change, rates, milestones, success criteria and the
go/no-go decision, with the pages' services and rules; attacked by other roles and another municipality."""

import datetime
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from ervaringswerk.audit.models import AuditAction, AuditEvent
from ervaringswerk.core.tenancy import Role
from ervaringswerk.organisations.models import Programme
from ervaringswerk.organisations.services import milestone_add

from .matrix_api import api_programme
from .test_api import as_user, problem, reasons

TODAY = timezone.localdate()


def body(t, **extra):
    return {
        "name": "Pilot Helmond",
        "code": "PILOT-2027",
        "theme": "Eenzaamheid",
        "funder": str(t.organisations["gemeente"].pk),
        "contractor": str(t.organisations["pool"].pk),
        "partners": [str(t.organisations["team"].pk)],
        "start_date": TODAY.replace(day=1).isoformat(),
        "end_date": (TODAY + datetime.timedelta(days=365)).isoformat(),
        "hours_per_week": "24.0",
        "hours_total": "1248.0",
        "go_no_go_date": (TODAY + datetime.timedelta(days=300)).isoformat(),
        **extra,
    }


URL = reverse("programme-list")


def test_policy_advisor_creates_a_programme_that_is_audited_and_read_back(world, api_client):
    t = world.a
    client = as_user(api_client, t.users[Role.POLICY_ADVISOR])
    response = client.post(URL, body(t), format="json")
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["code"] == "PILOT-2027" and created["budget_hours"] == "1248.0"
    assert [p["name"] for p in created["partners"]] == [t.organisations["team"].name]
    assert created["success_criteria"] == [] and created["decision"] is None
    programme = Programme.objects.get(pk=created["id"])
    assert programme.municipality == t.municipality
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(programme.pk)).exists()
    assert client.get(reverse("programme-detail", args=[programme.pk])).json()["id"] == created["id"]


def test_create_refuses_what_the_page_refuses_with_the_field_named(world, api_client):
    t = world.a
    client = as_user(api_client, t.users[Role.POLICY_ADVISOR])
    later = (TODAY + datetime.timedelta(days=900)).isoformat()
    assert "go_no_go_date" in reasons(
        problem(client.post(URL, body(t, go_no_go_date=later), format="json"), 400)
    )
    before = (TODAY - datetime.timedelta(days=30)).isoformat()
    assert "end_date" in reasons(problem(client.post(URL, body(t, end_date=before), format="json"), 400))
    own = body(t, partners=[str(t.organisations["pool"].pk)])
    assert "bij zichzelf" in reasons(problem(client.post(URL, own, format="json"), 400))["partners"]
    assert "bonus" in reasons(problem(client.post(URL, body(t, bonus=1), format="json"), 400))
    assert "code" in reasons(problem(client.post(URL, body(t, code="met spatie"), format="json"), 400))
    # another municipality's organisation is an unknown choice, never a leak
    foreign = body(t, funder=str(world.b.organisations["gemeente"].pk))
    assert "funder" in reasons(problem(client.post(URL, foreign, format="json"), 400))
    assert "partners" in reasons(
        problem(client.post(URL, body(t, partners=[str(uuid.uuid4())]), format="json"), 400)
    )
    assert not Programme.objects.filter(code="PILOT-2027").exists()


def test_a_coordinator_creates_only_programmes_their_organisation_carries_out(world, api_client):
    t = world.a
    client = as_user(api_client, t.users[Role.COORDINATOR])
    other = body(t, contractor=str(t.organisations["team"].pk), partners=[])
    assert "contractor" in reasons(problem(client.post(URL, other, format="json"), 400))
    assert client.post(URL, body(t), format="json").status_code == 201


@pytest.mark.parametrize("role", [Role.TEAM_LEAD, Role.PROFESSIONAL, Role.PEER_WORKER])
def test_other_roles_cannot_create(world, api_client, role):
    t = world.a
    problem(as_user(api_client, t.users[role]).post(URL, body(t), format="json"), 403)
    assert not Programme.objects.filter(code="PILOT-2027").exists()


def test_change_rates_and_milestones_as_the_pages_allow(world, api_client):
    t = world.a
    programme = api_programme(t)
    detail = reverse("programme-detail", args=[programme.pk])
    coordinator = as_user(api_client, t.users[Role.COORDINATOR])  # of the contractor
    changed = coordinator.patch(detail, {"hours_per_week": "30.0", "status": "closed"}, format="json")
    assert changed.status_code == 200, changed.content
    assert changed.json()["hours_per_week"] == "30.0" and changed.json()["status"] == "closed"
    assert "status" in reasons(problem(coordinator.patch(detail, {"status": "weg"}, format="json"), 400))
    assert "id" not in reasons(problem(coordinator.patch(detail, {"xyz": 1}, format="json"), 400))
    assert coordinator.put(detail, {}, format="json").status_code == 405

    rates = reverse("programme-rates", args=[programme.pk])
    rate = {"work_kind": "group", "valid_from": programme.start_date.isoformat(), "hourly_rate": "48.50"}
    created = coordinator.post(rates, rate, format="json")
    assert created.status_code == 201 and created.json()["hourly_rate"] == "48.50"
    overlap = problem(coordinator.post(rates, rate, format="json"), 400)
    assert "al een tarief" in overlap["invalid_params"][0]["reason"]
    assert "work_kind" in reasons(
        problem(coordinator.post(rates, {**rate, "work_kind": "x"}, format="json"), 400)
    )

    milestones = reverse("programme-milestones", args=[programme.pk])
    made = coordinator.post(
        milestones,
        {"kind": "learning_session", "title": "Leersessie 1", "date": TODAY.isoformat()},
        format="json",
    )
    assert made.status_code == 201 and made.json()["done_on"] is None
    done = reverse("programme-milestone-done", args=[programme.pk, made.json()["id"]])
    assert coordinator.post(done).json()["done_on"] == TODAY.isoformat()
    problem(coordinator.post(done), 409)
    problem(coordinator.post(reverse("programme-milestone-done", args=[programme.pk, uuid.uuid4()])), 404)
    read = coordinator.get(detail).json()
    assert [m["title"] for m in read["milestones"]] == ["Leersessie 1"]
    assert {r["work_kind"] for r in read["rates"]} >= {"group"}


def test_a_partner_reads_but_cannot_change_and_another_municipality_gets_404(world, api_client):
    t = world.a
    programme = api_programme(t)
    detail = reverse("programme-detail", args=[programme.pk])
    team_lead = as_user(api_client, t.users[Role.TEAM_LEAD])  # of the partner organisation
    assert team_lead.get(detail).status_code == 200
    problem(team_lead.patch(detail, {"hours_per_week": "1.0"}, format="json"), 403)
    problem(team_lead.post(reverse("programme-rates", args=[programme.pk]), {}, format="json"), 403)
    other = as_user(api_client, world.b.users[Role.POLICY_ADVISOR])
    problem(other.patch(detail, {"hours_per_week": "1.0"}, format="json"), 404)
    problem(other.post(reverse("programme-success-criteria", args=[programme.pk]), {}, format="json"), 404)
    programme.refresh_from_db()
    assert programme.hours_per_week != 1


def test_success_criteria_and_the_decision_are_the_municipalitys(world, api_client):
    t = world.a
    programme = api_programme(t)
    go = milestone_add(programme=programme, kind="go_no_go", title="Go/no-go", date=TODAY)
    learning = milestone_add(programme=programme, kind="learning_session", title="Leren", date=TODAY)
    criteria = reverse("programme-success-criteria", args=[programme.pk])
    decision = reverse("programme-decision", args=[programme.pk, go.pk])
    coordinator = as_user(api_client, t.users[Role.COORDINATOR])
    problem(coordinator.post(criteria, {"kind": "hours_share", "target": "80"}, format="json"), 403)
    problem(coordinator.post(decision, {"outcome": "go"}, format="json"), 403)

    advisor = as_user(api_client, t.users[Role.POLICY_ADVISOR])
    made = advisor.post(criteria, {"kind": "hours_share", "target": "80"}, format="json")
    assert made.status_code == 201 and made.json()["target"] == "80.00"
    again = problem(advisor.post(criteria, {"kind": "hours_share", "target": "90"}, format="json"), 400)
    assert reasons(again)["kind"] == "Dit criterium staat al bij het programma."
    assert "title" in reasons(
        problem(advisor.post(criteria, {"kind": "free", "target": "2"}, format="json"), 400)
    )
    score = problem(advisor.post(criteria, {"kind": "experience_score", "target": "7"}, format="json"), 400)
    assert reasons(score)["target"] == "Een ervaringsscore ligt tussen 1 en 5."
    judgement = advisor.post(criteria, {"kind": "partner_judgement", "target": "7"}, format="json").json()
    value = reverse("programme-success-criterion-value", args=[programme.pk, judgement["id"]])
    recorded = advisor.post(value, {"recorded_value": "8", "recorded_note": "Vier partners"}, format="json")
    assert recorded.status_code == 200 and recorded.json()["recorded_value"] == "8.00"
    measured = reverse("programme-success-criterion-value", args=[programme.pk, made.json()["id"]])
    problem(advisor.post(measured, {"recorded_value": "8"}, format="json"), 400)

    wanted = {"outcome": "go_with_conditions", "rationale": "Doelen gehaald", "decided_on": TODAY.isoformat()}
    assert "conditions" in reasons(problem(advisor.post(decision, wanted, format="json"), 400))
    future = {**wanted, "conditions": "x", "decided_on": (TODAY + datetime.timedelta(days=1)).isoformat()}
    assert "decided_on" in reasons(problem(advisor.post(decision, future, format="json"), 400))
    on_learning = reverse("programme-decision", args=[programme.pk, learning.pk])
    problem(advisor.post(on_learning, {**wanted, "conditions": "x"}, format="json"), 404)
    answer = advisor.post(decision, {**wanted, "conditions": "Twee partners"}, format="json")
    assert answer.status_code == 201, answer.content
    decided = answer.json()["decision"]
    assert decided["outcome"] == "go_with_conditions" and decided["conditions"] == "Twee partners"
    assert decided["milestone"] == str(go.pk) and decided["decided_on"] == TODAY.isoformat()
    problem(advisor.post(decision, {**wanted, "conditions": "y"}, format="json"), 409)
    read = advisor.get(reverse("programme-detail", args=[programme.pk])).json()
    assert {c["kind"] for c in read["success_criteria"]} == {"hours_share", "partner_judgement"}
    assert read["decision"]["rationale"] == "Doelen gehaald"
    # a partner's team lead reads the decision but cannot take it
    team_lead = as_user(api_client, t.users[Role.TEAM_LEAD])
    assert team_lead.get(reverse("programme-detail", args=[programme.pk])).json()["decision"]["outcome"]
    problem(team_lead.post(criteria, {"kind": "free", "title": "x", "target": "1"}, format="json"), 403)


def test_the_schema_documents_every_programme_write(client, db):
    paths = client.get(reverse("api-schema"), {"format": "json"}).json()["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/programmes/"])
    assert {"get", "patch"} <= set(paths["/api/v1/programmes/{id}/"]) and "put" not in paths[
        "/api/v1/programmes/{id}/"
    ]
    for path in [
        "/api/v1/programmes/{id}/rates/",
        "/api/v1/programmes/{id}/milestones/",
        "/api/v1/programmes/{id}/milestones/{milestone_pk}/done/",
        "/api/v1/programmes/{id}/milestones/{milestone_pk}/decision/",
        "/api/v1/programmes/{id}/success-criteria/",
        "/api/v1/programmes/{id}/success-criteria/{criterion_pk}/value/",
    ]:
        assert set(paths[path]) == {"post"}, path


def test_after_a_go_the_follow_up_is_created_once_with_an_agreement_per_partner(world, api_client):
    t = world.a
    programme = api_programme(t)
    go = milestone_add(programme=programme, kind="go_no_go", title="Go/no-go", date=TODAY)
    follow = reverse("programme-follow-up", args=[programme.pk, go.pk])
    start = programme.end_date + datetime.timedelta(days=1)
    wanted = {
        "name": "Vervolg",
        "code": "API-VERVOLG",
        "start_date": start.isoformat(),
        "end_date": (start + datetime.timedelta(days=364)).isoformat(),
        "hours_per_week": "24.0",
        "hours_total": "1248.0",
        "agreements": [
            {"partner": str(t.organisations["team"].pk), "hours_per_week": "8.0", "hourly_rate": "48.50"}
        ],
    }
    advisor = as_user(api_client, t.users[Role.POLICY_ADVISOR])
    problem(advisor.post(follow, wanted, format="json"), 409)  # no decision yet
    decision = reverse("programme-decision", args=[programme.pk, go.pk])
    go_body = {"outcome": "go", "rationale": "Op koers", "decided_on": TODAY.isoformat()}
    assert advisor.post(decision, go_body, format="json").status_code == 201
    not_partner = {
        **wanted,
        "agreements": [{**wanted["agreements"][0], "partner": str(t.organisations["pool"].pk)}],
    }
    refused = problem(advisor.post(follow, not_partner, format="json"), 400)
    assert "partner van het programma" in " ".join(p["reason"] for p in refused["invalid_params"])
    problem(as_user(api_client, t.users[Role.COORDINATOR]).post(follow, wanted, format="json"), 403)
    advisor = as_user(api_client, t.users[Role.POLICY_ADVISOR])
    made = advisor.post(follow, wanted, format="json")
    assert made.status_code == 201, made.content
    new = made.json()
    assert new["code"] == "API-VERVOLG" and [p["name"] for p in new["partners"]] == [
        t.organisations["team"].name
    ]
    assert [r["hourly_rate"] for r in new["rates"]] == ["50.00"]  # the rate in force carries over
    assert Programme.objects.get(pk=new["id"]).hire_out_agreements.get().hours_per_week == 8
    read = advisor.get(reverse("programme-detail", args=[programme.pk])).json()
    assert read["decision"]["follow_up"] == new["id"]
    problem(advisor.post(follow, {**wanted, "code": "API-TWEE"}, format="json"), 409)
