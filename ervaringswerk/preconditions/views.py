from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ervaringswerk.core.access import rule_required
from ervaringswerk.core.forms import add_service_errors
from ervaringswerk.core.reference import Precondition
from ervaringswerk.core.shortcuts import get_or_404
from ervaringswerk.organisations.models import Organisation

from .forms import ActionForm, AssessmentForm
from .permissions import can_assess_preconditions, can_view_organisation_preconditions, can_view_preconditions
from .selectors import (
    action_get,
    action_list,
    assessment_get,
    assessment_list,
    average_score,
    latest_assessments,
    open_action_counts,
    organisations_for_preconditions,
)
from .services import action_complete, action_create, assessment_create


def _organisation(request, pk, rule=can_view_organisation_preconditions) -> Organisation:
    try:
        organisation = organisations_for_preconditions(viewer=request.viewer).get(pk=pk)
    except Organisation.DoesNotExist as exc:
        raise Http404 from exc
    if not rule(request.viewer, organisation):
        raise Http404
    return organisation


@rule_required(can_view_preconditions)
def overview(request):
    organisations = list(organisations_for_preconditions(viewer=request.viewer))
    latest = latest_assessments(
        municipality_id=request.viewer.municipality_id, organisation_ids=[o.pk for o in organisations]
    )
    open_actions = open_action_counts(municipality_id=request.viewer.municipality_id)
    rows = [
        {
            "organisation": o,
            "latest": latest.get(o.pk),
            "average": average_score(latest[o.pk]) if o.pk in latest else None,
            "open_actions": open_actions.get(o.pk, 0),
        }
        for o in organisations
    ]
    return render(request, "preconditions/overview.html", {"rows": rows})


@rule_required(can_view_preconditions)
def organisation_history(request, pk):
    from ervaringswerk.monitoring.charts import line_chart

    organisation = _organisation(request, pk)
    assessments = list(
        assessment_list(viewer=request.viewer, organisation=organisation).order_by("assessed_on")
    )
    matrix = []
    for key, label in Precondition.choices:
        scores = []
        for a in assessments:
            item = next((i for i in a.items.all() if i.precondition == key), None)
            scores.append(item.score if item else None)
        known = [s for s in scores if s is not None]
        change = known[-1] - known[0] if len(known) > 1 else None
        matrix.append((label, scores, change))
    chart = None
    if assessments:
        chart = line_chart(
            title=_("Gemiddelde score per zelfevaluatie"),
            x_labels=[a.assessed_on.strftime("%d-%m-%Y") for a in assessments],
            series=[(_("Gemiddelde score (1-5)"), [average_score(a) for a in assessments])],
        )
    return render(
        request,
        "preconditions/organisation.html",
        {
            "organisation": organisation,
            "assessments": assessments,
            "matrix": matrix,
            "chart": chart,
            "actions": action_list(viewer=request.viewer, organisation=organisation),
            "can_assess": can_assess_preconditions(request.viewer, organisation),
        },
    )


@rule_required(can_assess_preconditions)
def assessment_new(request, pk):
    organisation = _organisation(request, pk, rule=can_assess_preconditions)
    form = AssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = assessment_create(
                viewer=request.viewer,
                organisation=organisation,
                assessed_on=form.cleaned_data["assessed_on"],
                items=form.items(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("De zelfevaluatie is opgeslagen. Spreek nu acties af waar dat nodig is.")
            )
            return redirect("preconditions:assessment_detail", pk=assessment.pk)
    return render(request, "preconditions/assessment_form.html", {"form": form, "organisation": organisation})


@rule_required(can_view_preconditions)
def assessment_detail(request, pk):
    assessment = get_or_404(assessment_get, request.viewer, pk)
    return render(
        request,
        "preconditions/assessment_detail.html",
        {
            "assessment": assessment,
            "average": average_score(assessment),
            "can_assess": can_assess_preconditions(request.viewer, assessment.organisation),
        },
    )


@rule_required(can_assess_preconditions)
def action_new(request, pk):
    organisation = _organisation(request, pk, rule=can_assess_preconditions)
    initial = (
        {"precondition": request.GET.get("randvoorwaarde")}
        if request.GET.get("randvoorwaarde") in Precondition.values
        else {}
    )
    form = ActionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        latest = assessment_list(viewer=request.viewer, organisation=organisation).first()
        try:
            action_create(
                viewer=request.viewer, organisation=organisation, assessment=latest, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("De actie is afgesproken."))
            return redirect("preconditions:organisation", pk=organisation.pk)
    return render(request, "preconditions/action_form.html", {"form": form, "organisation": organisation})


@require_POST
@rule_required(can_assess_preconditions)
def action_done(request, pk):
    action = get_or_404(action_get, request.viewer, pk)
    if not can_assess_preconditions(request.viewer, action.organisation):
        raise Http404
    try:
        action_complete(viewer=request.viewer, action=action)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("De actie is afgerond."))
    return redirect("preconditions:organisation", pk=action.organisation_id)
