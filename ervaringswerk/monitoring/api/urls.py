from django.urls import path

from .views import OpenDataView

urlpatterns = [path("open-data/", OpenDataView.as_view(), name="open-data")]
