"""Enforcing permission rules in views (pages) and API views, from one rule function."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from rest_framework.exceptions import ValidationError as APIValidationError
from rest_framework.permissions import SAFE_METHODS, BasePermission

from ervaringswerk.accounts.viewer import viewer_for
from ervaringswerk.audit.context import rebind_viewer

from .nul import nul_fields, nul_message


def rule_required(rule):
    """Page decorator: anonymous users go to the login page, others without the right get a 403 page."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not rule(request.viewer):
                raise PermissionDenied
            bad = (
                nul_fields(request.GET, request.POST) if request.method == "POST" else nul_fields(request.GET)
            )
            if bad:  # PostgreSQL cannot hold U+0000: refuse it here, before any form or query sees it
                return render(request, "400.html", {"message": nul_message(bad)}, status=400)
            return view(request, *args, **kwargs)

        wrapped.permission_rule = rule
        return wrapped

    return decorator


class ViewerAPIMixin:
    """For DRF views: build request.viewer from the DRF-authenticated user (session or token)."""

    permission_rule: Callable[..., bool] | None = None

    def perform_authentication(self, request):
        super().perform_authentication(request)
        session = request.session if request.auth is None else None  # signed in on the pages, not a token
        viewer = viewer_for(
            request.user,
            request.session.get("ew_membership_id") if request.session else None,
            sso_roles=session.get("ew_sso_roles") if session else None,
        )
        request.viewer = viewer
        request._request.viewer = viewer
        rebind_viewer(viewer)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # authenticated and permitted first: 401/403 win
        body = {} if request.method in SAFE_METHODS else request.data
        bad = nul_fields(request.query_params, body)
        if bad:  # PostgreSQL cannot hold U+0000: a precise 400 instead of a database error
            raise APIValidationError({name: [nul_message([name])] for name in bad})

    def paginate_queryset(self, queryset):
        """Every API list goes through here: the page it returns is a read, so it is audited
        (ids of the page, total count, filters) in this one place rather than per view."""
        page = super().paginate_queryset(queryset)
        from ervaringswerk.audit.services import audit_list_read

        audit_list_read(
            viewer=self.request.viewer,
            queryset=queryset,
            page=page,
            paginator=getattr(getattr(self, "paginator", None), "page", None),
            filters=self.request.query_params,
        )
        return page


class RulePermission(BasePermission):
    """DRF permission that applies the view's `permission_rule` to request.viewer."""

    message = "U heeft geen toegang tot deze gegevens."

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        rule = getattr(view, "permission_rule", None)
        if rule is None:  # every API view must name its rule; a forgotten one denies
            return False
        return bool(rule(request.viewer))
