"""One rule for what the audit log says about an object (audit/describe.py), proven per model."""

import uuid

import pytest
from django.apps import apps
from django.db import models

from ervaringswerk.audit.describe import describe, registered
from ervaringswerk.audit.models import AuditEvent
from ervaringswerk.core.models import TenantModel
from ervaringswerk.core.tenancy import Role

SECRET = "GEHEIM Anna de Vries 111222333"
# What a registered model may show: reference/organisational names and a statement number.
ALLOWED_FIELDS = {
    "core.municipality": {"name"},
    "core.neighbourhood": {"name"},
    "organisations.organisation": {"name"},
    "organisations.programme": {"name"},
    "hours.hireoutstatement": {"number"},
}


EXTRA_MODELS = {*ALLOWED_FIELDS, "accounts.user"}


def _our_models():
    for model in apps.get_models():
        if model.__module__.startswith("ervaringswerk.") and (
            issubclass(model, TenantModel) or model._meta.label_lower in EXTRA_MODELS
        ):
            yield model


def _loaded_with_secrets(model) -> models.Model:
    """An unsaved instance with every text field full of a name, a BSN and 'secret' words."""
    obj = model(pk=uuid.uuid4()) if model._meta.pk.get_internal_type() == "UUIDField" else model()
    allowed = ALLOWED_FIELDS.get(model._meta.label_lower, set())
    for field in model._meta.concrete_fields:
        if isinstance(field, models.CharField | models.TextField) and not field.choices:
            value = "toegestaan" if field.name in allowed else SECRET
            setattr(obj, field.attname, value[: field.max_length] if field.max_length else value)
    return obj


@pytest.mark.parametrize("model", list(_our_models()), ids=lambda m: m._meta.label_lower)
def test_the_description_of_every_model_holds_no_text_of_its_own(model):
    text = describe(_loaded_with_secrets(model))
    assert text, "every object gets a description"
    for word in ("GEHEIM", "Anna", "Vries", "111222333"):
        assert word not in text, f"{model._meta.label} puts its own text into the audit log: {text!r}"


def test_only_named_reference_models_may_register_a_description():
    assert registered() <= set(ALLOWED_FIELDS)


def test_the_default_description_is_type_and_short_id():
    from ervaringswerk.pool.models import PeerWorker

    pk = uuid.UUID("12345678-aaaa-bbbb-cccc-1234567890ab")
    peer = PeerWorker(pk=pk, first_name="Mila", last_name="Jansen")
    assert describe(peer) == "Ervaringsdeskundige 12345678"


def _all_stored_text(event: AuditEvent) -> str:
    return " ".join(
        str(getattr(event, f.attname)) for f in AuditEvent._meta.concrete_fields if f.name != "actor"
    )


def test_private_experience_request_title_and_minutes_never_reach_the_log(world):
    """Finding: object_repr held '<name> · <domain>' of an 'Alleen ik' experience, request titles with
    names/BSNs and minutes text."""
    from ervaringswerk.accounts.viewer import viewer_for
    from ervaringswerk.activities.models import ActivityKind, MinuteKind
    from ervaringswerk.activities.services import minute_item_add
    from ervaringswerk.activities.tests.factories import group
    from ervaringswerk.audit.context import acting_as
    from ervaringswerk.deployment.services import request_create
    from ervaringswerk.pool.constants import Visibility
    from ervaringswerk.pool.tests.factories import make_peer

    peer = make_peer(
        world.a, first_name="Mila", last_name="Zeldzaamnaam", experiences={"ggz": Visibility.PRIVATE}
    )
    experience = peer.experiences.select_related("domain").get()
    domain_name = experience.domain.name
    experience.description = "Mijn opname in 2015"
    experience.save()
    with acting_as(viewer_for(world.a.users[Role.PROFESSIONAL])):
        request_create(
            viewer=viewer_for(world.a.users[Role.PROFESSIONAL]),
            # Names and BSNs are refused at the door (core.freetext); the title itself must still stay out.
            title="Steun bij de geheimtitel-schuldsanering",
            kind="consultation",
            hours_per_week=2,
        )
    activity = group(world, kind=ActivityKind.LEARNING_SESSION, title="Leersessie")
    minute_item_add(
        viewer=viewer_for(world.a.users[Role.COORDINATOR]),
        session=activity.sessions.first(),
        kind=MinuteKind.LESSON,
        text="De bewoner vertelde over haar schulden",
    )
    assert AuditEvent.objects.filter(object_type="activities.minuteitem").exists()
    texts = " ".join(_all_stored_text(e) for e in AuditEvent.objects.all())
    assert AuditEvent.objects.filter(object_type="pool.peerexperience").exists()
    assert AuditEvent.objects.filter(object_type="deployment.deploymentrequest").exists()
    for secret in ("Zeldzaamnaam", "Mila", domain_name, "ggz", "opname", "geheimtitel", "schulden"):
        assert secret not in texts, secret
