"""Audit trail pages: search and export (beheerder, privacy officer) and a person's log."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ketenzicht.access.enforce import allows_kind
from ketenzicht.access.policy import Action

from . import selectors, services
from .events import AuditAction
from .forms import AuditSearchForm

KIND = "audit.auditevent"


def _cursor(params: QueryDict, name: str) -> int | None:
    value = params.get(name, "")
    return int(value) if value.isdigit() else None


def _filter_query(params: QueryDict) -> str:
    query = params.copy()
    for key in ("before", "after"):
        query.pop(key, None)
    return query.urlencode()


def _page_links(params: QueryDict, page: selectors.EventPage) -> dict[str, str]:
    base = _filter_query(params)
    prefix = f"?{base}&" if base else "?"
    return {
        "newer": f"{prefix}after={page.newer}" if page.newer else "",
        "older": f"{prefix}before={page.older}" if page.older else "",
        "newest": f"?{base}" if base else "?",
    }


class _Echo:
    """A file-like object whose write returns the line, for streaming csv."""

    def write(self, value: str) -> str:
        return value


@login_required
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    if not allows_kind(request.user, Action.LIST, KIND):
        raise PermissionDenied
    filter_params = {k: v for k, v in request.GET.items() if k not in ("before", "after")}
    form = AuditSearchForm(filter_params or None)
    page = selectors.EventPage(rows=[])
    filters = None
    if not form.is_bound or form.is_valid():
        filters = form.filters() if form.is_bound else selectors.EventFilters()
        page = selectors.keyset_page(
            selectors.events_visible_to(request.user, filters),
            before=_cursor(request.GET, "before"),
            after=_cursor(request.GET, "after"),
        )
        # Reading the audit trail shows who looked at whom: it is audited too.
        services.record(
            actor=request.user,
            action=AuditAction.SEARCH,
            object_kind=KIND,
            changes={"after": {"filters": filters.as_dict(), "rows": len(page.rows)}},
        )
    context = {
        "form": form,
        "page": page,
        "links": _page_links(request.GET, page),
        "filtered": bool(filters and filters.as_dict()),
        "can_export": allows_kind(request.user, Action.EXPORT, KIND) and filters is not None,
        "export_url": reverse("audit:export") + (f"?{_filter_query(request.GET)}"),
    }
    template = "audit/_results.html" if request.htmx else "audit/search.html"
    return render(request, template, context)


@login_required
@require_GET
def export(request: HttpRequest) -> HttpResponse:
    """The search result as CSV, in the same scope, recorded as an export."""
    if not allows_kind(request.user, Action.EXPORT, KIND):
        raise PermissionDenied
    form = AuditSearchForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        messages.error(request, _("Correct the filters before exporting."))
        return redirect(reverse("audit:search") + f"?{request.GET.urlencode()}")
    filters = form.filters() if form.is_bound else selectors.EventFilters()
    # Same selector as the page (same scope); exported oldest first, as the chain runs.
    export_qs, count = selectors.export_snapshot(selectors.events_visible_to(request.user, filters))
    if count > selectors.EXPORT_MAX_ROWS:
        messages.error(
            request,
            _("The export is limited to %(max)d events; narrow the filters (for example by date).")
            % {"max": selectors.EXPORT_MAX_ROWS},
        )
        return redirect(reverse("audit:search") + f"?{request.GET.urlencode()}")
    services.record_export(
        actor=request.user, object_kind=KIND, count=count, filters=filters.as_dict()
    )
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in selectors.export_rows(export_qs)),
        content_type="text/csv; charset=utf-8",
    )
    stamp = timezone.localtime(timezone.now(), selectors.DISPLAY_TZ).strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="ketenzicht-audit-{stamp}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def person_log(request: HttpRequest, pk: int) -> HttpResponse:
    """'Who viewed this file': reads and changes about one person."""
    person, events = selectors.person_log(request.user, pk)
    page = selectors.keyset_page(
        events, before=_cursor(request.GET, "before"), after=_cursor(request.GET, "after")
    )
    # Looking at who looked is itself a read of the person's file.
    services.record(
        actor=request.user,
        action=AuditAction.READ,
        object_kind=KIND,
        person_id=person.pk,
        changes={"after": {"view": "person_log"}},
    )
    return render(
        request,
        "audit/person_log.html",
        {
            "person": person,
            "page": page,
            "links": _page_links(request.GET, page),
            "person_url": _person_url(person.pk),
        },
    )


def _person_url(pk: int) -> str:
    from django.urls import NoReverseMatch

    try:
        return reverse("people:detail", args=[pk])
    except NoReverseMatch:
        return ""
