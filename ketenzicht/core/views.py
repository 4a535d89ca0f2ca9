from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from ketenzicht.access.policy import POLICY, Action

from .landing import landing_url_name

PROBLEM_TITLES = {
    400: "Bad request",
    403: "Forbidden",
    404: "Not found",
    500: "Internal server error",
}


ACTION_LABELS = {
    Action.LIST: gettext_lazy("list"),
    Action.VIEW: gettext_lazy("view"),
    Action.CREATE: gettext_lazy("create"),
    Action.UPDATE: gettext_lazy("change"),
    Action.EXPORT: gettext_lazy("export"),
    Action.VIEW_LOG: gettext_lazy("see who viewed"),
}

# Readable names for the policy's scopes; a scope added later without a label
# is shown by its code, which the workspace test catches.
SCOPE_LABELS = {
    "all": gettext_lazy("everything in the chain"),
    "actors_of_own_organisation": gettext_lazy("actions by your own organisation"),
    "asylum_affected": gettext_lazy("persons with an asylum application"),
    "at_own_location": gettext_lazy("at your own location"),
    "from_own_location": gettext_lazy("from your own location"),
    "if_coa": gettext_lazy("if you work for COA"),
    "graded_within_ceiling": gettext_lazy("graded, within your handling code"),
    "in_return_process": gettext_lazy("persons in the return process"),
    "linked_to_visible_signal": gettext_lazy("linked to a signal you may see"),
    "locations_of_own_organisation": gettext_lazy("locations of your organisation"),
    "of_own_wards": gettext_lazy("of your own wards"),
    "of_visible_person": gettext_lazy("of persons you may see"),
    "own_location": gettext_lazy("your own location"),
    "own_notifications": gettext_lazy("your own notifications"),
    "own_organisation": gettext_lazy("your own organisation"),
    "own_organisation_queue": gettext_lazy("your organisation's work queue"),
    "own_submissions": gettext_lazy("what you submitted"),
    "own_wards": gettext_lazy("your own wards"),
    "placed_at_own_location": gettext_lazy("placed at your own location"),
    "police_chain": gettext_lazy("reported to the police, chain-wide"),
    "police_region": gettext_lazy("your police region"),
    "receiving_organisation": gettext_lazy("received by your organisation"),
    "recorded_by_own_organisation": gettext_lazy("recorded by your organisation"),
    "submitted_for_assessment": gettext_lazy("submitted for assessment"),
    "team_of_own_organisation": gettext_lazy("teams of your organisation"),
    "with_trafficking_sign": gettext_lazy("with a sign of trafficking"),
}


# Policy kinds that are aggregates rather than models.
KIND_LABELS = {
    "signals.statistics": gettext_lazy("signal counts"),
}


def kind_label(kind: str) -> str:
    if kind in KIND_LABELS:
        return str(KIND_LABELS[kind])
    try:
        return str(apps.get_model(kind)._meta.verbose_name_plural)
    except (LookupError, ValueError):
        return kind


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
            actions = [str(ACTION_LABELS.get(a, a.value)) for a in sorted(grant.actions)]
            scope = SCOPE_LABELS.get(grant.scope, grant.scope)
            rights.append((kind_label(kind), actions, scope))
    rights.sort(key=lambda row: row[0].lower())
    return render(request, "core/workspace.html", {"rights": rights})


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
