from django import forms
from django.utils.translation import gettext_lazy as _

from ervaringswerk.outcomes.constants import AgreementScale, ExperienceItem

from .services import MAX_LINKS

# Short answer words next to the pictograms (B1): the number is shown too, for the dashboard's scale.
ANSWERS = [
    (1, _("Helemaal niet")),
    (2, _("Niet")),
    (3, _("Een beetje")),
    (4, _("Wel")),
    (5, _("Helemaal wel")),
]


class AnswerForm(forms.Form):
    """Six statements on a 5-point scale; every one may be skipped (but not all)."""

    taal = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for item in ExperienceItem:
            self.fields[item.value] = forms.TypedChoiceField(
                label=item.label,
                choices=ANSWERS,
                coerce=int,
                required=False,
                empty_value=None,
                widget=forms.RadioSelect,
            )

    def questions(self):
        return [self[item.value] for item in ExperienceItem]


class ActivityHandoutForm(forms.Form):
    count = forms.IntegerField(
        label=_("Aantal uitnodigingen (één per bewoner)"),
        min_value=1,
        max_value=MAX_LINKS,
        initial=1,
        error_messages={
            "min_value": _("Kies minstens 1 uitnodiging."),
            "max_value": _("Kies hoogstens %(limit_value)s uitnodigingen tegelijk."),
            "invalid": _("Vul een heel getal in."),
            "required": _("Vul in hoeveel uitnodigingen u wilt maken."),
        },
    )


assert [v for v, _label in ANSWERS] == list(AgreementScale.values)  # noqa: S101 - one scale, checked on import
