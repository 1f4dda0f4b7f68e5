"""The platform administrator's admin pages: Dutch, and pickers limited to the municipality being edited."""

import pytest
from django.urls import reverse

from ervaringswerk.accounts.models import Membership, Role

pytestmark = pytest.mark.django_db


def test_organisation_change_page_offers_only_its_own_neighbourhoods(world, client_for):
    client = client_for(world.platform_admin)
    team = world.a.organisations["team"]
    page = client.get(reverse("admin:organisations_organisation_change", args=[team.pk])).content.decode()
    assert "Aastad-Noord" in page
    assert "Beedorp-Noord" not in page
    assert 'lang="nl"' in page and "organisatie wijzigen" in page


def test_organisation_save_mixing_municipalities_is_refused(world, client_for):
    client = client_for(world.platform_admin)
    response = client.post(
        reverse("admin:organisations_organisation_add"),
        {
            "municipality": world.a.municipality.pk,
            "name": "Gemengd team",
            "kind": "neighbourhood_team",
            "neighbourhoods": [world.b.neighbourhoods[0].pk],
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "dezelfde gemeente" in response.content.decode()


def test_membership_change_page_offers_only_that_municipalitys_organisations(world, client_for):
    client = client_for(world.platform_admin)
    membership = Membership.objects.get(user=world.a.users[Role.PROFESSIONAL])
    page = client.get(reverse("admin:accounts_membership_change", args=[membership.pk])).content.decode()
    assert "Wijkteam Aastad" in page and "Wijkteam Beedorp" not in page
