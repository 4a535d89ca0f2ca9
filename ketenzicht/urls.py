from django.urls import include, path
from django.views.i18n import JavaScriptCatalog, set_language
from drf_spectacular.views import SpectacularAPIView

urlpatterns = [
    path("", include("ketenzicht.core.urls")),
    path("account/", include("ketenzicht.accounts.urls")),
    path("personen/", include("ketenzicht.people.urls")),
    path("opvang/", include("ketenzicht.reception.urls")),
    path("audit/", include("ketenzicht.audit.urls")),
    path("werkvoorraad/", include("ketenzicht.deadlines.urls")),
    path("vertrek/", include("ketenzicht.departures.urls")),
    path("signalen/", include("ketenzicht.signals.urls")),
    path("koppeling/", include("ketenzicht.linkage.urls")),
    path("melden/", include("ketenzicht.signals.public_urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("api/v1/", include("ketenzicht.core.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
]

handler400 = "ketenzicht.core.views.bad_request"
handler403 = "ketenzicht.core.views.permission_denied"
handler404 = "ketenzicht.core.views.page_not_found"
handler500 = "ketenzicht.core.views.server_error"
