"""The application's URLs plus /bench/minimal/: the cheapest answer Django gives through the whole
middleware stack (sessions, CSRF, security headers, CSP), the baseline of bench.load."""

from django.db import transaction
from django.http import HttpResponse
from django.urls import path

from config.urls import *  # noqa: F403 - handler500 and friends too
from config.urls import urlpatterns as app_urlpatterns


@transaction.non_atomic_requests
def minimal(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/minimal/", minimal, name="bench-minimal"), *app_urlpatterns]
