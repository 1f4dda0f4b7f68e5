"""Handing out the survey (staff, logged in), mounted at /vragenlijst/."""

from django.urls import path

from . import views

app_name = "voice"
urlpatterns = [
    path("traject/<uuid:pk>/", views.trajectory_handout, name="trajectory_handout"),
    path("activiteit/<uuid:pk>/", views.activity_handout, name="activity_handout"),
]
