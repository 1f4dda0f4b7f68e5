"""Issue 18: the "(niet verplicht)" after an optional label is translated, not a hard-coded default."""

from django import forms
from django.template.loader import render_to_string
from django.utils import translation


class _Form(forms.Form):
    remark = forms.CharField(label="Opmerking", required=False)


def test_an_optional_label_says_optional_in_english_and_niet_verplicht_in_dutch():
    field = _Form()["remark"]
    with translation.override("en"):
        english = render_to_string("includes/form_field.html", {"field": field})
    with translation.override("nl"):
        dutch = render_to_string("includes/form_field.html", {"field": field})
    assert "(optional)" in english
    assert "niet verplicht" not in english
    assert "(niet verplicht)" in dutch


def test_a_page_may_still_name_its_own_optional_label():
    html = render_to_string(
        "includes/form_field.html", {"field": _Form()["remark"], "optional_label": "mag leeg"}
    )
    assert "(mag leeg)" in html
