from django.apps import AppConfig


class SignalsConfig(AppConfig):
    name = "ketenzicht.signals"
    label = "signals"
