"""Writes for deployment. Every status change of a request, offer or assignment goes through here.

Each function is one transaction, validates (raising ValidationError with a Dutch message) and is
audited (the TenantModel signals record create/update; the request's own history is in RequestEvent).

Capacity is booked under a row lock on the peer worker (`select_for_update`), and rechecked after the lock
is taken: two coordinators who offer, or two peer workers' accepts that race, can never book the same
last hours or resident slot twice (tests/test_concurrency.py proves it on PostgreSQL).
"""

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from ervaringswerk.core.freetext import free_text_validate
from ervaringswerk.core.reference import DeploymentForm, DeploymentKind, PeerRole
from ervaringswerk.core.tenancy import Role, Viewer
from ervaringswerk.organisations.selectors import default_programme
from ervaringswerk.webhooks.services import EventKind, event_publish

from .models import (
    LOAD_STATUSES,
    REQUEST_TRANSITIONS,
    Agreement,
    AgreementVersion,
    Assignment,
    AssignmentStatus,
    DeclineReason,
    DeploymentRequest,
    EndReason,
    Offer,
    OfferStatus,
    Proposal,
    ProposalPair,
    ProposalStatus,
    RequestEvent,
    RequestStatus,
    WithdrawReason,
)

# Fields a team fills in on a request (the form and the API write these, nothing else).
REQUEST_FIELDS = (
    "kind",
    "title",
    "neighbourhood",
    "language",
    "gender_preference",
    "gender_strength",
    "cultural_background",
    "cultural_strength",
    "hours_per_week",
    "start_date",
    "end_date",
    "urgency",
    "resident_code",
    "context",
    "supporting_professional",
)
AGREEMENT_FIELDS = (
    "role",
    "tasks",
    "responsibilities",
    "contact_person",
    "contact_details",
    "hours_per_week",
    "review_date",
)


def _actor(viewer: Viewer | None):
    return viewer.user if viewer is not None and getattr(viewer, "is_authenticated", False) else None


def _same_tenant(*objects) -> None:
    municipalities = {obj.municipality_id for obj in objects if obj is not None}
    if len(municipalities) > 1:
        raise ValidationError(_("Deze gegevens horen niet bij dezelfde gemeente."))


# --- requests ------------------------------------------------------------------------------------


def _check_domains(request: DeploymentRequest, domains) -> list:
    domains = list(domains or [])
    if any(d.municipality_id != request.municipality_id for d in domains):
        raise ValidationError({"domains_needed": _("Kies ervaringsdomeinen van uw eigen gemeente.")})
    return domains


def _set_domains(request, domains_needed, domains_preferred) -> None:
    if domains_needed is not None:
        request.domains_needed.set(_check_domains(request, domains_needed))
    if domains_preferred is not None:
        preferred = [
            d for d in _check_domains(request, domains_preferred) if d not in set(domains_needed or [])
        ]
        request.domains_preferred.set(preferred)


def _validate_request(request: DeploymentRequest) -> None:
    free_text_validate(DeploymentRequest, title=request.title, context=request.context)
    if request.neighbourhood_id and request.neighbourhood.municipality_id != request.municipality_id:
        raise ValidationError({"neighbourhood": _("Kies een wijk van uw eigen gemeente.")})
    support = request.supporting_professional
    if support is not None and not (
        support.municipality_id == request.municipality_id
        and support.organisation_id == request.organisation_id
        and support.is_active
        and support.role in (Role.PROFESSIONAL, Role.TEAM_LEAD)
    ):
        raise ValidationError(
            {
                "supporting_professional": _(
                    "Kies een professional of teamleider van de aanvragende organisatie."
                )
            }
        )
    request.full_clean()


@transaction.atomic
def request_create(
    *,
    viewer: Viewer,
    domains_needed=(),
    domains_preferred=(),
    submit: bool = False,
    **fields,
) -> DeploymentRequest:
    """A professional or team lead files a request for their own organisation (as draft, or submitted)."""
    unknown = set(fields) - set(REQUEST_FIELDS)
    if unknown:
        raise ValidationError(_("Onbekende velden: %(names)s") % {"names": ", ".join(sorted(unknown))})
    organisation = viewer.organisation
    request = DeploymentRequest(
        municipality_id=organisation.municipality_id,
        organisation=organisation,
        created_by=_actor(viewer),
        status=RequestStatus.DRAFT,
        **fields,
    )
    _validate_request(request)
    request.save()
    _set_domains(request, domains_needed, domains_preferred)
    RequestEvent.objects.create(
        municipality_id=request.municipality_id,
        request=request,
        to_status=RequestStatus.DRAFT,
        actor=_actor(viewer),
    )
    if submit:
        request_transition(request=request, to_status=RequestStatus.OPEN, viewer=viewer)
    return request


@transaction.atomic
def request_update(
    *, request: DeploymentRequest, viewer: Viewer, domains_needed=None, domains_preferred=None, **fields
) -> DeploymentRequest:
    """Change what a team asks for; only while the request is a draft or waits in the queue."""
    request = DeploymentRequest.objects.select_for_update().get(pk=request.pk)
    if request.status not in (RequestStatus.DRAFT, RequestStatus.OPEN):
        raise ValidationError(
            _("Een verzoek met status '%(status)s' kan niet meer worden gewijzigd.")
            % {"status": request.get_status_display()}
        )
    unknown = set(fields) - set(REQUEST_FIELDS)
    if unknown:
        raise ValidationError(_("Onbekende velden: %(names)s") % {"names": ", ".join(sorted(unknown))})
    for name, value in fields.items():
        setattr(request, name, value)
    _validate_request(request)
    request.save()
    if domains_needed is not None and domains_preferred is None:
        domains_preferred = list(request.domains_preferred.all())
    _set_domains(request, domains_needed, domains_preferred)
    return request


def _refuse_transition(request: DeploymentRequest, to_status: str):
    return ValidationError(
        _("Een verzoek met status '%(from)s' kan niet naar '%(to)s'.")
        % {
            "from": RequestStatus(request.status).label,
            "to": RequestStatus(to_status).label,
        },
        code="illegal_transition",
    )


@transaction.atomic
def request_transition(
    *,
    request: DeploymentRequest,
    to_status: str,
    viewer: Viewer | None = None,
    reason: str = "",
    note: str = "",
) -> DeploymentRequest:
    """Move a request along its status flow (models.REQUEST_TRANSITIONS); anything else is refused."""
    locked = DeploymentRequest.objects.select_for_update().get(pk=request.pk)
    if to_status not in REQUEST_TRANSITIONS[locked.status]:
        raise _refuse_transition(locked, to_status)
    now = timezone.now()
    from_status = locked.status
    locked.status = to_status
    update = ["status", "updated_at"]
    if to_status == RequestStatus.OPEN and locked.submitted_at is None:
        locked.submitted_at = now
        update.append("submitted_at")
        event_publish(
            kind=EventKind.REQUEST_SUBMITTED,
            municipality_id=locked.municipality_id,
            resources={"deployment_request": locked.pk},
        )
    if to_status == RequestStatus.MATCHED:
        locked.matched_at = now
        update.append("matched_at")
    if to_status in (RequestStatus.ENDED, RequestStatus.WITHDRAWN):
        locked.closed_at = now
        locked.status_reason = reason
        locked.status_note = note
        update += ["closed_at", "status_reason", "status_note"]
    locked.save(update_fields=update)
    RequestEvent.objects.create(
        municipality_id=locked.municipality_id,
        request=locked,
        from_status=from_status,
        to_status=to_status,
        reason=reason,
        note=note,
        actor=_actor(viewer),
    )
    for name in update:
        setattr(request, name, getattr(locked, name))
    return request


def request_submit(*, request: DeploymentRequest, viewer: Viewer) -> DeploymentRequest:
    """From draft into the coordinators' queue."""
    return request_transition(request=request, to_status=RequestStatus.OPEN, viewer=viewer)


@transaction.atomic
def request_withdraw(
    *, request: DeploymentRequest, viewer: Viewer, reason: str, note: str = ""
) -> DeploymentRequest:
    """The team withdraws its request, with a reason. A pending offer is withdrawn with it; a matched
    (not yet started) assignment is cancelled and its hours are free again."""
    if reason not in WithdrawReason.values:
        raise ValidationError({"reason": _("Kies een reden om het verzoek in te trekken.")})
    if reason == WithdrawReason.OTHER and not note.strip():
        raise ValidationError({"note": _("Licht de reden 'Anders' kort toe.")})
    free_text_validate(RequestEvent, note=note)
    locked = DeploymentRequest.objects.select_for_update().get(pk=request.pk)
    if RequestStatus.WITHDRAWN not in REQUEST_TRANSITIONS[locked.status]:
        raise _refuse_transition(locked, RequestStatus.WITHDRAWN)
    for offer in Offer.objects.filter(request=locked, status=OfferStatus.PENDING):
        _close_offer(offer, OfferStatus.WITHDRAWN)
    for assignment in Assignment.objects.filter(request=locked, status=AssignmentStatus.MATCHED):
        assignment.status = AssignmentStatus.CANCELLED
        assignment.end_reason = reason
        assignment.save(update_fields=["status", "end_reason", "updated_at"])
    return request_transition(
        request=request, to_status=RequestStatus.WITHDRAWN, viewer=viewer, reason=reason, note=note
    )


# --- capacity ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Capacity:
    """What a peer worker has left, counting assignments (matched/active) and, optionally, pending offers."""

    weekly_hours: Decimal
    max_residents: int
    used_hours: Decimal
    used_residents: int

    @property
    def free_hours(self) -> Decimal:
        return max(Decimal("0"), self.weekly_hours - self.used_hours)

    @property
    def free_residents(self) -> int:
        return max(0, self.max_residents - self.used_residents)


def peer_capacity(*, peer, include_pending: bool = True, exclude_offer=None) -> Capacity:
    """Read inside the lock (after `_lock_peer`) to get a figure nobody else can change meanwhile."""
    assignments = Assignment.objects.filter(peer_id=peer.pk, status__in=LOAD_STATUSES)
    individual = Q(request__kind=DeploymentKind.INDIVIDUAL_SUPPORT)
    hours = assignments.aggregate(h=Sum("hours_per_week"))["h"] or Decimal("0")
    residents = assignments.filter(individual).count()
    if include_pending:
        offers = Offer.objects.filter(peer_id=peer.pk, status=OfferStatus.PENDING)
        if exclude_offer is not None:
            offers = offers.exclude(pk=exclude_offer.pk)
        hours += offers.aggregate(h=Sum("hours_per_week"))["h"] or Decimal("0")
        residents += offers.filter(individual).count()
    return Capacity(
        weekly_hours=Decimal(peer.weekly_hours or 0),
        max_residents=peer.max_residents or 0,
        used_hours=hours,
        used_residents=residents,
    )


def _lock_peer(peer):
    """Take the peer worker's row lock: every booking of their capacity queues up behind it."""
    from ervaringswerk.pool.models import PeerWorker

    return PeerWorker.objects.select_for_update().get(pk=peer.pk, municipality_id=peer.municipality_id)


def _capacity_problem(capacity: Capacity, *, hours: Decimal, individual: bool) -> str | None:
    if hours > capacity.free_hours:
        return _(
            "Er is niet genoeg ruimte meer: nog %(free)s van %(total)s uur per week vrij, dit verzoek "
            "vraagt %(hours)s uur."
        ) % {"free": capacity.free_hours, "total": capacity.weekly_hours, "hours": hours}
    if individual and capacity.free_residents < 1:
        return _("Er is geen plek meer voor nog een bewoner (maximaal %(n)s tegelijk).") % {
            "n": capacity.max_residents
        }
    return None


def _hard_constraint_problems(request: DeploymentRequest, peer) -> list[str]:
    """Everything but capacity (availability, pauses, boundaries, domains, must-preferences)."""
    from ervaringswerk.matching.adapters import hard_constraint_reasons

    return hard_constraint_reasons(request=request, peer=peer)


# --- offers --------------------------------------------------------------------------------------


def _close_offer(offer: Offer, status: str, *, reason: str = "", note: str = "") -> None:
    offer.status = status
    offer.decline_reason = reason
    offer.response_note = note
    offer.responded_at = timezone.now()
    offer.save(update_fields=["status", "decline_reason", "response_note", "responded_at", "updated_at"])


@transaction.atomic
def offer_create(
    *,
    request: DeploymentRequest,
    peer,
    viewer: Viewer | None = None,
    score: int | None = None,
    explanation: list | None = None,
    proposal: Proposal | None = None,
    automatic: bool = False,
) -> Offer:
    """Offer an open request to a peer worker. The offer reserves the hours (and resident slot) until the
    peer worker answers, so a second coordinator cannot offer the same last capacity to someone else."""
    _same_tenant(request, peer)
    if (
        viewer is not None
        and viewer.role == Role.COORDINATOR
        and peer.organisation_id != viewer.organisation_id
    ):
        raise ValidationError(_("U kunt alleen ervaringsdeskundigen uit uw eigen pool een aanbod doen."))
    locked_request = DeploymentRequest.objects.select_for_update().get(pk=request.pk)
    if locked_request.status != RequestStatus.OPEN:
        raise ValidationError(
            _("Dit verzoek staat niet (meer) open voor een aanbod; de status is '%(status)s'.")
            % {"status": locked_request.get_status_display()},
            code="not_open",
        )
    if Offer.objects.filter(request=locked_request, peer_id=peer.pk, status=OfferStatus.DECLINED).exists():
        raise ValidationError(_("Deze ervaringsdeskundige heeft dit verzoek al afgewezen."), code="declined")
    locked_peer = _lock_peer(peer)
    problems = _hard_constraint_problems(locked_request, locked_peer)
    capacity_problem = _capacity_problem(
        peer_capacity(peer=locked_peer),
        hours=locked_request.hours_per_week,
        individual=locked_request.is_individual,
    )
    if capacity_problem:
        problems.append(capacity_problem)
    if problems:
        raise ValidationError(problems, code="infeasible")
    offer = Offer.objects.create(
        municipality_id=locked_request.municipality_id,
        request=locked_request,
        peer=locked_peer,
        hours_per_week=locked_request.hours_per_week,
        score=score,
        explanation=explanation or [],
        offered_by=_actor(viewer),
        proposal=proposal,
        automatic=automatic,
    )
    request_transition(request=request, to_status=RequestStatus.OFFERED, viewer=viewer)
    return offer


@transaction.atomic
def offer_to_candidate(*, request: DeploymentRequest, peer_id: uuid.UUID | str, viewer: Viewer) -> Offer:
    """Rank the request's candidates in the coordinator's own pool, then offer it to the chosen one, with
    the score and explanation of that ranking. A peer worker who is not in the ranking (left out by a hard
    constraint, without room, declined before, of another pool) is refused: the page and the API both
    make offers through here."""
    from ervaringswerk.matching.adapters import rank_request

    ranking = rank_request(request=request, limit=None, organisation_ids=[viewer.organisation_id])
    candidate = next((c for c in ranking.candidates if str(c.peer.pk) == str(peer_id)), None)
    if candidate is None:
        raise ValidationError(
            {
                "peer": ValidationError(
                    _("Deze ervaringsdeskundige staat niet (meer) in de lijst met kandidaten."),
                    code="not_a_candidate",
                )
            }
        )
    return offer_create(
        request=request,
        peer=candidate.peer,
        viewer=viewer,
        score=candidate.score,
        explanation=candidate.explanation,
    )


@transaction.atomic
def offer_accept(*, offer: Offer, viewer: Viewer, note: str = "") -> Assignment:
    """The peer worker says yes: an assignment (status matched) and its agreement are written down.

    The peer worker's row is locked and the capacity rechecked against assignments only (this offer's
    reservation is what is being turned into an assignment)."""
    locked_peer = _lock_peer(offer.peer)
    offer = Offer.objects.select_for_update().select_related("request").get(pk=offer.pk)
    if offer.status != OfferStatus.PENDING:
        raise ValidationError(
            _("Dit aanbod is al %(status)s.") % {"status": offer.get_status_display().lower()},
            code="not_pending",
        )
    free_text_validate(Offer, note=note, names={"note": "response_note"})
    request = offer.request
    problem = _capacity_problem(
        peer_capacity(peer=locked_peer, include_pending=False),
        hours=offer.hours_per_week,
        individual=request.is_individual,
    )
    if problem:
        raise ValidationError(problem, code="capacity")
    _close_offer(offer, OfferStatus.ACCEPTED, note=note)
    assignment = Assignment(
        municipality_id=offer.municipality_id,
        request=request,
        peer=locked_peer,
        offer=offer,
        hours_per_week=offer.hours_per_week,
        status=AssignmentStatus.MATCHED,
        resident_code=request.resident_code if request.is_individual else "",
        start_date=request.start_date,
        end_date=request.end_date,
        # Booked on the programme the hours can only belong to (issue 18: it was forgotten otherwise).
        programme=default_programme(
            municipality_id=offer.municipality_id,
            pool_organisation_id=locked_peer.organisation_id,
            requester_id=request.organisation_id,
            on=request.start_date or timezone.localdate(),
        ),
    )
    assignment.supporting_professional = request.supporting_professional  # joint support (issue 14, S4)
    # the form of deployment of the contract it is booked on (issue 14, S2)
    if assignment.programme is not None:
        assignment.deployment_form = assignment.programme.deployment_form
    assignment.full_clean()
    assignment.save()
    agreement = Agreement.objects.create(
        municipality_id=assignment.municipality_id,
        assignment=assignment,
        role=_default_role(request.kind),
        tasks=_default_tasks(request),
        contact_person=request.created_by,
        hours_per_week=assignment.hours_per_week,
        review_date=_default_review_date(request),
    )
    _agreement_version(agreement, viewer, changed=list(AGREEMENT_FIELDS))
    request_transition(request=request, to_status=RequestStatus.MATCHED, viewer=viewer)
    event_publish(
        kind=EventKind.OFFER_ACCEPTED,
        municipality_id=offer.municipality_id,
        resources={"offer": offer.pk, "deployment_request": request.pk, "assignment": assignment.pk},
    )
    return assignment


@transaction.atomic
def offer_decline(*, offer: Offer, viewer: Viewer, reason: str, note: str = "") -> Offer | None:
    """The peer worker says no, with a reason. The request returns to the queue and is offered to the next
    candidate in the ranking who has not declined it yet (if there is one). Returns that next offer."""
    if reason not in DeclineReason.values:
        raise ValidationError({"reason": _("Kies een reden waarom u dit aanbod afwijst.")})
    if reason == DeclineReason.OTHER and not note.strip():
        raise ValidationError({"note": _("Licht de reden 'Anders' kort toe.")})
    free_text_validate(Offer, note=note, names={"note": "response_note"})
    offer = Offer.objects.select_for_update().select_related("request").get(pk=offer.pk)
    if offer.status != OfferStatus.PENDING:
        raise ValidationError(
            _("Dit aanbod is al %(status)s.") % {"status": offer.get_status_display().lower()},
            code="not_pending",
        )
    _close_offer(offer, OfferStatus.DECLINED, reason=reason, note=note)
    event_publish(
        kind=EventKind.OFFER_DECLINED,
        municipality_id=offer.municipality_id,
        resources={"offer": offer.pk, "deployment_request": offer.request_id},
    )
    request_transition(
        request=offer.request, to_status=RequestStatus.OPEN, viewer=viewer, reason="declined", note=""
    )
    # The next candidate comes from the same pool: the coordinator who made the offer stays in charge.
    return offer_next_candidate(
        request=offer.request, viewer=None, organisation_ids=[offer.peer.organisation_id]
    )


@transaction.atomic
def offer_withdraw(*, offer: Offer, viewer: Viewer) -> Offer:
    """The coordinator takes a pending offer back; the request returns to the queue."""
    offer = Offer.objects.select_for_update().select_related("request").get(pk=offer.pk)
    if offer.status != OfferStatus.PENDING:
        raise ValidationError(
            _("Dit aanbod is al %(status)s.") % {"status": offer.get_status_display().lower()},
            code="not_pending",
        )
    _close_offer(offer, OfferStatus.WITHDRAWN)
    request_transition(request=offer.request, to_status=RequestStatus.OPEN, viewer=viewer, reason="withdrawn")
    return offer


def offer_next_candidate(
    *, request: DeploymentRequest, viewer: Viewer | None = None, organisation_ids=None
) -> Offer | None:
    """Offer an open request to the best-ranked candidate (of the given pools) who has had no offer for it
    yet. None when nobody fits: the request then waits in the queue."""
    from ervaringswerk.matching.adapters import rank_request

    asked = set(Offer.objects.filter(request=request).values_list("peer_id", flat=True))
    ranking = rank_request(request=request, limit=None, organisation_ids=organisation_ids)
    for candidate in ranking.candidates:
        if candidate.peer.pk in asked:
            continue
        try:
            with transaction.atomic():
                return offer_create(
                    request=request,
                    peer=candidate.peer,
                    viewer=viewer,
                    score=candidate.score,
                    explanation=candidate.explanation,
                    automatic=True,
                )
        except ValidationError:
            continue  # taken meanwhile: try the next one
    return None


# --- assignments ---------------------------------------------------------------------------------


@transaction.atomic
def assignment_start(*, assignment: Assignment, viewer: Viewer, start_date: date | None = None) -> Assignment:
    """The deployment begins: assignment and request become active."""
    assignment = Assignment.objects.select_for_update().select_related("request").get(pk=assignment.pk)
    if assignment.status != AssignmentStatus.MATCHED:
        raise ValidationError(
            _("Alleen een gematchte inzet kan starten; deze is '%(status)s'.")
            % {"status": assignment.get_status_display()}
        )
    assignment.status = AssignmentStatus.ACTIVE
    assignment.start_date = start_date or assignment.start_date or timezone.localdate()
    assignment.save(update_fields=["status", "start_date", "updated_at"])
    request_transition(request=assignment.request, to_status=RequestStatus.ACTIVE, viewer=viewer)
    event_publish(
        kind=EventKind.ASSIGNMENT_STARTED,
        municipality_id=assignment.municipality_id,
        resources={"assignment": assignment.pk, "deployment_request": assignment.request_id},
    )
    return assignment


@transaction.atomic
def assignment_end(*, assignment: Assignment, viewer: Viewer, reason: str, note: str = "") -> Assignment:
    """The deployment ends with a reason; the hours become free again."""
    if reason not in EndReason.values:
        raise ValidationError({"reason": _("Kies een reden om de inzet te beëindigen.")})
    if reason == EndReason.OTHER and not note.strip():
        raise ValidationError({"note": _("Licht de reden 'Anders' kort toe.")})
    free_text_validate(RequestEvent, note=note)
    assignment = Assignment.objects.select_for_update().select_related("request").get(pk=assignment.pk)
    if assignment.status != AssignmentStatus.ACTIVE:
        raise ValidationError(
            _("Alleen een actieve inzet kan worden beëindigd; deze is '%(status)s'.")
            % {"status": assignment.get_status_display()}
        )
    assignment.status = AssignmentStatus.ENDED
    assignment.end_date = timezone.localdate()
    assignment.end_reason = reason
    assignment.save(update_fields=["status", "end_date", "end_reason", "updated_at"])
    request_transition(
        request=assignment.request, to_status=RequestStatus.ENDED, viewer=viewer, reason=reason, note=note
    )
    event_publish(
        kind=EventKind.ASSIGNMENT_ENDED,
        municipality_id=assignment.municipality_id,
        resources={"assignment": assignment.pk, "deployment_request": assignment.request_id},
    )
    return assignment


@transaction.atomic
def assignment_programme_set(
    *, assignment: Assignment, viewer: Viewer, programme, deployment_form: str | None = None
) -> Assignment:
    """The coordinator of the peer worker's pool books the assignment on a programme (or on none), and
    sets its form of deployment: `deployment_form`, or when not given the programme's (the contract's),
    or "on request from the pool" without a programme.

    A new choice must be open and carried out (or joined as partner) by the peer worker's organisation,
    and the requesting organisation must be that organisation or a partner of the programme: otherwise
    the hours could not be hired out to it."""
    from ervaringswerk.organisations.selectors import bookable_programmes

    assignment = (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("peer", "request__organisation")
        .get(pk=assignment.pk)
    )
    if not (viewer.has_role(Role.COORDINATOR) and viewer.organisation_id == assignment.peer.organisation_id):
        raise ValidationError(_("Alleen de coördinator van de ervaringsdeskundige kiest het programma."))
    if assignment.status not in LOAD_STATUSES:
        raise ValidationError(_("Het programma van een afgeronde of geannuleerde inzet ligt vast."))
    if programme is not None and programme.pk != assignment.programme_id:
        allowed = bookable_programmes(
            municipality_id=assignment.municipality_id, organisation_ids=[assignment.peer.organisation_id]
        )
        if not allowed.filter(pk=programme.pk).exists():
            raise ValidationError(
                {"programme": _("Kies een lopend programma van de organisatie van de ervaringsdeskundige.")}
            )
        requester = assignment.request.organisation
        if (
            requester.pk != assignment.peer.organisation_id
            and not programme.partners.filter(pk=requester.pk).exists()
        ):
            raise ValidationError(
                {
                    "programme": _(
                        "%(org)s is geen partner van %(name)s; de uren van deze inzet kunnen er niet op."
                    )
                    % {"org": requester.name, "name": programme.name}
                }
            )
    if deployment_form and deployment_form not in DeploymentForm.values:
        raise ValidationError({"deployment_form": _("Kies een vorm van inzet uit de lijst.")})
    form = deployment_form or (programme.deployment_form if programme else DeploymentForm.ON_REQUEST)
    changed = []
    if (programme.pk if programme else None) != assignment.programme_id:
        assignment.programme = programme
        changed.append("programme")
    if form != assignment.deployment_form:
        assignment.deployment_form = form
        changed.append("deployment_form")
    if changed:
        assignment.save(update_fields=[*changed, "updated_at"])
    return assignment


@transaction.atomic
def assignment_supporting_professional_set(
    *, assignment: Assignment, viewer: Viewer, membership
) -> Assignment:
    """Change who supports the resident together with the peer worker after matching (joint support,
    issue 14 S4): the requesting team or the coordinator of the peer worker's pool names a professional or
    team lead of the requesting organisation, or nobody. The request keeps what was asked; the assignment
    carries what holds now (and the dashboard's duo count follows it). Audited with the viewer."""
    from ervaringswerk.audit.models import AuditAction
    from ervaringswerk.audit.services import audit_record

    from .permissions import can_edit_agreement
    from .selectors import supporting_professional_candidates

    assignment = (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("peer", "request")
        .get(pk=assignment.pk)
    )
    if not can_edit_agreement(viewer, assignment) or viewer.municipality_id != assignment.municipality_id:
        raise PermissionDenied(_("U mag de ondersteunende professional van deze inzet niet wijzigen."))
    if assignment.status not in LOAD_STATUSES:
        raise ValidationError(
            {
                "supporting_professional": _(
                    "De ondersteunende professional van een afgeronde of geannuleerde inzet ligt vast."
                )
            }
        )
    if membership is not None:
        request = assignment.request
        allowed = supporting_professional_candidates(
            municipality_id=request.municipality_id, organisation_id=request.organisation_id
        )
        if not allowed.filter(pk=membership.pk).exists():
            raise ValidationError(
                {
                    "supporting_professional": _(
                        "Kies een professional of teamleider van de aanvragende organisatie."
                    )
                }
            )
    new_id = membership.pk if membership is not None else None
    if new_id == assignment.supporting_professional_id:
        return assignment
    # One audit line with the viewer (the save signal would not know who changed it outside a request).
    Assignment.objects.filter(pk=assignment.pk).update(
        supporting_professional=membership, updated_at=timezone.now()
    )
    assignment.supporting_professional = membership
    audit_record(
        action=AuditAction.UPDATE, obj=assignment, viewer=viewer, changed_fields=["supporting_professional"]
    )
    return assignment


# --- agreements ----------------------------------------------------------------------------------


def _default_role(kind: str) -> str:
    if kind in (DeploymentKind.GROUP_ACTIVITY, DeploymentKind.WALK_IN_HOSTING, DeploymentKind.TRAINING):
        return PeerRole.FACILITATOR
    if kind in (DeploymentKind.POLICY_PARTICIPATION, DeploymentKind.RESEARCH):
        return PeerRole.ACTIVIST
    return PeerRole.SUPPORTER


def _default_tasks(request: DeploymentRequest) -> str:
    return _("%(kind)s: %(title)s") % {"kind": request.get_kind_display(), "title": request.title}


def _default_review_date(request: DeploymentRequest) -> date:
    start = request.start_date or timezone.localdate()
    return start + timedelta(weeks=6)


def _snapshot(agreement: Agreement) -> dict:
    contact = agreement.contact_person
    return {
        "role": agreement.role,
        "tasks": agreement.tasks,
        "responsibilities": agreement.responsibilities,
        "contact_person": (contact.get_full_name() or contact.get_username()) if contact else "",
        "contact_details": agreement.contact_details,
        "hours_per_week": str(agreement.hours_per_week),
        "review_date": agreement.review_date.isoformat() if agreement.review_date else "",
    }


def _agreement_version(agreement: Agreement, viewer: Viewer, *, changed: list[str]) -> AgreementVersion:
    user = _actor(viewer)
    return AgreementVersion.objects.create(
        municipality_id=agreement.municipality_id,
        agreement=agreement,
        version=agreement.version,
        changed_fields=changed,
        snapshot=_snapshot(agreement),
        edited_by=user,
        edited_by_name=(user.get_full_name() or user.get_username()) if user else "",
    )


@transaction.atomic
def agreement_update(*, agreement: Agreement, viewer: Viewer, **fields) -> Agreement:
    """Coordinator or team changes the agreement. A new version is kept; more hours are booked under the
    peer worker's lock, exactly like an offer."""
    unknown = set(fields) - set(AGREEMENT_FIELDS)
    if unknown:
        raise ValidationError(_("Onbekende velden: %(names)s") % {"names": ", ".join(sorted(unknown))})
    agreement = Agreement.objects.select_for_update().select_related("assignment").get(pk=agreement.pk)
    assignment = agreement.assignment
    if assignment.status not in LOAD_STATUSES:
        raise ValidationError(_("De afspraken van een afgeronde of geannuleerde inzet liggen vast."))
    contact = fields.get("contact_person")
    if contact is not None:
        from .selectors import team_contact_candidates

        if not team_contact_candidates(request=assignment.request).filter(pk=contact.pk).exists():
            raise ValidationError({"contact_person": _("Kies een contactpersoon uit het aanvragende team.")})
    changed = [name for name, value in fields.items() if getattr(agreement, name) != value]
    if not changed:
        return agreement
    free_text_validate(
        Agreement, **{name: fields[name] for name in ("tasks", "responsibilities") if name in changed}
    )
    new_hours = fields.get("hours_per_week", agreement.hours_per_week)
    if new_hours is None or Decimal(new_hours) <= 0:
        raise ValidationError({"hours_per_week": _("Vul een aantal uren per week groter dan 0 in.")})
    if Decimal(new_hours) > assignment.hours_per_week:
        locked_peer = _lock_peer(assignment.peer)
        capacity = peer_capacity(peer=locked_peer)
        extra = Decimal(new_hours) - assignment.hours_per_week
        if extra > capacity.free_hours:
            raise ValidationError(
                {
                    "hours_per_week": _(
                        "Zoveel uur past niet: de ervaringsdeskundige heeft nog %(free)s uur per week vrij."
                    )
                    % {"free": capacity.free_hours}
                }
            )
    for name, value in fields.items():
        setattr(agreement, name, value)
    agreement.version += 1
    agreement.full_clean()
    agreement.save()
    if "hours_per_week" in changed:
        assignment.hours_per_week = agreement.hours_per_week
        assignment.save(update_fields=["hours_per_week", "updated_at"])
    _agreement_version(agreement, viewer, changed=changed)
    return agreement


# --- batch proposals -----------------------------------------------------------------------------


@transaction.atomic
def proposal_create(*, viewer: Viewer) -> Proposal:
    """Run the optimal batch assignment for all open requests against the coordinator's pool."""
    from ervaringswerk.matching.adapters import batch_assign

    result = batch_assign(municipality_id=viewer.municipality_id, pool=viewer.organisation)
    proposal = Proposal.objects.create(
        municipality_id=viewer.municipality_id,
        pool=viewer.organisation,
        created_by=_actor(viewer),
        objective=result.objective,
        greedy_objective=result.greedy_objective,
        bound=result.bound,
        gap=result.gap,
        proven_optimal=result.proven_optimal,
        solver=result.solver[:60],
        open_requests=result.open_requests,
        stats=result.stats,
    )
    ProposalPair.objects.bulk_create(
        ProposalPair(
            municipality_id=proposal.municipality_id,
            proposal=proposal,
            request_id=pair.request_id,
            peer_id=pair.peer_id,
            score=pair.score,
            explanation=pair.explanation,
        )
        for pair in result.pairs
    )
    from ervaringswerk.audit.models import AuditAction
    from ervaringswerk.audit.services import audit_record

    audit_record(action=AuditAction.CREATE, obj=proposal, viewer=viewer, changed_fields=["pairs"])
    return proposal


def _editable_proposal(proposal: Proposal) -> Proposal:
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != ProposalStatus.DRAFT:
        raise ValidationError(
            _("Dit voorstel is al verstuurd of verworpen en kan niet meer veranderen."), code="not_draft"
        )
    return proposal


@transaction.atomic
def proposal_pair_remove(*, pair: ProposalPair, viewer: Viewer) -> None:
    _editable_proposal(pair.proposal)
    pair.delete()


@transaction.atomic
def proposal_pair_replace(*, pair: ProposalPair, peer, viewer: Viewer) -> ProposalPair:
    """Swap the peer worker of one pair for another feasible candidate of the same request."""
    from ervaringswerk.matching.adapters import rank_request

    proposal = _editable_proposal(pair.proposal)
    _same_tenant(pair, peer)
    if peer.organisation_id != proposal.pool_id:
        raise ValidationError(_("Kies een ervaringsdeskundige uit de pool van dit voorstel."))
    others = ProposalPair.objects.filter(proposal=proposal).exclude(pk=pair.pk).filter(peer=peer)
    ranking = rank_request(request=pair.request, limit=None, extra_load=_proposal_load(others))
    candidate = next((c for c in ranking.candidates if c.peer.pk == peer.pk), None)
    if candidate is None:
        reasons = ranking.excluded.get(peer.pk) or [_("past niet bij dit verzoek")]
        raise ValidationError(
            {
                "peer": ValidationError(
                    _("%(name)s kan dit verzoek niet doen: %(reasons)s")
                    % {"name": peer, "reasons": "; ".join(str(r) for r in reasons)},
                    code="not_a_candidate",
                )
            }
        )
    pair.peer = peer
    pair.score = candidate.score
    pair.explanation = candidate.explanation
    pair.edited = True
    pair.save()
    return pair


def _proposal_load(pairs) -> dict:
    """Hours and resident slots other pairs of the same proposal already give this peer worker."""
    load: dict = {}
    for other in pairs.select_related("request"):
        hours, residents = load.get(other.peer_id, (Decimal("0"), 0))
        load[other.peer_id] = (
            hours + other.request.hours_per_week,
            residents + (1 if other.request.is_individual else 0),
        )
    return load


@dataclass
class SendResult:
    sent: list
    failed: list  # (pair, message)


def proposal_send(*, proposal: Proposal, viewer: Viewer) -> SendResult:
    """Turn every pair into an offer. Each offer is its own transaction under the peer worker's lock: a
    pair whose request or capacity changed since the proposal was made is reported, not forced."""
    with transaction.atomic():
        proposal = _editable_proposal(proposal)
        if not proposal.pairs.exists():
            raise ValidationError(
                _("Er staan geen koppelingen in dit voorstel; er is niets te versturen."), code="no_pairs"
            )
        proposal.status = ProposalStatus.SENT
        proposal.sent_at = timezone.now()
        proposal.save(update_fields=["status", "sent_at", "updated_at"])
    sent, failed = [], []
    for pair in proposal.pairs.select_related("request", "peer").order_by("-score"):
        try:
            sent.append(
                offer_create(
                    request=pair.request,
                    peer=pair.peer,
                    viewer=viewer,
                    score=pair.score,
                    explanation=pair.explanation,
                    proposal=proposal,
                )
            )
        except ValidationError as exc:
            failed.append((pair, " ".join(exc.messages)))
    return SendResult(sent=sent, failed=failed)


@transaction.atomic
def proposal_discard(*, proposal: Proposal, viewer: Viewer) -> Proposal:
    proposal = _editable_proposal(proposal)
    proposal.status = ProposalStatus.DISCARDED
    proposal.save(update_fields=["status", "updated_at"])
    return proposal
