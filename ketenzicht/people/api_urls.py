from django.urls import path

from . import api

urlpatterns = [
    path("persons/", api.PersonListCreate.as_view(), name="api-person-list"),
    path("persons/<int:pk>/", api.PersonDetail.as_view(), name="api-person-detail"),
]
