from django.urls import path

from . import views

app_name = "deployment"
urlpatterns = [
    # The professional's and team lead's start page.
    path("", views.request_index, name="request_list"),
    path("nieuw/", views.request_create, name="request_create"),
    path("<uuid:pk>/", views.request_detail, name="request_detail"),
    path("<uuid:pk>/wijzigen/", views.request_edit, name="request_edit"),
    path("<uuid:pk>/indienen/", views.request_submit, name="request_submit"),
    path("<uuid:pk>/intrekken/", views.request_withdraw, name="request_withdraw"),
    path("<uuid:pk>/aanbieden/", views.offer_create, name="offer_create"),
    path("wachtrij/", views.queue, name="queue"),
    path("pool-zonder-inzet/", views.idle_pool, name="idle_pool"),
    path("voorstellen/nieuw/", views.proposal_create, name="proposal_create"),
    path("voorstellen/<uuid:pk>/", views.proposal_detail, name="proposal_detail"),
    path(
        "voorstellen/<uuid:pk>/koppelingen/<uuid:pair_pk>/verwijderen/",
        views.proposal_pair_remove,
        name="proposal_pair_remove",
    ),
    path(
        "voorstellen/<uuid:pk>/koppelingen/<uuid:pair_pk>/vervangen/",
        views.proposal_pair_replace,
        name="proposal_pair_replace",
    ),
    path("voorstellen/<uuid:pk>/versturen/", views.proposal_send, name="proposal_send"),
    path("voorstellen/<uuid:pk>/verwerpen/", views.proposal_discard, name="proposal_discard"),
    path("aanbod/<uuid:pk>/", views.offer_detail, name="offer_detail"),
    path("aanbod/<uuid:pk>/accepteren/", views.offer_accept, name="offer_accept"),
    path("aanbod/<uuid:pk>/afwijzen/", views.offer_decline, name="offer_decline"),
    path("aanbod/<uuid:pk>/intrekken/", views.offer_withdraw, name="offer_withdraw"),
    path("inzet/", views.assignment_index, name="assignment_list"),
    path("inzet/<uuid:pk>/", views.assignment_detail, name="assignment_detail"),
    path("inzet/<uuid:pk>/afspraken/", views.agreement_edit, name="agreement_edit"),
    path("inzet/<uuid:pk>/starten/", views.assignment_start, name="assignment_start"),
    path("inzet/<uuid:pk>/beeindigen/", views.assignment_end, name="assignment_end"),
]
