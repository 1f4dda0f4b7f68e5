"""The resident's own voice: a one-time, anonymous survey handed out by the people who work with them.

Attacked as a resident, a curious professional, another municipality and an auditor would: the page shows
nothing about the trajectory, sets no cookie and stores no IP; the answer cannot be traced back to the
link; a link works once, also with two submissions at once; the answers only show in aggregate, under the
residents' small-number rule."""

import datetime
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from ervaringswerk.accounts.models import Role
from ervaringswerk.accounts.viewer import viewer_for
from ervaringswerk.audit.models import AuditEvent
from ervaringswerk.monitoring.filters import Filters
from ervaringswerk.monitoring.selectors import experience_own
from ervaringswerk.monitoring.suppression import Audience, threshold
from ervaringswerk.outcomes.tests.factories import make_trajectory
from ervaringswerk.voice.models import SurveyLink, SurveyResponse
from ervaringswerk.voice.services import format_code, survey_answer, survey_links_for_trajectory

ALL_AGREE = {
    "recognition": "5",
    "acceptance": "4",
    "equality": "4",
    "hope": "3",
    "structure": "2",
    "self_confidence": "5",
}


def hand_out(world, tenant="a"):
    t = getattr(world, tenant)
    trajectory = make_trajectory(world, tenant)
    link = survey_links_for_trajectory(viewer=viewer_for(t.users[Role.PROFESSIONAL]), trajectory=trajectory)[
        0
    ]
    return trajectory, link


def answer_url(link) -> str:
    return reverse("voice_public:answer", args=[format_code(link.code)])


def test_the_professional_hands_out_a_link_with_a_qr_code(world, client_for):
    trajectory = make_trajectory(world)
    client = client_for(world.a.users[Role.PROFESSIONAL])
    url = reverse("voice:trajectory_handout", args=[trajectory.pk])
    assert client.get(url).status_code == 200
    response = client.post(url)
    text = response.content.decode()
    link = SurveyLink.objects.get(trajectory=trajectory)
    assert response.status_code == 200 and "<svg" in text and format_code(link.code) in text
    assert response["Cache-Control"] == "no-store"
    assert link.expires_at - timezone.now() > timedelta(days=29) and not link.used


def test_another_municipality_cannot_hand_out_for_a_trajectory(world, client_for):
    trajectory = make_trajectory(world)
    with pytest.raises(PermissionDenied):
        survey_links_for_trajectory(
            viewer=viewer_for(world.b.users[Role.PROFESSIONAL]), trajectory=trajectory
        )
    client = client_for(world.b.users[Role.PROFESSIONAL])
    assert client.post(reverse("voice:trajectory_handout", args=[trajectory.pk])).status_code == 404
    assert not SurveyLink.objects.exists()


def test_the_resident_page_shows_nothing_about_the_trajectory_and_sets_no_cookie(world, client):
    trajectory, link = hand_out(world)
    response = client.get(answer_url(link))
    text = response.content.decode()
    assert response.status_code == 200 and "Ik voelde me herkend" in text
    for secret in (trajectory.code, world.a.organisations["team"].name, "Aastad", "Professional"):
        assert secret not in text
    assert not response.cookies, response.cookies
    assert response["Cache-Control"] == "no-store" and response["Referrer-Policy"] == "no-referrer"


def test_an_answer_is_stored_once_without_any_trace_to_the_link(world, client):
    trajectory, link = hand_out(world)
    events_before = set(AuditEvent.objects.values_list("pk", flat=True))
    handed_out_at = link.updated_at
    response = client.post(answer_url(link), ALL_AGREE, REMOTE_ADDR="203.0.113.77")
    assert response.status_code == 200 and "Bedankt" in response.content.decode()
    assert not response.cookies
    stored = SurveyResponse.objects.get()
    assert (stored.recognition, stored.structure, stored.self_confidence) == (5, 2, 5)
    assert stored.organisation_id == trajectory.organisation_id and stored.month.day == 1
    # Nothing on the response points back at the link or the trajectory.
    values = {str(v) for v in SurveyResponse.objects.values().get().values()}
    assert not values & {str(link.pk), link.code, str(trajectory.pk)}
    link.refresh_from_db()
    assert link.used and link.updated_at == handed_out_at  # no time of use on the link
    # The audit event names no one, holds no IP and not the code.
    new = AuditEvent.objects.exclude(pk__in=events_before)
    assert new.count() == 1
    event = new.get()
    assert (event.ip_address, event.actor_id, event.path, event.channel) == (
        None,
        None,
        "/ervaring/",
        "public",
    )
    assert link.code not in str(AuditEvent.objects.values().get(pk=event.pk))

    again = client.post(answer_url(link), ALL_AGREE)
    assert again.status_code == 410 and "al ingevuld" in again.content.decode()
    assert SurveyResponse.objects.count() == 1


def test_expired_and_unknown_links_are_refused_in_dutch(world, client):
    _trajectory, link = hand_out(world)
    SurveyLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    expired = client.get(answer_url(link))
    assert expired.status_code == 410 and "verlopen" in expired.content.decode()
    assert client.post(answer_url(link), ALL_AGREE).status_code == 410
    unknown = client.get(reverse("voice_public:answer", args=["ZZZZ-ZZZZ"]))
    assert unknown.status_code == 404 and "kennen wij niet" in unknown.content.decode()
    assert not SurveyResponse.objects.exists()


def test_a_code_typed_from_paper_is_forgiven_case_dashes_and_look_alikes(world, client):
    _trajectory, link = hand_out(world)
    typed = link.code.lower().replace("0", "o").replace("1", "l")
    assert client.get(reverse("voice_public:answer", args=[f"{typed[:4]} {typed[4:]}"])).status_code == 200


@pytest.mark.parametrize("bad", ["6", "0", "abc", "3\x00", "-1"])
def test_a_bad_answer_is_refused_and_the_other_answers_stay(world, client, bad):
    _trajectory, link = hand_out(world)
    response = client.post(answer_url(link), {**ALL_AGREE, "hope": bad})
    text = response.content.decode()
    assert response.status_code == 400 and "Uw antwoorden staan er nog" in text
    assert 'value="5" id="id_recognition_4" checked' in text
    assert not SurveyResponse.objects.exists()
    link.refresh_from_db()
    assert not link.used


def test_skipping_every_question_is_refused(world, client):
    _trajectory, link = hand_out(world)
    response = client.post(answer_url(link), {})
    assert response.status_code == 400 and "minstens één vraag" in response.content.decode()
    assert not SurveyResponse.objects.exists()


def test_the_page_speaks_english_when_asked_and_remembers_nothing(world, client):
    _trajectory, link = hand_out(world)
    page = client.get(answer_url(link) + "?taal=en")
    assert page.status_code == 200 and "I felt recognised" in page.content.decode() and not page.cookies
    client.post(answer_url(link) + "?taal=en", {**ALL_AGREE, "taal": "en"})
    assert SurveyResponse.objects.get().language == "en"


def _filters(**kwargs):
    today = timezone.localdate()
    return Filters(
        start=today.replace(day=1) - timedelta(days=40), end=today, audience=Audience.FUNDER, **kwargs
    )


def _residents_cell(world):
    table = experience_own(viewer_for(world.a.users[Role.POLICY_ADVISOR]), _filters())
    return table.rows[0][1][0]


def test_the_dashboard_counts_answers_only_from_the_threshold_and_only_its_own(world):
    for _n in range(threshold() - 1):
        _t, link = hand_out(world)
        survey_answer(code=link.code, answers={"recognition": 4})
    _t, other = hand_out(world, "b")
    survey_answer(code=other.code, answers={"recognition": 1})  # Beedorp's: never in Aastad's figures
    assert _residents_cell(world).suppressed
    _t, link = hand_out(world)
    survey_answer(code=link.code, answers={"recognition": 2})
    cell = _residents_cell(world)
    assert (cell.suppressed, cell.value) == (False, threshold())
    average = experience_own(viewer_for(world.a.users[Role.POLICY_ADVISOR]), _filters()).rows[0][1][1]
    assert average.value == round((4 * (threshold() - 1) + 2) / threshold(), 2)


def test_the_dashboard_page_shows_the_residents_own_answers(world, client_for):
    for _n in range(threshold()):
        _t, link = hand_out(world)
        survey_answer(code=link.code, answers={"recognition": 5})
    text = client_for(world.a.users[Role.POLICY_ADVISOR]).get(reverse("monitoring:overview")).content.decode()
    assert "Ervaringen, door bewoners zelf ingevuld" in text


def test_a_peer_worker_facilitating_an_activity_hands_out_slips(world, client_for):
    from ervaringswerk.activities.tests.matrix import _activity

    activity = _activity(world)
    client = client_for(world.a.users[Role.PEER_WORKER])
    url = reverse("voice:activity_handout", args=[activity.pk])
    refused = client.post(url, {"count": "400"})
    assert refused.status_code == 400 and 'value="400"' in refused.content.decode()
    response = client.post(url, {"count": "3"})
    assert response.status_code == 200 and response.content.decode().count("<svg") >= 3
    assert SurveyLink.objects.filter(activity=activity).count() == 3
    assert client_for(world.a.users[Role.POLICY_ADVISOR]).get(url).status_code == 404


def test_month_is_the_only_time_kept(world):
    _trajectory, link = hand_out(world)
    moment = datetime.datetime(2026, 7, 19, 14, 37, tzinfo=datetime.UTC)
    SurveyLink.objects.filter(pk=link.pk).update(expires_at=moment + timedelta(days=1))
    stored = survey_answer(code=link.code, answers={"hope": 4}, now=moment)
    assert stored.month == datetime.date(2026, 7, 1)
