from django.urls import path

from . import views_auth

app_name = "accounts"
urlpatterns = [
    path("inloggen/", views_auth.login_view, name="login"),
    path("uitloggen/", views_auth.logout_view, name="logout"),
    path("tweestaps/", views_auth.two_factor, name="two_factor"),
    path("tweestaps/instellen/", views_auth.two_factor_setup, name="two_factor_setup"),
]
