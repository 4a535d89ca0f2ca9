"""Category maintenance by the functional administrator."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ketenzicht.access.enforce import allows_kind
from ketenzicht.access.policy import Action
from ketenzicht.core.forms import apply_service_errors

from . import selectors, services
from .forms import CategoryForm


@login_required
def category_list(request: HttpRequest) -> HttpResponse:
    if not allows_kind(request.user, Action.LIST, "signals.category"):
        raise PermissionDenied
    categories = selectors.categories_for_admin(request.user).order_by("position", "code")
    return render(request, "signals/category_list.html", {"categories": categories})


@login_required
def category_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    category = selectors.get_category_for(request.user, pk) if pk else None
    if category is None and not allows_kind(request.user, Action.CREATE, "signals.category"):
        raise PermissionDenied
    initial = (
        {
            "code": category.code,
            "label_nl": category.label_nl,
            "label_en": category.label_en,
            "parent": category.parent_id,
            "is_active": category.is_active,
        }
        if category
        else {"is_active": True}
    )
    form = CategoryForm(request.POST or None, initial=initial, parents=selectors.main_categories())
    if request.method == "POST" and form.is_valid():
        try:
            services.save_category(actor=request.user, category=category, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The category is saved."))
            return redirect("signals:category_list")
    return render(
        request,
        "signals/category_form.html",
        {"form": form, "category": category},
        status=400 if form.errors else 200,
    )
