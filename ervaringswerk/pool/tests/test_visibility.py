"""Each disclosure level, proven on every output path: profile page, overview/filter, API and export."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ervaringswerk.accounts.viewer import viewer_for
from ervaringswerk.audit.models import AuditAction, AuditEvent
from ervaringswerk.core.tenancy import Role
from ervaringswerk.organisations.models import OrganisationKind
from ervaringswerk.organisations.services import organisation_create
from ervaringswerk.pool.constants import Visibility
from ervaringswerk.pool.selectors import visible_experiences
from ervaringswerk.pool.visibility import ExperienceContext, experience_levels

from .factories import make_peer, own_peer

# One domain per level; each text is unique so we can look for it anywhere.
LEVELS = {
    "ggz": Visibility.PRIVATE,
    "verslaving": Visibility.COORDINATOR,
    "armoede-schulden": Visibility.MATCHING,
    "dakloosheid": Visibility.PROFESSIONALS,
}
TEXT = {level: f"Eigen woorden over {slug} ({level})" for slug, level in LEVELS.items()}
NAME = {
    Visibility.PRIVATE: "Psychische problemen (GGZ)",
    Visibility.COORDINATOR: "Verslaving",
    Visibility.MATCHING: "Armoede en schulden",
    Visibility.PROFESSIONALS: "Dak- en thuisloosheid",
}

# What each viewer sees on a profile page / API read, in search and in an export.
COORDINATOR_SEES = {Visibility.COORDINATOR, Visibility.MATCHING, Visibility.PROFESSIONALS}
RELEASED = {Visibility.MATCHING, Visibility.PROFESSIONALS}


@pytest.fixture
def peer(world):
    return own_peer(world, experiences=LEVELS)


def _assert_levels(content: str, expected: set) -> None:
    for level in Visibility.values:
        if level in expected:
            assert TEXT[level] in content, f"{level} should be visible"
        else:
            assert TEXT[level] not in content, f"{level} leaked"


# --- the rule itself --------------------------------------------------------------------------------------


def test_the_rule_table(world, peer):
    coordinator = viewer_for(world.a.users[Role.COORDINATOR])
    me = viewer_for(world.a.users[Role.PEER_WORKER])
    professional = viewer_for(world.a.users[Role.PROFESSIONAL])
    other_coordinator = viewer_for(world.b.users[Role.COORDINATOR])
    P = ExperienceContext.PROFILE
    assert experience_levels(viewer=me, peer=peer, context=P) == set(Visibility.values)
    assert experience_levels(viewer=coordinator, peer=peer, context=P) == COORDINATOR_SEES
    assert experience_levels(viewer=coordinator, peer=peer, context=ExperienceContext.SEARCH) == RELEASED
    assert experience_levels(viewer=coordinator, peer=peer, context=ExperienceContext.EXPORT) == RELEASED
    assert experience_levels(viewer=professional, peer=peer, context=P) == set()
    assert experience_levels(viewer=professional, peer=peer, context=ExperienceContext.OFFER) == {
        Visibility.PROFESSIONALS
    }
    assert experience_levels(viewer=other_coordinator, peer=peer, context=P) == set()
    assert experience_levels(viewer=None, context=ExperienceContext.MATCHING) == RELEASED


def test_professional_with_an_offer_sees_only_the_professionals_level(world, peer):
    professional = viewer_for(world.a.users[Role.PROFESSIONAL])
    seen = visible_experiences(viewer=professional, peer=peer, context=ExperienceContext.OFFER)
    assert [e.visibility for e in seen] == [Visibility.PROFESSIONALS]
    assert visible_experiences(viewer=professional, peer=peer, context=ExperienceContext.PROFILE) == []


def test_coordinator_of_another_pool_organisation_sees_nothing(world, peer):
    inloop = organisation_create(
        municipality=world.a.municipality, name="Inloop Aastad", kind=OrganisationKind.PEER_INITIATIVE
    )
    from ervaringswerk.accounts.services import membership_create, user_create

    other = user_create(username="coord.inloop", password=None)
    membership_create(user=other, organisation=inloop, role=Role.COORDINATOR)
    viewer = viewer_for(other)
    assert visible_experiences(viewer=viewer, peer=peer, context=ExperienceContext.PROFILE) == []


# --- pages ------------------------------------------------------------------------------------------------


def test_profile_page_per_level(world, client_for, peer):
    coordinator_page = client_for(world.a.users[Role.COORDINATOR]).get(reverse("pool:detail", args=[peer.pk]))
    _assert_levels(coordinator_page.content.decode(), COORDINATOR_SEES)
    own_page = client_for(world.a.users[Role.PEER_WORKER]).get(reverse("pool:detail", args=[peer.pk]))
    _assert_levels(own_page.content.decode(), set(Visibility.values))
    my_profile = client_for(world.a.users[Role.PEER_WORKER]).get(reverse("pool:my_profile"))
    _assert_levels(my_profile.content.decode(), set(Visibility.values))


def test_overview_shows_and_filters_only_released_experience(world, client_for, peer):
    client = client_for(world.a.users[Role.COORDINATOR])
    page = client.get(reverse("pool:overview")).content.decode()
    for level, name in NAME.items():
        assert (name in page.split("<tbody")[1]) == (level in RELEASED), level
    for slug, level in LEVELS.items():
        found = client.get(reverse("pool:overview"), {"domein": slug}).context["data"].found
        assert found == (1 if level in RELEASED else 0), f"filter on {slug} ({level})"


def test_gender_and_background_only_for_the_peer_worker_themself(world, client_for, peer):
    peer.gender, peer.cultural_background = "woman", "Eigen-achtergrond-tekst"
    peer.save()
    coordinator_page = client_for(world.a.users[Role.COORDINATOR]).get(reverse("pool:detail", args=[peer.pk]))
    assert "Eigen-achtergrond-tekst" not in coordinator_page.content.decode()
    own_page = client_for(world.a.users[Role.PEER_WORKER]).get(reverse("pool:detail", args=[peer.pk]))
    assert "Eigen-achtergrond-tekst" in own_page.content.decode()


# --- API --------------------------------------------------------------------------------------------------


def _api_texts(api_client, user, url):
    api_client.force_authenticate(user)
    response = api_client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_api_per_level(world, api_client, peer):
    detail = reverse("peer-worker-detail", args=[peer.pk])
    listing = reverse("peer-experience-list")
    coordinator, me = world.a.users[Role.COORDINATOR], world.a.users[Role.PEER_WORKER]
    _assert_levels(_api_texts(api_client, coordinator, detail), COORDINATOR_SEES)
    _assert_levels(_api_texts(api_client, coordinator, reverse("peer-worker-list")), COORDINATOR_SEES)
    _assert_levels(_api_texts(api_client, coordinator, listing), COORDINATOR_SEES)
    _assert_levels(_api_texts(api_client, me, detail), set(Visibility.values))
    _assert_levels(_api_texts(api_client, me, listing), set(Visibility.values))
    private = peer.experiences.get(visibility=Visibility.PRIVATE)
    api_client.force_authenticate(coordinator)
    assert api_client.get(reverse("peer-experience-detail", args=[private.pk])).status_code == 404


def test_api_domain_filter_uses_only_released_experience(world, api_client, peer):
    api_client.force_authenticate(world.a.users[Role.COORDINATOR])
    for slug, level in LEVELS.items():
        count = api_client.get(reverse("peer-worker-list"), {"domain": slug}).json()["count"]
        assert count == (1 if level in RELEASED else 0), slug


def test_api_hides_self_declared_fields_from_the_coordinator(world, api_client, peer):
    peer.gender = "woman"
    peer.save()
    url = reverse("peer-worker-detail", args=[peer.pk])
    api_client.force_authenticate(world.a.users[Role.COORDINATOR])
    assert "gender" not in api_client.get(url).json()
    api_client.force_authenticate(world.a.users[Role.PEER_WORKER])
    assert api_client.get(url).json()["gender"] == "woman"


# --- export -----------------------------------------------------------------------------------------------


def test_csv_export_carries_only_released_experience_and_is_audited(world, client_for, peer):
    response = client_for(world.a.users[Role.COORDINATOR]).get(reverse("pool:export"), {"formaat": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    domains = rows[1][rows[0].index("Ervaringsdomeinen (vrijgegeven voor matching)")]
    for level, name in NAME.items():
        assert (name in domains) == (level in RELEASED), level
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.actor == world.a.users[Role.COORDINATOR] and "CSV" in event.object_repr


def test_xlsx_export_carries_only_released_experience(world, client_for, peer):
    response = client_for(world.a.users[Role.COORDINATOR]).get(reverse("pool:export"), {"formaat": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    joined = " ".join(str(v) for v in values[1] if v is not None)
    for level, name in NAME.items():
        assert (name in joined) == (level in RELEASED), level
    assert "woman" not in joined and AuditEvent.objects.filter(action=AuditAction.EXPORT).count() == 1


def test_export_defuses_spreadsheet_formulas(world, client_for):
    make_peer(world.a, first_name="=HYPERLINK(1)", last_name="Test")
    response = client_for(world.a.users[Role.COORDINATOR]).get(reverse("pool:export"), {"formaat": "csv"})
    assert "'=HYPERLINK(1)" in response.content.decode("utf-8-sig")
