"""Pages for activities: thin — parse input, call one service or selector, render."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from ervaringswerk.core.access import rule_required
from ervaringswerk.core.forms import add_service_errors
from ervaringswerk.core.shortcuts import get_or_404
from ervaringswerk.pool.models import PeerWorker

from . import learning, services
from .forms import (
    ActivityForm,
    AttendanceForm,
    MinuteItemForm,
    RhythmForm,
    SessionCancelForm,
    SessionMoveForm,
)
from .models import ActivityKind, SessionStatus
from .permissions import (
    can_add_minutes,
    can_create_activity,
    can_manage_activity,
    can_record_attendance,
    can_sign_up_as_host,
    can_view_activities,
    can_view_development,
    can_view_facilitators,
    can_view_roster,
)
from .selectors import (
    activity_get,
    activity_list,
    development_overview,
    rhythm_list,
    roster,
    roster_get,
    session_get,
    session_list,
    viewer_peer,
)


@rule_required(can_view_activities)
def activity_index(request):
    kind = request.GET.get("soort") or None
    if kind not in ActivityKind.values:
        kind = None
    activities = activity_list(viewer=request.viewer, kind=kind)
    page = Paginator(activities, 50).get_page(request.GET.get("pagina"))
    now = timezone.now()
    upcoming = {}
    for session in session_list(viewer=request.viewer, start=now, end=now + timedelta(weeks=8)).exclude(
        status=SessionStatus.CANCELLED
    ):
        upcoming.setdefault(session.activity_id, session)
    rows = [(a, upcoming.get(a.pk)) for a in page]
    return render(
        request,
        "activities/activity_list.html",
        {
            "page": page,
            "rows": rows,
            "kinds": ActivityKind.choices,
            "kind": kind,
            "can_create": can_create_activity(request.viewer),
        },
    )


@rule_required(can_create_activity)
@require_http_methods(["GET", "POST"])
def activity_create(request):
    form = ActivityForm(request.POST or None, viewer=request.viewer)
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.activity_create(viewer=request.viewer, **form.service_kwargs())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            sessions = activity.sessions.count()
            messages.success(
                request,
                ngettext(
                    "Activiteit '%(title)s' aangemaakt met %(n)s bijeenkomst.",
                    "Activiteit '%(title)s' aangemaakt met %(n)s bijeenkomsten.",
                    sessions,
                )
                % {"title": activity.title, "n": sessions},
            )
            return redirect("activities:detail", pk=activity.pk)
    return render(request, "activities/activity_form.html", {"form": form, "creating": True})


@rule_required(can_view_activities)
def activity_detail(request, pk):
    activity = get_or_404(activity_get, request.viewer, pk)
    now = timezone.now()
    sessions = session_list(viewer=request.viewer, activity=activity)
    upcoming = sessions.filter(ends_at__gte=now).order_by("starts_at")[:12]
    past = sessions.filter(ends_at__lt=now).order_by("-starts_at")[:12]
    return render(
        request,
        "activities/activity_detail.html",
        {
            "activity": activity,
            "upcoming": upcoming,
            "past": past,
            "can_manage": can_manage_activity(request.viewer, activity),
            "show_people": can_view_facilitators(request.viewer),
            "show_roster": can_view_roster(request.viewer),  # never a link that answers 403
            "weekday_names": _weekday_names(activity),
        },
    )


def _weekday_names(activity) -> str:
    from .forms import WEEKDAYS

    names = dict(WEEKDAYS)
    return ", ".join(str(names[d]) for d in activity.weekdays or [])


@rule_required(can_create_activity)
@require_http_methods(["GET", "POST"])
def activity_edit(request, pk):
    activity = get_or_404(activity_get, request.viewer, pk)
    if not can_manage_activity(request.viewer, activity):
        raise Http404
    form = ActivityForm(
        request.POST or None, viewer=request.viewer, initial=ActivityForm.initial_from(activity)
    )
    if request.method == "POST" and form.is_valid():
        data = form.service_kwargs()
        # Facilitators of co-organisers are not offered on this form: keep them.
        offered = set(form.fields["peer_facilitators"].queryset.values_list("pk", flat=True))
        kept = [p for p in activity.peer_facilitators.all() if p.pk not in offered]
        data["peer_facilitators"] = list(data["peer_facilitators"]) + kept
        offered_users = set(form.fields["user_facilitators"].queryset.values_list("pk", flat=True))
        kept_users = [u for u in activity.user_facilitators.all() if u.pk not in offered_users]
        data["user_facilitators"] = list(data["user_facilitators"]) + kept_users
        try:
            services.activity_update(viewer=request.viewer, activity=activity, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Activiteit bijgewerkt; de komende bijeenkomsten zijn aangepast."))
            return redirect("activities:detail", pk=activity.pk)
    return render(
        request, "activities/activity_form.html", {"form": form, "activity": activity, "creating": False}
    )


@rule_required(can_view_activities)
def session_detail(request, pk):
    return _session_page(request, get_or_404(session_get, request.viewer, pk))


def _session_page(request, session, *, minute_form=None, status=200):
    activity = session.activity
    show_people = can_view_facilitators(request.viewer)
    attendance = []
    if show_people and activity.has_peer_attendance:
        attendance = list(session.peer_attendance.select_related("peer").order_by("peer__last_name"))
    return render(
        request,
        "activities/session_detail.html",
        {
            "session": session,
            "activity": activity,
            "can_manage": can_manage_activity(request.viewer, activity),
            "can_record": can_record_attendance(request.viewer, session)
            and session.starts_at <= timezone.now(),
            "can_minutes": activity.has_minutes and can_add_minutes(request.viewer, session),
            "show_people": show_people,
            "attendance": attendance,
            "minutes": session.minutes.all() if activity.has_minutes else [],
            "staff": session.staff_attendance.select_related("organisation").order_by("organisation__name")
            if activity.has_minutes
            else [],
            "codes": session.resident_codes.order_by("code") if show_people else [],
            "minute_form": minute_form or MinuteItemForm(),
        },
        status=status,
    )


@rule_required(can_record_attendance)
@require_http_methods(["GET", "POST"])
def session_attendance(request, pk):
    session = get_or_404(session_get, request.viewer, pk)
    if not can_record_attendance(request.viewer, session):
        raise Http404
    attendees = None
    if session.activity.has_peer_attendance:
        attendees = list(services.eligible_attendees(session))
    present = [str(a.peer_id) for a in session.peer_attendance.filter(present=True)]
    initial = {
        "new_participants": session.new_participants,
        "returning_participants": session.returning_participants,
        "resident_codes": " ".join(session.resident_codes.order_by("code").values_list("code", flat=True)),
        "present_peers": present,
        "milestone": session.milestone_id,
    }
    takes = learning.takes_learning(session)
    form = AttendanceForm(
        request.POST or None,
        attendees=attendees,
        initial=initial,
        milestones=learning.milestone_choices(session) if takes else None,
        staff_organisations=learning.staff_organisations(session) if takes else (),
        staff=learning.staff_counts(session) if takes else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.session_attendance_record(
                viewer=request.viewer,
                session=session,
                new_participants=form.cleaned_data["new_participants"],
                returning_participants=form.cleaned_data["returning_participants"],
                resident_codes=form.codes(),
                present_peer_ids=form.cleaned_data.get("present_peers") if attendees is not None else None,
                learning=form.learning(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Aanwezigheid opgeslagen."))
            return redirect("activities:session", pk=session.pk)
    return render(request, "activities/session_attendance.html", {"session": session, "form": form})


@rule_required(can_create_activity)
@require_http_methods(["GET", "POST"])
def session_move(request, pk):
    session = get_or_404(session_get, request.viewer, pk)
    if not can_manage_activity(request.viewer, session.activity):
        raise Http404
    local = timezone.localtime(session.starts_at)
    initial = {
        "day": local.date(),
        "start_time": local.time().replace(second=0, microsecond=0),
        "duration_minutes": int((session.ends_at - session.starts_at).total_seconds() // 60),
        "place": session.place,
    }
    form = SessionMoveForm(request.POST or None, initial=initial)
    cancel_form = SessionCancelForm(prefix="cancel")
    if request.method == "POST" and form.is_valid():
        try:
            services.session_move(
                viewer=request.viewer,
                session=session,
                starts_at=form.starts_at(),
                duration_minutes=form.cleaned_data["duration_minutes"],
                place=form.cleaned_data["place"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Bijeenkomst verplaatst."))
            return redirect("activities:session", pk=session.pk)
    return render(
        request,
        "activities/session_edit.html",
        {"session": session, "form": form, "cancel_form": cancel_form},
    )


@rule_required(can_create_activity)
@require_POST
def session_cancel(request, pk):
    session = get_or_404(session_get, request.viewer, pk)
    if not can_manage_activity(request.viewer, session.activity):
        raise Http404
    cancel_form = SessionCancelForm(request.POST, prefix="cancel")
    if cancel_form.is_valid():
        try:
            services.session_cancel(
                viewer=request.viewer, session=session, reason=cancel_form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            add_service_errors(cancel_form, exc)
        else:
            messages.success(request, _("Bijeenkomst vervalt; de reden staat op de agenda."))
            return redirect("activities:session", pk=session.pk)
    local = timezone.localtime(session.starts_at)
    form = SessionMoveForm(
        initial={
            "day": local.date(),
            "start_time": local.time(),
            "duration_minutes": int((session.ends_at - session.starts_at).total_seconds() // 60),
        }
    )
    return render(
        request,
        "activities/session_edit.html",
        {"session": session, "form": form, "cancel_form": cancel_form},
        status=400,
    )


@rule_required(can_create_activity)
@require_POST
def session_restore(request, pk):
    session = get_or_404(session_get, request.viewer, pk)
    if not can_manage_activity(request.viewer, session.activity):
        raise Http404
    try:
        services.session_restore(viewer=request.viewer, session=session)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("De bijeenkomst gaat weer door."))
    return redirect("activities:session", pk=session.pk)


@rule_required(can_record_attendance)
@require_POST
def session_minutes(request, pk):
    session = get_or_404(session_get, request.viewer, pk)
    if not can_add_minutes(request.viewer, session):
        raise Http404
    form = MinuteItemForm(request.POST)
    if form.is_valid():
        try:
            services.minute_item_add(viewer=request.viewer, session=session, **form.cleaned_data)
        except ValidationError as exc:
            # Shown again with what was typed (and, for personal data, the de-identified version).
            add_service_errors(form, exc)
            return _session_page(request, session, minute_form=form, status=400)
        messages.success(request, _("Toegevoegd aan de notulen."))
    else:
        messages.error(request, _("Kies een soort en vul een tekst in."))
    return redirect("activities:session", pk=session.pk)


# ---------------------------------------------------------------------------------------------------------
# Walk-in roster


@rule_required(can_view_roster)
def roster_index(request):
    try:
        weeks = min(8, max(1, int(request.GET.get("weken", 3))))
    except ValueError:
        weeks = 3
    slots = roster(viewer=request.viewer, weeks=weeks)
    peer = viewer_peer(viewer=request.viewer)
    pool = []
    if peer is None:
        pool = list(
            PeerWorker.objects.filter(organisation_id=request.viewer.organisation_id, status="active")
        )
    soon = timezone.now() + timedelta(days=7)
    rows = []
    for slot in slots:
        reason = services.host_check(peer=peer, session=slot.session) if peer is not None else None
        mine = peer is not None and any(h.pk == peer.pk for h in slot.hosts)
        rows.append({"slot": slot, "mine": mine, "reason": reason, "soon": slot.session.starts_at < soon})
    return render(
        request,
        "activities/roster.html",
        {
            "rows": rows,
            "peer": peer,
            "pool": pool,
            "weeks": weeks,
            "gaps": sum(1 for s in slots if s.is_open and s.session.status == SessionStatus.PLANNED),
            "gaps_soon": sum(
                1
                for s in slots
                if s.is_open and s.session.status == SessionStatus.PLANNED and s.session.starts_at < soon
            ),
        },
    )


def _roster_peer(request):
    peer = viewer_peer(viewer=request.viewer)
    if peer is not None:
        return peer
    peer_id = request.POST.get("peer")
    try:
        return PeerWorker.objects.get(
            municipality_id=request.viewer.municipality_id,
            organisation_id=request.viewer.organisation_id,
            pk=peer_id,
        )
    except (PeerWorker.DoesNotExist, ValidationError, ValueError):
        return None


@rule_required(can_sign_up_as_host)
@require_POST
def roster_signup(request, pk):
    session = get_or_404(roster_get, request.viewer, pk)
    peer = _roster_peer(request)
    if peer is None:
        messages.error(request, _("Kies een ervaringsdeskundige."))
        return redirect("activities:roster")
    try:
        services.host_signup(viewer=request.viewer, session=session, peer=peer)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(name)s staat ingeroosterd.") % {"name": peer.first_name})
    return redirect("activities:roster")


@rule_required(can_sign_up_as_host)
@require_POST
def roster_withdraw(request, pk):
    session = get_or_404(roster_get, request.viewer, pk)
    peer = _roster_peer(request)
    if peer is None:
        messages.error(request, _("Kies een ervaringsdeskundige."))
        return redirect("activities:roster")
    try:
        services.host_withdraw(viewer=request.viewer, session=session, peer=peer)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Afgemeld."))
    return redirect("activities:roster")


# ---------------------------------------------------------------------------------------------------------
# Supervision and intervision


@rule_required(can_view_development)
def development(request):
    overview = development_overview(viewer=request.viewer)
    rhythms = {r.kind: r for r in rhythm_list(viewer=request.viewer)}
    form = RhythmForm(
        initial={
            "kind": "intervision",
            "max_interval_days": rhythms["intervision"].max_interval_days if "intervision" in rhythms else 42,
        }
    )
    return _render_development(request, overview, rhythms, form)


def _render_development(request, overview, rhythms, form, status=200):
    sessions = (
        session_list(viewer=request.viewer, start=timezone.now() - timedelta(weeks=26))
        .filter(
            activity__kind__in=[
                ActivityKind.INTERVISION,
                ActivityKind.SUPERVISION,
                ActivityKind.PEER_TRAINING,
            ],
            activity__organisers=request.viewer.organisation,
        )
        .order_by("starts_at")
    )
    return render(
        request,
        "activities/development.html",
        {
            "intervision": overview[ActivityKind.INTERVISION],
            "supervision": overview[ActivityKind.SUPERVISION],
            "rhythms": rhythms,
            "form": form,
            "sessions": sessions,
            "now": timezone.now(),
        },
        status=status,
    )


@rule_required(can_view_development)
@require_POST
def rhythm_save(request):
    form = RhythmForm(request.POST)
    if form.is_valid():
        try:
            services.rhythm_set(
                viewer=request.viewer,
                organisation=request.viewer.organisation,
                kind=form.cleaned_data["kind"],
                max_interval_days=form.cleaned_data["max_interval_days"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Ritme opgeslagen."))
            return redirect("activities:development")
    overview = development_overview(viewer=request.viewer)
    rhythms = {r.kind: r for r in rhythm_list(viewer=request.viewer)}
    return _render_development(request, overview, rhythms, form, status=400)
