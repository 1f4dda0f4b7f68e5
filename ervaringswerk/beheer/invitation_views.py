"""The page behind an invitation link: choose a password, once, within 72 hours."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from ervaringswerk.core.forms import add_service_errors

from .forms import AcceptInvitationForm
from .invitations import InvitationRefused, invitation_check
from .services import invitation_accept


@never_cache
@require_http_methods(["GET", "POST"])
def accept(request, gemeente, token):
    try:
        invitation = invitation_check(gemeente=gemeente, token=token, user=request.user)
    except InvitationRefused as refused:
        return render(
            request, "beheer/invitation_refused.html", {"message": refused.message}, status=refused.status
        )
    form = AcceptInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = invitation_accept(
                gemeente=gemeente,
                token=token,
                password1=form.cleaned_data["password1"],
                password2=form.cleaned_data["password2"],
                user=request.user,
            )
        except InvitationRefused as refused:
            return render(
                request, "beheer/invitation_refused.html", {"message": refused.message}, status=refused.status
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Uw wachtwoord is ingesteld. Log nu in met gebruikersnaam %(username)s.")
                % {"username": person.get_username()},
            )
            return redirect("accounts:login")
    return render(request, "beheer/invitation_accept.html", {"form": form, "invitation": invitation})
