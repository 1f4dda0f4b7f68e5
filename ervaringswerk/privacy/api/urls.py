from django.urls import path

from .views import MyExportView, PeerEraseView

urlpatterns = [
    path("me/export/", MyExportView.as_view(), name="api-me-export"),
    path("peer-workers/<uuid:pk>/erase/", PeerEraseView.as_view(), name="peer-worker-erase"),
]
