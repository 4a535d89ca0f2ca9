"""Reception pages: the meldplicht board, locations, placements, risk assessments."""

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ketenzicht.access.enforce import allows_kind, can, get_visible_or_404, require
from ketenzicht.access.policy import Action
from ketenzicht.audit import services as audit
from ketenzicht.core.forms import apply_service_errors
from ketenzicht.people.models import Person

from . import selectors, services
from .forms import (
    EndPlacementForm,
    LocationForm,
    PlacementForm,
    ReceiveForm,
    RiskAssessmentForm,
    RiskFactorForm,
    TransferForm,
)


def _person(request, pk) -> Person:
    return get_visible_or_404(request.user, Person.objects.all(), pk)


# --- the board ----------------------------------------------------------------


@login_required
def my_board(request: HttpRequest) -> HttpResponse:
    location = selectors.location_of_user(request.user)
    if location is None:
        return render(request, "reception/no_location.html")
    return redirect("reception:board", location.pk)


@login_required
def board(request: HttpRequest, pk: int) -> HttpResponse:
    location = selectors.get_location_for(request.user, pk)
    if not allows_kind(request.user, Action.LIST, "reception.presencecheck"):
        raise PermissionDenied
    data = selectors.board(request.user, location)
    audit.record_read(actor=request.user, obj=location)
    return render(
        request,
        "reception/board.html",
        {
            "board": data,
            "location": location,
            "may_check": allows_kind(request.user, Action.CREATE, "reception.presencecheck"),
            "may_manage": can(request.user, Action.UPDATE, "reception.location", location),
        },
    )


@login_required
@require_POST
def check_in(request: HttpRequest, pk: int) -> HttpResponse:
    placement = selectors.get_placement_for(request.user, pk)
    error = ""
    try:
        moment = datetime.fromisoformat(request.POST.get("moment", ""))
        services.record_presence(
            actor=request.user,
            placement=placement,
            moment=moment,
            status=request.POST.get("status", "present"),
            times=selectors.reporting_times_for(placement),
        )
    except ValueError:
        error = _("This is not a reporting moment of this person today.")
    except ValidationError as exc:
        error = " ".join(exc.messages)
    if request.htmx:
        data = selectors.board(request.user, placement.location)
        row = next((r for r in data.rows if r.placement.pk == placement.pk), None)
        return render(
            request,
            "reception/_board_row.html",
            {
                "row": row,
                "may_check": True,
                "error": error,
            },
            status=400 if error else 200,
        )
    if error:
        messages.error(request, error)
    return redirect("reception:board", placement.location_id)


@login_required
@require_POST
def confirm_arrival(request: HttpRequest, pk: int) -> HttpResponse:
    placement = selectors.get_placement_for(request.user, pk)
    try:
        services.confirm_arrival(actor=request.user, placement=placement)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The arrival is confirmed."))
    return redirect("reception:board", placement.location_id)


@login_required
def presence_history(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    if not allows_kind(request.user, Action.LIST, "reception.presencecheck"):
        raise PermissionDenied
    audit.record_read(actor=request.user, obj=person, person_id=person.pk)
    return render(
        request,
        "reception/presence_history.html",
        {
            "person": person,
            "history": selectors.presence_history(request.user, person),
        },
    )


# --- locations ------------------------------------------------------------------


@login_required
def location_list(request: HttpRequest) -> HttpResponse:
    if not allows_kind(request.user, Action.LIST, "reception.location"):
        raise PermissionDenied
    q = request.GET.get("q", "").strip()
    location_type = request.GET.get("type", "")
    sort = request.GET.get("sort", "name")
    page = selectors.locations_visible_to(
        request.user, q=q, location_type=location_type, sort=sort, page=request.GET.get("page", 1)
    )
    from .models import LocationType

    query = "&".join(
        f"{k}={v}" for k, v in (("q", q), ("type", location_type), ("sort", sort)) if v
    )
    return render(
        request,
        "reception/location_list.html",
        {
            "page": page,
            "q": q,
            "type": location_type,
            "sort": sort,
            "query_string": query,
            "types": LocationType.choices,
            "may_create": allows_kind(request.user, Action.CREATE, "reception.location"),
        },
    )


def _location_form(request, initial=None):
    return LocationForm(
        request.POST or None,
        initial=initial,
        regions=selectors.police_regions(),
        contacts=selectors.coa_contact_persons(),
    )


@login_required
def location_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    location = selectors.get_location_for(request.user, pk, Action.UPDATE) if pk else None
    if location is None:
        require(request.user, Action.CREATE, "reception.location")
    initial = None
    if location is not None:
        initial = {
            f: getattr(location, f)
            for f in ("name", "location_type", "capacity", "municipality", "reporting_times")
        }
        initial.update(
            police_region=location.police_region_id, contact_person=location.contact_person_id
        )
    form = _location_form(request, initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["reporting_times"] = data["reporting_times"] or None
        try:
            if location is None:
                location = services.create_location(
                    actor=request.user, data=services.LocationData(**data)
                )
            else:
                services.update_location(
                    actor=request.user, location=location, data=services.LocationData(**data)
                )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The location is saved."))
            return redirect("reception:location_list")
    return render(
        request,
        "reception/location_form.html",
        {"form": form, "location": location},
        status=400 if form.errors else 200,
    )


# --- placements -----------------------------------------------------------------


@login_required
def place_person(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    require(request.user, Action.CREATE, "reception.placement")
    locations = selectors.locations_for_choice(request.user)
    form = PlacementForm(
        request.POST or None,
        locations=locations,
        initial={
            "planned_arrival": timezone.localtime().replace(second=0, microsecond=0, tzinfo=None)
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.place_person(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The placement is registered; the person is awaited."))
            return redirect("people:detail", person.pk)
    return render(
        request,
        "reception/placement_form.html",
        {"form": form, "person": person, "title": _("Place at a location")},
        status=400 if form.errors else 200,
    )


@login_required
def receive(request: HttpRequest, pk: int) -> HttpResponse:
    """Register an announced arrival at this location by the person's number."""
    location = selectors.get_location_for(request.user, pk, Action.UPDATE)
    require(request.user, Action.CREATE, "reception.placement")
    form = ReceiveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = selectors.person_for_placement(data["identifier"])
        if person is None:
            form.add_error("identifier", _("No person with this number is registered."))
        else:
            try:
                services.place_person(
                    actor=request.user,
                    person=person,
                    location=location,
                    planned_arrival=data["planned_arrival"],
                    confirm_over_capacity=data["confirm_over_capacity"],
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("The arrival is announced; confirm it on arrival."))
                return redirect("reception:board", location.pk)
    return render(
        request,
        "reception/placement_form.html",
        {"form": form, "location": location, "title": _("Announce an arrival")},
        status=400 if form.errors else 200,
    )


@login_required
def transfer(request: HttpRequest, pk: int) -> HttpResponse:
    placement = selectors.get_placement_for(request.user, pk, Action.UPDATE)
    form = TransferForm(
        request.POST or None,
        locations=selectors.locations_for_choice(request.user).exclude(pk=placement.location_id),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.transfer_person(actor=request.user, placement=placement, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The transfer is registered; the person is awaited."))
            return redirect("reception:board", placement.location_id)
    return render(
        request,
        "reception/placement_form.html",
        {"form": form, "person": placement.person, "placement": placement, "title": _("Transfer")},
        status=400 if form.errors else 200,
    )


@login_required
def end_placement(request: HttpRequest, pk: int) -> HttpResponse:
    placement = selectors.get_placement_for(request.user, pk, Action.UPDATE)
    form = EndPlacementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.end_placement(
                actor=request.user,
                placement=placement,
                reason=form.cleaned_data["reason"],
                ended_at=form.cleaned_data.get("ended_at"),
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The placement has ended."))
            return redirect("reception:board", placement.location_id)
    return render(
        request,
        "reception/placement_form.html",
        {
            "form": form,
            "person": placement.person,
            "placement": placement,
            "title": _("End placement"),
        },
        status=400 if form.errors else 200,
    )


# --- risk -----------------------------------------------------------------------


@login_required
def risk_assessment_create(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    require(request.user, Action.CREATE, "reception.riskassessment")
    factors = list(selectors.risk_factor_catalogue())
    form = RiskAssessmentForm(request.POST or None, factors=factors)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        placement = selectors.open_placement_of(request.user, person)
        try:
            services.record_risk_assessment(
                actor=request.user,
                person=person,
                location=placement.location if placement else None,
                assessed_on=data["assessed_on"],
                level=data["level"],
                explanation=data["explanation"],
                review_on=data["review_on"],
                factors=form.chosen_factors(),
                measures=data["measures"],
                reporting_per_day=data.get("reporting_per_day"),
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The risk assessment is recorded."))
            return redirect("people:detail", person.pk)
    return render(
        request,
        "reception/risk_assessment_form.html",
        {"form": form, "person": person},
        status=400 if form.errors else 200,
    )


@login_required
def risk_factor_catalogue(request: HttpRequest) -> HttpResponse:
    may_maintain = allows_kind(request.user, Action.UPDATE, "reception.riskfactor")
    factors = selectors.all_risk_factors() if may_maintain else selectors.risk_factor_catalogue()
    return render(
        request, "reception/risk_factors.html", {"factors": factors, "may_maintain": may_maintain}
    )


@login_required
def risk_factor_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    factor = selectors.get_risk_factor_for(request.user, pk) if pk else None
    if factor is None:
        require(request.user, Action.CREATE, "reception.riskfactor")
    fields = ("code", "label_nl", "label_en", "explanation", "is_active")
    initial = {f: getattr(factor, f) for f in fields} if factor else None
    form = RiskFactorForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_risk_factor(actor=request.user, factor=factor, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The risk factor is saved."))
            return redirect("reception:risk_factor_catalogue")
    return render(
        request,
        "reception/location_form.html",
        {
            "form": form,
            "location": None,
            "title": _("Risk factor"),
            "back": "reception:risk_factor_catalogue",
        },
        status=400 if form.errors else 200,
    )
