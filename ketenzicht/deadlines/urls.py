from django.urls import path

from . import views

app_name = "deadlines"
urlpatterns = [
    path("", views.work_queue, name="work_queue"),
    path("meldingen/", views.notifications, name="notifications"),
    path("meldingen/<int:pk>/openen/", views.open_notification, name="open_notification"),
]
