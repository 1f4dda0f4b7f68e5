"""Issue 18: on "Mijn uren" nothing that decides money is folded away: the partner (who is billed), the
assignment and the activity are in the open, not in a collapsed <details>."""

import re

import pytest
from django.urls import reverse

from ervaringswerk.core.tenancy import Role

from .factories import peer_for

pytestmark = pytest.mark.django_db


def test_the_partner_choice_is_never_inside_a_collapsed_section(world, client_for):
    peer_for(world.a)
    html = client_for(world.a.users[Role.PEER_WORKER]).get(reverse("hours:my_hours")).content.decode()
    assert 'name="partner"' in html
    for folded in re.findall(r"<details(?![^>]*\bopen\b).*?</details>", html, flags=re.S):
        assert not re.search(r'name="(partner|assignment|activity)"', folded), folded[:200]
