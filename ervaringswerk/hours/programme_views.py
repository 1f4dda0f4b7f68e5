"""Pages for programmes (terms, rates, milestones, budget against actual) and hire-out statements.

Thin: parse input, ask a selector or call a service, render. Another municipality's programme or
statement, or one the viewer's organisation has no part in, answers 404.
"""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ervaringswerk.audit.services import audit_export, audit_view
from ervaringswerk.core.access import rule_required
from ervaringswerk.core.forms import add_service_errors
from ervaringswerk.core.shortcuts import get_or_404
from ervaringswerk.core.tenancy import Role, Viewer
from ervaringswerk.organisations.models import Organisation, Programme
from ervaringswerk.organisations.services import (
    milestone_add,
    milestone_done,
    programme_create,
    programme_rate_add,
    programme_update,
)

from . import programme_selectors as selectors
from .documents import statement_pdf as render_statement_pdf
from .documents import statement_xlsx as render_statement_xlsx
from .models import StatementKind, WorkKind
from .permissions import (
    can_decide_programme,
    can_issue_statements,
    can_manage_programmes,
    can_view_programme,
    can_view_programmes,
    can_view_statement,
    can_view_statements,
)
from .programme_forms import (
    IssueForm,
    MilestoneForm,
    MonthForm,
    ProgrammeForm,
    RateForm,
)
from .services import programme_warnings
from .statements import statement_draft, statement_issue

CHART_CSS = "css/outcomes.css"

# ------------------------------------------------------------------------------------------ programmes


def _programme(request, pk, *, manage=False) -> Programme:
    programme = get_or_404(selectors.programme_get, request.viewer, pk, rule=can_view_programme)
    if manage and not can_manage_programmes(request.viewer, programme):
        raise PermissionDenied
    return programme


def _rates(programme) -> list:
    rates = list(programme.rates.all())
    for rate in rates:
        rate.kind_label = (
            WorkKind(rate.work_kind).label if rate.work_kind in WorkKind.values else rate.work_kind
        )
    return sorted(rates, key=lambda r: (r.work_kind != "", r.work_kind, r.valid_from))


def _contractors(viewer: Viewer):
    """A coordinator creates programmes their own organisation carries out; the municipality any."""
    organisations = selectors.organisations_for_programmes(viewer=viewer)
    if viewer.has_role(Role.POLICY_ADVISOR, Role.ADMINISTRATOR):
        return organisations
    return organisations.filter(pk=viewer.organisation_id)


@rule_required(can_view_programmes)
def programme_list(request):
    return render(
        request,
        "hours/programme_list.html",
        {
            "programmes": selectors.programme_list(viewer=request.viewer),
            "can_manage": can_manage_programmes(request.viewer),
        },
    )


@rule_required(can_manage_programmes)
def programme_create_view(request):
    organisations = selectors.organisations_for_programmes(viewer=request.viewer)
    form = ProgrammeForm(
        request.POST or None, organisations=organisations, contractors=_contractors(request.viewer)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            programme = programme_create(municipality=request.viewer.municipality, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Het programma is aangemaakt. Leg nu de uurtarieven vast."))
            return redirect("hours:programme_detail", pk=programme.pk)
    return render(request, "hours/programme_form.html", {"form": form, "programme": None})


@rule_required(can_manage_programmes)
def programme_edit(request, pk):
    programme = _programme(request, pk, manage=True)
    organisations = selectors.organisations_for_programmes(viewer=request.viewer)
    initial = {
        name: getattr(programme, name)
        for name in (
            "name",
            "code",
            "theme",
            "description",
            "funder",
            "contractor",
            "start_date",
            "end_date",
            "hours_per_week",
            "hours_total",
            "go_no_go_date",
            "deployment_form",
            "status",
        )
    }
    initial["partners"] = list(programme.partners.all())
    form = ProgrammeForm(
        request.POST or None,
        initial=initial,
        organisations=organisations,
        contractors=_contractors(request.viewer) | organisations.filter(pk=programme.contractor_id),
        editing=True,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        partners = data.pop("partners")
        try:
            programme_update(programme=programme, partners=partners, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("De afspraken van het programma zijn opgeslagen."))
            return redirect("hours:programme_detail", pk=programme.pk)
    return render(request, "hours/programme_form.html", {"form": form, "programme": programme})


@rule_required(can_manage_programmes)
def programme_rate_add_view(request, pk):
    programme = _programme(request, pk, manage=True)
    form = RateForm(request.POST or None, initial={"valid_from": programme.start_date})
    if request.method == "POST" and form.is_valid():
        try:
            programme_rate_add(programme=programme, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Het uurtarief is vastgelegd."))
            return redirect("hours:programme_detail", pk=programme.pk)
    return render(
        request,
        "hours/programme_rate_form.html",
        {"form": form, "programme": programme, "rates": _rates(programme)},
    )


@rule_required(can_manage_programmes)
def programme_milestone_add_view(request, pk):
    programme = _programme(request, pk, manage=True)
    form = MilestoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            milestone_add(programme=programme, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("De mijlpaal is toegevoegd."))
            return redirect("hours:programme_detail", pk=programme.pk)
    return render(request, "hours/programme_milestone_form.html", {"form": form, "programme": programme})


@require_POST
@rule_required(can_manage_programmes)
def programme_milestone_done_view(request, pk, milestone_pk):
    programme = _programme(request, pk, manage=True)
    milestone = next((m for m in programme.milestones.all() if m.pk == milestone_pk), None)
    if milestone is None:
        raise Http404
    if milestone.done_on is None:
        try:
            milestone_done(milestone=milestone, done_on=timezone.localdate())
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("De mijlpaal is afgerond."))
    return redirect("hours:programme_detail", pk=programme.pk)


@rule_required(can_view_programmes)
def programme_detail(request, pk):
    from ervaringswerk.monitoring.charts import line_chart

    programme = _programme(request, pk)
    per = request.GET.get("per")
    figures = selectors.programme_figures(viewer=request.viewer, programme=programme, per=per)
    chart = line_chart(
        title=_("Uren cumulatief per %(per)s: plan naar rato, werkelijk en verwachting")
        % {"per": _("week") if figures.per == "week" else _("maand")},
        x_labels=figures.series_labels,
        series=[
            (_("Plan naar rato"), figures.plan_series),
            (_("Werkelijk (gebruikt)"), figures.actual_series),
            (_("Verwachting"), figures.forecast_series),
        ],
        suppressed_label="–",
    )
    warnings = programme_warnings(programme)
    if figures.forecast_over:
        warnings.append(
            _(
                "Bij het tempo van de laatste vier weken (%(pace)s uur per week) komt %(name)s op "
                "%(forecast)s uur bij de einddatum: %(over)s uur meer dan het budget van %(budget)s uur."
            )
            % {
                "pace": _nl(figures.pace_hours_per_week),
                "name": programme.name,
                "forecast": _nl(figures.forecast_hours),
                "over": _nl(round(figures.forecast_hours - figures.budget_hours, 1)),
                "budget": _nl(figures.budget_hours),
            }
        )
    milestones = list(programme.milestones.all())
    return render(
        request,
        "hours/programme_detail.html",
        {
            "programme": programme,
            "figures": figures,
            "chart": chart,
            "warnings": warnings,
            "rates": _rates(programme),
            "milestones": milestones,
            "partners": list(programme.partners.all()),
            "can_manage": can_manage_programmes(request.viewer, programme),
            "can_decide": can_decide_programme(request.viewer, programme),
            "criteria": list(programme.success_criteria.all()),
            "agreements": list(programme.hire_out_agreements.select_related("partner")),
            "show_names": selectors.may_see_peer_names(request.viewer, programme),
            "chart_css": CHART_CSS,
            "today": timezone.localdate(),
        },
    )


def _nl(value) -> str:
    text = f"{value:.1f}".replace(".", ",")
    return text[:-2] if text.endswith(",0") else text


# ------------------------------------------------------------------------------------------ statements


@rule_required(can_view_statements)
def statement_list(request):
    # Newest month first, 50 a page (a pool with 30 partners issues 360 a year).
    page = Paginator(selectors.statement_list(viewer=request.viewer), 50).get_page(request.GET.get("pagina"))
    statements = list(page.object_list)
    org = request.viewer.organisation_id
    return render(
        request,
        "hours/statement_list.html",
        {
            "issued": [s for s in statements if s.issuer_id == org],
            "received": [s for s in statements if s.partner_id == org],
            "can_issue": can_issue_statements(request.viewer),
            "page": page,
        },
    )


def _previous_month(today: datetime.date) -> datetime.date:
    return (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


@rule_required(can_issue_statements)
def statement_new(request):
    today = timezone.localdate()
    if "maand" in request.GET:
        form = MonthForm(request.GET)
        month = form.cleaned_data["maand"] if form.is_valid() else None
    else:
        month = _previous_month(today)
        form = MonthForm(initial={"maand": month})
    drafts = []
    unbillable = 0
    month_open = False
    if month is not None:
        month_open = month >= today.replace(day=1)
        issuer = request.viewer.organisation
        for partner in selectors.statement_partners(viewer=request.viewer, month=month):
            draft = statement_draft(issuer=issuer, partner=partner, month=month)
            missing_programmes = sorted({e.programme.name for e in draft.missing_rates})
            drafts.append(
                {
                    "draft": draft,
                    "missing_programmes": missing_programmes,
                    "missing_hours": round(sum(e.minutes for e in draft.missing_rates) / 60, 2),
                    # One hidden form per partner on the page: without ids, so none repeats.
                    "issue_form": IssueForm(initial={"maand": month, "partner": partner.pk}, auto_id=False),
                    "total_hours": round(draft.total_minutes / 60, 2),
                    "kind_label": StatementKind(draft.kind).label,
                }
            )
        unbillable = round(selectors.unbillable_minutes(viewer=request.viewer, month=month) / 60, 2)
    return render(
        request,
        "hours/statement_new.html",
        {
            "form": form,
            "month": month,
            "month_open": month_open,
            "drafts": drafts,
            "unbillable_hours": unbillable,
        },
    )


@require_POST
@rule_required(can_issue_statements)
def statement_issue_view(request):
    form = IssueForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("hours:statement_new")
    month = form.cleaned_data["maand"]
    back = f"{reverse('hours:statement_new')}?maand={month:%Y-%m}"
    try:
        partner = selectors.organisations_for_programmes(viewer=request.viewer).get(
            pk=form.cleaned_data["partner"]
        )
    except Organisation.DoesNotExist as exc:
        raise Http404 from exc
    try:
        statement = statement_issue(
            issuer=request.viewer.organisation, partner=partner, month=month, actor=request.viewer
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(back)
    messages.success(
        request,
        _("%(kind)s %(number)s is uitgegeven.")
        % {"kind": statement.get_kind_display(), "number": statement.number},
    )
    return redirect("hours:statement_detail", pk=statement.pk)


@rule_required(can_view_statements)
def statement_detail(request, pk):
    from .documents import statement_context

    statement = get_or_404(selectors.statement_get, request.viewer, pk, rule=can_view_statement)
    audit_view(viewer=request.viewer, obj=statement)  # the lines name peer workers and their hours
    return render(
        request,
        "hours/statement_detail.html",
        {
            **statement_context(statement),
            "corrections": list(statement.corrections.all()),
            "is_issuer": statement.issuer_id == request.viewer.organisation_id,
        },
    )


def _filename(statement, ext: str) -> str:
    return f"urenstaat-{statement.number}.{ext}"


@rule_required(can_view_statements)
def statement_pdf(request, pk):
    statement = get_or_404(selectors.statement_get, request.viewer, pk, rule=can_view_statement)
    data = render_statement_pdf(statement)
    audit_export(
        viewer=request.viewer,
        object_type="hours.hireoutstatement",
        description=f"{statement.number} (PDF)",
    )
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(statement, "pdf")}"'
    return response


@rule_required(can_view_statements)
def statement_xlsx(request, pk):
    statement = get_or_404(selectors.statement_get, request.viewer, pk, rule=can_view_statement)
    data = render_statement_xlsx(statement)
    audit_export(
        viewer=request.viewer,
        object_type="hours.hireoutstatement",
        description=f"{statement.number} (XLSX)",
    )
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(statement, "xlsx")}"'
    return response
