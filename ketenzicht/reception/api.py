"""REST API for locations (with occupancy) and placements, through the access policy."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound

from ketenzicht.access.enforce import visible_to
from ketenzicht.access.policy import Action
from ketenzicht.audit.services import record_read

from . import selectors
from .models import Location, Placement


class LocationSerializer(serializers.ModelSerializer):
    occupied = serializers.IntegerField(read_only=True)
    awaited = serializers.IntegerField(read_only=True)
    police_region = serializers.CharField(source="police_region.name")

    class Meta:
        model = Location
        fields = [
            "id",
            "name",
            "location_type",
            "capacity",
            "occupied",
            "awaited",
            "municipality",
            "police_region",
            "reporting_times",
        ]


class PlacementSerializer(serializers.ModelSerializer):
    location = serializers.CharField(source="location.name")

    class Meta:
        model = Placement
        fields = [
            "id",
            "person",
            "location",
            "planned_arrival",
            "arrived_at",
            "ended_at",
            "end_reason",
            "transferred_from",
        ]


@extend_schema(tags=["reception"])
class LocationList(generics.ListAPIView):
    serializer_class = LocationSerializer

    def get_queryset(self):
        return selectors.locations_visible_to(self.request.user).paginator.object_list


@extend_schema(tags=["reception"])
class LocationDetail(generics.RetrieveAPIView):
    serializer_class = LocationSerializer

    def get_object(self):
        qs = selectors.locations_visible_to(self.request.user).paginator.object_list
        try:
            return qs.get(pk=self.kwargs["pk"])
        except Location.DoesNotExist as exc:
            raise NotFound from exc


@extend_schema(tags=["reception"])
class PlacementList(generics.ListAPIView):
    serializer_class = PlacementSerializer

    def get_queryset(self):
        qs = visible_to(
            self.request.user, Placement.objects.select_related("location"), Action.LIST
        ).order_by("-planned_arrival", "-id")
        for param in ("location", "person"):
            value = self.request.query_params.get(param)
            if value:
                if not value.isdigit():
                    raise NotFound
                qs = qs.filter(**{f"{param}_id": int(value)})
        return qs


@extend_schema(tags=["reception"])
class PlacementDetail(generics.RetrieveAPIView):
    serializer_class = PlacementSerializer

    def get_object(self):
        placement = selectors.get_placement_for(self.request.user, self.kwargs["pk"])
        record_read(actor=self.request.user, obj=placement, person_id=placement.person_id)
        return placement
