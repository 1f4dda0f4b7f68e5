from django import forms
from django.utils.translation import gettext_lazy as _

from ervaringswerk.core.forms import Form

from .models import EventKind


class SubscriptionForm(Form):
    name = forms.CharField(
        label=_("Naam"), max_length=100, help_text=_("Welk systeem luistert, bijvoorbeeld 'Zaaksysteem'.")
    )
    url = forms.URLField(
        label=_("Adres (URL)"),
        max_length=500,
        assume_scheme="https",
        help_text=_("Het https-adres waar het systeem de gebeurtenissen ontvangt; een openbaar adres."),
    )
    kinds = forms.MultipleChoiceField(
        label=_("Gebeurtenissen"), choices=EventKind.choices, widget=forms.CheckboxSelectMultiple
    )
    is_active = forms.BooleanField(label=_("Actief: gebeurtenissen versturen"), required=False, initial=True)
