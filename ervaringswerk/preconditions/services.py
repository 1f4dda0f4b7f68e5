"""Writes for preconditions self-assessments and actions. Each one transaction, validated, audited."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from ervaringswerk.accounts.selectors import active_members_by_organisation
from ervaringswerk.audit import context as audit_context
from ervaringswerk.audit.models import AuditAction
from ervaringswerk.audit.services import audit_record
from ervaringswerk.core.reference import Precondition
from ervaringswerk.core.tenancy import Role, Viewer
from ervaringswerk.notifications.services import notification_send
from ervaringswerk.pool.selectors import peer_workers_of_organisation

from .models import (
    Action,
    ActionStatus,
    Assessment,
    AssessmentItem,
    AssessmentRound,
    Level,
    PeerResponse,
    PeerResponseItem,
    RoundOrganisation,
    RoundParticipation,
)
from .participation import participant_key, participant_keys

# notifications.models.NotificationKind value (notification_send refuses an unknown kind)
PRECONDITIONS_ROUND = "preconditions_round"
MANAGERS = (Role.TEAM_LEAD, Role.COORDINATOR)


@transaction.atomic
def assessment_create(
    *, viewer: Viewer | None, organisation, assessed_on: datetime.date, items: dict[str, dict]
) -> Assessment:
    """items: {precondition: {"score": 1-5, "explanation": str, "evidence": str}}; at least one scored."""
    if assessed_on > timezone.localdate():
        raise ValidationError({"assessed_on": _("Een zelfevaluatie kan niet in de toekomst liggen.")})
    clean = {}
    errors = []
    for key, values in items.items():
        if key not in Precondition.values:
            errors.append(_("Onbekende randvoorwaarde: %(key)s.") % {"key": key})
            continue
        score = values.get("score")
        if score in (None, ""):
            continue
        if int(score) not in Level.values:
            errors.append(_("Een score ligt tussen 1 en 5."))
            continue
        clean[key] = {
            "score": int(score),
            "explanation": (values.get("explanation") or "").strip(),
            "evidence": (values.get("evidence") or "").strip(),
        }
    if errors:
        raise ValidationError(errors)
    if not clean:
        raise ValidationError(_("Geef minstens één randvoorwaarde een score."))
    assessment = Assessment(
        municipality_id=organisation.municipality_id,
        organisation=organisation,
        assessed_on=assessed_on,
        assessed_by=getattr(viewer, "user", None),
    )
    assessment.full_clean()
    assessment.save()
    AssessmentItem.objects.bulk_create(
        AssessmentItem(
            municipality_id=organisation.municipality_id, assessment=assessment, precondition=key, **v
        )
        for key, v in clean.items()
    )
    audit_record(
        action=AuditAction.CREATE,
        obj=assessment,
        viewer=viewer,
        object_type="preconditions.assessmentitem",
        changed_fields=sorted(clean),
    )
    return assessment


@transaction.atomic
def action_create(
    *,
    viewer: Viewer | None,
    organisation,
    precondition: str,
    description: str,
    owner: str,
    due_date: datetime.date,
    assessment: Assessment | None = None,
) -> Action:
    if assessment is not None and assessment.organisation_id != organisation.pk:
        raise ValidationError({"assessment": _("Deze zelfevaluatie hoort bij een andere organisatie.")})
    action = Action(
        municipality_id=organisation.municipality_id,
        organisation=organisation,
        assessment=assessment,
        precondition=precondition,
        description=(description or "").strip(),
        owner=(owner or "").strip(),
        due_date=due_date,
    )
    action.full_clean()
    action.save()
    return action


@transaction.atomic
def action_complete(
    *, viewer: Viewer | None, action: Action, completed_on: datetime.date | None = None
) -> Action:
    action = Action.objects.select_for_update().get(pk=action.pk)
    if action.status == ActionStatus.DONE:
        raise ValidationError(_("Deze actie is al afgerond."))
    action.status = ActionStatus.DONE
    action.completed_on = completed_on or timezone.localdate()
    action.full_clean()
    action.save()
    return action


# ---------------------------------------------------------------------------------------------------------
# Rounds


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _clean_reminder_days(days) -> list[int]:
    try:
        clean = sorted({int(d) for d in days}, reverse=True)
    except (TypeError, ValueError) as exc:
        raise ValidationError({"reminder_days": _("Herinneringsdagen zijn hele getallen.")}) from exc
    if any(d < 1 or d > 60 for d in clean):
        raise ValidationError({"reminder_days": _("Herinner tussen 1 en 60 dagen vóór de sluitingsdatum.")})
    return clean


@transaction.atomic
def round_open(
    *,
    viewer: Viewer,
    title: str,
    deadline: datetime.date,
    organisations,
    note: str = "",
    reminder_days=None,
) -> AssessmentRound:
    """Open a round: every organisation asked gets an entry, its team leads and coordinators a
    notification, and its peer workers (with a login) an invitation to give their own anonymous view."""
    today = timezone.localdate()
    if deadline < today:
        raise ValidationError({"deadline": _("De sluitingsdatum ligt in het verleden.")})
    organisations = list(organisations)
    if not organisations:
        raise ValidationError({"organisations": _("Kies minstens één organisatie.")})
    if any(o.municipality_id != viewer.municipality_id for o in organisations):
        raise ValidationError({"organisations": _("Deze organisatie hoort niet bij uw gemeente.")})
    municipality_id = organisations[0].municipality_id
    round_ = AssessmentRound(
        municipality_id=municipality_id,
        title=(title or "").strip(),
        note=(note or "").strip(),
        opened_on=today,
        deadline=deadline,
        reminder_days=_clean_reminder_days(reminder_days if reminder_days is not None else [7, 2]),
        opened_by=getattr(viewer, "user", None),
    )
    round_.full_clean()
    round_.save()
    for organisation in organisations:
        RoundOrganisation.objects.create(
            municipality_id=municipality_id, round=round_, organisation=organisation
        )
    _notify_opened(round_, organisations)
    return round_


def _notify_opened(round_: AssessmentRound, organisations) -> None:
    ids = [o.pk for o in organisations]
    managers = active_members_by_organisation(organisation_ids=ids, roles=MANAGERS)
    peers = active_members_by_organisation(organisation_ids=ids, roles=[Role.PEER_WORKER])
    deadline = round_.deadline.strftime("%d-%m-%Y")
    with override("nl"):
        for organisation in organisations:
            for user in managers.get(organisation.pk, []):
                notification_send(
                    recipient=user,
                    municipality=round_.municipality,
                    kind=PRECONDITIONS_ROUND,
                    key=f"precondition_round:{round_.pk}:{organisation.pk}:opened",
                    title=_("Zelfevaluatie randvoorwaarden gevraagd, uiterlijk %(day)s") % {"day": deadline},
                    body=_(
                        "De gemeente vraagt uw organisatie de randvoorwaarden voor ervaringswerk te "
                        "beoordelen in de ronde %(title)s."
                    )
                    % {"title": round_.title},
                    url=reverse("preconditions:round_assessment", args=[round_.pk]),
                )
            for user in peers.get(organisation.pk, []):
                notification_send(
                    recipient=user,
                    municipality=round_.municipality,
                    kind=PRECONDITIONS_ROUND,
                    key=f"precondition_round:{round_.pk}:peer:opened",
                    title=_("Uw mening over de randvoorwaarden, uiterlijk %(day)s") % {"day": deadline},
                    body=_(
                        "Hoe goed is het ervaringswerk bij uw organisatie geregeld? Uw antwoord is anoniem "
                        "en telt alleen mee in een totaal van meerdere ervaringsdeskundigen."
                    ),
                    url=reverse("preconditions:peer_response", args=[round_.pk]),
                )


@transaction.atomic
def round_close(*, viewer: Viewer, round_: AssessmentRound) -> AssessmentRound:
    round_ = AssessmentRound.objects.select_for_update().get(pk=round_.pk)
    today = timezone.localdate()
    if round_.is_closed(today):
        raise ValidationError(_("Deze ronde is al gesloten."))
    round_.closed_on = today
    round_.save(update_fields=["closed_on", "updated_at"])
    return round_


def _clean_scores(items: dict[str, dict]) -> dict:
    clean = {}
    errors = []
    for key, values in items.items():
        if key not in Precondition.values:
            errors.append(_("Onbekende randvoorwaarde: %(key)s.") % {"key": key})
            continue
        score = values.get("score")
        if score in (None, ""):
            continue
        if int(score) not in Level.values:
            errors.append(_("Een score ligt tussen 1 en 5."))
            continue
        clean[key] = {
            "score": int(score),
            "explanation": (values.get("explanation") or "").strip(),
            "evidence": (values.get("evidence") or "").strip(),
        }
    if errors:
        raise ValidationError(errors)
    return clean


@transaction.atomic
def round_assessment_save(
    *, viewer: Viewer, entry: RoundOrganisation, items: dict[str, dict], submit: bool
) -> RoundOrganisation:
    """The organisation's own assessment in a round: saved as a draft (in progress) or submitted (then an
    Assessment in the organisation's history, like any other self-assessment)."""
    entry = (
        RoundOrganisation.objects.select_for_update().select_related("round", "organisation").get(pk=entry.pk)
    )
    if entry.organisation_id != viewer.organisation_id:
        raise ValidationError(_("U kunt alleen voor uw eigen organisatie invullen."))
    if entry.round.is_closed(timezone.localdate()):
        raise ValidationError(_("Deze ronde is gesloten."))
    if entry.assessment_id:
        raise ValidationError(_("Uw organisatie heeft deze ronde al ingediend."))
    clean = _clean_scores(items)
    now = timezone.now()
    if submit:
        entry.assessment = assessment_create(
            viewer=viewer, organisation=entry.organisation, assessed_on=timezone.localdate(), items=clean
        )
        entry.submitted_at = now
        entry.draft = {}
    else:
        entry.draft = clean
    entry.started_at = entry.started_at or now
    entry.save()
    return entry


@transaction.atomic
def peer_response_submit(
    *, viewer: Viewer | None, round_: AssessmentRound, peer, scores: dict[str, int | None]
) -> None:
    """A peer worker's own view on their organisation in a round, stored without anything that leads back
    to them (docs/privacy.md, "Rondes randvoorwaarden"):

    - a RoundParticipation holds only the keyed hash of (round, peer worker): unique per round, so the
      database refuses a second answer; it has no key to the answers;
    - the PeerResponse and its items hold round, organisation and scores; no person, no hash;
    - all three carry the round's opening day at midnight, not the moment nor the day of the answer, so
      time cannot join them to each other, to a login or to a reminder (which tells who had not answered
      by its day);
    - no audit event names the response or the peer worker: one event without actor, IP address or object
      records that an anonymous response was added to the round.
    Returns nothing, so no caller can hand the response's id to anything that knows the person.
    """
    if peer is None or peer.municipality_id != round_.municipality_id:
        raise ValidationError(_("U staat niet als ervaringsdeskundige in deze gemeente."))
    if round_.is_closed(timezone.localdate()):
        raise ValidationError(_("Deze ronde is gesloten."))
    entry = RoundOrganisation.objects.filter(round=round_, organisation_id=peer.organisation_id).first()
    if entry is None:
        raise ValidationError(_("Uw organisatie doet niet mee aan deze ronde."))
    clean = {}
    for key, score in scores.items():
        if key not in Precondition.values:
            raise ValidationError(_("Onbekende randvoorwaarde: %(key)s.") % {"key": key})
        if score in (None, ""):
            continue
        if int(score) not in Level.values:
            raise ValidationError(_("Een score ligt tussen 1 en 5."))
        clean[key] = int(score)
    if not clean:
        raise ValidationError(_("Geef minstens één randvoorwaarde een score."))
    if RoundParticipation.objects.filter(
        round=round_, participant__in=participant_keys(round_id=round_.pk, peer_id=peer.pk)
    ).exists():
        raise ValidationError(_("U heeft in deze ronde al gereageerd. Een reactie kan maar één keer."))
    # the round's opening day, not the day of the answer: a reminder (who had not answered by then)
    # cannot be joined to an answer by its date
    day = {"created_at": _start_of(round_.opened_on), "updated_at": _start_of(round_.opened_on)}
    try:
        with transaction.atomic(), audit_context.suppressed():
            RoundParticipation.objects.create(
                municipality_id=round_.municipality_id,
                round=round_,
                participant=participant_key(round_id=round_.pk, peer_id=peer.pk),
                **day,
            )
            response = PeerResponse.objects.create(
                municipality_id=round_.municipality_id,
                round=round_,
                organisation_id=peer.organisation_id,
                **day,
            )
            PeerResponseItem.objects.bulk_create(
                PeerResponseItem(
                    municipality_id=round_.municipality_id,
                    response=response,
                    precondition=key,
                    score=score,
                    **day,
                )
                for key, score in clean.items()
            )
    except IntegrityError as exc:  # a second answer at the same moment loses on the unique constraint
        raise ValidationError(
            _("U heeft in deze ronde al gereageerd. Een reactie kan maar één keer.")
        ) from exc
    with audit_context.anonymous(path=reverse("preconditions:round_list")):
        audit_record(
            action=AuditAction.CREATE,
            viewer=None,
            municipality=round_.municipality,
            object_type="preconditions.peerresponse",
            object_repr="Anonieme reactie in een ronde randvoorwaarden",
            changed_fields=sorted(clean),
        )


def round_reminders_send(*, today: datetime.date | None = None) -> int:
    """Reminders to the team leads and coordinators of organisations that have not submitted, and to the
    peer workers (with a login) of the organisations asked who have not answered, on the days before the
    deadline the round names. Keyed per round, organisation (or peer worker's login) and reminder day, so a
    second run (or a beat that fires twice) sends nothing new; a run that was missed catches up with the
    latest due reminder only, never a burst of old ones."""
    today = today or timezone.localdate()
    sent = 0
    rounds = AssessmentRound.objects.filter(closed_on__isnull=True, deadline__gte=today).select_related(
        "municipality"
    )
    for round_ in rounds:
        due = [round_.deadline - datetime.timedelta(days=int(d)) for d in round_.reminder_days]
        due = [d for d in due if d <= today]
        if not due:
            continue
        day = max(due)
        waiting = list(
            RoundOrganisation.objects.filter(round=round_, assessment__isnull=True, submitted_at__isnull=True)
        )
        managers = active_members_by_organisation(
            organisation_ids=[e.organisation_id for e in waiting], roles=MANAGERS
        )
        with override("nl"):
            for entry in waiting:
                for user in managers.get(entry.organisation_id, []):
                    sent += bool(
                        notification_send(
                            recipient=user,
                            municipality=round_.municipality,
                            kind=PRECONDITIONS_ROUND,
                            key=f"precondition_round:{round_.pk}:{entry.organisation_id}:reminder:{day.isoformat()}",
                            title=_("Herinnering: zelfevaluatie randvoorwaarden uiterlijk %(day)s")
                            % {"day": round_.deadline.strftime("%d-%m-%Y")},
                            body=_(
                                "Uw organisatie heeft de zelfevaluatie in de ronde %(title)s nog niet "
                                "ingediend."
                            )
                            % {"title": round_.title},
                            url=reverse("preconditions:round_assessment", args=[round_.pk]),
                        )
                    )
        sent += _remind_peers(round_, day)
    return sent


def _remind_peers(round_: AssessmentRound, day: datetime.date) -> int:
    """The round's reminder of `day` to every peer worker of an organisation asked who has a login and has
    not answered. Whether someone answered is known only through the keyed hash (participation.py): the
    reminder says nothing about anyone else, and the answer carries no date it could be joined with."""
    organisation_ids = list(
        RoundOrganisation.objects.filter(round=round_).values_list("organisation_id", flat=True)
    )
    members = active_members_by_organisation(organisation_ids=organisation_ids, roles=[Role.PEER_WORKER])
    users = {user.pk: user for users in members.values() for user in users}
    answered = set(RoundParticipation.objects.filter(round=round_).values_list("participant", flat=True))
    sent = 0
    with override("nl"):
        for organisation_id in organisation_ids:
            peers = peer_workers_of_organisation(organisation_id=organisation_id).filter(
                municipality_id=round_.municipality_id, user_id__in=list(users)
            )
            for peer in peers.exclude(status="left"):
                if answered & set(participant_keys(round_id=round_.pk, peer_id=peer.pk)):
                    continue
                sent += bool(
                    notification_send(
                        recipient=users[peer.user_id],
                        municipality=round_.municipality,
                        kind=PRECONDITIONS_ROUND,
                        key=f"precondition_round:{round_.pk}:peer:reminder:{day.isoformat()}",
                        title=_("Herinnering: uw mening over de randvoorwaarden, uiterlijk %(day)s")
                        % {"day": round_.deadline.strftime("%d-%m-%Y")},
                        body=_(
                            "U heeft nog niet gereageerd in de ronde %(title)s. Uw antwoord is anoniem en "
                            "telt alleen mee in een totaal van meerdere ervaringsdeskundigen."
                        )
                        % {"title": round_.title},
                        url=reverse("preconditions:peer_response", args=[round_.pk]),
                    )
                )
    return sent
