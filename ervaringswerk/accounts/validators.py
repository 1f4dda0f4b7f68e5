"""Password validators whose messages are ours: Django 5.2 changed the minimum-length message, and its
Dutch catalogue still has the old text, so the refusal came out in English."""

from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return ngettext(
            "Dit wachtwoord is te kort: het moet minstens %(min_length)d teken hebben.",
            "Dit wachtwoord is te kort: het moet minstens %(min_length)d tekens hebben.",
            self.min_length,
        ) % {"min_length": self.min_length}
