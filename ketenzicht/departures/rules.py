"""Triggers, thresholds and step deadlines of the departure agreements, as settings.

Defaults follow the chain's work agreements; an operator overrides them with
``KETENZICHT_DEPARTURES = {...}`` in the Django settings (any key below). The
settings page shows the values in force. Changing an hour count must come with
a higher ``rules_version``: deadlines keep the version they were created under
(see ADR 0005).
"""

from dataclasses import dataclass, fields, replace

from django.conf import settings

from ketenzicht.deadlines.rules import DeadlineRule
from ketenzicht.reception.models import LocationType

from .workflow import Step


@dataclass(frozen=True)
class DepartureRules:
    rules_version: int = 1
    # Triggers (the system proposes; a person confirms).
    missed_reporting_moments: int = 2
    missed_reporting_location_types: tuple[str, ...] = (
        LocationType.REGULAR_AMV,
        LocationType.BO,
        LocationType.SMALL_UNIT,
        LocationType.EMERGENCY,
    )
    no_arrival_hours: int = 48
    no_presence_days: int = 8
    no_presence_location_types: tuple[str, ...] = (LocationType.ADULT_AZC,)
    # Step deadlines in clock hours.
    report_to_police_hours: int = 24
    inform_guardian_hours: int = 24
    acknowledge_hours: int = 24
    missing_person_report_hours: int = 24
    classify_hours: int = 72
    inform_police_closure_hours: int = 24
    police_close_hours: int = 72
    dtv_register_hours: int = 72
    inform_ind_hours: int = 72

    def rule(self, step: str) -> DeadlineRule:
        hours = {
            Step.REPORT_TO_POLICE: self.report_to_police_hours,
            Step.INFORM_GUARDIAN: self.inform_guardian_hours,
            Step.ACKNOWLEDGE: self.acknowledge_hours,
            Step.RECORD_MISSING_PERSON_REPORT: self.missing_person_report_hours,
            Step.CLASSIFY: self.classify_hours,
            Step.INFORM_POLICE_CLOSURE: self.inform_police_closure_hours,
            Step.CLOSE: self.police_close_hours,
            Step.REGISTER_DTV_DEPARTURE: self.dtv_register_hours,
            Step.INFORM_IND: self.inform_ind_hours,
        }[step]
        return DeadlineRule(kind=f"departure.{step}", version=self.rules_version, hours=hours)


STEPS_WITH_DEADLINES = (
    Step.REPORT_TO_POLICE,
    Step.INFORM_GUARDIAN,
    Step.ACKNOWLEDGE,
    Step.RECORD_MISSING_PERSON_REPORT,
    Step.CLASSIFY,
    Step.INFORM_POLICE_CLOSURE,
    Step.CLOSE,
    Step.REGISTER_DTV_DEPARTURE,
    Step.INFORM_IND,
)


def current_rules() -> DepartureRules:
    overrides = getattr(settings, "KETENZICHT_DEPARTURES", {}) or {}
    known = {f.name for f in fields(DepartureRules)}
    unknown = set(overrides) - known
    if unknown:
        raise ValueError(f"Unknown departure settings: {sorted(unknown)}")
    return replace(DepartureRules(), **overrides)
