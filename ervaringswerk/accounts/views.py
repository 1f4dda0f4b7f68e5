from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ervaringswerk.core.access import rule_required

from .forms import ApiTokenForm, LoginForm
from .permissions import can_create_api_token, can_manage_api_token
from .selectors import retired_token_notices
from .services import ApiTokenRefused, api_token_create, api_token_list, api_token_revoke


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The single sign-on button, only when it is configured (accounts/sso_config.py).
        context["sso_name"] = settings.EW_OIDC_NAME if settings.EW_OIDC_ENABLED else ""
        return context


class LogoutView(auth_views.LogoutView):
    pass


def _create_refusal(viewer) -> str:
    """Why this viewer may not create a token (shown instead of the form)."""
    if viewer.sso_roles is not None:
        return _(
            "Na inloggen via %(name)s kunt u hier geen API-token maken: een token krijgt al uw rollen, "
            "ook die waarvoor uw groepen daar geen toegang geven. Log in met uw gebruikersnaam en wachtwoord."
        ) % {"name": settings.EW_OIDC_NAME}
    return _("Om een API-token te maken heeft u een bevestigde tweede factor nodig.")


def _api_token_page(request, *, form=None, new_key=None, new_token=None, status=200):
    context = {
        "form": form or ApiTokenForm(),
        "tokens": api_token_list(viewer=request.viewer),
        "new_key": new_key,
        "new_token": new_token,
        "notices": retired_token_notices(viewer=request.viewer),
        "may_create": can_create_api_token(request.viewer),
        "create_refusal": _create_refusal(request.viewer),
        "max_tokens": settings.EW_API_TOKEN_MAX_PER_USER,
        "days": settings.EW_API_TOKEN_DAYS,
    }
    response = render(request, "accounts/api_token.html", context, status=status)
    add_never_cache_headers(response)  # a new token is on this page once: no cache may keep it
    return response


@rule_required(can_manage_api_token)
@require_http_methods(["GET", "POST"])
def api_token(request):
    """Personal API tokens: a list (name, first characters, dates), a form to create one, shown once."""
    if request.method == "GET":
        return _api_token_page(request)
    if not can_create_api_token(request.viewer):
        raise PermissionDenied
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return _api_token_page(request, form=form, status=400)
    try:
        new_token, key = api_token_create(viewer=request.viewer, name=form.cleaned_data["name"])
    except ApiTokenRefused as refusal:
        form.add_error(None, str(refusal))
        return _api_token_page(request, form=form, status=400)
    messages.success(
        request, _("Er is een nieuw API-token gemaakt. Kopieer het nu: het wordt niet meer getoond.")
    )
    return _api_token_page(request, new_key=key, new_token=new_token)


@rule_required(can_manage_api_token)
@require_POST
def api_token_revoke_view(request, pk):
    if not api_token_revoke(viewer=request.viewer, token_id=pk):
        raise Http404
    messages.success(request, _("Het API-token is ingetrokken; het werkt niet meer."))
    return redirect("accounts:api_token")
