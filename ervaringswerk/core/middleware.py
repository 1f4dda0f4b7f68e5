import logging

from django.conf import settings
from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.core.signals import got_request_exception
from django.http import Http404
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation.trans_real import parse_accept_lang_header

from ervaringswerk.core import views


class DutchFirstLocaleMiddleware:
    """Dutch unless the user chose otherwise (language cookie): the browser's Accept-Language is ignored,
    because a municipal service speaks Dutch first (Django's LocaleMiddleware would follow the browser)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _ in settings.LANGUAGES}
        is_api = request.path_info.startswith(API_PREFIX)
        if chosen in supported:
            language = chosen
        elif is_api:
            # Systems have no language switch: the API follows Accept-Language (NL API Design Rules),
            # still Dutch when the header asks for nothing we offer.
            language = _from_accept_language(request.headers.get("Accept-Language", ""), supported)
        else:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie", "Accept-Language") if is_api else ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        if is_api:
            response.headers["API-Version"] = settings.SPECTACULAR_SETTINGS["VERSION"]
        return response


API_PREFIX = "/api/"


def _from_accept_language(header: str, supported: set[str]) -> str:
    for code, _quality in parse_accept_lang_header(header):
        base = code.split("-")[0].lower()
        if base in supported:
            return base
    return settings.LANGUAGE_CODE


class ApiProblemMiddleware:
    """With DEBUG on, Django answers an exception from a view with its HTML debug page, also under /api/.
    There the answer stays problem+json, from the same handlers that answer with DEBUG off (core.views),
    and the error is still logged and signalled. With DEBUG off this does nothing: Django calls those
    handlers itself."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not settings.DEBUG or not request.path_info.startswith(API_PREFIX):
            return None
        if isinstance(exception, Http404):
            return views.page_not_found(request, exception)
        if isinstance(exception, PermissionDenied):
            return views.permission_denied(request, exception)
        if isinstance(exception, BadRequest | SuspiciousOperation):
            return views.bad_request(request, exception)
        logging.getLogger("django.request").error(
            "Internal Server Error: %s", request.path, exc_info=exception, extra={"status_code": 500}
        )
        got_request_exception.send(sender=None, request=request)
        return views.server_error(request)
