"""The report's learning moments name a session by its local date (Europe/Amsterdam): a learning session
held at 00:30 on 3 March is stored as 23:30 UTC on 2 March and was listed as 02-03-2026, a day before the
milestone it carried out was reached (found by the Helmond pilot API test, whose session starts at 00:00)."""

import datetime
import zoneinfo

from ervaringswerk.activities import services
from ervaringswerk.activities.models import ActivityKind, Frequency
from ervaringswerk.activities.tests.factories import group, viewer
from ervaringswerk.core.tenancy import Role
from ervaringswerk.hours.tests.factories import programme_for
from ervaringswerk.monitoring.selectors import learning_milestones
from ervaringswerk.organisations.models import MilestoneKind
from ervaringswerk.organisations.services import milestone_add

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")


def test_a_session_just_after_midnight_is_listed_on_its_local_date(world):
    t = world.a
    programme = programme_for(t)
    milestone = milestone_add(
        programme=programme,
        kind=MilestoneKind.LEARNING_SESSION,
        title="Nachtsessie",
        date=datetime.date(2026, 3, 1),
    )
    activity = group(
        world,
        title="Leersessie na middernacht",
        kind=ActivityKind.LEARNING_SESSION,
        frequency=Frequency.ONCE,
        start_time=datetime.time(0, 30),
        programme=programme,
    )
    session = activity.sessions.get()
    assert session.starts_at.astimezone(datetime.UTC).date() == datetime.date(2026, 3, 2)
    services.session_attendance_record(
        viewer=viewer(t.users[Role.COORDINATOR]),
        session=session,
        new_participants=3,
        learning={"milestone": milestone, "staff_counts": {}},
        now=datetime.datetime(2026, 3, 3, 12, 0, tzinfo=AMS),
    )
    ((title, cells),) = learning_milestones(programme).rows
    assert title == "Nachtsessie"
    # planned, reached (the session's local date), the session, decisions
    assert [c.display() for c in cells] == ["01-03-2026", "03-03-2026", "03-03-2026", "0"]
