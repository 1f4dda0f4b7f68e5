"""Preconditions rounds (issue 14.9): the municipality opens a round, organisations assess themselves by a
deadline with reminders, peer workers give their anonymous view, shown only as an aggregate."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from config.celery import BEAT_SCHEDULE, app
from ervaringswerk.accounts.viewer import viewer_for
from ervaringswerk.audit.models import AuditEvent
from ervaringswerk.core.reference import Precondition
from ervaringswerk.core.tenancy import Role
from ervaringswerk.notifications.models import Notification
from ervaringswerk.organisations.models import OrganisationKind
from ervaringswerk.organisations.services import organisation_create
from ervaringswerk.preconditions import tasks
from ervaringswerk.preconditions.models import (
    PeerResponse,
    PeerResponseItem,
    RoundOrganisation,
    RoundParticipation,
)
from ervaringswerk.preconditions.participation import participant_key
from ervaringswerk.preconditions.selectors import round_results
from ervaringswerk.preconditions.services import (
    peer_response_submit,
    round_assessment_save,
    round_close,
    round_reminders_send,
)

from .factories import make_peers, make_round

SCORES = {"management_support": 4, "supervision": 2, "continuity": 3}


@pytest.fixture(autouse=True)
def _threshold(settings):
    settings.EW_SMALL_NUMBER_THRESHOLD = 3


def _answer(round_, peers, scores=SCORES):
    for viewer, peer in peers:
        peer_response_submit(viewer=viewer, round_=round_, peer=peer, scores=scores)


def test_policy_advisor_opens_a_round_and_organisations_and_peers_are_notified(world, client_for):
    ((peer_viewer, peer),) = make_peers(world, 1)
    client = client_for(world.a.users[Role.POLICY_ADVISOR])
    form = client.get(reverse("preconditions:round_create"))
    assert form.status_code == 200 and "Wijkteam Aastad" in form.content.decode()
    choices = {o.name for o in form.context["form"].fields["organisations"].queryset}
    assert choices == {"Welzijn Aastad", "Wijkteam Aastad"}  # the municipality does not assess itself
    deadline = (timezone.localdate() + datetime.timedelta(days=20)).isoformat()
    bad = client.post(reverse("preconditions:round_create"), {"title": "Ronde 2026", "deadline": deadline})
    assert bad.status_code == 200 and "Ronde 2026" in bad.content.decode()  # the form keeps the input
    ok = client.post(
        reverse("preconditions:round_create"),
        {
            "title": "Ronde 2026",
            "deadline": deadline,
            "reminder_days": "7, 2",
            "organisations": [world.a.organisations["pool"].pk, world.a.organisations["team"].pk],
        },
    )
    assert ok.status_code == 302
    entries = RoundOrganisation.objects.filter(round__title="Ronde 2026")
    assert entries.count() == 2
    kinds = {(n.recipient_id, n.kind) for n in Notification.objects.filter(kind="preconditions_round")}
    assert (world.a.users[Role.TEAM_LEAD].pk, "preconditions_round") in kinds
    assert (world.a.users[Role.COORDINATOR].pk, "preconditions_round") in kinds
    assert (peer_viewer.user.pk, "preconditions_round") in kinds
    assert (world.a.users[Role.PROFESSIONAL].pk, "preconditions_round") not in kinds


def test_round_page_shows_not_started_in_progress_and_submitted(world, client_for):
    round_ = make_round(world, organisations=("pool", "team", "gemeente"))
    team_lead = viewer_for(world.a.users[Role.TEAM_LEAD])
    coordinator = viewer_for(world.a.users[Role.COORDINATOR])
    team = RoundOrganisation.objects.get(round=round_, organisation=world.a.organisations["team"])
    pool = RoundOrganisation.objects.get(round=round_, organisation=world.a.organisations["pool"])
    round_assessment_save(viewer=team_lead, entry=team, items={"supervision": {"score": 2}}, submit=False)
    round_assessment_save(viewer=coordinator, entry=pool, items={"supervision": {"score": 4}}, submit=True)
    with pytest.raises(ValidationError):  # a team lead cannot fill in for another organisation
        round_assessment_save(viewer=team_lead, entry=pool, items={"supervision": {"score": 1}}, submit=True)
    page = client_for(world.a.users[Role.POLICY_ADVISOR]).get(
        reverse("preconditions:round_detail", args=[round_.pk])
    )
    statuses = {r.entry.organisation.name: r.entry.status for r in page.context["results"]}
    assert statuses == {
        "Welzijn Aastad": "submitted",
        "Wijkteam Aastad": "in_progress",
        "Gemeente Aastad": "not_started",
    }
    html = page.content.decode()
    assert "Ingediend" in html and "Bezig" in html and "Niet begonnen" in html
    # The team lead sees only their own organisation's row, and keeps the draft when coming back.
    client = client_for(world.a.users[Role.TEAM_LEAD])
    own = client.get(reverse("preconditions:round_detail", args=[round_.pk]))
    assert [r.entry.organisation.name for r in own.context["results"]] == ["Wijkteam Aastad"]
    draft = client.get(reverse("preconditions:round_assessment", args=[round_.pk]))
    assert draft.context["form"].initial["supervision__score"] == 2
    submitted = client.post(
        reverse("preconditions:round_assessment", args=[round_.pk]),
        {"supervision__score": "3", "team_support__score": "2", "actie": "indienen"},
    )
    assert submitted.status_code == 302
    team.refresh_from_db()
    assert team.status == "submitted" and team.assessment is not None


def test_peer_worker_of_organisation_a_cannot_answer_for_organisation_b(world, client_for):
    round_ = make_round(world, organisations=("team",))  # the pool (the peer's organisation) is not asked
    ((viewer, peer),) = make_peers(world, 1)
    with pytest.raises(ValidationError):
        peer_response_submit(viewer=viewer, round_=round_, peer=peer, scores=SCORES)
    client = client_for(viewer.user)
    url = reverse("preconditions:peer_response", args=[round_.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"supervision": "1"}).status_code == 404
    assert PeerResponse.objects.count() == 0 and RoundParticipation.objects.count() == 0
    # The answer is always counted for the peer worker's own organisation, never one they name.
    other_round = make_round(world, organisations=("pool", "team"))
    client.post(reverse("preconditions:peer_response", args=[other_round.pk]), {"supervision": "2"})
    assert list(PeerResponse.objects.values_list("organisation_id", flat=True)) == [
        world.a.organisations["pool"].pk
    ]


def test_a_second_answer_is_refused_by_the_service_the_page_and_the_database(world, client_for):
    round_ = make_round(world)
    ((viewer, peer),) = make_peers(world, 1)
    client = client_for(viewer.user)
    url = reverse("preconditions:peer_response", args=[round_.pk])
    assert client.post(url, {"supervision": "3", "continuity": "2"}).status_code == 302
    again = client.post(url, {"supervision": "5"})
    assert "U heeft in deze ronde gereageerd" in again.content.decode()
    with pytest.raises(ValidationError):
        peer_response_submit(viewer=viewer, round_=round_, peer=peer, scores={"supervision": 5})
    assert PeerResponse.objects.count() == 1
    assert list(PeerResponseItem.objects.order_by("precondition").values_list("precondition", "score")) == [
        ("continuity", 2),
        ("supervision", 3),
    ]
    with pytest.raises(IntegrityError), transaction.atomic():  # around the service: the constraint holds
        RoundParticipation.objects.create(
            municipality=round_.municipality,
            round=round_,
            participant=participant_key(round_id=round_.pk, peer_id=peer.pk),
        )


def test_the_stored_answer_cannot_be_linked_to_the_peer_worker(world, client_for):
    round_ = make_round(world)
    ((viewer, peer),) = make_peers(world, 1)
    client = client_for(viewer.user)
    before = AuditEvent.objects.count()
    client.post(reverse("preconditions:peer_response", args=[round_.pk]), {"supervision": "3"})
    response = PeerResponse.objects.get()
    participation = RoundParticipation.objects.get()
    # No field of the answer names a person or the participation; the participation holds a keyed hash.
    names = {f.name for f in PeerResponse._meta.get_fields()} | {
        f.name for f in PeerResponseItem._meta.get_fields()
    }
    assert not names & {"peer", "user", "participant", "participation", "created_by"}
    assert participation.participant not in {str(peer.pk), str(viewer.user.pk)}
    assert str(peer.pk) not in participation.participant and len(participation.participant) == 64
    # Only the day is stored, not the moment, on the answer, its items and the participation.
    midnight = datetime.time(0, 0)
    for stamp in (response.created_at, response.updated_at, participation.created_at):
        assert timezone.localtime(stamp).time() == midnight
    assert {timezone.localtime(i.created_at).time() for i in response.items.all()} == {midnight}
    # The audit log records that an anonymous answer came in: no actor, no IP, no id of the answer.
    events = list(AuditEvent.objects.order_by("timestamp")[before:])
    assert events, "the anonymous answer is audited"
    ids = {str(response.pk), str(participation.pk), *(str(i.pk) for i in response.items.all())}
    for event in events:
        assert event.actor_id is None and event.ip_address is None
        assert event.object_id not in ids and str(viewer.user.pk) not in str(event.details)


def test_below_the_threshold_the_peer_view_is_not_shown_on_the_page_nor_in_the_api(
    world, client_for, api_client
):
    world.a.organisations["centre"] = organisation_create(
        municipality=world.a.municipality,
        name="Zelfregie Aastad",
        kind=OrganisationKind.SELF_DIRECTION_CENTRE,
    )
    round_ = make_round(world, organisations=("pool", "centre"))
    _answer(round_, make_peers(world, 3, org="pool"), scores={"supervision": 2, "continuity": 4})
    _answer(round_, make_peers(world, 2, org="centre"), scores={"supervision": 5, "continuity": 5})
    round_close(viewer=viewer_for(world.a.users[Role.POLICY_ADVISOR]), round_=round_)
    client = client_for(world.a.users[Role.POLICY_ADVISOR])
    page = client.get(reverse("preconditions:round_detail", args=[round_.pk]))
    by_org = {r.entry.organisation.name: r for r in page.context["results"]}
    pool, team = by_org["Welzijn Aastad"], by_org["Zelfregie Aastad"]
    assert pool.peers_shown and {c.key: c.peers.value for c in pool.criteria if not c.peers.suppressed} == {
        "supervision": 2.0,
        "continuity": 4.0,
    }
    assert not team.peers_shown and all(c.peers.suppressed for c in team.criteria)
    html = page.content.decode()
    assert "&lt;3 pers." in html and "Te weinig ervaringsdeskundigen reageerden" in html
    api_client.force_authenticate(world.a.users[Role.POLICY_ADVISOR])
    data = api_client.get(reverse("precondition-round-detail", args=[round_.pk])).json()
    orgs = {o["organisation_name"]: o for o in data["organisations"]}
    assert orgs["Zelfregie Aastad"]["peer_respondents"] is None
    assert orgs["Zelfregie Aastad"]["peer_respondents_suppressed"] is True
    assert {c["peer_average"] for c in orgs["Zelfregie Aastad"]["criteria"]} == {None}
    assert all(c["peer_suppressed"] for c in orgs["Zelfregie Aastad"]["criteria"])
    assert "5.0" not in str(orgs["Zelfregie Aastad"]) and "5," not in html.split("Zelfregie Aastad")[-1]
    pool_api = {c["precondition"]: c["peer_average"] for c in orgs["Welzijn Aastad"]["criteria"]}
    assert pool_api["supervision"] == 2.0 and orgs["Welzijn Aastad"]["peer_respondents"] == 3
    listed = api_client.get(reverse("precondition-round-list")).json()["results"][0]["organisations"]
    assert {
        c["peer_average"]
        for o in listed
        if o["organisation_name"] == "Zelfregie Aastad"
        for c in o["criteria"]
    } == {None}


def test_the_peer_view_appears_only_once_the_round_is_closed(world):
    round_ = make_round(world)
    _answer(round_, make_peers(world, 3), scores={"supervision": 2})
    policy = viewer_for(world.a.users[Role.POLICY_ADVISOR])
    pool = next(
        r
        for r in round_results(viewer=policy, round_=round_)
        if r.entry.organisation.name == "Welzijn Aastad"
    )
    assert not pool.published and all(c.peers is None for c in pool.criteria)
    later = round_results(viewer=policy, round_=round_, today=round_.deadline + datetime.timedelta(days=1))
    pool = next(r for r in later if r.entry.organisation.name == "Welzijn Aastad")
    assert pool.peers_shown


def test_the_comparison_lists_the_criteria_in_checklist_order(world, client_for, api_client):
    round_ = make_round(world)
    round_assessment_save(
        viewer=viewer_for(world.a.users[Role.COORDINATOR]),
        entry=RoundOrganisation.objects.get(round=round_, organisation=world.a.organisations["pool"]),
        items={"continuity": {"score": 1}, "management_support": {"score": 3}, "supervision": {"score": 4}},
        submit=True,
    )
    _answer(round_, make_peers(world, 3), scores={"supervision": 2, "management_support": 4})
    round_close(viewer=viewer_for(world.a.users[Role.POLICY_ADVISOR]), round_=round_)
    page = client_for(world.a.users[Role.POLICY_ADVISOR]).get(
        reverse("preconditions:round_detail", args=[round_.pk])
    )
    pool = next(r for r in page.context["results"] if r.entry.organisation.name == "Welzijn Aastad")
    assert [c.key for c in pool.criteria] == list(Precondition.values)
    supervision = next(c for c in pool.criteria if c.key == "supervision")
    assert (supervision.organisation, supervision.peers.value, supervision.difference) == (4, 2.0, -2.0)
    html = page.content.decode()
    labels = [str(label) for label in Precondition.labels]
    assert [html.index(label) for label in labels] == sorted(html.index(label) for label in labels)
    api_client.force_authenticate(world.a.users[Role.POLICY_ADVISOR])
    data = api_client.get(reverse("precondition-round-detail", args=[round_.pk])).json()
    pool_api = next(o for o in data["organisations"] if o["organisation_name"] == "Welzijn Aastad")
    assert [c["precondition"] for c in pool_api["criteria"]] == list(Precondition.values)
    assessment = api_client.get(
        reverse("precondition-assessment-detail", args=[pool_api["assessment"]])
    ).json()
    assert [i["precondition"] for i in assessment["items"]] == [
        "management_support",
        "supervision",
        "continuity",
    ]


def test_another_municipality_gets_404_on_page_and_api(world, client_for, api_client):
    round_ = make_round(world)
    ((viewer_b, _peer_b),) = make_peers(world, 1, tenant="b")
    policy_b = client_for(world.b.users[Role.POLICY_ADVISOR])
    assert policy_b.get(reverse("preconditions:round_detail", args=[round_.pk])).status_code == 404
    coordinator_b = client_for(world.b.users[Role.COORDINATOR])
    for name in ("round_detail", "round_assessment"):
        assert coordinator_b.get(reverse(f"preconditions:{name}", args=[round_.pk])).status_code == 404
    assert (
        client_for(world.b.users[Role.POLICY_ADVISOR])
        .post(reverse("preconditions:round_close", args=[round_.pk]))
        .status_code
        == 404
    )
    assert (
        client_for(viewer_b.user).get(reverse("preconditions:peer_response", args=[round_.pk])).status_code
        == 404
    )
    api_client.force_authenticate(world.b.users[Role.POLICY_ADVISOR])
    assert api_client.get(reverse("precondition-round-detail", args=[round_.pk])).status_code == 404
    assert api_client.get(reverse("precondition-round-list")).json()["count"] == 0


def test_reminders_one_per_organisation_per_configured_day_and_idempotent(world):
    today = timezone.localdate()
    round_ = make_round(world, deadline=today + datetime.timedelta(days=10), reminder_days=[7, 2])
    round_assessment_save(
        viewer=viewer_for(world.a.users[Role.COORDINATOR]),
        entry=RoundOrganisation.objects.get(round=round_, organisation=world.a.organisations["pool"]),
        items={"supervision": {"score": 3}},
        submit=True,
    )

    def reminders():
        return list(
            Notification.objects.filter(key__contains=":reminder:")
            .exclude(key__contains=":peer:")
            .values_list("recipient_id", "key")
        )

    assert round_reminders_send(today=today) == 0  # 10 days before: nothing due yet
    # (plus one to the world's peer worker, who has not answered: test_peer_workers_who_have_not_...)
    peer_workers = len(make_peer_logins(world))
    assert round_reminders_send(today=today + datetime.timedelta(days=3)) == 1 + peer_workers  # 7 days before
    assert round_reminders_send(today=today + datetime.timedelta(days=3)) == 0  # the beat fired twice
    assert round_reminders_send(today=today + datetime.timedelta(days=4)) == 0  # same configured day
    assert round_reminders_send(today=today + datetime.timedelta(days=8)) == 1 + peer_workers  # 2 days before
    sent = reminders()
    assert [user for user, _key in sent] == [world.a.users[Role.TEAM_LEAD].pk] * 2  # the submitted pool: none
    assert len({key for _u, key in sent}) == 2
    round_close(viewer=viewer_for(world.a.users[Role.POLICY_ADVISOR]), round_=round_)
    assert round_reminders_send(today=today + datetime.timedelta(days=9)) == 0


def test_beat_sends_the_round_reminders_once_a_day():
    name = "ervaringswerk.preconditions.tasks.precondition_rounds_daily"
    entries = [e for e in BEAT_SCHEDULE.values() if e["task"] == name]
    assert len(entries) == 1
    schedule = entries[0]["schedule"]
    assert len(schedule.hour) == 1 and len(schedule.minute) == 1 and len(schedule.day_of_week) == 7
    app.loader.import_default_modules()
    assert name in app.tasks


def test_the_task_runs_the_reminders_as_the_system(world, monkeypatch):
    calls = []
    monkeypatch.setattr(
        "ervaringswerk.preconditions.services.round_reminders_send", lambda: calls.append(1) or 4
    )
    assert tasks.precondition_rounds_daily.apply().get() == {"sent": 4}
    assert calls == [1]


def test_peer_worker_sees_the_open_round_on_my_work(world, client_for):
    round_ = make_round(world)
    ((viewer, _peer),) = make_peers(world, 1)
    page = client_for(viewer.user).get(reverse("core:my_work")).content.decode()
    assert round_.title in page and reverse("preconditions:peer_response", args=[round_.pk]) in page


def make_peer_logins(world):
    """The world's peer workers with a login in an organisation asked (pool): they get reminders too."""
    from ervaringswerk.pool.models import PeerWorker

    return list(
        PeerWorker.objects.filter(
            organisation=world.a.organisations["pool"], user__isnull=False, user__is_active=True
        ).exclude(status="left")
    )


def _peer_reminders():
    return sorted(
        Notification.objects.filter(key__contains=":peer:reminder:").values_list("recipient_id", "key")
    )


def test_peer_workers_who_have_not_answered_get_a_reminder_once_per_reminder_day(world):
    """As the organisations: on each configured day before the deadline, once (a second run sends nothing),
    only to peer workers of an organisation asked who have not answered; not after closing, not to
    another municipality's peer workers or to a peer worker without a login."""
    from ervaringswerk.pool.tests.factories import make_peer

    today = timezone.localdate()
    world.a.organisations["centre"] = organisation_create(
        municipality=world.a.municipality,
        name="Zelfregie Aastad",
        kind=OrganisationKind.SELF_DIRECTION_CENTRE,
    )
    round_ = make_round(
        world,
        organisations=("pool", "centre"),
        deadline=today + datetime.timedelta(days=10),
        reminder_days=[7, 2],
    )
    (answered, waiting), ((other_org, _p),) = make_peers(world, 2), make_peers(world, 1, org="centre")
    make_peer(world.a, first_name="Zonder", last_name="Login")  # no login: nobody to remind
    make_round(world, "b", organisations=("pool",))
    make_peers(world, 1, tenant="b")
    _answer(round_, [answered])

    assert round_reminders_send(today=today) == 0
    week_before = today + datetime.timedelta(days=3)  # 7 days before the deadline
    round_reminders_send(today=week_before)
    round_reminders_send(today=week_before)  # the beat fired twice
    assert [user for user, _key in _peer_reminders()] == sorted([waiting[0].user.pk, other_org.user.pk])
    note = Notification.objects.filter(key__contains=":peer:reminder:").first()
    assert note.url.endswith(reverse("preconditions:peer_response", args=[round_.pk]))
    assert "anoniem" in note.body
    # the waiting one answers; two days before the deadline only the other organisation's peer worker
    _answer(round_, [waiting])
    two_days_before = today + datetime.timedelta(days=8)
    round_reminders_send(today=two_days_before)
    latest = [user for user, key in _peer_reminders() if key.endswith(two_days_before.isoformat())]
    assert latest == [other_org.user.pk]
    round_close(viewer=viewer_for(world.a.users[Role.POLICY_ADVISOR]), round_=round_)
    assert round_reminders_send(today=today + datetime.timedelta(days=9)) == 0


def test_an_answer_carries_the_round_s_opening_day_so_a_reminder_cannot_date_it(world):
    """A reminder tells the database who had not answered by that day. The answer therefore carries the
    day the round opened, not the day it was given: no reminder (and no login) can be joined to it by
    date."""
    round_ = make_round(world)
    opened = round_.opened_on - datetime.timedelta(days=5)
    type(round_).objects.filter(pk=round_.pk).update(opened_on=opened)
    round_.refresh_from_db()
    _answer(round_, make_peers(world, 1))
    response = PeerResponse.objects.get()
    participation = RoundParticipation.objects.get()
    for stamp in (
        response.created_at,
        response.updated_at,
        participation.created_at,
        participation.updated_at,
        *(i.created_at for i in response.items.all()),
    ):
        assert timezone.localtime(stamp).date() == opened
        assert timezone.localtime(stamp).time() == datetime.time(0, 0)


def test_the_rounds_list_pages_in_a_fixed_order(world, api_client):
    """Found by Schemathesis (issue 17): the list was unordered (Django's UnorderedObjectListWarning), so
    two pages could overlap or skip a round: Meta.ordering does not apply to its GROUP BY (the counts)."""
    from ervaringswerk.preconditions.selectors import round_list

    rounds = [make_round(world, title=f"Ronde {n}") for n in range(3)]
    viewer = viewer_for(world.a.users[Role.POLICY_ADVISOR])
    assert round_list(viewer=viewer).ordered
    api_client.force_authenticate(world.a.users[Role.POLICY_ADVISOR])
    ids = []
    for page in (1, 2, 3):
        answer = api_client.get(reverse("precondition-round-list"), {"page": page, "page_size": 1})
        ids.extend(row["id"] for row in answer.json()["results"])
    assert sorted(ids) == sorted(str(r.pk) for r in rounds)
