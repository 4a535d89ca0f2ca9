from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "ketenzicht.people"
    label = "people"
    verbose_name = _("Chain person registry")

    def ready(self) -> None:
        from ketenzicht.core.timeline import register_provider

        from .timeline import people_events

        register_provider(people_events)
