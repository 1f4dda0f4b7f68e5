from django.urls import path

from . import views

app_name = "pool"
urlpatterns = [
    # The coordinator's start page: keep this name.
    path("", views.overview, name="overview"),
    path("export/", views.export, name="export"),
    path("import/", views.import_pool, name="import"),
    path("nieuw/", views.create, name="create"),
    path("<uuid:pk>/", views.detail, name="detail"),
    path("<uuid:pk>/beheer/", views.manage, name="manage"),
    path("<uuid:pk>/gesprek-opgepakt/", views.talk_acknowledge, name="talk_acknowledge"),
    # "Mijn profiel" of the peer worker themself
    path("mijn-profiel/", views.my_profile, name="my_profile"),
    path("mijn-profiel/gegevens/", views.my_details, name="my_details"),
    path("mijn-profiel/ervaring/", views.my_experience, name="my_experience"),
    path("mijn-profiel/grenzen/", views.my_boundaries, name="my_boundaries"),
    path("mijn-profiel/pauze/", views.my_pause, name="my_pause"),
    path("mijn-profiel/groei/", views.my_growth, name="my_growth"),
    path("mijn-profiel/check-in/", views.my_check_in, name="my_check_in"),
]
