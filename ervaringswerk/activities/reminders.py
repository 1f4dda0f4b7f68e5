"""Reminders: upcoming sessions (to facilitators, hosts and invited peer workers) and overdue
intervision (to the peer worker and their pool's coordinators).

Every reminder to someone with a login goes through the one sending service,
`notifications.services.notification_send`: it is listed in /meldingen/ and e-mailed once (unless the
person switched that kind of e-mail off). Its key is made of ids only (session + start time, or peer +
due date); the notification's unique (recipient, key) makes a second run send nothing new, while a moved
session is announced again. A peer worker without a login has no /meldingen/: they get the e-mail only,
once, logged in ReminderLog in the same transaction as the send (a failed send is retried next run).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from ervaringswerk.accounts.models import Membership
from ervaringswerk.core.models import Municipality
from ervaringswerk.core.tenancy import Role
from ervaringswerk.notifications.services import notification_send

from .models import POOL_INTERNAL_KINDS, ActivityKind, ReminderLog, Session, SessionStatus
from .recurrence import AMSTERDAM
from .selectors import development_status
from .services import eligible_attendees

# notifications.models.NotificationKind values (notification_send refuses an unknown kind)
SESSION_UPCOMING = "session_upcoming"
INTERVISION_OVERDUE = "intervision_overdue"


@dataclass(frozen=True)
class Recipient:
    key: str  # "peer:<id>" or "user:<id>"
    email: str
    user: object = None  # the login, when there is one: then the reminder is a notification
    first_name: str = ""


def _peer_recipient(peer) -> Recipient | None:
    if peer.user_id and peer.user.is_active:
        return Recipient(f"user:{peer.user_id}", peer.user.email, peer.user, peer.first_name)
    email = peer.email or (peer.user.email if peer.user_id else "")
    return Recipient(f"peer:{peer.pk}", email, None, peer.first_name) if email else None


def _user_recipient(user) -> Recipient | None:
    return Recipient(f"user:{user.pk}", user.email, user, user.first_name) if user.is_active else None


def _email_only(*, key: str, kind: str, municipality_id, to: str, subject: str, body: str) -> bool:
    """For a peer worker without a login only: no /meldingen/ to list it in, so the e-mail itself."""
    if ReminderLog.objects.filter(key=key).exists():
        return False
    try:
        with transaction.atomic():
            ReminderLog.objects.create(municipality_id=municipality_id, key=key, kind=kind)
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=False)
    except IntegrityError:
        return False  # a parallel run sent it
    return True


def _remind(
    recipient: Recipient, *, municipality, kind: str, log_kind: str, key: str, title: str, body: str, url: str
) -> bool:
    """One reminder to one person, at most once: a notification (listed and e-mailed by the one sending
    service) for a login, the e-mail alone for a peer worker without one."""
    if recipient.user is not None:
        return bool(
            notification_send(
                recipient=recipient.user,
                municipality=municipality,
                kind=kind,
                key=key,
                title=title,
                body=body,
                url=url,
            )
        )
    greeting = _("Beste %(name)s,") % {"name": recipient.first_name} if recipient.first_name else _("Beste,")
    text = "\n".join([greeting, "", title, "", body, "", "Ervaringswerk"])
    return _email_only(
        key=f"{key}:{recipient.key}",
        kind=log_kind,
        municipality_id=municipality.pk,
        to=recipient.email,
        subject=title,
        body=text,
    )


def _when(moment: datetime) -> str:
    return date_format(moment.astimezone(AMSTERDAM), "l j F Y, H:i")


def _session_recipients(session: Session) -> list[Recipient]:
    people = []
    for facilitator in session.facilitators.all():
        recipient = (
            _peer_recipient(facilitator.peer) if facilitator.peer_id else _user_recipient(facilitator.user)
        )
        if recipient:
            people.append(recipient)
    if session.activity.kind in POOL_INTERNAL_KINDS or session.activity.has_peer_attendance:
        for peer in eligible_attendees(session).filter(status="active").select_related("user"):
            recipient = _peer_recipient(peer)
            if recipient:
                people.append(recipient)
    unique = {r.key: r for r in people}
    return list(unique.values())


def upcoming_reminders(*, now: datetime, hours: int = 48) -> int:
    sent = 0
    sessions = (
        Session.objects.filter(
            status=SessionStatus.PLANNED, starts_at__gt=now, starts_at__lte=now + timedelta(hours=hours)
        )
        .select_related("activity", "municipality")
        .prefetch_related("facilitators__peer__user", "facilitators__user", "activity__organisers")
    )
    for session in sessions:
        activity = session.activity
        title = _("Herinnering: %(title)s op %(when)s") % {
            "title": activity.title,
            "when": _when(session.starts_at),
        }
        body = "\n".join(
            [
                _("U staat ingepland voor %(title)s (%(kind)s).")
                % {"title": activity.title, "kind": activity.get_kind_display()},
                _("Wanneer: %(when)s tot %(end)s")
                % {
                    "when": _when(session.starts_at),
                    "end": session.ends_at.astimezone(AMSTERDAM).strftime("%H:%M"),
                },
                _("Waar: %(place)s") % {"place": session.effective_place or "–"},
                "",
                _("Kunt u niet? Laat het uw coördinator zo snel mogelijk weten."),
            ]
        )
        key = f"session:{session.pk}:{session.starts_at.astimezone(AMSTERDAM).isoformat()}"
        for recipient in _session_recipients(session):
            sent += _remind(
                recipient,
                municipality=session.municipality,
                kind=SESSION_UPCOMING,
                log_kind="upcoming",
                key=key,
                title=title,
                body=body,
                url=reverse("activities:session", args=[session.pk]),
            )
    return sent


def overdue_reminders(*, today) -> int:
    sent = 0
    for municipality in Municipality.objects.all():
        for status in development_status(
            municipality_id=municipality.pk, kind=ActivityKind.INTERVISION, today=today
        ):
            if not status.is_overdue:
                continue
            peer = status.peer
            last = date_format(status.last_attended, "j F Y") if status.last_attended else _("nog niet")
            nxt = date_format(status.next_planned, "j F Y") if status.next_planned else _("nog niet gepland")
            # one event per peer worker and due date: the same key for the peer worker and each coordinator
            key = f"intervision:{peer.pk}:{status.due.isoformat()}"
            to_peer = _peer_recipient(peer)
            if to_peer:
                sent += _remind(
                    to_peer,
                    municipality=municipality,
                    kind=INTERVISION_OVERDUE,
                    log_kind="overdue",
                    key=key,
                    title=_("Tijd voor intervisie"),
                    body="\n".join(
                        [
                            _(
                                "Uw laatste intervisie was %(last)s. "
                                "Uw organisatie vraagt om minstens om de %(n)s dagen."
                            )
                            % {"last": last, "n": status.max_interval_days},
                            _("De volgende intervisie: %(next)s.") % {"next": nxt},
                        ]
                    ),
                    url=reverse("core:my_work"),
                )
            coordinators = Membership.objects.filter(
                organisation_id=peer.organisation_id, role=Role.COORDINATOR, is_active=True
            ).select_related("user")
            for membership in coordinators:
                to_coordinator = _user_recipient(membership.user)
                if not to_coordinator:
                    continue
                sent += _remind(
                    to_coordinator,
                    municipality=municipality,
                    kind=INTERVISION_OVERDUE,
                    log_kind="overdue",
                    key=key,
                    title=_("Intervisie te laat in uw pool"),
                    body="\n".join(
                        [
                            _(
                                "%(name)s had uiterlijk %(due)s weer intervisie moeten hebben "
                                "(laatst: %(last)s)."
                            )
                            % {"name": peer, "due": date_format(status.due, "j F Y"), "last": last},
                            _("Volgende intervisie: %(next)s.") % {"next": nxt},
                        ]
                    ),
                    url=reverse("activities:development"),
                )
    return sent


def reminders_send(*, now: datetime | None = None, hours: int = 48) -> dict:
    now = now or timezone.now()
    with override(settings.LANGUAGE_CODE):
        return {
            "upcoming": upcoming_reminders(now=now, hours=hours),
            "overdue": overdue_reminders(today=now.astimezone(AMSTERDAM).date()),
        }
