"""The webhook pages of the administrator's console (/beheer/webhooks/): subscriptions and their
delivery log. Thin: parse the form, call one service, show the result. A secret is shown on the answer
to the POST that made it, once (never stored in the session, never in a later page)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ervaringswerk.audit.services import audit_page
from ervaringswerk.core.access import rule_required
from ervaringswerk.core.forms import add_service_errors

from . import selectors, services
from .forms import SubscriptionForm
from .permissions import can_manage_webhooks


def _secret_page(request, subscription, secret: str, *, new: bool):
    response = render(
        request, "webhooks/secret.html", {"subscription": subscription, "secret": secret, "new": new}
    )
    response["Cache-Control"] = "no-store"
    return response


@rule_required(can_manage_webhooks)
@require_http_methods(["GET", "POST"])
def subscriptions(request):
    form = SubscriptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            subscription, secret = services.subscription_create(viewer=request.viewer, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _secret_page(request, subscription, secret, new=True)
    return render(
        request,
        "webhooks/subscriptions.html",
        {"form": form, "subscriptions": selectors.subscription_list(viewer=request.viewer)},
    )


@rule_required(can_manage_webhooks)
@require_http_methods(["GET", "POST"])
def subscription_detail(request, pk):
    subscription = selectors.subscription_list(viewer=request.viewer).filter(pk=pk).first()
    if subscription is None:
        raise Http404
    initial = {
        "name": subscription.name,
        "url": subscription.url,
        "kinds": subscription.kinds,
        "is_active": subscription.is_active,
    }
    action = request.POST.get("action", "save") if request.method == "POST" else ""
    form = SubscriptionForm(request.POST if action == "save" else None, initial=initial)
    if action == "rotate":
        secret = services.subscription_secret_rotate(subscription=subscription, viewer=request.viewer)
        return _secret_page(request, subscription, secret, new=False)
    if action == "delete":
        services.subscription_delete(subscription=subscription, viewer=request.viewer)
        messages.success(request, _("Abonnement %(name)s is verwijderd.") % {"name": subscription.name})
        return redirect("webhooks:subscriptions")
    if action == "save" and form.is_valid():
        try:
            services.subscription_update(
                subscription=subscription, viewer=request.viewer, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Abonnement %(name)s is opgeslagen.") % {"name": subscription.name})
            return redirect("webhooks:subscription_detail", pk=subscription.pk)
    deliveries = Paginator(
        selectors.delivery_list(viewer=request.viewer, subscription=subscription), 50
    ).get_page(request.GET.get("pagina"))
    audit_page(request, deliveries)
    return render(
        request,
        "webhooks/subscription_detail.html",
        {"subscription": subscription, "form": form, "deliveries": deliveries},
    )
