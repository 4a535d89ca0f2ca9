"""All API routes, collected from the apps so the API has one root."""

from django.urls import include, path

urlpatterns = [
    path("", include("ketenzicht.people.api_urls")),
    path("", include("ketenzicht.reception.api_urls")),
]
