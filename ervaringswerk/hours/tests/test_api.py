"""The hours API: scoping, idempotent create, the coordinator's review actions, problem+json errors,
programmes with used hours, and hire-out statements with their lines."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from ervaringswerk.accounts.viewer import viewer_for
from ervaringswerk.audit.models import AuditAction, AuditEvent
from ervaringswerk.core.tenancy import Role
from ervaringswerk.hours.models import EntryStatus, TimeEntry
from ervaringswerk.hours.services import period_lock, time_entry_approve, time_entry_create
from ervaringswerk.pool.services import peer_worker_create

from .matrix_api import api_peer, api_programme, api_statement, last_month_weekday

TODAY = timezone.localdate()
YESTERDAY = TODAY - datetime.timedelta(days=1)


@pytest.fixture
def setup(world):
    t = world.a
    return t, api_programme(t), api_peer(t)


def problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    return response.json()


def reasons(body) -> dict:
    """Field name -> its reasons joined (a field can have several)."""
    found = {}
    for param in body.get("invalid_params", []):
        found[param["name"]] = " ".join(filter(None, [found.get(param["name"]), param["reason"]]))
    return found


def body_for(programme, **extra):
    return {
        "date": YESTERDAY.isoformat(),
        "minutes": 90,
        "work_kind": "direct_contact",
        "programme": str(programme.pk),
        "description": "Gesprek over een betalingsregeling",
        **extra,
    }


def as_user(api_client, user):
    api_client.force_authenticate(user)
    return api_client


# -- create and idempotency ------------------------------------------------------------------------


def test_peer_worker_creates_own_entry_and_a_repeat_with_the_same_key_creates_nothing(setup, api_client):
    t, programme, peer = setup
    client = as_user(api_client, t.users[Role.PEER_WORKER])
    url = reverse("time-entry-list")
    first = client.post(url, body_for(programme), format="json", HTTP_IDEMPOTENCY_KEY="formulier-42")
    assert first.status_code == 201, first.content
    created = first.json()
    assert created["peer"] == str(peer.pk) and created["status"] == "submitted"
    assert created["minutes"] == 90 and created["programme"] == str(programme.pk)
    assert isinstance(created["warnings"], list)

    again = client.post(
        url, body_for(programme, minutes=600), format="json", HTTP_IDEMPOTENCY_KEY="formulier-42"
    )
    assert again.status_code == 200
    assert again.json()["id"] == created["id"] and again.json()["minutes"] == 90
    assert TimeEntry.objects.filter(peer=peer).count() == 1

    other_key = client.post(url, body_for(programme), format="json", HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()))
    assert other_key.status_code == 201
    assert TimeEntry.objects.filter(peer=peer).count() == 2


def test_submission_key_in_the_body_also_deduplicates(setup, api_client):
    t, programme, peer = setup
    client = as_user(api_client, t.users[Role.PEER_WORKER])
    key = str(uuid.uuid4())
    url = reverse("time-entry-list")
    assert client.post(url, body_for(programme, submission_key=key), format="json").status_code == 201
    assert client.post(url, body_for(programme, submission_key=key), format="json").status_code == 200
    assert TimeEntry.objects.filter(peer=peer).count() == 1


def test_warnings_come_back_when_the_week_goes_over_the_agreed_hours(setup, api_client):
    t, programme, _peer = setup  # the peer agreed 12 hours a week
    client = as_user(api_client, t.users[Role.PEER_WORKER])
    response = client.post(reverse("time-entry-list"), body_for(programme, minutes=13 * 60), format="json")
    assert response.status_code == 201
    assert any("afgesproken 12" in w for w in response.json()["warnings"])


def test_coordinator_writes_for_a_peer_of_their_own_pool_only(setup, world, api_client):
    t, programme, peer = setup
    client = as_user(api_client, t.users[Role.COORDINATOR])
    url = reverse("time-entry-list")
    response = client.post(url, body_for(programme, peer=str(peer.pk)), format="json")
    assert response.status_code == 201
    assert TimeEntry.objects.get(pk=response.json()["id"]).created_by == t.users[Role.COORDINATOR]

    body = problem(client.post(url, body_for(programme), format="json"), 400)
    assert "Kies voor wie" in reasons(body)["peer"]
    b_peer = peer_worker_create(organisation=world.b.organisations["pool"], first_name="Bea", last_name="B")
    body = problem(client.post(url, body_for(programme, peer=str(b_peer.pk)), format="json"), 400)
    assert "eigen pool" in reasons(body)["peer"]
    assert not TimeEntry.objects.filter(peer=b_peer).exists()


def test_peer_worker_cannot_write_for_someone_else(setup, api_client):
    t, programme, _peer = setup
    colleague = peer_worker_create(organisation=t.organisations["pool"], first_name="Col", last_name="Lega")
    client = as_user(api_client, t.users[Role.PEER_WORKER])
    response = client.post(
        reverse("time-entry-list"), body_for(programme, peer=str(colleague.pk)), format="json"
    )
    body = problem(response, 403)
    assert "eigen uren" in body["detail"]
    assert not TimeEntry.objects.exists()


def test_invalid_input_is_400_problem_json_with_dutch_reasons(setup, world, api_client):
    t, programme, _peer = setup
    client = as_user(api_client, t.users[Role.PEER_WORKER])
    url = reverse("time-entry-list")
    tomorrow = (TODAY + datetime.timedelta(days=1)).isoformat()
    body = problem(client.post(url, body_for(programme, date=tomorrow), format="json"), 400)
    assert "toekomst" in reasons(body)["date"]
    body = problem(client.post(url, body_for(programme, minutes=0), format="json"), 400)
    assert "tussen 1 minuut en 24 uur" in reasons(body)["minutes"]
    body = problem(client.post(url, body_for(programme, work_kind="koffie"), format="json"), 400)
    assert reasons(body)["work_kind"] == "Kies een soort werk."
    body = problem(client.post(url, {"minutes": 30}, format="json"), 400)
    assert reasons(body)["date"] == "Dit veld is verplicht."
    b_programme = api_programme(world.b, code="BPROG")
    body = problem(client.post(url, body_for(b_programme), format="json"), 400)
    assert "andere gemeente" in reasons(body)["programme"]
    assert not TimeEntry.objects.exists()


def test_a_locked_month_and_an_exhausted_programme_refuse_the_booking(setup, api_client):
    t, _programme, peer = setup
    coordinator = viewer_for(t.users[Role.COORDINATOR])
    small = api_programme(t, code="KLEIN", hours_total=Decimal(2))
    client = as_user(api_client, t.users[Role.PEER_WORKER])
    url = reverse("time-entry-list")
    body = problem(client.post(url, body_for(small, minutes=180), format="json"), 400)
    assert "urenbudget" in reasons(body)["programme"]

    day = last_month_weekday()
    entry = time_entry_create(peer=peer, day=day, minutes=30, work_kind="other")
    time_entry_approve(entry=entry, actor=coordinator)
    period_lock(organisation=t.organisations["pool"], month=day, actor=coordinator)
    body = problem(client.post(url, {"date": day.isoformat(), "minutes": 30, "work_kind": "other"}), 400)
    assert "afgesloten" in reasons(body)["date"]


# -- reading and scoping ---------------------------------------------------------------------------


def test_peer_sees_own_entries_coordinator_the_pool_other_municipality_gets_404(setup, world, api_client):
    t, programme, peer = setup
    colleague = peer_worker_create(organisation=t.organisations["pool"], first_name="Col", last_name="Lega")
    mine = time_entry_create(peer=peer, programme=programme, day=YESTERDAY, minutes=60, work_kind="group")
    theirs = time_entry_create(peer=colleague, day=YESTERDAY, minutes=45, work_kind="travel")

    client = as_user(api_client, t.users[Role.PEER_WORKER])
    listed = client.get(reverse("time-entry-list")).json()
    assert [e["id"] for e in listed["results"]] == [str(mine.pk)]
    problem(client.get(reverse("time-entry-detail", args=[theirs.pk])), 404)
    detail = client.get(reverse("time-entry-detail", args=[mine.pk]))
    assert detail.status_code == 200 and isinstance(detail.json()["warnings"], list)

    client = as_user(api_client, t.users[Role.COORDINATOR])
    assert client.get(reverse("time-entry-list")).json()["count"] == 2
    only = client.get(reverse("time-entry-list"), {"peer": str(colleague.pk)}).json()
    assert [e["id"] for e in only["results"]] == [str(theirs.pk)]

    client = as_user(api_client, t.users[Role.TEAM_LEAD])
    problem(client.get(reverse("time-entry-list")), 403)

    client = as_user(api_client, world.b.users[Role.COORDINATOR])
    assert client.get(reverse("time-entry-list")).json()["count"] == 0
    body = problem(client.get(reverse("time-entry-detail", args=[mine.pk])), 404)
    assert "Beedorp" not in str(body) and "Aastad" not in str(body)
    problem(client.post(reverse("time-entry-approve", args=[mine.pk])), 404)


def test_list_filters_by_date_status_and_programme(setup, api_client):
    t, programme, peer = setup
    coordinator = viewer_for(t.users[Role.COORDINATOR])
    old = time_entry_create(
        peer=peer, programme=programme, day=TODAY - datetime.timedelta(days=20), minutes=60, work_kind="group"
    )
    time_entry_approve(entry=old, actor=coordinator)
    recent = time_entry_create(peer=peer, day=YESTERDAY, minutes=30, work_kind="travel")
    client = as_user(api_client, t.users[Role.PEER_WORKER])
    url = reverse("time-entry-list")

    def ids(**params):
        return [e["id"] for e in client.get(url, params).json()["results"]]

    assert ids(date_from=(TODAY - datetime.timedelta(days=5)).isoformat()) == [str(recent.pk)]
    assert ids(date_to=(TODAY - datetime.timedelta(days=5)).isoformat()) == [str(old.pk)]
    assert ids(status="approved") == [str(old.pk)]
    assert ids(status="submitted") == [str(recent.pk)]
    assert ids(programme=str(programme.pk)) == [str(old.pk)]
    assert "2026-03-24" in reasons(problem(client.get(url, {"date_from": "gisteren"}), 400))["date_from"]
    assert "status" in reasons(problem(client.get(url, {"status": "klaar"}), 400))
    assert "programme" in reasons(problem(client.get(url, {"programme": "12"}), 400))


# -- change and delete by the peer worker ----------------------------------------------------------


def test_peer_changes_and_deletes_own_open_entries_but_not_approved_ones(setup, api_client):
    t, programme, peer = setup
    coordinator = viewer_for(t.users[Role.COORDINATOR])
    entry = time_entry_create(peer=peer, programme=programme, day=YESTERDAY, minutes=60, work_kind="group")
    client = as_user(api_client, t.users[Role.PEER_WORKER])
    url = reverse("time-entry-detail", args=[entry.pk])
    response = client.patch(url, {"minutes": 75, "description": "Groep Geldcafé"}, format="json")
    assert response.status_code == 200 and response.json()["minutes"] == 75
    assert response.json()["status"] == "submitted" and isinstance(response.json()["warnings"], list)

    time_entry_approve(entry=entry, actor=coordinator)
    body = problem(client.patch(url, {"minutes": 10}, format="json"), 400)
    assert "Goedgekeurde" in str(body)
    problem(client.delete(url), 400)

    other = time_entry_create(peer=peer, day=YESTERDAY, minutes=20, work_kind="travel")
    as_user(api_client, t.users[Role.COORDINATOR])
    problem(client.patch(reverse("time-entry-detail", args=[other.pk]), {"minutes": 5}, format="json"), 403)
    as_user(api_client, t.users[Role.PEER_WORKER])
    assert client.delete(reverse("time-entry-detail", args=[other.pk])).status_code == 204
    assert not TimeEntry.objects.filter(pk=other.pk).exists()


# -- review actions --------------------------------------------------------------------------------


def test_coordinator_approves_returns_with_a_comment_and_corrects_with_a_reason(setup, api_client):
    t, programme, peer = setup
    first = time_entry_create(peer=peer, programme=programme, day=YESTERDAY, minutes=60, work_kind="group")
    second = time_entry_create(peer=peer, programme=programme, day=YESTERDAY, minutes=45, work_kind="travel")
    third = time_entry_create(peer=peer, programme=programme, day=YESTERDAY, minutes=120, work_kind="other")

    client = as_user(api_client, t.users[Role.PEER_WORKER])
    problem(client.post(reverse("time-entry-approve", args=[first.pk])), 403)

    client = as_user(api_client, t.users[Role.COORDINATOR])
    response = client.post(reverse("time-entry-approve", args=[first.pk]))
    assert response.status_code == 200 and response.json()["status"] == "approved"
    body = problem(client.post(reverse("time-entry-approve", args=[first.pk])), 409)  # as accepting twice
    assert "al beoordeeld" in str(body)

    body = problem(client.post(reverse("time-entry-return", args=[second.pk]), {}, format="json"), 400)
    assert reasons(body)["comment"] == "Schrijf erbij waarom u de uren teruggeeft."
    response = client.post(
        reverse("time-entry-return", args=[second.pk]), {"comment": "Was dit heen en terug?"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["status"] == "returned"
    assert response.json()["review_comment"] == "Was dit heen en terug?"

    body = problem(
        client.post(reverse("time-entry-correct", args=[third.pk]), {"minutes": 90}, format="json"), 400
    )
    assert reasons(body)["reason"] == "Schrijf erbij waarom u de uren corrigeert."
    response = client.post(
        reverse("time-entry-correct", args=[third.pk]),
        {"minutes": 90, "reason": "Overleg duurde anderhalf uur"},
        format="json",
    )
    assert response.status_code == 201
    replacement = response.json()
    assert replacement["corrects"] == str(third.pk) and replacement["minutes"] == 90
    assert replacement["status"] == "approved"
    assert replacement["correction_reason"] == "Overleg duurde anderhalf uur"
    original = client.get(reverse("time-entry-detail", args=[third.pk])).json()
    assert original["status"] == EntryStatus.REPLACED and original["correction"] == replacement["id"]


# -- programmes ------------------------------------------------------------------------------------


def test_programmes_show_budget_and_used_hours_to_the_parties(setup, world, api_client):
    t, programme, peer = setup
    client = as_user(api_client, t.users[Role.TEAM_LEAD])  # the team is a partner
    listed = client.get(reverse("programme-list")).json()
    row = next(p for p in listed["results"] if p["id"] == str(programme.pk))
    assert row["used_hours"] == 0 and row["budget_hours"] == "1000.0"
    assert row["rates"][0]["hourly_rate"] == "50.00"
    assert [p["name"] for p in row["partners"]] == [t.organisations["team"].name]

    time_entry_create(peer=peer, programme=programme, day=YESTERDAY, minutes=150, work_kind="group")
    detail = client.get(reverse("programme-detail", args=[programme.pk])).json()
    assert detail["used_hours"] == 2.5
    assert detail["contractor"] == str(t.organisations["pool"].pk)

    problem(as_user(api_client, t.users[Role.PEER_WORKER]).get(reverse("programme-list")), 403)
    client = as_user(api_client, world.b.users[Role.COORDINATOR])
    assert client.get(reverse("programme-list")).json()["count"] == 0
    problem(client.get(reverse("programme-detail", args=[programme.pk])), 404)


def test_a_coordinator_sees_only_programmes_their_organisation_takes_part_in(setup, api_client):
    t, programme, _peer = setup
    from ervaringswerk.organisations.models import OrganisationKind
    from ervaringswerk.organisations.services import organisation_create, programme_create

    elsewhere = organisation_create(
        municipality=t.municipality, name="Schuldhulp Elders", kind=OrganisationKind.DEBT_HELP
    )
    foreign = programme_create(
        municipality=t.municipality,
        name="Ander programma",
        code="ANDER",
        funder=t.organisations["gemeente"],
        contractor=elsewhere,
        start_date=programme.start_date,
        end_date=programme.end_date,
        hours_per_week=Decimal(8),
        hours_total=Decimal(300),
    )
    client = as_user(api_client, t.users[Role.COORDINATOR])
    ids = {p["id"] for p in client.get(reverse("programme-list")).json()["results"]}
    assert str(programme.pk) in ids and str(foreign.pk) not in ids
    problem(client.get(reverse("programme-detail", args=[foreign.pk])), 404)
    client = as_user(api_client, t.users[Role.POLICY_ADVISOR])  # the municipality sees all of its own
    ids = {p["id"] for p in client.get(reverse("programme-list")).json()["results"]}
    assert {str(programme.pk), str(foreign.pk)} <= ids


# -- hire-out statements ---------------------------------------------------------------------------


def test_statements_with_lines_for_both_parties_only(setup, world, api_client):
    t, programme, _peer = setup
    statement = api_statement(world)
    for role in (Role.COORDINATOR, Role.TEAM_LEAD):
        client = as_user(api_client, t.users[role])
        listed = client.get(reverse("hire-out-statement-list")).json()
        assert [s["id"] for s in listed["results"]] == [str(statement.pk)]
        detail = client.get(reverse("hire-out-statement-detail", args=[statement.pk])).json()
        assert detail["number"] == statement.number and detail["kind"] == "invoice"
        assert detail["total_minutes"] == 150 and detail["total_amount"] == "125.00"
        [line] = detail["lines"]
        assert (line["minutes"], line["hourly_rate"], line["amount"]) == (150, "50.00", "125.00")
        assert line["programme"] == str(programme.pk)
    client = as_user(api_client, t.users[Role.TEAM_LEAD])
    pdf = client.get(reverse("hire-out-statement-pdf", args=[statement.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF") and statement.number in pdf["Content-Disposition"]
    xlsx = client.get(reverse("hire-out-statement-xlsx", args=[statement.pk]))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"  # a zip: the xlsx container
    from io import BytesIO

    from openpyxl import load_workbook

    cells = [
        c for row in load_workbook(BytesIO(xlsx.content)).active.iter_rows(values_only=True) for c in row
    ]
    assert statement.number in cells and any(c in (125, Decimal("125.00"), 125.0) for c in cells)
    assert (
        AuditEvent.objects.filter(action=AuditAction.EXPORT, object_repr__contains=statement.number).count()
        == 2
    )
    for role in (Role.PEER_WORKER, Role.POLICY_ADVISOR):
        problem(as_user(api_client, t.users[role]).get(reverse("hire-out-statement-list")), 403)
        problem(client.get(reverse("hire-out-statement-pdf", args=[statement.pk])), 403)
    client = as_user(api_client, world.b.users[Role.COORDINATOR])
    assert client.get(reverse("hire-out-statement-list")).json()["count"] == 0
    problem(client.get(reverse("hire-out-statement-detail", args=[statement.pk])), 404)
    problem(client.get(reverse("hire-out-statement-xlsx", args=[statement.pk])), 404)


def test_the_openapi_schema_builds_with_the_hours_resources(client, db):
    response = client.get(reverse("api-schema"), {"format": "json"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    for expected in [
        "/api/v1/time-entries/",
        "/api/v1/time-entries/{id}/",
        "/api/v1/time-entries/{id}/approve/",
        "/api/v1/time-entries/{id}/return/",
        "/api/v1/time-entries/{id}/correct/",
        "/api/v1/programmes/",
        "/api/v1/programmes/{id}/",
        "/api/v1/hire-out-statements/",
        "/api/v1/hire-out-statements/{id}/",
        "/api/v1/hire-out-statements/{id}/pdf/",
        "/api/v1/hire-out-statements/{id}/xlsx/",
    ]:
        assert expected in paths


def test_listing_costs_a_fixed_number_of_queries(setup, api_client, django_assert_max_num_queries):
    t, programme, peer = setup
    for n in range(12):
        time_entry_create(
            peer=peer,
            programme=programme,
            day=TODAY - datetime.timedelta(days=1 + n),
            minutes=30,
            work_kind="group",
        )
    client = as_user(api_client, t.users[Role.COORDINATOR])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("time-entry-list"))
    assert response.json()["count"] == 12
    with django_assert_max_num_queries(12):
        assert client.get(reverse("programme-list")).json()["count"] == 1
