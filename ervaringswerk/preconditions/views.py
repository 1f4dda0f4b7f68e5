from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ervaringswerk.core.access import rule_required
from ervaringswerk.core.forms import add_service_errors
from ervaringswerk.core.reference import Precondition
from ervaringswerk.core.shortcuts import get_or_404
from ervaringswerk.monitoring.suppression import suppressed_label, threshold
from ervaringswerk.organisations.models import Organisation
from ervaringswerk.pool.selectors import peer_worker_for_user

from .forms import ActionForm, AssessmentForm, PeerResponseForm, RoundAssessmentForm, RoundForm
from .models import AssessmentRound
from .permissions import (
    can_assess_preconditions,
    can_fill_in_round,
    can_open_round,
    can_respond_to_round,
    can_view_organisation_preconditions,
    can_view_preconditions,
    can_view_rounds,
)
from .selectors import (
    action_get,
    action_list,
    assessment_get,
    assessment_list,
    average_score,
    in_checklist_order,
    latest_assessments,
    open_action_counts,
    organisations_for_preconditions,
    peer_has_answered,
    round_candidate_organisations,
    round_default_organisations,
    round_entry_for,
    round_for_peer,
    round_get,
    round_list,
    round_results,
)
from .services import (
    action_complete,
    action_create,
    assessment_create,
    peer_response_submit,
    round_assessment_save,
    round_close,
    round_open,
)


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
            "items": in_checklist_order(assessment.items.all()),
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


# ---------------------------------------------------------------------------------------------------------
# Rounds


@rule_required(can_view_rounds)
def rounds(request):
    return render(
        request,
        "preconditions/rounds.html",
        {
            "rounds": round_list(viewer=request.viewer),
            "can_open": can_open_round(request.viewer),
            "today": timezone.localdate(),
        },
    )


@rule_required(can_open_round)
def round_new(request):
    candidates = round_candidate_organisations(viewer=request.viewer)
    initial = {
        "organisations": list(round_default_organisations(viewer=request.viewer).values_list("pk", flat=True))
    }
    form = RoundForm(request.POST or None, candidates=candidates, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            round_ = round_open(viewer=request.viewer, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("De ronde is geopend. De organisaties en hun ervaringsdeskundigen hebben een melding."),
            )
            return redirect("preconditions:round_detail", pk=round_.pk)
    return render(request, "preconditions/round_form.html", {"form": form})


@rule_required(can_view_rounds)
def round_detail(request, pk):
    round_ = get_or_404(round_get, request.viewer, pk)
    results = round_results(viewer=request.viewer, round_=round_)
    return render(
        request,
        "preconditions/round_detail.html",
        {
            "round": round_,
            "results": results,
            "closed": round_.is_closed(timezone.localdate()),
            "can_close": can_open_round(request.viewer),
            "can_fill_in": can_fill_in_round(request.viewer),
            "suppressed": suppressed_label(threshold(round_.municipality)),
        },
    )


@require_POST
@rule_required(can_open_round)
def round_close_view(request, pk):
    round_ = get_or_404(round_get, request.viewer, pk)
    try:
        round_close(viewer=request.viewer, round_=round_)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _(
                "De ronde is gesloten. Het beeld van de ervaringsdeskundigen is nu zichtbaar waar genoeg "
                "mensen reageerden."
            ),
        )
    return redirect("preconditions:round_detail", pk=round_.pk)


@rule_required(can_fill_in_round)
def round_assessment(request, pk):
    round_ = get_or_404(round_get, request.viewer, pk)
    entry = round_entry_for(viewer=request.viewer, round_=round_)
    if entry is None:
        raise Http404
    if entry.assessment_id:
        return redirect("preconditions:assessment_detail", pk=entry.assessment_id)
    initial = {}
    for key, values in (entry.draft or {}).items():
        for part in ("score", "explanation", "evidence"):
            initial[f"{key}__{part}"] = values.get(part)
    form = RoundAssessmentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        submit = request.POST.get("actie") == "indienen"
        try:
            entry = round_assessment_save(
                viewer=request.viewer, entry=entry, items=form.items(), submit=submit
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if submit:
                messages.success(request, _("De zelfevaluatie is ingediend bij de gemeente."))
                return redirect("preconditions:assessment_detail", pk=entry.assessment_id)
            messages.success(request, _("Het concept is opgeslagen. U kunt later verder gaan."))
            return redirect("preconditions:round_assessment", pk=round_.pk)
    return render(
        request,
        "preconditions/round_assessment.html",
        {"form": form, "round": round_, "entry": entry, "closed": round_.is_closed(timezone.localdate())},
    )


@rule_required(can_respond_to_round)
def peer_response(request, pk):
    peer = peer_worker_for_user(viewer=request.viewer)
    try:
        round_ = round_for_peer(peer=peer, pk=pk)
    except AssessmentRound.DoesNotExist as exc:
        raise Http404 from exc
    answered = peer_has_answered(round_=round_, peer=peer)
    closed = round_.is_closed(timezone.localdate())
    form = PeerResponseForm(request.POST or None)
    if request.method == "POST" and not answered and not closed and form.is_valid():
        try:
            peer_response_submit(viewer=request.viewer, round_=round_, peer=peer, scores=form.scores())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Dank u wel. Uw antwoord is anoniem opgeslagen."))
            return redirect("preconditions:peer_response", pk=round_.pk)
    return render(
        request,
        "preconditions/peer_response.html",
        {"form": form, "round": round_, "peer": peer, "answered": answered, "closed": closed},
    )
