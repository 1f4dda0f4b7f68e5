"""'Mijn profiel' flows, the coordinator's pages, forms that keep input on errors, privacy between peers."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from ervaringswerk.core.models import ExperienceDomain
from ervaringswerk.core.tenancy import Role
from ervaringswerk.pool.constants import GoalStatus, PeerStatus, Visibility
from ervaringswerk.pool.models import DevelopmentGoal, LadderStep, PeerExperience, Training

from .factories import make_peer, own_peer

TODAY = timezone.localdate()


@pytest.fixture
def me(world):
    return own_peer(world)


@pytest.fixture
def peer_client(world, client_for, me):
    return client_for(world.a.users[Role.PEER_WORKER])


def test_details_are_saved_and_a_bad_email_keeps_the_input(world, peer_client, me):
    hood = world.a.neighbourhoods[0]
    data = {
        "email": "geen-email",
        "phone": "06-11111111",
        "languages": ["nl", "tr"],
        "kinds": ["group_activity"],
        "neighbourhoods": [str(hood.pk)],
        "register_status": "none",
        "cultural_background": "Mijn eigen woorden",
    }
    response = peer_client.post(reverse("pool:my_details"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "utrecht-alert--error" in page and 'value="geen-email"' in page and 'value="06-11111111"' in page
    me.refresh_from_db()
    assert me.phone == "" and me.languages == []
    response = peer_client.post(reverse("pool:my_details"), {**data, "email": "ik@example.invalid"})
    assert response.status_code == 302
    me.refresh_from_db()
    assert me.languages == ["nl", "tr"] and me.kinds == ["group_activity"]
    assert list(me.neighbourhoods.all()) == [hood] and me.cultural_background == "Mijn eigen woorden"


def test_neighbourhood_of_another_municipality_is_refused(world, peer_client, me):
    response = peer_client.post(
        reverse("pool:my_details"),
        {"register_status": "none", "neighbourhoods": [str(world.b.neighbourhoods[0].pk)]},
    )
    assert response.status_code == 200 and not me.neighbourhoods.exists()


def test_experience_form_sets_changes_and_removes_with_visibility(world, peer_client, me):
    url = reverse("pool:my_experience")
    peer_client.post(url, {"v_ggz": "matching", "d_ggz": "Mijn verhaal", "v_verslaving": "private"})
    assert dict(me.experiences.values_list("domain__slug", "visibility")) == {
        "ggz": "matching",
        "verslaving": "private",
    }
    response = peer_client.post(url, {"v_ggz": "", "d_ggz": "Tekst zonder keuze", "v_verslaving": "private"})
    assert response.status_code == 200
    assert (
        "Kies wie dit mag zien" in response.content.decode()
        and "Tekst zonder keuze" in response.content.decode()
    )
    assert me.experiences.count() == 2, "nothing changed on an invalid form"
    peer_client.post(url, {"v_ggz": "professionals", "d_ggz": "Mijn verhaal"})
    assert dict(me.experiences.values_list("domain__slug", "visibility")) == {"ggz": "professionals"}


def test_boundaries_keep_input_on_error_and_store_themes(world, peer_client, me):
    url = reverse("pool:my_boundaries")
    response = peer_client.post(url, {"available_days": ["zondag?"], "other_themes": "agressie"})
    assert response.status_code == 200 and 'value="agressie"' in response.content.decode()
    response = peer_client.post(
        url,
        {
            "available_days": ["mon", "fri"],
            "excluded_domains": ["huiselijk-geweld"],
            "other_themes": " Agressie ,  huisbezoek 's avonds",
            "prefers": ["group_work"],
        },
    )
    assert response.status_code == 302
    me.refresh_from_db()
    assert me.available_days == ["mon", "fri"]
    assert me.excluded_themes == ["huiselijk-geweld", "agressie", "huisbezoek 's avonds"]
    page = peer_client.get(url).content.decode()
    assert "agressie, huisbezoek" in page  # own words come back in the free-text field


def test_boundaries_page_cannot_change_agreed_hours_or_capacity(world, peer_client, me):
    """Regression (issue 12): agreed hours and capacity are the coordinator's; the page only shows them."""
    me.weekly_hours, me.max_residents = 8, 2
    me.save()
    url = reverse("pool:my_boundaries")
    page = peer_client.get(url).content.decode()
    assert 'name="weekly_hours"' not in page and 'name="max_residents"' not in page
    assert "Afgesproken met uw coördinator" in page
    response = peer_client.post(url, {"weekly_hours": "40", "max_residents": "50", "available_days": ["mon"]})
    assert response.status_code == 302
    me.refresh_from_db()
    assert (me.weekly_hours, me.max_residents) == (8, 2) and me.available_days == ["mon"]


def test_pause_set_refused_and_ended(world, peer_client, me):
    url = reverse("pool:my_pause")
    response = peer_client.post(
        url, {"pause_start": "2030-05-10", "pause_end": "2030-05-01", "pause_note": "Even rust"}
    )
    assert response.status_code == 200
    assert "eindigen vóór" in response.content.decode() and "Even rust" in response.content.decode()
    peer_client.post(url, {"pause_start": TODAY.isoformat(), "pause_end": ""})
    me.refresh_from_db()
    assert me.pause_start == TODAY and me.pause_end is None and me.is_paused_on(TODAY)
    peer_client.post(url, {"actie": "beeindigen"})
    me.refresh_from_db()
    assert me.pause_start is None and not me.is_paused_on(TODAY)


def test_growth_ladder_goals_trainings(world, peer_client, me):
    url = reverse("pool:my_growth")
    # A month ahead: inside the date window of core.dates, so the service's own rule answers.
    ahead = (TODAY + datetime.timedelta(days=30)).isoformat()
    response = peer_client.post(url, {"actie": "trede", "trede-rung": "4", "trede-date": ahead})
    assert "niet in de toekomst" in response.content.decode() and not LadderStep.objects.exists()
    peer_client.post(
        url, {"actie": "trede", "trede-rung": "4", "trede-date": "2024-05-01", "trede-note": "Start"}
    )
    peer_client.post(url, {"actie": "doel", "doel-title": "Training volgen", "doel-status": "planned"})
    peer_client.post(
        url, {"actie": "training", "training-name": "Basis", "training-completed_on": "2024-06-01"}
    )
    goal = DevelopmentGoal.objects.get()
    peer_client.post(url, {"actie": "doel-status", "id": str(goal.pk), "status": GoalStatus.ACHIEVED})
    goal.refresh_from_db()
    assert goal.status == GoalStatus.ACHIEVED and goal.achieved_on == TODAY
    page = peer_client.get(reverse("pool:my_profile")).content.decode()
    assert "4 Onbetaald werk" in page and "Doel bereikt: Training volgen" in page and "<svg" in page
    training = Training.objects.get()
    peer_client.post(url, {"actie": "training-weg", "id": str(training.pk)})
    assert not Training.objects.exists()


def test_a_peer_worker_cannot_touch_another_peers_growth(world, peer_client, me):
    other = make_peer(world.a)
    goal = DevelopmentGoal.objects.create(municipality=other.municipality, peer=other, title="Niet van mij")
    response = peer_client.post(
        reverse("pool:my_growth"), {"actie": "doel-status", "id": str(goal.pk), "status": "stopped"}
    )
    assert response.status_code == 404
    goal.refresh_from_db()
    assert goal.status == GoalStatus.PLANNED


def test_a_peer_worker_cannot_see_another_peers_profile_or_private_fields(world, client_for, api_client, me):
    other = make_peer(
        world.a,
        pause_note="geheime-notitie",
        experiences={"ggz": Visibility.MATCHING, "verslaving": "private"},
    )
    client = client_for(world.a.users[Role.PEER_WORKER])
    assert client.get(reverse("pool:detail", args=[other.pk])).status_code == 404
    api_client.force_authenticate(world.a.users[Role.PEER_WORKER])
    assert api_client.get(reverse("peer-worker-detail", args=[other.pk])).status_code == 404
    listing = api_client.get(reverse("peer-worker-list")).json()
    assert [p["id"] for p in listing["results"]] == [str(me.pk)]
    assert api_client.get(reverse("peer-experience-list")).json()["count"] == 0
    for experience in other.experiences.all():
        assert api_client.get(reverse("peer-experience-detail", args=[experience.pk])).status_code == 404
    assert (
        api_client.patch(
            reverse("peer-worker-detail", args=[other.pk]), {"weekly_hours": "1"}, format="json"
        ).status_code
        == 404
    )
    assert "geheime-notitie" not in client.get(reverse("pool:my_profile")).content.decode()


def test_coordinator_manages_status_with_dates(world, client_for):
    peer = make_peer(world.a, joined_on=datetime.date(2024, 1, 1))
    client = client_for(world.a.users[Role.COORDINATOR])
    url = reverse("pool:manage", args=[peer.pk])
    base = {
        "first_name": peer.first_name,
        "last_name": "Nieuw",
        "register_status": "none",
        "weekly_hours": "8",
        "max_residents": "2",
        "joined_on": "2024-01-01",
    }
    response = client.post(url, {**base, "status": "left", "left_on": "2023-01-01"})
    assert response.status_code == 200 and "vóór de startdatum" in response.content.decode()
    assert 'value="Nieuw"' in response.content.decode()
    response = client.post(url, {**base, "status": "left"})
    assert response.status_code == 302
    peer.refresh_from_db()
    assert peer.status == PeerStatus.LEFT and peer.left_on == TODAY and peer.status_since == TODAY
    assert peer.last_name == "Nieuw"


def test_my_profile_without_a_linked_profile_explains(world, client_for):
    response = client_for(world.a.users[Role.PEER_WORKER]).get(reverse("pool:my_profile"))
    assert response.status_code == 200 and "nog geen profiel" in response.content.decode()
    assert client_for(world.a.users[Role.PEER_WORKER]).get(reverse("pool:my_details")).status_code == 404


def test_my_work_panel_shows_completeness_pause_and_check_in(world, peer_client, me):
    page = peer_client.get(reverse("core:my_work")).content.decode()
    assert "compleet" in page and reverse("pool:my_check_in") in page and "Even pauze nemen" in page
    me.pause_start = TODAY
    me.save()
    page = peer_client.get(reverse("core:my_work")).content.decode()
    assert "U heeft pauze" in page and "zonder einddatum" in page


def test_completeness_counts_what_is_filled_in(world, me):
    from ervaringswerk.pool.selectors import profile_completeness

    assert profile_completeness(peer=me).percent == 0
    me.email, me.languages, me.kinds = "a@example.invalid", ["nl"], ["group_activity"]
    me.save()
    PeerExperience.objects.create(
        municipality=me.municipality,
        peer=me,
        domain=ExperienceDomain.objects.filter(municipality=me.municipality)[0],
    )
    result = profile_completeness(peer=me)
    assert result.percent == 50 and len(result.missing) == 4


def test_own_data_download_has_everything_and_is_audited(world, peer_client, me):
    from ervaringswerk.audit.models import AuditAction, AuditEvent

    from .factories import make_check_in

    make_check_in(me, note="alleen voor mij")
    PeerExperience.objects.create(
        municipality=me.municipality,
        peer=me,
        domain=ExperienceDomain.objects.get(municipality=me.municipality, slug="ggz"),
        visibility=Visibility.PRIVATE,
        description="privé verhaal",
    )
    response = peer_client.get(reverse("privacy:my_export"))
    data = response.json()
    assert data["profile"]["first_name"] == me.first_name
    assert data["experiences"][0]["description"] == "privé verhaal"
    assert data["check_ins"][0]["note"] == "alleen voor mij"
    assert AuditEvent.objects.filter(
        action=AuditAction.EXPORT, actor=world.a.users[Role.PEER_WORKER]
    ).exists()


def test_coordinator_adds_a_peer_worker_and_links_their_login(world, client_for):
    client = client_for(world.a.users[Role.COORDINATOR])
    login = world.a.users[Role.PEER_WORKER]
    form = client.get(reverse("pool:create")).content.decode()
    assert login.username in form or str(login) in form  # offered: a peer-worker member without a profile
    base = {
        "first_name": "Nieuwe",
        "last_name": "Collega",
        "status": "active",
        "register_status": "none",
        "weekly_hours": "8",
        "max_residents": "2",
    }
    professional = world.a.users[Role.PROFESSIONAL]
    refused = client.post(reverse("pool:create"), {**base, "user": str(professional.pk)})
    assert refused.status_code == 200 and 'value="Collega"' in refused.content.decode()
    response = client.post(reverse("pool:create"), {**base, "user": str(login.pk)})
    assert response.status_code == 302
    peer = login.peer_worker
    assert peer.organisation == world.a.organisations["pool"] and peer.status_since == TODAY
    page = client_for(login).get(reverse("pool:my_profile")).content.decode()
    assert "compleet" in page
    again = client_for(world.a.users[Role.COORDINATOR]).get(reverse("pool:create")).content.decode()
    assert f'value="{login.pk}"' not in again  # a login has at most one profile


def test_linking_a_login_is_checked_in_the_service(world):
    from django.core.exceptions import ValidationError

    from ervaringswerk.pool.services import peer_worker_create

    with pytest.raises(ValidationError):
        peer_worker_create(
            organisation=world.a.organisations["pool"],
            first_name="X",
            last_name="Y",
            user=world.b.users[Role.PEER_WORKER],
        )
