from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "ketenzicht.people"
    label = "people"
