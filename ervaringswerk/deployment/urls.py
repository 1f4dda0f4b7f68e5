from django.urls import path

from . import views

app_name = "deployment"
urlpatterns = [path("", views.request_index, name="request_list")]
