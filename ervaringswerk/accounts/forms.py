from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from ervaringswerk.core.forms import NLDesignFormMixin


class LoginForm(NLDesignFormMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Deze combinatie van gebruikersnaam en wachtwoord kennen we niet. Let op hoofdletters."
        ),
        "inactive": _("Dit account is niet actief."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Gebruikersnaam")
        self.fields["password"].label = _("Wachtwoord")
        # AuthenticationForm sets max_length after the field is built, so it is never validated: an
        # oversized name would reach authenticate() and the lockout table (varchar 255) and fail there.
        self.fields["username"].validators.append(MaxLengthValidator(150))
        self.fields["password"].validators.append(MaxLengthValidator(1024))
        # No autofocus: it would jump past the skip link and the page's heading for screen-reader users.
        self.fields["username"].widget.attrs.pop("autofocus", None)


class ApiTokenForm(NLDesignFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Naam van het token"),
        max_length=100,
        help_text=_("Bijvoorbeeld het systeem dat het gebruikt, zodat u het later herkent."),
    )
