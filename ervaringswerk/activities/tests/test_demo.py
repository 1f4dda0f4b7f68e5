"""The demo: the activities the issue names, one peer worker overdue for intervision, idempotent."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from ervaringswerk.activities.models import Activity, DevelopmentRhythm, MinuteItem, SessionStatus
from ervaringswerk.activities.selectors import intervision_overdue_peer_ids
from ervaringswerk.core.models import Municipality
from ervaringswerk.organisations.models import OrganisationKind
from ervaringswerk.pool.models import PeerWorker

pytestmark = pytest.mark.django_db


def test_demo_activities(settings, client):
    settings.DEBUG = True
    call_command("load_demo", "--quiet-logins")
    counts = {a.title: a.sessions.count() for a in Activity.objects.all()}
    call_command("load_demo", "--quiet-logins")
    assert {a.title: a.sessions.count() for a in Activity.objects.all()} == counts  # idempotent
    utrecht = Municipality.objects.get(slug="utrecht")
    group = Activity.objects.get(municipality=utrecht, title="Herstelgroep Overvecht")
    assert group.frequency == "weekly" and group.is_public
    kinds = {o.kind for o in group.organisers.all()}
    assert kinds == {OrganisationKind.NEIGHBOURHOOD_TEAM, OrganisationKind.SELF_DIRECTION_CENTRE}
    assert group.sessions.filter(status=SessionStatus.HELD).count() >= 8
    assert (
        Activity.objects.get(municipality=utrecht, title="Themabijeenkomst Geldzorgen en herstel").frequency
        == "monthly"
    )
    walk_in = Activity.objects.get(municipality=utrecht, kind="walk_in")
    assert walk_in.title == "Herstelinloop De Werkplaats" and walk_in.hosts_needed == 2
    assert DevelopmentRhythm.objects.get(municipality=utrecht, kind="intervision").max_interval_days == 42
    overdue = intervision_overdue_peer_ids(municipality_id=utrecht.pk)
    assert [str(p) for p in PeerWorker.objects.filter(pk__in=overdue)] == ["Mirjam Kok"]
    assert MinuteItem.objects.filter(kind="lesson").count() >= 3
    # Helmond's pilot: each held learning session carries out one of its milestones, with partners' staff.
    learning = Activity.objects.get(title="Leerbijeenkomst pilot Geldzorgen")
    held = list(learning.sessions.filter(status=SessionStatus.HELD).order_by("starts_at"))
    assert len(held) == 3
    assert all(s.milestone is not None and s.milestone.done_on is not None for s in held)
    assert len({s.milestone_id for s in held}) == 3
    assert sum(a.people for s in held for a in s.staff_attendance.all()) == 15
    page = client.get(reverse("agenda:agenda", args=["utrecht"])).content.decode()
    assert "Herstelgroep Overvecht" in page and "Herstelinloop De Werkplaats" in page
    assert client.get(reverse("agenda:agenda", args=["helmond"])).status_code == 200
