from django.urls import path

from . import views

app_name = "activities"
urlpatterns = [
    path("", views.activity_index, name="list"),
    path("nieuw/", views.activity_create, name="create"),
    path("<uuid:pk>/", views.activity_detail, name="detail"),
    path("<uuid:pk>/wijzigen/", views.activity_edit, name="edit"),
    path("bijeenkomsten/<uuid:pk>/", views.session_detail, name="session"),
    path("bijeenkomsten/<uuid:pk>/aanwezigheid/", views.session_attendance, name="session_attendance"),
    path("bijeenkomsten/<uuid:pk>/wijzigen/", views.session_move, name="session_move"),
    path("bijeenkomsten/<uuid:pk>/laten-vervallen/", views.session_cancel, name="session_cancel"),
    path("bijeenkomsten/<uuid:pk>/terugzetten/", views.session_restore, name="session_restore"),
    path("bijeenkomsten/<uuid:pk>/notulen/", views.session_minutes, name="session_minutes"),
    path("rooster/", views.roster_index, name="roster"),
    path("rooster/<uuid:pk>/aanmelden/", views.roster_signup, name="roster_signup"),
    path("rooster/<uuid:pk>/afmelden/", views.roster_withdraw, name="roster_withdraw"),
    path("intervisie/", views.development, name="development"),
    path("intervisie/ritme/", views.rhythm_save, name="rhythm"),
]
