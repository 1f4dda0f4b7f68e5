"""Writes for trajectories and measurements. Each one transaction, validated, audited."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from ervaringswerk.audit.models import AuditAction
from ervaringswerk.audit.services import audit_record
from ervaringswerk.core.tenancy import Viewer

from .constants import ITEMS, SCALES, ActivationDefinition, Instrument, Moment
from .models import Measurement, OutcomeChange, OutcomeSettings, Score, Trajectory
from .selectors import outcome_settings_for
from .validators import generate_code, validate_pseudonymous_code


def _same_tenant(municipality_id, **objects) -> None:
    errors = {}
    for name, obj in objects.items():
        if obj is not None and obj.municipality_id != municipality_id:
            errors[name] = _("Dit hoort niet bij uw gemeente.")
    if errors:
        raise ValidationError(errors)


def _code_prefix(municipality) -> str:
    letters = "".join(ch for ch in municipality.slug.upper() if ch.isalpha())
    return (letters[:2] or "EW").ljust(2, "X")


def _check_dates(*, first_contact, activation_date, end_date) -> None:
    today = timezone.localdate()
    errors = {}
    if first_contact and first_contact > today:
        errors["first_contact"] = _("Het eerste contact kan niet in de toekomst liggen.")
    if activation_date and first_contact and activation_date < first_contact:
        errors["activation_date"] = _("De activering kan niet vóór het eerste contact liggen.")
    if end_date and first_contact and end_date < first_contact:
        errors["end_date"] = _("De einddatum kan niet vóór het eerste contact liggen.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def trajectory_create(
    *,
    viewer: Viewer,
    organisation,
    age_band: str,
    first_contact: datetime.date,
    neighbourhood=None,
    code: str = "",
    peer_worker=None,
    professional=None,
    organisations_before: int = 0,
    organisations_during: int = 0,
    activation_date: datetime.date | None = None,
    programme=None,
) -> Trajectory:
    municipality = organisation.municipality
    _same_tenant(municipality.pk, neighbourhood=neighbourhood, peer_worker=peer_worker, programme=programme)
    _check_dates(first_contact=first_contact, activation_date=activation_date, end_date=None)
    code = (code or "").strip().upper()
    if code:
        try:
            validate_pseudonymous_code(code)
        except ValidationError as exc:
            raise ValidationError({"code": exc.messages}) from exc
    else:
        prefix = _code_prefix(municipality)
        code = generate_code(prefix)
        while Trajectory.objects.filter(municipality=municipality, code=code).exists():
            code = generate_code(prefix)  # pragma: no cover - 32^5 codes per prefix
    if Trajectory.objects.filter(municipality=municipality, code=code).exists():
        raise ValidationError({"code": _("Deze code is al in gebruik.")})
    trajectory = Trajectory(
        municipality=municipality,
        organisation=organisation,
        neighbourhood=neighbourhood,
        age_band=age_band,
        first_contact=first_contact,
        code=code,
        peer_worker=peer_worker,
        professional=professional if professional is not None else getattr(viewer, "user", None),
        organisations_before=organisations_before,
        organisations_during=organisations_during,
        activation_date=activation_date,
        programme=programme,
    )
    trajectory.full_clean()
    trajectory.save()
    return trajectory


TRAJECTORY_EDITABLE = {
    "neighbourhood",
    "age_band",
    "peer_worker",
    "first_contact",
    "activation_date",
    "end_date",
    "end_reason",
    "organisations_before",
    "organisations_during",
    "programme",
}


@transaction.atomic
def trajectory_update(*, viewer: Viewer, trajectory: Trajectory, **fields) -> Trajectory:
    unknown = set(fields) - TRAJECTORY_EDITABLE
    if unknown:
        raise ValidationError(_("Deze velden kunnen niet worden gewijzigd: %s") % ", ".join(sorted(unknown)))
    trajectory = Trajectory.objects.select_for_update().get(pk=trajectory.pk)
    for name, value in fields.items():
        setattr(trajectory, name, value)
    _same_tenant(
        trajectory.municipality_id,
        neighbourhood=trajectory.neighbourhood,
        peer=trajectory.peer_worker,
        programme=trajectory.programme,
    )
    _check_dates(
        first_contact=trajectory.first_contact,
        activation_date=trajectory.activation_date,
        end_date=trajectory.end_date,
    )
    if trajectory.end_date and not trajectory.end_reason:
        raise ValidationError({"end_reason": _("Kies een reden bij de einddatum.")})
    if trajectory.end_reason and not trajectory.end_date:
        raise ValidationError({"end_date": _("Vul de einddatum in bij de reden.")})
    trajectory.full_clean()
    trajectory.save()
    _apply_activation_definition(trajectory)
    _refresh_changes(trajectory)
    return trajectory


def score_problem(instrument: str, item: str, value) -> tuple[str, str] | None:
    """What is wrong with one score, as (the part it is about: instrument, item or value; a Dutch reason),
    or None. One rule for the page, the API (which names `scores.<n>.<part>`) and the service."""
    if instrument not in ITEMS:
        return "instrument", _("Onbekend instrument: %(name)s.") % {"name": str(instrument)[:40]}
    if item not in ITEMS[instrument]:
        return "item", _("Onbekend onderdeel: %(item)s.") % {"item": f"{instrument}.{str(item)[:40]}"}
    low, high = SCALES[instrument]
    try:
        number = int(value)
    except (TypeError, ValueError):
        return "value", _("Een score is een geheel getal.")
    if not low <= number <= high:
        return "value", _("Een score voor %(instrument)s ligt tussen %(low)s en %(high)s.") % {
            "instrument": Instrument(instrument).label,
            "low": low,
            "high": high,
        }
    return None


def _validate_scores(scores: dict[tuple[str, str], int]) -> dict[tuple[str, str], int]:
    clean = {}
    errors = []
    for (instrument, item), value in scores.items():
        if value is None or value == "":
            continue
        problem = score_problem(instrument, item, value)
        if problem is not None:
            errors.append(problem[1])
            continue
        clean[(instrument, item)] = int(value)
    if errors:
        raise ValidationError(errors)
    if not clean:
        raise ValidationError(_("Vul minstens één score in."))
    return clean


@transaction.atomic
def measurement_record(
    *,
    viewer: Viewer,
    trajectory: Trajectory,
    moment: str,
    measured_on: datetime.date,
    scores: dict[tuple[str, str], int],
) -> Measurement:
    """Record one measurement (intake, interim or end) with its scores, then refresh the derived data."""
    measurement = _measurement_create(
        viewer=viewer, trajectory=trajectory, moment=moment, measured_on=measured_on, scores=scores
    )
    _apply_activation_definition(trajectory)
    _refresh_changes(trajectory)
    return measurement


@transaction.atomic
def measurements_record_many(*, viewer: Viewer, items) -> list[Measurement]:
    """Record many measurements in one go (a bulk load such as the demo data): each one validated and
    audited exactly as `measurement_record` does, in the order given, but the derived data is refreshed
    once per trajectory (activation, intake → end pairs) and the monthly rollup once per municipality at
    the end, instead of after every measurement. `items`: dicts with trajectory, moment, measured_on and
    scores. All or nothing: one refused measurement refuses the lot."""
    measurements = [_measurement_create(viewer=viewer, **item) for item in items]
    trajectories = {m.trajectory_id: m.trajectory for m in measurements}
    months: dict = {}
    for trajectory in trajectories.values():
        _apply_activation_definition(trajectory)
        months.setdefault(trajectory.municipality_id, set()).update(
            _refresh_changes(trajectory, rollup=False)
        )
    for municipality_id, touched in months.items():
        outcome_rollup_refresh(municipality_id=municipality_id, months=touched)
    return measurements


def _measurement_create(
    *,
    viewer: Viewer,
    trajectory: Trajectory,
    moment: str,
    measured_on: datetime.date,
    scores: dict[tuple[str, str], int],
) -> Measurement:
    if moment not in Moment.values:
        raise ValidationError({"moment": _("Kies intake, tussenmeting of eindmeting.")})
    if measured_on > timezone.localdate():
        raise ValidationError({"measured_on": _("Een meting kan niet in de toekomst liggen.")})
    if measured_on < trajectory.first_contact:
        raise ValidationError({"measured_on": _("Een meting kan niet vóór het eerste contact liggen.")})
    clean = _validate_scores(scores)
    if moment != Moment.INTERIM and Measurement.objects.filter(trajectory=trajectory, moment=moment).exists():
        raise ValidationError(
            {"moment": _("Dit traject heeft al een %(moment)s.") % {"moment": Moment(moment).label.lower()}}
        )
    measurement = Measurement(
        municipality_id=trajectory.municipality_id,
        trajectory=trajectory,
        moment=moment,
        measured_on=measured_on,
        entered_by=getattr(viewer, "user", None),
        entered_role=getattr(viewer, "role", "") or "",
    )
    measurement.full_clean()
    measurement.save()
    Score.objects.bulk_create(
        Score(
            municipality_id=trajectory.municipality_id,
            measurement=measurement,
            instrument=instrument,
            item=item,
            value=value,
            trajectory=trajectory,
            measured_on=measured_on,
        )
        for (instrument, item), value in clean.items()
    )
    audit_record(
        action=AuditAction.CREATE,
        obj=measurement,
        viewer=viewer,
        object_type="outcomes.score",
        changed_fields=sorted({instrument for instrument, _item in clean}),
    )
    return measurement


def _apply_activation_definition(trajectory: Trajectory) -> None:
    """For the automatic definitions, derive the activation date from the measurements."""
    definition = outcome_settings_for(municipality=trajectory.municipality).activation_definition
    if definition == ActivationDefinition.RECORDED:
        return
    instrument = Instrument.LADDER if definition == ActivationDefinition.LADDER_STEP else Instrument.ZRM
    measurements = list(
        Measurement.objects.filter(trajectory=trajectory).order_by("measured_on").prefetch_related("scores")
    )
    intake = next((m for m in measurements if m.moment == Moment.INTAKE), None)
    date = None
    if intake is not None:
        base = {s.item: s.value for s in intake.scores.all() if s.instrument == instrument}
        for m in measurements:
            if m.pk == intake.pk or m.measured_on < intake.measured_on:
                continue
            later = {s.item: s.value for s in m.scores.all() if s.instrument == instrument}
            if any(later[item] > base[item] for item in later.keys() & base.keys()):
                date = m.measured_on
                break
    if trajectory.activation_date != date:
        trajectory.activation_date = date
        trajectory.save(update_fields=["activation_date", "updated_at"])


def _refresh_changes(trajectory: Trajectory, *, rollup: bool = True) -> set:
    """Keep the materialised intake → end pairs of this trajectory (and the monthly rollup) in step.
    Returns the months the pairs touch; with `rollup=False` the caller refreshes the rollup for them.

    The experience survey is a judgement at the end, not a before/after instrument: its end answers are
    kept as rows whose intake value repeats the end value, so one table serves every outcome aggregate.
    """
    measurements = {
        m.moment: m
        for m in Measurement.objects.filter(trajectory=trajectory)
        .exclude(moment=Moment.INTERIM)
        .prefetch_related("scores")
    }
    existing = OutcomeChange.objects.filter(trajectory=trajectory)
    touched = {(d.replace(day=1), h) for d, h in existing.values_list("end_on", "neighbourhood_id")}
    had = bool(touched)
    existing.delete()
    intake, end = measurements.get(Moment.INTAKE), measurements.get(Moment.END)
    rows = []
    if end is not None:
        before = {(s.instrument, s.item): s.value for s in intake.scores.all()} if intake else {}
        after = {(s.instrument, s.item): s.value for s in end.scores.all()}
        for (instrument, item), value in sorted(after.items()):
            if instrument == Instrument.EXPERIENCE:
                start_value = value
            elif (instrument, item) in before:
                start_value = before[(instrument, item)]
            else:
                continue
            rows.append(
                OutcomeChange(
                    municipality_id=trajectory.municipality_id,
                    trajectory=trajectory,
                    instrument=instrument,
                    item=item,
                    intake_value=start_value,
                    end_value=value,
                    end_on=end.measured_on,
                    neighbourhood_id=trajectory.neighbourhood_id,
                    organisation_id=trajectory.organisation_id,
                )
            )
        OutcomeChange.objects.bulk_create(rows)
        touched.add((end.measured_on.replace(day=1), trajectory.neighbourhood_id))
    months = {month for month, _hood in touched}
    if rows or had:
        audit_record(
            action=AuditAction.UPDATE,
            obj=trajectory,
            object_type="outcomes.outcomechange",
            changed_fields=["changes"],
        )
        if rollup:
            outcome_rollup_refresh(municipality_id=trajectory.municipality_id, months=months)
    return months if (rows or had) else set()


def outcome_rollup_refresh(*, municipality_id, months=None) -> int:
    """Recompute the monthly rollup of the intake → end pairs for some months (None: every month).

    Called by the measurement services for the months a trajectory touches, and by
    `manage.py outcomes_rollup` after bulk loads. Returns the number of rollup rows written.
    """
    from ervaringswerk.core.reference import ParticipationRung

    from .models import OutcomeMonthly

    target = OutcomeMonthly.objects.filter(municipality_id=municipality_id)
    source = OutcomeChange.objects.filter(municipality_id=municipality_id)
    if months is not None:
        months = sorted(months)
        if not months:
            return 0
        target = target.filter(month__in=months)
        ranges = Q()
        for month in months:
            following = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
            ranges |= Q(end_on__gte=month, end_on__lt=following)
        source = source.filter(ranges)
    fresh = [
        OutcomeMonthly(
            municipality_id=municipality_id,
            month=r["month"].date() if isinstance(r["month"], datetime.datetime) else r["month"],
            neighbourhood_id=r["neighbourhood_id"],
            instrument=r["instrument"],
            item=r["item"],
            n=r["n"],
            sum_intake=r["sum_intake"],
            sum_end=r["sum_end"],
            better=r["better"],
            paid=r["paid"],
            high=r["high"],
        )
        for r in source.annotate(month=TruncMonth("end_on"))
        .values("month", "neighbourhood_id", "instrument", "item")
        .annotate(
            n=Count("id"),
            sum_intake=Sum("intake_value"),
            sum_end=Sum("end_value"),
            better=Count("id", filter=Q(end_value__gt=F("intake_value"))),
            paid=Count(
                "id", filter=Q(end_value__gte=ParticipationRung.PAID_WORK_SUPPORTED, intake_value__lt=5)
            ),
            high=Count("id", filter=Q(end_value__gte=4)),
        )
        .order_by()
    ]
    # Upsert by key: rollup rows are sums, not personal data; one audit line instead of one per row.
    fields = ["n", "sum_intake", "sum_end", "better", "paid", "high"]

    def key(row):
        return (row.month, row.neighbourhood_id, row.instrument, row.item)

    old = {key(row): row for row in target}
    changed, created = [], []
    for row in fresh:
        found = old.pop(key(row), None)
        if found is None:
            created.append(row)
        elif any(getattr(found, f) != getattr(row, f) for f in fields):
            for f in fields:
                setattr(found, f, getattr(row, f))
            changed.append(found)
    OutcomeMonthly.objects.bulk_create(created, batch_size=2000)
    OutcomeMonthly.objects.bulk_update(changed, fields, batch_size=2000)
    if old:
        OutcomeMonthly.objects.filter(pk__in=[row.pk for row in old.values()]).update(
            n=0, sum_intake=0, sum_end=0, better=0, paid=0, high=0
        )
    if created or changed or old:
        audit_record(
            action=AuditAction.UPDATE,
            object_type="outcomes.outcomemonthly",
            object_repr=f"{len(created)} nieuw, {len(changed) + len(old)} bijgewerkt",
        )
    return len(created) + len(changed)


@transaction.atomic
def outcome_settings_update(*, viewer: Viewer, municipality, activation_definition: str) -> OutcomeSettings:
    if activation_definition not in ActivationDefinition.values:
        raise ValidationError({"activation_definition": _("Kies een van de definities.")})
    found, _created = OutcomeSettings.objects.get_or_create(municipality=municipality)
    if found.activation_definition != activation_definition:
        found.activation_definition = activation_definition
        found.full_clean()
        found.save()
    return found
