"""Pages for time entries: thin. Parse input, call one service or selector, render.

The peer worker writes and changes their own hours on "Mijn uren"; the coordinator of the pool
organisation reviews them (approve, return with a comment, correct with a reason), closes months and
exports. Programme pages and hire-out statements live in programme_views.
"""

import datetime
import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from ervaringswerk.audit.describe import describe
from ervaringswerk.audit.services import audit_export, audit_page, audit_view
from ervaringswerk.core.access import rule_required
from ervaringswerk.core.forms import add_service_errors
from ervaringswerk.core.shortcuts import get_or_404
from ervaringswerk.core.tenancy import Viewer

from . import exports, services
from .forms import CorrectionForm, EntryForm, FilterForm, LockForm, ReopenForm, ReturnForm, parse_month
from .models import EntryStatus, TimeEntry
from .permissions import can_review_hours, can_write_own_hours, own_peer
from .selectors import (
    EntryFilters,
    entry_totals,
    export_entries,
    group_by_week,
    month_rows,
    organisation_entries,
    organisation_peers,
    organisation_programmes,
    own_entries,
    own_entry_get,
    own_months,
    review_entry_get,
    review_groups,
    review_queue,
    review_waiting_peers,
    week_minutes,
)
from .services import week_bounds

# A service names model fields; the forms call some of them differently.
FORM_FIELDS = {
    "day": "date",
    "minutes": "duration",
    "review_comment": "comment",
    "correction_reason": "reason",
}


# Peer workers per page of the review queue: each with all their waiting weeks.
REVIEW_PEERS_PER_PAGE = 10

EDITABLE = (EntryStatus.SUBMITTED, EntryStatus.RETURNED)


def can_export_hours(viewer: Viewer) -> bool:
    return can_write_own_hours(viewer) or can_review_hours(viewer)


def _warn(request, entry) -> None:
    for warning in getattr(entry, "warnings", []):
        messages.warning(request, warning)


def _hours(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


# ------------------------------------------------------------------------------------------ Mijn uren


@rule_required(can_write_own_hours)
@require_http_methods(["GET", "POST"])
def my_hours(request):
    viewer = request.viewer
    peer = own_peer(viewer)
    if peer is None:
        return render(request, "hours/my_hours.html", {"peer": None})
    form = EntryForm(request.POST or None, peer=peer)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.time_entry_create(
                peer=peer,
                submission_key=form.cleaned_data.get("submission_key") or uuid.uuid4(),
                actor=viewer,
                **form.service_kwargs(),
            )
        except ValidationError as exc:
            if services.is_outside_assignment(exc):
                form.ask_outside_assignment()
            add_service_errors(form, exc, field_names=FORM_FIELDS)
        else:
            if entry.was_duplicate:
                messages.info(request, _("Deze uren waren al ontvangen; ze staan er maar één keer in."))
            else:
                messages.success(
                    request,
                    _("%(duration)s uur op %(day)s opgeslagen en ingediend bij de coördinator.")
                    % {"duration": _hours(entry.minutes), "day": entry.date.strftime("%d-%m-%Y")},
                )
                _warn(request, entry)
            return redirect("hours:my_hours")

    month = parse_month(request.GET.get("maand"))
    if month is not None:
        entries = own_entries(viewer=viewer, filters=EntryFilters(month=month))
    else:
        # Without a month: the last five weeks, so this week and the recent past are at hand.
        since = week_bounds(timezone.localdate())[0] - datetime.timedelta(weeks=4)
        entries = own_entries(viewer=viewer).filter(date__gte=since)
    today = timezone.localdate()
    months = own_months(viewer=viewer)
    if today.replace(day=1) not in months:
        months.insert(0, today.replace(day=1))
    return render(
        request,
        "hours/my_hours.html",
        {
            "peer": peer,
            "form": form,
            "weeks": group_by_week(entries, agreed_hours=peer.weekly_hours),
            "month": month,
            "months": months,
            "this_week_hours": round(week_minutes(peer=peer, day=today) / 60, 2),
            "editable": EDITABLE,
        },
    )


@rule_required(can_write_own_hours)
@require_http_methods(["GET", "POST"])
def entry_edit(request, pk):
    entry = get_or_404(own_entry_get, request.viewer, pk)
    if entry.status not in EDITABLE:
        messages.error(request, _("Goedgekeurde uren kunt u niet meer wijzigen; vraag de coördinator."))
        return redirect("hours:my_hours")
    form = EntryForm(
        request.POST or None, peer=entry.peer, entry=entry, initial=EntryForm.initial_from(entry)
    )
    del form.fields["submission_key"]
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.time_entry_update(entry=entry, actor=request.viewer, **form.service_kwargs())
        except ValidationError as exc:
            if services.is_outside_assignment(exc):
                form.ask_outside_assignment()
            add_service_errors(form, exc, field_names=FORM_FIELDS)
        else:
            messages.success(request, _("Uren gewijzigd en opnieuw ingediend bij de coördinator."))
            _warn(request, entry)
            return redirect("hours:my_hours")
    return render(request, "hours/entry_edit.html", {"form": form, "entry": entry})


@rule_required(can_write_own_hours)
@require_POST
def entry_delete(request, pk):
    entry = get_or_404(own_entry_get, request.viewer, pk)
    try:
        services.time_entry_delete(entry=entry, actor=request.viewer)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("De uren van %(day)s (%(duration)s) zijn verwijderd.")
            % {"day": entry.date.strftime("%d-%m-%Y"), "duration": _hours(entry.minutes)},
        )
    return redirect("hours:my_hours")


# ------------------------------------------------------------------------------------------ review


def _uuids(values) -> list[uuid.UUID]:
    found = []
    for value in values:
        try:
            found.append(uuid.UUID(str(value)))
        except ValueError:
            continue
    return found


@rule_required(can_review_hours)
@require_http_methods(["GET", "POST"])
def review(request):
    viewer = request.viewer
    if request.method == "POST":
        # "Alle getoonde ... goedkeuren" sends every entry the page showed, a week's button the entries of
        # that week as shown; the queue decides what may be approved (this viewer's, still waiting), so a
        # forged or stale list approves nothing else.
        week = request.POST.get("week", "")
        field = "getoond" if request.POST.get("alle") else "entries"
        if week.isdigit():
            field = f"week-{week}"
        ids = _uuids(request.POST.getlist(field))
        entries = list(review_queue(viewer=viewer).filter(pk__in=ids))
        if not entries:
            messages.error(request, _("Kies eerst de uren die u wilt goedkeuren."))
        else:
            try:
                done = services.time_entries_approve(entries=entries, actor=viewer)
            except ValidationError as exc:
                for message in exc.messages:
                    messages.error(request, message)
            else:
                messages.success(
                    request,
                    ngettext("%(n)s urenregel goedgekeurd.", "%(n)s urenregels goedgekeurd.", done)
                    % {"n": done},
                )
        return redirect("hours:review")
    # Paged by peer worker (a week's total is never split over pages), REVIEW_PEERS_PER_PAGE at a time,
    # in name order; the filter jumps straight to one peer worker's hours.
    waiting_peers = review_waiting_peers(viewer=viewer)
    chosen = request.GET.get("ervaringsdeskundige", "")
    shown = [p for p in waiting_peers if str(p["peer_id"]) == chosen] if chosen else waiting_peers
    if not shown:
        chosen = ""
        shown = waiting_peers
    page = Paginator(shown, REVIEW_PEERS_PER_PAGE).get_page(request.GET.get("pagina"))
    peer_ids = [p["peer_id"] for p in page.object_list]
    queue = list(review_queue(viewer=viewer).filter(peer_id__in=peer_ids)) if peer_ids else []
    return render(
        request,
        "hours/review.html",
        {
            "groups": review_groups(queue),
            "shown_count": len(queue),
            "waiting": sum(p["waiting"] for p in waiting_peers),
            "waiting_peers": waiting_peers,
            "chosen": chosen,
            "page": page,
        },
    )


@rule_required(can_review_hours)
@require_POST
def entry_approve(request, pk):
    entry = get_or_404(review_entry_get, request.viewer, pk)
    try:
        services.time_entry_approve(entry=entry, actor=request.viewer)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Uren van %(peer)s op %(day)s goedgekeurd.")
            % {"peer": entry.peer, "day": entry.date.strftime("%d-%m-%Y")},
        )
    return redirect("hours:review")


@rule_required(can_review_hours)
@require_http_methods(["GET", "POST"])
def entry_return(request, pk):
    entry = get_or_404(review_entry_get, request.viewer, pk)
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.time_entry_return(
                entry=entry, comment=form.cleaned_data["comment"], actor=request.viewer
            )
        except ValidationError as exc:
            add_service_errors(form, exc, field_names=FORM_FIELDS)
        else:
            messages.success(
                request,
                _("Uren teruggegeven aan %(peer)s met uw opmerking.") % {"peer": entry.peer},
            )
            return redirect("hours:review")
    if request.method == "GET":
        audit_view(viewer=request.viewer, obj=entry)
    return render(request, "hours/entry_return.html", {"form": form, "entry": entry})


@rule_required(can_review_hours)
@require_http_methods(["GET", "POST"])
def entry_correct(request, pk):
    entry = get_or_404(review_entry_get, request.viewer, pk)
    form = CorrectionForm(
        request.POST or None, peer=entry.peer, entry=entry, initial=CorrectionForm.initial_from(entry)
    )
    if request.method == "POST" and form.is_valid():
        try:
            replacement = services.time_entry_correct(
                entry=entry,
                reason=form.cleaned_data["reason"],
                override_reason=form.cleaned_data.get("override_reason") or "",
                actor=request.viewer,
                **form.service_kwargs(),
            )
        except ValidationError as exc:
            if services.is_outside_assignment(exc):
                form.ask_outside_assignment()
            add_service_errors(form, exc, field_names=FORM_FIELDS)
        else:
            messages.success(
                request,
                _("Uren van %(peer)s gecorrigeerd; de oorspronkelijke regel blijft zichtbaar als vervangen.")
                % {"peer": entry.peer},
            )
            _warn(request, replacement)
            return redirect(reverse("hours:overview") + f"?peer={entry.peer_id}")
    if request.method == "GET":
        audit_view(viewer=request.viewer, obj=entry)
    return render(request, "hours/entry_correct.html", {"form": form, "entry": entry})


def _filter_form(request):
    viewer = request.viewer
    if can_review_hours(viewer):
        return FilterForm(
            request.GET,
            peers=organisation_peers(viewer=viewer),
            programmes=organisation_programmes(viewer=viewer),
        )
    return FilterForm(request.GET)


@rule_required(can_review_hours)
def overview(request):
    form = _filter_form(request)
    filters = form.filters()
    entries = organisation_entries(viewer=request.viewer, filters=filters)
    total = entry_totals(entries)
    page = Paginator(entries, 100).get_page(request.GET.get("pagina"))
    audit_page(request, page, model=TimeEntry)
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "hours/review_overview.html",
        {
            "form": form,
            "page": page,
            "total_hours": round(total["counting_minutes"] / 60, 2),
            "approved_hours": round(total["approved_minutes"] / 60, 2),
            "query": query.urlencode(),
            "can_correct": (EntryStatus.SUBMITTED, EntryStatus.APPROVED),
        },
    )


# ------------------------------------------------------------------------------------------ locks


@rule_required(can_review_hours)
def locks(request):
    return render(request, "hours/locks.html", {"rows": month_rows(viewer=request.viewer)})


@rule_required(can_review_hours)
@require_POST
def lock_create(request):
    return _month_action(
        request,
        LockForm,
        _("Kies een maand om af te sluiten."),
        lambda form: services.period_lock(
            organisation=request.viewer.organisation, month=form.cleaned_data["month"], actor=request.viewer
        ),
        _("%(month)s is afgesloten: de uren van die maand kunnen niet meer veranderen."),
    )


@rule_required(can_review_hours)
@require_POST
def lock_reopen(request):
    return _month_action(
        request,
        ReopenForm,
        _("Kies een maand om te heropenen."),
        lambda form: services.period_reopen(
            organisation=request.viewer.organisation,
            month=form.cleaned_data["month"],
            reason=form.cleaned_data["reason"],
            actor=request.viewer,
        ),
        _("%(month)s is heropend: de uren van die maand kunnen weer worden geschreven en beoordeeld."),
    )


def _month_action(request, form_class, invalid_message, call, success_message):
    """Closing and reopening a month: one service call, its refusals as error notices, back to the list."""
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, invalid_message)
        return redirect("hours:locks")
    try:
        call(form)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, success_message % {"month": form.cleaned_data["month"].strftime("%m-%Y")})
    return redirect("hours:locks")


# ------------------------------------------------------------------------------------------ export


@rule_required(can_export_hours)
def export(request):
    viewer = request.viewer
    fmt = request.GET.get("format", "csv")
    if fmt not in {"csv", "xlsx"}:
        fmt = "csv"
    filters = _filter_form(request).filters()
    entries = list(export_entries(viewer=viewer, filters=filters))
    # The audit text names the organisation or the peer worker's safe description, never a name.
    whose = viewer.organisation.name if can_review_hours(viewer) else describe(own_peer(viewer))
    audit_export(
        viewer=viewer,
        object_type="hours.timeentry",
        description=_("Urenexport (%(fmt)s) van %(whose)s: %(n)s urenregels")
        % {"fmt": fmt.upper(), "whose": whose, "n": len(entries)},
    )
    stamp = timezone.localdate().isoformat()
    if fmt == "xlsx":
        response = HttpResponse(
            exports.to_xlsx(entries),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(exports.to_csv(entries), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="uren-{stamp}.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response
