from django.urls import path

from . import views

app_name = "people"


def _section(route: str, section: str, name: str):
    return path(route, views.person_form, {"section": section}, name=name)


urlpatterns = [
    path("", views.search, name="search"),
    path("pupillen/", views.wards, name="wards"),
    path("registreren/", views.register, name="register"),
    path("<int:pk>/", views.detail, name="detail"),
    _section("<int:pk>/identiteit/", "identity_record", "add_identity_record"),
    _section("<int:pk>/leeftijdsschouw/", "age_inspection", "add_age_inspection"),
    _section("<int:pk>/alias/", "alias", "add_alias"),
    _section("<int:pk>/document/", "document", "add_document"),
    _section("<int:pk>/eurodac/", "eurodac_hit", "add_eurodac_hit"),
    _section("<int:pk>/referentie/", "foreign_reference", "add_foreign_reference"),
    _section("<int:pk>/asiel/", "asylum_application", "add_asylum_application"),
    _section("<int:pk>/leeftijdsonderzoek/", "age_investigation", "start_age_investigation"),
    _section("<int:pk>/voogd/", "guardian", "assign_guardian"),
    path("identiteit/<int:pk>/wijzigen/", views.edit_identity_record, name="edit_identity_record"),
    path("identiteit/<int:pk>/foto/", views.photo, name="photo"),
    path(
        "leeftijdsonderzoek/<int:pk>/afronden/",
        views.conclude_age_investigation,
        name="conclude_age_investigation",
    ),
    path("voogdij/<int:pk>/beeindigen/", views.end_guardianship, name="end_guardianship"),
]
