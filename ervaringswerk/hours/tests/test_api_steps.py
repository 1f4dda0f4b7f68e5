"""The hours steps that were page-only (issue 17, item 1): closing and reopening a month, issuing a hire-out
statement, and approving many time entries at once, through the API with the pages' services and rules.
Attacked as another role, another municipality, on a list and on a detail, and twice (409)."""

import datetime
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from ervaringswerk.accounts.viewer import viewer_for
from ervaringswerk.audit.models import AuditAction, AuditEvent
from ervaringswerk.core.tenancy import Role
from ervaringswerk.hours.models import EntryStatus, HireOutStatement, PeriodLock, PeriodReopening, TimeEntry
from ervaringswerk.hours.services import time_entry_approve, time_entry_create, time_entry_return

from .matrix_api import api_peer, api_programme, last_month_weekday

TODAY = timezone.localdate()


def _as(api_client, user):
    api_client.force_authenticate(user)
    return api_client


def _problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status and body["title"] and body["detail"]
    return body


def _names(body) -> list[str]:
    return [p["name"] for p in body.get("invalid_params", [])]


def _months_back(n: int) -> datetime.date:
    month = TODAY.replace(day=1)
    for _ in range(n):
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    return month


def _entry(t, day, *, minutes=60, partner=None, status=None):
    entry = time_entry_create(
        peer=api_peer(t),
        programme=api_programme(t),
        partner=partner,
        day=day,
        minutes=minutes,
        work_kind="direct_contact",
        submission_key=uuid.uuid4(),
    )
    coordinator = viewer_for(t.users[Role.COORDINATOR])
    if status == EntryStatus.APPROVED:
        time_entry_approve(entry=entry, actor=coordinator)
    elif status == EntryStatus.RETURNED:
        time_entry_return(entry=entry, comment="Welke dag was dit?", actor=coordinator)
    return entry


def _weekday(month: datetime.date) -> datetime.date:
    day = month
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


# -- period locks ----------------------------------------------------------------------------------


def test_the_coordinator_closes_a_month_and_twice_is_409(world, api_client):
    t = world.a
    month = _months_back(2)
    _entry(t, _weekday(month), status=EntryStatus.APPROVED)
    client = _as(api_client, t.users[Role.COORDINATOR])
    url = reverse("period-lock-list")
    created = client.post(url, {"month": f"{month:%Y-%m}"}, format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    lock = PeriodLock.objects.get(pk=body["id"])
    assert lock.organisation == t.organisations["pool"] and lock.month == month
    assert body["month"] == month.isoformat() and body["locked_by"] and body["locked_at"]
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(lock.pk)).exists()
    assert [row["id"] for row in client.get(url).json()["results"]] == [body["id"]]
    assert client.get(reverse("period-lock-detail", args=[lock.pk])).json() == body
    again = _problem(client.post(url, {"month": f"{month:%Y-%m}"}, format="json"), 409)
    assert _names(again) == ["month"] and "al afgesloten" in again["detail"]
    # The month is closed for hours written through the API too.
    write = client.post(
        reverse("time-entry-list"),
        {
            "peer": str(api_peer(t).pk),
            "date": _weekday(month).isoformat(),
            "minutes": 30,
            "work_kind": "other",
            "programme": str(api_programme(t).pk),
        },
        format="json",
    )
    assert "afgesloten" in str(_problem(write, 400)["invalid_params"])


@pytest.mark.parametrize("status", [EntryStatus.SUBMITTED, EntryStatus.RETURNED])
def test_closing_is_refused_while_hours_wait_or_were_returned_as_on_the_page(
    world, api_client, client_for, status
):
    t = world.a
    month = _months_back(2)
    _entry(t, _weekday(month), status=status)
    body = _problem(
        _as(api_client, t.users[Role.COORDINATOR]).post(
            reverse("period-lock-list"), {"month": f"{month:%Y-%m}"}, format="json"
        ),
        409,
    )
    assert _names(body) == ["month"]
    page = client_for(t.users[Role.COORDINATOR])
    response = page.post(reverse("hours:lock_create"), {"month": f"{month:%Y-%m}"}, follow=True)
    assert body["invalid_params"][0]["reason"] in response.content.decode()
    assert not PeriodLock.objects.exists()


@pytest.mark.parametrize(
    "month",
    [f"{TODAY:%Y-%m}", "2026-13", "maart", "0457-03", "2026-03-01", "", None, 202603],
)
def test_a_month_that_has_not_ended_or_is_not_a_month_is_400(world, api_client, month):
    client = _as(api_client, world.a.users[Role.COORDINATOR])
    body = _problem(client.post(reverse("period-lock-list"), {"month": month}, format="json"), 400)
    assert _names(body) == ["month"]
    assert not PeriodLock.objects.exists()


def test_unknown_fields_are_400(world, api_client):
    client = _as(api_client, world.a.users[Role.COORDINATOR])
    month = f"{_months_back(2):%Y-%m}"
    body = _problem(
        client.post(
            reverse("period-lock-list"),
            {"month": month, "organisation": str(world.b.organisations["pool"].pk)},
            format="json",
        ),
        400,
    )
    assert _names(body) == ["organisation"] and not PeriodLock.objects.exists()


def test_reopen_with_a_reason_and_the_lock_is_gone(world, api_client):
    t = world.a
    month = _months_back(2)
    client = _as(api_client, t.users[Role.COORDINATOR])
    lock_id = client.post(reverse("period-lock-list"), {"month": f"{month:%Y-%m}"}, format="json").json()[
        "id"
    ]
    url = reverse("period-lock-reopen", args=[lock_id])
    assert _names(_problem(client.post(url, {}, format="json"), 400)) == ["reason"]
    assert _names(_problem(client.post(url, {"reason": "   "}, format="json"), 400)) == ["reason"]
    response = client.post(url, {"reason": "Een vergeten consult van de 3e"}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    reopening = PeriodReopening.objects.get(pk=body["id"])
    assert reopening.reason == "Een vergeten consult van de 3e" and body["month"] == month.isoformat()
    assert not PeriodLock.objects.exists()
    assert AuditEvent.objects.filter(action=AuditAction.DELETE, object_id=lock_id).exists()
    # The lock no longer exists: reopening it again is a 404; the month can be closed again.
    _problem(client.post(url, {"reason": "nog eens"}, format="json"), 404)
    again = client.post(reverse("period-lock-list"), {"month": f"{month:%Y-%m}"}, format="json")
    assert again.status_code == 201


@pytest.mark.parametrize("role", [r for r in Role if r != Role.COORDINATOR])
def test_other_roles_cannot_close_or_reopen(world, api_client, role):
    t = world.a
    lock = PeriodLock.objects.create(
        municipality=t.municipality, organisation=t.organisations["pool"], month=_months_back(3)
    )
    client = _as(api_client, t.users[role])
    _problem(client.get(reverse("period-lock-list")), 403)
    _problem(
        client.post(reverse("period-lock-list"), {"month": f"{_months_back(2):%Y-%m}"}, format="json"), 403
    )
    _problem(client.post(reverse("period-lock-reopen", args=[lock.pk]), {"reason": "x"}, format="json"), 403)
    assert PeriodLock.objects.count() == 1


def test_another_municipality_sees_no_lock_and_closes_only_its_own(world, api_client):
    t = world.a
    lock = PeriodLock.objects.create(
        municipality=t.municipality, organisation=t.organisations["pool"], month=_months_back(3)
    )
    other = _as(api_client, world.b.users[Role.COORDINATOR])
    assert other.get(reverse("period-lock-list")).json()["count"] == 0
    _problem(other.get(reverse("period-lock-detail", args=[lock.pk])), 404)
    _problem(other.post(reverse("period-lock-reopen", args=[lock.pk]), {"reason": "x"}, format="json"), 404)
    assert PeriodLock.objects.filter(pk=lock.pk).exists()
    # The same month for B's own pool is B's lock, not A's.
    created = other.post(reverse("period-lock-list"), {"month": f"{_months_back(3):%Y-%m}"}, format="json")
    assert created.status_code == 201
    assert PeriodLock.objects.get(pk=created.json()["id"]).organisation == world.b.organisations["pool"]


# -- issuing hire-out statements -------------------------------------------------------------------


def test_the_coordinator_issues_a_statement_and_twice_is_409(world, api_client):
    t = world.a
    day = last_month_weekday()
    _entry(t, day, minutes=150, partner=t.organisations["team"], status=EntryStatus.APPROVED)
    client = _as(api_client, t.users[Role.COORDINATOR])
    data = {"partner": str(t.organisations["team"].pk), "month": f"{day:%Y-%m}"}
    response = client.post(reverse("hire-out-statement-list"), data, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    statement = HireOutStatement.objects.get(pk=body["id"])
    assert body["number"] == statement.number and body["kind"] == "invoice"
    assert body["partner"] == str(t.organisations["team"].pk) and body["total_minutes"] == 150
    assert [line["minutes"] for line in body["lines"]] == [150]
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(statement.pk)).exists()
    # Nothing changed since: 409, no second statement; the PDF of the issued one downloads.
    again = _problem(client.post(reverse("hire-out-statement-list"), data, format="json"), 409)
    assert "niets veranderd" in again["detail"] and HireOutStatement.objects.count() == 1
    pdf = client.get(reverse("hire-out-statement-pdf", args=[statement.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    # More approved hours later: the next POST is the correcting (debit) statement.
    _entry(t, day, minutes=30, partner=t.organisations["team"], status=EntryStatus.APPROVED)
    debit = client.post(reverse("hire-out-statement-list"), data, format="json").json()
    assert debit["kind"] == "debit" and debit["corrects"] == body["id"] and debit["total_minutes"] == 30


def test_issuing_is_refused_as_on_the_page(world, api_client):
    t = world.a
    client = _as(api_client, t.users[Role.COORDINATOR])
    url = reverse("hire-out-statement-list")
    day = last_month_weekday()
    team = str(t.organisations["team"].pk)
    # Nothing approved for this partner in that month: 409.
    assert (
        "geen goedgekeurde uren"
        in _problem(client.post(url, {"partner": team, "month": f"{day:%Y-%m}"}, format="json"), 409)[
            "detail"
        ]
    )
    # The month has not ended: 400 naming month; a partner of another municipality or unknown: 400 partner.
    assert _names(
        _problem(client.post(url, {"partner": team, "month": f"{TODAY:%Y-%m}"}, format="json"), 400)
    ) == ["month"]
    for partner in (str(world.b.organisations["team"].pk), str(uuid.uuid4())):
        body = _problem(client.post(url, {"partner": partner, "month": f"{day:%Y-%m}"}, format="json"), 400)
        assert _names(body) == ["partner"]
    # Its own organisation is no partner: 400 naming partner (the service's rule).
    own = str(t.organisations["pool"].pk)
    assert _names(
        _problem(client.post(url, {"partner": own, "month": f"{day:%Y-%m}"}, format="json"), 400)
    ) == ["partner"]
    assert _names(
        _problem(
            client.post(url, {"partner": team, "month": f"{day:%Y-%m}", "kind": "credit"}, format="json"), 400
        )
    ) == ["kind"]
    assert not HireOutStatement.objects.exists()


def test_hours_without_a_rate_are_409(world, api_client):
    t = world.a
    day = last_month_weekday()
    api_programme(t).rates.all().delete()
    _entry(t, day, partner=t.organisations["team"], status=EntryStatus.APPROVED)
    client = _as(api_client, t.users[Role.COORDINATOR])
    body = _problem(
        client.post(
            reverse("hire-out-statement-list"),
            {"partner": str(t.organisations["team"].pk), "month": f"{day:%Y-%m}"},
            format="json",
        ),
        409,
    )
    assert "uurtarief" in body["detail"] and not HireOutStatement.objects.exists()


@pytest.mark.parametrize("role", [r for r in Role if r != Role.COORDINATOR])
def test_only_the_pool_coordinator_issues(world, api_client, role):
    t = world.a
    day = last_month_weekday()
    _entry(t, day, partner=t.organisations["team"], status=EntryStatus.APPROVED)
    data = {"partner": str(t.organisations["team"].pk), "month": f"{day:%Y-%m}"}
    _problem(
        _as(api_client, t.users[role]).post(reverse("hire-out-statement-list"), data, format="json"), 403
    )
    # Another municipality's coordinator does not know A's partner.
    other = _as(api_client, world.b.users[Role.COORDINATOR])
    assert _names(_problem(other.post(reverse("hire-out-statement-list"), data, format="json"), 400)) == [
        "partner"
    ]
    assert not HireOutStatement.objects.exists()


# -- bulk approval ---------------------------------------------------------------------------------


def test_bulk_approval_approves_only_what_waits_in_this_queue(world, api_client):
    t = world.a
    yesterday = TODAY - datetime.timedelta(days=1)
    waiting = [_entry(t, yesterday - datetime.timedelta(days=n), minutes=30) for n in range(3)]
    approved = _entry(t, yesterday, minutes=15, status=EntryStatus.APPROVED)
    foreign = _entry(world.b, yesterday, minutes=45)
    unknown = uuid.uuid4()
    ids = [str(e.pk) for e in waiting] + [str(approved.pk), str(foreign.pk), str(unknown), str(waiting[0].pk)]
    client = _as(api_client, t.users[Role.COORDINATOR])
    response = client.post(reverse("time-entry-approve-many"), {"ids": ids}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["approved"] == [str(e.pk) for e in waiting]
    reported = {row["id"]: row["reason"] for row in body["not_approved"]}
    assert set(reported) == {str(approved.pk), str(foreign.pk), str(unknown)}
    assert "al beoordeeld" in reported[str(approved.pk)]
    # Another municipality's entry reads exactly like an unknown id (nothing leaks), and is untouched.
    assert reported[str(foreign.pk)] == reported[str(unknown)]
    foreign.refresh_from_db()
    assert foreign.status == EntryStatus.SUBMITTED
    assert set(TimeEntry.objects.filter(pk__in=[e.pk for e in waiting]).values_list("status", flat=True)) == {
        EntryStatus.APPROVED
    }
    updates = AuditEvent.objects.filter(action=AuditAction.UPDATE, object_id__in=[str(e.pk) for e in waiting])
    assert updates.count() == 3 and all("status" in event.changed_fields for event in updates)
    # Twice: nothing of the list waits any more: 409 naming each id.
    again = _problem(client.post(reverse("time-entry-approve-many"), {"ids": ids[:3]}, format="json"), 409)
    assert _names(again) == ["ids.0", "ids.1", "ids.2"]


def test_bulk_approval_input_and_other_roles(world, api_client):
    t = world.a
    entry = _entry(t, TODAY - datetime.timedelta(days=1))
    url = reverse("time-entry-approve-many")
    client = _as(api_client, t.users[Role.COORDINATOR])
    assert _names(_problem(client.post(url, {"ids": []}, format="json"), 400)) == ["ids"]
    assert _names(_problem(client.post(url, {}, format="json"), 400)) == ["ids"]
    assert _names(_problem(client.post(url, {"ids": ["x"]}, format="json"), 400)) == ["ids.0"]
    many = [str(uuid.uuid4()) for _ in range(501)]
    assert _names(_problem(client.post(url, {"ids": many}, format="json"), 400)) == ["ids"]
    assert _names(_problem(client.post(url, {"ids": [str(entry.pk)], "all": True}, format="json"), 400)) == [
        "all"
    ]
    # Only unknown ids: 400 (nothing there to conflict with).
    assert _names(_problem(client.post(url, {"ids": [str(uuid.uuid4())]}, format="json"), 400)) == ["ids"]
    for role in [r for r in Role if r != Role.COORDINATOR]:
        _problem(_as(api_client, t.users[role]).post(url, {"ids": [str(entry.pk)]}, format="json"), 403)
    other = _as(api_client, world.b.users[Role.COORDINATOR])
    _problem(other.post(url, {"ids": [str(entry.pk)]}, format="json"), 400)
    entry.refresh_from_db()
    assert entry.status == EntryStatus.SUBMITTED


def test_the_schema_has_the_new_hours_steps(client, db):
    paths = client.get(reverse("api-schema"), {"format": "json"}).json()["paths"]
    assert "post" in paths["/api/v1/time-entries/approve/"]
    assert {"get", "post"} <= set(paths["/api/v1/period-locks/"])
    assert "post" in paths["/api/v1/period-locks/{id}/reopen/"]
    assert "post" in paths["/api/v1/hire-out-statements/"]
