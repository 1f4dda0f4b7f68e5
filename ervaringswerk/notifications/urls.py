from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_index, name="list"),
    path("<uuid:pk>/openen/", views.notification_open, name="open"),
    path("alles-gelezen/", views.notification_read_all, name="read_all"),
    path("voorkeuren/", views.preferences, name="preferences"),
]
