from importlib import import_module

from django.apps import apps
from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularJSONAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from ervaringswerk.core import views as core_views

handler400 = "ervaringswerk.core.views.bad_request"
handler403 = "ervaringswerk.core.views.permission_denied"
handler404 = "ervaringswerk.core.views.page_not_found"
handler500 = "ervaringswerk.core.views.server_error"


def _api_urlpatterns():
    """Each app publishes its API in `<app>/api/urls.py`: ROUTES for viewsets, urlpatterns for the rest."""
    router = DefaultRouter()
    router.include_root_view = False
    extra = []
    for config in apps.get_app_configs():
        if not config.name.startswith("ervaringswerk."):
            continue
        try:
            module = import_module(f"{config.name}.api.urls")
        except ModuleNotFoundError:
            continue
        for prefix, viewset, basename in getattr(module, "ROUTES", []):
            router.register(prefix, viewset, basename=basename)
        extra.extend(getattr(module, "urlpatterns", []))
    return [
        path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
        path("openapi.json", SpectacularJSONAPIView.as_view(), name="api-openapi-json"),
        path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
        *extra,
        *router.urls,
        # Last: anything else under /api/v1/ is a problem+json 404, with DEBUG on or off.
        re_path(r"^(?P<path>.*)$", core_views.api_not_found, name="api-not-found"),
    ]


urlpatterns = [
    path("", include("ervaringswerk.core.urls")),
    path("", include("ervaringswerk.accounts.urls")),
    path("organisaties/", include("ervaringswerk.organisations.urls")),
    path("functieplaatsen/", include("ervaringswerk.organisations.position_urls")),
    path("audit/", include("ervaringswerk.audit.urls")),
    # Data subjects' rights under /pool/ (export, access log, erasure); before the pool so they resolve.
    path("", include("ervaringswerk.privacy.urls")),
    path("pool/", include("ervaringswerk.pool.urls")),
    path("verzoeken/", include("ervaringswerk.deployment.urls")),
    path("uren/", include("ervaringswerk.hours.urls")),
    path("activiteiten/", include("ervaringswerk.activities.urls")),
    path("agenda/", include("ervaringswerk.activities.public_urls")),
    path("uitkomsten/", include("ervaringswerk.outcomes.urls")),
    path("vragenlijst/", include("ervaringswerk.voice.urls")),
    path("ervaring/", include("ervaringswerk.voice.public_urls")),
    path("randvoorwaarden/", include("ervaringswerk.preconditions.urls")),
    path("monitoring/", include("ervaringswerk.monitoring.urls")),
    path("meldingen/", include("ervaringswerk.notifications.urls")),
    path("beheer/webhooks/", include("ervaringswerk.webhooks.urls")),
    path("beheer/", include("ervaringswerk.beheer.urls")),
    path("account/uitnodiging/", include("ervaringswerk.beheer.invitation_urls")),
    path("api/v1/", include(_api_urlpatterns())),
    path("health/", core_views.health, name="health"),
    path("metrics/", core_views.metrics, name="metrics"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
