"""Writes for hours: submit, change, approve, return, correct, lock a month. Each is one transaction.

Rules kept here, so pages, the API and other apps (activities books facilitation through
`time_entry_create`) get the same answers:
- a submission carries a key; sending it again returns the first entry instead of a duplicate;
- a locked month refuses every write that touches it;
- a closed programme, a date outside its period, or a programme whose budget would be exceeded stops the
  booking, unless a coordinator overrides with a reason (kept on the entry and in the audit log);
- a coordinator's correction never edits the entry: the original is marked replaced and a new approved
  entry points back at it, so the trace stays visible.
"""

import datetime
import uuid
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import formats, timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ervaringswerk.audit.models import AuditAction
from ervaringswerk.audit.services import audit_record
from ervaringswerk.core.freetext import free_text_validate
from ervaringswerk.core.tenancy import Role
from ervaringswerk.webhooks.services import EventKind, event_publish

from .models import (
    COUNTING_STATUSES,
    MAX_MINUTES_PER_ENTRY,
    EntryStatus,
    PeriodLock,
    PeriodReopening,
    TimeEntry,
    WorkKind,
)


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def is_locked(organisation_id, day: datetime.date) -> bool:
    return PeriodLock.objects.filter(organisation_id=organisation_id, month=month_start(day)).exists()


def _require_unlocked(organisation_id, *days) -> None:
    for day in days:
        if day is not None and is_locked(organisation_id, day):
            raise ValidationError(
                {
                    "date": _("%(month)s is afgesloten; uren in deze maand kunnen niet meer veranderen.")
                    % {"month": day.strftime("%m-%Y")}
                }
            )


def _user(actor):
    """Services accept a Viewer or a User as the actor."""
    if actor is None:
        return None
    return getattr(actor, "user", actor) if not hasattr(actor, "get_username") else actor


def _is_coordinator_of(actor, organisation_id) -> bool:
    membership = getattr(actor, "membership", None)
    return (
        membership is not None
        and actor.has_role(Role.COORDINATOR)
        and membership.organisation_id == organisation_id
    )


def programme_used_minutes(programme, *, exclude_pk=None) -> int:
    qs = TimeEntry.objects.filter(programme=programme, status__in=COUNTING_STATUSES)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.aggregate(total=Sum("minutes"))["total"] or 0


def _hours(minutes: int) -> str:
    """Hours with one decimal in the active language's notation: 1,5 in Dutch (1.5 in English)."""
    return number_format(Decimal(minutes) / 60, decimal_pos=1, use_l10n=True)


def _check_programme(*, programme, day, minutes, actor, override_reason, organisation_id, exclude_pk=None):
    """The hard stops. Returns the override reason that was needed (empty when none was)."""
    if programme is None:
        return ""
    problems = []
    if programme.status != "open":
        problems.append(_("Het programma %(name)s is gesloten.") % {"name": programme.name})
    elif not (programme.start_date <= day <= programme.end_date):
        problems.append(
            _("%(day)s valt buiten de looptijd van %(name)s (%(start)s tot en met %(end)s).")
            % {
                "day": day.strftime("%d-%m-%Y"),
                "name": programme.name,
                "start": programme.start_date.strftime("%d-%m-%Y"),
                "end": programme.end_date.strftime("%d-%m-%Y"),
            }
        )
    budget = int(programme.hours_total * 60)
    used = programme_used_minutes(programme, exclude_pk=exclude_pk)
    if used + minutes > budget:
        problems.append(
            _(
                "Dit past niet in het urenbudget van %(name)s: gevraagd %(asked)s uur, "
                "nog over %(left)s van %(budget)s uur."
            )
            % {
                "name": programme.name,
                "asked": _hours(minutes),
                "left": _hours(max(0, budget - used)),
                "budget": _hours(budget),
            }
        )
    if not problems:
        return ""
    reason = (override_reason or "").strip()
    if reason and _is_coordinator_of(actor, organisation_id):
        return reason
    if reason:
        problems.append(_("Alleen een coördinator van de poolorganisatie kan toch boeken."))
    else:
        problems.append(_("Een coördinator kan toch boeken met een reden."))
    raise ValidationError({"programme": problems})


def _resolve_links(*, peer, programme, partner, assignment, activity):
    """Fill programme and partner from the assignment or activity, and check they all belong together."""
    if assignment is not None:
        if assignment.peer_id != peer.pk:
            raise ValidationError({"assignment": _("Deze inzet is niet van deze ervaringsdeskundige.")})
        programme = programme or assignment.programme
        if partner is None:
            partner = assignment.request.organisation
    if activity is not None:
        if activity.municipality_id != peer.municipality_id:
            raise ValidationError({"activity": _("Deze activiteit hoort bij een andere gemeente.")})
        programme = programme or activity.programme
    if programme is not None and programme.municipality_id != peer.municipality_id:
        raise ValidationError({"programme": _("Dit programma hoort bij een andere gemeente.")})
    if partner is not None:
        if partner.municipality_id != peer.municipality_id:
            raise ValidationError({"partner": _("Deze organisatie hoort bij een andere gemeente.")})
        if partner.pk == peer.organisation_id:
            partner = None  # work for the own organisation is not hired out
        elif programme is not None and not programme.partners.filter(pk=partner.pk).exists():
            raise ValidationError(
                {
                    "partner": _("%(org)s is geen partner van %(name)s en mag dus niet inhuren.")
                    % {"org": partner.name, "name": programme.name}
                }
            )
    return programme, partner


OUTSIDE_ASSIGNMENT = "outside_assignment"


def _check_assignment_window(*, assignment, day: datetime.date, confirmed: bool) -> None:
    """Hours before an assignment's start or after its end are usually a wrong date or a wrong assignment:
    refused until the writer confirms (issue 18), never silently taken."""
    if assignment is None or confirmed:
        return
    start, end = assignment.start_date, assignment.end_date
    if start and day < start:
        message = _(
            "%(day)s ligt vóór de start van deze inzet (%(start)s). Klopt de datum toch? Vink dan aan dat "
            "de datum klopt en sla opnieuw op."
        ) % {"day": formats.date_format(day, "j F Y"), "start": formats.date_format(start, "j F Y")}
    elif end and day > end:
        message = _(
            "%(day)s ligt na het einde van deze inzet (%(end)s). Klopt de datum toch? Vink dan aan dat "
            "de datum klopt en sla opnieuw op."
        ) % {"day": formats.date_format(day, "j F Y"), "end": formats.date_format(end, "j F Y")}
    else:
        return
    raise ValidationError({"date": ValidationError(message, code=OUTSIDE_ASSIGNMENT)})


def is_outside_assignment(exc: ValidationError) -> bool:
    """Whether a service refusal is only asking to confirm a date outside the assignment."""
    errors = getattr(exc, "error_dict", {}).get("date", [])
    return any(error.code == OUTSIDE_ASSIGNMENT for error in errors)


def _lock_limits(*, peer=None, programme=None) -> None:
    """Row locks on the parents whose limits a booking checks: the peer worker (24 hours a day, the week's
    totals) and the programme (its hours budget). Every booking for the same peer worker or programme waits
    here until the one before it committed, so each check sees the others' minutes (under READ COMMITTED,
    the sums after the lock are read with a fresh snapshot). Always peer first, then programme: one order,
    no deadlocks. SQLite takes the whole database for writing at BEGIN IMMEDIATE, so this is a no-op there.
    """
    from ervaringswerk.organisations.models import Programme
    from ervaringswerk.pool.models import PeerWorker

    if peer is not None:
        list(PeerWorker.objects.select_for_update().filter(pk=peer.pk).values_list("pk"))
    if programme is not None:
        list(Programme.objects.select_for_update().filter(pk=programme.pk).values_list("pk"))


def _check_day(*, peer, day, minutes, exclude_pk=None):
    if minutes is None or not (1 <= int(minutes) <= MAX_MINUTES_PER_ENTRY):
        raise ValidationError({"minutes": _("Vul een tijd in tussen 1 minuut en 24 uur.")})
    if day > timezone.localdate():
        raise ValidationError({"date": _("U kunt geen uren schrijven voor een dag in de toekomst.")})
    qs = TimeEntry.objects.filter(peer=peer, date=day, status__in=COUNTING_STATUSES)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    already = qs.aggregate(total=Sum("minutes"))["total"] or 0
    if already + int(minutes) > MAX_MINUTES_PER_ENTRY:
        raise ValidationError(
            {
                "minutes": _("Op %(day)s staat al %(h)s uur; een dag heeft er maar 24.")
                % {"day": day.strftime("%d-%m-%Y"), "h": round(already / 60, 1)}
            }
        )


@transaction.atomic
def time_entry_create(
    *,
    peer,
    minutes: int,
    day: datetime.date | None = None,
    date: datetime.date | None = None,
    work_kind: str = WorkKind.OTHER,
    programme=None,
    partner=None,
    assignment=None,
    activity=None,
    description: str = "",
    submission_key=None,
    override_reason: str = "",
    actor=None,
    composed_description: bool = False,
    outside_assignment_confirmed: bool = False,
) -> TimeEntry:
    """Write hours for a peer worker. The returned entry carries `.warnings` and `.was_duplicate`.

    `composed_description`: the description was put together by the system (an activity's kind and title,
    which name places like "Geldcafé Helmond-Noord"), not typed about a resident, so the free-text check
    for personal data does not apply to it; its length limit still does.
    `outside_assignment_confirmed`: the writer confirmed a date outside the assignment's period."""
    day = day or date
    if day is None:
        raise ValidationError({"date": _("Vul een datum in.")})
    _lock_limits(peer=peer)  # before the key lookup: a racing resend then finds the first entry
    if submission_key:
        submission_key = uuid.UUID(str(submission_key))
        existing = TimeEntry.objects.filter(peer=peer, submission_key=submission_key).first()
        if existing is not None:
            existing.was_duplicate = True
            existing.warnings = entry_warnings(existing)
            return existing
    if work_kind not in WorkKind.values:
        raise ValidationError({"work_kind": _("Kies een soort werk.")})
    programme, partner = _resolve_links(
        peer=peer, programme=programme, partner=partner, assignment=assignment, activity=activity
    )
    _lock_limits(programme=programme)
    _require_unlocked(peer.organisation_id, day)
    _check_assignment_window(assignment=assignment, day=day, confirmed=outside_assignment_confirmed)
    _check_day(peer=peer, day=day, minutes=minutes)
    override = _check_programme(
        programme=programme,
        day=day,
        minutes=int(minutes),
        actor=actor,
        override_reason=override_reason,
        organisation_id=peer.organisation_id,
    )
    entry = TimeEntry(
        municipality_id=peer.municipality_id,
        peer=peer,
        organisation_id=peer.organisation_id,
        programme=programme,
        partner=partner,
        assignment=assignment,
        activity=activity,
        date=day,
        minutes=int(minutes),
        work_kind=work_kind,
        description=(description or "").strip(),
        submission_key=submission_key,
        override_reason=override,
        created_by=_user(actor),
    )
    if not composed_description:
        free_text_validate(TimeEntry, description=entry.description)
    entry.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError:
        # A concurrent request with the same key won the race: answer with its entry.
        existing = TimeEntry.objects.filter(peer=peer, submission_key=submission_key).first()
        if existing is None:
            raise
        existing.was_duplicate = True
        existing.warnings = entry_warnings(existing)
        return existing
    if override:
        audit_record(
            action=AuditAction.UPDATE,
            obj=entry,
            viewer=actor if hasattr(actor, "membership") else None,
            changed_fields=["override_reason"],
        )
    entry.was_duplicate = False
    entry.warnings = entry_warnings(entry)
    return entry


def _locked_entry(entry) -> TimeEntry:
    # of=("self",): PostgreSQL refuses FOR UPDATE on the nullable side of the outer join to programme.
    return (
        TimeEntry.objects.select_for_update(of=("self",)).select_related("programme", "peer").get(pk=entry.pk)
    )


@transaction.atomic
def time_entry_update(
    *, entry, actor=None, override_reason: str = "", outside_assignment_confirmed: bool = False, **fields
) -> TimeEntry:
    """The peer worker changes an entry that is not yet approved; it goes back to the coordinator.
    Only a changed date or assignment is checked against the assignment's period again."""
    entry = _locked_entry(entry)
    if entry.status not in (EntryStatus.SUBMITTED, EntryStatus.RETURNED):
        raise ValidationError(_("Goedgekeurde uren kunt u niet meer wijzigen; vraag de coördinator."))
    allowed = {
        "date",
        "minutes",
        "work_kind",
        "programme",
        "partner",
        "assignment",
        "activity",
        "description",
    }
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(_("Onbekende velden: %(names)s") % {"names": ", ".join(sorted(unknown))})
    old_date, old_assignment = entry.date, entry.assignment_id
    for name, value in fields.items():
        setattr(entry, name, value)
    if entry.date != old_date or entry.assignment_id != old_assignment:
        _check_assignment_window(
            assignment=entry.assignment, day=entry.date, confirmed=outside_assignment_confirmed
        )
    if entry.work_kind not in WorkKind.values:
        raise ValidationError({"work_kind": _("Kies een soort werk.")})
    entry.programme, entry.partner = _resolve_links(
        peer=entry.peer,
        programme=entry.programme,
        partner=entry.partner,
        assignment=entry.assignment,
        activity=entry.activity,
    )
    _lock_limits(peer=entry.peer, programme=entry.programme)
    _require_unlocked(entry.organisation_id, old_date, entry.date)
    _check_day(peer=entry.peer, day=entry.date, minutes=entry.minutes, exclude_pk=entry.pk)
    entry.override_reason = _check_programme(
        programme=entry.programme,
        day=entry.date,
        minutes=int(entry.minutes),
        actor=actor,
        override_reason=override_reason or entry.override_reason,
        organisation_id=entry.organisation_id,
        exclude_pk=entry.pk,
    )
    entry.status = EntryStatus.SUBMITTED
    free_text_validate(TimeEntry, description=entry.description)
    entry.full_clean(validate_unique=False, validate_constraints=False)
    entry.save()
    entry.warnings = entry_warnings(entry)
    return entry


@transaction.atomic
def time_entry_delete(*, entry, actor=None) -> None:
    entry = _locked_entry(entry)
    if entry.status not in (EntryStatus.SUBMITTED, EntryStatus.RETURNED):
        raise ValidationError(_("Goedgekeurde uren kunt u niet verwijderen; vraag de coördinator."))
    _require_unlocked(entry.organisation_id, entry.date)
    entry.delete()


def _review(entry, actor, status, comment=""):
    entry = _locked_entry(entry)
    if entry.status != EntryStatus.SUBMITTED:
        raise ValidationError(
            _("Deze uren zijn al beoordeeld (%(status)s).") % {"status": entry.get_status_display()},
            code="not_pending",
        )
    _require_unlocked(entry.organisation_id, entry.date)
    entry.status = status
    entry.review_comment = comment
    entry.reviewed_by = _user(actor)
    entry.reviewed_at = timezone.now()
    entry.save(update_fields=["status", "review_comment", "reviewed_by", "reviewed_at", "updated_at"])
    if status == EntryStatus.APPROVED:
        event_publish(
            kind=EventKind.TIME_ENTRY_APPROVED,
            municipality_id=entry.municipality_id,
            resources={"time_entry": entry.pk},
        )
    return entry


@transaction.atomic
def time_entry_approve(*, entry, actor=None) -> TimeEntry:
    return _review(entry, actor, EntryStatus.APPROVED)


@transaction.atomic
def time_entries_approve(*, entries, actor=None) -> int:
    """Approve many at once (the coordinator's queue); all or nothing."""
    done = 0
    for entry in entries:
        _review(entry, actor, EntryStatus.APPROVED)
        done += 1
    return done


@transaction.atomic
def time_entry_return(*, entry, comment: str, actor=None) -> TimeEntry:
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"review_comment": _("Schrijf erbij waarom u de uren teruggeeft.")})
    free_text_validate(TimeEntry, review_comment=comment)
    return _review(entry, actor, EntryStatus.RETURNED, comment)


@transaction.atomic
def time_entry_correct(
    *,
    entry,
    reason: str,
    actor=None,
    override_reason: str = "",
    outside_assignment_confirmed: bool = False,
    **fields,
) -> TimeEntry:
    """The coordinator corrects submitted or approved hours: a new approved entry replaces the old one."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"correction_reason": _("Schrijf erbij waarom u de uren corrigeert.")})
    original = _locked_entry(entry)
    if original.status not in COUNTING_STATUSES:
        raise ValidationError(_("Alleen ingediende of goedgekeurde uren kunnen worden gecorrigeerd."))
    values = {
        "date": original.date,
        "minutes": original.minutes,
        "work_kind": original.work_kind,
        "programme": original.programme,
        "partner": original.partner,
        "assignment": original.assignment,
        "activity": original.activity,
        "description": original.description,
    }
    unknown = set(fields) - set(values)
    if unknown:
        raise ValidationError(_("Onbekende velden: %(names)s") % {"names": ", ".join(sorted(unknown))})
    values.update(fields)
    _require_unlocked(original.organisation_id, original.date, values["date"])
    if values["date"] != original.date or values["assignment"] != original.assignment:
        _check_assignment_window(
            assignment=values["assignment"], day=values["date"], confirmed=outside_assignment_confirmed
        )
    programme, partner = _resolve_links(
        peer=original.peer,
        programme=values["programme"],
        partner=values["partner"],
        assignment=values["assignment"],
        activity=values["activity"],
    )
    _lock_limits(peer=original.peer, programme=programme)
    _check_day(peer=original.peer, day=values["date"], minutes=values["minutes"], exclude_pk=original.pk)
    override = _check_programme(
        programme=programme,
        day=values["date"],
        minutes=int(values["minutes"]),
        actor=actor,
        override_reason=override_reason or original.override_reason,
        organisation_id=original.organisation_id,
        exclude_pk=original.pk,
    )
    original.status = EntryStatus.REPLACED
    original.save(update_fields=["status", "updated_at"])
    replacement = TimeEntry(
        municipality_id=original.municipality_id,
        peer=original.peer,
        organisation_id=original.organisation_id,
        **{**values, "programme": programme, "partner": partner},
        status=EntryStatus.APPROVED,
        corrects=original,
        correction_reason=reason,
        override_reason=override,
        created_by=_user(actor),
        reviewed_by=_user(actor),
        reviewed_at=timezone.now(),
    )
    replacement.minutes = int(replacement.minutes)
    free_text_validate(
        TimeEntry, description=replacement.description, correction_reason=replacement.correction_reason
    )
    replacement.full_clean(validate_unique=False, validate_constraints=False)
    replacement.save()
    replacement.warnings = entry_warnings(replacement)
    return replacement


@transaction.atomic
def period_lock(*, organisation, month: datetime.date, actor=None) -> PeriodLock:
    """Close a month for an organisation. Refused while hours in it still wait for review."""
    month = month_start(month)
    if month >= month_start(timezone.localdate()):
        raise ValidationError({"month": _("Alleen een voorbije maand kan worden afgesloten.")})
    if PeriodLock.objects.filter(organisation=organisation, month=month).exists():
        raise ValidationError(
            {"month": ValidationError(_("Deze maand is al afgesloten."), code="already_locked")}
        )
    next_month = (month + datetime.timedelta(days=32)).replace(day=1)
    in_month = TimeEntry.objects.filter(organisation=organisation, date__gte=month, date__lt=next_month)
    waiting = in_month.filter(status=EntryStatus.SUBMITTED).count()
    if waiting:
        raise ValidationError(
            {
                "month": ValidationError(
                    _("Er wachten nog %(n)s urenregels op beoordeling in deze maand; beoordeel die eerst.")
                    % {"n": waiting},
                    code="entries_waiting",
                )
            }
        )
    # A returned entry waits for the peer worker; a closed month would leave them unable to fix it.
    returned = in_month.filter(status=EntryStatus.RETURNED).count()
    if returned:
        raise ValidationError(
            {
                "month": ValidationError(
                    ngettext(
                        "Er is nog %(n)s urenregel teruggegeven aan de ervaringsdeskundige in deze maand; "
                        "die moet eerst worden aangepast en beoordeeld.",
                        "Er zijn nog %(n)s urenregels teruggegeven aan de ervaringsdeskundige in deze maand; "
                        "die moeten eerst worden aangepast en beoordeeld.",
                        returned,
                    )
                    % {"n": returned},
                    code="entries_waiting",
                )
            }
        )
    lock = PeriodLock(
        municipality_id=organisation.municipality_id,
        organisation=organisation,
        month=month,
        locked_by=_user(actor),
    )
    lock.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():  # a savepoint: two coordinators closing the same month at once
            lock.save()
    except IntegrityError as exc:
        raise ValidationError(
            {"month": ValidationError(_("Deze maand is al afgesloten."), code="already_locked")}
        ) from exc
    return lock


@transaction.atomic
def period_reopen(*, organisation, month: datetime.date, reason: str, actor) -> PeriodReopening:
    """Open a closed month again, with a reason. Only the pool organisation's coordinator may do this."""
    if not _is_coordinator_of(actor, organisation.pk):
        raise ValidationError(_("Alleen de coördinator van de pool kan een maand heropenen."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Geef een reden waarom deze maand weer open moet.")})
    month = month_start(month)
    lock = PeriodLock.objects.select_for_update().filter(organisation=organisation, month=month).first()
    if lock is None:
        raise ValidationError(
            {"month": ValidationError(_("Deze maand is niet afgesloten."), code="not_locked")}
        )
    reopening = PeriodReopening(
        municipality_id=organisation.municipality_id,
        organisation=organisation,
        month=month,
        reason=reason,
        locked_at=lock.created_at,
        reopened_by=_user(actor),
    )
    reopening.full_clean(validate_constraints=False)
    reopening.save()
    lock.delete()
    return reopening


# ------------------------------------------------------------------------------------------ warnings

EMPLOYEE_FORMS = ("payroll", "participation_job", "partner_employed")
# Arbeidstijdenwet (standard rules for employees aged 18+): at most 12 hours a shift, 60 hours a week,
# and on average 48 hours a week over 16 weeks.
ATW_MAX_DAY_MINUTES = 12 * 60
ATW_MAX_WEEK_MINUTES = 60 * 60
ATW_AVERAGE_WEEKS = 16
ATW_MAX_AVERAGE_MINUTES = 48 * 60
BURN_TOLERANCE = 0.10  # ten percentage points ahead of the pro-rata plan before we warn


def week_bounds(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    monday = day - datetime.timedelta(days=day.weekday())
    return monday, monday + datetime.timedelta(days=6)


def _minutes(qs) -> int:
    return qs.aggregate(total=Sum("minutes"))["total"] or 0


def peer_warnings(peer, day: datetime.date) -> list[str]:
    """Own agreed weekly hours and, for employees, the working-time limits, around `day`."""
    counting = TimeEntry.objects.filter(peer=peer, status__in=COUNTING_STATUSES)
    monday, sunday = week_bounds(day)
    week = _minutes(counting.filter(date__gte=monday, date__lte=sunday))
    found = []
    agreed = float(peer.weekly_hours or 0)
    if agreed and week > agreed * 60:
        found.append(
            _(
                "In de week van %(monday)s staat %(week)s uur, "
                "meer dan de afgesproken %(agreed)s uur per week."
            )
            % {
                "monday": monday.strftime("%d-%m-%Y"),
                "week": round(week / 60, 1),
                "agreed": peer.weekly_hours,
            }
        )
    if peer.employment_form in EMPLOYEE_FORMS:
        today = _minutes(counting.filter(date=day))
        if today > ATW_MAX_DAY_MINUTES:
            found.append(
                _(
                    "Op %(day)s staat %(h)s uur: meer dan 12 uur op een dag "
                    "mag niet volgens de Arbeidstijdenwet."
                )
                % {"day": day.strftime("%d-%m-%Y"), "h": round(today / 60, 1)}
            )
        if week > ATW_MAX_WEEK_MINUTES:
            found.append(
                _(
                    "In de week van %(monday)s staat %(h)s uur: meer dan 60 uur per week mag niet "
                    "volgens de Arbeidstijdenwet."
                )
                % {"monday": monday.strftime("%d-%m-%Y"), "h": round(week / 60, 1)}
            )
        start = monday - datetime.timedelta(weeks=ATW_AVERAGE_WEEKS - 1)
        span = _minutes(counting.filter(date__gte=start, date__lte=sunday))
        if span / ATW_AVERAGE_WEEKS > ATW_MAX_AVERAGE_MINUTES:
            found.append(
                _(
                    "Gemiddeld %(h)s uur per week over 16 weken: meer dan 48 uur mag niet volgens de "
                    "Arbeidstijdenwet."
                )
                % {"h": round(span / ATW_AVERAGE_WEEKS / 60, 1)}
            )
    return found


def programme_burn(programme, on: datetime.date | None = None) -> dict:
    """Used hours against the pro-rata plan on a day."""
    on = on or timezone.localdate()
    days = (programme.end_date - programme.start_date).days + 1
    elapsed = min(max((on - programme.start_date).days + 1, 0), days)
    planned_fraction = elapsed / days if days else 1.0
    budget = float(programme.hours_total)
    used = programme_used_minutes(programme) / 60
    used_fraction = used / budget if budget else 0.0
    return {
        "used_hours": round(used, 1),
        "planned_hours": round(budget * planned_fraction, 1),
        "budget_hours": budget,
        "used_fraction": used_fraction,
        "planned_fraction": planned_fraction,
        "ahead": budget > 0 and used_fraction > planned_fraction + BURN_TOLERANCE,
    }


def programme_warnings(programme, day: datetime.date | None = None) -> list[str]:
    found = []
    burn = programme_burn(programme)
    if burn["ahead"]:
        found.append(
            _("%(name)s loopt voor op plan: %(used)s%% van het budget gebruikt, naar rato %(plan)s%%.")
            % {
                "name": programme.name,
                "used": round(100 * burn["used_fraction"]),
                "plan": round(100 * burn["planned_fraction"]),
            }
        )
    if day is not None and programme.hours_per_week:
        monday, sunday = week_bounds(day)
        week = _minutes(
            TimeEntry.objects.filter(
                programme=programme, status__in=COUNTING_STATUSES, date__gte=monday, date__lte=sunday
            )
        )
        if week > float(programme.hours_per_week) * 60:
            found.append(
                _(
                    "Op %(name)s staat in de week van %(monday)s %(h)s uur, "
                    "meer dan de %(per_week)s uur per week."
                )
                % {
                    "name": programme.name,
                    "monday": monday.strftime("%d-%m-%Y"),
                    "h": round(week / 60, 1),
                    "per_week": programme.hours_per_week,
                }
            )
    return found


def entry_warnings(entry) -> list[str]:
    found = peer_warnings(entry.peer, entry.date)
    if entry.programme_id:
        found += programme_warnings(entry.programme, entry.date)
    return found
