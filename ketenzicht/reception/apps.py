from django.apps import AppConfig


class ReceptionConfig(AppConfig):
    name = "ketenzicht.reception"
    label = "reception"

    def ready(self) -> None:
        from ketenzicht.core.timeline import register_provider

        from .timeline import reception_events

        register_provider(reception_events)
