from django.urls import path

from . import views_admin, views_auth

app_name = "accounts"
urlpatterns = [
    path("inloggen/", views_auth.login_view, name="login"),
    path("uitloggen/", views_auth.logout_view, name="logout"),
    path("tweestaps/", views_auth.two_factor, name="two_factor"),
    path("tweestaps/instellen/", views_auth.two_factor_setup, name="two_factor_setup"),
    # Administration by the functional administrator (beheerder).
    path("beheer/gebruikers/", views_admin.user_list, name="user_list"),
    path("beheer/gebruikers/nieuw/", views_admin.user_create, name="user_create"),
    path("beheer/gebruikers/<int:pk>/", views_admin.user_edit, name="user_edit"),
    path(
        "beheer/gebruikers/<int:pk>/deactiveren/",
        views_admin.user_deactivate,
        name="user_deactivate",
    ),
    path(
        "beheer/gebruikers/<int:pk>/heractiveren/",
        views_admin.user_reactivate,
        name="user_reactivate",
    ),
    path(
        "beheer/gebruikers/<int:pk>/tweestaps-herstellen/",
        views_admin.user_reset_two_factor,
        name="user_reset_two_factor",
    ),
    path("beheer/gebruikers/<int:pk>/ontgrendelen/", views_admin.user_unlock, name="user_unlock"),
    path("beheer/eenheden/", views_admin.unit_list, name="unit_list"),
    path("beheer/eenheden/nieuw/", views_admin.unit_create, name="unit_create"),
    path("beheer/eenheden/<int:pk>/", views_admin.unit_edit, name="unit_edit"),
]
