"""A safety net under the services: every create, update and delete of a domain row (any TenantModel)
is audited, also when it happens through the Django admin or a shell. Services add view/export events."""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from ervaringswerk.core.models import TenantModel

from .models import AuditAction
from .services import audit_record

_CHANGED = "_ew_changed_fields"


# Logins are not tenant rows, but who may sign in, and how, is exactly what an auditor asks about:
# creating, changing (password, active, administrator rights, name, e-mail) and deleting a user are events.
# `last_login` changes on every sign-in, which has its own event.
_USER_IGNORED_FIELDS = {"last_login", "updated_at", "created_at"}


def _is_user(sender) -> bool:
    from django.contrib.auth import get_user_model

    return isinstance(sender, type) and issubclass(sender, get_user_model())


def _is_domain(sender) -> bool:
    return isinstance(sender, type) and (issubclass(sender, TenantModel) or _is_user(sender))


def remember_changes(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or not _is_domain(sender) or instance._state.adding:
        return
    ignored = _USER_IGNORED_FIELDS if _is_user(sender) else {"updated_at", "created_at"}
    if update_fields:
        setattr(instance, _CHANGED, sorted(set(update_fields) - ignored))
        return
    old = sender._base_manager.filter(pk=instance.pk).values().first()
    if old is None:
        setattr(instance, _CHANGED, [])
        return
    changed = [
        field.name
        for field in sender._meta.concrete_fields
        if field.name not in ignored and old.get(field.attname) != field.value_from_object(instance)
    ]
    setattr(instance, _CHANGED, changed)


def record_save(sender, instance, created, raw=False, **kwargs):
    if raw or not _is_domain(sender):
        return
    if created:
        audit_record(action=AuditAction.CREATE, obj=instance)
        return
    changed = getattr(instance, _CHANGED, None)
    if changed == []:
        return  # a save that changed nothing is not worth a line
    if changed is None and _is_user(sender):
        return
    audit_record(action=AuditAction.UPDATE, obj=instance, changed_fields=changed or [])


def record_delete(sender, instance, **kwargs):
    if _is_domain(sender):
        audit_record(action=AuditAction.DELETE, obj=instance)


def record_m2m(sender, instance, action, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"} and _is_domain(type(instance)):
        field = next(
            (f.name for f in instance._meta.many_to_many if f.remote_field.through is sender),
            sender._meta.model_name,
        )
        audit_record(action=AuditAction.UPDATE, obj=instance, changed_fields=[field])


def connect() -> None:
    pre_save.connect(remember_changes, dispatch_uid="ew_audit_pre_save")
    post_save.connect(record_save, dispatch_uid="ew_audit_post_save")
    post_delete.connect(record_delete, dispatch_uid="ew_audit_post_delete")
    m2m_changed.connect(record_m2m, dispatch_uid="ew_audit_m2m")
