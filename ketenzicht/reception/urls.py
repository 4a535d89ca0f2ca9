from django.urls import path

from . import views

app_name = "reception"
urlpatterns = [
    path("mijn-bord/", views.my_board, name="my_board"),
    path("locaties/", views.location_list, name="location_list"),
    path("locaties/nieuw/", views.location_edit, name="location_create"),
    path("locaties/<int:pk>/", views.board, name="board"),
    path("locaties/<int:pk>/wijzigen/", views.location_edit, name="location_edit"),
    path("locaties/<int:pk>/aankomst/", views.receive, name="receive"),
    path("plaatsingen/<int:pk>/aanwezig/", views.check_in, name="check_in"),
    path("plaatsingen/<int:pk>/aankomst/", views.confirm_arrival, name="confirm_arrival"),
    path("plaatsingen/<int:pk>/overplaatsen/", views.transfer, name="transfer"),
    path("plaatsingen/<int:pk>/beeindigen/", views.end_placement, name="end_placement"),
    path("personen/<int:pk>/plaatsen/", views.place_person, name="place_person"),
    path("personen/<int:pk>/meldplicht/", views.presence_history, name="presence_history"),
    path(
        "personen/<int:pk>/risicotaxatie/",
        views.risk_assessment_create,
        name="risk_assessment_create",
    ),
    path("risicofactoren/", views.risk_factor_catalogue, name="risk_factor_catalogue"),
    path("risicofactoren/nieuw/", views.risk_factor_edit, name="risk_factor_create"),
    path("risicofactoren/<int:pk>/", views.risk_factor_edit, name="risk_factor_edit"),
]
