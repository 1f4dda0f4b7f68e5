from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from ervaringswerk.core.forms import NLDesignFormMixin

from .services import password_reset_mail_permit


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
        self.fields["username"].free_text = False
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


class PasswordChangeForm(NLDesignFormMixin, auth_forms.PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("Huidig wachtwoord")
        self.fields["new_password1"].label = _("Nieuw wachtwoord")
        self.fields["new_password2"].label = _("Nieuw wachtwoord nogmaals")
        self.fields["new_password1"].help_text = PASSWORD_HELP
        self.fields["old_password"].widget.attrs.pop("autofocus", None)
        for name in ("old_password", "new_password1", "new_password2"):
            self.fields[name].validators.append(MaxLengthValidator(1024))
        self.error_messages = {
            **self.error_messages,
            "password_incorrect": _("Uw huidige wachtwoord klopt niet. Probeer het opnieuw."),
            "password_mismatch": _("De twee nieuwe wachtwoorden zijn niet gelijk."),
        }


class SetPasswordForm(NLDesignFormMixin, auth_forms.SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("Nieuw wachtwoord")
        self.fields["new_password2"].label = _("Nieuw wachtwoord nogmaals")
        self.fields["new_password1"].help_text = PASSWORD_HELP
        self.fields["new_password1"].widget.attrs.pop("autofocus", None)
        for name in ("new_password1", "new_password2"):
            self.fields[name].validators.append(MaxLengthValidator(1024))
        self.error_messages = {
            **self.error_messages,
            "password_mismatch": _("De twee nieuwe wachtwoorden zijn niet gelijk."),
        }


class PasswordResetForm(NLDesignFormMixin, auth_forms.PasswordResetForm):
    """Asks for an e-mail address and mails a link to every active account with it. The page says the same
    whether or not an account exists, and whether or not a limit on reset mails held the mail back
    (accounts.services.password_reset_mail_permit; the view sets `client_ip`)."""

    client_ip: str | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("E-mailadres")
        self.fields["email"].free_text = False

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        if not password_reset_mail_permit(user=context["user"], client_ip=self.client_ip):
            return  # over a limit: audited, no mail, the same page
        super().send_mail(subject_template_name, email_template_name, context, from_email, to_email, **kwargs)


PASSWORD_HELP = _(
    "Minstens 12 tekens, geen veelgebruikt wachtwoord en niet te veel zoals uw naam. Een zin van een paar "
    "woorden is sterk en goed te onthouden."
)


class CodeForm(NLDesignFormMixin, forms.Form):
    """The code step after the password, and the confirmation of a new app."""

    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        help_text=_("De zes cijfers die uw app nu toont, of een van uw herstelcodes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false"}),
    )
    wrong = _("Deze code klopt niet. Gebruik de code die uw app nu toont, of een ongebruikte herstelcode.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[
            "code"
        ].free_text = False  # no de-identification suggestion (core/templatetags/freetext.py)


class EnrolCodeForm(CodeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = _("De zes cijfers die de app toont nadat u de QR-code heeft gescand.")
        self.fields["code"].widget.attrs["inputmode"] = "numeric"

    wrong = _("Deze code klopt niet. Staat de tijd op uw telefoon goed? Vul de code in die de app nu toont.")
