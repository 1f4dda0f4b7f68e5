from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ervaringswerk.core.reference import DeploymentForm

from .models import Organisation

CONTACT_FIELDS = ("contact_name", "contact_email", "contact_phone")


@transaction.atomic
def organisation_create(
    *, municipality, name: str, kind: str, description: str = "", neighbourhoods=(), **contact
) -> Organisation:
    unknown = set(contact) - set(CONTACT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown organisation fields: {sorted(unknown)}")
    organisation = Organisation(
        municipality=municipality,
        name=name.strip(),
        kind=kind,
        description=description.strip(),
        **{k: (v or "").strip() for k, v in contact.items()},
    )
    organisation.full_clean()
    organisation.save()
    foreign = [n for n in neighbourhoods if n.municipality_id != municipality.pk]
    if foreign:
        raise ValueError("A neighbourhood of another municipality cannot be served.")
    if neighbourhoods:
        organisation.neighbourhoods.set(neighbourhoods)
    return organisation


ORGANISATION_UPDATE_FIELDS = ("name", "kind", "description", "is_active", *CONTACT_FIELDS)


@transaction.atomic
def organisation_update(*, organisation: Organisation, neighbourhoods=None, **fields) -> Organisation:
    """Change an organisation's name, kind, contact, served neighbourhoods or active state."""
    unknown = set(fields) - set(ORGANISATION_UPDATE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown organisation fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(organisation, name, value.strip() if isinstance(value, str) else value)
    organisation.full_clean()
    organisation.save()
    if neighbourhoods is not None:
        neighbourhoods = list(neighbourhoods)
        if any(n.municipality_id != organisation.municipality_id for n in neighbourhoods):
            raise ValidationError(_("Een organisatie kan alleen wijken van haar eigen gemeente bedienen."))
        organisation.neighbourhoods.set(neighbourhoods)
    return organisation


def _check_programme_parties(municipality, funder, contractor, partners):
    parties = [funder, contractor, *partners]
    if any(o.municipality_id != municipality.pk for o in parties):
        raise ValidationError(_("Alle organisaties van een programma horen bij dezelfde gemeente."))


def _check_programme_terms(programme, partners) -> None:
    """The rules the programme form checks, here too so that the API keeps them (issue 17)."""
    errors = {}
    start, end, go = programme.start_date, programme.end_date, programme.go_no_go_date
    if start and end and end < start:
        errors["end_date"] = _("De einddatum ligt vóór de startdatum.")
    elif go and start and end and not (start <= go <= end):
        errors["go_no_go_date"] = _("De go/no-go-datum ligt buiten de looptijd.")
    if any(p.pk == programme.contractor_id for p in partners):
        errors["partners"] = _("De uitvoerende organisatie huurt niet bij zichzelf in.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def programme_create(
    *,
    municipality,
    name: str,
    code: str,
    funder,
    contractor,
    start_date,
    end_date,
    hours_per_week,
    hours_total,
    theme: str = "",
    description: str = "",
    go_no_go_date=None,
    partners=(),
    deployment_form: str = DeploymentForm.ON_REQUEST,
):
    from .models import Programme

    partners = list(partners)
    _check_programme_parties(municipality, funder, contractor, partners)
    programme = Programme(
        municipality=municipality,
        name=name.strip(),
        code=code.strip(),
        theme=theme.strip(),
        description=description.strip(),
        funder=funder,
        contractor=contractor,
        start_date=start_date,
        end_date=end_date,
        hours_per_week=hours_per_week,
        hours_total=hours_total,
        go_no_go_date=go_no_go_date,
        deployment_form=deployment_form,
    )
    _check_programme_terms(programme, partners)
    programme.full_clean()
    programme.save()
    if partners:
        programme.partners.set(partners)
    return programme


@transaction.atomic
def programme_update(*, programme, partners=None, **fields):
    """Change a programme's terms; the budget may change, the history of booked hours does not."""
    for name, value in fields.items():
        setattr(programme, name, value.strip() if isinstance(value, str) else value)
    partners = list(partners) if partners is not None else list(programme.partners.all())
    _check_programme_parties(programme.municipality, programme.funder, programme.contractor, partners)
    _check_programme_terms(programme, partners)
    programme.full_clean()
    programme.save()
    programme.partners.set(partners)
    return programme


@transaction.atomic
def programme_rate_add(*, programme, hourly_rate, valid_from, valid_until=None, work_kind: str = ""):
    from .models import ProgrammeRate

    if valid_until is not None and valid_until < valid_from:
        raise ValidationError({"valid_until": _("De einddatum ligt vóór de begindatum.")})
    # One rate per kind of work per day, so a statement line never has two prices.
    overlapping = programme.rates.filter(work_kind=work_kind).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=valid_from)
    )
    if valid_until is not None:
        overlapping = overlapping.filter(valid_from__lte=valid_until)
    if overlapping.exists():
        raise ValidationError(_("Er is al een tarief voor deze soort werk in (een deel van) deze periode."))
    rate = ProgrammeRate(
        municipality_id=programme.municipality_id,
        programme=programme,
        work_kind=work_kind,
        valid_from=valid_from,
        valid_until=valid_until,
        hourly_rate=hourly_rate,
    )
    rate.full_clean()
    rate.save()
    return rate


@transaction.atomic
def milestone_add(*, programme, kind: str, title: str, date, done_on=None):
    from .models import Milestone

    milestone = Milestone(
        municipality_id=programme.municipality_id,
        programme=programme,
        kind=kind,
        title=title.strip(),
        date=date,
        done_on=done_on,
    )
    milestone.full_clean()
    milestone.save()
    return milestone


@transaction.atomic
def milestone_done(*, milestone, done_on):
    """Mark a milestone as reached (a learning session held, an evaluation done, a go/no-go decided)."""
    milestone.done_on = done_on
    milestone.full_clean()
    milestone.save(update_fields=["done_on", "updated_at"])
    return milestone


# ------------------------------------------------------------------ go/no-go (issue 14)


@transaction.atomic
def success_criterion_add(*, programme, kind: str, target, title: str = ""):
    """A success criterion with its target; set at the start, measured in the evaluation report."""
    from .models import CriterionKind, SuccessCriterion

    title = (title or "").strip()
    if kind == CriterionKind.FREE and not title:
        raise ValidationError({"title": _("Beschrijf het eigen criterium.")})
    if kind != CriterionKind.FREE and programme.success_criteria.filter(kind=kind).exists():
        raise ValidationError({"kind": _("Dit criterium staat al bij het programma.")})
    if kind == CriterionKind.EXPERIENCE_SCORE and target is not None and not 1 <= target <= 5:
        raise ValidationError({"target": _("Een ervaringsscore ligt tussen 1 en 5.")})
    if kind == CriterionKind.PARTNER_JUDGEMENT and target is not None and not 1 <= target <= 10:
        raise ValidationError({"target": _("Een oordeel ligt tussen 1 en 10.")})
    criterion = SuccessCriterion(
        municipality_id=programme.municipality_id, programme=programme, kind=kind, title=title, target=target
    )
    criterion.full_clean()
    criterion.save()
    return criterion


@transaction.atomic
def success_criterion_record(*, criterion, value, note: str = ""):
    """The value of a criterion the figures cannot measure (the partners' judgement, an own criterion)."""
    from .models import CriterionKind

    if criterion.is_measured:
        raise ValidationError(_("Dit criterium meet de evaluatierapportage zelf."))
    if criterion.kind == CriterionKind.PARTNER_JUDGEMENT and value is not None and not 1 <= value <= 10:
        raise ValidationError({"recorded_value": _("Een oordeel ligt tussen 1 en 10.")})
    criterion.recorded_value = value
    criterion.recorded_note = (note or "").strip()
    criterion.full_clean()
    criterion.save(update_fields=["recorded_value", "recorded_note", "updated_at"])
    return criterion


@transaction.atomic
def go_no_go_decide(*, milestone, outcome: str, rationale: str, decided_by, decided_on, conditions: str = ""):
    """Record the decision on a programme's go/no-go milestone; the milestone is done on that day."""
    from .models import DecisionOutcome, Milestone, MilestoneKind

    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    errors = {}
    if milestone.kind != MilestoneKind.GO_NO_GO:
        raise ValidationError(_("Alleen op een go/no-go-mijlpaal wordt een besluit vastgelegd."))
    if milestone.outcome:
        raise ValidationError(_("Het besluit is al vastgelegd."), code="already_decided")
    if outcome not in DecisionOutcome.values:
        errors["outcome"] = _("Kies go, go met voorwaarden of no-go.")
    rationale, conditions = (rationale or "").strip(), (conditions or "").strip()
    if not rationale:
        errors["rationale"] = _("Onderbouw het besluit.")
    if outcome == DecisionOutcome.GO_WITH_CONDITIONS and not conditions:
        errors["conditions"] = _("Noem de voorwaarden.")
    if decided_on is None:
        errors["decided_on"] = _("Vul de datum van het besluit in.")
    elif decided_on > timezone.localdate():
        errors["decided_on"] = _("Een besluit kan niet in de toekomst liggen.")
    if errors:
        raise ValidationError(errors)
    milestone.outcome = outcome
    milestone.rationale = rationale
    milestone.conditions = conditions if outcome == DecisionOutcome.GO_WITH_CONDITIONS else ""
    milestone.decided_by = decided_by
    milestone.decided_by_name = (decided_by.get_full_name() or decided_by.username) if decided_by else ""
    milestone.decided_on = decided_on
    milestone.done_on = milestone.done_on or decided_on
    milestone.full_clean()
    milestone.save()
    return milestone


@transaction.atomic
def programme_follow_up_create(
    *,
    milestone,
    name: str,
    code: str,
    start_date,
    end_date,
    hours_per_week,
    hours_total,
    agreements: list[dict],
):
    """After a "go": the next programme period with the same parties and rates, and a hire-out agreement
    per partner (`agreements`: [{"partner", "hours_per_week", "hourly_rate"}], partners of the programme).
    """
    from .models import DecisionOutcome, HireOutAgreement, Milestone

    milestone = Milestone.objects.select_for_update().select_related("programme").get(pk=milestone.pk)
    programme = milestone.programme
    if milestone.outcome not in (DecisionOutcome.GO, DecisionOutcome.GO_WITH_CONDITIONS):
        raise ValidationError(_("Een vervolg kan alleen na een go-besluit."))
    if milestone.follow_up_id:
        raise ValidationError(_("Het vervolg van dit programma is al aangemaakt."), code="already_decided")
    if start_date <= programme.start_date:
        raise ValidationError({"start_date": _("Het vervolg begint na de start van het programma.")})
    allowed = {p.pk for p in programme.partners.all()}
    if any(a["partner"].pk not in allowed for a in agreements):
        raise ValidationError(_("Een inhuurafspraak kan alleen met een partner van het programma."))
    follow_up = programme_create(
        municipality=programme.municipality,
        name=name,
        code=code,
        theme=programme.theme,
        description=programme.description,
        funder=programme.funder,
        contractor=programme.contractor,
        start_date=start_date,
        end_date=end_date,
        hours_per_week=hours_per_week,
        hours_total=hours_total,
        partners=[a["partner"] for a in agreements],
    )
    # the rates in force at the end of the programme carry over, from the first day of the follow-up
    for rate in programme.rates.all():
        if rate.valid_from <= programme.end_date and (
            rate.valid_until is None or rate.valid_until >= programme.end_date
        ):
            programme_rate_add(
                programme=follow_up,
                work_kind=rate.work_kind,
                hourly_rate=rate.hourly_rate,
                valid_from=start_date,
            )
    for agreement in agreements:
        record = HireOutAgreement(
            municipality_id=programme.municipality_id,
            programme=follow_up,
            partner=agreement["partner"],
            hours_per_week=agreement["hours_per_week"],
            hourly_rate=agreement["hourly_rate"],
            start_date=start_date,
            end_date=end_date,
        )
        record.full_clean()
        record.save()
    milestone.follow_up = follow_up
    milestone.save(update_fields=["follow_up", "updated_at"])
    return follow_up


# ------------------------------------------------------------------ funded positions (issue 14)


def _position_event(position, *, date, note="", by=None):
    from .models import PositionEvent

    PositionEvent.objects.create(
        municipality_id=position.municipality_id,
        position=position,
        date=date,
        status=position.status,
        holder=position.holder,
        note=(note or "").strip(),
        recorded_by=by,
    )


@transaction.atomic
def position_create(
    *,
    organisation,
    title: str,
    kind: str,
    hours_per_week,
    start_date,
    programme=None,
    budget_line: str = "",
    end_date=None,
    by=None,
):
    from .models import FundedPosition

    budget_line = (budget_line or "").strip()
    if programme is None and not budget_line:
        raise ValidationError({"budget_line": _("Kies het programma of noem de begrotingspost.")})
    if programme is not None and programme.municipality_id != organisation.municipality_id:
        raise ValidationError({"programme": _("Dit programma hoort niet bij uw gemeente.")})
    if end_date is not None and end_date < start_date:
        raise ValidationError({"end_date": _("De einddatum ligt vóór de begindatum.")})
    position = FundedPosition(
        municipality_id=organisation.municipality_id,
        organisation=organisation,
        title=title.strip(),
        kind=kind,
        programme=programme,
        budget_line=budget_line,
        hours_per_week=hours_per_week,
        start_date=start_date,
        end_date=end_date,
    )
    position.full_clean()
    position.save()
    _position_event(position, date=start_date, note=_("Functieplaats gefinancierd"), by=by)
    return position


@transaction.atomic
def position_fill(*, position, holder, on, note: str = "", by=None):
    """A peer worker takes the position; for (supported) paid work their ladder path ends in it."""
    from .models import FundedPosition, PositionKind, PositionStatus

    position = FundedPosition.objects.select_for_update().get(pk=position.pk)
    if position.status != PositionStatus.OPEN:
        raise ValidationError(_("Alleen een open functieplaats kan worden vervuld."))
    if holder.municipality_id != position.municipality_id:
        raise ValidationError({"holder": _("Deze ervaringsdeskundige hoort niet bij uw gemeente.")})
    if FundedPosition.objects.filter(holder=holder, status=PositionStatus.FILLED).exists():
        raise ValidationError({"holder": _("Deze ervaringsdeskundige heeft al een functieplaats.")})
    position.status = PositionStatus.FILLED
    position.holder = holder
    position.full_clean()
    position.save(update_fields=["status", "holder", "updated_at"])
    _position_event(position, date=on, note=note, by=by)
    rung = {PositionKind.PAID: 6, PositionKind.SUPPORTED_PAID: 5}.get(position.kind)
    if rung is not None:
        from ervaringswerk.pool.services import ladder_step_for_position

        ladder_step_for_position(
            peer=holder, rung=rung, date=on, note=_("Functieplaats: %(title)s") % {"title": position.title}
        )
    return position


@transaction.atomic
def position_vacate(*, position, on, note: str = "", by=None, end: bool = False):
    """The holder leaves (the position is open again), or the funding ends (`end=True`)."""
    from .models import FundedPosition, PositionStatus

    position = FundedPosition.objects.select_for_update().get(pk=position.pk)
    if position.status == PositionStatus.ENDED:
        raise ValidationError(_("Deze functieplaats is al beëindigd."))
    if not end and position.status != PositionStatus.FILLED:
        raise ValidationError(_("Deze functieplaats is niet vervuld."))
    position.holder = None
    position.status = PositionStatus.ENDED if end else PositionStatus.OPEN
    if end:
        position.end_date = on
    position.full_clean()
    position.save(update_fields=["status", "holder", "end_date", "updated_at"])
    _position_event(position, date=on, note=note, by=by)
    return position
