"""Facilitation time becomes hours on the activity's programme: once per peer facilitator, with the kind of
work following the kind of activity; a refusal by the hours rules leaves the session recorded with the
reason, and facilitation_book_pending books it when the rules allow."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ervaringswerk.activities import services
from ervaringswerk.activities.models import ActivityKind, HoursStatus
from ervaringswerk.core.tenancy import Role
from ervaringswerk.hours.models import TimeEntry
from ervaringswerk.hours.services import period_lock, programme_used_minutes
from ervaringswerk.hours.tests.factories import programme_for
from ervaringswerk.organisations.models import OrganisationKind
from ervaringswerk.organisations.services import organisation_create, programme_create, programme_update

from .factories import group, own_peer, peer_for, viewer


@pytest.fixture
def setup(world):
    t = world.a
    programme = programme_for(t)
    peers = [own_peer(world), peer_for(world, first="Fenna")]
    return world, programme, peers


def hold(session, by):
    services.session_attendance_record(
        viewer=viewer(by), session=session, new_participants=3, returning_participants=5, now=session.ends_at
    )


def test_holding_a_session_books_one_entry_per_peer_facilitator_once(setup):
    world, programme, peers = setup
    t = world.a
    activity = group(
        world,
        peer_facilitators=peers,
        user_facilitators=[t.users[Role.PROFESSIONAL]],
        extra_minutes=30,
        programme=programme,
    )
    session = activity.sessions.order_by("starts_at").first()
    hold(session, t.users[Role.COORDINATOR])

    entries = TimeEntry.objects.filter(activity=activity)
    assert sorted(e.peer_id for e in entries) == sorted(p.pk for p in peers)
    assert {(e.minutes, e.work_kind, e.programme_id, e.date) for e in entries} == {
        (150, "group", programme.pk, date(2026, 3, 3))
    }
    assert programme_used_minutes(programme) == 300
    for facilitator in session.facilitators.filter(peer__isnull=False):
        assert facilitator.hours_status == HoursStatus.BOOKED
        assert str(facilitator.time_entry_id) in {str(e.pk) for e in entries}
    professional = session.facilitators.get(user__isnull=False)
    assert professional.time_entry_id is None  # professionals write no peer hours

    hold(session, t.users[Role.COORDINATOR])  # saving the attendance again
    assert services.facilitation_book_pending() == 0
    assert TimeEntry.objects.filter(activity=activity).count() == 2
    assert programme_used_minutes(programme) == 300


def test_a_title_naming_a_place_books_the_hours(setup):
    """Regression: the entry's description is composed from the activity's title, and the free-text check
    took "Geldcafé Helmond" for a person's name, so no walk-in hours were ever booked."""
    world, programme, peers = setup
    t = world.a
    activity = group(world, title="Geldcafé Helmond-Noord", peer_facilitators=peers[:1], programme=programme)
    session = activity.sessions.order_by("starts_at").first()
    hold(session, t.users[Role.COORDINATOR])
    facilitator = session.facilitators.get(peer__isnull=False)
    assert (facilitator.hours_status, facilitator.hours_problem) == (HoursStatus.BOOKED, "")
    assert TimeEntry.objects.get(activity=activity).description.endswith("Geldcafé Helmond-Noord")


def test_a_typed_description_naming_a_resident_is_still_refused(setup):
    world, programme, peers = setup
    with pytest.raises(ValidationError) as refused:
        from ervaringswerk.hours.services import time_entry_create

        time_entry_create(
            peer=peers[0],
            programme=programme,
            day=date(2026, 3, 3),
            minutes=60,
            description="Gesprek met Anna de Vries over haar schulden",
        )
    assert "description" in refused.value.message_dict


@pytest.mark.parametrize(
    ("kind", "work_kind"),
    [
        (ActivityKind.WALK_IN, "group"),
        (ActivityKind.TRAINING, "training_given"),
        (ActivityKind.INTERVISION, "supervision"),
    ],
)
def test_the_kind_of_work_follows_the_kind_of_activity(setup, kind, work_kind):
    world, programme, peers = setup
    t = world.a
    fields = {"organisers": [t.organisations["pool"]]} if kind == ActivityKind.INTERVISION else {}
    if kind == ActivityKind.WALK_IN:
        fields["hosts_needed"] = 1
    activity = group(world, kind=kind, peer_facilitators=peers[:1], programme=programme, **fields)
    hold(activity.sessions.order_by("starts_at").first(), t.users[Role.COORDINATOR])
    assert TimeEntry.objects.get(activity=activity).work_kind == work_kind


def test_a_locked_month_keeps_the_session_recorded_with_the_reason(setup):
    world, programme, peers = setup
    t = world.a
    coordinator = viewer(t.users[Role.COORDINATOR])
    period_lock(organisation=t.organisations["pool"], month=date(2026, 3, 1), actor=coordinator)
    activity = group(world, peer_facilitators=peers, programme=programme)
    session = activity.sessions.order_by("starts_at").first()
    hold(session, t.users[Role.COORDINATOR])

    session.refresh_from_db()
    assert session.status == "held" and session.new_participants == 3
    assert not TimeEntry.objects.exists()
    for facilitator in session.facilitators.all():
        assert facilitator.hours_status == HoursStatus.RECORDED and facilitator.booked_minutes == 120
        assert "afgesloten" in facilitator.hours_problem
    assert services.facilitation_book_pending() == 0
    assert "afgesloten" in session.facilitators.first().hours_problem


def test_a_closed_programme_refuses_then_pending_facilitation_is_booked_once_reopened(setup, client_for):
    world, programme, peers = setup
    t = world.a
    activity = group(world, peer_facilitators=peers, programme=programme)
    programme_update(programme=programme, status="closed")
    session = activity.sessions.order_by("starts_at").first()
    hold(session, t.users[Role.COORDINATOR])
    facilitator = session.facilitators.first()
    assert facilitator.hours_status == HoursStatus.RECORDED and "gesloten" in facilitator.hours_problem

    page = client_for(t.users[Role.COORDINATOR]).get(reverse("activities:session", args=[session.pk]))
    assert "nog niet geboekt" in page.content.decode() and "gesloten" in page.content.decode()

    programme_update(programme=programme, status="open")
    assert services.facilitation_book_pending() == 2
    assert services.facilitation_book_pending() == 0
    assert TimeEntry.objects.filter(activity=activity).count() == 2
    facilitator.refresh_from_db()
    assert facilitator.hours_status == HoursStatus.BOOKED and facilitator.hours_problem == ""
    assert programme_used_minutes(programme) == 240


def test_an_exhausted_programme_refuses_the_booking(setup):
    world, _programme, peers = setup
    t = world.a
    small = programme_for(t, code="KLEIN", hours_total=Decimal(1))
    activity = group(world, peer_facilitators=peers[:1], programme=small)
    hold(activity.sessions.order_by("starts_at").first(), t.users[Role.COORDINATOR])
    facilitator = activity.sessions.order_by("starts_at").first().facilitators.get()
    assert facilitator.hours_status == HoursStatus.RECORDED and "urenbudget" in facilitator.hours_problem
    assert programme_used_minutes(small) == 0


def test_only_programmes_an_organiser_takes_part_in_can_be_chosen(setup, client_for):
    world, programme, peers = setup
    t = world.a
    elsewhere = organisation_create(
        municipality=t.municipality, name="Schuldhulp Elders", kind=OrganisationKind.DEBT_HELP
    )
    foreign = programme_create(
        municipality=t.municipality,
        name="Programma Elders",
        code="ELDERS",
        funder=t.organisations["gemeente"],
        contractor=elsewhere,
        start_date=programme.start_date,
        end_date=programme.end_date,
        hours_per_week=Decimal(4),
        hours_total=Decimal(100),
    )
    with pytest.raises(ValidationError, match="organiserende"):
        group(world, programme=foreign)

    client = client_for(t.users[Role.COORDINATOR])
    form = client.get(reverse("activities:create")).content.decode()
    assert programme.name in form and foreign.name not in form
    data = {
        "title": "Geldcafé",
        "kind": "walk_in",
        "organisers": [str(t.organisations["pool"].pk)],
        "peer_facilitators": [str(peers[0].pk)],
        "programme": str(programme.pk),
        "frequency": "weekly",
        "interval": 1,
        "start_date": "2026-03-04",
        "start_time": "10:00",
        "duration_minutes": 120,
        "extra_minutes": 0,
        "hosts_needed": 1,
    }
    response = client.post(reverse("activities:create"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    from ervaringswerk.activities.models import Activity

    created = Activity.objects.get(title="Geldcafé")
    assert created.programme == programme
    edit = client.get(reverse("activities:edit", args=[created.pk])).content.decode()
    assert f'value="{programme.pk}" selected' in edit
