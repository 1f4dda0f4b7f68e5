from django.urls import path

from . import views

app_name = "preconditions"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("organisaties/<uuid:pk>/", views.organisation_history, name="organisation"),
    path("organisaties/<uuid:pk>/zelfevaluatie/", views.assessment_new, name="assessment_create"),
    path("organisaties/<uuid:pk>/acties/nieuw/", views.action_new, name="action_create"),
    path("zelfevaluaties/<uuid:pk>/", views.assessment_detail, name="assessment_detail"),
    path("acties/<uuid:pk>/afronden/", views.action_done, name="action_complete"),
    path("rondes/", views.rounds, name="round_list"),
    path("rondes/nieuw/", views.round_new, name="round_create"),
    path("rondes/<uuid:pk>/", views.round_detail, name="round_detail"),
    path("rondes/<uuid:pk>/sluiten/", views.round_close_view, name="round_close"),
    path("rondes/<uuid:pk>/zelfevaluatie/", views.round_assessment, name="round_assessment"),
    path("rondes/<uuid:pk>/mijn-reactie/", views.peer_response, name="peer_response"),
]
