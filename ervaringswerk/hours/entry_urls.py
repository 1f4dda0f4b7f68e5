"""Pages for time entries: the peer worker's "Mijn uren", the coordinator's review, period locks, exports."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.my_hours, name="my_hours"),
    path("<uuid:pk>/wijzigen/", views.entry_edit, name="entry_edit"),
    path("<uuid:pk>/verwijderen/", views.entry_delete, name="entry_delete"),
    path("beoordelen/", views.review, name="review"),
    path("beoordelen/<uuid:pk>/goedkeuren/", views.entry_approve, name="entry_approve"),
    path("beoordelen/<uuid:pk>/teruggeven/", views.entry_return, name="entry_return"),
    path("beoordelen/<uuid:pk>/corrigeren/", views.entry_correct, name="entry_correct"),
    path("overzicht/", views.overview, name="overview"),
    path("periodes/", views.locks, name="locks"),
    path("periodes/afsluiten/", views.lock_create, name="lock_create"),
    path("periodes/heropenen/", views.lock_reopen, name="lock_reopen"),
    path("export/", views.export, name="export"),
]
