"""The ONE door for notifications: `notification_send` records the event for the person (idempotent on
its key) and schedules the e-mail; `notification_deliver` sends that e-mail at most once.

Delivery is queued on Celery after the surrounding transaction commits (`_schedule_delivery`, task
`notifications.tasks.notification_deliver_task`; eager, in the web process, in the demo and the tests).
Anything that failed to send is retried by `notifications_send_due` (beat; manage.py by hand).
"""

import logging
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ervaringswerk.core.tenancy import Viewer

from .models import ALWAYS_EMAIL, Notification, NotificationKind, NotificationPreference
from .registry import LINK_BUILDERS, build_link

logger = logging.getLogger(__name__)


def absolute_url(path: str) -> str:
    if not path or path.startswith(("http://", "https://")):
        return path
    return settings.EW_SITE_URL.rstrip("/") + path


def _queue_delivery(notification_id) -> None:
    from .tasks import notification_deliver_task

    notification_deliver_task.delay(str(notification_id))


def _schedule_delivery(notification_id) -> None:
    # robust: a failing mail server or an unreachable broker must not turn a committed change into an
    # error page; the row stays undelivered and the periodic job retries it.
    transaction.on_commit(partial(_queue_delivery, notification_id), robust=True)


def notification_send(
    *,
    recipient,
    municipality,
    kind: str,
    key: str,
    title: str,
    body: str = "",
    url: str = "",
    link_builder: str = "",
    subject_id: str = "",
    email_skipped: str = "",
) -> Notification | None:
    """Tell one person about one event. Returns None when this person already heard of this event.
    `email_skipped` (a reason) lists the event without e-mailing it, e.g. when another channel mails it."""
    if kind not in NotificationKind.values:
        raise ValidationError(f"Unknown notification kind {kind!r}")
    if link_builder and link_builder not in LINK_BUILDERS:
        raise ValidationError(f"Unknown link builder {link_builder!r}")
    if recipient is None:
        return None
    if Notification.objects.filter(recipient=recipient, key=key).exists():
        return None
    try:
        with transaction.atomic():  # a savepoint: a concurrent duplicate loses on the unique constraint
            notification = Notification.objects.create(
                municipality=municipality,
                recipient=recipient,
                kind=kind,
                key=key[:200],
                title=title[:200],
                body=body,
                url=url,
                link_builder=link_builder,
                subject_id=str(subject_id or ""),
            )
    except IntegrityError:
        return None
    from ervaringswerk.audit import context as audit_context

    ctx = audit_context.current()
    if ctx is not None and ctx.channel == "suppressed":
        # Bulk loading (the demo data): the notification is listed, nobody is e-mailed.
        email_skipped = "bulkinvoer"
    if email_skipped:
        notification.email_skipped = email_skipped[:100]
        notification.save(update_fields=["email_skipped", "updated_at"])
        return notification
    _schedule_delivery(notification.pk)
    return notification


def wants_email(*, user, municipality_id, kind: str) -> bool:
    if kind in ALWAYS_EMAIL:
        return True
    pref = NotificationPreference.objects.filter(
        user=user, municipality_id=municipality_id, kind=kind
    ).first()
    return True if pref is None else pref.email


def notification_deliver(*, notification_id) -> bool:
    """Send the e-mail for one notification, at most once (the row is locked while sending)."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .select_related("recipient")
            .filter(pk=notification_id)
            .first()
        )
        if notification is None or notification.emailed_at or notification.email_skipped:
            return False
        recipient = notification.recipient
        if not recipient.email:
            notification.email_skipped = "geen e-mailadres"
        elif not wants_email(
            user=recipient, municipality_id=notification.municipality_id, kind=notification.kind
        ):
            notification.email_skipped = "e-mail uitgezet"
        if notification.email_skipped:
            notification.save(update_fields=["email_skipped", "updated_at"])
            return False
        if notification.link_builder:
            link = absolute_url(build_link(notification.link_builder, notification.subject_id))
        else:
            link = absolute_url(notification.url)
        with translation.override("nl"):
            text = render_to_string(
                "notifications/email.txt",
                {
                    "notification": notification,
                    "link": link,
                    "preferences_url": absolute_url("/meldingen/voorkeuren/"),
                    "always": notification.kind in ALWAYS_EMAIL,
                },
            )
            send_mail(
                subject=f"Ervaringswerk: {notification.title}",
                message=text,
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[recipient.email],
            )
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at", "updated_at"])
        return True


@transaction.atomic
def notification_mark_read(*, viewer: Viewer, notification: Notification) -> Notification:
    if notification.recipient_id != viewer.user_id:
        raise ValidationError(_("Deze melding is niet voor u."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at", "updated_at"])
    return notification


@transaction.atomic
def notifications_mark_all_read(*, viewer: Viewer) -> int:
    from ervaringswerk.audit.models import AuditAction
    from ervaringswerk.audit.services import audit_record

    done = Notification.objects.filter(recipient=viewer.user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    if done:  # update() bypasses the automatic audit events
        audit_record(
            action=AuditAction.UPDATE,
            viewer=viewer,
            object_type="notifications.notification",
            object_repr=f"{done} meldingen gelezen",
            changed_fields=["read_at"],
        )
    return done


@transaction.atomic
def notification_preferences_set(*, viewer: Viewer, email_by_kind: dict) -> None:
    """Save e-mail on/off per kind for the viewer in their current municipality."""
    for kind, email in email_by_kind.items():
        if kind not in NotificationKind.values or kind in ALWAYS_EMAIL:
            raise ValidationError(_("Deze soort melding bestaat niet of kan niet worden uitgezet."))
        pref, created = NotificationPreference.objects.get_or_create(
            user=viewer.user,
            municipality_id=viewer.municipality_id,
            kind=kind,
            defaults={"email": bool(email)},
        )
        if not created and pref.email != bool(email):
            pref.email = bool(email)
            pref.save(update_fields=["email", "updated_at"])


def notifications_retry_undelivered(*, limit: int = 500) -> int:
    """Deliver what was recorded but not e-mailed yet (a mail server that was down, a crashed process)."""
    sent = 0
    ids = list(
        Notification.objects.filter(emailed_at__isnull=True, email_skipped="")
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    for pk in ids:
        try:
            sent += notification_deliver(notification_id=pk)
        except Exception:  # noqa: BLE001 - one bad address must not stop the others; logged, retried later
            logger.exception("notification %s could not be e-mailed", pk)
    return sent
