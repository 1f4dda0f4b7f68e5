"""Issue 18: the menu shows each role what that role uses, and never a page that answers 403 or 404."""

import pytest

from ervaringswerk.core.tenancy import Role

pytestmark = pytest.mark.django_db


def _menu(client_for, user):
    response = client_for(user).get("/")
    if response.status_code == 302:
        response = client_for(user).get(response["Location"])
    assert response.status_code == 200
    return {item["label"]: item["url"] for item in response.context["nav_items"]}


def test_a_peer_workers_menu_leaves_out_what_peer_workers_do_not_use(world, client_for):
    menu = _menu(client_for, world.a.users[Role.PEER_WORKER])
    assert {"Mijn werk", "Mijn profiel", "Mijn uren"} <= set(menu)
    assert not {"API-token", "Organisaties", "Trajecten", "Functieplaatsen"} & set(menu)


@pytest.mark.parametrize("column", [*Role.values, "platform_admin"])
def test_every_menu_entry_opens_for_the_role_that_sees_it(world, client_for, column):
    user = world.user(column)
    menu = _menu(client_for, user)
    assert menu, f"{column} has no menu"
    for label, url in menu.items():
        assert client_for(user).get(url).status_code == 200, f"{column}: menu entry {label} ({url})"


def test_only_the_closest_menu_entry_is_the_current_page(world, client_for):
    """`/verzoeken/inzet/` marked both "Verzoeken" (/verzoeken/) and "Inzet" (/verzoeken/inzet/) with
    aria-current="page": a screen reader announced two current pages. The longest matching entry wins."""
    client = client_for(world.a.users[Role.COORDINATOR])
    response = client.get("/verzoeken/inzet/")
    assert response.status_code == 200
    current = [item["label"] for item in response.context["nav_items"] if item["current"]]
    assert current == ["Inzet"], current
    assert response.content.decode().count('aria-current="page"') == 1
    current = [item["label"] for item in client.get("/verzoeken/").context["nav_items"] if item["current"]]
    assert current == ["Verzoeken"], current
