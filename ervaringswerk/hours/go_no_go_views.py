"""Pages for the go/no-go of a programme (issue 14, S1): success criteria with targets, the decision on
the go/no-go milestone, and after a "go" the follow-up (a new programme period and a hire-out agreement
per partner, prefilled from the pilot). Thin: the services in organisations decide."""

import calendar
import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ervaringswerk.core.access import rule_required
from ervaringswerk.core.forms import add_service_errors
from ervaringswerk.organisations.models import DecisionOutcome, MilestoneKind
from ervaringswerk.organisations.services import (
    go_no_go_decide,
    programme_follow_up_create,
    success_criterion_add,
    success_criterion_record,
)

from .go_no_go_forms import CriterionForm, CriterionRecordForm, DecisionForm, FollowUpForm
from .models import COUNTING_STATUSES, TimeEntry
from .permissions import can_decide_programme
from .programme_views import _programme


def _decidable(request, pk):
    programme = _programme(request, pk)
    if not can_decide_programme(request.viewer, programme):
        raise PermissionDenied
    return programme


def _go_no_go(programme, milestone_pk):
    milestone = next((m for m in programme.milestones.all() if m.pk == milestone_pk), None)
    if milestone is None or milestone.kind != MilestoneKind.GO_NO_GO:
        raise Http404
    return milestone


@rule_required(can_decide_programme)
def criterion_add(request, pk):
    programme = _decidable(request, pk)
    form = CriterionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            success_criterion_add(programme=programme, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Het succescriterium is vastgelegd."))
            return redirect("hours:programme_detail", pk=programme.pk)
    return render(
        request,
        "hours/go_no_go_form.html",
        {
            "form": form,
            "programme": programme,
            "title": _("Succescriterium voor %(name)s") % {"name": programme.name},
            "intro": _("Leg bij de start vast waaraan het programma wordt afgemeten, met een streefwaarde."),
            "submit": _("Vastleggen"),
        },
    )


@rule_required(can_decide_programme)
def criterion_record(request, pk, criterion_pk):
    programme = _decidable(request, pk)
    criterion = programme.success_criteria.filter(pk=criterion_pk).first()
    if criterion is None or criterion.is_measured:
        raise Http404
    form = CriterionRecordForm(
        request.POST or None,
        initial={"recorded_value": criterion.recorded_value, "recorded_note": criterion.recorded_note},
    )
    if request.method == "POST" and form.is_valid():
        try:
            success_criterion_record(
                criterion=criterion,
                value=form.cleaned_data["recorded_value"],
                note=form.cleaned_data["recorded_note"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("De waarde is vastgelegd."))
            return redirect("hours:programme_detail", pk=programme.pk)
    return render(
        request,
        "hours/go_no_go_form.html",
        {
            "form": form,
            "programme": programme,
            "title": criterion.label,
            "intro": _("Streefwaarde: %(target)s.") % {"target": _nl(criterion.target)},
            "submit": _("Opslaan"),
        },
    )


@rule_required(can_decide_programme)
def decision(request, pk, milestone_pk):
    programme = _decidable(request, pk)
    milestone = _go_no_go(programme, milestone_pk)
    if milestone.outcome:
        messages.info(request, _("Het besluit is al vastgelegd."))
        return redirect("hours:programme_detail", pk=programme.pk)
    form = DecisionForm(request.POST or None, initial={"decided_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            go_no_go_decide(milestone=milestone, decided_by=request.viewer.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Het go/no-go-besluit is vastgelegd."))
            return redirect("hours:programme_detail", pk=programme.pk)
    return render(
        request,
        "hours/go_no_go_form.html",
        {
            "form": form,
            "programme": programme,
            "title": _("Go/no-go-besluit: %(name)s") % {"name": programme.name},
            "intro": _(
                "Leg het besluit vast met de onderbouwing; de evaluatierapportage zet elk succescriterium "
                "naast zijn streefwaarde."
            ),
            "submit": _("Besluit vastleggen"),
        },
    )


def _nl(value) -> str:
    text = f"{Decimal(value):.2f}".replace(".", ",")
    return text.removesuffix(",00")


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)

    return datetime.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def follow_up_initial(programme) -> dict:
    """Prefill the follow-up: the same length and budget after the pilot, per partner the hours per week
    it used during the pilot (to half an hour) at the general rate in force at the pilot's end."""
    start = programme.end_date + datetime.timedelta(days=1)
    months = (
        (programme.end_date.year - programme.start_date.year) * 12
        + (programme.end_date.month - programme.start_date.month)
        + 1
    )
    end = _add_months(start, months) - datetime.timedelta(days=1)
    year = start.year
    code = f"{programme.code}-{year}" if str(year) not in programme.code else f"{programme.code}-vervolg"
    initial = {
        "name": _("%(name)s (vervolg %(year)s)") % {"name": programme.name, "year": year},
        "code": code[:30],
        "start_date": start,
        "end_date": end,
        "hours_per_week": programme.hours_per_week,
        "hours_total": programme.hours_total,
    }
    until = min(programme.end_date, timezone.localdate())
    weeks = Decimal(max((until - programme.start_date).days + 1, 7)) / 7
    used = dict(
        TimeEntry.objects.filter(
            municipality_id=programme.municipality_id,
            programme=programme,
            status__in=COUNTING_STATUSES,
            partner__isnull=False,
        )
        .values_list("partner_id")
        .annotate(minutes=Sum("minutes"))
        .order_by()
    )
    rate = next(
        (
            r.hourly_rate
            for r in sorted(programme.rates.all(), key=lambda r: r.valid_from, reverse=True)
            if not r.work_kind and r.valid_from <= programme.end_date
        ),
        None,
    )
    for partner in programme.partners.all():
        per_week = Decimal(used.get(partner.pk, 0)) / 60 / weeks
        key = partner.pk.hex
        initial[f"inhuur_{key}"] = partner.pk in used
        half_hours = (per_week * 2).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        initial[f"uren_{key}"] = (half_hours / 2).quantize(Decimal("0.1"))
        initial[f"tarief_{key}"] = rate
    return initial


@rule_required(can_decide_programme)
def follow_up(request, pk, milestone_pk):
    programme = _decidable(request, pk)
    milestone = _go_no_go(programme, milestone_pk)
    if milestone.outcome not in (DecisionOutcome.GO, DecisionOutcome.GO_WITH_CONDITIONS):
        raise Http404
    if milestone.follow_up_id:
        return redirect("hours:programme_detail", pk=milestone.follow_up_id)
    partners = list(programme.partners.all())
    form = FollowUpForm(request.POST or None, partners=partners, initial=follow_up_initial(programme))
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("name", "code", "start_date", "end_date")}
        try:
            new = programme_follow_up_create(
                milestone=milestone,
                hours_per_week=form.cleaned_data["hours_per_week"],
                hours_total=form.cleaned_data["hours_total"],
                agreements=form.agreements(),
                **data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Het vervolgprogramma en de inhuurafspraken zijn aangemaakt."))
            return redirect("hours:programme_detail", pk=new.pk)
    return render(
        request,
        "hours/go_no_go_follow_up.html",
        {"form": form, "programme": programme, "milestone": milestone},
    )
