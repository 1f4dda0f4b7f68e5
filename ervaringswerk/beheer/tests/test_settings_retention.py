"""Retention terms on the municipality's settings page (/beheer/instellingen/): shown, changed through
privacy.services.retention_policy_update, audited, and refused in Dutch under the legal minimums."""

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ervaringswerk.accounts.viewer import viewer_for
from ervaringswerk.audit.models import AuditEvent
from ervaringswerk.core.tenancy import Role
from ervaringswerk.privacy.retention import policy_for, retention_run
from ervaringswerk.privacy.services import retention_policy_update

from .test_console import RETENTION_DEFAULTS

pytestmark = pytest.mark.django_db

RetentionPolicy = apps.get_model("privacy", "RetentionPolicy")


def _post(world, client_for, **retention):
    client = client_for(world.a.users[Role.ADMINISTRATOR])
    data = {
        "activation_definition": "recorded",
        "small_number_threshold": "",
        "default_max_residents": "3",
        "default_weekly_hours": "8",
        **RETENTION_DEFAULTS,
        **{f"bewaren-{k}": str(v) for k, v in retention.items()},
    }
    return client.post(reverse("beheer:settings"), data)


def test_settings_page_shows_the_terms_in_force(world, client_for):
    RetentionPolicy.objects.create(municipality=world.a.municipality, check_ins_months=18)
    page = client_for(world.a.users[Role.ADMINISTRATOR]).get(reverse("beheer:settings")).content.decode()
    assert "Bewaartermijnen" in page
    assert 'name="bewaren-check_ins_months" value="18"' in page
    assert 'name="bewaren-hours_months" value="84"' in page
    assert "fiscale bewaarplicht" in page


def test_admin_changes_a_term_and_it_is_audited_and_applied(world, client_for):
    response = _post(world, client_for, check_ins_months=36, closed_trajectories_months=30)
    assert response.status_code == 302
    policy = RetentionPolicy.objects.get(municipality=world.a.municipality)
    assert (policy.check_ins_months, policy.closed_trajectories_months, policy.hours_months) == (36, 30, 84)
    assert AuditEvent.objects.filter(
        object_type="privacy.retentionpolicy", municipality=world.a.municipality, action="create"
    ).exists()
    _post(world, client_for, check_ins_months=48, closed_trajectories_months=30)
    update = AuditEvent.objects.get(object_type="privacy.retentionpolicy", action="update")
    assert update.changed_fields == ["check_ins_months"]
    # the retention job reads the new term; the other municipality keeps the defaults
    assert policy_for(world.a.municipality).check_ins_months == 48
    assert policy_for(world.b.municipality).check_ins_months == 12
    line = next(
        line
        for line in retention_run(dry_run=True, municipality=world.a.municipality)
        if line.category == "check_ins"
    )
    assert line.months == 48


def test_hours_under_seven_years_are_refused_in_dutch_and_nothing_is_saved(world, client_for):
    response = _post(world, client_for, hours_months=60, check_ins_months=36)
    assert response.status_code == 200
    page = response.content.decode()
    assert "minstens 7 jaar (84 maanden)" in page and "artikel 52 AWR" in page
    assert 'name="bewaren-hours_months" value="60"' in page  # what was typed stays
    assert not RetentionPolicy.objects.filter(municipality=world.a.municipality).exists()
    assert not AuditEvent.objects.filter(object_type="privacy.retentionpolicy").exists()


def test_audit_log_under_twelve_months_is_refused(world, client_for):
    page = _post(world, client_for, audit_events_months=6).content.decode()
    assert "auditlog moet minstens 12 maanden" in page
    assert not RetentionPolicy.objects.exists()


def test_service_refuses_per_category_and_other_municipalities(world):
    admin = viewer_for(world.a.users[Role.ADMINISTRATOR])
    with pytest.raises(ValidationError) as refused:
        retention_policy_update(
            viewer=admin, municipality=world.a.municipality, hours_months=83, check_ins_months=0
        )
    assert set(refused.value.message_dict) == {"hours_months", "check_ins_months"}
    assert "minstens 1 maand" in refused.value.message_dict["check_ins_months"][0]
    with pytest.raises(ValidationError):
        retention_policy_update(viewer=admin, municipality=world.a.municipality, check_ins_months=241)
    with pytest.raises(PermissionDenied):
        retention_policy_update(viewer=admin, municipality=world.b.municipality, check_ins_months=24)
    coordinator = viewer_for(world.a.users[Role.COORDINATOR])
    with pytest.raises(PermissionDenied):
        retention_policy_update(viewer=coordinator, municipality=world.a.municipality, check_ins_months=24)
    policy = retention_policy_update(viewer=admin, municipality=world.a.municipality, hours_months=120)
    assert policy.hours_months == 120 and policy.check_ins_months == 12
