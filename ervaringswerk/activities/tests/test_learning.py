"""Learning during the pilot (issue 14.4): a learning session carries out a programme milestone (reached on
the session's date once attendance is recorded) and counts the staff of partner organisations who came, per
organisation; the evaluation report shows both."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ervaringswerk.activities import learning, services
from ervaringswerk.activities.models import ActivityKind, Frequency, StaffAttendance
from ervaringswerk.core.tenancy import Role
from ervaringswerk.hours.tests.factories import programme_for
from ervaringswerk.organisations.models import MilestoneKind
from ervaringswerk.organisations.services import milestone_add

from .factories import group, viewer

D = datetime.date


@pytest.fixture
def pilot(world):
    t = world.a
    programme = programme_for(t)
    session_milestone = milestone_add(
        programme=programme,
        kind=MilestoneKind.LEARNING_SESSION,
        title="Eerste leersessie",
        date=D(2026, 3, 1),
    )
    milestone_add(programme=programme, kind=MilestoneKind.GO_NO_GO, title="Besluit", date=D(2026, 11, 1))
    activity = group(
        world,
        title="Leersessie geldzorgen",
        kind=ActivityKind.LEARNING_SESSION,
        frequency=Frequency.ONCE,
        programme=programme,
    )
    return t, programme, session_milestone, activity.sessions.get()


def test_the_page_links_the_milestone_and_counts_staff_per_organisation(pilot, client_for):
    t, programme, milestone, session = pilot
    client = client_for(t.users[Role.COORDINATOR])
    page = client.get(reverse("activities:session_attendance", args=[session.pk])).content.decode()
    assert "Eerste leersessie" in page and ">Besluit<" not in page  # only learning/evaluation milestones
    team, funder = t.organisations["team"], t.organisations["gemeente"]
    assert f'name="staff_{team.pk}"' in page and f'name="staff_{funder.pk}"' in page
    response = client.post(
        reverse("activities:session_attendance", args=[session.pk]),
        {
            "new_participants": "4",
            "returning_participants": "0",
            "milestone": str(milestone.pk),
            f"staff_{team.pk}": "3",
            f"staff_{funder.pk}": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    session.refresh_from_db()
    milestone.refresh_from_db()
    assert session.milestone == milestone
    assert milestone.done_on == D(2026, 3, 3)  # reached on the day the session was held
    assert learning.staff_counts(session) == {str(team.pk): 3, str(funder.pk): 1}
    detail = client.get(reverse("activities:session", args=[session.pk])).content.decode()
    assert "Mijlpaal van het programma: Eerste leersessie" in detail
    assert f"{team.name}: 3" in detail
    # Saving again with the team left empty removes its count and keeps the rest.
    client.post(
        reverse("activities:session_attendance", args=[session.pk]),
        {"new_participants": "4", "milestone": str(milestone.pk), f"staff_{funder.pk}": "2"},
    )
    assert learning.staff_counts(session) == {str(funder.pk): 2}


def test_the_service_refuses_another_programmes_milestone_and_a_foreign_organisation(world, pilot):
    t, _programme, _milestone, session = pilot
    other = milestone_add(
        programme=programme_for(t, code="ANDER"),
        kind=MilestoneKind.LEARNING_SESSION,
        title="Van een ander programma",
        date=D(2026, 3, 1),
    )
    coordinator = viewer(t.users[Role.COORDINATOR])
    with pytest.raises(ValidationError) as exc:
        services.session_attendance_record(
            viewer=coordinator,
            session=session,
            new_participants=2,
            learning={"milestone": other, "staff_counts": {}},
        )
    assert "milestone" in exc.value.message_dict
    foreign = world.b.organisations["team"]
    with pytest.raises(ValidationError) as exc:
        services.session_attendance_record(
            viewer=coordinator,
            session=session,
            new_participants=2,
            learning={"milestone": None, "staff_counts": {foreign.pk: 2}},
        )
    assert "staff" in exc.value.message_dict
    assert not StaffAttendance.objects.exists()
    session.refresh_from_db()
    assert session.new_participants is None  # the refusal rolled the whole recording back


def test_a_recovery_group_has_no_milestone_or_staff_fields(world, client_for):
    session = group(world, frequency=Frequency.ONCE).sessions.get()
    page = client_for(world.a.users[Role.COORDINATOR]).get(
        reverse("activities:session_attendance", args=[session.pk])
    )
    html = page.content.decode()
    assert 'name="milestone"' not in html and 'name="staff_' not in html


def test_the_report_shows_the_milestone_with_its_session_and_the_staff_per_organisation(world, pilot):
    from ervaringswerk.monitoring.filters import Filters
    from ervaringswerk.monitoring.selectors import learning_milestones, staff_at_learning
    from ervaringswerk.monitoring.suppression import Audience

    t, programme, milestone, session = pilot
    coordinator = viewer(t.users[Role.COORDINATOR])
    services.minute_item_add(
        viewer=coordinator, session=session, kind="decision", text="Vaste inloop op dinsdag."
    )
    services.session_attendance_record(
        viewer=coordinator,
        session=session,
        new_participants=4,
        learning={"milestone": milestone, "staff_counts": {t.organisations["team"].pk: 3}},
    )
    table = learning_milestones(programme)
    ((title, cells),) = table.rows
    assert title == "Eerste leersessie"
    assert [c.display() for c in cells] == ["01-03-2026", "03-03-2026", "03-03-2026", "1"]
    filters = Filters(start=D(2026, 1, 1), end=D(2026, 12, 31), audience=Audience.FUNDER, threshold=5)
    staff = staff_at_learning(viewer(t.users[Role.POLICY_ADVISOR]), filters)
    assert [(name, [c.display() for c in cells]) for name, cells in staff.rows] == [
        (t.organisations["team"].name, ["1", "3"])
    ]
    # Another municipality's policy advisor counts nothing of it.
    assert staff_at_learning(viewer(world.b.users[Role.POLICY_ADVISOR]), filters).rows == []
