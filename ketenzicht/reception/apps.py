from django.apps import AppConfig


class ReceptionConfig(AppConfig):
    name = "ketenzicht.reception"
    label = "reception"
