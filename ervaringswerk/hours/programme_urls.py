"""Programmes (/uren/programmas/) and hire-out statements (/uren/urenstaten/)."""

from django.urls import path

from . import go_no_go_views as go_no_go
from . import programme_views as views

urlpatterns = [
    path("programmas/", views.programme_list, name="programmes"),
    path("programmas/nieuw/", views.programme_create_view, name="programme_create"),
    path("programmas/<uuid:pk>/", views.programme_detail, name="programme_detail"),
    path("programmas/<uuid:pk>/wijzigen/", views.programme_edit, name="programme_edit"),
    path("programmas/<uuid:pk>/tarieven/nieuw/", views.programme_rate_add_view, name="programme_rate_add"),
    path(
        "programmas/<uuid:pk>/mijlpalen/nieuw/",
        views.programme_milestone_add_view,
        name="programme_milestone_add",
    ),
    path(
        "programmas/<uuid:pk>/mijlpalen/<uuid:milestone_pk>/afgerond/",
        views.programme_milestone_done_view,
        name="programme_milestone_done",
    ),
    path("programmas/<uuid:pk>/criteria/nieuw/", go_no_go.criterion_add, name="programme_criterion_add"),
    path(
        "programmas/<uuid:pk>/criteria/<uuid:criterion_pk>/waarde/",
        go_no_go.criterion_record,
        name="programme_criterion_record",
    ),
    path(
        "programmas/<uuid:pk>/mijlpalen/<uuid:milestone_pk>/besluit/",
        go_no_go.decision,
        name="programme_decision",
    ),
    path(
        "programmas/<uuid:pk>/mijlpalen/<uuid:milestone_pk>/vervolg/",
        go_no_go.follow_up,
        name="programme_follow_up",
    ),
    path("urenstaten/", views.statement_list, name="statements"),
    path("urenstaten/nieuw/", views.statement_new, name="statement_new"),
    path("urenstaten/uitgeven/", views.statement_issue_view, name="statement_issue"),
    path("urenstaten/<uuid:pk>/", views.statement_detail, name="statement_detail"),
    path("urenstaten/<uuid:pk>/pdf/", views.statement_pdf, name="statement_pdf"),
    path("urenstaten/<uuid:pk>/xlsx/", views.statement_xlsx, name="statement_xlsx"),
]
