"""Departure pages: thin adapters over selectors and services."""

from __future__ import annotations

from dataclasses import fields as dc_fields
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ketenzicht.access.enforce import allows_kind, get_visible_or_404
from ketenzicht.access.policy import Action
from ketenzicht.accounts.roles import Role
from ketenzicht.audit.services import record_export, record_read
from ketenzicht.people.models import Person

from . import forms, selectors, services
from .glossary import GLOSSARY
from .rules import current_rules
from .workflow import GUARDS, TRANSITIONS, Step

KIND = "departures.departurecase"


def _query_string(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@login_required
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    if not allows_kind(request.user, Action.LIST, KIND):
        raise PermissionDenied
    form = forms.CaseFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    page = selectors.case_list(
        request.user,
        status=filters.get("status", ""),
        classification=filters.get("classification", ""),
        bo_only=filters.get("bo_only", False),
        overdue_only=filters.get("overdue_only", False),
        page=request.GET.get("page", 1),
    )
    return render(
        request,
        "departures/case_list.html",
        {
            "form": form,
            "page": page,
            "query_string": _query_string(request),
            "may_see_proposals": allows_kind(
                request.user, Action.LIST, "departures.triggerproposal"
            ),
            "may_see_figures": allows_kind(request.user, Action.EXPORT, KIND),
            "open_choices": (
                selectors.persons_for_departure(request.user)
                if allows_kind(request.user, Action.CREATE, KIND)
                else None
            ),
        },
    )


@login_required
@require_GET
def choose_person(request: HttpRequest) -> HttpResponse:
    """The "register a departure" picker on the list posts here (GET) and is sent on."""
    try:
        person_pk = int(request.GET.get("person", ""))
    except ValueError:
        return redirect("departures:case_list")
    return redirect("departures:open", person_pk=person_pk)


STEP_SERVICES = {
    Step.REPORT_TO_POLICE: services.report_to_police,
    Step.INFORM_GUARDIAN: services.inform_guardian,
    Step.ACKNOWLEDGE: services.acknowledge,
    Step.RECORD_MISSING_PERSON_REPORT: services.record_missing_person_report,
    Step.CLASSIFY: services.classify,
    Step.REGISTER_GUARDIANSHIP_TRANSFER: services.register_guardianship_transfer,
    Step.INFORM_POLICE_CLOSURE: services.inform_police_closure,
    Step.REGISTER_DTV_DEPARTURE: services.register_dtv_departure,
    Step.INFORM_IND: services.inform_ind,
    Step.RECORD_TRAFFICKING_SIGN: services.record_trafficking_sign,
    Step.RECORD_REAPPEARANCE: services.record_reappearance,
    Step.CLOSE: services.close,
    Step.REOPEN: services.reopen,
}


@login_required
@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    page = selectors.case_page(request.user, pk)
    record_read(actor=request.user, obj=page.case, person_id=page.case.person_id)
    step_forms = [
        {"step": step, "label": Step(step).label, "form": forms.step_form(step, page.case)}
        for step in page.next_steps
    ]
    return render(
        request,
        "departures/case_detail.html",
        {
            "page": page,
            "case": page.case,
            "step_forms": step_forms,
            "blocked": [(Step(s).label, reasons) for s, reasons in page.blocked],
            "may_view_person": allows_kind(request.user, Action.VIEW, "people.person"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def take_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    if step not in STEP_SERVICES:
        raise Http404
    case = selectors.get_case_for(request.user, pk)
    form = forms.step_form(step, case, request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("version")
            try:
                STEP_SERVICES[step](actor=request.user, case=case, expected_version=version, **data)
            except ValidationError as exc:
                forms.apply_service_errors(form, exc)
            else:
                messages.success(request, _("Done: %(step)s.") % {"step": Step(step).label})
                return redirect("departures:case_detail", pk=case.pk)
    if request.method == "GET":
        record_read(actor=request.user, obj=case, person_id=case.person_id)
    edge = TRANSITIONS.get((case.status, step))
    return render(
        request,
        "departures/step.html",
        {"case": case, "form": form, "step": step, "label": Step(step).label, "edge": edge},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def open_case(request: HttpRequest, person_pk: int) -> HttpResponse:
    if not allows_kind(request.user, Action.CREATE, KIND):
        raise PermissionDenied
    person = get_visible_or_404(request.user, Person.objects.all(), person_pk)
    initial = {"detected_at": timezone.localtime().replace(second=0, microsecond=0)}
    form = forms.OpenCaseForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                case = services.open_case(actor=request.user, person=person, **form.cleaned_data)
            except ValidationError as exc:
                forms.apply_service_errors(form, exc)
            else:
                messages.success(request, _("The departure has been registered."))
                return redirect("departures:case_detail", pk=case.pk)
    record_read(actor=request.user, obj=person, person_id=person.pk)
    return render(request, "departures/open.html", {"form": form, "person": person}, status=status)


@login_required
@require_GET
def proposals(request: HttpRequest) -> HttpResponse:
    if not allows_kind(request.user, Action.LIST, "departures.triggerproposal"):
        raise PermissionDenied
    page = selectors.proposals(request.user, page=request.GET.get("page", 1))
    return render(
        request,
        "departures/proposals.html",
        {"page": page, "confirm_form": forms.ConfirmForm(), "dismiss_form": forms.DismissForm()},
    )


@login_required
@require_POST
def confirm_proposal(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.get_proposal_for(request.user, pk)
    form = forms.ConfirmForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        case = services.confirm_proposal(actor=request.user, proposal=proposal, note=note)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("departures:proposals")
    messages.success(request, _("The departure has been registered."))
    return redirect("departures:case_detail", pk=case.pk)


@login_required
@require_http_methods(["GET", "POST"])
def dismiss_proposal(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.get_proposal_for(request.user, pk)
    form = forms.DismissForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.dismiss_proposal(
                    actor=request.user, proposal=proposal, note=form.cleaned_data["note"]
                )
            except ValidationError as exc:
                forms.apply_service_errors(form, exc)
            else:
                messages.success(request, _("The proposal has been dismissed."))
                return redirect("departures:proposals")
    return render(
        request,
        "departures/dismiss.html",
        {"form": form, "proposal": proposal},
        status=status,
    )


@login_required
@require_GET
def glossary(request: HttpRequest) -> HttpResponse:
    return render(request, "departures/glossary.html", {"terms": GLOSSARY})


@login_required
@require_GET
def settings_page(request: HttpRequest) -> HttpResponse:
    rules = current_rules()
    values = {f.name: getattr(rules, f.name) for f in dc_fields(rules)}
    steps = []
    for step in (
        Step.REPORT_TO_POLICE,
        Step.INFORM_GUARDIAN,
        Step.ACKNOWLEDGE,
        Step.RECORD_MISSING_PERSON_REPORT,
        Step.CLASSIFY,
        Step.INFORM_POLICE_CLOSURE,
        Step.CLOSE,
        Step.REGISTER_DTV_DEPARTURE,
        Step.INFORM_IND,
    ):
        org = services._responsible(step)
        steps.append({"label": Step(step).label, "hours": rules.rule(step).hours, "org": org})
    table = [
        {
            "status": status,
            "step": Step(step).label,
            "roles": sorted(str(Role(r).label) for r in edge.roles),
            "reason": edge.reason,
            "guards": [_(GUARDS[g].message) for g in edge.guards],
            "target": edge.target,
        }
        for (status, step), edge in TRANSITIONS.items()
    ]
    return render(
        request,
        "departures/settings.html",
        {"rules": rules, "values": values, "steps": steps, "table": table},
    )


@login_required
@require_GET
def figures(request: HttpRequest) -> HttpResponse:
    if not allows_kind(request.user, Action.EXPORT, KIND):
        raise PermissionDenied
    today = timezone.localdate()
    default = {"start": date(today.year - 1, today.month, 1), "end": today}
    form = forms.PeriodForm(request.GET or None, initial=default)
    period = default
    status = 200
    if form.is_bound:
        if form.is_valid():
            period = {"start": form.cleaned_data["start"], "end": form.cleaned_data["end"]}
        else:
            status = 400
    result = selectors.figures(request.user, start=period["start"], end=period["end"])
    record_export(
        actor=request.user,
        object_kind=KIND,
        count=0,
        filters={"start": str(period["start"]), "end": str(period["end"]), "page": "figures"},
    )
    return render(
        request,
        "departures/figures.html",
        {
            "form": form,
            "figures": result,
            "step_rows": _rows(
                result.steps,
                {r.organisation: r.organisation for r in result.step_rows},
                {r.organisation: r.on_time_pct for r in result.step_rows},
            ),
            "classification_rows": _rows(
                result.classification, {m: m for m in result.classification.rows}
            ),
            "classification_totals": [
                result.classification.column_totals[c] for c in result.classification.columns
            ],
            "reappearance_rows": _rows(
                result.reappearance,
                {"bo": _("Protected reception (BO)"), "other": _("Other reception")},
                result.reappearance_rate,
            ),
        },
        status=status,
    )


def _rows(table, labels: dict, rates: dict | None = None) -> list[dict]:
    """Display rows of a protected table: label, cells in column order, total, rate."""
    return [
        {
            "label": labels[r],
            "cells": [table.cell(r, c) for c in table.columns],
            "total": table.row_totals[r],
            "rate": (rates or {}).get(r),
        }
        for r in table.rows
    ]
