"""Reads on departures: lists, the case page, proposals, timeline events and figures.

Every queryset goes through `ketenzicht.access.enforce`. The step checklist of
a case shows the deadlines of *that case* to anyone who may see the case (the
case is the access decision), including steps of other organisations: the
point of the agreements is that everyone sees who must do what by when.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.core.paginator import Page, Paginator
from django.db.models import (
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Cast, Coalesce, TruncMonth
from django.utils import timezone

from ketenzicht.access.enforce import get_visible_or_404, visible_to
from ketenzicht.access.policy import Action
from ketenzicht.accounts.models import User
from ketenzicht.core.disclosure import ProtectedTable, protect
from ketenzicht.deadlines.models import Deadline

from .models import (
    DepartureCase,
    DepartureEvent,
    DepartureStatus,
    ProposalStatus,
    TriggerProposal,
)
from .timeline import step_title
from .workflow import blocked_steps, next_steps

PAGE_SIZE = 50
KIND = "departures.departurecase"
SORTS = {
    "-detected_at": ("-detected_at", "-id"),
    "detected_at": ("detected_at", "id"),
}
DEFAULT_SORT = "-detected_at"


def cases_visible_to(user: User, action: Action = Action.LIST) -> QuerySet[DepartureCase]:
    return visible_to(user, DepartureCase.objects.all(), action)


def _deadline_counts(qs: QuerySet[DepartureCase], now: datetime) -> QuerySet[DepartureCase]:
    open_steps = Deadline.objects.filter(
        subject_kind=KIND,
        subject_id=Cast(OuterRef("pk"), CharField()),
        met_at__isnull=True,
        cancelled_at__isnull=True,
    )

    def count(q):
        return Coalesce(
            Subquery(
                q.order_by().values("subject_kind").annotate(n=Count("id")).values("n")[:1],
                output_field=IntegerField(),
            ),
            0,
        )

    return qs.annotate(
        open_steps=count(open_steps), overdue_steps=count(open_steps.filter(due_at__lt=now))
    )


def case_list(
    user: User,
    *,
    status: str = "",
    classification: str = "",
    bo_only: bool = False,
    overdue_only: bool = False,
    sort: str = DEFAULT_SORT,
    page: int | str = 1,
) -> Page:
    """Departures the user may see, newest first, with open and overdue step counts."""
    qs = cases_visible_to(user).select_related("person", "location")
    if status:
        qs = qs.filter(status=status)
    if classification == "none":
        qs = qs.filter(classification="")
    elif classification:
        qs = qs.filter(classification=classification)
    if bo_only:
        qs = qs.filter(is_bo=True)
    qs = _deadline_counts(qs, timezone.now())
    if overdue_only:
        qs = qs.filter(overdue_steps__gt=0)
    qs = qs.order_by(*SORTS.get(sort, SORTS[DEFAULT_SORT]))
    return Paginator(qs, PAGE_SIZE).get_page(page)


@dataclass
class ChecklistItem:
    deadline: Deadline
    overdue: bool

    @property
    def state(self) -> str:
        d = self.deadline
        if d.met_at:
            return "done_late" if d.met_at > d.due_at else "done"
        if d.cancelled_at:
            return "cancelled"
        return "overdue" if self.overdue else "open"


@dataclass
class CasePage:
    case: DepartureCase
    events: list[DepartureEvent]
    checklist: list[ChecklistItem]
    next_steps: list[str]
    blocked: list[tuple[str, list[str]]] = field(default_factory=list)


PERSON_CHOICES_LIMIT = 500


def persons_for_departure(user: User) -> list[tuple[int, str]]:
    """Persons the user may register a departure for (own location, own wards): pseudonym
    and name as the user's scope shows it. Two queries; at most 500, by pseudonym."""
    from django.db.models import Prefetch

    from ketenzicht.people.models import IdentityRecord, Person

    persons = (
        visible_to(user, Person.objects.all(), Action.VIEW)
        .order_by("pseudonym")
        .prefetch_related(
            Prefetch(
                "identity_records",
                queryset=IdentityRecord.objects.order_by("recorded_at", "id"),
                to_attr="records",
            )
        )[:PERSON_CHOICES_LIMIT]
    )
    result = []
    for p in persons:
        name = p.records[0].display_name if p.records else ""
        result.append((p.pk, f"{p.pseudonym} · {name}" if name else p.pseudonym))
    return result


def get_case_for(user: User, pk, action: Action = Action.VIEW) -> DepartureCase:
    return get_visible_or_404(
        user,
        DepartureCase.objects.select_related(
            "person", "location", "location__unit", "location__police_region", "voogd"
        ),
        pk,
        action,
    )


def case_page(user: User, pk) -> CasePage:
    """The case with its history and its step checklist: three queries after the case."""
    case = get_case_for(user, pk)
    now = timezone.now()
    events = list(case.events.select_related("actor", "organisation").order_by("at", "id"))
    for event in events:
        event.step_label = step_title(event.step)
    steps = list(
        Deadline.objects.filter(subject_kind=KIND, subject_id=str(case.pk))
        .select_related("organisation", "unit")
        .order_by("due_at", "id")
    )
    checklist = [
        ChecklistItem(d, d.met_at is None and d.cancelled_at is None and d.due_at < now)
        for d in steps
    ]
    may_update = _may_update(user, case)
    return CasePage(
        case=case,
        events=events,
        checklist=checklist,
        next_steps=next_steps(case=case, role=user.role) if may_update else [],
        blocked=blocked_steps(case=case, role=user.role) if may_update else [],
    )


def _may_update(user: User, case: DepartureCase) -> bool:
    return visible_to(user, DepartureCase.objects.filter(pk=case.pk), Action.UPDATE).exists()


def proposals(user: User, *, page: int | str = 1) -> Page:
    qs = (
        visible_to(
            user,
            TriggerProposal.objects.filter(status=ProposalStatus.PENDING),
            Action.LIST,
        )
        .select_related("person", "location", "placement")
        .order_by("suspected_since", "id")
    )
    return Paginator(qs, PAGE_SIZE).get_page(page)


def get_proposal_for(user: User, pk) -> TriggerProposal:
    return get_visible_or_404(
        user, TriggerProposal.objects.select_related("person", "placement"), pk, Action.UPDATE
    )


def events_for_person(user: User, person) -> list[DepartureEvent]:
    cases = cases_visible_to(user, Action.VIEW).filter(person_id=person.pk)
    return list(
        DepartureEvent.objects.filter(case__in=cases.values("pk"))
        .select_related("organisation")
        .order_by("at", "id")
    )


# --- figures -----------------------------------------------------------------------------


@dataclass
class MonthRow:
    month: date
    reported: object  # disclosure Cell
    median_hours: float | None
    within_24h: float | None  # percentage


@dataclass
class OrganisationRow:
    organisation: str
    on_time_pct: float | None


@dataclass
class Figures:
    start: date
    end: date
    classification: ProtectedTable
    steps: ProtectedTable
    step_rows: list[OrganisationRow]
    reappearance: ProtectedTable
    reappearance_rate: dict[str, float | None]
    police_report: list[MonthRow]
    police_report_table: ProtectedTable


CLASS_COLUMNS = ("mob", "known", "none")
STEP_COLUMNS = ("on_time", "late", "overdue", "open")
REAPPEAR_COLUMNS = ("reappeared", "not_reappeared")


def _pct(part: int | None, whole: int | None) -> float | None:
    if part is None or whole in (None, 0):
        return None
    return round(100 * part / whole, 1)


def figures(user: User, *, start: date, end: date) -> Figures:
    """Compliance and outcome figures for departures detected in [start, end], through
    disclosure control. Rows are the cases the user may export (aggregate) figures on."""
    tz = timezone.get_current_timezone()
    lo = timezone.make_aware(datetime.combine(start, time.min), tz)
    hi = timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min), tz)
    now = timezone.now()
    cases = cases_visible_to(user, Action.EXPORT).filter(detected_at__gte=lo, detected_at__lt=hi)

    # MOB vs known destination, by month of departure.
    class_counts: dict[tuple, int] = {}
    months: set[date] = set()
    for month, classification, n in (
        cases.annotate(month=TruncMonth("detected_at", tzinfo=tz))
        .values_list("month", "classification")
        .annotate(n=Count("id"))
        .order_by()
    ):
        m = month.date() if isinstance(month, datetime) else month
        months.add(m)
        key = (m, classification or "none")
        class_counts[key] = class_counts.get(key, 0) + n
    month_rows = sorted(months)
    classification_table = protect(class_counts, month_rows, CLASS_COLUMNS)

    # Steps on time, per responsible organisation.
    step_counts: dict[tuple, int] = {}
    deadline_qs = Deadline.objects.filter(
        subject_kind=KIND,
        subject_id__in=cases.annotate(sid=Cast("pk", CharField())).values("sid"),
        cancelled_at__isnull=True,
    )
    for org, on_time, late, overdue, still_open in (
        deadline_qs.values_list("organisation__name")
        .annotate(
            on_time=Count("id", filter=Q(met_at__isnull=False, met_at__lte=F("due_at"))),
            late=Count("id", filter=Q(met_at__isnull=False, met_at__gt=F("due_at"))),
            overdue=Count("id", filter=Q(met_at__isnull=True, due_at__lt=now)),
            still_open=Count("id", filter=Q(met_at__isnull=True, due_at__gte=now)),
        )
        .order_by("organisation__name")
    ):
        for col, n in zip(STEP_COLUMNS, (on_time, late, overdue, still_open), strict=True):
            step_counts[(org, col)] = n
    orgs = sorted({k[0] for k in step_counts})
    steps_table = protect(step_counts, orgs, STEP_COLUMNS)
    step_rows = []
    for org in orgs:
        parts = [steps_table.cell(org, c).value for c in ("on_time", "late", "overdue")]
        whole = None if any(p is None for p in parts) else sum(parts)
        step_rows.append(OrganisationRow(org, _pct(parts[0], whole)))

    # Reappearance, BO and other reception.
    reappear_counts: dict[tuple, int] = {}
    for is_bo, reappeared, n in (
        cases.annotate(
            seen=Exists(
                DepartureEvent.objects.filter(case=OuterRef("pk"), step="record_reappearance")
            )
        )
        .values_list("is_bo", "seen")
        .annotate(n=Count("id"))
        .order_by()
    ):
        row = "bo" if is_bo else "other"
        col = "reappeared" if reappeared else "not_reappeared"
        reappear_counts[(row, col)] = reappear_counts.get((row, col), 0) + n
    reappear_table = protect(reappear_counts, ("bo", "other"), REAPPEAR_COLUMNS)
    rates = {}
    for row in ("bo", "other"):
        rates[row] = _pct(
            reappear_table.cell(row, "reappeared").value, reappear_table.row_totals[row].value
        )

    # Time from departure to the police report, by month.
    by_month: dict[date, list[float]] = {}
    for detected, reported in cases.filter(reported_to_police_at__isnull=False).values_list(
        "detected_at", "reported_to_police_at"
    ):
        m = timezone.localtime(detected, tz).date().replace(day=1)
        by_month.setdefault(m, []).append((reported - detected).total_seconds() / 3600)
    report_months = sorted(by_month)
    report_table = protect(
        {(m, "reported"): len(v) for m, v in by_month.items()}, report_months, ("reported",)
    )
    police_rows = []
    for m in report_months:
        cell = report_table.cell(m, "reported")
        hours = by_month[m]
        shown = not cell.suppressed
        police_rows.append(
            MonthRow(
                month=m,
                reported=cell,
                median_hours=round(statistics.median(hours), 1) if shown else None,
                within_24h=_pct(sum(1 for h in hours if h <= 24), len(hours)) if shown else None,
            )
        )
    return Figures(
        start=start,
        end=end,
        classification=classification_table,
        steps=steps_table,
        step_rows=step_rows,
        reappearance=reappear_table,
        reappearance_rate=rates,
        police_report=police_rows,
        police_report_table=report_table,
    )


def open_departures_count(user: User) -> int:
    return cases_visible_to(user).exclude(status=DepartureStatus.CLOSED).count()
