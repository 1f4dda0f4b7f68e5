from django.urls import path

from . import views

app_name = "beheer"
urlpatterns = [
    path("gemeenten/nieuw/", views.municipality_create, name="municipality_create"),
    path("organisaties/", views.organisations, name="organisations"),
    path("organisaties/nieuw/", views.organisation_create_view, name="organisation_create"),
    path("organisaties/<uuid:pk>/", views.organisation_edit, name="organisation_edit"),
    path("wijken/", views.neighbourhoods, name="neighbourhoods"),
    path("wijken/<uuid:pk>/", views.neighbourhood_edit, name="neighbourhood_edit"),
    path("gebruikers/", views.users, name="users"),
    path("gebruikers/uitnodigen/", views.user_invite_view, name="user_invite"),
    path("gebruikers/<uuid:pk>/", views.membership_edit, name="membership_edit"),
    path("ervaringsdomeinen/", views.domains, name="domains"),
    path("ervaringsdomeinen/<uuid:pk>/", views.domain_edit, name="domain_edit"),
    path("instellingen/", views.settings_view, name="settings"),
    path("pool/uitnodigen/", views.pool_invite, name="pool_invite"),
]
