from django.urls import path

from . import views

app_name = "pool"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("<uuid:pk>/", views.detail, name="detail"),
]
