from django import forms
from django.utils.translation import gettext_lazy as _

from ervaringswerk.core.forms import Form
from ervaringswerk.core.freetext import limit
from ervaringswerk.core.tenancy import Viewer

from .filters import DATE, default_period, programme_choices
from .models import EvaluationReport


class ReportForm(Form):
    programma = forms.ChoiceField(label=_("Programma"), required=False)
    van = forms.DateField(label=_("Van"), widget=DATE)
    tot = forms.DateField(label=_("Tot en met"), widget=DATE)
    wijk = forms.ChoiceField(label=_("Wijk"), required=False)
    doelen = forms.CharField(
        label=_("Doelen van het programma"),
        required=False,
        max_length=limit(EvaluationReport, "aims"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Leeg laten: de omschrijving van het programma wordt gebruikt."),
    )
    lessen = forms.CharField(
        label=_("Aanvullende lessen"),
        required=False,
        max_length=limit(EvaluationReport, "lessons"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Eén les per regel. Lessen uit de verslagen van leerbijeenkomsten komen er vanzelf bij."),
    )

    def __init__(self, *args, viewer: Viewer, **kwargs):
        start, end = default_period()
        kwargs.setdefault("initial", {"van": start, "tot": end})
        super().__init__(*args, **kwargs)
        from ervaringswerk.core.selectors import neighbourhood_list

        self.neighbourhoods = {str(n.pk): n for n in neighbourhood_list(viewer=viewer)}
        self.fields["wijk"].choices = [("", _("Alle wijken"))] + [
            (k, n.name) for k, n in self.neighbourhoods.items()
        ]
        self.fields["programma"].choices = programme_choices(viewer)

    def clean(self):
        data = super().clean()
        if data.get("van") and data.get("tot") and data["van"] > data["tot"]:
            self.add_error("tot", _("De einddatum ligt vóór de begindatum."))
        return data
