"""The reset-mail limit per address holds when two requests for the same address arrive at once
(PostgreSQL: the second waits for the first one's lock on the address's accounts, then counts its mail)."""

import pytest

from ervaringswerk.accounts import services
from ervaringswerk.accounts.models import Role
from ervaringswerk.audit.models import AuditAction, AuditEvent
from ervaringswerk.core.races import race

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_reset_requests_at_once_cannot_both_use_the_last_mail(world, monkeypatch, settings):
    settings.EW_PASSWORD_RESET_MAILS_PER_ADDRESS = 1
    user = world.a.users[Role.COORDINATOR]
    user.email = "coordinator@example.nl"
    user.save()

    outcome = race(
        monkeypatch,
        module=services,
        pause_at="audit_recent_count",  # the first has counted and holds the lock, not yet recorded its mail
        first=lambda: services.password_reset_mail_permit(user=user, client_ip="198.51.100.1"),
        second=lambda: services.password_reset_mail_permit(user=user, client_ip="198.51.100.2"),
    )

    assert outcome.second_waited, "the second request did not wait for the first one's lock"
    assert outcome.results == {"first": True, "second": False}
    assert AuditEvent.objects.filter(action=AuditAction.PASSWORD_RESET_REQUESTED).count() == 1
    assert AuditEvent.objects.filter(action=AuditAction.PASSWORD_RESET_LIMITED).count() == 1
