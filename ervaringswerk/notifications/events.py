"""Which events become notifications, and for whom. Reads other apps' rows (never writes them): events
are cross-cutting, and hooking them here keeps the deployment and hours services untouched.

Texts name no resident and no lived experience: an e-mail may be read on a shared screen. The page the
link opens shows the details to whoever may see them there.
"""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from .models import NotificationKind
from .services import notification_send

REVIEW_NOTICE_DAYS = 14


def coordinators_of(organisation_id) -> list:
    from ervaringswerk.accounts.models import Membership
    from ervaringswerk.core.tenancy import Role

    return [
        m.user
        for m in Membership.objects.filter(
            organisation_id=organisation_id, role=Role.COORDINATOR, is_active=True, user__is_active=True
        ).select_related("user")
    ]


def on_offer_saved(offer, created: bool) -> None:
    from ervaringswerk.deployment.models import OfferStatus

    peer = offer.peer
    with override("nl"):
        if created and offer.status == OfferStatus.PENDING and peer.user_id:
            notification_send(
                recipient=peer.user,
                municipality=offer.municipality,
                kind=NotificationKind.OFFER_NEW,
                key=f"offer:{offer.pk}:new",
                title=_("Nieuw aanbod voor u"),
                body=_(
                    "Er is een inzet van %(hours)s uur per week voor u. Bekijk het aanbod en laat weten of u "
                    "het aanneemt."
                )
                % {"hours": offer.hours_per_week},
                url=reverse("deployment:offer_detail", args=[offer.pk]),
            )
        if offer.status not in (OfferStatus.ACCEPTED, OfferStatus.DECLINED):
            return
        accepted = offer.status == OfferStatus.ACCEPTED
        title = _("Aanbod geaccepteerd") if accepted else _("Aanbod afgewezen")
        body = (
            _("Een ervaringsdeskundige heeft het aanbod voor een verzoek geaccepteerd.")
            if accepted
            else _("Een ervaringsdeskundige heeft het aanbod voor een verzoek afgewezen.")
        )
        recipients = {}
        if offer.offered_by_id:
            recipients[offer.offered_by_id] = offer.offered_by
        else:
            recipients.update({u.pk: u for u in coordinators_of(peer.organisation_id)})
        if accepted and offer.request.created_by_id:
            recipients[offer.request.created_by_id] = offer.request.created_by
        for user in recipients.values():
            notification_send(
                recipient=user,
                municipality=offer.municipality,
                kind=NotificationKind.OFFER_ANSWERED,
                key=f"offer:{offer.pk}:{offer.status}",
                title=title,
                body=body,
                url=reverse("deployment:request_detail", args=[offer.request_id]),
            )


def on_time_entry_saved(entry, created: bool) -> None:
    from ervaringswerk.hours.models import EntryStatus

    if entry.status != EntryStatus.RETURNED or not entry.peer.user_id:
        return
    stamp = entry.reviewed_at.isoformat() if entry.reviewed_at else "x"
    with override("nl"):
        notification_send(
            recipient=entry.peer.user,
            municipality=entry.municipality,
            kind=NotificationKind.HOURS_RETURNED,
            key=f"time_entry:{entry.pk}:returned:{stamp}",
            title=_("Uren teruggegeven"),
            body=_(
                "Uw coördinator gaf uren van %(day)s terug met een vraag. Pas ze aan en dien ze opnieuw in."
            )
            % {"day": entry.date.strftime("%d-%m-%Y")},
            url=reverse("hours:my_hours"),
        )


def agreement_reviews_due(*, today: datetime.date) -> int:
    """Agreements whose review date falls within the coming two weeks: the team's contact person and the
    pool's coordinators hear about it once per review date."""
    from ervaringswerk.deployment.models import LOAD_STATUSES, Agreement

    sent = 0
    agreements = Agreement.objects.filter(
        review_date__gte=today,
        review_date__lte=today + datetime.timedelta(days=REVIEW_NOTICE_DAYS),
        assignment__status__in=LOAD_STATUSES,
    ).select_related("assignment__peer", "contact_person", "municipality")
    with override("nl"):
        for agreement in agreements:
            recipients = {u.pk: u for u in coordinators_of(agreement.assignment.peer.organisation_id)}
            if agreement.contact_person_id:
                recipients[agreement.contact_person_id] = agreement.contact_person
            for user in recipients.values():
                sent += bool(
                    notification_send(
                        recipient=user,
                        municipality=agreement.municipality,
                        kind=NotificationKind.AGREEMENT_REVIEW,
                        key=f"agreement:{agreement.pk}:review:{agreement.review_date.isoformat()}",
                        title=_("Evaluatie van een werkafspraak op %(day)s")
                        % {"day": agreement.review_date.strftime("%d-%m-%Y")},
                        body=_("Plan het evaluatiegesprek over deze inzet met de ervaringsdeskundige."),
                        url=reverse("deployment:assignment_detail", args=[agreement.assignment_id]),
                    )
                )
    return sent


def intervision_overdue(*, today: datetime.date) -> int:
    """Peer workers overdue for intervision: the activities app's reminder (to the peer worker and their
    coordinators), which itself goes through notification_send. Keyed per peer worker and due date, so the
    daily activities job and this one never report it twice."""
    from ervaringswerk.activities.reminders import overdue_reminders

    with override("nl"):
        return overdue_reminders(today=today)


def notifications_send_due(*, today: datetime.date | None = None) -> dict:
    """The periodic job (daily): review dates, overdue intervision, and retrying undelivered e-mail."""
    from .services import notifications_retry_undelivered

    today = today or timezone.localdate()
    return {
        "agreement_review": agreement_reviews_due(today=today),
        "intervision_overdue": intervision_overdue(today=today),
        "emailed_retry": notifications_retry_undelivered(),
    }
