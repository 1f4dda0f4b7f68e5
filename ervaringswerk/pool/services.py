"""Writes of the pool. Each function is one transaction, checks who may do it, validates with Dutch
messages (ValidationError) and is audited (TenantModel saves are recorded automatically; field names only)."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ervaringswerk.core.models import ExperienceDomain, Neighbourhood
from ervaringswerk.core.tenancy import Viewer

from .constants import GoalStatus, PeerStatus, Visibility
from .models import CheckIn, DevelopmentGoal, LadderStep, PeerExperience, PeerWorker, Training
from .permissions import can_edit_growth, can_edit_own_profile, can_manage_peer_worker, can_write_check_in

# Fields a peer worker maintains on their own profile ("Mijn profiel").
OWN_PROFILE_FIELDS = frozenset(
    {
        "email",
        "phone",
        "languages",
        "kinds",
        "task_areas",
        "peer_roles",
        "education_level",
        "register_status",
        "register_since",
        "gender",
        "cultural_background",
    }
)
# The agreed hours (`weekly_hours`) and the resident capacity (`max_residents`) are an agreement with the
# pool organisation, so only its coordinator sets them (ADMIN_FIELDS); the peer worker sees them read-only.
BOUNDARY_FIELDS = frozenset({"available_days", "excluded_themes", "prefers", "wishes_note"})
PAUSE_FIELDS = frozenset({"pause_start", "pause_end", "pause_note"})
# Fields the coordinator maintains (the lifecycle and the agreement with the pool organisation).
ADMIN_FIELDS = frozenset(
    {
        "first_name",
        "last_name",
        "email",
        "phone",
        "employment_form",
        "status",
        "status_since",
        "joined_on",
        "left_on",
        "education_level",
        "register_status",
        "register_since",
        "weekly_hours",
        "max_residents",
        "user",
    }
)


def _check_login(organisation, user, peer=None) -> None:
    """A login linked to a profile must be a peer-worker member of the same pool organisation."""
    if user is None:
        return
    from ervaringswerk.accounts.models import Membership
    from ervaringswerk.core.tenancy import Role

    member = Membership.objects.filter(
        user=user, organisation=organisation, role=Role.PEER_WORKER, is_active=True
    ).exists()
    taken = PeerWorker.objects.filter(user=user).exclude(pk=getattr(peer, "pk", None)).exists()
    if not member or taken:
        raise ValidationError(
            {"user": _("Kies een inlog van een ervaringsdeskundige van uw organisatie zonder profiel.")}
        )


def _check(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("U mag dit profiel niet wijzigen."))


def _apply(peer: PeerWorker, fields: dict, allowed: frozenset) -> list[str]:
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError({name: _("Dit veld kunt u hier niet wijzigen.") for name in sorted(unknown)})
    changed = []
    for name, value in fields.items():
        if name == "cultural_background" and value is not None:
            value = value.strip()
        if name == "excluded_themes" and value is not None:
            value = normalise_themes(value)
        if getattr(peer, name) != value:
            setattr(peer, name, value)
            changed.append(name)
    return changed


def normalise_themes(values: Iterable[str]) -> list[str]:
    seen: list[str] = []
    for value in values:
        theme = " ".join(str(value).split()).lower()
        if theme and theme not in seen:
            seen.append(theme)
    return seen


def _neighbourhoods(municipality_id, neighbourhoods) -> list[Neighbourhood]:
    items = list(neighbourhoods)
    ids = [getattr(n, "pk", n) for n in items]
    found = list(Neighbourhood.objects.filter(municipality_id=municipality_id, pk__in=ids))
    if len(found) != len(set(ids)):
        raise ValidationError({"neighbourhoods": _("Kies wijken uit uw eigen gemeente.")})
    return found


# ---------------------------------------------------------------------------------------------------------
# Profile


@transaction.atomic
def peer_worker_create(
    *, organisation, first_name: str, last_name: str, user=None, neighbourhoods=(), **fields
) -> PeerWorker:
    if not organisation.is_pool:
        raise ValidationError(
            {"organisation": _("Alleen een poolorganisatie kan ervaringsdeskundigen hebben.")}
        )
    if "excluded_themes" in fields:
        fields["excluded_themes"] = normalise_themes(fields["excluded_themes"])
    _check_login(organisation, user)
    peer = PeerWorker(
        municipality=organisation.municipality,
        organisation=organisation,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        user=user,
        **fields,
    )
    if peer.status_since is None:
        peer.status_since = timezone.localdate()
    peer.full_clean()
    peer.save()
    if neighbourhoods:
        peer.neighbourhoods.set(_neighbourhoods(peer.municipality_id, neighbourhoods))
    return peer


def _save(peer: PeerWorker, changed: list[str]) -> PeerWorker:
    if changed:
        peer.full_clean()
        peer.save(update_fields=[*changed, "updated_at"])
    return peer


@transaction.atomic
def peer_worker_add(*, viewer: Viewer, **fields) -> PeerWorker:
    """A coordinator adds one peer worker to their own pool organisation."""
    _check(can_manage_peer_worker(viewer) and viewer.organisation.is_pool)
    unknown = set(fields) - ADMIN_FIELDS
    if unknown:
        raise ValidationError({name: _("Dit veld kunt u hier niet invullen.") for name in sorted(unknown)})
    fields = {name: value for name, value in fields.items() if value is not None}
    return peer_worker_create(
        organisation=viewer.organisation,
        first_name=fields.pop("first_name", ""),
        last_name=fields.pop("last_name", ""),
        user=fields.pop("user", None),
        **fields,
    )


@transaction.atomic
def peer_profile_update(*, viewer: Viewer, peer: PeerWorker, neighbourhoods=None, **fields) -> PeerWorker:
    """The peer worker's own details: contact, languages, neighbourhoods, kinds, education, self-declared."""
    _check(can_edit_own_profile(viewer, peer))
    changed = _apply(peer, fields, OWN_PROFILE_FIELDS)
    _save(peer, changed)
    if neighbourhoods is not None:
        wanted = _neighbourhoods(peer.municipality_id, neighbourhoods)
        if {n.pk for n in wanted} != set(peer.neighbourhoods.values_list("pk", flat=True)):
            peer.neighbourhoods.set(wanted)
    return peer


@transaction.atomic
def peer_boundaries_update(*, viewer: Viewer, peer: PeerWorker, **fields) -> PeerWorker:
    """Weekly hours and days, maximum residents, themes not taken on, wishes: hard limits for matching."""
    _check(can_edit_own_profile(viewer, peer))
    return _save(peer, _apply(peer, fields, BOUNDARY_FIELDS))


@transaction.atomic
def peer_pause_set(
    *, viewer: Viewer, peer: PeerWorker, start: datetime.date | None = None, end=None, note: str = ""
) -> PeerWorker:
    """A self-declared pause, from a date (today by default), with or without an end date."""
    _check(can_edit_own_profile(viewer, peer))
    start = start or timezone.localdate()
    if end is not None and end < start:
        raise ValidationError({"pause_end": _("De pauze kan niet eindigen vóór hij begint.")})
    if end is not None and end < timezone.localdate():
        raise ValidationError({"pause_end": _("Deze datum ligt al in het verleden.")})
    return _save(
        peer, _apply(peer, {"pause_start": start, "pause_end": end, "pause_note": note.strip()}, PAUSE_FIELDS)
    )


@transaction.atomic
def peer_pause_end(*, viewer: Viewer, peer: PeerWorker) -> PeerWorker:
    """End (or cancel) the own pause now."""
    _check(can_edit_own_profile(viewer, peer))
    return _save(peer, _apply(peer, {"pause_start": None, "pause_end": None, "pause_note": ""}, PAUSE_FIELDS))


@transaction.atomic
def peer_admin_update(*, viewer: Viewer, peer: PeerWorker, **fields) -> PeerWorker:
    """The coordinator's part: name, contact, employment form, status with dates, agreed hours."""
    _check(can_manage_peer_worker(viewer, peer))
    if "user" in fields and fields["user"] != peer.user:
        _check_login(peer.organisation, fields["user"], peer)
    old_status = peer.status
    changed = _apply(peer, fields, ADMIN_FIELDS)
    if peer.status != old_status:
        if "status_since" not in fields or fields.get("status_since") is None:
            peer.status_since = timezone.localdate()
            changed.append("status_since")
        if peer.status == PeerStatus.LEFT and peer.left_on is None:
            peer.left_on = timezone.localdate()
            changed.append("left_on")
        if old_status == PeerStatus.LEFT and "left_on" not in fields:
            peer.left_on = None
            changed.append("left_on")
    return _save(peer, sorted(set(changed)))


# ---------------------------------------------------------------------------------------------------------
# Lived experience


def _domain(peer: PeerWorker, domain) -> ExperienceDomain:
    domain_id = getattr(domain, "pk", domain)
    try:
        return ExperienceDomain.objects.get(municipality_id=peer.municipality_id, pk=domain_id)
    except (ExperienceDomain.DoesNotExist, ValueError, ValidationError) as exc:
        raise ValidationError({"domain": _("Dit ervaringsdomein bestaat niet in uw gemeente.")}) from exc


@transaction.atomic
def experience_set(
    *, viewer: Viewer, peer: PeerWorker, domain, visibility: str, description: str = ""
) -> PeerExperience:
    """Add or change one domain of lived experience, with the peer worker's own visibility choice."""
    _check(can_edit_own_profile(viewer, peer))
    domain = _domain(peer, domain)
    if visibility not in Visibility.values:
        raise ValidationError({"visibility": _("Kies wie dit mag zien.")})
    experience = PeerExperience.objects.filter(peer=peer, domain=domain).first()
    if experience is None:
        experience = PeerExperience(municipality_id=peer.municipality_id, peer=peer, domain=domain)
    elif experience.visibility == visibility and experience.description == description.strip():
        return experience
    experience.visibility = visibility
    experience.description = description.strip()
    experience.full_clean()
    experience.save()
    return experience


@transaction.atomic
def experience_delete(*, viewer: Viewer, experience: PeerExperience) -> None:
    _check(can_edit_own_profile(viewer, experience.peer))
    experience.delete()


@transaction.atomic
def experiences_save(*, viewer: Viewer, peer: PeerWorker, entries: dict) -> None:
    """Save the whole experience form: {domain_id: (visibility or "" to remove, description)}."""
    _check(can_edit_own_profile(viewer, peer))
    existing = {e.domain_id: e for e in PeerExperience.objects.filter(peer=peer).select_related("peer")}
    for domain_id, (visibility, description) in entries.items():
        if not visibility:
            if domain_id in existing:
                existing[domain_id].delete()
            continue
        experience_set(
            viewer=viewer, peer=peer, domain=domain_id, visibility=visibility, description=description
        )


# ---------------------------------------------------------------------------------------------------------
# Growth


@transaction.atomic
def ladder_step_add(
    *, viewer: Viewer, peer: PeerWorker, rung: int, date: datetime.date, note: str = ""
) -> LadderStep:
    _check(can_edit_growth(viewer, peer))
    if date > timezone.localdate():
        raise ValidationError({"date": _("Een trede op de ladder ligt niet in de toekomst.")})
    step = LadderStep(
        municipality_id=peer.municipality_id, peer=peer, rung=rung, date=date, note=note.strip()
    )
    step.full_clean()
    step.save()
    return step


@transaction.atomic
def ladder_step_delete(*, viewer: Viewer, step: LadderStep) -> None:
    _check(can_edit_growth(viewer, step.peer))
    step.delete()


def _goal_achieved_on(goal: DevelopmentGoal, *, sent: bool) -> None:
    """An achieved goal has the date it was achieved (today unless given, never in the future); another
    status has none. Clearing the date of an achieved goal is refused rather than replaced by today."""
    if goal.status == GoalStatus.ACHIEVED:
        if goal.achieved_on is None and sent:
            raise ValidationError(
                {"achieved_on": _("Een behaald doel heeft een datum; zet eerst de status terug.")}
            )
        goal.achieved_on = goal.achieved_on or timezone.localdate()
        if goal.achieved_on > timezone.localdate():
            raise ValidationError({"achieved_on": _("Een doel is niet in de toekomst behaald.")})
    elif goal.achieved_on is not None:
        if sent:
            raise ValidationError({"achieved_on": _("Alleen een behaald doel heeft een datum van behalen.")})
        goal.achieved_on = None


@transaction.atomic
def goal_add(
    *,
    viewer: Viewer,
    peer: PeerWorker,
    title: str,
    description: str = "",
    status: str = GoalStatus.PLANNED,
    target_date=None,
    achieved_on: datetime.date | None = None,
) -> DevelopmentGoal:
    _check(can_edit_growth(viewer, peer))
    goal = DevelopmentGoal(
        municipality_id=peer.municipality_id,
        peer=peer,
        title=title.strip(),
        description=description.strip(),
        status=status,
        target_date=target_date,
        achieved_on=achieved_on,
    )
    _goal_achieved_on(goal, sent=achieved_on is not None)
    goal.full_clean()
    goal.save()
    return goal


@transaction.atomic
def goal_update(*, viewer: Viewer, goal: DevelopmentGoal, **fields) -> DevelopmentGoal:
    _check(can_edit_growth(viewer, goal.peer))
    allowed = {"title", "description", "status", "target_date", "achieved_on"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError({name: _("Dit veld kunt u hier niet wijzigen.") for name in sorted(unknown)})
    status_changed = "status" in fields and fields["status"] != goal.status
    for name, value in fields.items():
        setattr(goal, name, value.strip() if isinstance(value, str) and name != "status" else value)
    if status_changed and "achieved_on" not in fields:
        goal.achieved_on = None  # achieved now: today; no longer achieved: no date
    sent = "achieved_on" in fields and not (status_changed and fields["achieved_on"] is None)
    _goal_achieved_on(goal, sent=sent)
    goal.full_clean()
    goal.save()
    return goal


@transaction.atomic
def goal_delete(*, viewer: Viewer, goal: DevelopmentGoal) -> None:
    _check(can_edit_growth(viewer, goal.peer))
    goal.delete()


@transaction.atomic
def training_add(
    *, viewer: Viewer, peer: PeerWorker, name: str, provider: str = "", started_on=None, completed_on=None
) -> Training:
    _check(can_edit_growth(viewer, peer))
    if started_on and completed_on and completed_on < started_on:
        raise ValidationError({"completed_on": _("Afgerond vóór de start kan niet.")})
    training = Training(
        municipality_id=peer.municipality_id,
        peer=peer,
        name=name.strip(),
        provider=provider.strip(),
        started_on=started_on,
        completed_on=completed_on,
    )
    training.full_clean()
    training.save()
    return training


@transaction.atomic
def training_delete(*, viewer: Viewer, training: Training) -> None:
    _check(can_edit_growth(viewer, training.peer))
    training.delete()


# ---------------------------------------------------------------------------------------------------------
# Well-being check-ins


@transaction.atomic
def check_in_create(
    *,
    viewer: Viewer,
    peer: PeerWorker,
    energy: int,
    balance: int,
    support_need: str = "none",
    note: str = "",
    wants_talk: bool = False,
    date: datetime.date | None = None,
) -> CheckIn:
    """A private check-in. Only `wants_talk` ever reaches the coordinator, as a flag."""
    _check(can_write_check_in(viewer, peer))
    check_in = CheckIn(
        municipality_id=peer.municipality_id,
        peer=peer,
        date=date or timezone.localdate(),
        energy=energy,
        balance=balance,
        support_need=support_need,
        note=note.strip(),
        wants_talk=wants_talk,
    )
    check_in.full_clean()
    check_in.save()
    return check_in


@transaction.atomic
def talk_request_acknowledge(*, viewer: Viewer, peer: PeerWorker) -> int:
    """The coordinator has picked up the request for a talk: the flag goes off. Returns how many."""
    _check(can_manage_peer_worker(viewer, peer))
    now = timezone.now()
    count = 0
    for check_in in CheckIn.objects.filter(
        municipality_id=peer.municipality_id, peer=peer, wants_talk=True, talk_acknowledged_at__isnull=True
    ):
        check_in.talk_acknowledged_at = now
        check_in.talk_acknowledged_by = viewer.user
        check_in.save(update_fields=["talk_acknowledged_at", "talk_acknowledged_by", "updated_at"])
        count += 1
    return count


# ---------------------------------------------------------------------------------------------------------
# Import


class ImportRefused(Exception):
    """The file has problems; nothing was written. `check` names every bad row."""

    def __init__(self, check):
        super().__init__("import refused")
        self.check = check


def pool_import(
    *, viewer: Viewer, filename: str, content: bytes, mapping: list[str] | None = None
) -> list[PeerWorker]:
    """Create every row of the file as a peer worker of the viewer's pool organisation, or none at all.

    The file is read and checked first, outside any transaction (on SQLite a transaction holds the
    database's only write lock, so parsing inside one made every other request wait); then every row is
    written in one short transaction. Returns the created peer workers."""
    from .importing import import_check
    from .permissions import can_import_pool

    _check(can_import_pool(viewer) and viewer.organisation.is_pool)
    check = import_check(viewer=viewer, filename=filename, content=content, mapping=mapping)
    if not check.ok:
        raise ImportRefused(check)
    created = []
    with transaction.atomic():
        # Two imports at once: the organisation's row lock orders them, and the second one finds the
        # first one's people (checked again here, inside the lock) instead of creating them twice.
        organisation = type(viewer.organisation).objects.select_for_update().get(pk=viewer.organisation_id)
        existing = {
            (first.lower(), last.lower(), email.lower())
            for first, last, email in PeerWorker.objects.filter(
                municipality_id=viewer.municipality_id, organisation_id=organisation.pk
            ).values_list("first_name", "last_name", "email")
        }
        for row in check.rows:
            key = (
                row.cleaned["first_name"].lower(),
                row.cleaned["last_name"].lower(),
                row.cleaned["email"].lower(),
            )
            if key in existing:
                row.errors.append(_("Deze persoon staat al in de pool (zelfde naam en e-mailadres)."))
        if check.bad_rows:
            raise ImportRefused(check)
        for row in check.rows:
            data = dict(row.cleaned)
            neighbourhoods = data.pop("neighbourhoods", [])
            created.append(
                peer_worker_create(organisation=viewer.organisation, neighbourhoods=neighbourhoods, **data)
            )
    return created


@transaction.atomic
def ladder_step_for_position(
    *, peer: PeerWorker, rung: int, date: datetime.date, note: str = ""
) -> LadderStep | None:
    """A funded position filled (organisations.services.position_fill): the peer worker's ladder path
    reaches (supported) paid work on that day, unless the path already stands that high."""
    last = peer.ladder_steps.filter(date__lte=date).order_by("-date", "-created_at").first()
    if last is not None and last.rung >= rung:
        return None
    step = LadderStep(municipality_id=peer.municipality_id, peer=peer, rung=rung, date=date, note=note[:300])
    step.full_clean()
    step.save()
    return step
