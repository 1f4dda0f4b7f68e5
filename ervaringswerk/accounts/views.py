from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from rest_framework.authtoken.models import Token

from ervaringswerk.core.access import rule_required

from .forms import LoginForm
from .permissions import can_manage_api_token
from .services import api_token_renew, api_token_revoke


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


@rule_required(can_manage_api_token)
@require_http_methods(["GET", "POST"])
def api_token(request):
    """A personal API token: shown once after creation, then only its first characters."""
    new_key = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            api_token_revoke(viewer=request.viewer)
            messages.success(request, _("Uw API-token is ingetrokken."))
            return redirect("accounts:api_token")
        new_key = api_token_renew(viewer=request.viewer).key
        messages.success(
            request, _("Er is een nieuw API-token gemaakt. Kopieer het nu: het wordt niet meer getoond.")
        )
    existing = Token.objects.filter(user=request.user).first()
    return render(request, "accounts/api_token.html", {"new_key": new_key, "existing": existing})
