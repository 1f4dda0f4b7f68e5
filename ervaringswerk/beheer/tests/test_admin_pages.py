"""The platform administrator's admin pages: Dutch, and pickers limited to the municipality being edited."""

import pytest
from django.urls import reverse

from ervaringswerk.accounts.models import Membership
from ervaringswerk.core.tenancy import Role

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


# --- every admin page of ours: Dutch names, and scoped pickers ------------------------------------


def _our_admins():
    from django.contrib import admin

    return [
        (model, ma)
        for model, ma in admin.site._registry.items()
        if model.__module__.startswith("ervaringswerk.")
    ]


def test_every_admin_page_of_ours_has_dutch_names_for_app_model_fields_and_columns(world, rf):
    """Nothing the platform administrator reads comes from an English default: the app name, the model
    names, every form label and every list column is a Dutch source string marked for translation."""
    from django.apps import apps
    from django.contrib.admin.utils import label_for_field
    from django.utils.functional import Promise

    request = rf.get("/admin/")
    request.user = world.platform_admin
    untranslated = []
    for model, model_admin in _our_admins():
        meta = model._meta
        for what, value in [
            ("app", apps.get_app_config(meta.app_label).verbose_name),
            ("verbose_name", meta.verbose_name),
            ("verbose_name_plural", meta.verbose_name_plural),
        ]:
            if not isinstance(value, Promise):
                untranslated.append(f"{meta.label} {what}: {value}")
        for name, field in model_admin.get_form(request)().fields.items():
            if not isinstance(field.label, Promise):
                untranslated.append(f"{meta.label} form field {name}: {field.label}")
        for column in model_admin.get_list_display(request):
            if column == "__str__":
                continue
            if not isinstance(label_for_field(column, model, model_admin), Promise):
                untranslated.append(f"{meta.label} column {column}")
    assert untranslated == []


def test_every_tenant_admin_limits_its_pickers_to_the_municipality(world):
    """An admin of a tenant row that points at other tenant rows offers only that municipality's rows."""
    from ervaringswerk.core.admin import TenantScopedAdminMixin
    from ervaringswerk.core.models import TenantModel

    unscoped = []
    for model, model_admin in _our_admins():
        if not issubclass(model, TenantModel):
            continue
        pickers = [
            f.name
            for f in model._meta.get_fields()
            if (f.many_to_one or f.many_to_many)
            and not f.auto_created
            and f.name != "municipality"
            and issubclass(f.related_model, TenantModel)
        ]
        if pickers and not isinstance(model_admin, TenantScopedAdminMixin):
            unscoped.append(f"{model._meta.label}: {pickers}")
    assert unscoped == []


def test_admin_index_and_lists_are_dutch(world, client_for):
    client = client_for(world.platform_admin)
    index = client.get(reverse("admin:index")).content.decode()
    assert 'lang="nl"' in index
    for name in ["Gemeenten en referentiegegevens", "Gebruikers en rollen", "Organisaties", "Auditlog"]:
        assert name in index, name
    memberships = client.get(reverse("admin:accounts_membership_changelist")).content.decode()
    assert "Gebruiker" in memberships and "Organisatie" in memberships
    membership = Membership.objects.get(user=world.a.users[Role.PROFESSIONAL])
    change = client.get(reverse("admin:accounts_membership_change", args=[membership.pk])).content.decode()
    assert ">Gebruiker" in change and ">Organisatie" in change
    retention = client.get(reverse("admin:privacy_retentionpolicy_changelist")).content.decode()
    assert "Bewaartermijnen" in retention or "bewaartermijnen" in retention


def test_the_lockout_pages_of_django_axes_are_in_dutch_too(world, client_for):
    """django-axes ships no Dutch; its admin (the platform administrator's lockout overview) reads Dutch
    from our own catalogue (locale/nl), names and columns alike."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.utils import translation

    with translation.override("nl"):
        names = {str(m._meta.verbose_name_plural) for m in (AccessAttempt, AccessLog, AccessFailureLog)}
        assert names == {"inlogpogingen", "inloglogboek", "mislukte inlogpogingen"}
        labels = {str(f.verbose_name) for f in AccessAttempt._meta.get_fields() if hasattr(f, "verbose_name")}
        assert {"Browser (user agent)", "IP-adres", "Gebruikersnaam", "Mislukte inlogpogingen"} <= labels
    page = (
        client_for(world.platform_admin).get(reverse("admin:axes_accessattempt_changelist")).content.decode()
    )
    assert "inlogpogingen" in page.lower() and "access attempt" not in page.lower()
