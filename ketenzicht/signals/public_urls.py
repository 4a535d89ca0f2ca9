"""The public reporting pages (no login), under /melden/."""

from django.urls import path

from . import views_public

app_name = "melden"
urlpatterns = [
    path("", views_public.report_start, name="start"),
    path("algemeen/", views_public.report_general, name="report"),
    path("maritiem/", views_public.report_maritime, name="maritime"),
    path("ontvangen/", views_public.receipt, name="receipt"),
    path("status/", views_public.status, name="status"),
    path("aanvullen/", views_public.follow_up, name="follow_up"),
]
