"""Professional side: intake, receiving queue, triage, entities, OM assessment."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ketenzicht.access.enforce import allows_kind, can, get_visible_or_404, require
from ketenzicht.access.policy import Action
from ketenzicht.audit import services as audit
from ketenzicht.core.forms import apply_service_errors
from ketenzicht.people.models import Person

from . import selectors, services
from .forms import AssessmentForm, EntityLinkForm, ProfessionalSignalForm, TriageForm
from .models import Channel, SignalStatus
from .workflow import next_statuses


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    if not allows_kind(request.user, Action.LIST, "signals.signal"):
        raise PermissionDenied
    status = request.GET.get("status", "")
    channel = request.GET.get("channel", "")
    page = selectors.receiving_queue(
        request.user,
        status=status if status in SignalStatus.values else "",
        channel=channel if channel in Channel.values else "",
        page=request.GET.get("page", 1),
    )
    query = "&".join(f"{k}={v}" for k, v in (("status", status), ("channel", channel)) if v)
    return render(
        request,
        "signals/queue.html",
        {
            "page": page,
            "status": status,
            "channel": channel,
            "query_string": query,
            "statuses": SignalStatus.choices,
            "channels": Channel.choices,
        },
    )


@login_required
def export_csv(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.EXPORT, "signals.signal")
    from .export import write_csv

    content, rows, withheld = write_csv(selectors.signals_visible_to(request.user, Action.EXPORT))
    audit.record_export(
        actor=request.user, object_kind="signals.signal", count=rows, filters={"withheld": withheld}
    )
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="signalen.csv"'
    return response


@login_required
def investigations(request: HttpRequest) -> HttpResponse:
    if not allows_kind(request.user, Action.LIST, "signals.investigation"):
        raise PermissionDenied
    from django.core.paginator import Paginator

    page = Paginator(selectors.investigations_visible_to(request.user).order_by("name"), 50)
    return render(
        request, "signals/investigations.html", {"page": page.get_page(request.GET.get("page", 1))}
    )


@login_required
def create(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.CREATE, "signals.signal")
    person = None
    if request.GET.get("person"):
        person = get_visible_or_404(request.user, Person.objects.all(), request.GET["person"])
    form = ProfessionalSignalForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            signal = services.submit_professional_signal(
                actor=request.user,
                category=data["category"],
                description=data["description"],
                occurred_on=data.get("occurred_on"),
                place=data.get("place", ""),
                sector=data.get("sector", ""),
                person=person,
                files=data.get("files", []),
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request, _("Signal %(ref)s was registered.") % {"ref": signal.reference}
            )
            return redirect("signals:detail", signal.pk)
    return render(
        request,
        "signals/create.html",
        {"form": form, "person": person},
        status=400 if form.errors else 200,
    )


def _detail_context(request, signal, **forms):
    user = request.user
    may_update = can(user, Action.UPDATE, "signals.signal", signal)
    context = {
        "signal": signal,
        "deadlines": selectors.signal_deadlines(signal),
        "shared": selectors.other_signals_sharing_entities(user, signal),
        "duplicates": selectors.duplicate_suggestions(user, signal) if may_update else [],
        "may_update": may_update,
        "next": next_statuses(role=user.role, current=signal.status) if may_update else [],
        "triage_form": forms.get("triage_form")
        or TriageForm(
            initial={
                "version": signal.version,
                "handling_code": signal.handling_code,
                "tlp": signal.tlp,
                "source_reliability": signal.source_reliability,
                "information_validity": signal.information_validity,
            }
        ),
        "entity_form": forms.get("entity_form") or EntityLinkForm(),
        "assessment_form": forms.get("assessment_form")
        or AssessmentForm(
            initial={"version": signal.version},
            investigations=selectors.investigations_visible_to(user),
            teams=selectors.investigation_teams(),
        ),
    }
    return context


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    signal = selectors.get_signal_for(request.user, pk)
    audit.record_read(actor=request.user, obj=signal)
    return render(request, "signals/detail.html", _detail_context(request, signal))


def _signal_for_update(request, pk):
    signal = selectors.get_signal_for(request.user, pk)
    require(request.user, Action.UPDATE, "signals.signal", signal)
    return signal


@login_required
@require_POST
def triage(request: HttpRequest, pk: int) -> HttpResponse:
    signal = _signal_for_update(request, pk)
    form = TriageForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.triage_signal(
                actor=request.user,
                signal=signal,
                expected_version=data["version"],
                source_reliability=data["source_reliability"],
                information_validity=data["information_validity"],
                handling_code=data["handling_code"],
                tlp=data["tlp"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The signal is triaged and graded."))
            return redirect("signals:detail", signal.pk)
    return render(
        request,
        "signals/detail.html",
        _detail_context(request, signal, triage_form=form),
        status=400,
    )


@login_required
@require_POST
def submit_to_om(request: HttpRequest, pk: int) -> HttpResponse:
    signal = _signal_for_update(request, pk)
    try:
        services.submit_for_assessment(
            actor=request.user, signal=signal, expected_version=int(request.POST.get("version", 0))
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The signal was sent to the OM for assessment."))
    return redirect("signals:detail", signal.pk)


@login_required
@require_POST
def link_entity(request: HttpRequest, pk: int) -> HttpResponse:
    signal = _signal_for_update(request, pk)
    form = EntityLinkForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.link_entity(
                actor=request.user,
                signal=signal,
                kind=data["kind"],
                value=data["value"],
                country=data.get("country", ""),
                note=data.get("note", ""),
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Linked."))
            return redirect("signals:detail", signal.pk)
    return render(
        request,
        "signals/detail.html",
        _detail_context(request, signal, entity_form=form),
        status=400,
    )


@login_required
@require_POST
def assess(request: HttpRequest, pk: int) -> HttpResponse:
    signal = _signal_for_update(request, pk)
    form = AssessmentForm(
        request.POST,
        investigations=selectors.investigations_visible_to(request.user),
        teams=selectors.investigation_teams(),
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.assess_signal(
                actor=request.user,
                signal=signal,
                outcome=data["outcome"],
                reasons=data.get("reasons", ""),
                investigation=data.get("investigation"),
                new_investigation_name=data.get("new_investigation_name", ""),
                team=data.get("team"),
                expected_version=data["version"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The assessment is recorded."))
            return redirect("signals:detail", signal.pk)
    return render(
        request,
        "signals/detail.html",
        _detail_context(request, signal, assessment_form=form),
        status=400,
    )


@login_required
@require_POST
def merge(request: HttpRequest, pk: int) -> HttpResponse:
    signal = _signal_for_update(request, pk)
    into = selectors.get_signal_for(request.user, request.POST.get("into"), Action.UPDATE)
    try:
        services.merge_signal(actor=request.user, signal=signal, into=into)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("signals:detail", signal.pk)
    messages.success(
        request,
        _("Signal %(ref)s was merged into %(into)s.")
        % {"ref": signal.reference, "into": into.reference},
    )
    return redirect("signals:detail", into.pk)


@login_required
def attachment(request: HttpRequest, pk: int, attachment_id: int) -> HttpResponse:
    signal = selectors.get_signal_for(request.user, pk)
    item = next((a for a in signal.attachments.all() if a.pk == attachment_id), None)
    if item is None:
        return render(request, "errors/404.html", status=404)
    audit.record(
        actor=request.user, action="read", obj=item, changes={"after": {"signal": signal.reference}}
    )
    # Always a download, never rendered inline, with the sniffed type.
    return FileResponse(
        item.file.open("rb"),
        as_attachment=True,
        filename=item.original_name,
        content_type=item.content_type,
    )


@login_required
def entity(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.get_entity_for(request.user, pk)
    audit.record_read(actor=request.user, obj=item)
    signals = selectors.signals_of_entity(request.user, item)
    persons = selectors.persons_of_entity(request.user, item)[:200]
    return render(
        request,
        "signals/entity.html",
        {"entity": item, "signals": signals[:200], "persons": persons},
    )
