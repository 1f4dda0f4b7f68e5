from django.urls import path

from . import views

app_name = "webhooks"
urlpatterns = [
    path("", views.subscriptions, name="subscriptions"),
    path("<uuid:pk>/", views.subscription_detail, name="subscription_detail"),
]
