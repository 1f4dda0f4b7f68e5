"""E-mail reminders: upcoming sessions (to facilitators, hosts and invited peer workers) and overdue
intervision (to the peer worker and their pool's coordinators).

Idempotent: every message has a key of ids (session + start time + recipient, or peer + due date +
recipient) stored in ReminderLog in the same transaction as the send, so a second run sends nothing new,
a moved session is announced again, and a failed send is retried on the next run.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from ervaringswerk.accounts.models import Membership, Role
from ervaringswerk.core.models import Municipality

from .models import POOL_INTERNAL_KINDS, ActivityKind, ReminderLog, Session, SessionStatus
from .recurrence import AMSTERDAM
from .selectors import development_status
from .services import eligible_attendees


@dataclass(frozen=True)
class Recipient:
    key: str  # "peer:<id>" or "user:<id>"
    email: str


def _peer_recipient(peer) -> Recipient | None:
    email = peer.email or (peer.user.email if peer.user_id else "")
    return Recipient(f"peer:{peer.pk}", email) if email else None


def _user_recipient(user) -> Recipient | None:
    return Recipient(f"user:{user.pk}", user.email) if user.email else None


def _send_once(*, key: str, kind: str, municipality_id, to: str, subject: str, body: str) -> bool:
    if ReminderLog.objects.filter(key=key).exists():
        return False
    try:
        with transaction.atomic():
            ReminderLog.objects.create(municipality_id=municipality_id, key=key, kind=kind)
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=False)
    except IntegrityError:
        return False  # a parallel run sent it
    return True


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
        .select_related("activity")
        .prefetch_related("facilitators__peer__user", "facilitators__user", "activity__organisers")
    )
    for session in sessions:
        activity = session.activity
        subject = _("Herinnering: %(title)s op %(when)s") % {
            "title": activity.title,
            "when": _when(session.starts_at),
        }
        body = "\n".join(
            [
                _("Beste,"),
                "",
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
                "",
                "Ervaringswerk",
            ]
        )
        for recipient in _session_recipients(session):
            key = (
                f"upcoming:{session.pk}:{session.starts_at.astimezone(AMSTERDAM).isoformat()}:{recipient.key}"
            )
            sent += _send_once(
                key=key,
                kind="upcoming",
                municipality_id=session.municipality_id,
                to=recipient.email,
                subject=subject,
                body=body,
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
            to_peer = _peer_recipient(peer)
            if to_peer:
                sent += _send_once(
                    key=f"overdue:intervision:{peer.pk}:{status.due.isoformat()}:{to_peer.key}",
                    kind="overdue",
                    municipality_id=municipality.pk,
                    to=to_peer.email,
                    subject=_("Tijd voor intervisie"),
                    body="\n".join(
                        [
                            _("Beste %(name)s,") % {"name": peer.first_name},
                            "",
                            _(
                                "Uw laatste intervisie was %(last)s. "
                                "Uw organisatie vraagt om minstens om de %(n)s dagen."
                            )
                            % {"last": last, "n": status.max_interval_days},
                            _("De volgende intervisie: %(next)s.") % {"next": nxt},
                            "",
                            "Ervaringswerk",
                        ]
                    ),
                )
            coordinators = Membership.objects.filter(
                organisation_id=peer.organisation_id, role=Role.COORDINATOR, is_active=True
            ).select_related("user")
            for membership in coordinators:
                to_coordinator = _user_recipient(membership.user)
                if not to_coordinator:
                    continue
                sent += _send_once(
                    key=f"overdue:intervision:{peer.pk}:{status.due.isoformat()}:{to_coordinator.key}",
                    kind="overdue",
                    municipality_id=municipality.pk,
                    to=to_coordinator.email,
                    subject=_("Intervisie te laat: %(name)s") % {"name": peer},
                    body="\n".join(
                        [
                            _(
                                "%(name)s had uiterlijk %(due)s weer intervisie moeten hebben "
                                "(laatst: %(last)s)."
                            )
                            % {"name": peer, "due": date_format(status.due, "j F Y"), "last": last},
                            _("Volgende intervisie: %(next)s.") % {"next": nxt},
                            "",
                            "Ervaringswerk",
                        ]
                    ),
                )
    return sent


def reminders_send(*, now: datetime | None = None, hours: int = 48) -> dict:
    now = now or timezone.now()
    with override(settings.LANGUAGE_CODE):
        return {
            "upcoming": upcoming_reminders(now=now, hours=hours),
            "overdue": overdue_reminders(today=now.astimezone(AMSTERDAM).date()),
        }
