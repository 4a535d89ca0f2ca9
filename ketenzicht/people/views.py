"""Pages of the person registry: thin adapters over selectors and services."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from ketenzicht.access.enforce import NotVisible, allows_kind, get_visible_or_404
from ketenzicht.access.policy import Action
from ketenzicht.audit.services import record_read
from ketenzicht.core.timeline import timeline_for

from . import age_text, countries, forms, selectors, services
from .models import IdentityRecord

# What the person page offers to add, per object kind the policy lets the role create.
ADD_ACTIONS = (
    ("people:add_identity_record", "people.identityrecord", gettext_lazy("identity record")),
    ("people:add_age_inspection", "people.ageinspection", gettext_lazy("leeftijdsschouw")),
    ("people:add_alias", "people.alias", gettext_lazy("alias")),
    ("people:add_document", "people.identitydocument", gettext_lazy("document")),
    ("people:add_eurodac_hit", "people.eurodachit", gettext_lazy("Eurodac hit")),
    ("people:add_foreign_reference", "people.foreignreference", gettext_lazy("foreign reference")),
    (
        "people:add_asylum_application",
        "people.asylumapplication",
        gettext_lazy("asylum application"),
    ),
    (
        "people:start_age_investigation",
        "people.ageinvestigation",
        gettext_lazy("age investigation"),
    ),
    ("people:assign_guardian", "people.guardianship", gettext_lazy("guardian")),
    # Other capabilities that start from a person file.
    (
        "reception:risk_assessment_create",
        "reception.riskassessment",
        gettext_lazy("risk assessment"),
    ),
    ("departures:open", "departures.departurecase", gettext_lazy("departure")),
)
# Reached with the person as a query parameter (the form serves other starts too).
QUERY_ACTIONS = (
    ("signals:create", "signals.signal", gettext_lazy("signal of trafficking or smuggling")),
)
RELATED_PAGES = (
    ("reception:presence_history", "reception.presencecheck", gettext_lazy("reporting history")),
)


def _query_string(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@login_required
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    if not allows_kind(request.user, Action.LIST, "people.person"):
        raise PermissionDenied
    form = forms.SearchForm(request.GET or None, user=request.user)
    result = None
    # Without any criterion there is nothing to search: listing (and counting)
    # every visible person of a million-person register helps nobody.
    if form.is_bound and form.is_valid() and any(form.search_kwargs().values()):
        result = selectors.search_persons(
            request.user, page=request.GET.get("page", 1), **form.search_kwargs()
        )
    context = {
        "form": form,
        "result": result,
        "query_string": _query_string(request),
        "can_register": allows_kind(request.user, Action.CREATE, "people.person"),
    }
    template = "people/_results.html" if request.htmx else "people/search.html"
    return render(request, template, context)


@login_required
@require_GET
def wards(request: HttpRequest) -> HttpResponse:
    sort = request.GET.get("sort", selectors.DEFAULT_WARD_SORT)
    if sort not in selectors.WARD_SORTS:
        sort = selectors.DEFAULT_WARD_SORT
    result = selectors.wards_of(request.user, sort=sort, page=request.GET.get("page", 1))
    return render(
        request,
        "people/wards.html",
        {"result": result, "sort": sort, "query_string": f"sort={sort}"},
    )


def _audit_log_url(page) -> str:
    if not page.can_view_log:
        return ""
    try:
        return reverse("audit:person_log", args=[page.person.pk])
    except NoReverseMatch:  # the audit pages arrive separately
        return ""


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    from ketenzicht.linkage import selectors as linkage

    try:
        page = selectors.person_page(request.user, pk)
    except NotVisible:
        # A person merged into another lives on in the survivor (ADR 0010).
        survivor = linkage.survivor_for(request.user, pk)
        if survivor is None:
            raise
        messages.info(
            request,
            _(linkage.MERGED_INTO_MESSAGE) % {"survivor": survivor.pseudonym},
        )
        return redirect("people:detail", survivor.pk)
    record_read(actor=request.user, obj=page.person, person_id=page.person.pk)
    user = request.user
    own_org = user.organisation_id
    may_update_records = allows_kind(user, Action.UPDATE, "people.identityrecord")
    adds = [
        {"url": reverse(name, args=[page.person.pk]), "label": label}
        for name, kind, label in ADD_ACTIONS
        if allows_kind(user, Action.CREATE, kind)
        and not (
            kind == "people.identityrecord"
            and any(r.organisation_id == own_org for r in page.records)
        )
        and not (kind == "people.ageinvestigation" and page.open_investigation)
    ]
    adds += [
        {"url": f"{reverse(name)}?person={page.person.pk}", "label": label}
        for name, kind, label in QUERY_ACTIONS
        if allows_kind(user, Action.CREATE, kind)
    ]
    adds += [
        {"url": reverse(name, args=[page.person.pk]), "label": label, "plain": True}
        for name, kind, label in RELATED_PAGES
        if allows_kind(user, Action.LIST, kind)
    ]
    provenance = linkage.provenance_for(page.person)
    for record in page.records:
        record.merged_from = provenance.record_merge.get(record.pk)
    context = {
        "page": page,
        "person": page.person,
        "status_answer": age_text.answer(page.age_status),
        "photo_record": next((r for r in page.records if r.photo), None),
        "status_reason": age_text.reason(page.age_status),
        "status_badge": age_text.BADGE[page.age_status.minor],
        # The update scope is "own organisation's record of a visible person";
        # the person is visible, so the organisation decides (no query per record).
        "editable_record_ids": {
            r.pk for r in page.records if may_update_records and r.organisation_id == own_org
        },
        "adds": adds,
        "can_conclude": allows_kind(user, Action.UPDATE, "people.ageinvestigation"),
        "can_end_guardianship": allows_kind(user, Action.UPDATE, "people.guardianship"),
        "timeline": timeline_for(user, page.person),
        # Persons merged into this one and the records they brought (linkage).
        "provenance": provenance,
        "audit_log_url": _audit_log_url(page),
        "nationality_name": countries.name,
    }
    return render(request, "people/detail.html", context)


@login_required
@require_GET
def photo(request: HttpRequest, pk: int) -> HttpResponse:
    """A photo from an identity record, only for those who may see the record."""
    record = get_visible_or_404(request.user, IdentityRecord.objects.all(), pk)
    if not record.photo:
        raise NotVisible
    record_read(actor=request.user, obj=record, person_id=record.person_id)
    response = FileResponse(record.photo.open("rb"))
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    if not allows_kind(request.user, Action.CREATE, "people.person"):
        raise PermissionDenied
    may_inspect = allows_kind(request.user, Action.CREATE, "people.ageinspection")
    data = request.POST if request.method == "POST" else None
    identity_form = forms.IdentityForm(data, request.FILES or None)
    choice_form = forms.RegisterInspectionChoice(data)
    inspection_form = (
        forms.InspectionForm(data, prefix="inspection", actor=request.user) if may_inspect else None
    )
    if request.method == "POST":
        with_inspection = (
            may_inspect and choice_form.is_valid() and choice_form.cleaned_data["with_inspection"]
        )
        valid = identity_form.is_valid()
        if with_inspection:
            valid = inspection_form.is_valid() and valid
        if valid:
            try:
                person = services.register_person(
                    actor=request.user,
                    identity=identity_form.identity_data(),
                    inspection=inspection_form.inspection_data() if with_inspection else None,
                )
            except ValidationError as exc:
                forms.apply_service_errors(identity_form, exc, skip=("inspection_",))
                if inspection_form is not None:
                    forms.apply_service_errors(inspection_form, exc, prefix="inspection_")
            else:
                messages.success(request, _("The person has been registered."))
                return redirect("people:detail", pk=person.pk)
    return render(
        request,
        "people/register.html",
        {
            "form": identity_form,
            "choice_form": choice_form,
            "inspection_form": inspection_form,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit_identity_record(request: HttpRequest, pk: int) -> HttpResponse:
    record = selectors.visible_record_for_update(request.user, pk)
    person = record.person
    if request.method == "POST":
        form = forms.IdentityForm(request.POST, request.FILES or None)
        if form.is_valid():
            try:
                services.update_identity_record(
                    actor=request.user, record=record, identity=form.identity_data()
                )
            except ValidationError as exc:
                forms.apply_service_errors(form, exc)
            else:
                messages.success(request, _("The identity record has been saved."))
                return redirect("people:detail", pk=person.pk)
    else:
        form = forms.IdentityForm(initial=forms.IdentityForm.initial_from(record))
    return render(
        request,
        "people/form.html",
        {
            "form": form,
            "person": person,
            "title": _("Edit your organisation's identity record"),
            "multipart": True,
        },
        status=400 if request.method == "POST" else 200,
    )


# --- small forms on a person ----------------------------------------------------------


@dataclass(frozen=True)
class PersonForm:
    form: type
    kind: str
    title: Any
    save: Callable[..., Any]
    action: Action = Action.CREATE
    multipart: bool = False
    with_actor: bool = False


def _identity(actor, person, form):
    return services.add_identity_record(actor=actor, person=person, identity=form.identity_data())


PERSON_FORMS: dict[str, PersonForm] = {
    "identity_record": PersonForm(
        forms.IdentityForm,
        "people.identityrecord",
        gettext_lazy("Add your organisation's identity record"),
        _identity,
        multipart=True,
    ),
    "age_inspection": PersonForm(
        forms.InspectionForm,
        "people.ageinspection",
        gettext_lazy("Record a leeftijdsschouw"),
        lambda actor, person, form: services.record_age_inspection(
            actor=actor, person=person, data=form.inspection_data()
        ),
        with_actor=True,
    ),
    "alias": PersonForm(
        forms.AliasForm,
        "people.alias",
        gettext_lazy("Add an alias"),
        lambda actor, person, form: services.add_alias(
            actor=actor, person=person, **form.cleaned_data
        ),
    ),
    "document": PersonForm(
        forms.DocumentForm,
        "people.identitydocument",
        gettext_lazy("Add an identity document"),
        lambda actor, person, form: services.add_document(
            actor=actor, person=person, **form.cleaned_data
        ),
    ),
    "eurodac_hit": PersonForm(
        forms.EurodacHitForm,
        "people.eurodachit",
        gettext_lazy("Add a Eurodac hit"),
        lambda actor, person, form: services.add_eurodac_hit(
            actor=actor, person=person, **form.cleaned_data
        ),
    ),
    "foreign_reference": PersonForm(
        forms.ForeignReferenceForm,
        "people.foreignreference",
        gettext_lazy("Add a foreign or Schengen reference"),
        lambda actor, person, form: services.add_foreign_reference(
            actor=actor, person=person, **form.cleaned_data
        ),
    ),
    "asylum_application": PersonForm(
        forms.AsylumApplicationForm,
        "people.asylumapplication",
        gettext_lazy("Record an asylum application"),
        lambda actor, person, form: services.record_asylum_application(
            actor=actor, person=person, **form.cleaned_data
        ),
    ),
    "age_investigation": PersonForm(
        forms.StartInvestigationForm,
        "people.ageinvestigation",
        gettext_lazy("Start an age investigation"),
        lambda actor, person, form: services.start_age_investigation(
            actor=actor, person=person, **form.cleaned_data
        ),
    ),
    "guardian": PersonForm(
        forms.GuardianForm,
        "people.guardianship",
        gettext_lazy("Assign a guardian (voogd)"),
        lambda actor, person, form: services.assign_guardian(
            actor=actor, person=person, **form.cleaned_data
        ),
    ),
}


@login_required
@require_http_methods(["GET", "POST"])
def person_form(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    spec = PERSON_FORMS[section]
    # Same order as the services: an invisible person is 404, a kind the role
    # may not create is 403.
    person = selectors.visible_person(request.user, pk)
    if not allows_kind(request.user, spec.action, spec.kind):
        raise PermissionDenied
    kwargs: dict = {"actor": request.user} if spec.with_actor else {}
    if request.method == "POST":
        form = spec.form(request.POST, request.FILES or None, **kwargs)
        if form.is_valid():
            try:
                with transaction.atomic():
                    spec.save(request.user, person, form)
            except ValidationError as exc:
                forms.apply_service_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("people:detail", pk=person.pk)
    else:
        form = spec.form(**kwargs)
    return render(
        request,
        "people/form.html",
        {"form": form, "person": person, "title": spec.title, "multipart": spec.multipart},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def conclude_age_investigation(request: HttpRequest, pk: int) -> HttpResponse:
    investigation = selectors.visible_investigation_for_update(request.user, pk)
    form = forms.ConcludeInvestigationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.conclude_age_investigation(
                actor=request.user, investigation=investigation, **form.cleaned_data
            )
        except ValidationError as exc:
            forms.apply_service_errors(form, exc)
        else:
            messages.success(request, _("The age investigation has been concluded."))
            return redirect("people:detail", pk=investigation.person_id)
    return render(
        request,
        "people/form.html",
        {
            "form": form,
            "person": investigation.person,
            "title": _("Conclude the age investigation"),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def end_guardianship(request: HttpRequest, pk: int) -> HttpResponse:
    guardianship = selectors.visible_guardianship_for_update(request.user, pk)
    form = forms.EndGuardianshipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.end_guardianship(
                actor=request.user, guardianship=guardianship, **form.cleaned_data
            )
        except ValidationError as exc:
            forms.apply_service_errors(form, exc)
        else:
            messages.success(request, _("The guardianship has been ended."))
            return redirect("people:detail", pk=guardianship.person_id)
    return render(
        request,
        "people/form.html",
        {"form": form, "person": guardianship.person, "title": _("End the guardianship")},
        status=400 if request.method == "POST" else 200,
    )
