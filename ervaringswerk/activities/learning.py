"""Learning during a pilot (issue 14.4): a learning session or evaluation carries out one of its programme's
milestones, and the staff of partner organisations who came are counted per organisation.

Kept apart from `services.py` (sessions, facilitation, walk-in hosting): this is what the programme's
accountability reads, and it only ever runs for the minutes kinds (learning session, evaluation)."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ervaringswerk.organisations.selectors import learning_milestones_of, organisations_around_programme
from ervaringswerk.organisations.services import milestone_done

from .models import MINUTES_KINDS, Session, SessionStatus, StaffAttendance

MAX_STAFF = 500


def takes_learning(session: Session) -> bool:
    """Whether a session carries milestones and staff counts: learning sessions and evaluations only."""
    return session.activity.kind in MINUTES_KINDS


def milestone_choices(session: Session):
    """The programme's learning-session and evaluation milestones this session can carry out."""
    if not takes_learning(session) or session.activity.programme_id is None:
        return learning_milestones_of(programme_id=None)
    return learning_milestones_of(programme_id=session.activity.programme_id)


def staff_organisations(session: Session) -> list:
    """Whose staff may be counted: the activity's organisers and, with a programme, its funder,
    contractor and partners; all of the session's municipality."""
    organiser_ids = list(session.activity.organisers.values_list("pk", flat=True))
    return organisations_around_programme(
        municipality_id=session.municipality_id,
        programme_id=session.activity.programme_id,
        extra_ids=organiser_ids,
    )


def staff_counts(session: Session) -> dict[str, int]:
    """{organisation id: people} as recorded for the session."""
    return {str(o): n for o, n in session.staff_attendance.values_list("organisation_id", "people")}


@transaction.atomic
def learning_record(*, session: Session, milestone=None, staff_counts: Mapping | None = None) -> Session:
    """Link the milestone and store the staff counts of a held session (called after the attendance,
    inside its transaction and permission check). A linked milestone not yet reached is marked reached on
    the session's date."""
    if not takes_learning(session):
        return session
    errors = {}
    if milestone is not None and not milestone_choices(session).filter(pk=milestone.pk).exists():
        errors["milestone"] = _(
            "Kies een leersessie- of evaluatiemijlpaal van het programma van deze activiteit."
        )
    counts: dict[str, int] = {}
    if staff_counts is not None:
        allowed = {str(o.pk) for o in staff_organisations(session)}
        for organisation_id, people in staff_counts.items():
            key = str(organisation_id)
            if key not in allowed:
                errors["staff"] = _("Deze organisatie hoort niet bij deze activiteit of haar programma.")
                break
            if people in (None, 0):
                continue
            if not isinstance(people, int) or not 0 < people <= MAX_STAFF:
                errors["staff"] = _("Vul per organisatie een aantal medewerkers van 0 tot %(n)s in.") % {
                    "n": MAX_STAFF
                }
                break
            counts[key] = people
    if errors:
        raise ValidationError(errors)
    if session.milestone_id != (milestone.pk if milestone else None):
        session.milestone = milestone
        session.save(update_fields=["milestone", "updated_at"])
    if milestone is not None and milestone.done_on is None and session.status == SessionStatus.HELD:
        milestone_done(milestone=milestone, done_on=timezone.localtime(session.starts_at).date())
    if staff_counts is not None:
        session.staff_attendance.exclude(organisation_id__in=list(counts)).delete()
        for organisation_id, people in counts.items():
            StaffAttendance.objects.update_or_create(
                municipality_id=session.municipality_id,
                session=session,
                organisation_id=organisation_id,
                defaults={"people": people},
            )
    return session
