from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "ketenzicht.deadlines"
    label = "deadlines"
