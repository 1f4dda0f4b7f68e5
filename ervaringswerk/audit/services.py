"""The one door for audit events."""

import re
from collections.abc import Iterable, Mapping

from django.conf import settings
from django.db import models
from django.utils import translation

from ervaringswerk.core.tenancy import Viewer

from . import context as audit_context
from .describe import describe, is_personal
from .models import AuditAction, AuditEvent

# Long lists keep the count and the filters, plus the ids of the first rows read.
MAX_IDS = 100
# Filter values that are codes (a uuid, a status, a date, a number) are kept; anything else could be
# typed text (a name in a search box) and is stored as this marker instead.
_CODE = re.compile(r"^[0-9A-Za-z_.:\-]{1,64}$")
_TEXT_FILTERS = {"q", "zoek", "search", "query", "naam", "name"}
TEXT_MARKER = "[tekst]"
_IGNORED_PARAMS = {"page", "pagina", "page_size", "format", "formaat", "csrfmiddlewaretoken"}


def _actor_fields(viewer: Viewer | None) -> dict:
    if viewer is None or not getattr(viewer, "is_authenticated", False):
        return {}
    organisation = viewer.organisation
    return {
        "actor": viewer.user,
        "actor_username": viewer.user.get_username(),
        "organisation": organisation,
        "organisation_name": organisation.name if organisation else "",
        "role": viewer.role or "",
    }


def safe_filters(params: Mapping | None) -> dict:
    """Filter names with their values only where the value is a code; never free text."""
    if not params:
        return {}
    getlist = getattr(params, "getlist", None)
    result = {}
    for key in sorted(params.keys()):
        if key in _IGNORED_PARAMS:
            continue
        values = getlist(key) if getlist else [params[key]]
        safe = [
            str(v) if (key not in _TEXT_FILTERS and _CODE.match(str(v))) else TEXT_MARKER
            for v in values
            if str(v) != ""
        ]
        if safe:
            result[str(key)[:40]] = safe if len(safe) > 1 else safe[0]
    return result


def audit_record(
    *,
    action: str,
    obj: models.Model | None = None,
    viewer: Viewer | None = None,
    municipality=None,
    changed_fields: list[str] | None = None,
    object_type: str = "",
    object_repr: str = "",
    details: dict | None = None,
) -> AuditEvent | None:
    """Write one audit event. The viewer defaults to the one bound to the current request or command.

    With an object, the description always comes from `describe(obj)` (one rule, audit/describe.py);
    `object_repr` is only for events without an object and must be text the code builds itself
    (a format, a count), never user input.
    """
    ctx = audit_context.current()
    if ctx is not None and ctx.channel == "suppressed":
        return None
    if viewer is None and ctx is not None:
        viewer = ctx.viewer
    if municipality is None and obj is not None:
        municipality = getattr(obj, "municipality", None)
    if municipality is None and viewer is not None and getattr(viewer, "is_authenticated", False):
        municipality = viewer.municipality
    return AuditEvent.objects.create(
        municipality=municipality,
        action=action,
        object_type=object_type or (obj._meta.label_lower if obj is not None else ""),
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=(describe(obj) if obj is not None else object_repr)[:200],
        changed_fields=sorted(changed_fields or []),
        details=details or {},
        ip_address=ctx.ip_address if ctx else None,
        path=ctx.path if ctx else "",
        channel=ctx.channel if ctx else "system",
        **_actor_fields(viewer),
    )


def audit_view(*, viewer: Viewer, obj: models.Model) -> AuditEvent | None:
    """Record that a person's detail was read (page or API)."""
    return audit_record(action=AuditAction.VIEW, obj=obj, viewer=viewer)


def audit_list(
    *,
    viewer: Viewer,
    model: type[models.Model],
    objects: Iterable,
    count: int | None = None,
    filters: Mapping | None = None,
) -> AuditEvent | None:
    """Record that a list of personal data was read: the ids shown (first MAX_IDS), the total count
    and the filters. `objects` are model instances or primary keys."""
    ids = []
    for item in objects:
        ids.append(str(item.get("id") if isinstance(item, dict) else getattr(item, "pk", item)))
    total = count if count is not None else len(ids)
    with translation.override(settings.LANGUAGE_CODE):
        label = f"{total} × {model._meta.verbose_name_plural}"
    return audit_record(
        action=AuditAction.LIST,
        viewer=viewer,
        object_type=model._meta.label_lower,
        object_repr=label[:200],
        details={"count": total, "ids": ids[:MAX_IDS], "filters": safe_filters(filters)},
    )


def audit_list_read(
    *, viewer: Viewer, queryset, page=None, paginator=None, filters=None
) -> AuditEvent | None:
    """For list endpoints and pages: audit `page` (what was shown) of `queryset` if its model holds
    personal data. `paginator` is a Django Page or Paginator, for the total count."""
    model = getattr(queryset, "model", None)
    if model is None and page:
        model = type(next(iter(page)))
    if model is None or not issubclass(model, models.Model) or not is_personal(model):
        return None
    if page is None:  # not paginated: the whole list is read
        ids = list(queryset.values_list("pk", flat=True)[:MAX_IDS])
        count = queryset.count()
    else:
        ids = list(page)
        count = getattr(getattr(paginator, "paginator", paginator), "count", None)
    return audit_list(viewer=viewer, model=model, objects=ids, count=count, filters=filters)


def audit_page(request, page, *, model=None, filters=None) -> AuditEvent | None:
    """For page lists: audit a Django Page (or any list) shown to the request's viewer."""
    objects = list(page.object_list if hasattr(page, "object_list") else page)
    model = model or (type(objects[0]) if objects else None)
    if model is None:
        model = getattr(getattr(page, "paginator", None), "object_list", None)
        model = getattr(model, "model", None)
    if model is None or not is_personal(model):
        return None
    count = getattr(getattr(page, "paginator", None), "count", None)
    return audit_list(
        viewer=request.viewer,
        model=model,
        objects=objects,
        count=count,
        filters=filters if filters is not None else request.GET,
    )


def audit_export(
    *,
    viewer: Viewer,
    object_type: str,
    description: str,
    municipality=None,
    obj: models.Model | None = None,
    details: dict | None = None,
) -> AuditEvent | None:
    """Record an export. `description` is built by the code (format, count); with `obj` the safe
    description of that object is stored instead."""
    return audit_record(
        action=AuditAction.EXPORT,
        viewer=viewer,
        obj=obj,
        municipality=municipality,
        object_type=object_type,
        object_repr=description,
        details=details,
    )
