"""Pages of identity linkage: review queue, pair, merges, runs, evaluation.

Thin adapters: parse the input, call a selector or a service, render.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ketenzicht.access.enforce import allows_kind, can, visible_person_ids
from ketenzicht.access.policy import Action
from ketenzicht.audit import services as audit
from ketenzicht.core.forms import apply_service_errors

from . import selectors, services
from .explain import comparison_label, waterfall
from .forms import DecisionForm, SplitForm, StartRunForm
from .models import QUEUE_STATUSES, CandidateStatus, RunKind
from .workflow import next_statuses

RUN_KIND = services.RUN_KIND
CANDIDATE_KIND = services.CANDIDATE_KIND
MERGE_KIND = services.MERGE_KIND


def _tabs(user) -> list[dict]:
    """The linkage pages this user may use (sub-navigation)."""
    tabs = [
        ("linkage:queue", _("Review queue"), CANDIDATE_KIND),
        ("linkage:merge_list", _("Merges"), MERGE_KIND),
        ("linkage:run_list", _("Runs"), RUN_KIND),
        ("linkage:evaluation", _("Evaluation"), CANDIDATE_KIND),
    ]
    return [
        {"url_name": name, "label": label}
        for name, label, kind in tabs
        if allows_kind(user, Action.LIST, kind)
    ]


def _render(request, template: str, context: dict, status: int = 200) -> HttpResponse:
    context.setdefault("tabs", _tabs(request.user))
    return render(request, template, context, status=status)


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The navigation entry: reviewers land on the queue, administrators on the runs."""
    if allows_kind(request.user, Action.LIST, CANDIDATE_KIND):
        return redirect("linkage:queue")
    if allows_kind(request.user, Action.LIST, RUN_KIND):
        return redirect("linkage:run_list")
    raise PermissionDenied


@login_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    if not allows_kind(request.user, Action.LIST, CANDIDATE_KIND):
        raise PermissionDenied
    status = request.GET.get("status", "")
    status = status if status in QUEUE_STATUSES else ""
    sort = request.GET.get("sort", selectors.DEFAULT_QUEUE_SORT)
    sort = sort if sort in selectors.QUEUE_SORTS else selectors.DEFAULT_QUEUE_SORT
    result = selectors.review_queue(
        request.user, status=status, sort=sort, page=request.GET.get("page", 1)
    )
    params = {k: v for k, v in (("status", status), ("sort", sort)) if v}
    return _render(
        request,
        "linkage/queue.html",
        {
            "page": result.page,
            "counts": result.counts,
            "status": status,
            "sort": sort,
            "statuses": [(s.value, s.label) for s in QUEUE_STATUSES],
            "sorts": [
                ("probability", _("highest probability first")),
                ("probability_asc", _("lowest probability first")),
                ("newest", _("newest first")),
            ],
            "query_string": urlencode(params),
        },
    )


def _pair_rows(left, right) -> list[dict]:
    """The two records field by field, as each organisation wrote them."""
    from ketenzicht.people.templatetags.people_tags import claimed_dob, country

    def dob(r) -> str:
        text = claimed_dob(r)
        if r.date_of_birth and r.dob_precision not in ("full", "unknown"):
            text = f"{text} ({r.get_dob_precision_display()})"
        return text

    def nationality(r) -> str:
        return f"{country(r.nationality)} ({r.nationality})" if r.nationality else ""

    # (label, value, compared): organisation and recording date differ by nature.
    fields = [
        (_("organisation"), lambda r: r.organisation.name, False),
        (_("organisation's own number"), lambda r: r.org_number, True),
        (_("V-number"), lambda r: r.v_number, True),
        (_("family name"), lambda r: r.family_name, True),
        (_("given names"), lambda r: r.given_names, True),
        (_("date of birth (as claimed)"), dob, True),
        (_("sex"), lambda r: r.get_sex_display(), True),
        (_("nationality"), nationality, True),
        (_("recorded"), lambda r: r.recorded_at.strftime("%d-%m-%Y"), False),
    ]
    rows = []
    for label, value, compared in fields:
        a, b = value(left) or "", value(right) or ""
        rows.append({"label": label, "left": a, "right": b, "differs": compared and a != b})
    return rows


def _candidate_context(request, candidate, *, form=None) -> dict:
    user = request.user
    persons = [candidate.left_record.person_id, candidate.right_record.person_id]
    visible_persons = set(
        visible_person_ids(user).filter(pk__in=persons).values_list("pk", flat=True)
    )
    may_decide = can(user, Action.UPDATE, CANDIDATE_KIND, candidate)
    decisions = [s for s in next_statuses(role=user.role, current=candidate.status) if s != "split"]
    merge = (
        selectors.merge_of(candidate)
        if candidate.status in (CandidateStatus.SAME, CandidateStatus.AUTO_LINKED)
        else None
    )
    return {
        "candidate": candidate,
        "left": candidate.left_record,
        "right": candidate.right_record,
        "records": [candidate.left_record, candidate.right_record],
        "rows": _pair_rows(candidate.left_record, candidate.right_record),
        "visible_persons": visible_persons,
        "bars": waterfall(candidate.explanation, candidate.match_weight),
        "one_person": candidate.left_record.person_id == candidate.right_record.person_id,
        "may_decide": may_decide and bool(decisions),
        "decisions": [(d, CandidateStatus(d).label) for d in decisions],
        "form": form or DecisionForm(),
        "merge": merge,
        "may_split": merge is not None and can(user, Action.UPDATE, MERGE_KIND, merge),
        "comparison_label": comparison_label,
    }


def _record_reads(user, candidate) -> None:
    # Both records are parts of person files: "who viewed" lists this page.
    persons = {candidate.left_record.person_id, candidate.right_record.person_id}
    for person_id in sorted(persons):
        audit.record_read(actor=user, obj=candidate, person_id=person_id)


@login_required
@require_GET
def candidate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = selectors.get_candidate_for(request.user, pk)
    _record_reads(request.user, candidate)
    return _render(request, "linkage/candidate.html", _candidate_context(request, candidate))


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = selectors.get_candidate_for(request.user, pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.decide(
                candidate,
                form.cleaned_data["decision"],
                by=request.user,
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            label = CandidateStatus(form.cleaned_data["decision"]).label
            messages.success(request, _("Decision recorded: %(decision)s.") % {"decision": label})
            return redirect(_next_in_queue(request, candidate))
    candidate = selectors.get_candidate_for(request.user, pk)
    return _render(
        request,
        "linkage/candidate.html",
        _candidate_context(request, candidate, form=form),
        status=400,
    )


def _next_in_queue(request, candidate) -> str:
    from django.urls import reverse

    nxt = selectors.review_queue(request.user, page=1).page.object_list
    following = next((c for c in nxt if c.pk != candidate.pk), None)
    if following is not None:
        return reverse("linkage:candidate", args=[following.pk])
    return reverse("linkage:queue")


@login_required
@require_GET
def merge_list(request: HttpRequest) -> HttpResponse:
    if not allows_kind(request.user, Action.LIST, MERGE_KIND):
        raise PermissionDenied
    state = request.GET.get("state", "active")
    state = state if state in selectors.MERGE_STATES else "active"
    page = selectors.merges(request.user, state=state, page=request.GET.get("page", 1))
    return _render(
        request,
        "linkage/merges.html",
        {
            "page": page,
            "state": state,
            "states": [
                ("active", _("in force")),
                ("split", _("split")),
                ("all", _("all")),
            ],
            "query_string": urlencode({"state": state}),
            "may_split": allows_kind(request.user, Action.UPDATE, MERGE_KIND),
        },
    )


# Names for kinds whose models carry no translated verbose name of their own.
MOVED_KIND_NAMES = {
    "reception.placement": gettext_lazy("placements"),
    "reception.riskassessment": gettext_lazy("risk assessments"),
    "departures.triggerproposal": gettext_lazy("suspected departures"),
    "signals.signal_persons": gettext_lazy("links with signals"),
}


def _moved_labels(moved: dict[str, int]) -> list[tuple[str, int]]:
    """Kinds of moved rows by their (translated) names, for the confirmation page."""
    from django.apps import apps

    labels = []
    for label, n in moved.items():
        name = MOVED_KIND_NAMES.get(label)
        if name is None:
            try:
                name = apps.get_model(label)._meta.verbose_name_plural
            except LookupError:
                name = label
        labels.append((str(name), n))
    return sorted(labels)


@login_required
@require_http_methods(["GET", "POST"])
def split(request: HttpRequest, pk: int) -> HttpResponse:
    merge = selectors.get_merge_for(request.user, pk)
    if not can(request.user, Action.UPDATE, MERGE_KIND, merge):
        raise PermissionDenied
    form = SplitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.split_merge(merge, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("The merge is split: %(absorbed)s and %(survivor)s are separate persons again.")
                % {"absorbed": merge.absorbed.pseudonym, "survivor": merge.survivor.pseudonym},
            )
            return redirect("linkage:merge_list")
    audit.record_read(actor=request.user, obj=merge, person_id=merge.survivor_id)
    return _render(
        request,
        "linkage/split.html",
        {"merge": merge, "form": form, "moved": _moved_labels(selectors.moved_rows(merge))},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def run_list(request: HttpRequest) -> HttpResponse:
    if not allows_kind(request.user, Action.LIST, RUN_KIND):
        raise PermissionDenied
    may_start = allows_kind(request.user, Action.CREATE, RUN_KIND)
    # Incremental by default once a model exists (the usual run); the first run is full.
    initial = {"kind": RunKind.INCREMENTAL if services.model_run() else RunKind.FULL}
    form = StartRunForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not may_start:
            raise PermissionDenied
        if form.is_valid():
            try:
                run = services.start_run(form.cleaned_data["kind"], request.user)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Run %(id)s is queued: %(kind)s.")
                    % {"id": run.pk, "kind": RunKind(run.kind).label},
                )
                return redirect("linkage:run_list")
    active = selectors.active_run(request.user)
    return _render(
        request,
        "linkage/runs.html",
        {
            "page": selectors.runs(request.user, page=request.GET.get("page", 1)),
            "form": form,
            "may_start": may_start,
            "active": active,
            "thresholds": services.thresholds(),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def run_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The live progress of one run (HTMX polls this while it is queued or running)."""
    run = selectors.get_run_for(request.user, pk)
    return render(request, "linkage/_run_progress.html", {"run": run})


@login_required
@require_GET
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = selectors.get_run_for(request.user, pk)
    return _render(request, "linkage/run.html", {"run": run})


@login_required
@require_GET
def evaluation(request: HttpRequest) -> HttpResponse:
    """Reviewed pairs per probability band: are the thresholds where they should be?

    These counts are about reviewers' decisions on pairs they can each open, for
    the reviewers themselves; they are not published figures about persons, so
    they are shown exactly (no disclosure control, like the work-queue counts).
    """
    if not allows_kind(request.user, Action.LIST, CANDIDATE_KIND):
        raise PermissionDenied
    return _render(
        request,
        "linkage/evaluation.html",
        {"bands": selectors.evaluation(request.user), "thresholds": services.thresholds()},
    )
