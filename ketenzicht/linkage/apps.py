from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LinkageConfig(AppConfig):
    name = "ketenzicht.linkage"
    label = "linkage"
    verbose_name = _("Identity linkage")

    def ready(self) -> None:
        from ketenzicht.core.timeline import register_provider

        from .timeline import linkage_events

        register_provider(linkage_events)
