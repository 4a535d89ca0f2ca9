from django.urls import path

from . import api

urlpatterns = [
    path("locations/", api.LocationList.as_view(), name="api-location-list"),
    path("locations/<int:pk>/", api.LocationDetail.as_view(), name="api-location-detail"),
    path("placements/", api.PlacementList.as_view(), name="api-placement-list"),
    path("placements/<int:pk>/", api.PlacementDetail.as_view(), name="api-placement-detail"),
]
