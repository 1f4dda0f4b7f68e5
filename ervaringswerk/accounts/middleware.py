from django.utils.functional import SimpleLazyObject

from ervaringswerk.audit.context import bind_request

from .viewer import SESSION_MEMBERSHIP_KEY, SESSION_SSO_ROLES_KEY, viewer_for


class ViewerMiddleware:
    """Attach request.viewer (lazily: static files and health checks never touch the database)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.viewer = SimpleLazyObject(
            lambda: viewer_for(
                request.user,
                request.session.get(SESSION_MEMBERSHIP_KEY),
                sso_roles=request.session.get(SESSION_SSO_ROLES_KEY),
            )
        )
        with bind_request(request):
            return self.get_response(request)
