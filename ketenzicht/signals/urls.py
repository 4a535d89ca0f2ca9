from django.urls import path

from . import views, views_categories, views_statistics

app_name = "signals"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("nieuw/", views.create, name="create"),
    path("export.csv", views.export_csv, name="export"),
    path("onderzoeken/", views.investigations, name="investigations"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/triage/", views.triage, name="triage"),
    path("<int:pk>/naar-om/", views.submit_to_om, name="submit_to_om"),
    path("<int:pk>/koppelen/", views.link_entity, name="link_entity"),
    path("<int:pk>/beoordelen/", views.assess, name="assess"),
    path("<int:pk>/samenvoegen/", views.merge, name="merge"),
    path("<int:pk>/bijlage/<int:attachment_id>/", views.attachment, name="attachment"),
    path("entiteiten/<int:pk>/", views.entity, name="entity"),
    path("categorieen/", views_categories.category_list, name="category_list"),
    path("categorieen/nieuw/", views_categories.category_edit, name="category_create"),
    path("categorieen/<int:pk>/", views_categories.category_edit, name="category_edit"),
    path("cijfers/", views_statistics.statistics_page, name="statistics"),
    path("cijfers.csv", views_statistics.statistics_csv, name="statistics_csv"),
]
