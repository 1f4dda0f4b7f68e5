"""Every free-text field about a resident or a deployment outside the deployment app goes through the one
check (core.freetext) in its service, so page and API refuse the same: minutes and lessons, public activity
descriptions, cancelled-session reasons, evaluation report aims and lessons, and the texts of time entries.
(Deployment's own fields: deployment/tests/test_free_text.py.)"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ervaringswerk.accounts.viewer import viewer_for
from ervaringswerk.activities import services as activities
from ervaringswerk.activities.models import Activity, ActivityKind, Frequency, MinuteItem, MinuteKind, Session
from ervaringswerk.activities.tests.factories import group
from ervaringswerk.core.freetext import limit
from ervaringswerk.core.tenancy import Role
from ervaringswerk.hours.models import TimeEntry
from ervaringswerk.hours.services import time_entry_correct, time_entry_create, time_entry_return
from ervaringswerk.hours.tests.factories import peer_for, programme_for
from ervaringswerk.monitoring.models import EvaluationReport
from ervaringswerk.monitoring.services import report_request

D = datetime.date
FINDING = "Steun voor Anna de Vries (BSN 111222333)"

# Every free-text field the check covers, with the limit it has (one per field, page and API alike).
COVERED = [
    ("deployment.DeploymentRequest", "title", 150),
    ("deployment.DeploymentRequest", "context", 5000),
    ("deployment.DeploymentRequest", "status_note", 2000),
    ("deployment.RequestEvent", "note", 2000),
    ("deployment.Offer", "response_note", 2000),
    ("deployment.Agreement", "tasks", 5000),
    ("deployment.Agreement", "responsibilities", 5000),
    ("activities.MinuteItem", "text", 2000),
    ("activities.Activity", "description", 2000),
    ("activities.Session", "cancel_reason", 200),
    ("monitoring.EvaluationReport", "aims", 5000),
    ("monitoring.EvaluationReport", "lessons", 5000),
    ("hours.TimeEntry", "description", 300),
    ("hours.TimeEntry", "review_comment", 500),
    ("hours.TimeEntry", "correction_reason", 300),
]


@pytest.mark.parametrize(("label", "field", "expected"), COVERED)
def test_every_covered_field_has_one_limit_on_the_model(label, field, expected):
    from django.apps import apps

    assert limit(apps.get_model(label), field) == expected


def _refused(call, field, code="bsn"):
    with pytest.raises(ValidationError) as refused:
        call()
    errors = refused.value.error_dict[field]
    assert [e.code for e in errors] == [code]
    return errors[0]


@pytest.fixture
def learning(world):
    return group(world, title="Leerbijeenkomst", kind=ActivityKind.LEARNING_SESSION, frequency=Frequency.ONCE)


def test_minutes_and_lessons_refuse_personal_data(world, learning):
    coordinator = viewer_for(world.a.users[Role.COORDINATOR])
    session = learning.sessions.get()
    error = _refused(
        lambda: activities.minute_item_add(
            viewer=coordinator, session=session, kind=MinuteKind.LESSON, text=FINDING
        ),
        "text",
    )
    assert error.params["deidentified"] == "Steun voor [naam] (BSN [bsn])"
    assert not MinuteItem.objects.exists()


def test_the_minutes_page_shows_the_version_and_the_api_names_the_spans(
    world, learning, client_for, api_client
):
    session = learning.sessions.get()
    page = client_for(world.a.users[Role.COORDINATOR])
    response = page.post(
        reverse("activities:session_minutes", args=[session.pk]), {"kind": "lesson", "text": FINDING}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Steun voor [naam] (BSN [bsn])" in html and 'name="ew_deidentify" value="text"' in html
    taken = page.post(
        reverse("activities:session_minutes", args=[session.pk]),
        {"kind": "lesson", "text": FINDING, "ew_deidentify": "text"},
    )
    assert taken.status_code == 302
    assert MinuteItem.objects.get().text == "Steun voor [naam] (BSN [bsn])"
    api_client.force_authenticate(world.a.users[Role.COORDINATOR])
    response = api_client.post(
        reverse("activity-session-minutes", args=[session.pk]),
        {"kind": "decision", "text": "Bel Petra Smits op 06-12345678."},
        format="json",
    )
    assert response.status_code == 400
    [param] = response.json()["invalid_params"]
    assert param["name"] == "text" and [s["kind"] for s in param["spans"]] == ["name", "phone"]
    assert MinuteItem.objects.count() == 1


def test_public_activity_descriptions_and_cancel_reasons_refuse_personal_data(world):
    _refused(
        lambda: group(world, description="Met Anna de Vries, bel 06-12345678."),
        "description",
        "personal_data",
    )
    assert not Activity.objects.filter(description__contains="Anna").exists()
    activity = group(world, description="Herstelgroep voor iedereen met geldzorgen.")
    session = activity.sessions.first()
    coordinator = viewer_for(world.a.users[Role.COORDINATOR])
    _refused(
        lambda: activities.session_cancel(
            viewer=coordinator, session=session, reason="Mevrouw Jansen is ziek"
        ),
        "reason",
        "personal_data",
    )
    session.refresh_from_db()
    assert session.cancel_reason == ""
    with pytest.raises(ValidationError):
        activities.session_cancel(viewer=coordinator, session=session, reason="x" * 201)
    assert Session.objects.get(pk=session.pk).status != "cancelled"


def test_evaluation_report_aims_and_lessons_refuse_personal_data(world):
    advisor = viewer_for(world.a.users[Role.POLICY_ADVISOR])
    _refused(
        lambda: report_request(viewer=advisor, start=D(2026, 1, 1), end=D(2026, 3, 31), lessons=FINDING),
        "lessons",
    )
    _refused(
        lambda: report_request(
            viewer=advisor, start=D(2026, 1, 1), end=D(2026, 3, 31), aims="Doel: anna@example.nl helpen"
        ),
        "aims",
        "personal_data",
    )
    assert not EvaluationReport.objects.exists()


def test_time_entry_texts_refuse_personal_data(world):
    t = world.a
    programme = programme_for(t, start=D(2026, 1, 1), end=D(2026, 12, 31))
    peer = peer_for(t)
    _refused(
        lambda: time_entry_create(
            peer=peer,
            programme=programme,
            day=D(2026, 3, 2),
            minutes=60,
            work_kind="group",
            description=FINDING,
        ),
        "description",
    )
    assert not TimeEntry.objects.exists()
    entry = time_entry_create(
        peer=peer, programme=programme, day=D(2026, 3, 2), minutes=60, work_kind="group"
    )
    coordinator = viewer_for(t.users[Role.COORDINATOR])
    _refused(
        lambda: time_entry_return(entry=entry, comment="Vraag het aan Pieter Bakker", actor=coordinator),
        "review_comment",
        "personal_data",
    )
    _refused(
        lambda: time_entry_correct(
            entry=entry, reason="Gebeld met 06-12345678", actor=coordinator, minutes=30
        ),
        "correction_reason",
        "personal_data",
    )
    entry.refresh_from_db()
    assert entry.status == "submitted" and entry.minutes == 60 and entry.review_comment == ""
