"""Notifications: the right person hears of each event once, in the list and (if wanted) by e-mail."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from ervaringswerk.accounts.viewer import viewer_for
from ervaringswerk.core.tenancy import Role
from ervaringswerk.deployment.models import Agreement
from ervaringswerk.deployment.services import offer_accept, offer_create, offer_decline
from ervaringswerk.deployment.tests.factories import make_peer, make_request
from ervaringswerk.notifications.events import notifications_send_due
from ervaringswerk.notifications.models import Notification, NotificationKind
from ervaringswerk.notifications.services import notification_deliver, notification_send

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer_setup(world):
    t = world.a
    peer_user = t.users[Role.PEER_WORKER]
    peer_user.email = "peer@example.org"
    peer_user.save()
    coordinator = t.users[Role.COORDINATOR]
    coordinator.email = "coordinator@example.org"
    coordinator.save()
    peer = make_peer(t, user=peer_user)
    request = make_request(t)
    return t, peer, request, viewer_for(coordinator)


def test_new_offer_reaches_the_peer_worker_once(offer_setup, django_capture_on_commit_callbacks):
    t, peer, request, coordinator = offer_setup
    with django_capture_on_commit_callbacks(execute=True):
        offer = offer_create(request=request, peer=peer, viewer=coordinator)
    mine = Notification.objects.filter(recipient=peer.user, kind=NotificationKind.OFFER_NEW)
    assert mine.count() == 1
    assert [m.to for m in mail.outbox] == [["peer@example.org"]]
    assert reverse("deployment:offer_detail", args=[offer.pk]) in mail.outbox[0].body
    # Saving the offer again (any later save) is the same event: nothing new, no second e-mail.
    with django_capture_on_commit_callbacks(execute=True):
        offer.save()
        notification_deliver(notification_id=mine.get().pk)
    assert mine.count() == 1 and len(mail.outbox) == 1


def test_accepted_and_declined_reach_the_coordinator(offer_setup, world, django_capture_on_commit_callbacks):
    t, peer, request, coordinator = offer_setup
    offer = offer_create(request=request, peer=peer, viewer=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        offer_accept(offer=offer, viewer=viewer_for(peer.user))
    answered = Notification.objects.filter(kind=NotificationKind.OFFER_ANSWERED)
    assert set(answered.values_list("recipient", flat=True)) == {
        t.users[Role.COORDINATOR].pk,
        t.users[Role.PROFESSIONAL].pk,  # who asked hears that someone said yes
    }
    assert answered.first().title == "Aanbod geaccepteerd"

    second = make_request(t)
    offer2 = offer_create(request=second, peer=peer, viewer=coordinator)
    offer_decline(offer=offer2, viewer=viewer_for(peer.user), reason="no_time")
    declined = Notification.objects.filter(key=f"offer:{offer2.pk}:declined")
    assert list(declined.values_list("recipient", flat=True)) == [t.users[Role.COORDINATOR].pk]


def test_texts_name_no_resident(offer_setup, django_capture_on_commit_callbacks):
    t, peer, _request, coordinator = offer_setup
    from ervaringswerk.core.reference import DeploymentKind

    request = make_request(t, kind=DeploymentKind.INDIVIDUAL_SUPPORT, resident_code="RES-7788")
    with django_capture_on_commit_callbacks(execute=True):
        offer_create(request=request, peer=peer, viewer=coordinator)
    assert "RES-7788" not in mail.outbox[0].body
    assert all("RES-7788" not in n.body + n.title for n in Notification.objects.all())


def test_email_preference_off_keeps_the_in_app_notification(
    offer_setup, client_for, django_capture_on_commit_callbacks
):
    t, peer, request, coordinator = offer_setup
    client = client_for(peer.user)
    response = client.post(
        reverse("notifications:preferences"), {"offer_answered": "on"}
    )  # offer_new unticked
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        offer_create(request=request, peer=peer, viewer=coordinator)
    notification = Notification.objects.get(recipient=peer.user, kind=NotificationKind.OFFER_NEW)
    assert notification.emailed_at is None and notification.email_skipped == "e-mail uitgezet"
    assert mail.outbox == []
    page = client.get(reverse("notifications:list")).content.decode()
    assert "Nieuw aanbod voor u" in page


def test_list_shows_only_own_and_the_header_counts_unread(offer_setup, world, client_for):
    t, peer, request, coordinator = offer_setup
    offer_create(request=request, peer=peer, viewer=coordinator)
    mine = Notification.objects.get(recipient=peer.user)
    client = client_for(peer.user)
    page = client.get(reverse("notifications:list")).content.decode()
    assert "Nieuw aanbod voor u" in page
    assert 'class="ew-badge">1<' in page
    # Someone else's notification: not in their list, 404 when opened.
    other = client_for(t.users[Role.PROFESSIONAL])
    assert "Nieuw aanbod voor u" not in other.get(reverse("notifications:list")).content.decode()
    assert other.post(reverse("notifications:open", args=[mine.pk])).status_code == 404
    mine.refresh_from_db()
    assert mine.read_at is None
    client = client_for(peer.user)
    opened = client.post(reverse("notifications:open", args=[mine.pk]))
    assert opened.status_code == 302 and opened.url == mine.url
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert 'class="ew-badge">' not in client.get(reverse("notifications:list")).content.decode()


def test_returned_hours_reach_the_peer_worker(world, django_capture_on_commit_callbacks):
    from ervaringswerk.hours.services import time_entry_create, time_entry_return
    from ervaringswerk.hours.tests.factories import peer_for, programme_for

    t = world.a
    t.users[Role.PEER_WORKER].email = "peer@example.org"
    t.users[Role.PEER_WORKER].save()
    peer = peer_for(t)
    entry = time_entry_create(
        peer=peer,
        programme=programme_for(t),
        day=datetime.date(2026, 3, 2),
        minutes=60,
        work_kind="direct_contact",
    )
    with django_capture_on_commit_callbacks(execute=True):
        time_entry_return(entry=entry, comment="Klopt de datum?", actor=viewer_for(t.users[Role.COORDINATOR]))
    notification = Notification.objects.get(kind=NotificationKind.HOURS_RETURNED)
    assert notification.recipient == t.users[Role.PEER_WORKER]
    assert "Klopt de datum" not in notification.body  # the comment stays on the hours page
    assert [m.to for m in mail.outbox] == [["peer@example.org"]]


def test_review_dates_are_announced_once(offer_setup, django_capture_on_commit_callbacks):
    t, peer, request, coordinator = offer_setup
    offer = offer_create(request=request, peer=peer, viewer=coordinator)
    assignment = offer_accept(offer=offer, viewer=viewer_for(peer.user))
    today = timezone.localdate()
    Agreement.objects.filter(assignment=assignment).update(review_date=today + datetime.timedelta(days=7))
    first = notifications_send_due(today=today)
    second = notifications_send_due(today=today)
    assert first["agreement_review"] == 2  # the coordinator and the team's contact person
    assert second["agreement_review"] == 0
    far = notifications_send_due(today=today - datetime.timedelta(days=30))
    assert far["agreement_review"] == 0


def test_the_one_service_is_idempotent_on_the_key(world):
    user = world.a.users[Role.POLICY_ADVISOR]
    kwargs = {
        "recipient": user,
        "municipality": world.a.municipality,
        "kind": NotificationKind.AGREEMENT_REVIEW,
        "key": "test:1",
        "title": "Een",
    }
    assert notification_send(**kwargs) is not None
    assert notification_send(**kwargs) is None
    assert Notification.objects.filter(recipient=user, key="test:1").count() == 1


def test_management_command_runs(world):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("notifications_send_due", stdout=out)
    assert "agreement_review: 0" in out.getvalue()


def test_overdue_intervision_is_listed_once_a_month_without_a_second_email(
    world, django_capture_on_commit_callbacks
):
    from ervaringswerk.activities import services as activity_services
    from ervaringswerk.pool.models import PeerWorker

    coordinator = world.a.users[Role.COORDINATOR]
    coordinator.email = "coord@example.org"
    coordinator.save()
    activity_services.rhythm_set(
        viewer=viewer_for(coordinator),
        organisation=world.a.organisations["pool"],
        kind="intervision",
        max_interval_days=42,
    )
    late = make_peer(world.a)
    PeerWorker.objects.filter(pk=late.pk).update(
        created_at=datetime.datetime(2025, 6, 1, 9, 0, tzinfo=timezone.get_current_timezone())
    )
    today = datetime.date(2026, 1, 10)
    with django_capture_on_commit_callbacks(execute=True):
        first = notifications_send_due(today=today)
        again = notifications_send_due(today=today + datetime.timedelta(days=1))
    assert first["intervision_overdue"] == 1 and again["intervision_overdue"] == 0
    listed = Notification.objects.get(kind=NotificationKind.INTERVISION_OVERDUE)
    assert listed.recipient == coordinator
    # one sending service (activities' reminder through notification_send): e-mailed once, not twice
    assert [m.to for m in mail.outbox] == [["coord@example.org"]]
