"""The dashboard's filters: period, programme, neighbourhood. Parsed once, used by every aggregate."""

import calendar
import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ervaringswerk.core.forms import Form
from ervaringswerk.core.tenancy import Viewer
from ervaringswerk.organisations.models import Programme

from .suppression import Audience, audience_for, threshold

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def programme_choices(viewer: Viewer) -> list[tuple[str, str]]:
    """The programme filter's options: every programme of the viewer's municipality."""
    return [("", _("Alle programma's"))] + [
        (str(p.pk), str(p)) for p in Programme.objects.filter(municipality_id=viewer.municipality_id)
    ]


@dataclass(frozen=True)
class Filters:
    start: datetime.date
    end: datetime.date
    programme_id: object = None
    neighbourhood_id: object = None
    # who reads the figures (suppression.rule_for); the strict rule unless a caller says otherwise
    audience: str = Audience.PUBLIC
    # the small-number threshold in force: the municipality's when stricter than the platform's
    # (suppression.threshold(municipality)); None: the platform's
    threshold: int | None = None

    def months(self) -> list[tuple[datetime.date, datetime.date]]:
        result = []
        year, month = self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            first = datetime.date(year, month, 1)
            last = datetime.date(year, month, calendar.monthrange(year, month)[1])
            result.append((max(first, self.start), min(last, self.end)))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return result

    def as_query_string(self) -> str:
        """The filters as a URL query string, for the export and open-data links."""
        return urlencode(self.as_query())

    def as_query(self) -> dict:
        query = {"van": self.start.isoformat(), "tot": self.end.isoformat()}
        if self.programme_id:
            query["programma"] = str(self.programme_id)
        if self.neighbourhood_id:
            query["wijk"] = str(self.neighbourhood_id)
        return query


def default_period() -> tuple[datetime.date, datetime.date]:
    """The last twelve calendar months, this month included."""
    today = timezone.localdate()
    index = today.year * 12 + today.month - 1 - 11
    return datetime.date(index // 12, index % 12 + 1, 1), today


class FilterForm(Form):
    van = forms.DateField(label=_("Van"), widget=DATE, required=False)
    tot = forms.DateField(label=_("Tot en met"), widget=DATE, required=False)
    programma = forms.ChoiceField(label=_("Programma"), required=False)
    wijk = forms.ChoiceField(label=_("Wijk"), required=False)

    def __init__(self, *args, viewer: Viewer, **kwargs):
        super().__init__(*args, **kwargs)
        from ervaringswerk.core.selectors import neighbourhood_list

        self.viewer = viewer
        self.fields["wijk"].choices = [("", _("Alle wijken"))] + [
            (str(n.pk), n.name) for n in neighbourhood_list(viewer=viewer)
        ]
        self.fields["programma"].choices = programme_choices(viewer)

    def clean(self):
        data = super().clean()
        start, end = data.get("van"), data.get("tot")
        # One end given, the other is the default period's: `tot` alone before the default start (or `van`
        # alone after the default end) would be an empty period (a 500 before; found by Schemathesis).
        default_start, default_end = default_period()
        if (start or end) and (start or default_start) > (end or default_end):
            self.add_error("tot" if end else "van", _("De einddatum ligt vóór de begindatum."))
        if start and end and (end - start).days > 366 * 5:
            self.add_error("van", _("Kies een periode van hoogstens vijf jaar."))
        return data

    def filters(self) -> Filters:
        start, end = default_period()
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return Filters(
            start=data.get("van") or start,
            end=data.get("tot") or end,
            programme_id=data.get("programma") or None,
            neighbourhood_id=data.get("wijk") or None,
            audience=audience_for(self.viewer),
            threshold=threshold(getattr(self.viewer, "municipality", None)),
        )
