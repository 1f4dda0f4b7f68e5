from django.urls import path

from . import position_views as views

app_name = "positions"
urlpatterns = [
    path("", views.position_index, name="list"),
    path("nieuw/", views.position_new, name="create"),
    path("<uuid:pk>/", views.position_detail, name="detail"),
    path("<uuid:pk>/wijzigen/", views.position_change, name="change"),
]
