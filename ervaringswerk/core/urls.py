from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("mijn-werk/", views.my_work, name="my_work"),
    path("beheer/", views.admin_home, name="admin_home"),
]
