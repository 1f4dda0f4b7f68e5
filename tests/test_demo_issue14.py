"""The demo tells the truth (issue 14, items 6, 7 and 12): the walk-in and the self-direction centre each
have their own coordinator login and pool and see only that pool; the self-direction centre supports
residents together with the neighbourhood team (duo assignments naming the team's professional); the
outcomes are a credible mix of improved, unchanged and worse."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from ervaringswerk.accounts.models import User
from ervaringswerk.core.demo import DEMO_PASSWORD
from ervaringswerk.deployment.models import Assignment, AssignmentStatus
from ervaringswerk.organisations.models import Organisation, OrganisationKind
from ervaringswerk.pool.models import PeerWorker

pytestmark = pytest.mark.django_db


def _api(username):
    client = APIClient()
    client.force_authenticate(User.objects.get(username=username))
    return client


def _names(client, url):
    rows, page = [], url
    while page:
        body = client.get(page).json()
        rows += body["results"]
        page = body.get("next")
    return rows


def test_the_walk_in_and_the_self_direction_centre_have_their_own_coordinator_and_pool(settings, client):
    settings.DEBUG = True
    out = StringIO()
    call_command("load_demo", stdout=out)
    printed = out.getvalue()
    assert DEMO_PASSWORD in printed
    for login, organisation in [
        ("coordinator.inloop", "Herstelinloop De Werkplaats"),
        ("coordinator.zelfregie", "Zelfregiecentrum De Wissel"),
    ]:
        line = next(line for line in printed.splitlines() if line.strip().startswith(login))
        assert "Coördinator" in line and organisation in line
        assert User.objects.get(username=login).check_password(DEMO_PASSWORD)

    inloop = Organisation.objects.get(name="Herstelinloop De Werkplaats")
    zrc = Organisation.objects.get(name="Zelfregiecentrum De Wissel")
    welzijn = Organisation.objects.get(name="Stichting Welzijn Domstad")
    assert (
        inloop.kind == OrganisationKind.PEER_INITIATIVE and zrc.kind == OrganisationKind.SELF_DIRECTION_CENTRE
    )
    for login, own in [
        ("coordinator.inloop", inloop),
        ("coordinator.zelfregie", zrc),
        ("coordinator.utrecht", welzijn),
    ]:
        seen = _names(_api(login), reverse("peer-worker-list"))
        expected = set(PeerWorker.objects.filter(organisation=own).values_list("id", flat=True))
        assert {row["id"] for row in seen} == {str(pk) for pk in expected}, login
        assert len(expected) >= 3
    assert {str(p) for p in PeerWorker.objects.filter(organisation=zrc)} == {
        "Sanne Hoekstra",
        "Karin Visser",
        "Youssef Amrani",
    }
    client.force_login(
        User.objects.get(username="coordinator.zelfregie"),
        backend="django.contrib.auth.backends.ModelBackend",
    )
    page = client.get(reverse("pool:overview")).content.decode()
    assert "Karin Visser" in page and "Dewi Kartosen" not in page and "Gerrit Dekker" not in page
    dewi = PeerWorker.objects.get(user__username="peer.utrecht")
    assert client.get(reverse("pool:detail", args=[dewi.pk])).status_code in (403, 404)

    # The self-direction centre works with the neighbourhood team: duo assignments naming its professional.
    duo = Assignment.objects.filter(peer__organisation=zrc)
    assert duo.count() == 2
    assert {a.request.organisation.name for a in duo} == {"Buurtteam Overvecht-Noordoost"}
    assert {a.supporting_professional.user.username for a in duo} == {
        "professional.utrecht",
        "teamlead.utrecht",
    }
    assert {a.deployment_form for a in duo} == {"neighbourhood_team"}
    assert {a.status for a in duo} == {AssignmentStatus.ACTIVE, AssignmentStatus.MATCHED}
    seen = _names(_api("coordinator.zelfregie"), reverse("assignment-list"))
    assert {row["id"] for row in seen} == {str(a.pk) for a in duo}
    team = {row["id"] for row in _names(_api("professional.utrecht"), reverse("assignment-list"))}
    assert {str(a.pk) for a in duo} <= team

    # Credible outcomes (issue 14.12): in the loaded demo no dimension improved for everyone, and each
    # instrument has residents who stayed the same and who got worse.
    from ervaringswerk.outcomes.models import OutcomeChange

    moves = {}
    for change in OutcomeChange.objects.filter(municipality__cbs_code="GM0794").exclude(
        instrument="experience"
    ):
        up, same, down = moves.setdefault((change.instrument, change.item), [0, 0, 0])
        delta = change.end_value - change.intake_value
        moves[(change.instrument, change.item)] = [up + (delta > 0), same + (delta == 0), down + (delta < 0)]
    assert len(moves) == 13 + 1 + 6
    assert all(up < up + same + down for up, same, down in moves.values())
    for instrument in ("zrm", "ladder", "positive_health"):
        rows = [counts for (i, _item), counts in moves.items() if i == instrument]
        assert sum(c[1] for c in rows) > 0 and sum(c[2] for c in rows) > 0, instrument
