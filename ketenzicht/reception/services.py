"""Writes in reception: locations, placements and transfers, risk assessments, check-ins.

Each function checks the access policy, validates with field errors (messages
exported as constants), and writes its audit event in the same transaction.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ketenzicht.access.enforce import require
from ketenzicht.access.policy import Action
from ketenzicht.accounts.models import Organisation, Unit, User
from ketenzicht.accounts.roles import OrganisationKind, UnitKind
from ketenzicht.audit import services as audit
from ketenzicht.people.models import Person

from . import reporting
from .catalogue import check_factor_text
from .models import (
    DEFAULT_REPORTING_TIMES,
    Location,
    LocationType,
    Measure,
    Placement,
    PresenceCheck,
    PresenceStatus,
    RiskAssessment,
    RiskAssessmentFactor,
    RiskFactor,
    RiskLevel,
)

CAPACITY_POSITIVE = gettext_noop("The capacity must be at least 1.")
NOT_A_POLICE_REGION = gettext_noop("Choose a police region.")
BAD_REPORTING_TIMES = gettext_noop(
    "Give the reporting moments as times separated by commas, e.g. 09:00,21:00."
)
NAME_TAKEN = gettext_noop("A location with this name exists.")
ALREADY_PLACED = gettext_noop(
    "This person already has a placement that has not ended. Transfer or end it first."
)
OVER_CAPACITY = gettext_noop(
    "%(location)s is full: %(occupied)s of %(capacity)s places are taken or expected. "
    "Confirm to place the person anyway."
)
ARRIVAL_IN_FUTURE = gettext_noop("The arrival cannot be in the future.")
ALREADY_ARRIVED = gettext_noop("The arrival was already confirmed.")
END_BEFORE_START = gettext_noop("A placement cannot end before it started.")
END_IN_FUTURE = gettext_noop("The end cannot be in the future.")
ALREADY_ENDED = gettext_noop("This placement has already ended.")
SAME_LOCATION = gettext_noop("Choose another location than the current one.")
REVIEW_BEFORE_ASSESSMENT = gettext_noop("The review date must be on or after the assessment.")
ASSESSMENT_IN_FUTURE = gettext_noop("The assessment date cannot be in the future.")
FACTOR_NEEDS_EXPLANATION = gettext_noop("Explain why this factor applies to this person.")
NO_FACTORS = gettext_noop("Choose at least one factor from the catalogue.")
EXPLANATION_REQUIRED = gettext_noop("Explain the assessment.")
UNKNOWN_MEASURE = gettext_noop("Unknown measure.")
REPORTING_PER_DAY = gettext_noop("Give between 1 and 8 reporting moments a day.")
NOT_A_MOMENT = gettext_noop("This is not a reporting moment of this person today.")
NOT_PRESENT_HERE = gettext_noop("This person is not (or no longer) at this location.")
MOMENT_TOO_OLD = gettext_noop("Moments can be registered until 48 hours afterwards.")


class END_REASONS:  # a closed vocabulary (forms, demo data, figures)
    DEPARTURE = "departure"
    TRANSFER = "transfer"
    GUARDIANSHIP_TRANSFER = "guardianship_transfer"
    ADULT = "adult"
    RETURNED = "returned"
    OTHER = "other"

    choices = [
        (DEPARTURE, gettext_noop("departure (vertrek)")),
        (TRANSFER, gettext_noop("transfer to another location")),
        (GUARDIANSHIP_TRANSFER, gettext_noop("guardianship transferred")),
        (ADULT, gettext_noop("turned 18 / outflow to adult reception")),
        (RETURNED, gettext_noop("returned to country of origin")),
        (OTHER, gettext_noop("other")),
    ]


def _errors(**fields: str) -> ValidationError:
    return ValidationError({field: [message] for field, message in fields.items()})


# --- locations ---------------------------------------------------------------


@dataclass
class LocationData:
    name: str
    location_type: str
    capacity: int
    police_region: Unit
    municipality: str = ""
    reporting_times: str | None = None  # None: the type's default
    contact_person: User | None = None


def _clean_location(data: LocationData, location: Location | None) -> LocationData:
    errors: dict[str, str] = {}
    if data.capacity is None or data.capacity < 1:
        errors["capacity"] = _(CAPACITY_POSITIVE)
    region = data.police_region
    if (
        region is None
        or region.kind != UnitKind.REGION
        or (region.organisation.kind != OrganisationKind.POLITIE)
    ):
        errors["police_region"] = _(NOT_A_POLICE_REGION)
    if data.reporting_times is None:
        data.reporting_times = DEFAULT_REPORTING_TIMES.get(LocationType(data.location_type), "")
    try:
        times = reporting.parse_times(data.reporting_times)
        data.reporting_times = ",".join(t.strftime("%H:%M") for t in times)
    except ValueError:
        errors["reporting_times"] = _(BAD_REPORTING_TIMES)
    taken = Location.objects.filter(name__iexact=data.name.strip())
    if location is not None:
        taken = taken.exclude(pk=location.pk)
    if taken.exists():
        errors["name"] = _(NAME_TAKEN)
    if errors:
        raise _errors(**errors)
    data.name = data.name.strip()
    return data


def create_location(*, actor: User, data: LocationData) -> Location:
    require(actor, Action.CREATE, "reception.location")
    data = _clean_location(data, None)
    with transaction.atomic():
        coa = Organisation.objects.get(kind=OrganisationKind.COA)
        unit = Unit.objects.create(organisation=coa, kind=UnitKind.LOCATION, name=data.name)
        location = Location.objects.create(unit=unit, **vars(data))
        audit.record_created(actor=actor, obj=unit)
        audit.record_created(actor=actor, obj=location)
    return location


def update_location(*, actor: User, location: Location, data: LocationData) -> Location:
    require(actor, Action.UPDATE, "reception.location", location)
    data = _clean_location(data, location)
    with transaction.atomic():
        before = audit.snapshot(location)
        for field, value in vars(data).items():
            setattr(location, field, value)
        location.save()
        if location.unit.name != location.name:
            location.unit.name = location.name
            location.unit.save(update_fields=["name"])
        audit.record_updated(actor=actor, obj=location, before=before)
    return location


# --- placements --------------------------------------------------------------


def occupancy(location: Location) -> int:
    """Places taken or expected: open placements, arrived or awaited."""
    return Placement.objects.filter(location=location, ended_at__isnull=True).count()


def _check_capacity(location: Location, confirmed: bool) -> bool:
    """Returns True when placing exceeds capacity (and it was confirmed)."""
    taken = occupancy(location)
    if taken < location.capacity:
        return False
    if not confirmed:
        raise ValidationError(
            {
                "confirm_over_capacity": [
                    _(OVER_CAPACITY)
                    % {"location": location.name, "occupied": taken, "capacity": location.capacity}
                ]
            },
            code="over_capacity",
        )
    return True


def place_person(
    *,
    actor: User,
    person: Person,
    location: Location,
    planned_arrival: datetime,
    confirm_over_capacity: bool = False,
    transferred_from: Placement | None = None,
) -> Placement:
    # The receiving location manager may not see the person yet (the scope is
    # "placed at own location"): placing is managing the location, checked below.
    with transaction.atomic():
        # Lock the location row so two placements cannot both take the last place.
        location = Location.objects.select_for_update(no_key=True).get(pk=location.pk)
        probe = Placement(person=person, location=location)
        require(actor, Action.CREATE, "reception.placement")
        # Placing someone at a location is managing that location.
        require(actor, Action.UPDATE, "reception.location", location)
        if Placement.objects.filter(person=person, ended_at__isnull=True).exists():
            raise _errors(person=_(ALREADY_PLACED))
        over = _check_capacity(location, confirm_over_capacity)
        probe.planned_arrival = planned_arrival
        probe.transferred_from = transferred_from
        probe.created_by = actor
        probe.save()
        audit.record(
            actor=actor,
            action="create",
            obj=probe,
            person_id=person.pk,
            changes={
                "before": {},
                "after": {**audit.snapshot(probe), "over_capacity_confirmed": over},
            },
        )
    return probe


def confirm_arrival(
    *, actor: User, placement: Placement, arrived_at: datetime | None = None
) -> Placement:
    require(actor, Action.UPDATE, "reception.placement", placement)
    arrived_at = arrived_at or timezone.now()
    if placement.arrived_at is not None:
        raise _errors(arrived_at=_(ALREADY_ARRIVED))
    if arrived_at > timezone.now():
        raise _errors(arrived_at=_(ARRIVAL_IN_FUTURE))
    with transaction.atomic():
        before = audit.snapshot(placement)
        placement.arrived_at = arrived_at
        placement.save(update_fields=["arrived_at"])
        audit.record_updated(
            actor=actor, obj=placement, before=before, person_id=placement.person_id
        )
    return placement


def end_placement(
    *, actor: User, placement: Placement, ended_at: datetime | None = None, reason: str
) -> Placement:
    require(actor, Action.UPDATE, "reception.placement", placement)
    ended_at = ended_at or timezone.now()
    started = placement.arrived_at or placement.planned_arrival
    if placement.ended_at is not None:
        raise _errors(ended_at=_(ALREADY_ENDED))
    if ended_at < started:
        raise _errors(ended_at=_(END_BEFORE_START))
    if ended_at > timezone.now():
        raise _errors(ended_at=_(END_IN_FUTURE))
    if reason not in dict(END_REASONS.choices):
        raise _errors(reason=_(UNKNOWN_MEASURE))
    with transaction.atomic():
        before = audit.snapshot(placement)
        placement.ended_at, placement.end_reason = ended_at, reason
        placement.save(update_fields=["ended_at", "end_reason"])
        audit.record_updated(
            actor=actor, obj=placement, before=before, person_id=placement.person_id
        )
    return placement


def transfer_person(
    *,
    actor: User,
    placement: Placement,
    to_location: Location,
    planned_arrival: datetime,
    confirm_over_capacity: bool = False,
) -> Placement:
    """End the current placement now and place the person, awaited, at the destination."""
    require(actor, Action.UPDATE, "reception.placement", placement)
    if to_location.pk == placement.location_id:
        raise _errors(to_location=_(SAME_LOCATION))
    with transaction.atomic():
        end_placement(actor=actor, placement=placement, reason=END_REASONS.TRANSFER)
        destination = Location.objects.select_for_update(no_key=True).get(pk=to_location.pk)
        over = _check_capacity(destination, confirm_over_capacity)
        new = Placement.objects.create(
            person_id=placement.person_id,
            location=destination,
            planned_arrival=planned_arrival,
            transferred_from=placement,
            created_by=actor,
        )
        audit.record(
            actor=actor,
            action="create",
            obj=new,
            person_id=placement.person_id,
            changes={
                "before": {},
                "after": {**audit.snapshot(new), "over_capacity_confirmed": over},
            },
        )
    return new


# --- risk assessments --------------------------------------------------------


def record_risk_assessment(
    *,
    actor: User,
    person: Person,
    location: Location | None,
    assessed_on: date,
    level: str,
    explanation: str,
    review_on: date,
    factors: list[tuple[RiskFactor, str]],
    measures: list[str],
    reporting_per_day: int | None = None,
) -> RiskAssessment:
    require(actor, Action.VIEW, "people.person", person)
    require(actor, Action.CREATE, "reception.riskassessment")
    errors: dict[str, str] = {}
    if assessed_on > timezone.localdate():
        errors["assessed_on"] = _(ASSESSMENT_IN_FUTURE)
    if review_on < assessed_on:
        errors["review_on"] = _(REVIEW_BEFORE_ASSESSMENT)
    if level not in RiskLevel.values:
        errors["level"] = _(UNKNOWN_MEASURE)
    if not explanation.strip():
        errors["explanation"] = _(EXPLANATION_REQUIRED)
    if not factors:
        errors["factors"] = _(NO_FACTORS)
    elif any(not text.strip() for _factor, text in factors):
        errors["factors"] = _(FACTOR_NEEDS_EXPLANATION)
    if any(m not in Measure.values for m in measures):
        errors["measures"] = _(UNKNOWN_MEASURE)
    if reporting_per_day is not None and not 1 <= reporting_per_day <= 8:
        errors["reporting_per_day"] = _(REPORTING_PER_DAY)
    if errors:
        raise _errors(**errors)
    with transaction.atomic():
        assessment = RiskAssessment.objects.create(
            person=person,
            location=location,
            assessed_on=assessed_on,
            assessor=actor,
            level=level,
            explanation=explanation.strip(),
            review_on=review_on,
            measures=sorted(set(measures)),
            reporting_per_day=reporting_per_day,
        )
        RiskAssessmentFactor.objects.bulk_create(
            [
                RiskAssessmentFactor(assessment=assessment, factor=f, explanation=t.strip())
                for f, t in factors
            ]
        )
        audit.record(
            actor=actor,
            action="create",
            obj=assessment,
            person_id=person.pk,
            changes={
                "before": {},
                "after": {**audit.snapshot(assessment), "factors": {f.code: t for f, t in factors}},
            },
        )
    return assessment


def save_risk_factor(
    *,
    actor: User,
    factor: RiskFactor | None,
    code: str,
    label_nl: str,
    label_en: str,
    explanation: str,
    is_active: bool,
) -> RiskFactor:
    """Catalogue maintenance; refuses nationality, ethnicity and other forbidden grounds."""
    require(actor, Action.UPDATE if factor else Action.CREATE, "reception.riskfactor", factor)
    errors = {}
    for field, text in (
        ("code", code),
        ("label_nl", label_nl),
        ("label_en", label_en),
        ("explanation", explanation),
    ):
        problem = check_factor_text(text)
        if problem:
            errors[field] = problem
    if errors:
        raise _errors(**errors)
    with transaction.atomic():
        before = audit.snapshot(factor) if factor else None
        factor = factor or RiskFactor()
        factor.code, factor.label_nl, factor.label_en = code, label_nl, label_en
        factor.explanation, factor.is_active = explanation, is_active
        factor.save()
        if before is None:
            audit.record_created(actor=actor, obj=factor)
        else:
            audit.record_updated(actor=actor, obj=factor, before=before)
    return factor


# --- reporting duty ----------------------------------------------------------


def record_presence(
    *,
    actor: User,
    placement: Placement,
    moment: datetime,
    status: str = PresenceStatus.PRESENT,
    times: list | None = None,
) -> PresenceCheck:
    """One click on the board. Idempotent: a second click returns the first check."""
    require(actor, Action.CREATE, "reception.presencecheck")
    require(actor, Action.VIEW, "reception.placement", placement)
    now = timezone.now()
    if placement.ended_at is not None or placement.arrived_at is None:
        raise _errors(placement=_(NOT_PRESENT_HERE))
    moment = moment.astimezone(reporting.AMSTERDAM)
    allowed = (
        times if times is not None else reporting.parse_times(placement.location.reporting_times)
    )
    if moment.timetz().replace(tzinfo=None) not in allowed:
        raise _errors(moment=_(NOT_A_MOMENT))
    if not reporting.may_register(moment, now):
        raise _errors(moment=_(MOMENT_TOO_OLD))
    existing = PresenceCheck.objects.filter(placement=placement, moment=moment).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            check = PresenceCheck.objects.create(
                placement=placement, moment=moment, status=status, checked_by=actor
            )
            audit.record_created(actor=actor, obj=check, person_id=placement.person_id)
    except IntegrityError:  # a colleague clicked at the same instant
        return PresenceCheck.objects.get(placement=placement, moment=moment)
    return check
