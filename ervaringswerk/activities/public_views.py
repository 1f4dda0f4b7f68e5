"""The public agenda of a municipality: /agenda/<slug>/ and its iCalendar feed /agenda/<slug>/agenda.ics.

Public (no login) and without personal data: activities, times, places and the organising
organisations, never facilitators, hosts or participants.
"""

from itertools import groupby

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from ervaringswerk.core.models import Municipality

from .calendar import sessions_to_ical
from .forms import AgendaFilterForm
from .recurrence import AMSTERDAM
from .selectors import public_filters, public_sessions


def _municipality(slug) -> Municipality:
    try:
        return Municipality.objects.get(slug=slug)
    except Municipality.DoesNotExist as exc:
        raise Http404 from exc


def _filtered(request, municipality, *, default_weeks=4):
    """Parse the filters; unknown values are ignored (the public page never answers 400 or 500)."""
    options = public_filters(municipality=municipality)
    data = None
    if request.GET:
        data = request.GET.copy()
        data.setdefault("weken", str(default_weeks))
    form = AgendaFilterForm(data, **options)
    neighbourhood_id = theme = None
    weeks = default_weeks
    if form.is_bound:
        form.is_valid()
        data = getattr(form, "cleaned_data", {})
        neighbourhood_id = data.get("wijk") or None
        theme = data.get("thema") or None
        weeks = data.get("weken") or default_weeks
    sessions = public_sessions(
        municipality=municipality, neighbourhood_id=neighbourhood_id, theme_slug=theme, weeks=weeks
    )
    query = {k: v for k, v in (("wijk", neighbourhood_id), ("thema", theme)) if v}
    return form, sessions, query


def _cacheable(request, response, max_age: int):
    """Anonymous answers may be cached by shared caches; a logged-in page shows the user's name: private."""
    if request.user.is_authenticated:
        patch_cache_control(response, private=True, no_cache=True)
    else:
        patch_cache_control(response, public=True, max_age=max_age)
    patch_vary_headers(response, ["Cookie"])
    return response


@require_GET
def agenda(request, slug):
    municipality = _municipality(slug)
    form, sessions, query = _filtered(request, municipality)
    days = [
        (day, list(items))
        for day, items in groupby(sessions, key=lambda s: timezone.localtime(s.starts_at, AMSTERDAM).date())
    ]
    response = render(
        request,
        "activities/public_agenda.html",
        {
            "municipality": municipality,
            "form": form,
            "days": days,
            "query": urlencode(query),
            "filtered": bool(query),
        },
    )
    return _cacheable(request, response, 300)


@require_GET
def agenda_ics(request, slug):
    municipality = _municipality(slug)
    _form, sessions, _query = _filtered(request, municipality, default_weeks=12)
    body = sessions_to_ical(
        sessions,
        name=f"Activiteiten {municipality.name}",
        url=request.build_absolute_uri(request.path.removesuffix("agenda.ics")),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="agenda-{municipality.slug}.ics"'
    return _cacheable(request, response, 900)
