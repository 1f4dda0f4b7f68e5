"""Issue 17, "must show": the Helmond pilot end to end through the API alone, with personal tokens.

Only the people and organisations exist beforehand (accounts, memberships and peer workers' profiles are
made on the administrator's pages, which have no API step in this flow). Every step after that is an API
call with an `Authorization: Token` header, and the totals are asserted where they surface: the
programme's used hours, the statements' amounts, the dashboard's figures, the evaluation report's workbook.

The requests start on the first weekday of last month and the hours are written on that day, so that the
month has ended and can be closed and invoiced; the learning session is held today (current month). All
dates are local (Europe/Amsterdam) dates taken once at the start of the test, so it passes on any day.
"""

import datetime
import io
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from ervaringswerk.accounts.services import membership_create, user_create
from ervaringswerk.core.tenancy import Role
from ervaringswerk.deployment.tests.factories import make_peer
from ervaringswerk.organisations.models import OrganisationKind
from ervaringswerk.organisations.services import organisation_create


def token_client(user) -> APIClient:
    """A token made the way an integrator makes one (signed in, POST /me/tokens/), then used alone."""
    session = APIClient()
    session.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    made = session.post(reverse("api-token-list"), {"name": "Helmond-koppeling"}, format="json")
    assert made.status_code == 201, made.content
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {made.json()['token']}")
    assert client.get(reverse("api-me")).status_code == 200
    return client


def ok(response, status=200):
    assert response.status_code == status, (response.status_code, response.content[:500])
    return response.json()


def first_weekday_of_last_month(today: datetime.date) -> datetime.date:
    day = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


def test_the_helmond_pilot_runs_through_the_api_with_tokens(
    world, settings, django_capture_on_commit_callbacks
):
    settings.EW_REPORT_RUNNER = "sync"
    today = timezone.localdate()
    worked_on = first_weekday_of_last_month(today)  # in a month that has ended
    month = f"{worked_on:%Y-%m}"
    t = world.a
    team = t.organisations["team"]
    # -- beforehand, on the pages: a second partner with its team lead, two peer workers with a login
    oost = organisation_create(
        municipality=t.municipality, name="Buurtteam Oost", kind=OrganisationKind.NEIGHBOURHOOD_TEAM
    )
    oost_lead = user_create(username="teamleider.oost", password="x-Geheim-2026!")
    membership_create(user=oost_lead, organisation=oost, role=Role.TEAM_LEAD)
    anna = make_peer(t, user=t.users[Role.PEER_WORKER], weekly_hours=16)
    bram_user = user_create(username="bram.peer", password="x-Geheim-2026!")
    membership_create(user=bram_user, organisation=t.organisations["pool"], role=Role.PEER_WORKER)
    bram = make_peer(t, user=bram_user, weekly_hours=8)

    advisor = token_client(t.users[Role.POLICY_ADVISOR])
    coordinator = token_client(t.users[Role.COORDINATOR])
    team_lead = token_client(t.users[Role.TEAM_LEAD])
    oost_team = token_client(oost_lead)
    professional = token_client(t.users[Role.PROFESSIONAL])
    peers = {anna.pk: token_client(t.users[Role.PEER_WORKER]), bram.pk: token_client(bram_user)}

    # -- 1. the programme with rates, milestones and success criteria (policy advisor); it started the
    #    month before last, so last month's hours and today's session both fall in it
    start = (worked_on - datetime.timedelta(days=1)).replace(day=1)
    programme = ok(
        advisor.post(
            reverse("programme-list"),
            {
                "name": "Pilot ervaringswerk Helmond",
                "code": "HELMOND-PILOT",
                "funder": str(t.organisations["gemeente"].pk),
                "contractor": str(t.organisations["pool"].pk),
                "partners": [str(team.pk), str(oost.pk)],
                "start_date": start.isoformat(),
                "end_date": (start + datetime.timedelta(days=364)).isoformat(),
                "hours_per_week": "24.0",
                "hours_total": "1248.0",
                "go_no_go_date": (today + datetime.timedelta(days=200)).isoformat(),
            },
            format="json",
        ),
        201,
    )
    pid = programme["id"]
    ok(
        advisor.post(
            reverse("programme-rates", args=[pid]),
            {"valid_from": start.isoformat(), "hourly_rate": "48.50"},
            format="json",
        ),
        201,
    )
    go = ok(
        advisor.post(
            reverse("programme-milestones", args=[pid]),
            {"kind": "go_no_go", "title": "Go/no-go", "date": today.isoformat()},
            format="json",
        ),
        201,
    )
    learning_milestone = ok(
        advisor.post(
            reverse("programme-milestones", args=[pid]),
            {"kind": "learning_session", "title": "Eerste leersessie", "date": today.isoformat()},
            format="json",
        ),
        201,
    )
    for kind, target in (("hours_share", "80"), ("residents_reached", "10")):
        ok(
            advisor.post(
                reverse("programme-success-criteria", args=[pid]),
                {"kind": kind, "target": target},
                format="json",
            ),
            201,
        )

    # -- 2. requests from two partners, starting on the first weekday of last month
    requests = []
    for client, title in ((team_lead, "Steun bij schulden"), (oost_team, "Inloop eenzaamheid")):
        requests.append(
            ok(
                client.post(
                    reverse("deployment-request-list"),
                    {
                        "title": title,
                        "kind": "consultation",
                        "hours_per_week": "2.0",
                        "start_date": worked_on.isoformat(),
                        "submit": True,
                    },
                    format="json",
                ),
                201,
            )
        )
    assert [r["status"] for r in requests] == ["open", "open"]

    # -- 3. a batch proposal for the pool: made, corrected (the engine gives both requests to Anna, who has
    #    the most hours free; the coordinator puts Bram on Oost's) and sent
    proposal = ok(coordinator.post(reverse("proposal-list"), {}, format="json"), 201)
    assert proposal["open_requests"] == 2 and proposal["status"] == "draft"
    wanted = {requests[0]["id"]: str(anna.pk), requests[1]["id"]: str(bram.pk)}
    assert {p["request_id"] for p in proposal["pairs"]} == set(wanted)
    corrected = [p["id"] for p in proposal["pairs"] if p["peer_id"] != wanted[p["request_id"]]]
    assert corrected, "the proposal already pairs as wanted: nothing left to correct"
    for pair_id in corrected:
        request_id = next(p["request_id"] for p in proposal["pairs"] if p["id"] == pair_id)
        proposal = ok(
            coordinator.patch(
                reverse("proposal-pair", args=[proposal["id"], pair_id]),
                {"peer": wanted[request_id]},
                format="json",
            )
        )
    assert {p["request_id"]: p["peer_id"] for p in proposal["pairs"]} == wanted
    assert {p["id"] for p in proposal["pairs"] if p["edited"]} == set(corrected)
    sent = ok(coordinator.post(reverse("proposal-send", args=[proposal["id"]])))
    assert sent["proposal"]["status"] == "sent" and sent["failed"] == [] and len(sent["sent"]) == 2
    offers = {s["request_id"]: s["offer_id"] for s in sent["sent"]}

    # -- 4. Anna accepts, Bram declines; the request goes to the next candidate automatically: Anna
    assignments = [
        ok(peers[anna.pk].post(reverse("offer-accept", args=[offers[requests[0]["id"]]]), {}, format="json"))
    ]
    declined = ok(
        peers[bram.pk].post(
            reverse("offer-decline", args=[offers[requests[1]["id"]]]), {"reason": "no_time"}, format="json"
        )
    )
    assert declined["status"] == "declined"
    assert declined["next_offer"] is not None and declined["next_offer"]["automatic"] is True
    assignments.append(
        ok(
            peers[anna.pk].post(
                reverse("offer-accept", args=[declined["next_offer"]["id"]]), {}, format="json"
            )
        )
    )

    # -- 5. the agreement, and the assignment starts on the request's start date
    for assignment, client in zip(assignments, (team_lead, oost_team), strict=True):
        agreed = ok(
            client.patch(
                reverse("assignment-agreement", args=[assignment["id"]]),
                {"tasks": "Meegaan naar gesprekken"},
                format="json",
            )
        )
        assert agreed["agreement"]["version"] == 2
        started = ok(coordinator.post(reverse("assignment-start", args=[assignment["id"]])))
        assert started["status"] == "active" and started["start_date"] == worked_on.isoformat()

    # -- 6. last month's hours on the programme, approved by the coordinator in one call (bulk approval)
    minutes = [
        (assignments[0], 120, "direct_contact"),
        (assignments[0], 90, "consultation"),
        (assignments[1], 150, "group"),
    ]
    entry_ids = []
    for assignment, amount, kind in minutes:
        entry = ok(
            peers[anna.pk].post(
                reverse("time-entry-list"),
                {
                    "date": worked_on.isoformat(),
                    "minutes": amount,
                    "work_kind": kind,
                    "assignment": assignment["id"],
                    "programme": pid,
                },
                format="json",
            ),
            201,
        )
        entry_ids.append(entry["id"])
    approved = ok(coordinator.post(reverse("time-entry-approve-many"), {"ids": entry_ids}, format="json"))
    assert approved["not_approved"] == []
    for entry_id in entry_ids:
        assert ok(coordinator.get(reverse("time-entry-detail", args=[entry_id])))["status"] == "approved"
    assert ok(advisor.get(reverse("programme-detail", args=[pid])))["used_hours"] == 6.0

    # -- 7. last month closed by the coordinator; an hour written later in that month is refused
    lock = ok(coordinator.post(reverse("period-lock-list"), {"month": month}, format="json"), 201)
    assert lock["month"] == worked_on.replace(day=1).isoformat()
    late = peers[anna.pk].post(
        reverse("time-entry-list"),
        {
            "date": worked_on.isoformat(),
            "minutes": 30,
            "work_kind": "other",
            "assignment": assignments[0]["id"],
            "programme": pid,
        },
        format="json",
    )
    assert late.status_code == 400 and late["Content-Type"].startswith("application/problem+json")
    [refusal] = late.json()["invalid_params"]
    assert refusal["name"] == "date" and "is afgesloten" in refusal["reason"], late.content

    # -- 8. a hire-out statement per partner for last month, issued by the coordinator; each partner's team
    #    lead finds only its own and downloads it as PDF and as workbook
    from openpyxl import load_workbook

    billed = Decimal("0")
    per_partner_lines = {
        team: [("consultation", 90, "72.75"), ("direct_contact", 120, "97.00")],
        oost: [("group", 150, "121.25")],
    }
    statements = {}
    for partner, expected_minutes, expected_amount in ((team, 210, "169.75"), (oost, 150, "121.25")):
        statement = ok(
            coordinator.post(
                reverse("hire-out-statement-list"),
                {"partner": str(partner.pk), "month": month},
                format="json",
            ),
            201,
        )
        assert statement["kind"] == "invoice" and statement["partner"] == str(partner.pk)
        assert statement["total_minutes"] == expected_minutes
        assert Decimal(statement["total_amount"]) == Decimal(expected_amount)
        lines = sorted(
            (line["work_kind"], line["minutes"], Decimal(line["hourly_rate"]), Decimal(line["amount"]))
            for line in statement["lines"]
        )
        assert lines == [
            (kind, amount, Decimal("48.50"), Decimal(euros))
            for kind, amount, euros in per_partner_lines[partner]
        ]
        assert all(line["programme"] == pid and line["peer"] == str(anna.pk) for line in statement["lines"])
        billed += Decimal(statement["total_amount"])
        statements[partner] = statement
    for partner, client, other in ((team, team_lead, oost), (oost, oost_team, team)):
        statement = statements[partner]
        [listed] = ok(client.get(reverse("hire-out-statement-list")))["results"]
        assert listed["id"] == statement["id"] and listed["total_amount"] == statement["total_amount"]
        assert (
            client.get(reverse("hire-out-statement-pdf", args=[statements[other]["id"]])).status_code == 404
        )
        pdf = client.get(reverse("hire-out-statement-pdf", args=[statement["id"]]))
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
        xlsx = client.get(reverse("hire-out-statement-xlsx", args=[statement["id"]]))
        assert xlsx.status_code == 200
        rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
        assert rows[0][1] == statement["number"]
        [total] = [r for r in rows if r[0] == "Totaal"]
        assert total[3] == statement["total_minutes"]
        assert Decimal(str(total[6])) == Decimal(statement["total_amount"])
    # the pilot's billed hours at the rate: 6 h × € 48,50
    assert billed == Decimal("291.00") == Decimal(6) * Decimal("48.50")

    # -- 9. a learning session on the programme, held today, with Anna facilitating: it carries out the
    #    programme's learning milestone, counts the partners' staff who came and records a decision; Anna's
    #    90 + 30 minutes are booked on the programme and approved with the bulk call
    held_on = timezone.localdate()  # read again: the test may have started just before midnight
    activity = ok(
        coordinator.post(
            reverse("activity-list"),
            {
                "title": "Leersessie herstelgericht werken",
                "kind": "learning_session",
                "organisers": [str(t.organisations["pool"].pk)],
                "peer_facilitators": [str(anna.pk)],
                "frequency": "once",
                "start_date": held_on.isoformat(),
                "start_time": "00:00",  # started already, whatever the time the test runs
                "duration_minutes": 90,
                "extra_minutes": 30,
                "skip_holidays": False,
                "programme": pid,
            },
            format="json",
        ),
        201,
    )
    assert activity["programme"] == pid
    [session] = ok(coordinator.get(reverse("activity-session-list"), {"activity": activity["id"]}))["results"]
    held = ok(
        coordinator.post(
            reverse("activity-session-attendance", args=[session["id"]]),
            {
                "new_participants": 9,
                "returning_participants": 3,
                "milestone": learning_milestone["id"],
                "staff": [
                    {"organisation": str(team.pk), "people": 3},
                    {"organisation": str(oost.pk), "people": 2},
                ],
            },
            format="json",
        )
    )
    assert held["status"] == "held" and held["milestone"] == learning_milestone["id"]
    assert {s["organisation"]: s["people"] for s in held["staff"]} == {str(team.pk): 3, str(oost.pk): 2}
    ok(
        coordinator.post(
            reverse("activity-session-minutes", args=[session["id"]]),
            {"kind": "decision", "text": "Elke partner stuurt twee collega's naar de volgende sessie."},
            format="json",
        ),
        201,
    )
    milestones = ok(advisor.get(reverse("programme-detail", args=[pid])))["milestones"]
    reached = next(m for m in milestones if m["id"] == learning_milestone["id"])
    assert reached["done_on"] == held_on.isoformat()
    waiting = ok(
        coordinator.get(
            reverse("time-entry-list"),
            {"programme": pid, "status": "submitted", "date_from": held_on.isoformat()},
        )
    )["results"]
    assert [(e["activity"], e["minutes"], e["work_kind"], e["date"]) for e in waiting] == [
        (activity["id"], 120, "training_given", held_on.isoformat())
    ]
    approved = ok(
        coordinator.post(reverse("time-entry-approve-many"), {"ids": [waiting[0]["id"]]}, format="json")
    )
    assert approved["not_approved"] == []
    total_hours = 8.0  # 6 h for the partners last month, 2 h facilitation today
    assert ok(advisor.get(reverse("programme-detail", args=[pid])))["used_hours"] == total_hours

    # -- 10. trajectories and measurements on the programme
    for code in ("HM-AB2CD", "HM-EF3GH"):
        trajectory = ok(
            professional.post(
                reverse("trajectory-list"),
                {
                    "code": code,
                    "age_band": "41-55",
                    "peer_worker": str(anna.pk),
                    "programme": pid,
                    "neighbourhood": str(t.neighbourhoods[0].pk),
                    "first_contact": (today - datetime.timedelta(days=20)).isoformat(),
                },
                format="json",
            ),
            201,
        )
        for moment, score in (("intake", 2), ("end", 4)):
            ok(
                professional.post(
                    reverse("measurement-list"),
                    {
                        "trajectory": trajectory["id"],
                        "moment": moment,
                        "measured_on": today.isoformat(),
                        "scores": [{"instrument": "zrm", "item": "financien", "value": score}],
                    },
                    format="json",
                ),
                201,
            )
    closed = ok(
        professional.post(
            reverse("trajectory-close", args=[trajectory["id"]]),
            {"end_date": today.isoformat(), "end_reason": "goals_reached"},
            format="json",
        )
    )
    assert closed["end_reason"] == "goals_reached"

    # -- 11. the dashboard's figures: the policy advisor reads the pilot's hours exactly
    until = timezone.localdate()  # the test may have run past midnight
    period = {"van": start.isoformat(), "tot": until.isoformat(), "programma": pid}
    figures = ok(advisor.get(reverse("monitoring-dashboard"), period))
    tables = {table["key"]: table for table in figures["tables"]}
    row = next(r for r in tables["hours_by_programme"]["rows"] if r["label"] == "Pilot ervaringswerk Helmond")
    assert row["cells"][0]["value"] == total_hours and not row["cells"][0]["suppressed"]
    per_partner = {r["label"]: r["cells"][0]["value"] for r in tables["hours_by_organisation"]["rows"]}
    # the partners' hours of last month, and the facilitation hours on the pool itself (no partner)
    assert per_partner == {team.name: 3.5, oost.name: 2.5, t.organisations["pool"].name: 2.0}
    # a team lead gets the small-number rule on the same figure
    lead_view = ok(team_lead.get(reverse("monitoring-dashboard"), period))
    lead_row = next(t for t in lead_view["tables"] if t["key"] == "hours_by_programme")["rows"][0]
    assert lead_row["cells"][0]["suppressed"] is True

    # -- 12. the go/no-go decision, then the evaluation report as a job
    decided = ok(
        advisor.post(
            reverse("programme-decision", args=[pid, go["id"]]),
            {"outcome": "go", "rationale": "Uren en bereik op koers", "decided_on": today.isoformat()},
            format="json",
        ),
        201,
    )
    assert decided["decision"]["outcome"] == "go" and len(decided["success_criteria"]) == 2
    with django_capture_on_commit_callbacks(execute=True):
        job = ok(
            advisor.post(
                reverse("evaluation-report-list"),
                {"start": start.isoformat(), "end": until.isoformat(), "programme": pid},
                format="json",
            ),
            202,
        )
    polled = ok(advisor.get(reverse("evaluation-report-detail", args=[job["id"]])))
    assert polled["status"] == "done" and polled["progress"] == 100
    pdf = advisor.get(polled["pdf_url"])
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    workbook = advisor.get(polled["xlsx_url"])
    report = load_workbook(io.BytesIO(workbook.content))
    sheet = report["hours_by_programme"]
    hours_row = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "Pilot ervaringswerk Helmond")
    assert hours_row[1] == total_hours
    # the learning moment: planned, reached and held on its local dates, one decision; the staff per partner
    learned = next(
        r for r in report["learning_milestones"].iter_rows(values_only=True) if r[0] == "Eerste leersessie"
    )
    assert list(learned[1:5]) == [f"{today:%d-%m-%Y}", f"{held_on:%d-%m-%Y}", f"{held_on:%d-%m-%Y}", 1]
    staff = {r[0]: r[1:3] for r in report["staff_at_learning"].iter_rows(min_row=3, values_only=True) if r[0]}
    assert staff == {team.name: (1, 3), oost.name: (1, 2)}
    # the programme's 8 h at its rate come to € 388,00; only the partners' 6 h are billed (€ 291,00 above),
    # the facilitation hours have no partner to bill (no endpoint reports a programme's money)
    assert Decimal(str(hours_row[1])) * Decimal("48.50") == Decimal("388.00")
