"""`{% deid_suggestion field as suggestion %}`: for a free-text field that was refused because it holds
personal data, what was found and the de-identified version the page offers to accept in one click."""

from django import forms, template

from ervaringswerk.core.freetext import KIND_LABELS, deidentify, find_personal_data

register = template.Library()

# Longer than any free-text field may be (the longest limit is 5,000): not worth de-identifying.
MAX_CHECKED = 10_000


@register.simple_tag
def deid_suggestion(field):
    if not field.errors:
        return None  # only refused text is checked again: a clean form costs nothing here
    if isinstance(field.field.widget, forms.PasswordInput) or not getattr(field.field, "free_text", True):
        # A password, a one-time code, an e-mail address: never echoed back, never worth de-identifying.
        return None
    value = field.value()
    if not isinstance(value, str) or not value.strip():
        return None
    maximum = getattr(field.field, "max_length", None) or MAX_CHECKED
    if len(value) > min(maximum, MAX_CHECKED):
        return None  # refused for its length: the check never runs over text it would not store
    spans = find_personal_data(value)
    if not spans:
        return None
    return {
        "text": deidentify(value, spans),
        "found": [{"text": span.text, "label": KIND_LABELS[span.kind]} for span in spans],
    }
