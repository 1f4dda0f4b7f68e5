"""Issue 17, "must show": the Helmond pilot end to end through the API alone, with personal tokens.

Only the people and organisations exist beforehand (accounts, memberships and peer workers' profiles are
made on the administrator's pages, which have no API step in this flow). Every step after that is an API
call with an `Authorization: Token` header, and the totals are asserted where they surface: the
programme's used hours, the dashboard's figures, the evaluation report's workbook.

Steps whose endpoint does not exist (yet) are left out and named in SKIPPED, so the gap stays visible.
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

SKIPPED = {
    "batch proposal sent": "the pilot offers one by one (proposals through the API:"
    " deployment/tests/test_api_proposals.py)",
    "month closed": "POST /period-locks/ needs an ended month; this pilot's hours are of the current month"
    " (closing and reopening through the API: hours/tests/test_api_steps.py)",
    "statements issued and downloaded": "POST /hire-out-statements/ needs an ended month, as above"
    " (issuing and downloading through the API: hours/tests/test_api_steps.py)",
    "learning session with facilitation hours": "an activity cannot be linked to a programme through the API",
}

TODAY = timezone.localdate()


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


def test_the_helmond_pilot_runs_through_the_api_with_tokens(
    world, settings, django_capture_on_commit_callbacks
):
    settings.EW_REPORT_RUNNER = "sync"
    t = world.a
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

    # -- 1. the programme with rates, milestones and success criteria (policy advisor)
    start = TODAY - datetime.timedelta(days=60)
    programme = ok(
        advisor.post(
            reverse("programme-list"),
            {
                "name": "Pilot ervaringswerk Helmond",
                "code": "HELMOND-PILOT",
                "funder": str(t.organisations["gemeente"].pk),
                "contractor": str(t.organisations["pool"].pk),
                "partners": [str(t.organisations["team"].pk), str(oost.pk)],
                "start_date": start.isoformat(),
                "end_date": (start + datetime.timedelta(days=364)).isoformat(),
                "hours_per_week": "24.0",
                "hours_total": "1248.0",
                "go_no_go_date": (TODAY + datetime.timedelta(days=200)).isoformat(),
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
            {"kind": "go_no_go", "title": "Go/no-go", "date": TODAY.isoformat()},
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

    # -- 2. requests from two partners
    requests = []
    for client, title in ((team_lead, "Steun bij schulden"), (oost_team, "Inloop eenzaamheid")):
        requests.append(
            ok(
                client.post(
                    reverse("deployment-request-list"),
                    {"title": title, "kind": "consultation", "hours_per_week": "2.0", "submit": True},
                    format="json",
                ),
                201,
            )
        )
    assert [r["status"] for r in requests] == ["open", "open"]

    # -- 3. offers (one by one: see SKIPPED), an accept and a decline
    first = ok(
        coordinator.post(
            reverse("offer-list"), {"request": requests[0]["id"], "peer": str(anna.pk)}, format="json"
        ),
        201,
    )
    second = ok(
        coordinator.post(
            reverse("offer-list"), {"request": requests[1]["id"], "peer": str(bram.pk)}, format="json"
        ),
        201,
    )
    assignments = [ok(peers[anna.pk].post(reverse("offer-accept", args=[first["id"]]), {}, format="json"))]
    declined = ok(
        peers[bram.pk].post(
            reverse("offer-decline", args=[second["id"]]), {"reason": "no_time"}, format="json"
        )
    )
    assert declined["status"] == "declined"
    # the request goes to the next candidate automatically: Anna, who accepts it too
    assert declined["next_offer"] is not None and declined["next_offer"]["automatic"] is True
    assignments.append(
        ok(
            peers[anna.pk].post(
                reverse("offer-accept", args=[declined["next_offer"]["id"]]), {}, format="json"
            )
        )
    )

    # -- 4. the agreement, and the assignment starts
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
        assert started["status"] == "active"

    # -- 5. hours on the programme, approved by the coordinator in one call (bulk approval)
    entry_ids = []
    minutes = [
        (assignments[0], 120, "direct_contact"),
        (assignments[0], 90, "consultation"),
        (assignments[1], 150, "group"),
    ]
    for assignment, amount, kind in minutes:
        entry = ok(
            peers[anna.pk].post(
                reverse("time-entry-list"),
                {
                    "date": TODAY.isoformat(),
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
    total_hours = sum(m for _a, m, _k in minutes) / 60  # 6.0
    assert ok(advisor.get(reverse("programme-detail", args=[pid])))["used_hours"] == total_hours

    # -- 6. trajectories and measurements on the programme
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
                    "first_contact": (TODAY - datetime.timedelta(days=20)).isoformat(),
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
                        "measured_on": TODAY.isoformat(),
                        "scores": [{"instrument": "zrm", "item": "financien", "value": score}],
                    },
                    format="json",
                ),
                201,
            )
    closed = ok(
        professional.post(
            reverse("trajectory-close", args=[trajectory["id"]]),
            {"end_date": TODAY.isoformat(), "end_reason": "goals_reached"},
            format="json",
        )
    )
    assert closed["end_reason"] == "goals_reached"

    # -- 7. the dashboard's figures: the policy advisor reads the pilot's hours exactly
    period = {"van": start.isoformat(), "tot": TODAY.isoformat(), "programma": pid}
    figures = ok(advisor.get(reverse("monitoring-dashboard"), period))
    tables = {table["key"]: table for table in figures["tables"]}
    row = next(r for r in tables["hours_by_programme"]["rows"] if r["label"] == "Pilot ervaringswerk Helmond")
    assert row["cells"][0]["value"] == total_hours and not row["cells"][0]["suppressed"]
    per_partner = {r["label"]: r["cells"][0]["value"] for r in tables["hours_by_organisation"]["rows"]}
    assert per_partner == {f"Wijkteam {t.municipality.name}": 3.5, "Buurtteam Oost": 2.5}
    # a team lead gets the small-number rule on the same figure
    lead_view = ok(team_lead.get(reverse("monitoring-dashboard"), period))
    lead_row = next(t for t in lead_view["tables"] if t["key"] == "hours_by_programme")["rows"][0]
    assert lead_row["cells"][0]["suppressed"] is True

    # -- 8. the go/no-go decision, then the evaluation report as a job
    decided = ok(
        advisor.post(
            reverse("programme-decision", args=[pid, go["id"]]),
            {"outcome": "go", "rationale": "Uren en bereik op koers", "decided_on": TODAY.isoformat()},
            format="json",
        ),
        201,
    )
    assert decided["decision"]["outcome"] == "go" and len(decided["success_criteria"]) == 2
    with django_capture_on_commit_callbacks(execute=True):
        job = ok(
            advisor.post(
                reverse("evaluation-report-list"),
                {"start": start.isoformat(), "end": TODAY.isoformat(), "programme": pid},
                format="json",
            ),
            202,
        )
    polled = ok(advisor.get(reverse("evaluation-report-detail", args=[job["id"]])))
    assert polled["status"] == "done" and polled["progress"] == 100
    pdf = advisor.get(polled["pdf_url"])
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    workbook = advisor.get(polled["xlsx_url"])
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(workbook.content))["hours_by_programme"]
    hours_row = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "Pilot ervaringswerk Helmond")
    assert hours_row[1] == total_hours
    # the pilot's hours at the rate: 6 h × € 48,50
    assert Decimal(str(total_hours)) * Decimal("48.50") == Decimal("291.00")
