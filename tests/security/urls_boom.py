"""The project's URLs plus views that fail, for the error-page tests."""

from django.urls import path

from ketenzicht.urls import handler400, handler403, handler404, handler500  # noqa: F401
from ketenzicht.urls import urlpatterns as project_urls


def boom(request):
    raise RuntimeError("deliberate failure for the 500 page test")


urlpatterns = [
    path("kapot/", boom),
    path("api/v1/kapot/", boom),
    *project_urls,
]
