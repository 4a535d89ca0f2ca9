"""Reads in reception: locations with occupancy, the meldplicht board, histories."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from ketenzicht.access.enforce import get_visible_or_404, visible_to
from ketenzicht.access.policy import Action
from ketenzicht.accounts.models import User
from ketenzicht.people.models import IdentityRecord, Person

from . import reporting
from .models import (
    Location,
    LocationType,
    Placement,
    PresenceCheck,
    RiskAssessment,
    RiskFactor,
)

PAGE_SIZE = 50
LOCATION_SORTS = {
    "name": ("name",),
    "type": ("location_type", "name"),
    "occupancy": ("-occupied", "name"),
    "capacity": ("-capacity", "name"),
}


def locations_visible_to(
    user: User, *, q: str = "", location_type: str = "", sort: str = "name", page: int | str = 1
) -> Page:
    qs = visible_to(user, Location.objects.select_related("police_region"), Action.LIST)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(municipality__icontains=q))
    if location_type in LocationType.values:
        qs = qs.filter(location_type=location_type)
    qs = qs.annotate(
        occupied=Count(
            "placements",
            filter=Q(placements__ended_at__isnull=True, placements__arrived_at__isnull=False),
        ),
        awaited=Count(
            "placements",
            filter=Q(placements__ended_at__isnull=True, placements__arrived_at__isnull=True),
        ),
    ).order_by(*LOCATION_SORTS.get(sort, LOCATION_SORTS["name"]))
    return Paginator(qs, PAGE_SIZE).get_page(page)


def get_location_for(user: User, pk, action: Action = Action.VIEW) -> Location:
    qs = Location.objects.select_related("police_region", "unit", "contact_person")
    return get_visible_or_404(user, qs, pk, action)


def location_of_user(user: User) -> Location | None:
    if not user.unit_id:
        return None
    return visible_to(user, Location.objects.filter(unit_id=user.unit_id), Action.VIEW).first()


def locations_for_choice(user: User) -> QuerySet[Location]:
    return visible_to(user, Location.objects.all(), Action.LIST).order_by("name")


def _coa_name(person: Person) -> str:
    records = person.board_records
    coa = [r for r in records if r.organisation.kind == "coa"]
    record = (coa or records or [None])[0]
    return record.display_name if record else person.pseudonym


@dataclass
class BoardRow:
    placement: Placement
    name: str
    moments: list[reporting.MomentState]
    override: int | None = None

    @property
    def missed(self) -> int:
        return sum(1 for m in self.moments if m.state == "missed")


@dataclass
class Board:
    location: Location
    day: date
    times: list[time]
    rows: list[BoardRow] = field(default_factory=list)
    awaiting: list[tuple[Placement, str]] = field(default_factory=list)

    @property
    def occupied(self) -> int:
        return len(self.rows)


def board(user: User, location: Location, *, now: datetime | None = None) -> Board:
    """Today's meldplicht for everyone at the location, in a fixed number of queries:
    placements with persons and their identity records (3), today's checks (1),
    reporting overrides from risk assessments (1)."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    times = reporting.parse_times(location.reporting_times)
    placements = list(
        visible_to(
            user, Placement.objects.filter(location=location, ended_at__isnull=True), Action.LIST
        )
        .select_related("person")
        .prefetch_related(
            Prefetch(
                "person__identity_records",
                queryset=IdentityRecord.objects.select_related("organisation").order_by("id"),
                to_attr="board_records",
            )
        )
        .order_by("planned_arrival", "id")
    )
    arrived = [p for p in placements if p.arrived_at is not None]
    start = datetime.combine(day, time.min, tzinfo=reporting.AMSTERDAM)
    checks: dict[int, dict[datetime, str]] = {}
    for check in PresenceCheck.objects.filter(
        placement__in=[p.pk for p in arrived],
        moment__gte=start,
        moment__lt=start + timedelta(days=1, hours=2),
    ).only("placement_id", "moment", "status"):
        checks.setdefault(check.placement_id, {})[check.moment.astimezone(reporting.AMSTERDAM)] = (
            check.status
        )
    overrides = reporting_overrides([p.person_id for p in arrived])
    result = Board(location=location, day=day, times=times)
    for p in arrived:
        own_times = (
            reporting.spread_times(overrides[p.person_id]) if p.person_id in overrides else times
        )
        result.rows.append(
            BoardRow(
                placement=p,
                name=_coa_name(p.person),
                override=overrides.get(p.person_id),
                moments=reporting.day_states(
                    day, own_times, checks.get(p.pk, {}), now, since=p.arrived_at
                ),
            )
        )
    result.rows.sort(key=lambda r: r.name.lower())
    result.awaiting = [(p, _coa_name(p.person)) for p in placements if p.arrived_at is None]
    return result


def reporting_overrides(person_ids: list[int]) -> dict[int, int]:
    """Per person, the reporting frequency set by their latest risk assessment, if any."""
    latest: dict[int, int] = {}
    rows = (
        RiskAssessment.objects.filter(person_id__in=person_ids)
        .order_by("person_id", "-assessed_on", "-id")
        .values_list("person_id", "reporting_per_day")
    )
    seen = set()
    for person_id, per_day in rows:
        if person_id in seen:
            continue
        seen.add(person_id)
        if per_day:
            latest[person_id] = per_day
    return latest


def reporting_times_for(placement: Placement) -> list[time]:
    overrides = reporting_overrides([placement.person_id])
    if placement.person_id in overrides:
        return reporting.spread_times(overrides[placement.person_id])
    return reporting.parse_times(placement.location.reporting_times)


def get_placement_for(user: User, pk, action: Action = Action.VIEW) -> Placement:
    qs = Placement.objects.select_related("location", "person")
    return get_visible_or_404(user, qs, pk, action)


def open_placement_of(user: User, person: Person) -> Placement | None:
    return (
        visible_to(
            user, Placement.objects.filter(person=person, ended_at__isnull=True), Action.VIEW
        )
        .select_related("location")
        .first()
    )


@dataclass(frozen=True)
class HistoryDay:
    day: date
    moments: list[reporting.MomentState]


def presence_history(
    user: User, person: Person, *, days: int = 14, now: datetime | None = None
) -> list[HistoryDay]:
    """Moments met, excused and missed over the last `days` days at visible placements."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    first = today - timedelta(days=days - 1)
    placements = list(
        visible_to(user, Placement.objects.filter(person=person), Action.VIEW).select_related(
            "location"
        )
    )
    checks: dict[int, dict[datetime, str]] = {}
    for c in PresenceCheck.objects.filter(
        placement__in=[p.pk for p in placements],
        moment__gte=datetime.combine(first, time.min, tzinfo=reporting.AMSTERDAM),
    ):
        checks.setdefault(c.placement_id, {})[c.moment.astimezone(reporting.AMSTERDAM)] = c.status
    overrides = reporting_overrides([person.pk])
    history = []
    for offset in range(days):
        day = today - timedelta(days=offset)
        day_start = datetime.combine(day, time.min, tzinfo=reporting.AMSTERDAM)
        moments: list[reporting.MomentState] = []
        for p in placements:
            if p.arrived_at is None or p.arrived_at >= day_start + timedelta(days=1):
                continue
            if p.ended_at is not None and p.ended_at < day_start:
                continue
            times = (
                reporting.spread_times(overrides[person.pk])
                if person.pk in overrides
                else reporting.parse_times(p.location.reporting_times)
            )
            for state in reporting.day_states(
                day, times, checks.get(p.pk, {}), now, since=p.arrived_at
            ):
                if p.ended_at is None or state.moment <= p.ended_at:
                    moments.append(state)
        if moments:
            history.append(HistoryDay(day, moments))
    return history


def risk_factor_catalogue() -> QuerySet[RiskFactor]:
    # The catalogue is public to every professional: it is reference data.
    return RiskFactor.objects.filter(is_active=True).order_by("code")


def risk_assessments_of(user: User, person: Person) -> QuerySet[RiskAssessment]:
    return (
        visible_to(user, RiskAssessment.objects.filter(person=person), Action.LIST)
        .select_related("assessor", "location")
        .prefetch_related("factors__factor")
    )


def police_regions() -> QuerySet:
    from ketenzicht.accounts.models import Unit

    return Unit.objects.filter(organisation__kind="politie", kind="region", is_active=True)


def coa_contact_persons() -> QuerySet[User]:
    return User.objects.filter(organisation__kind="coa", is_active=True).order_by(
        "last_name", "first_name"
    )


def person_for_placement(identifier: str) -> Person | None:
    """The person with this V-number or COA number, exactly; for receiving a placement.

    A location manager cannot search the registry (their scope is the persons at
    their own location), but must be able to receive a person announced to them
    by number. Only an exact number matches, and only the pseudonym is shown.
    """
    value = identifier.strip().upper()
    if not value:
        return None
    records = IdentityRecord.objects.filter(
        Q(v_number=value) | Q(organisation__kind="coa", org_number=value)
    ).values("person_id")
    return Person.objects.filter(
        Q(v_number=value) | Q(pk__in=records), merged_into__isnull=True
    ).first()


def get_risk_factor_for(user: User, pk) -> RiskFactor:
    return get_visible_or_404(user, RiskFactor.objects.all(), pk, Action.UPDATE)


def all_risk_factors() -> QuerySet[RiskFactor]:
    return RiskFactor.objects.order_by("-is_active", "code")
