"""Writes for preconditions self-assessments and actions. Each one transaction, validated, audited."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ervaringswerk.audit.models import AuditAction
from ervaringswerk.audit.services import audit_record
from ervaringswerk.core.reference import Precondition
from ervaringswerk.core.tenancy import Viewer

from .models import Action, ActionStatus, Assessment, AssessmentItem, Level


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
