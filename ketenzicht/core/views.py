from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ketenzicht.access.policy import POLICY, Action

from .landing import landing_url_name

PROBLEM_TITLES = {
    400: "Bad request",
    403: "Forbidden",
    404: "Not found",
    500: "Internal server error",
}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return redirect(landing_url_name(request.user.role))


@login_required
def workspace(request: HttpRequest) -> HttpResponse:
    from ketenzicht.accounts.roles import Role

    role = request.user.role
    rights = []
    for kind, grants in POLICY.items():
        grant = grants.get(Role(role)) if role else None
        if grant:
            rights.append((kind, sorted(a.value for a in grant.actions), grant.scope))
    return render(request, "core/workspace.html", {"rights": rights, "Action": Action})


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _error(request: HttpRequest, status: int, template: str) -> HttpResponse:
    if _is_api(request):
        return JsonResponse(
            {
                "type": "about:blank",
                "title": PROBLEM_TITLES[status],
                "status": status,
                "instance": request.path,
            },
            status=status,
            content_type="application/problem+json",
        )
    return render(request, template, {"status": status}, status=status)


def bad_request(request, exception=None):
    return _error(request, 400, "errors/400.html")


def permission_denied(request, exception=None):
    return _error(request, 403, "errors/403.html")


def page_not_found(request, exception=None):
    return _error(request, 404, "errors/404.html")


def server_error(request):
    # Rendered without a request context on purpose: the failure may be in it.
    if _is_api(request):
        return _error(request, 500, "")
    from django.template import loader

    template = loader.get_template("errors/500.html")
    return HttpResponse(template.render({"title": _("Something went wrong")}), status=500)
