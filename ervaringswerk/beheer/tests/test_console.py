"""The municipal administrator's console: everything through services, scoped to their municipality."""

import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from ervaringswerk.accounts.models import Membership
from ervaringswerk.audit.models import AuditEvent
from ervaringswerk.core.models import ExperienceDomain, Municipality, Neighbourhood
from ervaringswerk.core.tenancy import Role
from ervaringswerk.organisations.models import Organisation, OrganisationKind

pytestmark = pytest.mark.django_db


# what the settings page posts for the retention terms when nobody changes them (privacy DEFAULT_TERMS)
RETENTION_DEFAULTS = {
    "bewaren-check_ins_months": "12",
    "bewaren-closed_trajectories_months": "24",
    "bewaren-departed_peer_workers_months": "24",
    "bewaren-hours_months": "84",
    "bewaren-audit_events_months": "60",
}


def _admin_client(world, client_for, tenant="a"):
    return client_for(getattr(world, tenant).users[Role.ADMINISTRATOR])


# --- new municipality ----------------------------------------------------------------------------


def test_platform_admin_creates_a_municipality_with_seeded_data(
    world, client_for, django_capture_on_commit_callbacks
):
    client = client_for(world.platform_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("beheer:municipality_create"),
            {
                "name": "Gemeente Zutphen",
                "cbs_code": "gm0301",
                "neighbourhoods": "WK030101 Binnenstad\nDe Hoven;WK030102\nNoorderhaven",
                "admin_first_name": "Zeynep",
                "admin_last_name": "Zandstra",
                "admin_email": "beheer@zutphen.example.org",
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    zutphen = Municipality.objects.get(cbs_code="GM0301")
    assert zutphen.name == "Zutphen"
    assert ExperienceDomain.objects.filter(municipality=zutphen, is_active=True).count() == 14
    assert dict(Neighbourhood.objects.filter(municipality=zutphen).values_list("name", "code")) == {
        "Binnenstad": "WK030101",
        "De Hoven": "WK030102",
        "Noorderhaven": "",
    }
    assert zutphen.default_max_residents > 0
    own = Organisation.objects.get(municipality=zutphen, kind=OrganisationKind.MUNICIPALITY)
    assert Membership.objects.filter(
        organisation=own, role=Role.ADMINISTRATOR, user__email="beheer@zutphen.example.org"
    )
    assert [m.to for m in mail.outbox] == [["beheer@zutphen.example.org"]]
    assert AuditEvent.objects.filter(object_type="core.municipality", municipality=zutphen).exists()


@pytest.mark.parametrize(
    ("code", "message"),
    [("0301", "GM met vier cijfers"), ("GM03011", "GM met vier cijfers"), ("GM0001", "al in gebruik")],
)
def test_cbs_code_is_validated_and_unique(world, client_for, code, message):
    client = client_for(world.platform_admin)
    data = {
        "name": "Zutphen",
        "cbs_code": code,
        "neighbourhoods": "Binnenstad",
        "admin_first_name": "Z",
        "admin_last_name": "Z",
        "admin_email": "z@example.org",
    }
    response = client.post(reverse("beheer:municipality_create"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert 'value="Zutphen"' in page  # what was typed stays
    assert not Municipality.objects.filter(name="Zutphen").exists()


def test_neighbourhoods_from_csv_and_bad_codes(world, client_for):
    client = client_for(world.platform_admin)
    base = {"name": "Zutphen", "cbs_code": "GM0301", "admin_first_name": "Z", "admin_last_name": "Z"}
    csv_file = io.BytesIO(b"naam;code\nBinnenstad;WK030101\nWarnsveld;WK999901\n")
    csv_file.name = "wijken.csv"
    response = client.post(
        reverse("beheer:municipality_create"),
        {**base, "admin_email": "z@example.org", "neighbourhoods_csv": csv_file},
    )
    assert response.status_code == 200
    assert "hoort niet bij gemeente GM0301" in response.content.decode()
    assert not Municipality.objects.filter(cbs_code="GM0301").exists()  # nothing half-written

    good = io.BytesIO(b"naam;code\nBinnenstad;WK030101\nWarnsveld;WK030102\n")
    good.name = "wijken.csv"
    response = client.post(
        reverse("beheer:municipality_create"),
        {**base, "admin_email": "z@example.org", "neighbourhoods_csv": good},
    )
    assert response.status_code == 302
    assert Neighbourhood.objects.filter(municipality__cbs_code="GM0301").count() == 2


def test_municipal_admin_cannot_create_a_municipality(world, client_for):
    response = _admin_client(world, client_for).get(reverse("beheer:municipality_create"))
    assert response.status_code == 403


def test_management_command(world, django_capture_on_commit_callbacks):
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "municipality_create",
            "Zutphen",
            "GM0301",
            "--wijken",
            "Binnenstad, De Hoven",
            "--beheerder",
            "beheer@zutphen.example.org",
            stdout=out,
        )
    zutphen = Municipality.objects.get(cbs_code="GM0301")
    assert ExperienceDomain.objects.filter(municipality=zutphen).count() == 14
    assert Neighbourhood.objects.filter(municipality=zutphen).count() == 2
    assert "2 wijken" in out.getvalue()
    assert [m.to for m in mail.outbox] == [["beheer@zutphen.example.org"]]


# --- scoping: another municipality's administrator sees and changes nothing ----------------------


def test_other_municipality_admin_sees_nothing_of_ours(world, client_for):
    client = _admin_client(world, client_for, "b")
    a = world.a
    membership = Membership.objects.get(user=a.users[Role.PROFESSIONAL])
    domain = ExperienceDomain.objects.filter(municipality=a.municipality).first()
    for path in [
        reverse("beheer:organisation_edit", args=[a.organisations["team"].pk]),
        reverse("beheer:neighbourhood_edit", args=[a.neighbourhoods[0].pk]),
        reverse("beheer:membership_edit", args=[membership.pk]),
        reverse("beheer:domain_edit", args=[domain.pk]),
    ]:
        assert client.get(path).status_code == 404, path
        assert (
            client.post(
                path, {"action": "deactivate", "name": "Overgenomen", "role": "administrator"}
            ).status_code
            == 404
        )
    for path in ["beheer:organisations", "beheer:neighbourhoods", "beheer:users", "beheer:domains"]:
        page = client.get(reverse(path)).content.decode()
        assert "Aastad" not in page, path
    membership.refresh_from_db()
    assert membership.is_active and membership.role == Role.PROFESSIONAL
    assert not Organisation.objects.filter(name="Overgenomen").exists()
    domain.refresh_from_db()
    assert domain.name != "Overgenomen"


def test_invite_picker_offers_only_own_organisations(world, client_for):
    client = _admin_client(world, client_for, "b")
    page = client.get(reverse("beheer:user_invite")).content.decode()
    assert "Wijkteam Beedorp" in page and "Wijkteam Aastad" not in page
    response = client.post(
        reverse("beheer:user_invite"),
        {
            "first_name": "X",
            "last_name": "Y",
            "email": "x@example.org",
            "organisation": world.a.organisations["team"].pk,
            "role": Role.PROFESSIONAL,
        },
    )
    assert response.status_code == 200
    assert not Membership.objects.filter(user__email="x@example.org").exists()


def test_organisation_picker_offers_only_own_neighbourhoods(world, client_for):
    client = _admin_client(world, client_for, "b")
    response = client.post(
        reverse("beheer:organisation_create"),
        {
            "name": "Buurtteam X",
            "kind": OrganisationKind.NEIGHBOURHOOD_TEAM,
            "neighbourhoods": [world.a.neighbourhoods[0].pk],
        },
    )
    assert response.status_code == 200
    assert not Organisation.objects.filter(name="Buurtteam X").exists()


# --- the console's tasks -------------------------------------------------------------------------


def test_admin_adds_and_edits_an_organisation_with_contact(world, client_for):
    client = _admin_client(world, client_for)
    response = client.post(
        reverse("beheer:organisation_create"),
        {
            "name": "Buurtteam Oost",
            "kind": OrganisationKind.NEIGHBOURHOOD_TEAM,
            "neighbourhoods": [world.a.neighbourhoods[1].pk],
            "contact_name": "Team Oost",
            "contact_email": "oost@example.org",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    org = Organisation.objects.get(name="Buurtteam Oost")
    assert org.municipality == world.a.municipality and org.contact_email == "oost@example.org"
    assert list(org.neighbourhoods.all()) == [world.a.neighbourhoods[1]]
    duplicate = client.post(
        reverse("beheer:organisation_create"), {"name": "Buurtteam Oost", "kind": OrganisationKind.WELFARE}
    )
    assert duplicate.status_code == 200 and 'value="Buurtteam Oost"' in duplicate.content.decode()
    edit = client.post(
        reverse("beheer:organisation_edit", args=[org.pk]),
        {
            "name": "Buurtteam Oost",
            "kind": OrganisationKind.NEIGHBOURHOOD_TEAM,
            "contact_phone": "0575-123456",
        },
    )
    assert edit.status_code == 302
    org.refresh_from_db()
    assert org.contact_phone == "0575-123456" and not org.is_active
    assert (
        AuditEvent.objects.filter(object_type="organisations.organisation", object_id=str(org.pk)).count()
        >= 2
    )


def test_admin_changes_role_deactivates_and_not_self(world, client_for):
    client = _admin_client(world, client_for)
    membership = Membership.objects.get(user=world.a.users[Role.PROFESSIONAL])
    client.post(
        reverse("beheer:membership_edit", args=[membership.pk]), {"action": "role", "role": Role.TEAM_LEAD}
    )
    membership.refresh_from_db()
    assert membership.role == Role.TEAM_LEAD
    client.post(reverse("beheer:membership_edit", args=[membership.pk]), {"action": "deactivate"})
    membership.refresh_from_db()
    assert not membership.is_active
    own = Membership.objects.get(user=world.a.users[Role.ADMINISTRATOR])
    response = client.post(reverse("beheer:membership_edit", args=[own.pk]), {"action": "deactivate"})
    assert "eigen toegang" in response.content.decode()
    own.refresh_from_db()
    assert own.is_active


def test_admin_adds_renames_and_retires_a_domain(world, client_for):
    client = _admin_client(world, client_for)
    client.post(reverse("beheer:domains"), {"name": "Schooluitval"})
    domain = ExperienceDomain.objects.get(municipality=world.a.municipality, name="Schooluitval")
    assert domain.slug == "schooluitval"
    client.post(
        reverse("beheer:domain_edit", args=[domain.pk]),
        {"action": "save", "name": "Voortijdig schoolverlaten"},
    )
    client.post(reverse("beheer:domain_edit", args=[domain.pk]), {"action": "retire"})
    domain.refresh_from_db()
    assert (
        domain.name == "Voortijdig schoolverlaten" and domain.slug == "schooluitval" and not domain.is_active
    )
    other = ExperienceDomain.objects.filter(municipality=world.b.municipality, slug="schooluitval")
    assert not other.exists()


def test_admin_sets_the_municipality_settings(world, client_for):
    client = _admin_client(world, client_for)
    response = client.post(
        reverse("beheer:settings"),
        {
            "activation_definition": "ladder_step",
            "small_number_threshold": "10",
            "default_max_residents": "4",
            "default_weekly_hours": "12.5",
            **RETENTION_DEFAULTS,
        },
    )
    assert response.status_code == 302
    m = Municipality.objects.get(pk=world.a.municipality.pk)
    assert (m.small_number_threshold, m.default_max_residents, str(m.default_weekly_hours)) == (10, 4, "12.5")
    from ervaringswerk.outcomes.selectors import outcome_settings_for

    assert outcome_settings_for(municipality=m).activation_definition == "ladder_step"
    assert AuditEvent.objects.filter(
        object_type="core.municipality", municipality=m, action="update"
    ).exists()
    bad = client.post(
        reverse("beheer:settings"), {"activation_definition": "x", "default_max_residents": "-1"}
    )
    assert bad.status_code == 200
    m.refresh_from_db()
    assert m.default_max_residents == 4


def test_neighbourhoods_pasted_in_the_console(world, client_for):
    client = _admin_client(world, client_for)
    client.post(reverse("beheer:neighbourhoods"), {"neighbourhoods": "Centrum\nHaven\n"})
    assert (
        Neighbourhood.objects.filter(municipality=world.a.municipality, name__in=["Centrum", "Haven"]).count()
        == 2
    )
    response = client.post(reverse("beheer:neighbourhoods"), {"neighbourhoods": "Centrum"})
    assert "bestaan al" in response.content.decode()


def test_checklist_on_the_admin_start_page_until_ready(world, client_for):
    client = _admin_client(world, client_for)
    page = client.get(reverse("core:admin_home")).content.decode()
    assert "Uw gemeente klaarzetten" in page
    assert "Eerste programma of contract" in page
