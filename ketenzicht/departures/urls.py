from django.urls import path

from . import views

app_name = "departures"
urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/stap/<slug:step>/", views.take_step, name="step"),
    path("openen/", views.choose_person, name="choose_person"),
    path("openen/<int:person_pk>/", views.open_case, name="open"),
    path("voorstellen/", views.proposals, name="proposals"),
    path("voorstellen/<int:pk>/bevestigen/", views.confirm_proposal, name="confirm_proposal"),
    path("voorstellen/<int:pk>/afwijzen/", views.dismiss_proposal, name="dismiss_proposal"),
    path("begrippen/", views.glossary, name="glossary"),
    path("instellingen/", views.settings_page, name="settings"),
    path("cijfers/", views.figures, name="figures"),
]
