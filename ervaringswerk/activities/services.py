"""Writes for activities: each function one transaction, validating with Dutch messages.

The rules that live here (and are tested in tests/test_services.py):
- sessions come from the activity's recurrence, in Europe/Amsterdam wall-clock time;
- a session on a Dutch public holiday is created cancelled, with the holiday as visible reason;
- a facilitator (peer worker or professional) is never in two overlapping sessions that take place;
- a held session records each facilitator's minutes once and books them once as hours.
"""

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ervaringswerk.accounts.models import Membership
from ervaringswerk.core.freetext import free_text_validate
from ervaringswerk.core.tenancy import Role, Viewer
from ervaringswerk.pool.models import PeerStatus

from . import hours_bridge
from .holidays import holiday_name
from .learning import learning_record
from .models import (
    GROUP_KINDS,
    MINUTES_KINDS,
    RHYTHM_KINDS,
    Activity,
    ActivityKind,
    DevelopmentRhythm,
    Frequency,
    HoursStatus,
    MinuteItem,
    PeerAttendance,
    ResidentAttendance,
    Session,
    SessionFacilitator,
    SessionStatus,
)
from .permissions import (
    can_add_minutes,
    can_create_activity,
    can_manage_activity,
    can_manage_rhythm,
    can_record_attendance,
)
from .recurrence import AMSTERDAM, Rule, minutes_between, occurrence_for, occurrences

# Open-ended activities get sessions this far ahead; `send_reminders` extends the horizon daily.
HORIZON_WEEKS = 26


def _today() -> date:
    return timezone.localdate()


def _local(moment: datetime) -> datetime:
    return moment.astimezone(AMSTERDAM)


def _when(moment: datetime) -> str:
    return date_format(_local(moment), "l j F Y H:i")


# ---------------------------------------------------------------------------------------------------------
# Double booking


def _overlapping(*, starts_at, ends_at, peer=None, user=None, exclude_session_id=None):
    qs = SessionFacilitator.objects.filter(
        session__starts_at__lt=ends_at, session__ends_at__gt=starts_at
    ).exclude(session__status=SessionStatus.CANCELLED)
    qs = qs.filter(peer=peer) if peer is not None else qs.filter(user=user)
    if exclude_session_id is not None:
        qs = qs.exclude(session_id=exclude_session_id)
    return qs.select_related("session__activity")


def _assert_free(*, session: Session, peer=None, user=None) -> None:
    """A facilitator cannot be double-booked: refuse any overlap with another session that takes place."""
    if session.status == SessionStatus.CANCELLED:
        return
    clash = _overlapping(
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        peer=peer,
        user=user,
        exclude_session_id=session.pk,
    ).first()
    if clash is not None:
        person = peer if peer is not None else user
        raise ValidationError(
            _(
                "%(person)s is op %(when)s al ingepland bij '%(other)s' (%(from)s–%(to)s). "
                "Dubbel boeken kan niet."
            )
            % {
                "person": person,
                "when": _when(session.starts_at),
                "other": clash.session.activity.title,
                "from": _local(clash.session.starts_at).strftime("%H:%M"),
                "to": _local(clash.session.ends_at).strftime("%H:%M"),
            }
        )


def _add_facilitator(session: Session, *, peer=None, user=None) -> SessionFacilitator | None:
    existing = (
        session.facilitators.filter(peer=peer) if peer is not None else session.facilitators.filter(user=user)
    )
    if existing.exists():
        return None
    _assert_free(session=session, peer=peer, user=user)
    facilitator = SessionFacilitator(
        municipality_id=session.municipality_id, session=session, peer=peer, user=user
    )
    facilitator.full_clean()
    facilitator.save()
    return facilitator


# ---------------------------------------------------------------------------------------------------------
# Activities


def _validate_people(
    *, municipality_id, organisers, peer_facilitators, user_facilitators, themes, neighbourhood
) -> None:
    errors = {}
    organiser_ids = {o.pk for o in organisers}
    if not organisers:
        errors["organisers"] = _("Kies minstens één organiserende organisatie.")
    if any(o.municipality_id != municipality_id for o in organisers):
        errors["organisers"] = _("Een organisatie van een andere gemeente kan niet meedoen.")
    for peer in peer_facilitators:
        if peer.municipality_id != municipality_id or peer.organisation_id not in organiser_ids:
            errors["peer_facilitators"] = _(
                "%(name)s werkt niet bij een van de organiserende organisaties; "
                "voeg die organisatie eerst toe."
            ) % {"name": peer}
        elif peer.status != PeerStatus.ACTIVE:
            errors["peer_facilitators"] = _("%(name)s is niet actief in de pool.") % {"name": peer}
    for user in user_facilitators:
        member = Membership.objects.filter(
            user=user, organisation_id__in=organiser_ids, is_active=True, municipality_id=municipality_id
        ).exists()
        if not member:
            errors["user_facilitators"] = _(
                "%(name)s werkt niet bij een van de organiserende organisaties."
            ) % {"name": user}
    if any(t.municipality_id != municipality_id for t in themes):
        errors["themes"] = _("Onbekend thema.")
    if neighbourhood is not None and neighbourhood.municipality_id != municipality_id:
        errors["neighbourhood"] = _("Onbekende wijk.")
    if errors:
        raise ValidationError(errors)


def _validate_rule(activity: Activity) -> None:
    errors = {}
    if activity.frequency == Frequency.CUSTOM and not activity.custom_dates:
        errors["custom_dates"] = _("Vul bij 'eigen data' minstens één datum in.")
    if activity.end_date and activity.end_date < activity.start_date:
        errors["end_date"] = _("De laatste datum ligt vóór de eerste datum.")
    if any(not isinstance(d, int) or not 0 <= d <= 6 for d in activity.weekdays or []):
        errors["weekdays"] = _("Onbekende weekdag.")
    if activity.is_public and activity.kind not in GROUP_KINDS:
        errors["is_public"] = _("Alleen groepsactiviteiten kunnen op de publieke agenda.")
    if activity.kind == ActivityKind.WALK_IN and not activity.hosts_needed:
        errors["hosts_needed"] = _("Geef aan hoeveel gastvrouwen/-heren per dagdeel nodig zijn.")
    if errors:
        raise ValidationError(errors)


def _require_a_coming_session(activity: Activity, *, today: date) -> None:
    """Sessions are planned from today on: an activity whose every date lies in the past would be stored
    without a single session (the API used to answer 201 for a session held yesterday). Refused instead."""
    horizon = activity.end_date or (today + timedelta(weeks=HORIZON_WEEKS))
    if any(o.date >= today for o in occurrences(rule_for(activity), until=horizon)):
        return
    field = "custom_dates" if activity.frequency == Frequency.CUSTOM else "start_date"
    raise ValidationError(
        {
            field: _(
                "Deze activiteit krijgt geen enkele bijeenkomst: alle data liggen vóór vandaag. "
                "Bijeenkomsten worden vanaf vandaag gepland."
            )
        }
    )


def rule_for(activity: Activity) -> Rule:
    return Rule(
        frequency=activity.frequency,
        start_date=activity.start_date,
        start_time=activity.start_time,
        duration=timedelta(minutes=activity.duration_minutes),
        interval=activity.interval,
        weekdays=tuple(activity.weekdays or ()),
        end_date=activity.end_date,
        custom_dates=tuple(
            date.fromisoformat(d) if isinstance(d, str) else d for d in activity.custom_dates or ()
        ),
    )


def _is_untouched(session: Session) -> bool:
    return (
        not session.is_edited
        and session.status != SessionStatus.HELD
        and session.attendance_recorded_at is None
    )


def sessions_sync(
    *,
    activity: Activity,
    today: date | None = None,
    added_peers: Iterable = (),
    removed_peers: Iterable = (),
    added_users: Iterable = (),
    removed_users: Iterable = (),
    strict: bool = True,
) -> dict:
    """Bring the future sessions in line with the recurrence (idempotent).

    Past sessions and sessions edited one by one are never touched. New sessions on a public holiday are
    created cancelled with the holiday as reason. Default facilitators that were added to or removed from
    the activity are added to or removed from the untouched future sessions (walk-in hosts who signed up
    for a session themselves stay). A facilitator who would be double-booked raises ValidationError
    (`strict`), or is left off that one session and reported in the result's "conflicts" (not strict).
    """
    today = today or _today()
    horizon = activity.end_date or (today + timedelta(weeks=HORIZON_WEEKS))
    wanted = {o.date: o for o in occurrences(rule_for(activity), until=horizon) if o.date >= today}
    existing = {s.occurrence_date: s for s in activity.sessions.filter(occurrence_date__gte=today)}
    created = removed = updated = 0
    conflicts: list[str] = []
    for day, session in list(existing.items()):
        if not _is_untouched(session):
            continue
        holiday_changed = bool(session.holiday) != bool(activity.skip_holidays and holiday_name(day))
        if day not in wanted or not activity.is_active or holiday_changed:
            session.delete()
            del existing[day]
            removed += 1
            continue
        occurrence = wanted[day]
        if (session.starts_at, session.ends_at) != (occurrence.starts_at, occurrence.ends_at):
            session.starts_at, session.ends_at = occurrence.starts_at, occurrence.ends_at
            session.sequence += 1
            session.save(update_fields=["starts_at", "ends_at", "sequence", "updated_at"])
            updated += 1
            for facilitator in session.facilitators.select_related("peer", "user"):
                try:
                    _assert_free(session=session, peer=facilitator.peer, user=facilitator.user)
                except ValidationError as exc:
                    conflicts.extend(exc.messages)
    if not activity.is_active:
        return {"created": 0, "removed": removed, "updated": updated, "conflicts": []}

    peers = list(activity.peer_facilitators.all())
    users = list(activity.user_facilitators.all())
    for day, occurrence in sorted(wanted.items()):
        if day in existing:
            session = existing[day]
            if not _is_untouched(session) or session.status == SessionStatus.CANCELLED:
                continue
            for peer in removed_peers:
                session.facilitators.filter(peer=peer).delete()
            for user in removed_users:
                session.facilitators.filter(user=user).delete()
            to_add = [("peer", p) for p in added_peers] + [("user", u) for u in added_users]
        else:
            holiday = holiday_name(day) if activity.skip_holidays else None
            session = Session(
                municipality_id=activity.municipality_id,
                activity=activity,
                occurrence_date=day,
                starts_at=occurrence.starts_at,
                ends_at=occurrence.ends_at,
                status=SessionStatus.CANCELLED if holiday else SessionStatus.PLANNED,
                holiday=holiday or "",
                cancel_reason=(_("Feestdag: %(name)s") % {"name": holiday}) if holiday else "",
            )
            session.full_clean(exclude=["activity"])
            session.save()
            created += 1
            if holiday:
                continue
            to_add = [("peer", p) for p in peers] + [("user", u) for u in users]
        for kind, person in to_add:
            try:
                _add_facilitator(session, **{kind: person})
            except ValidationError as exc:
                conflicts.extend(exc.messages)
    if conflicts and strict:
        shown = conflicts[:5]
        if len(conflicts) > 5:
            shown.append(_("En nog %(n)s andere botsingen.") % {"n": len(conflicts) - 5})
        raise ValidationError(shown)
    return {"created": created, "removed": removed, "updated": updated, "conflicts": conflicts}


ACTIVITY_FIELDS = (
    "title",
    "kind",
    "description",
    "place",
    "neighbourhood",
    "capacity",
    "is_public",
    "frequency",
    "interval",
    "weekdays",
    "start_date",
    "end_date",
    "start_time",
    "duration_minutes",
    "custom_dates",
    "skip_holidays",
    "extra_minutes",
    "hosts_needed",
    "is_active",
)


def _normalise(fields: dict) -> dict:
    fields = dict(fields)
    if "custom_dates" in fields:
        fields["custom_dates"] = sorted(
            {(d if isinstance(d, str) else d.isoformat()) for d in fields["custom_dates"] or []}
        )
    if "weekdays" in fields:
        fields["weekdays"] = sorted({int(d) for d in fields["weekdays"] or []})
    return fields


@transaction.atomic
def activity_create(
    *,
    viewer: Viewer,
    title: str,
    kind: str,
    organisers: Iterable,
    start_date: date,
    start_time,
    duration_minutes: int,
    frequency: str = Frequency.WEEKLY,
    peer_facilitators: Iterable = (),
    user_facilitators: Iterable = (),
    themes: Iterable = (),
    programme=None,
    today: date | None = None,
    **fields,
) -> Activity:
    if not can_create_activity(viewer):
        raise ValidationError(_("U mag geen activiteiten aanmaken."))
    organisers, peer_facilitators = list(organisers), list(peer_facilitators)
    user_facilitators, themes = list(user_facilitators), list(themes)
    if viewer.organisation_id not in {o.pk for o in organisers}:
        raise ValidationError({"organisers": _("Uw eigen organisatie moet een van de organisatoren zijn.")})
    unknown = set(fields) - set(ACTIVITY_FIELDS)
    if unknown:
        raise TypeError(f"Unknown activity fields: {sorted(unknown)}")
    _validate_people(
        municipality_id=viewer.municipality_id,
        organisers=organisers,
        peer_facilitators=peer_facilitators,
        user_facilitators=user_facilitators,
        themes=themes,
        neighbourhood=fields.get("neighbourhood"),
    )
    activity = Activity(
        municipality_id=viewer.municipality_id,
        title=title,
        kind=kind,
        start_date=start_date,
        start_time=start_time,
        duration_minutes=duration_minutes,
        frequency=frequency,
        created_by=viewer.user,
        **_normalise(fields),
    )
    _set_programme(activity, programme, viewer=viewer, organisers=organisers)
    free_text_validate(Activity, description=activity.description)
    activity.full_clean()
    _validate_rule(activity)
    _require_a_coming_session(activity, today=today or _today())
    activity.save()
    activity.organisers.set(organisers)
    activity.peer_facilitators.set(peer_facilitators)
    activity.user_facilitators.set(user_facilitators)
    activity.themes.set(themes)
    sessions_sync(activity=activity, today=today)
    return activity


def _set_programme(activity: Activity, programme, *, viewer: Viewer, organisers) -> None:
    if programme is None:
        activity.programme = None
        return
    if programme.municipality_id != viewer.municipality_id:
        raise ValidationError({"programme": _("Onbekend programma.")})
    if programme.pk != activity.programme_id:
        # A new choice must be open and carried out (or joined as partner) by one of the organisers;
        # a programme already on the activity may stay after it closes.
        from ervaringswerk.organisations.selectors import bookable_programmes

        allowed = bookable_programmes(municipality_id=viewer.municipality_id, organisation_ids=organisers)
        if not allowed.filter(pk=programme.pk).exists():
            raise ValidationError(
                {
                    "programme": _(
                        "Kies een lopend programma dat een van de organiserende organisaties uitvoert "
                        "of waarin zij partner is."
                    )
                }
            )
    activity.programme = programme


@transaction.atomic
def activity_update(
    *,
    viewer: Viewer,
    activity: Activity,
    organisers: Iterable | None = None,
    peer_facilitators: Iterable | None = None,
    user_facilitators: Iterable | None = None,
    themes: Iterable | None = None,
    today: date | None = None,
    **fields,
) -> Activity:
    """Change an activity; its untouched future sessions follow (see sessions_sync)."""
    if not can_manage_activity(viewer, activity):
        raise ValidationError(_("U mag deze activiteit niet wijzigen."))
    before_peers = set(activity.peer_facilitators.all())
    before_users = set(activity.user_facilitators.all())
    organisers = list(organisers) if organisers is not None else list(activity.organisers.all())
    peers = list(peer_facilitators) if peer_facilitators is not None else list(before_peers)
    users = list(user_facilitators) if user_facilitators is not None else list(before_users)
    themes = list(themes) if themes is not None else list(activity.themes.all())
    programme = fields.pop("programme", getattr(activity, "programme", None))
    unknown = set(fields) - set(ACTIVITY_FIELDS)
    if unknown:
        raise TypeError(f"Unknown activity fields: {sorted(unknown)}")
    for name, value in _normalise(fields).items():
        setattr(activity, name, value)
    _validate_people(
        municipality_id=activity.municipality_id,
        organisers=organisers,
        peer_facilitators=peers,
        user_facilitators=users,
        themes=themes,
        neighbourhood=activity.neighbourhood,
    )
    if viewer.organisation_id not in {o.pk for o in organisers}:
        raise ValidationError(
            {"organisers": _("Uw eigen organisatie moet een van de organisatoren blijven.")}
        )
    _set_programme(activity, programme, viewer=viewer, organisers=organisers)
    free_text_validate(Activity, description=activity.description)
    activity.full_clean()
    _validate_rule(activity)
    if not activity.sessions.exists():
        # An activity that already has sessions keeps them (a past one may still get its title corrected);
        # only one without any would be left empty.
        _require_a_coming_session(activity, today=today or _today())
    activity.save()
    activity.organisers.set(organisers)
    activity.peer_facilitators.set(peers)
    activity.user_facilitators.set(users)
    activity.themes.set(themes)
    sessions_sync(
        activity=activity,
        today=today,
        added_peers=[p for p in peers if p not in before_peers],
        removed_peers=[p for p in before_peers if p not in peers],
        added_users=[u for u in users if u not in before_users],
        removed_users=[u for u in before_users if u not in users],
    )
    return activity


# ---------------------------------------------------------------------------------------------------------
# Sessions, one by one


def _require_manage(viewer: Viewer, session: Session) -> None:
    if not can_manage_activity(viewer, session.activity):
        raise ValidationError(_("U mag deze bijeenkomst niet wijzigen."))


@transaction.atomic
def session_move(
    *,
    viewer: Viewer,
    session: Session,
    starts_at: datetime,
    duration_minutes: int | None = None,
    place: str | None = None,
) -> Session:
    """Move one session to another moment (and optionally place); checks every facilitator is free."""
    _require_manage(viewer, session)
    if session.status == SessionStatus.HELD:
        raise ValidationError(_("Een bijeenkomst die al is gehouden kan niet meer worden verplaatst."))
    if timezone.is_naive(starts_at):
        raise ValidationError({"starts_at": _("Geef een tijdstip met tijdzone.")})
    minutes = duration_minutes or minutes_between(session.starts_at, session.ends_at)
    if not 15 <= minutes <= 12 * 60:
        raise ValidationError({"duration_minutes": _("Een bijeenkomst duurt tussen 15 minuten en 12 uur.")})
    local = _local(starts_at)
    occurrence = occurrence_for(local.date(), local.time().replace(tzinfo=None), timedelta(minutes=minutes))
    session.starts_at, session.ends_at = occurrence.starts_at, occurrence.ends_at
    if place is not None:
        session.place = place.strip()[:200]
    if session.status == SessionStatus.CANCELLED:
        # Moving a cancelled (e.g. holiday) session brings it back on its new date.
        session.status, session.cancel_reason, session.holiday = SessionStatus.PLANNED, "", ""
    session.is_edited = True
    session.sequence += 1
    session.full_clean(exclude=["activity"])
    session.save()
    for facilitator in session.facilitators.select_related("peer", "user"):
        _assert_free(session=session, peer=facilitator.peer, user=facilitator.user)
    return session


@transaction.atomic
def session_cancel(*, viewer: Viewer, session: Session, reason: str) -> Session:
    _require_manage(viewer, session)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Geef een reden; die is zichtbaar op de agenda.")})
    free_text_validate(Session, reason=reason, names={"reason": "cancel_reason"})
    if session.status == SessionStatus.HELD:
        raise ValidationError(_("Een bijeenkomst die al is gehouden kan niet vervallen."))
    session.status, session.cancel_reason = SessionStatus.CANCELLED, reason[:200]
    session.is_edited = True
    session.sequence += 1
    session.save()
    return session


@transaction.atomic
def session_restore(*, viewer: Viewer, session: Session) -> Session:
    """Let a cancelled session (also a holiday) take place after all; facilitators must still be free."""
    _require_manage(viewer, session)
    if session.status != SessionStatus.CANCELLED:
        raise ValidationError(_("Deze bijeenkomst is niet vervallen."))
    session.status, session.cancel_reason, session.holiday = SessionStatus.PLANNED, "", ""
    session.is_edited = True
    session.sequence += 1
    session.save()
    activity = session.activity
    if not session.facilitators.exists() and activity.kind != ActivityKind.WALK_IN:
        for peer in activity.peer_facilitators.all():
            _add_facilitator(session, peer=peer)
        for user in activity.user_facilitators.all():
            _add_facilitator(session, user=user)
    for facilitator in session.facilitators.select_related("peer", "user"):
        _assert_free(session=session, peer=facilitator.peer, user=facilitator.user)
    return session


@transaction.atomic
def session_facilitator_add(*, viewer: Viewer, session: Session, peer=None, user=None) -> SessionFacilitator:
    _require_manage(viewer, session)
    if (peer is None) == (user is None):
        raise ValidationError(_("Kies één begeleider."))
    _validate_people(
        municipality_id=session.municipality_id,
        organisers=list(session.activity.organisers.all()),
        peer_facilitators=[peer] if peer else [],
        user_facilitators=[user] if user else [],
        themes=[],
        neighbourhood=None,
    )
    facilitator = _add_facilitator(session, peer=peer, user=user)
    if facilitator is None:
        raise ValidationError(_("Deze begeleider staat al bij deze bijeenkomst."))
    session.is_edited = True
    session.save(update_fields=["is_edited", "updated_at"])
    return facilitator


@transaction.atomic
def session_facilitator_remove(*, viewer: Viewer, facilitator: SessionFacilitator) -> None:
    _require_manage(viewer, facilitator.session)
    if facilitator.hours_status == HoursStatus.BOOKED:
        raise ValidationError(_("De uren van deze begeleider zijn al geboekt; corrigeer ze bij de uren."))
    session = facilitator.session
    facilitator.delete()
    session.is_edited = True
    session.save(update_fields=["is_edited", "updated_at"])


def facilitation_minutes(session: Session) -> int:
    return minutes_between(session.starts_at, session.ends_at) + session.activity.extra_minutes


def _facilitation_record(session: Session, *, actor=None) -> None:
    """Record each facilitator's minutes for a held session and book them once (see hours_bridge)."""
    minutes = facilitation_minutes(session)
    for facilitator in session.facilitators.select_related("peer", "session__activity").select_for_update(
        of=("self",)
    ):
        if facilitator.hours_status == HoursStatus.BOOKED:
            continue  # never twice: the time entry exists
        facilitator.booked_minutes = minutes
        facilitator.hours_status = HoursStatus.RECORDED
        facilitator.hours_problem = ""
        entry = hours_bridge.book(facilitator=facilitator, minutes=minutes, actor=actor)
        if entry is not None:
            facilitator.time_entry_id = entry.pk
            facilitator.hours_status = HoursStatus.BOOKED
        facilitator.save(
            update_fields=["booked_minutes", "hours_status", "time_entry_id", "hours_problem", "updated_at"]
        )


@transaction.atomic
def facilitation_book_pending(*, municipality_id=None, actor=None) -> int:
    """Book recorded facilitation that could not be booked before (no programme yet, or refused by the hours
    rules: a locked month, a closed or exhausted programme)."""
    qs = SessionFacilitator.objects.filter(hours_status=HoursStatus.RECORDED, peer__isnull=False)
    if municipality_id is not None:
        qs = qs.filter(municipality_id=municipality_id)
    booked = 0
    for facilitator in qs.select_related("peer", "session__activity").select_for_update(of=("self",)):
        if not hours_bridge.can_book(facilitator):
            continue
        entry = hours_bridge.book(
            facilitator=facilitator, minutes=facilitator.booked_minutes or 0, actor=actor
        )
        if entry is not None:
            facilitator.time_entry_id = entry.pk
            facilitator.hours_status = HoursStatus.BOOKED
            booked += 1
        # Still refused (e.g. a locked month): keep it recorded, with the latest reason visible.
        facilitator.save(update_fields=["time_entry_id", "hours_status", "hours_problem", "updated_at"])
    return booked


def eligible_attendees(session: Session):
    """Peer workers who can attend a pool session: the active peers of the organising pool organisations."""
    from ervaringswerk.pool.models import PeerWorker

    organiser_ids = [o.pk for o in session.activity.organisers.all()]
    return PeerWorker.objects.filter(
        municipality_id=session.municipality_id, organisation_id__in=organiser_ids
    ).exclude(status="left")


@transaction.atomic
def session_attendance_record(
    *,
    viewer: Viewer,
    session: Session,
    new_participants: int | None = None,
    returning_participants: int | None = None,
    resident_codes: Iterable[str] = (),
    present_peer_ids: Iterable | None = None,
    now: datetime | None = None,
    learning: dict | None = None,
) -> Session:
    """Record who came (counts, pseudonymous codes, or peer workers) and mark the session held.

    Saving again replaces the attendance, never the booked hours. `learning` ({"milestone": ...,
    "staff_counts": {organisation id: people}}) goes to `learning.learning_record` for learning sessions
    and evaluations; left out, the milestone link and staff counts stay as they are.
    """
    if not can_record_attendance(viewer, session):
        raise ValidationError(_("U mag de aanwezigheid van deze bijeenkomst niet vastleggen."))
    now = now or timezone.now()
    if session.status == SessionStatus.CANCELLED:
        raise ValidationError(_("Deze bijeenkomst is vervallen; zet haar eerst terug."))
    if session.starts_at > now:
        raise ValidationError(_("De aanwezigheid kan pas worden vastgelegd als de bijeenkomst is begonnen."))
    errors = {}
    for name, value in (
        ("new_participants", new_participants),
        ("returning_participants", returning_participants),
    ):
        if value is not None and (not isinstance(value, int) or value < 0 or value > 1000):
            errors[name] = _("Vul een aantal van 0 tot 1000 in.")
    codes = sorted({c.strip().upper() for c in resident_codes if c and c.strip()})
    for code in codes:
        try:
            ResidentAttendance._meta.get_field("code").run_validators(code)
        except ValidationError:
            errors["resident_codes"] = _(
                "'%(code)s' is geen geldige bewonerscode "
                "(3 tot 20 hoofdletters, cijfers of streepjes; geen namen)."
            ) % {"code": code[:40]}
            break
    capacity = session.activity.capacity
    total = (new_participants or 0) + (returning_participants or 0)
    if capacity and total > capacity * 3:
        errors["new_participants"] = _("Dit aantal is veel groter dan het maximum van %(n)s; klopt het?") % {
            "n": capacity
        }
    if errors:
        raise ValidationError(errors)

    session.new_participants = new_participants
    session.returning_participants = returning_participants
    session.status = SessionStatus.HELD
    session.attendance_recorded_at = now
    session.attendance_recorded_by = viewer.user
    session.save()
    session.resident_codes.exclude(code__in=codes).delete()
    for code in codes:
        ResidentAttendance.objects.get_or_create(
            municipality_id=session.municipality_id, session=session, code=code
        )
    if present_peer_ids is not None:
        present = {str(pk) for pk in present_peer_ids}
        eligible = {str(p.pk): p for p in eligible_attendees(session)}
        unknown = present - set(eligible)
        if unknown:
            raise ValidationError({"present_peer_ids": _("Onbekende ervaringsdeskundige.")})
        for pk, peer in eligible.items():
            record, _created = PeerAttendance.objects.get_or_create(
                municipality_id=session.municipality_id,
                session=session,
                peer=peer,
                defaults={"present": pk in present},
            )
            if record.present != (pk in present):
                record.present = pk in present
                record.save(update_fields=["present", "updated_at"])
    if learning is not None:
        learning_record(session=session, **learning)
    _facilitation_record(session, actor=viewer)
    return session


@transaction.atomic
def minute_item_add(*, viewer: Viewer, session: Session, kind: str, text: str) -> MinuteItem:
    """A decision, lesson or action in the minutes of a learning session or evaluation."""
    if not can_add_minutes(viewer, session):
        raise ValidationError(_("U mag geen notulen bij deze bijeenkomst vastleggen."))
    if session.activity.kind not in MINUTES_KINDS:
        raise ValidationError(_("Alleen leerbijeenkomsten en evaluaties hebben notulen."))
    item = MinuteItem(
        municipality_id=session.municipality_id,
        session=session,
        kind=kind,
        text=(text or "").strip(),
        created_by=viewer.user,
    )
    free_text_validate(MinuteItem, text=item.text)
    item.full_clean()
    item.save()
    return item


# ---------------------------------------------------------------------------------------------------------
# Walk-in roster


def _host_minutes_in_week(peer, day: date) -> int:
    monday = day - timedelta(days=day.weekday())
    start = datetime.combine(monday, datetime.min.time(), tzinfo=AMSTERDAM)
    end = start + timedelta(days=7)
    total = 0
    for f in (
        SessionFacilitator.objects.filter(
            peer=peer, session__starts_at__gte=start, session__starts_at__lt=end
        )
        .exclude(session__status=SessionStatus.CANCELLED)
        .select_related("session")
    ):
        total += minutes_between(f.session.starts_at, f.session.ends_at)
    return total


WEEKDAY_CODES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # pool.constants.Weekday values


def _pool_allows(peer, session: Session) -> str | None:
    """Availability and boundaries as the pool states them (`pool.selectors.matching_profiles`):
    a pause covering the day, the weekdays the peer worker is available, the kinds of work they want,
    and themes they exclude. Empty lists mean "not stated" and do not block."""
    from ervaringswerk.core.reference import DeploymentKind
    from ervaringswerk.pool.selectors import matching_profiles

    day = _local(session.starts_at).date()
    profile = next(
        (
            p
            for p in matching_profiles(
                municipality_id=peer.municipality_id, organisation_ids=[peer.organisation_id], day=day
            )
            if p.peer_id == peer.pk
        ),
        None,
    )
    if profile is None:
        return None
    if profile.paused:
        return _("U heeft op die dag een pauze.")
    if profile.available_days and WEEKDAY_CODES[day.weekday()] not in profile.available_days:
        return _("Op deze weekdag bent u volgens uw profiel niet beschikbaar.")
    if profile.kinds and DeploymentKind.WALK_IN_HOSTING not in profile.kinds:
        return _("Gastvrouw/-heer bij een inloop staat niet bij het werk dat u wilt doen.")
    themes = {t.slug for t in session.activity.themes.all()} | {
        t.name.lower() for t in session.activity.themes.all()
    }
    if profile.excluded_themes & themes:
        return _("Het thema van deze inloop valt buiten de grenzen die u heeft aangegeven.")
    return None


def host_check(*, peer, session: Session) -> str | None:
    """Why `peer` cannot host `session`, or None when they can (used by the roster page too)."""
    activity = session.activity
    if activity.kind != ActivityKind.WALK_IN:
        return _("Dit is geen inloop.")
    if session.status != SessionStatus.PLANNED or session.starts_at <= timezone.now():
        return _("Voor deze bijeenkomst kunt u zich niet meer aanmelden.")
    if peer.status != PeerStatus.ACTIVE:
        return _("Alleen actieve ervaringsdeskundigen kunnen zich aanmelden.")
    if peer.organisation_id not in {o.pk for o in activity.organisers.all()}:
        return _("Deze inloop wordt niet (mede) door uw poolorganisatie georganiseerd.")
    if session.facilitators.filter(peer=peer).exists():
        return _("U staat al ingeroosterd.")
    if session.facilitators.count() >= activity.hosts_needed:
        return _("Dit dagdeel is al vol.")
    weekly = int(peer.weekly_hours * 60)
    minutes = minutes_between(session.starts_at, session.ends_at)
    if weekly and _host_minutes_in_week(peer, _local(session.starts_at).date()) + minutes > weekly:
        return _("Dan werkt u die week meer dan uw %(h)s beschikbare uren.") % {"h": peer.weekly_hours}
    reason = _pool_allows(peer, session)
    if reason:
        return reason
    if _overlapping(starts_at=session.starts_at, ends_at=session.ends_at, peer=peer).exists():
        return _("U bent op dat moment al ingepland.")
    return None


def _may_act_for(viewer: Viewer, peer) -> bool:
    if viewer.has_role(Role.PEER_WORKER):
        return peer.user_id == viewer.user_id
    if viewer.has_role(Role.COORDINATOR):
        return peer.organisation_id == viewer.organisation_id
    return False


@transaction.atomic
def host_signup(*, viewer: Viewer, session: Session, peer) -> SessionFacilitator:
    """A peer worker takes a walk-in host slot (themself, or their coordinator for them)."""
    if not _may_act_for(viewer, peer):
        raise ValidationError(_("U kunt alleen uzelf (of iemand uit uw eigen pool) aanmelden."))
    session = Session.objects.select_for_update().get(pk=session.pk)
    reason = host_check(peer=peer, session=session)
    if reason:
        raise ValidationError(reason)
    facilitator = _add_facilitator(session, peer=peer)
    return facilitator


@transaction.atomic
def host_withdraw(*, viewer: Viewer, session: Session, peer) -> None:
    if not _may_act_for(viewer, peer):
        raise ValidationError(_("U kunt alleen uzelf (of iemand uit uw eigen pool) afmelden."))
    if session.status == SessionStatus.HELD or session.starts_at <= timezone.now():
        raise ValidationError(_("Afmelden kan alleen voor een bijeenkomst die nog moet komen."))
    deleted, _detail = session.facilitators.filter(peer=peer).delete()
    if not deleted:
        raise ValidationError(_("U stond niet ingeroosterd."))


# ---------------------------------------------------------------------------------------------------------
# Rhythm of supervision and intervision


@transaction.atomic
def rhythm_set(
    *, viewer: Viewer, organisation, kind: str, max_interval_days: int | None
) -> DevelopmentRhythm | None:
    """Set (or with None remove) how often a pool's peer workers must at least attend `kind`."""
    if not can_manage_rhythm(viewer, organisation):
        raise ValidationError(_("Alleen de coördinator van deze pool kan het ritme instellen."))
    if kind not in {k.value for k in RHYTHM_KINDS}:
        raise ValidationError({"kind": _("Onbekende soort.")})
    if not organisation.is_pool:
        raise ValidationError(_("Alleen een poolorganisatie heeft een ritme voor intervisie en supervisie."))
    existing = DevelopmentRhythm.objects.filter(organisation=organisation, kind=kind).first()
    if max_interval_days is None:
        if existing:
            existing.delete()
        return None
    rhythm = existing or DevelopmentRhythm(
        municipality_id=organisation.municipality_id, organisation=organisation, kind=kind
    )
    rhythm.max_interval_days = max_interval_days
    rhythm.full_clean()
    rhythm.save()
    return rhythm


@transaction.atomic
def horizon_extend(*, today: date | None = None) -> dict:
    """Create sessions for open-ended activities up to the horizon (run daily with the reminders).

    A facilitator who would be double-booked on a new far-future date is left off that session (the
    session shows no facilitator, so the coordinator sees the gap) and reported.
    """
    today = today or _today()
    created, conflicts = 0, []
    activities = Activity.objects.filter(is_active=True).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today)
    )
    for activity in activities:
        result = sessions_sync(activity=activity, today=today, strict=False)
        created += result["created"]
        conflicts.extend(f"{activity}: {message}" for message in result["conflicts"])
    return {"created": created, "conflicts": conflicts}
