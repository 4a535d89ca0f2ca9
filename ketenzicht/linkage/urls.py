from django.urls import path

from . import views

app_name = "linkage"
urlpatterns = [
    path("", views.home, name="home"),
    path("beoordelen/", views.queue, name="queue"),
    path("paren/<int:pk>/", views.candidate_detail, name="candidate"),
    path("paren/<int:pk>/besluit/", views.decide, name="decide"),
    path("samenvoegingen/", views.merge_list, name="merge_list"),
    path("samenvoegingen/<int:pk>/splitsen/", views.split, name="split"),
    path("runs/", views.run_list, name="run_list"),
    path("runs/<int:pk>/", views.run_detail, name="run"),
    path("runs/<int:pk>/voortgang/", views.run_progress, name="run_progress"),
    path("evaluatie/", views.evaluation, name="evaluation"),
]
