"""Issue 18: the "(niet verplicht)" after an optional label is translated, not a hard-coded default."""

from django import forms
from django.template.loader import render_to_string
from django.utils import translation

from ervaringswerk.core.forms import Form


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


class _Required(Form):
    note = forms.CharField(label="Bericht", help_text="Kort.")


def test_the_error_summary_links_to_each_field_with_an_error():
    form = _Required(data={"note": ""})
    assert not form.is_valid()
    html = render_to_string("includes/form_errors.html", {"form": form})
    assert '<a class="utrecht-link" href="#id_note">Bericht</a>' in html


def test_a_form_with_its_own_ids_points_aria_describedby_at_its_own_help_and_error():
    """Two forms on one page (the offer's accept and decline) keep their ids apart, and so do the
    references from the field to its help text and error message."""
    form = _Required(data={"note": ""}, auto_id="id_accept_%s")
    assert not form.is_valid()
    html = render_to_string("includes/form_field.html", {"field": form["note"]})
    assert 'id="id_accept_note"' in html
    assert 'aria-describedby="id_accept_note_helptext id_accept_note_error"' in html
    assert 'id="id_accept_note_helptext"' in html and 'id="id_accept_note_error"' in html
