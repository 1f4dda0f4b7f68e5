"""The hours demo: the Helmond pilot with a year of plausible hours, locked months with issued statements,
the Utrecht contract, and the demo logins finding real work in their hours and review queue. Idempotent."""

from collections import defaultdict
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.urls import reverse
from rest_framework.test import APIClient

from ervaringswerk.accounts.models import User
from ervaringswerk.activities.holidays import holiday_name
from ervaringswerk.activities.models import Activity, HoursStatus, SessionFacilitator
from ervaringswerk.deployment.models import Assignment
from ervaringswerk.hours.demo import PILOT_CODE, UTRECHT_CODE
from ervaringswerk.hours.models import EntryStatus, HireOutStatement, PeriodLock, TimeEntry
from ervaringswerk.hours.services import programme_used_minutes
from ervaringswerk.organisations.models import OrganisationKind, Programme

pytestmark = pytest.mark.django_db


def counts():
    return (
        TimeEntry.objects.count(),
        HireOutStatement.objects.count(),
        PeriodLock.objects.count(),
        Programme.objects.count(),
    )


def api_as(username):
    client = APIClient()
    client.force_authenticate(User.objects.get(username=username))
    return client


def test_demo_hours(settings):
    settings.DEBUG = True
    call_command("load_demo", "--quiet-logins")
    first = counts()
    call_command("load_demo", "--quiet-logins")
    assert counts() == first  # idempotent

    pilot = Programme.objects.get(code=PILOT_CODE, municipality__cbs_code="GM0794")
    assert pilot.funder.kind == OrganisationKind.MUNICIPALITY
    assert pilot.contractor.kind == OrganisationKind.WELFARE and pilot.theme == "Geldzorgen"
    assert pilot.hours_per_week == Decimal(24)
    assert 360 <= (pilot.end_date - pilot.start_date).days <= 366
    assert {p.kind for p in pilot.partners.all()} >= {
        OrganisationKind.DEBT_HELP,
        OrganisationKind.WORK_INCOME,
        OrganisationKind.NEIGHBOURHOOD_TEAM,
    }
    general = pilot.rates.filter(work_kind="").order_by("valid_from")
    assert general.count() == 2 and general[0].hourly_rate < general[1].hourly_rate  # the mid-year change
    assert pilot.rates.exclude(work_kind="").exists()  # rates per kind of work
    assert {m.kind for m in pilot.milestones.all()} >= {"learning_session", "evaluation", "go_no_go"}

    entries = TimeEntry.objects.filter(programme=pilot)
    peers = {e.peer for e in entries}
    assert len(peers) == 2 and any(p.user and p.user.username == "peer.helmond" for p in peers)
    by_status = defaultdict(int)
    for entry in entries:
        by_status[entry.status] += 1
        assert entry.date.weekday() < 5 and holiday_name(entry.date) is None
        assert pilot.start_date <= entry.date <= pilot.end_date
    assert by_status[EntryStatus.APPROVED] > 10 * by_status[EntryStatus.SUBMITTED] > 0
    assert by_status[EntryStatus.RETURNED] >= 3
    assert entries.filter(status=EntryStatus.RETURNED).exclude(review_comment="").count() >= 3
    correction = entries.get(corrects__isnull=False)
    assert correction.corrects.status == EntryStatus.REPLACED and correction.correction_reason
    used = programme_used_minutes(pilot) / 60
    assert 0.6 * float(pilot.hours_total) < used < float(pilot.hours_total)  # room left to book

    # Earlier months are closed, each with its statements; a statement adds up from its lines.
    locks = PeriodLock.objects.filter(organisation=pilot.contractor)
    assert locks.count() >= 9
    statements = HireOutStatement.objects.filter(issuer=pilot.contractor)
    assert {s.month for s in statements} == {lock.month for lock in locks}
    for statement in statements:
        lines = statement.lines.aggregate(minutes=Sum("minutes"), amount=Sum("amount"))
        assert (lines["minutes"], lines["amount"]) == (statement.total_minutes, statement.total_amount)

    # Facilitation of the walk-in and the pilot's assignments are booked on the programme.
    geldcafe = Activity.objects.get(programme=pilot, kind="walk_in")
    booked = SessionFacilitator.objects.filter(session__activity=geldcafe, hours_status=HoursStatus.BOOKED)
    assert booked.count() >= 2
    assert entries.filter(activity=geldcafe).count() == booked.count()
    assert Assignment.objects.filter(programme=pilot).exists()

    utrecht = Programme.objects.get(code=UTRECHT_CODE, municipality__cbs_code="GM0344")
    assert TimeEntry.objects.filter(programme=utrecht).count() > 50
    # Utrecht's three forms of deployment (issue 14, S2) on its contracts, and the teams' assignments
    # booked on the neighbourhood-team contract carry its form
    forms = set(
        Programme.objects.filter(municipality__cbs_code="GM0344").values_list("deployment_form", flat=True)
    )
    assert forms == {"embedded", "neighbourhood_team", "peer_run"}
    # joint support (issue 14, S4): the Utrecht recovery group is run together with the team's professional
    duo = Assignment.objects.filter(supporting_professional__isnull=False, municipality__cbs_code="GM0344")
    assert duo.filter(request__title__startswith="Herstelgroep").exists()
    booked = Assignment.objects.filter(programme=utrecht)
    assert booked.exists() and set(booked.values_list("deployment_form", flat=True)) == {"neighbourhood_team"}

    # The demo logins see real work.
    for login, status in [
        ("peer.helmond", "returned"),
        ("peer.helmond", "approved"),
        ("coordinator.helmond", "submitted"),
        ("peer.utrecht", "submitted"),
        ("coordinator.utrecht", "submitted"),
    ]:
        response = api_as(login).get(reverse("time-entry-list"), {"status": status})
        assert response.status_code == 200 and response.json()["count"] > 0, (login, status)
    statements_seen = api_as("teamlead.helmond").get(reverse("hire-out-statement-list")).json()
    assert statements_seen["count"] > 0  # the social team receives statements
