"""Webhooks end to end against a real receiver on loopback: signed CloudEvents, retries with backoff,
ids and links only, tenant isolation, the API and pages of the administrator, audit of changes."""

import datetime
import json
import time

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ervaringswerk.audit.models import AuditEvent
from ervaringswerk.core.reference import DeploymentKind
from ervaringswerk.core.tenancy import Role
from ervaringswerk.deployment import services as deployment
from ervaringswerk.deployment.tests.factories import make_peer, make_request, viewer
from ervaringswerk.pool.constants import Visibility
from ervaringswerk.webhooks import services, signing, tasks
from ervaringswerk.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookSubscription

from .receiver import Receiver

ALL_KINDS = ["deployment-request.submitted", "offer.accepted", "offer.declined"]


def _subscribe(api_client, user, url, kinds=ALL_KINDS):
    api_client.force_authenticate(user)
    response = api_client.post(
        reverse("webhook-subscription-list"),
        {"name": "Zaaksysteem", "url": url, "kinds": kinds},
        format="json",
    )
    assert response.status_code == 201, response.content
    return response.json()


def _accepted_offer(world, resident_code="AAS-7781"):
    """A request for individual support with a resident code and a lived-experience domain, offered to a
    peer worker who accepts: special-category data all around, none of which may leave in an event."""
    peer = make_peer(
        world.a,
        user=world.a.users[Role.PEER_WORKER],
        first_name="Geheime",
        last_name="Naamvanpeer",
        experiences={"verslaving": Visibility.MATCHING},
    )
    request = make_request(
        world.a,
        kind=DeploymentKind.INDIVIDUAL_SUPPORT,
        resident_code=resident_code,
        title="Steun bij verslaving en schulden",
        needed=["verslaving"],
    )
    offer = deployment.offer_create(
        request=request, peer=peer, viewer=viewer(world.a.users[Role.COORDINATOR])
    )
    assignment = deployment.offer_accept(offer=offer, viewer=viewer(world.a.users[Role.PEER_WORKER]))
    return request, offer, assignment


def test_a_signed_cloudevent_is_retried_after_a_500_and_then_delivered(
    world, api_client, django_capture_on_commit_callbacks
):
    with Receiver(statuses=[500]) as receiver:
        created = _subscribe(api_client, world.a.users[Role.ADMINISTRATOR], receiver.url, ["offer.accepted"])
        secret = created["secret"]
        assert secret.startswith("whsec_")
        with django_capture_on_commit_callbacks(execute=True):
            request, offer, assignment = _accepted_offer(world)
        # First attempt: the receiver answered 500; the delivery waits for its retry.
        assert len(receiver.received) == 1
        delivery = WebhookDelivery.objects.get()
        assert delivery.status == DeliveryStatus.PENDING and delivery.attempts == 1
        assert delivery.response_code == 500
        wait = delivery.next_attempt_at - delivery.last_attempt_at
        assert wait == datetime.timedelta(seconds=30)
        # Not due yet: the sweep sends nothing.
        assert tasks.deliveries_due() == 0 and len(receiver.received) == 1
        # Its time has come: the second attempt succeeds.
        assert tasks.deliveries_due(now=delivery.next_attempt_at) == 1
        assert len(receiver.received) == 2
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.attempts == 2
    assert delivery.response_code == 200 and delivery.next_attempt_at is None
    # Delivered is final: a late duplicate task sends nothing (idempotent).
    assert tasks.webhook_deliver_task(str(delivery.pk)) is None

    first, second = receiver.received
    assert first.body == second.body  # the same event, byte for byte
    assert first.headers["webhook-id"] == second.headers["webhook-id"] == str(delivery.pk)
    assert first.path == "/ontvang?bron=ew"
    for got in (first, second):
        assert got.headers["content-type"].startswith("application/cloudevents+json")
        assert signing.signature_valid(
            secret=secret, headers=got.headers, body=got.body, now=int(time.time())
        )
        # Another secret, an altered body or an old timestamp do not pass.
        assert not signing.signature_valid(
            secret=signing.secret_new(), headers=got.headers, body=got.body, now=int(time.time())
        )
        assert not signing.signature_valid(
            secret=secret, headers=got.headers, body=got.body + b" ", now=int(time.time())
        )
        assert not signing.signature_valid(
            secret=secret, headers=got.headers, body=got.body, now=int(time.time()) + 301
        )

    event = json.loads(first.body)
    assert event["specversion"] == "1.0"
    assert event["type"] == "nl.ervaringswerk.offer.accepted"
    assert event["id"] == str(delivery.event_id)
    assert event["source"].endswith("/api/v1")
    assert event["subject"] == f"offers/{offer.pk}"
    assert datetime.datetime.fromisoformat(event["time"]).tzinfo is not None
    assert event["municipality"] == world.a.municipality.cbs_code
    assert event["data"] == {
        "offer": {"id": str(offer.pk), "url": f"{event['source']}/offers/{offer.pk}/"},
        "deployment_request": {
            "id": str(request.pk),
            "url": f"{event['source']}/deployment-requests/{request.pk}/",
        },
        "assignment": {"id": str(assignment.pk), "url": f"{event['source']}/assignments/{assignment.pk}/"},
    }
    # No special-category data, no names, no free text: ids and links only.
    text = first.body.decode()
    for secret_thing in (
        "AAS-7781",
        "verslaving",
        "Verslaving",
        "Naamvanpeer",
        "Geheime",
        "schulden",
        secret,
    ):
        assert secret_thing not in text


def test_the_delivery_log_shows_status_attempts_code_and_next_retry(
    world, api_client, client_for, django_capture_on_commit_callbacks
):
    admin = world.a.users[Role.ADMINISTRATOR]
    with Receiver(statuses=[503]) as receiver:
        created = _subscribe(api_client, admin, receiver.url)
        with django_capture_on_commit_callbacks(execute=True):
            _accepted_offer(world)
    log = api_client.get(reverse("webhook-delivery-list"), {"status": "pending"}).json()
    assert log["count"] == 1
    row = log["results"][0]
    assert row["subscription"] == created["id"] and row["type"] == "nl.ervaringswerk.offer.accepted"
    assert row["attempts"] == 1 and row["response_code"] == 503 and row["next_attempt_at"]
    page = client_for(admin).get(reverse("webhooks:subscription_detail", args=[created["id"]]))
    html = page.content.decode()
    assert page.status_code == 200 and "Aanbod geaccepteerd" in html and "503" in html
    assert created["secret"] not in html
    # The secret is never shown again: not in the list, not in the detail.
    for url in (
        reverse("webhook-subscription-list"),
        reverse("webhook-subscription-detail", args=[created["id"]]),
    ):
        assert created["secret"] not in api_client.get(url).content.decode()


def test_another_municipalitys_events_are_never_delivered(
    world, api_client, django_capture_on_commit_callbacks
):
    with Receiver() as receiver:
        _subscribe(api_client, world.a.users[Role.ADMINISTRATOR], receiver.url)
        b_coordinator = viewer(world.b.users[Role.COORDINATOR])
        with django_capture_on_commit_callbacks(execute=True):
            request = make_request(world.b)
            peer = make_peer(world.b)
            offer = deployment.offer_create(request=request, peer=peer, viewer=b_coordinator)
            deployment.offer_decline(offer=offer, viewer=b_coordinator, reason="no_time")
        assert receiver.received == []
    assert not WebhookDelivery.objects.exists()
    # ... and B's administrator cannot see or change A's subscription (404, not 403).
    sub = WebhookSubscription.objects.get()
    b_admin = world.b.users[Role.ADMINISTRATOR]
    api_client.force_authenticate(b_admin)
    detail = reverse("webhook-subscription-detail", args=[sub.pk])
    assert api_client.get(detail).status_code == 404
    assert api_client.patch(detail, {"is_active": False}, format="json").status_code == 404
    assert api_client.get(reverse("webhook-subscription-list")).json()["count"] == 0


def test_a_rolled_back_change_sends_nothing(world, api_client, django_capture_on_commit_callbacks):
    with Receiver() as receiver:
        _subscribe(api_client, world.a.users[Role.ADMINISTRATOR], receiver.url)
        with (
            django_capture_on_commit_callbacks(execute=True),
            pytest.raises(RuntimeError),
            transaction.atomic(),
        ):
            _accepted_offer(world)
            raise RuntimeError
        assert receiver.received == []
    assert not WebhookDelivery.objects.exists()


def test_it_gives_up_after_the_last_attempt_and_at_once_on_410(
    world, api_client, settings, django_capture_on_commit_callbacks
):
    settings.EW_WEBHOOK_MAX_ATTEMPTS = 3
    with Receiver(statuses=[500, 500, 500, 410]) as receiver:
        _subscribe(api_client, world.a.users[Role.ADMINISTRATOR], receiver.url, ["offer.declined"])
        coordinator = viewer(world.a.users[Role.COORDINATOR])
        with django_capture_on_commit_callbacks(execute=True):
            offer = deployment.offer_create(
                request=make_request(world.a), peer=make_peer(world.a), viewer=coordinator
            )
            deployment.offer_decline(offer=offer, viewer=coordinator, reason="no_time")
        delivery = WebhookDelivery.objects.get()
        waits = []
        for _ in range(3):
            delivery.refresh_from_db()
            if delivery.next_attempt_at is None:
                break
            waits.append((delivery.next_attempt_at - delivery.last_attempt_at).total_seconds())
            tasks.deliveries_due(now=delivery.next_attempt_at)
        delivery.refresh_from_db()
        assert waits == [30, 60]  # exponential backoff
        assert delivery.status == DeliveryStatus.FAILED and delivery.attempts == 3
        assert delivery.next_attempt_at is None and len(receiver.received) == 3
        # 410 Gone: no retry at all.
        with django_capture_on_commit_callbacks(execute=True):
            offer = deployment.offer_create(
                request=make_request(world.a), peer=make_peer(world.a), viewer=coordinator
            )
            deployment.offer_decline(offer=offer, viewer=coordinator, reason="no_time")
    gone = WebhookDelivery.objects.exclude(pk=delivery.pk).get()
    assert gone.status == DeliveryStatus.FAILED and gone.attempts == 1 and gone.response_code == 410


def test_each_service_publishes_its_kind_after_commit(world, monkeypatch, django_capture_on_commit_callbacks):
    published = []
    monkeypatch.setattr(services, "deliveries_fan_out", lambda *, event: published.append(event))
    coordinator = viewer(world.a.users[Role.COORDINATOR])
    professional = viewer(world.a.users[Role.PROFESSIONAL])
    with django_capture_on_commit_callbacks(execute=True):
        draft = deployment.request_create(
            viewer=professional,
            kind=DeploymentKind.CONSULTATION,
            title="Consultatie",
            hours_per_week=2,
            domains_needed=[],
            domains_preferred=[],
            submit=False,
        )
        assert published == []  # a draft is not submitted
        deployment.request_submit(request=draft, viewer=professional)
        assert published == []  # not before the commit
    with django_capture_on_commit_callbacks(execute=True):
        peer = make_peer(world.a)
        offer = deployment.offer_create(request=make_request(world.a), peer=peer, viewer=coordinator)
        assignment = deployment.offer_accept(offer=offer, viewer=coordinator)
        deployment.assignment_start(assignment=assignment, viewer=coordinator)
        deployment.assignment_end(assignment=assignment, viewer=coordinator, reason="completed")
        declined = deployment.offer_create(request=make_request(world.a), peer=peer, viewer=coordinator)
        deployment.offer_decline(offer=declined, viewer=coordinator, reason="no_time")
    kinds = [e.kind for e in published]
    assert kinds == [
        "deployment-request.submitted",
        "offer.accepted",
        "assignment.started",
        "assignment.ended",
        "offer.declined",
    ]
    assert {e.municipality_id for e in published} == {world.a.municipality.pk}
    assert published[0].resources == {"deployment_request": str(draft.pk)}


def test_a_time_entry_approval_and_an_issued_statement_publish(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    from ervaringswerk.hours import services as hours
    from ervaringswerk.hours.statements import statement_issue
    from ervaringswerk.hours.tests.factories import peer_for, programme_for
    from ervaringswerk.hours.tests.matrix_api import last_month_weekday

    published = []
    monkeypatch.setattr(services, "deliveries_fan_out", lambda *, event: published.append(event))
    day = last_month_weekday()
    programme = programme_for(
        world.a,
        start=day.replace(day=1) - datetime.timedelta(days=60),
        end=day + datetime.timedelta(days=200),
    )
    peer = peer_for(world.a)
    coordinator = viewer(world.a.users[Role.COORDINATOR])
    entry = hours.time_entry_create(
        peer=peer,
        date=day,
        minutes=90,
        work_kind="direct_contact",
        programme=programme,
        partner=world.a.organisations["team"],
        actor=coordinator,
    )
    with django_capture_on_commit_callbacks(execute=True):
        hours.time_entry_approve(entry=entry, actor=coordinator)
        statement = statement_issue(
            issuer=world.a.organisations["pool"],
            partner=world.a.organisations["team"],
            month=day,
            actor=coordinator,
        )
    assert [(e.kind, e.resources) for e in published] == [
        ("time-entry.approved", {"time_entry": str(entry.pk)}),
        ("hire-out-statement.issued", {"hire_out_statement": str(statement.pk)}),
    ]


@pytest.mark.parametrize(
    "url",
    [
        "https://10.0.0.7/hook",
        "https://192.168.1.20/hook",
        "https://172.16.5.5/hook",
        "https://169.254.169.254/latest/meta-data/",  # cloud metadata
        "https://100.64.0.1/hook",  # carrier-grade NAT
        "https://[fd00::1]/hook",
        "https://[::ffff:10.0.0.7]/hook",
        "https://0.0.0.0/hook",
        "https://224.0.0.1/hook",
        "http://93.184.215.14/hook",  # public, but not https
        "ftp://93.184.215.14/hook",
        "https://gebruiker:wachtwoord@93.184.215.14/hook",
    ],
)
def test_private_networks_plain_http_and_credentials_are_refused(world, api_client, url):
    api_client.force_authenticate(world.a.users[Role.ADMINISTRATOR])
    response = api_client.post(
        reverse("webhook-subscription-list"),
        {"name": "X", "url": url, "kinds": ["offer.accepted"]},
        format="json",
    )
    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    assert [p["name"] for p in response.json()["invalid_params"]] == ["url"]
    assert not WebhookSubscription.objects.exists()


def test_loopback_only_where_allowed_and_a_public_https_address_passes(world, settings):
    from django.core.exceptions import ValidationError

    from ervaringswerk.webhooks.targets import target_resolve

    assert target_resolve("https://93.184.215.14:8443/x?y=1").address == "93.184.215.14"
    assert target_resolve("http://127.0.0.1:9/x").address == "127.0.0.1"
    settings.EW_WEBHOOK_ALLOW_LOOPBACK = False  # as in production
    for url in ("http://127.0.0.1:9/x", "https://127.0.0.1/x", "https://[::1]/x", "https://localhost/x"):
        with pytest.raises(ValidationError):
            target_resolve(url)
    settings.EW_WEBHOOK_ALLOWED_NETWORKS = ["10.20.0.0/16"]  # an operator's deliberate exception
    assert target_resolve("https://10.20.3.4/x").address == "10.20.3.4"
    with pytest.raises(ValidationError):
        target_resolve("https://10.21.3.4/x")


def test_a_target_that_turns_private_is_not_contacted(
    world, api_client, settings, django_capture_on_commit_callbacks
):
    """Checked again before every attempt: a subscription whose address became internal fails, unsent."""
    with Receiver() as receiver:
        _subscribe(api_client, world.a.users[Role.ADMINISTRATOR], receiver.url, ["offer.accepted"])
        settings.EW_WEBHOOK_ALLOW_LOOPBACK = False
        with django_capture_on_commit_callbacks(execute=True):
            _accepted_offer(world)
        assert receiver.received == []
    delivery = WebhookDelivery.objects.get()
    assert delivery.error == "target_refused" and delivery.response_code is None


def test_unknown_kinds_and_fields_are_400(world, api_client):
    api_client.force_authenticate(world.a.users[Role.ADMINISTRATOR])
    url = reverse("webhook-subscription-list")
    bad_kind = api_client.post(
        url, {"name": "X", "url": "https://93.184.215.14/", "kinds": ["x.y"]}, format="json"
    )
    assert bad_kind.status_code == 400 and bad_kind.json()["invalid_params"][0]["name"].startswith("kinds")
    empty = api_client.post(url, {"name": "X", "url": "https://93.184.215.14/", "kinds": []}, format="json")
    assert empty.status_code == 400
    unknown = api_client.post(
        url,
        {"name": "X", "url": "https://93.184.215.14/", "kinds": ["offer.accepted"], "secret": "x"},
        format="json",
    )
    assert unknown.status_code == 400 and unknown.json()["invalid_params"][0]["name"] == "secret"


def test_subscription_changes_are_audited_by_field_name_never_the_secret(world, api_client):
    created = _subscribe(api_client, world.a.users[Role.ADMINISTRATOR], "https://93.184.215.14/hook")
    detail = reverse("webhook-subscription-detail", args=[created["id"]])
    assert (
        api_client.patch(detail, {"is_active": False, "name": "Datawarehouse"}, format="json").status_code
        == 200
    )
    rotated = api_client.post(reverse("webhook-subscription-rotate-secret", args=[created["id"]]))
    assert rotated.status_code == 200 and rotated["Cache-Control"] == "no-store"
    new_secret = rotated.json()["secret"]
    assert new_secret.startswith("whsec_") and new_secret != created["secret"]
    assert api_client.delete(detail).status_code == 204
    events = AuditEvent.objects.filter(object_type="webhooks.webhooksubscription", object_id=created["id"])
    steps = [(e.action, sorted(e.changed_fields or [])) for e in events.order_by("timestamp", "id")]
    assert steps == [
        ("create", []),
        ("update", ["is_active", "name"]),
        ("update", ["secret"]),
        ("delete", []),
    ]
    assert {e.actor_id for e in events} == {world.a.users[Role.ADMINISTRATOR].pk}
    dumped = json.dumps([list(AuditEvent.objects.values_list("details", "object_repr"))], default=str)
    assert created["secret"] not in dumped and new_secret not in dumped


def test_the_console_page_creates_a_subscription_and_shows_the_secret_once(world, client_for):
    client = client_for(world.a.users[Role.ADMINISTRATOR])
    page = client.get(reverse("webhooks:subscriptions"))
    assert page.status_code == 200 and "Abonnement toevoegen" in page.content.decode()
    refused = client.post(
        reverse("webhooks:subscriptions"),
        {"name": "Intern", "url": "https://10.1.2.3/x", "kinds": ["offer.accepted"]},
    )
    assert refused.status_code == 200 and "privé-netwerk" in refused.content.decode()
    assert 'value="Intern"' in refused.content.decode()  # the form keeps what was typed
    made = client.post(
        reverse("webhooks:subscriptions"),
        {
            "name": "Zaaksysteem",
            "url": "https://93.184.215.14/x",
            "kinds": ["offer.accepted", "assignment.ended"],
            "is_active": "on",
        },
    )
    sub = WebhookSubscription.objects.get()
    assert made.status_code == 200 and made["Cache-Control"] == "no-store"
    assert sub.secret in made.content.decode()
    assert (
        sub.kinds == ["offer.accepted", "assignment.ended"]
        and sub.created_by == world.a.users[Role.ADMINISTRATOR]
    )
    detail = client.get(reverse("webhooks:subscription_detail", args=[sub.pk]))
    assert detail.status_code == 200 and sub.secret not in detail.content.decode()
    client.post(reverse("webhooks:subscription_detail", args=[sub.pk]), {"action": "delete"})
    assert not WebhookSubscription.objects.exists()


def test_the_delivery_log_keeps_thirty_days(world):
    from ervaringswerk.webhooks.delivery import deliveries_purge

    sub = WebhookSubscription.objects.create(
        municipality=world.a.municipality,
        name="X",
        url="https://93.184.215.14/",
        kinds=["offer.accepted"],
        secret="whsec_AA==",
    )
    old = WebhookDelivery.objects.create(
        municipality=world.a.municipality, subscription=sub, kind="offer.accepted", subject="s", body="{}"
    )
    assert deliveries_purge(now=timezone.now() + datetime.timedelta(days=29)) == 0
    assert deliveries_purge(now=timezone.now() + datetime.timedelta(days=31)) == 1
    assert not WebhookDelivery.objects.filter(pk=old.pk).exists()
