"""Comparable counts of signals: per month, per year, and recent weeks against earlier years.

Counted centrally from the signals themselves, so "how many maritime reports in
the last weeks compared with earlier years" has one answer. Every table passes
through `ketenzicht.core.disclosure.protect` before anyone sees it.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils import timezone

from ketenzicht.core.disclosure import ProtectedTable, protect

from .models import Signal, SignalStatus

DIMENSIONS = ("channel", "category", "sector")


@dataclass(frozen=True)
class Selection:
    dimension: str = ""  # "", "channel", "category" (root code) or "sector"
    value: str = ""

    def q(self) -> Q:
        base = ~Q(status=SignalStatus.MERGED)  # a merged duplicate is not a second report
        if not self.dimension or not self.value:
            return base
        if self.dimension == "category":
            return base & (Q(category__code=self.value) | Q(category__parent__code=self.value))
        return base & Q(**{self.dimension: self.value})


def monthly_by_year(selection: Selection, years: list[int]) -> ProtectedTable:
    """Rows: months 1–12; columns: years."""
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(date(min(years), 1, 1), time.min), tz)
    end = timezone.make_aware(datetime.combine(date(max(years) + 1, 1, 1), time.min), tz)
    rows = (
        Signal.objects.filter(selection.q(), received_at__gte=start, received_at__lt=end)
        .annotate(
            year=ExtractYear("received_at", tzinfo=tz), month=ExtractMonth("received_at", tzinfo=tz)
        )
        .values("year", "month")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = {(r["month"], r["year"]): r["n"] for r in rows}
    return protect(counts, list(range(1, 13)), years)


def recent_weeks_by_year(
    selection: Selection, weeks: int, years: list[int], today: date | None = None
) -> ProtectedTable:
    """The last `weeks` weeks up to today, and the same calendar window in earlier years."""
    today = today or timezone.localdate()
    tz = timezone.get_current_timezone()
    windows = {}
    for year in years:
        try:
            end_day = today.replace(year=year)
        except ValueError:  # 29 February
            end_day = today.replace(year=year, day=28)
        windows[year] = (end_day - timedelta(weeks=weeks), end_day)
    condition = Q()
    for start_day, end_day in windows.values():
        condition |= Q(
            received_at__gte=timezone.make_aware(datetime.combine(start_day, time.min), tz),
            received_at__lt=timezone.make_aware(
                datetime.combine(end_day + timedelta(days=1), time.min), tz
            ),
        )
    rows = (
        Signal.objects.filter(selection.q(), condition)
        .annotate(year=ExtractYear("received_at", tzinfo=tz))
        .values("year")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = {("window", r["year"]): r["n"] for r in rows}
    # Shown as one row without totals: nothing to recompute, primary suppression only.
    return protect(counts, ["window"], years, publish_totals=False)
