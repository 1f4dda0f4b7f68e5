from django.urls import path

from .dashboard import DashboardView, EvaluationReportViewSet
from .views import OpenDataView

ROUTES = [("monitoring/reports", EvaluationReportViewSet, "evaluation-report")]

urlpatterns = [
    path("open-data/", OpenDataView.as_view(), name="open-data"),
    path("monitoring/dashboard/", DashboardView.as_view(), name="monitoring-dashboard"),
]
