"""The demo's preconditions round (issue 14.9): Utrecht, closed, one organisation above the threshold and
one below, the three statuses; loading twice adds nothing."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from ervaringswerk.accounts.models import User
from ervaringswerk.preconditions.models import AssessmentRound, PeerResponse

pytestmark = pytest.mark.django_db


def test_demo_round_shows_one_organisation_above_and_one_below_the_threshold(client, settings):
    settings.DEBUG = True
    call_command("load_demo", "--quiet-logins")
    call_command("load_demo", "--quiet-logins")
    round_ = AssessmentRound.objects.get()
    assert PeerResponse.objects.filter(round=round_).count() == 9  # idempotent: 6 + 3
    client.force_login(
        User.objects.get(username="policy.utrecht"), backend="django.contrib.auth.backends.ModelBackend"
    )
    page = client.get(reverse("preconditions:round_detail", args=[round_.pk]))
    results = {r.entry.organisation.name: r for r in page.context["results"]}
    shown = [name for name, r in results.items() if r.peers_shown]
    hidden = [
        name for name, r in results.items() if r.published and not r.peers_shown and r.respondents.suppressed
    ]
    assert len(shown) == 1 and results[shown[0]].respondents.value == 6
    assert len(hidden) == 3  # the walk-in (3 answers) and the two teams (no peer workers)
    assert {r.entry.status for r in results.values()} == {"submitted", "in_progress", "not_started"}
