from django.urls import path

from . import views

app_name = "outcomes"
urlpatterns = [
    path("", views.trajectory_index, name="trajectory_list"),
    path("nieuw/", views.trajectory_new, name="trajectory_create"),
    path("formulier/", views.blank_form, name="blank_form"),
    path("instellingen/", views.settings_edit, name="settings"),
    path("<uuid:pk>/", views.trajectory_detail, name="trajectory_detail"),
    path("<uuid:pk>/wijzigen/", views.trajectory_edit, name="trajectory_update"),
    path("<uuid:pk>/meting/", views.measurement_new, name="measurement_create"),
]
