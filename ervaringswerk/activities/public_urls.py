"""The public agenda, mounted at /agenda/ (no login)."""

from django.urls import path

from . import public_views

app_name = "agenda"
urlpatterns = [
    path("<slug:slug>/", public_views.agenda, name="agenda"),
    path("<slug:slug>/agenda.ics", public_views.agenda_ics, name="ics"),
]
