"""Page plumbing shared by every app's views."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404

from ervaringswerk.core.tenancy import Viewer

T = TypeVar("T")


def get_or_404(
    selector: Callable[..., T], viewer: Viewer, pk: object, *, rule: Callable[[Viewer, T], bool] | None = None
) -> T:
    """`selector(viewer=viewer, pk=pk)`, or 404 when it finds nothing for this viewer (another tenant's id
    looks exactly like a missing one) or when `rule(viewer, obj)` refuses the object."""
    try:
        obj = selector(viewer=viewer, pk=pk)
    except (ObjectDoesNotExist, ValidationError) as exc:
        raise Http404 from exc
    if rule is not None and not rule(viewer, obj):
        raise Http404
    return obj
