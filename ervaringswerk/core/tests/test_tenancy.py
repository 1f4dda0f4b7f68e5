import pytest
from django.apps import apps
from django.urls import reverse

from ervaringswerk.core.models import Municipality, TenantModel
from ervaringswerk.core.services import municipality_create
from ervaringswerk.core.tenancy import Role

# Tables that are not owned by one municipality, each for a stated reason.
NOT_TENANT_OWNED = {
    "core.Municipality": "is the tenant itself",
    "accounts.User": "a login; what it may see comes from its memberships, which are tenant-owned",
    "accounts.ApiToken": "belongs to a login (not tenant-owned); what it may see comes from the memberships",
    "accounts.RetiredApiTokenNotice": "a notice to a login that its old token was removed",
    "audit.AuditEvent": "has the municipality key, nullable only for platform-level events",
}


def test_every_domain_table_carries_the_municipality_key():
    offenders = []
    for model in apps.get_models():
        if not model.__module__.startswith("ervaringswerk.") or model._meta.auto_created:
            continue
        label = f"{model._meta.app_label}.{model.__name__}"
        if label in NOT_TENANT_OWNED:
            continue
        if not issubclass(model, TenantModel):
            offenders.append(label)
    assert not offenders, f"Domain models without the tenant key (derive from TenantModel): {offenders}"


def test_audit_event_has_municipality_key():
    from ervaringswerk.audit.models import AuditEvent

    assert AuditEvent._meta.get_field("municipality").related_model is Municipality


@pytest.mark.django_db
def test_new_municipality_gets_its_own_experience_domains():
    a = municipality_create(name="Aadorp", cbs_code="GM0101")
    b = municipality_create(name="Bedorp", cbs_code="GM0102")
    from ervaringswerk.core.models import ExperienceDomain

    assert ExperienceDomain.objects.filter(municipality=a).count() == 14
    renamed = ExperienceDomain.objects.get(municipality=a, slug="armoede-schulden")
    renamed.name = "Geldzorgen"
    renamed.save()
    assert ExperienceDomain.objects.get(municipality=b, slug="armoede-schulden").name == "Armoede en schulden"


@pytest.mark.django_db
def test_invalid_cbs_code_is_refused():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        municipality_create(name="Fout", cbs_code="0794")


def test_lists_never_show_another_municipality(world, client_for):
    client = client_for(world.a.users[Role.PROFESSIONAL])
    page = client.get(reverse("organisations:list")).content.decode()
    assert "Wijkteam Aastad" in page
    assert "Beedorp" not in page
    data = client.get(reverse("organisation-list")).json()
    names = {item["name"] for item in data["results"]}
    assert names == {"Gemeente Aastad", "Welzijn Aastad", "Wijkteam Aastad"}
    hoods = {item["name"] for item in client.get(reverse("neighbourhood-list")).json()["results"]}
    assert hoods == {"Aastad-Noord", "Aastad-Zuid"}


def test_another_municipalitys_ids_answer_404_everywhere(world, api_client):
    api_client.force_authenticate(world.a.users[Role.COORDINATOR])
    foreign = world.b.organisations["team"].pk
    response = api_client.get(reverse("organisation-detail", args=[foreign]))
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["status"] == 404
