from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from ervaringswerk.activities.permissions import can_view_activities
from ervaringswerk.activities.selectors import activity_get
from ervaringswerk.core.access import rule_required
from ervaringswerk.outcomes.permissions import can_view_trajectories
from ervaringswerk.outcomes.selectors import trajectory_get

from .forms import ActivityHandoutForm, AnswerForm
from .permissions import can_hand_out_for_activity, can_hand_out_for_trajectory
from .selectors import qr_svg
from .services import (
    LinkUnusable,
    format_code,
    survey_answer,
    survey_links_for_activity,
    survey_links_for_trajectory,
    usable_link,
)

GONE = {"unknown": 404, "used": 410, "expired": 410}


def _public(response, language: str):
    # Nothing of this page may stay in a shared phone's cache or leak the code through a Referer.
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    response["Content-Language"] = language
    return response


def _gone(request, gone: LinkUnusable, language: str):
    page = render(request, "voice/gone.html", {"reason": gone.reason, "language": language})
    page.status_code = GONE[gone.reason]
    return _public(page, language)


# No login and no session: a forged cross-site POST has no one's authority to borrow (the one-time code in
# the URL is the only key, and whoever has it can answer directly). Exempt, so the page sets no cookie at all.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def answer(request, code: str):
    """The resident's page: the survey on their own phone, no login, nothing about them shown."""
    language = "en" if "en" in (request.GET.get("taal"), request.POST.get("taal")) else "nl"
    with translation.override(language):
        try:
            usable_link(code[:40])
        except LinkUnusable as gone:
            return _gone(request, gone, language)
        form = AnswerForm(request.POST if request.method == "POST" else None, initial={"taal": language})
        if request.method == "POST" and form.is_valid():
            answers = {k: v for k, v in form.cleaned_data.items() if k != "taal"}
            try:
                survey_answer(code=code[:40], answers=answers, language=language)
            except LinkUnusable as gone:
                return _gone(request, gone, language)
            except ValidationError as exc:
                for field, errors in getattr(exc, "error_dict", {None: exc.error_list}).items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                return _public(render(request, "voice/thanks.html", {"language": language}), language)
        page = render(
            request,
            "voice/answer.html",
            {"form": form, "language": language, "other": "nl" if language == "en" else "en"},
            status=400 if form.errors else 200,
        )
        return _public(page, language)


def _handout(request, links, *, back_url: str, back_label: str):
    items = []
    for link in links:
        url = request.build_absolute_uri(reverse("voice_public:answer", args=[format_code(link.code)]))
        items.append(
            {"url": url, "code": format_code(link.code), "qr": qr_svg(url), "expires": link.expires_at}
        )
    response = render(
        request, "voice/handout.html", {"links": items, "back_url": back_url, "back_label": back_label}
    )
    response["Cache-Control"] = "no-store"
    return response


@rule_required(can_view_trajectories)
def trajectory_handout(request, pk):
    try:
        trajectory = trajectory_get(viewer=request.viewer, pk=pk)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc
    if not can_hand_out_for_trajectory(request.viewer, trajectory):
        raise Http404
    back = reverse("outcomes:trajectory_detail", args=[trajectory.pk])
    if request.method == "POST":
        links = survey_links_for_trajectory(viewer=request.viewer, trajectory=trajectory)
        return _handout(request, links, back_url=back, back_label=_("Terug naar het traject"))
    return render(
        request, "voice/handout_start.html", {"form": None, "back_url": back, "code": trajectory.code}
    )


@rule_required(can_view_activities)
def activity_handout(request, pk):
    try:
        activity = activity_get(viewer=request.viewer, pk=pk)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc
    if not can_hand_out_for_activity(request.viewer, activity):
        raise Http404
    back = reverse("activities:detail", args=[activity.pk])
    form = ActivityHandoutForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            links = survey_links_for_activity(
                viewer=request.viewer, activity=activity, count=form.cleaned_data["count"]
            )
        except ValidationError as exc:
            form.add_error("count", exc.messages)
        else:
            return _handout(request, links, back_url=back, back_label=_("Terug naar de activiteit"))
    return render(
        request,
        "voice/handout_start.html",
        {"form": form, "back_url": back, "activity": activity},
        status=400 if form.errors else 200,
    )
