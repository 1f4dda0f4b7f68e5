from django.urls import path

from . import views

app_name = "monitoring"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("export.json", views.export_json, name="export_json"),
    path("rapportages/", views.reports, name="reports"),
    path("rapportages/<uuid:pk>/", views.report_detail, name="report_detail"),
    path("rapportages/<uuid:pk>/status/", views.report_status, name="report_status"),
    path("rapportages/<uuid:pk>/evaluatie.pdf", views.report_pdf, name="report_pdf"),
    path("rapportages/<uuid:pk>/tabellen.xlsx", views.report_xlsx, name="report_xlsx"),
]
