"""Mounted at the site root before the pool's own URLs: these pages live under /pool/ for the user."""

from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("pool/mijn-profiel/download/", views.my_export, name="my_export"),
    path("pool/mijn-profiel/download/pdf/", views.my_export_pdf, name="my_export_pdf"),
    path("pool/mijn-profiel/inzage/", views.my_access_log, name="my_access_log"),
    path("pool/<uuid:pk>/wissen/", views.peer_erase, name="peer_erase"),
]
