"""A learning session's milestone and staff counts through the API (issue 17): the attendance call takes
what the page's attendance form takes for learning sessions and evaluations, through the same service
(`learning.learning_record`): the programme milestone the session carries out (reached on the session's
date) and the staff who came, counted per organisation. A milestone of another programme or municipality,
an organisation outside the activity and its programme, or these fields on another kind of session are a
400 naming the field; left out, they stay as they are."""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ervaringswerk.activities import learning
from ervaringswerk.activities.models import Session
from ervaringswerk.core.tenancy import Role
from ervaringswerk.core.tests.api_helpers import invalid_names as _names
from ervaringswerk.core.tests.api_helpers import problem as _problem
from ervaringswerk.hours.tests.factories import programme_for
from ervaringswerk.organisations.models import MilestoneKind
from ervaringswerk.organisations.services import milestone_add

pytestmark = pytest.mark.django_db


def _held_today(api_client, world, *, kind="learning_session", programme=None):
    """An activity of A's pool with one session today at 00:00 (begun, whatever the hour)."""
    api_client.force_authenticate(world.a.users[Role.COORDINATOR])
    created = api_client.post(
        reverse("activity-list"),
        {
            "title": "Leersessie herstel",
            "kind": kind,
            "organisers": [str(world.a.organisations["pool"].pk)],
            "frequency": "once",
            "start_date": timezone.localdate().isoformat(),
            "start_time": "00:00",
            "duration_minutes": 60,
            "skip_holidays": False,
            "programme": str(programme.pk) if programme else None,
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    return Session.objects.get(activity_id=created.json()["id"])


@pytest.fixture
def pilot(world):
    t = world.a
    today = timezone.localdate()
    programme = programme_for(
        t, code="LEER", start=today - timedelta(days=30), end=today + timedelta(days=300)
    )
    milestone = milestone_add(
        programme=programme, kind=MilestoneKind.LEARNING_SESSION, title="Eerste leersessie", date=today
    )
    return t, programme, milestone


def _attendance(api_client, session, body):
    return api_client.post(reverse("activity-session-attendance", args=[session.pk]), body, format="json")


def test_the_attendance_links_the_milestone_and_counts_staff(world, api_client, pilot):
    t, programme, milestone = pilot
    session = _held_today(api_client, world, programme=programme)
    team, funder = t.organisations["team"], t.organisations["gemeente"]
    response = _attendance(
        api_client,
        session,
        {
            "new_participants": 6,
            "milestone": str(milestone.pk),
            "staff": [
                {"organisation": str(team.pk), "people": 3},
                {"organisation": str(funder.pk), "people": 1},
            ],
        },
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "held" and body["milestone"] == str(milestone.pk)
    assert sorted((s["organisation"], s["people"]) for s in body["staff"]) == sorted(
        [(str(team.pk), 3), (str(funder.pk), 1)]
    )
    milestone.refresh_from_db()
    assert milestone.done_on == timezone.localtime(session.starts_at).date()
    assert learning.staff_counts(session) == {str(team.pk): 3, str(funder.pk): 1}
    # Saved again without them: milestone and counts stay; with an empty list the counts go.
    again = _attendance(api_client, session, {"new_participants": 7})
    assert again.json()["milestone"] == str(milestone.pk) and len(again.json()["staff"]) == 2
    cleared = _attendance(api_client, session, {"new_participants": 7, "staff": [], "milestone": None})
    assert cleared.json()["milestone"] is None and cleared.json()["staff"] == []
    assert learning.staff_counts(session) == {}
    # The session detail reads the same.
    detail = api_client.get(reverse("activity-session-detail", args=[session.pk])).json()
    assert detail["milestone"] is None and detail["staff"] == []


def test_a_wrong_milestone_or_organisation_is_a_400_naming_it(world, api_client, pilot):
    t, programme, milestone = pilot
    session = _held_today(api_client, world, programme=programme)
    go = milestone_add(programme=programme, kind=MilestoneKind.GO_NO_GO, title="Besluit", date=milestone.date)
    other = programme_for(t, code="ANDER", start=programme.start_date, end=programme.end_date)
    elsewhere = milestone_add(
        programme=other, kind=MilestoneKind.LEARNING_SESSION, title="Elders", date=milestone.date
    )
    foreign_programme = programme_for(world.b, code="B", start=programme.start_date, end=programme.end_date)
    foreign = milestone_add(
        programme=foreign_programme, kind=MilestoneKind.LEARNING_SESSION, title="B", date=milestone.date
    )
    for wrong in (go, elsewhere, foreign):
        body = _problem(_attendance(api_client, session, {"milestone": str(wrong.pk)}), 400)
        assert _names(body) == ["milestone"], wrong.title
    assert _names(_problem(_attendance(api_client, session, {"milestone": str(uuid.uuid4())}), 400)) == [
        "milestone"
    ]
    outside = world.b.organisations["team"]
    for staff in (
        [{"organisation": str(outside.pk), "people": 2}],
        [{"organisation": str(t.organisations["team"].pk), "people": 501}],
        [{"organisation": str(t.organisations["team"].pk)}],
    ):
        body = _problem(_attendance(api_client, session, {"staff": staff}), 400)
        assert _names(body)[0].startswith("staff"), body
    session.refresh_from_db()
    assert session.milestone_id is None and learning.staff_counts(session) == {}
    milestone.refresh_from_db()
    assert milestone.done_on is None


def test_not_on_other_kinds_of_session(world, api_client, pilot):
    t, programme, milestone = pilot
    session = _held_today(api_client, world, kind="recovery_group", programme=programme)
    for body in (
        {"milestone": str(milestone.pk)},
        {"staff": [{"organisation": str(t.organisations["team"].pk), "people": 1}]},
    ):
        assert _names(_problem(_attendance(api_client, session, body), 400)) == [next(iter(body))]
    session.refresh_from_db()
    assert session.status == "planned"


def test_the_schema_has_milestone_and_staff(client, db):
    schema = client.get(reverse("api-schema"), {"format": "json"}).json()["components"]["schemas"]
    assert {"milestone", "staff"} <= set(schema["AttendanceRequest"]["properties"])
    assert {"milestone", "staff"} <= set(schema["Session"]["properties"])
    # Both ids are null when there is none, and the schema says so (as the answers give them).
    assert schema["Session"]["properties"]["milestone"]["nullable"] is True
    assert schema["Activity"]["properties"]["programme"]["nullable"] is True
