from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ervaringswerk.core.access import rule_required
from ervaringswerk.core.shortcuts import get_or_404

from .forms import PreferencesForm
from .permissions import can_view_notifications
from .selectors import notification_get, notification_list, preferences_for
from .services import notification_mark_read, notification_preferences_set, notifications_mark_all_read


@rule_required(can_view_notifications)
def notification_index(request):
    qs = notification_list(viewer=request.viewer)
    if request.GET.get("filter") == "ongelezen":
        qs = qs.filter(read_at__isnull=True)
    page = Paginator(qs, 50).get_page(request.GET.get("pagina"))
    return render(
        request,
        "notifications/list.html",
        {
            "page": page,
            "notifications": page.object_list,
            "unread_only": request.GET.get("filter") == "ongelezen",
        },
    )


@rule_required(can_view_notifications)
@require_POST
def notification_open(request, pk):
    """Mark one notification read and go to what it is about."""
    notification = get_or_404(notification_get, request.viewer, pk)
    notification_mark_read(viewer=request.viewer, notification=notification)
    target = notification.url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications:list")


@rule_required(can_view_notifications)
@require_POST
def notification_read_all(request):
    done = notifications_mark_all_read(viewer=request.viewer)
    messages.success(request, _("%(n)s meldingen gemarkeerd als gelezen.") % {"n": done})
    return redirect("notifications:list")


@rule_required(can_view_notifications)
@require_http_methods(["GET", "POST"])
def preferences(request):
    current = preferences_for(viewer=request.viewer)
    form = PreferencesForm(request.POST or None, initial_prefs=current)
    if request.method == "POST" and form.is_valid():
        notification_preferences_set(viewer=request.viewer, email_by_kind=form.cleaned_data)
        messages.success(request, _("Uw voorkeuren voor meldingen zijn opgeslagen."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})
