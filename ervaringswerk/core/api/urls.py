from django.urls import path

from .views import ExperienceDomainViewSet, MeView, NeighbourhoodViewSet

ROUTES = [
    ("neighbourhoods", NeighbourhoodViewSet, "neighbourhood"),
    ("experience-domains", ExperienceDomainViewSet, "experience-domain"),
]
urlpatterns = [path("me/", MeView.as_view(), name="api-me")]
