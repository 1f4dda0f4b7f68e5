"""Handing out the survey and taking in a resident's answers (writes, each in one transaction)."""

import datetime
import secrets
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ervaringswerk.audit import context as audit_context

from .models import ITEM_FIELDS, Source, SurveyLink, SurveyResponse
from .permissions import can_hand_out_for_activity, can_hand_out_for_trajectory

if TYPE_CHECKING:
    from ervaringswerk.accounts.viewer import Viewer

# Crockford's base32 without I, L, O, U: nothing to misread when typed from paper. 8 characters = 40 bits.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 8
MAX_LINKS = 40  # one group session's worth of paper slips at a time
LOOK_ALIKES = str.maketrans("OIL", "011")


def normalise_code(code: str) -> str:
    """What a resident may type: lower case, spaces or a dash, O for 0 and I/L for 1."""
    cleaned = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    return cleaned.translate(LOOK_ALIKES)


def format_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def _new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def _expiry(now: datetime.datetime) -> datetime.datetime:
    return now + datetime.timedelta(days=int(getattr(settings, "EW_SURVEY_LINK_DAYS", 30)))


def _links(*, viewer: "Viewer", count: int, now: datetime.datetime, **fields: Any) -> list[SurveyLink]:
    if not isinstance(count, int) or not 1 <= count <= MAX_LINKS:
        raise ValidationError({"count": _("Kies 1 tot %(n)s uitnodigingen.") % {"n": MAX_LINKS}})
    municipality_id = viewer.municipality_id
    if municipality_id is None:  # the permission checks already refuse a viewer without a municipality
        raise PermissionDenied
    links = []
    for _n in range(count):
        link = SurveyLink(
            municipality_id=municipality_id,
            code=_new_code(),
            handed_out_by_id=viewer.user_id,
            expires_at=_expiry(now),
            **fields,
        )
        link.full_clean(validate_unique=False)
        link.save()
        links.append(link)
    return links


@transaction.atomic
def survey_links_for_trajectory(
    *, viewer: "Viewer", trajectory: Any, now: datetime.datetime | None = None
) -> list[SurveyLink]:
    """One link for the resident of this trajectory."""
    if not can_hand_out_for_trajectory(viewer, trajectory):
        raise PermissionDenied
    return _links(
        viewer=viewer,
        count=1,
        now=now or timezone.now(),
        trajectory=trajectory,
        organisation_id=trajectory.organisation_id,
        neighbourhood_id=trajectory.neighbourhood_id,
        programme_id=trajectory.programme_id,
    )


@transaction.atomic
def survey_links_for_activity(
    *, viewer: "Viewer", activity: Any, count: int = 1, now: datetime.datetime | None = None
) -> list[SurveyLink]:
    """One link per resident present at a session of this activity (each used once)."""
    if not can_hand_out_for_activity(viewer, activity):
        raise PermissionDenied
    organisers = list(activity.organisers.all())
    mine = [o for o in organisers if viewer.organisation is not None and o.pk == viewer.organisation.pk]
    organisation = (mine or organisers or [viewer.organisation])[0]
    return _links(
        viewer=viewer,
        count=count,
        now=now or timezone.now(),
        activity=activity,
        organisation_id=organisation.pk,
        neighbourhood_id=activity.neighbourhood_id,
        programme_id=activity.programme_id,
    )


class LinkUnusable(ValidationError):
    """The code is unknown, used or expired; `reason` says which, for the resident's page."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason, code=reason)
        self.reason = reason


def _use_up(link_pk: Any) -> bool:
    """Mark the link used. The conditional update is the guard: of two submissions at once, the second
    waits for the first's row lock and then finds `used` already true, so only one changes the row."""
    return bool(SurveyLink.objects.filter(pk=link_pk, used=False).update(used=True))


def usable_link(code: str, *, now: datetime.datetime | None = None) -> SurveyLink:
    """The link behind a typed or scanned code, or LinkUnusable("unknown" | "used" | "expired")."""
    now = now or timezone.now()
    matches = list(SurveyLink.objects.filter(code=normalise_code(code))[:2])
    if len(matches) != 1:  # (municipality, code) is unique; the same code twice is treated as unknown
        raise LinkUnusable("unknown")
    link = matches[0]
    if link.used:
        raise LinkUnusable("used")
    if link.expires_at <= now:
        raise LinkUnusable("expired")
    return link


def _clean_answers(answers: dict) -> dict[str, int | None]:
    cleaned: dict[str, int | None] = {}
    errors: dict[str, str] = {}
    for name in ITEM_FIELDS:
        value = answers.get(name)
        if value in (None, ""):
            cleaned[name] = None
            continue
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = 0
        if not 1 <= number <= 5:
            errors[name] = _("Kies een antwoord van 1 tot 5, of sla de vraag over.")
        cleaned[name] = number
    if errors:
        raise ValidationError(errors)
    if all(v is None for v in cleaned.values()):
        raise ValidationError(_("Beantwoord minstens één vraag. U mag vragen overslaan, niet allemaal."))
    return cleaned


def survey_answer(
    *, code: str, answers: dict, language: str = "nl", now: datetime.datetime | None = None
) -> SurveyResponse:
    """Store a resident's answers and use up the link, or refuse without storing anything.

    The response keeps no link, trajectory, activity, time of day or address; the audit event for it is
    written without an IP address and without the code in its path."""
    now = now or timezone.now()
    cleaned = _clean_answers(answers)
    with transaction.atomic(), audit_context.anonymous(path="/ervaring/"):
        link = usable_link(code, now=now)
        if not _use_up(link.pk):
            raise LinkUnusable("used")
        local = timezone.localtime(now).date()
        response = SurveyResponse(
            municipality_id=link.municipality_id,
            source=Source.TRAJECTORY if link.trajectory_id else Source.ACTIVITY,
            organisation_id=link.organisation_id,
            neighbourhood_id=link.neighbourhood_id,
            programme_id=link.programme_id,
            month=local.replace(day=1),
            language="en" if language == "en" else "nl",
            **cleaned,
        )
        response.full_clean()
        response.save()
    return response
