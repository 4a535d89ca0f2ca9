"""User and unit administration pages: thin adapters over selectors and services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ketenzicht.access.enforce import allows_kind
from ketenzicht.access.policy import Action

from . import selectors, services
from .forms import UnitForm, UserFilterForm, UserForm, apply_service_errors

USER_KIND = services.USER_KIND
UNIT_KIND = services.UNIT_KIND


def _require_kind(request: HttpRequest, action: Action, kind: str) -> None:
    if not allows_kind(request.user, action, kind):
        raise PermissionDenied


def sort_headers(params: QueryDict, current: str, keys: list[str]) -> dict[str, dict[str, str]]:
    """For each sortable column: the link that sorts by it (toggling) and its aria-sort."""
    headers = {}
    for key in keys:
        query = params.copy()
        query.pop("page", None)
        query["sort"] = f"-{key}" if current == key else key
        aria = "ascending" if current == key else "descending" if current == f"-{key}" else ""
        headers[key] = {"url": "?" + query.urlencode(), "aria": aria}
    return headers


def _query_string(params: QueryDict) -> str:
    query = params.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
@require_GET
def user_list(request: HttpRequest) -> HttpResponse:
    _require_kind(request, Action.LIST, USER_KIND)
    form = UserFilterForm(request.GET or None, actor=request.user)
    sort = request.GET.get("sort", selectors.DEFAULT_USER_SORT)
    if sort not in selectors.USER_SORTS:
        sort = selectors.DEFAULT_USER_SORT
    kwargs = form.selector_kwargs() if form.is_bound else {}
    page = selectors.users_visible_to(
        request.user, sort=sort, page=request.GET.get("page", 1), **kwargs
    )
    filtered = any(kwargs.get(k) not in (None, "") for k in ("search", "role", "unit", "active"))
    context = {
        "form": form,
        "page": page,
        "sort": sort,
        "filtered": filtered,
        "headers": sort_headers(request.GET, sort, ["name", "username", "role", "unit"]),
        "query_string": _query_string(request.GET),
        "can_create": allows_kind(request.user, Action.CREATE, USER_KIND),
    }
    template = "accounts/_user_results.html" if request.htmx else "accounts/user_list.html"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def user_create(request: HttpRequest) -> HttpResponse:
    _require_kind(request, Action.CREATE, USER_KIND)
    form = UserForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.create_user(
                actor=request.user,
                username=form.cleaned_data["username"],
                data=form.user_data(),
                password1=form.cleaned_data["password1"],
                password2=form.cleaned_data["password2"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request, _("The account %(username)s has been created.") % {"username": user}
            )
            return redirect("accounts:user_edit", pk=user.pk)
    return render(
        request,
        "accounts/user_form.html",
        {"form": form, "creating": True},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    target = selectors.user_for_admin(request.user, pk)
    form = UserForm(request.POST or None, actor=request.user, instance=target)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_user(actor=request.user, user=target, data=form.user_data())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("accounts:user_edit", pk=target.pk)
    context = {
        "form": form,
        "target": target,
        "creating": False,
        "is_self": target.pk == request.user.pk,
        "locked_out": selectors.is_locked_out(target),
        "has_two_factor": selectors.has_two_factor(target),
        "may_view_audit": allows_kind(request.user, Action.LIST, "audit.auditevent"),
    }
    return render(
        request,
        "accounts/user_form.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


def _user_action(request: HttpRequest, pk: int, action, success: str) -> HttpResponse:
    target = selectors.user_for_admin(request.user, pk)
    try:
        action(actor=request.user, user=target)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, success % {"username": target.username})
    return redirect("accounts:user_edit", pk=target.pk)


@login_required
@require_POST
def user_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _user_action(
        request,
        pk,
        services.deactivate_user,
        _("The account %(username)s has been deactivated. It can no longer log in."),
    )


@login_required
@require_POST
def user_reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _user_action(
        request,
        pk,
        services.reactivate_user,
        _("The account %(username)s is active again."),
    )


@login_required
@require_POST
def user_reset_two_factor(request: HttpRequest, pk: int) -> HttpResponse:
    return _user_action(
        request,
        pk,
        services.reset_two_factor,
        _("Two-factor login of %(username)s was reset; the next login sets up a new app."),
    )


@login_required
@require_POST
def user_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    return _user_action(
        request,
        pk,
        services.unlock_user,
        _("The account %(username)s has been unlocked."),
    )


# --- units -------------------------------------------------------------------


@login_required
@require_GET
def unit_list(request: HttpRequest) -> HttpResponse:
    _require_kind(request, Action.LIST, UNIT_KIND)
    sort = request.GET.get("sort", selectors.DEFAULT_UNIT_SORT)
    if sort not in selectors.UNIT_SORTS:
        sort = selectors.DEFAULT_UNIT_SORT
    page = selectors.units_visible_to(request.user, sort=sort, page=request.GET.get("page", 1))
    return render(
        request,
        "accounts/unit_list.html",
        {
            "page": page,
            "sort": sort,
            "headers": sort_headers(request.GET, sort, ["name", "kind"]),
            "query_string": _query_string(request.GET),
            "can_create": allows_kind(request.user, Action.CREATE, UNIT_KIND),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_create(request: HttpRequest) -> HttpResponse:
    _require_kind(request, Action.CREATE, UNIT_KIND)
    form = UnitForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.create_unit(actor=request.user, data=form.unit_data())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request, _("The unit %(name)s has been created.") % {"name": unit.name}
            )
            return redirect("accounts:unit_list")
    return render(
        request,
        "accounts/unit_form.html",
        {"form": form, "creating": True},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    unit = selectors.unit_for_admin(request.user, pk)
    form = UnitForm(request.POST or None, actor=request.user, instance=unit)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_unit(
                actor=request.user,
                unit=unit,
                data=form.unit_data(),
                is_active=form.cleaned_data["is_active"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("accounts:unit_list")
    return render(
        request,
        "accounts/unit_form.html",
        {"form": form, "unit": unit, "creating": False},
        status=400 if request.method == "POST" else 200,
    )
