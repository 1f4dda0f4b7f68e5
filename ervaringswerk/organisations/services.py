from django.db import transaction

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
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

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
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    parties = [funder, contractor, *partners]
    if any(o.municipality_id != municipality.pk for o in parties):
        raise ValidationError(_("Alle organisaties van een programma horen bij dezelfde gemeente."))


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
    )
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
    programme.full_clean()
    programme.save()
    programme.partners.set(partners)
    return programme


@transaction.atomic
def programme_rate_add(*, programme, hourly_rate, valid_from, valid_until=None, work_kind: str = ""):
    from django.core.exceptions import ValidationError
    from django.db.models import Q
    from django.utils.translation import gettext as _

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
