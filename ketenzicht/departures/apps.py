from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeparturesConfig(AppConfig):
    name = "ketenzicht.departures"
    label = "departures"
    verbose_name = _("Departures")

    def ready(self) -> None:
        from ketenzicht.core.timeline import register_provider

        from .timeline import departure_events

        register_provider(departure_events)
