from django import forms

from ervaringswerk.core.forms import WIDGET_CLASSES, Form

from .models import ALWAYS_EMAIL, NotificationKind


class PreferencesForm(Form):
    """One checkbox per kind: e-mail on or off. Invitations are always e-mailed (no checkbox)."""

    def __init__(self, *args, initial_prefs=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Fields are added after the mixin styled the (then empty) form, so they get their class here.
        for kind, label in NotificationKind.choices:
            if kind in ALWAYS_EMAIL:
                continue
            self.fields[kind] = forms.BooleanField(
                label=label,
                required=False,
                initial=(initial_prefs or {}).get(kind, True),
                widget=forms.CheckboxInput(attrs={"class": WIDGET_CLASSES[forms.CheckboxInput]}),
            )
