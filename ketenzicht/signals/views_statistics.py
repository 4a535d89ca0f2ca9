"""Comparable counts page and its CSV export, both through disclosure control."""

import csv

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ketenzicht.access.enforce import allows_kind
from ketenzicht.access.policy import Action
from ketenzicht.audit import services as audit

from . import statistics
from .models import Channel, Sector
from .selectors import active_categories

YEARS_BACK = 5
MONTHS = [
    gettext_lazy(m)
    for m in (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    )
]


def _selection(request: HttpRequest) -> tuple[statistics.Selection, int]:
    """`?what=channel:maritime` (the default), `category:smuggling`, `sector:online` or
    `all`; anything else counts all signals."""
    dimension, _sep, value = request.GET.get("what", "channel:maritime").partition(":")
    valid = {
        "channel": set(Channel.values),
        "sector": set(Sector.values) - {""},
        "category": {c.code for c in active_categories() if c.parent_id is None},
    }
    if dimension not in valid or value not in valid[dimension]:
        dimension, value = "", ""
    try:
        weeks = min(max(int(request.GET.get("weeks", 6)), 1), 52)
    except ValueError:
        weeks = 6
    return statistics.Selection(dimension, value), weeks


def _years() -> list[int]:
    current = timezone.localdate().year
    return list(range(current - YEARS_BACK, current + 1))


@login_required
def statistics_page(request: HttpRequest) -> HttpResponse:
    if not allows_kind(request.user, Action.LIST, "signals.statistics"):
        raise PermissionDenied
    selection, weeks = _selection(request)
    years = _years()
    monthly = statistics.monthly_by_year(selection, years)
    recent = statistics.recent_weeks_by_year(selection, weeks, years)
    return render(
        request,
        "signals/statistics.html",
        {
            "selection": selection,
            "weeks": weeks,
            "years": years,
            "monthly": monthly,
            "recent": recent,
            "month_names": MONTHS,
            "channels": Channel.choices,
            "sectors": [s for s in Sector.choices if s[0]],
            "categories": [c for c in active_categories() if c.parent_id is None],
        },
    )


@login_required
def statistics_csv(request: HttpRequest) -> HttpResponse:
    if not allows_kind(request.user, Action.EXPORT, "signals.statistics"):
        raise PermissionDenied
    selection, _weeks = _selection(request)
    years = _years()
    table = statistics.monthly_by_year(selection, years)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="signalen-per-maand.csv"'
    writer = csv.writer(response)
    writer.writerow([_("month"), *years, _("total")])
    for month in table.rows:
        writer.writerow(
            [month, *(table.cell(month, y).shown for y in years), table.row_totals[month].shown]
        )
    writer.writerow([_("total"), *(table.column_totals[y].shown for y in years), table.total.shown])
    audit.record_export(
        actor=request.user,
        object_kind="signals.statistics",
        count=12,
        filters={"dimension": selection.dimension, "value": selection.value},
    )
    return response
