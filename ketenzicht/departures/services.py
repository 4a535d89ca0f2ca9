"""Writes on departures: one function per step of the work agreements.

Every step runs in one transaction that locks the case row, checks the
optimistic `version` the user saw, checks the transition table
(`workflow.check_step`), applies the step, appends a `DepartureEvent`, writes
the audit event (with the person) and meets/opens the step deadlines through
`ketenzicht.deadlines.services`. Nothing else changes a case.

Reception: a departure does not end the placement by itself (the person may be
back tomorrow). Closing a case with the person not coming back ends the placement
through `reception.services.end_placement` when the actor may (the location
manager); otherwise the location ends it on its own board.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ketenzicht.access.enforce import NotVisible, get_visible_or_404, require
from ketenzicht.access.policy import Action
from ketenzicht.accounts.models import Organisation, User
from ketenzicht.accounts.roles import OrganisationKind
from ketenzicht.audit import services as audit
from ketenzicht.audit.events import AuditAction
from ketenzicht.deadlines import services as deadlines
from ketenzicht.people.models import Guardianship, Person
from ketenzicht.reception.models import LocationType, Placement

from . import hooks
from .models import (
    Classification,
    DepartureCase,
    DepartureEvent,
    Outcome,
    PoliceFollowUp,
    ProposalStatus,
    ReappearanceChannel,
    ReappearanceKind,
    TriggerProposal,
)
from .rules import DepartureRules, current_rules
from .workflow import TRANSITIONS, Step, check_step

KIND = "departures.departurecase"
PROPOSAL_KIND = "departures.triggerproposal"
OPENED = "opened"  # the event step of opening a case (not a transition)

STALE_VERSION = gettext_noop(
    "Someone else changed this departure while you were working on it. "
    "Reload the page and check the current state before you try again."
)
ALREADY_OPEN = gettext_noop("This person already has a departure that is not closed.")
IN_FUTURE = gettext_noop("This moment lies in the future.")
BEFORE_DETECTED = gettext_noop("This moment lies before the departure was detected.")
REQUIRED = gettext_noop("This field is required.")
INVALID_CHOICE = gettext_noop("Choose one of the options.")
DESTINATION_REQUIRED = gettext_noop("Give the known destination.")
CHANNEL_REQUIRED = gettext_noop("Say through which channel the member state reported.")
NOT_PLACED = gettext_noop("This placement is not one of this person's current placements.")
PROPOSAL_DECIDED = gettext_noop("This proposal has already been decided.")

# Deadlines that lose their point once the person has reappeared.
POLICE_TRACK = (
    Step.REPORT_TO_POLICE,
    Step.ACKNOWLEDGE,
    Step.RECORD_MISSING_PERSON_REPORT,
    Step.CLASSIFY,
    Step.INFORM_POLICE_CLOSURE,
    Step.CLOSE,
)
# Per-departure fields cleared when a case is reopened (the history keeps them).
CYCLE_FIELDS = {
    "reported_to_police_at": None,
    "police_reference": "",
    "guardian_informed_at": None,
    "acknowledged_at": None,
    "missing_report_at": None,
    "missing_report_reference": "",
    "police_follow_up": "",
    "classification": "",
    "classification_evidence": "",
    "known_destination": "",
    "classified_at": None,
    "guardianship_transferred_at": None,
    "guardianship_transferred_to": "",
    "police_told_closure_at": None,
    "dtv_registered_at": None,
    "ind_informed_at": None,
    "reappeared_at": None,
    "reappearance_kind": "",
    "reappearance_channel": "",
    "reappearance_detail": "",
    "closed_at": None,
    "outcome": "",
    "outcome_note": "",
}


class _Errors(dict):
    def add(self, field: str, message: str) -> None:
        self.setdefault(field, []).append(_(message))

    def raise_if_any(self) -> None:
        if self:
            raise ValidationError(dict(self))


def _check_moment(errors: _Errors, field: str, value: datetime | None, *, not_before=None) -> None:
    if value is None:
        errors.add(field, REQUIRED)
        return
    if value > timezone.now() + timedelta(minutes=5):
        errors.add(field, IN_FUTURE)
    elif not_before is not None and value < not_before:
        errors.add(field, BEFORE_DETECTED)


def _required_text(errors: _Errors, field: str, value: str) -> str:
    value = (value or "").strip()
    if not value:
        errors.add(field, REQUIRED)
    return value


def _choice(errors: _Errors, field: str, value: str, choices, *, required=True) -> str:
    if not value and not required:
        return ""
    if value not in choices.values:
        errors.add(field, REQUIRED if not value else INVALID_CHOICE)
    return value


def _organisation(kind: str) -> Organisation:
    return Organisation.objects.get(kind=kind)


# --- deadlines of the steps ---------------------------------------------------


def _case_url(case: DepartureCase) -> str:
    return f"/vertrek/{case.pk}/"


def _open_step_deadlines(
    *, actor, case: DepartureCase, steps: Iterable[str], start: datetime, rules: DepartureRules
) -> None:
    organisations = {
        edge.organisation for (_status, step), edge in TRANSITIONS.items() if step in set(steps)
    }
    orgs = {o.kind: o for o in Organisation.objects.filter(kind__in=organisations)}
    for step in steps:
        rule = rules.rule(step)
        org_kind = _responsible(step)
        unit = None
        if case.location is not None and org_kind == OrganisationKind.COA:
            unit = case.location.unit
        elif case.location is not None and org_kind == OrganisationKind.POLITIE:
            unit = case.location.police_region
        organisation = orgs.get(org_kind) or _organisation(org_kind)
        deadlines.open_deadline(
            actor=actor,
            subject=case,
            kind=rule.kind,
            rule_version=rule.version,
            title=_("%(step)s: %(person)s")
            % {"step": capfirst(Step(step).label), "person": case.person.pseudonym},
            organisation=organisation,
            unit=unit,
            due_at=rule.due_at(start),
            person_id=case.person_id,
            url=_case_url(case),
        )


def _responsible(step: str) -> str:
    for (_status, s), edge in TRANSITIONS.items():
        if s == step:
            return edge.organisation
    raise KeyError(step)


def _deadline_kinds(steps: Iterable[str], rules: DepartureRules) -> list[str]:
    return [deadline_kind(s) for s in steps]


def deadline_kind(step: str) -> str:
    return f"departure.{step}"


def _first_steps(case: DepartureCase) -> list[str]:
    steps = [Step.REPORT_TO_POLICE, Step.INFORM_GUARDIAN, Step.CLASSIFY]
    if case.return_process:
        steps.append(Step.REGISTER_DTV_DEPARTURE)
    if case.asylum_affected:
        steps.append(Step.INFORM_IND)
    return steps


# --- opening a case -----------------------------------------------------------


def _current_placement(person: Person) -> Placement | None:
    return (
        Placement.objects.filter(person=person, ended_at__isnull=True)
        .select_related("location__unit", "location__police_region")
        .order_by("-planned_arrival", "-id")
        .first()
    )


def _running_voogd(person: Person) -> User | None:
    g = (
        Guardianship.objects.filter(person=person, ended_on__isnull=True)
        .select_related("voogd")
        .order_by("-started_on", "-id")
        .first()
    )
    return g.voogd if g else None


def open_case(
    *,
    actor: User,
    person: Person,
    detected_at: datetime | None,
    placement: Placement | None = None,
    return_process: bool = False,
    asylum_affected: bool = False,
    circumstances: str = "",
    proposal: TriggerProposal | None = None,
) -> DepartureCase:
    """Open a departure for a person the actor may see; the first steps get their deadlines."""
    require(actor, Action.CREATE, KIND)
    person = get_visible_or_404(actor, Person.objects.all(), person.pk)
    errors = _Errors()
    _check_moment(errors, "detected_at", detected_at)
    if placement is not None and (placement.person_id != person.pk or placement.ended_at):
        errors.add("placement", NOT_PLACED)
    errors.raise_if_any()
    rules = current_rules()
    with transaction.atomic():
        # Serialise openings for the same person: the second finds the first.
        Person.objects.select_for_update(no_key=True).filter(pk=person.pk).first()
        if DepartureCase.objects.filter(person=person).exclude(status="closed").exists():
            raise ValidationError({NON_FIELD_ERRORS: [_(ALREADY_OPEN)]})
        placement = placement or _current_placement(person)
        location = placement.location if placement else None
        case = DepartureCase.objects.create(
            person=person,
            placement=placement,
            location=location,
            voogd=_running_voogd(person),
            detected_at=detected_at,
            opened_by=actor,
            is_bo=bool(location and location.location_type == LocationType.BO),
            return_process=return_process,
            asylum_affected=asylum_affected,
            circumstances=(circumstances or "").strip(),
        )
        DepartureEvent.objects.create(
            case=case,
            step=OPENED,
            cycle=1,
            from_status=case.status,
            to_status=case.status,
            at=timezone.now(),
            actor=actor,
            organisation_id=actor.organisation_id,
            note=case.circumstances,
            data={"proposal": proposal.pk} if proposal else {},
        )
        audit.record_created(actor=actor, obj=case, person_id=person.pk)
        _open_step_deadlines(
            actor=actor, case=case, steps=_first_steps(case), start=detected_at, rules=rules
        )
    return case


# --- the generic step ----------------------------------------------------------


def _take_step(
    *,
    actor: User,
    case: DepartureCase,
    step: str,
    expected_version: int | None,
    apply: Callable[[DepartureCase, datetime], dict] | None = None,
    note: str = "",
    after: Callable[[DepartureCase, datetime, DepartureRules], None] | None = None,
) -> DepartureCase:
    """Lock, check version and table, apply, record. `apply` may raise field errors."""
    rules = current_rules()
    with transaction.atomic():
        try:
            locked = (
                DepartureCase.objects.select_for_update(no_key=True, of=("self",))
                .select_related("location__unit", "location__police_region", "person")
                .get(pk=case.pk)
            )
        except DepartureCase.DoesNotExist as exc:
            raise NotVisible from exc
        require(actor, Action.UPDATE, KIND, locked)
        if expected_version is not None and locked.version != expected_version:
            raise ValidationError({NON_FIELD_ERRORS: [_(STALE_VERSION)]}, code="stale")
        try:
            check_step(case=locked, step=step, role=actor.role)
        except ValidationError as exc:
            raise ValidationError({NON_FIELD_ERRORS: exc.messages}, code=exc.code) from exc
        now = timezone.now()
        before = audit.snapshot(locked)
        from_status = locked.status
        data = apply(locked, now) if apply else {}
        edge = TRANSITIONS[(from_status, step)]
        if edge.target:
            locked.status = edge.target
        locked.version += 1
        locked.save()
        DepartureEvent.objects.create(
            case=locked,
            step=step,
            cycle=locked.cycle,
            from_status=from_status,
            to_status=locked.status,
            at=now,
            actor=actor,
            organisation_id=actor.organisation_id,
            note=(note or "").strip(),
            data=data or {},
        )
        changes = audit.diff(before, audit.snapshot(locked))
        changes["step"] = step
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=locked,
            person_id=locked.person_id,
            changes=changes,
        )
        deadlines.meet_deadlines(actor=actor, subject=locked, kinds=_deadline_kinds([step], rules))
        if after:
            after(locked, now, rules)
    case.__dict__.update({k: v for k, v in locked.__dict__.items() if not k.startswith("_")})
    return locked


# --- the steps ----------------------------------------------------------------


def report_to_police(
    *,
    actor: User,
    case: DepartureCase,
    expected_version: int | None,
    reported_at: datetime | None = None,
    police_reference: str = "",
    note: str = "",
) -> DepartureCase:
    reported_at = reported_at or timezone.now()
    errors = _Errors()
    _check_moment(errors, "reported_at", reported_at, not_before=case.detected_at)
    errors.raise_if_any()

    def apply(c: DepartureCase, now: datetime) -> dict:
        c.reported_to_police_at = reported_at
        c.police_reference = (police_reference or "").strip()
        return {"reported_at": reported_at.isoformat()}

    def after(c: DepartureCase, now: datetime, rules: DepartureRules) -> None:
        _open_step_deadlines(
            actor=actor, case=c, steps=[Step.ACKNOWLEDGE], start=reported_at, rules=rules
        )

    return _take_step(
        actor=actor,
        case=case,
        step=Step.REPORT_TO_POLICE,
        expected_version=expected_version,
        apply=apply,
        note=note,
        after=after,
    )


def inform_guardian(
    *,
    actor: User,
    case: DepartureCase,
    expected_version: int | None,
    informed_at: datetime | None = None,
    note: str = "",
) -> DepartureCase:
    informed_at = informed_at or timezone.now()
    errors = _Errors()
    _check_moment(errors, "informed_at", informed_at, not_before=case.detected_at)
    errors.raise_if_any()

    def apply(c: DepartureCase, now: datetime) -> dict:
        c.guardian_informed_at = informed_at
        return {"informed_at": informed_at.isoformat()}

    return _take_step(
        actor=actor,
        case=case,
        step=Step.INFORM_GUARDIAN,
        expected_version=expected_version,
        apply=apply,
        note=note,
    )


def acknowledge(
    *, actor: User, case: DepartureCase, expected_version: int | None, note: str = ""
) -> DepartureCase:
    def apply(c: DepartureCase, now: datetime) -> dict:
        c.acknowledged_at = now
        return {}

    def after(c: DepartureCase, now: datetime, rules: DepartureRules) -> None:
        _open_step_deadlines(
            actor=actor,
            case=c,
            steps=[Step.RECORD_MISSING_PERSON_REPORT],
            start=now,
            rules=rules,
        )

    return _take_step(
        actor=actor,
        case=case,
        step=Step.ACKNOWLEDGE,
        expected_version=expected_version,
        apply=apply,
        note=note,
        after=after,
    )


def record_missing_person_report(
    *,
    actor: User,
    case: DepartureCase,
    expected_version: int | None,
    reference: str,
    follow_up: str,
    trafficking_sign: bool = False,
    note: str = "",
) -> DepartureCase:
    errors = _Errors()
    reference = _required_text(errors, "reference", reference)
    _choice(errors, "follow_up", follow_up, PoliceFollowUp)
    if trafficking_sign and not (note or "").strip():
        errors.add("note", REQUIRED)
    errors.raise_if_any()

    def apply(c: DepartureCase, now: datetime) -> dict:
        c.missing_report_at = now
        c.missing_report_reference = reference
        c.police_follow_up = follow_up
        if trafficking_sign:
            c.trafficking_sign = True
        return {"follow_up": follow_up, "trafficking_sign": bool(trafficking_sign)}

    def after(c: DepartureCase, now: datetime, rules: DepartureRules) -> None:
        if trafficking_sign:
            hooks.trafficking_sign_recorded(case=c, actor=actor, note=note)

    return _take_step(
        actor=actor,
        case=case,
        step=Step.RECORD_MISSING_PERSON_REPORT,
        expected_version=expected_version,
        apply=apply,
        note=note,
        after=after,
    )


def classify(
    *,
    actor: User,
    case: DepartureCase,
    expected_version: int | None,
    classification: str,
    evidence: str,
    known_destination: str = "",
) -> DepartureCase:
    errors = _Errors()
    _choice(errors, "classification", classification, Classification)
    evidence = _required_text(errors, "evidence", evidence)
    known_destination = (known_destination or "").strip()
    if classification == Classification.KNOWN and not known_destination:
        errors.add("known_destination", DESTINATION_REQUIRED)
    errors.raise_if_any()
    previous: dict[str, str] = {}

    def apply(c: DepartureCase, now: datetime) -> dict:
        previous["classification"] = c.classification
        c.classification = classification
        c.classification_evidence = evidence
        c.known_destination = known_destination if classification == Classification.KNOWN else ""
        c.classified_at = now
        return {"classification": classification, "previous": previous["classification"]}

    def after(c: DepartureCase, now: datetime, rules: DepartureRules) -> None:
        was_known = previous["classification"] == Classification.KNOWN
        if classification == Classification.KNOWN and not was_known:
            if c.police_told_closure_at is None:
                _open_step_deadlines(
                    actor=actor,
                    case=c,
                    steps=[Step.INFORM_POLICE_CLOSURE],
                    start=now,
                    rules=rules,
                )
        elif was_known and classification != Classification.KNOWN:
            deadlines.cancel_deadlines(
                actor=actor,
                subject=c,
                kinds=_deadline_kinds([Step.INFORM_POLICE_CLOSURE, Step.CLOSE], rules),
            )

    return _take_step(
        actor=actor,
        case=case,
        step=Step.CLASSIFY,
        expected_version=expected_version,
        apply=apply,
        note=evidence,
        after=after,
    )


def register_guardianship_transfer(
    *,
    actor: User,
    case: DepartureCase,
    expected_version: int | None,
    transferred_to: str,
    note: str = "",
) -> DepartureCase:
    """Register that guardianship passed to a guardian elsewhere; ends the Nidos guardianship."""
    errors = _Errors()
    transferred_to = _required_text(errors, "transferred_to", transferred_to)
    errors.raise_if_any()

    def apply(c: DepartureCase, now: datetime) -> dict:
        c.guardianship_transferred_at = now
        c.guardianship_transferred_to = transferred_to
        return {"transferred_to": transferred_to}

    def after(c: DepartureCase, now: datetime, rules: DepartureRules) -> None:
        from ketenzicht.people import services as people_services

        running = Guardianship.objects.filter(person_id=c.person_id, ended_on__isnull=True)
        for guardianship in running:
            people_services.end_guardianship(
                actor=actor,
                guardianship=guardianship,
                ended_on=timezone.localdate(now),
                end_reason=_("Guardianship transferred to %(to)s") % {"to": transferred_to},
            )

    return _take_step(
        actor=actor,
        case=case,
        step=Step.REGISTER_GUARDIANSHIP_TRANSFER,
        expected_version=expected_version,
        apply=apply,
        note=note,
        after=after,
    )


def inform_police_closure(
    *, actor: User, case: DepartureCase, expected_version: int | None, note: str = ""
) -> DepartureCase:
    def apply(c: DepartureCase, now: datetime) -> dict:
        c.police_told_closure_at = now
        return {}

    def after(c: DepartureCase, now: datetime, rules: DepartureRules) -> None:
        _open_step_deadlines(actor=actor, case=c, steps=[Step.CLOSE], start=now, rules=rules)

    return _take_step(
        actor=actor,
        case=case,
        step=Step.INFORM_POLICE_CLOSURE,
        expected_version=expected_version,
        apply=apply,
        note=note,
        after=after,
    )


def register_dtv_departure(
    *, actor: User, case: DepartureCase, expected_version: int | None, note: str = ""
) -> DepartureCase:
    def apply(c: DepartureCase, now: datetime) -> dict:
        c.dtv_registered_at = now
        return {}

    return _take_step(
        actor=actor,
        case=case,
        step=Step.REGISTER_DTV_DEPARTURE,
        expected_version=expected_version,
        apply=apply,
        note=note,
    )


def inform_ind(
    *, actor: User, case: DepartureCase, expected_version: int | None, note: str = ""
) -> DepartureCase:
    def apply(c: DepartureCase, now: datetime) -> dict:
        c.ind_informed_at = now
        return {}

    return _take_step(
        actor=actor,
        case=case,
        step=Step.INFORM_IND,
        expected_version=expected_version,
        apply=apply,
        note=note,
    )


def record_trafficking_sign(
    *, actor: User, case: DepartureCase, expected_version: int | None, note: str
) -> DepartureCase:
    """Flag a sign of trafficking or smuggling; the OM sees flagged departures (hook: signals)."""
    errors = _Errors()
    note = _required_text(errors, "note", note)
    errors.raise_if_any()

    def apply(c: DepartureCase, now: datetime) -> dict:
        c.trafficking_sign = True
        return {}

    def after(c: DepartureCase, now: datetime, rules: DepartureRules) -> None:
        hooks.trafficking_sign_recorded(case=c, actor=actor, note=note)

    return _take_step(
        actor=actor,
        case=case,
        step=Step.RECORD_TRAFFICKING_SIGN,
        expected_version=expected_version,
        apply=apply,
        note=note,
        after=after,
    )


def record_reappearance(
    *,
    actor: User,
    case: DepartureCase,
    expected_version: int | None,
    kind: str,
    detail: str,
    reappeared_at: datetime | None = None,
    channel: str = "",
) -> DepartureCase:
    reappeared_at = reappeared_at or timezone.now()
    errors = _Errors()
    _choice(errors, "kind", kind, ReappearanceKind)
    detail = _required_text(errors, "detail", detail)
    _check_moment(errors, "reappeared_at", reappeared_at, not_before=case.detected_at)
    if kind == ReappearanceKind.MEMBER_STATE:
        if not channel:
            errors.add("channel", CHANNEL_REQUIRED)
        else:
            _choice(errors, "channel", channel, ReappearanceChannel)
    else:
        channel = ""
    errors.raise_if_any()

    def apply(c: DepartureCase, now: datetime) -> dict:
        c.reappeared_at = reappeared_at
        c.reappearance_kind = kind
        c.reappearance_channel = channel
        c.reappearance_detail = detail
        return {"kind": kind, "channel": channel, "reappeared_at": reappeared_at.isoformat()}

    def after(c: DepartureCase, now: datetime, rules: DepartureRules) -> None:
        deadlines.cancel_deadlines(
            actor=actor, subject=c, kinds=_deadline_kinds(POLICE_TRACK, rules)
        )

    return _take_step(
        actor=actor,
        case=case,
        step=Step.RECORD_REAPPEARANCE,
        expected_version=expected_version,
        apply=apply,
        note=detail,
        after=after,
    )


def close(
    *,
    actor: User,
    case: DepartureCase,
    expected_version: int | None,
    outcome: str,
    note: str = "",
) -> DepartureCase:
    errors = _Errors()
    _choice(errors, "outcome", outcome, Outcome)
    errors.raise_if_any()

    def apply(c: DepartureCase, now: datetime) -> dict:
        c.closed_at = now
        c.outcome = outcome
        c.outcome_note = (note or "").strip()
        return {"outcome": outcome}

    def after(c: DepartureCase, now: datetime, rules: DepartureRules) -> None:
        deadlines.cancel_deadlines(actor=actor, subject=c)
        _end_placement_if_gone(actor, c, outcome)

    return _take_step(
        actor=actor,
        case=case,
        step=Step.CLOSE,
        expected_version=expected_version,
        apply=apply,
        note=note,
        after=after,
    )


def _end_placement_if_gone(actor: User, case: DepartureCase, outcome: str) -> bool:
    """End the placement the person left, through the reception service, when the case
    closes with the person not coming back and the actor may end placements there (the
    location manager). Otherwise the placement stays for the location to end."""
    from ketenzicht.access.enforce import can
    from ketenzicht.reception import services as reception

    placement = case.placement
    if placement is None or placement.ended_at is not None:
        return False
    if outcome == Outcome.RETURNED_TO_RECEPTION:
        return False
    if not can(actor, Action.UPDATE, "reception.placement", placement):
        return False
    reason = (
        reception.END_REASONS.GUARDIANSHIP_TRANSFER
        if outcome == Outcome.GUARDIANSHIP_TRANSFERRED
        else reception.END_REASONS.DEPARTURE
    )
    started = placement.arrived_at or placement.planned_arrival
    reception.end_placement(
        actor=actor, placement=placement, ended_at=max(case.detected_at, started), reason=reason
    )
    return True


def reopen(
    *,
    actor: User,
    case: DepartureCase,
    expected_version: int | None,
    detected_at: datetime | None,
    note: str,
) -> DepartureCase:
    """The person departed again: a new cycle with the first steps and their deadlines."""
    errors = _Errors()
    note = _required_text(errors, "note", note)
    _check_moment(errors, "detected_at", detected_at, not_before=case.detected_at)
    errors.raise_if_any()

    def apply(c: DepartureCase, now: datetime) -> dict:
        previous = {"cycle": c.cycle, "outcome": c.outcome}
        for name, empty in CYCLE_FIELDS.items():
            setattr(c, name, empty)
        c.cycle += 1
        c.detected_at = detected_at
        return previous

    def after(c: DepartureCase, now: datetime, rules: DepartureRules) -> None:
        deadlines.cancel_deadlines(actor=actor, subject=c)
        _open_step_deadlines(
            actor=actor, case=c, steps=_first_steps(c), start=detected_at, rules=rules
        )

    return _take_step(
        actor=actor,
        case=case,
        step=Step.REOPEN,
        expected_version=expected_version,
        apply=apply,
        note=note,
        after=after,
    )


# --- proposals from triggers ---------------------------------------------------------


def confirm_proposal(
    *,
    actor: User,
    proposal: TriggerProposal,
    detected_at: datetime | None = None,
    note: str = "",
) -> DepartureCase:
    """A person confirms the suspected departure: the case opens (once)."""
    with transaction.atomic():
        locked = _lock_proposal(actor, proposal)
        case = open_case(
            actor=actor,
            person=locked.person,
            detected_at=detected_at or locked.suspected_since,
            placement=locked.placement if locked.placement.ended_at is None else None,
            circumstances=note or locked.evidence,
            proposal=locked,
        )
        _decide(actor, locked, ProposalStatus.CONFIRMED, note, case)
    return case


def dismiss_proposal(*, actor: User, proposal: TriggerProposal, note: str) -> TriggerProposal:
    errors = _Errors()
    note = _required_text(errors, "note", note)
    errors.raise_if_any()
    with transaction.atomic():
        locked = _lock_proposal(actor, proposal)
        _decide(actor, locked, ProposalStatus.DISMISSED, note, None)
    return locked


def _lock_proposal(actor: User, proposal: TriggerProposal) -> TriggerProposal:
    locked = (
        TriggerProposal.objects.select_for_update(no_key=True)
        .select_related("person", "placement")
        .filter(pk=proposal.pk)
        .first()
    )
    if locked is None:
        raise NotVisible
    require(actor, Action.UPDATE, PROPOSAL_KIND, locked)
    if locked.status != ProposalStatus.PENDING:
        raise ValidationError({NON_FIELD_ERRORS: [_(PROPOSAL_DECIDED)]})
    return locked


def _decide(actor, proposal: TriggerProposal, status: str, note: str, case) -> None:
    before = audit.snapshot(proposal)
    proposal.status = status
    proposal.decided_by = actor
    proposal.decided_at = timezone.now()
    proposal.decision_note = (note or "").strip()
    proposal.case = case
    proposal.save()
    audit.record_updated(actor=actor, obj=proposal, before=before, person_id=proposal.person_id)


TRIGGER_ACTOR_LABEL = "departure-triggers"


@dataclass(frozen=True)
class Suspicion:
    placement_id: int
    person_id: int
    location_id: int
    trigger: str
    evidence: str
    suspected_since: datetime


def propose_from_triggers(*, now: datetime | None = None) -> int:
    """Scan reception data for the triggers in the settings; create pending proposals.

    Idempotent: one pending proposal per placement and trigger (a unique
    constraint), no proposal for a person with a departure that is not closed,
    and none again for a suspicion a person dismissed after it started.
    """
    from .triggers import find_suspicions

    now = now or timezone.now()
    suspicions = find_suspicions(now=now, rules=current_rules())
    created = 0
    for s in suspicions:
        try:
            with transaction.atomic():
                proposal = TriggerProposal.objects.create(
                    person_id=s.person_id,
                    placement_id=s.placement_id,
                    location_id=s.location_id,
                    trigger=s.trigger,
                    evidence=s.evidence,
                    suspected_since=s.suspected_since,
                )
                audit.record(
                    actor=None,
                    actor_label=TRIGGER_ACTOR_LABEL,
                    action=AuditAction.CREATE,
                    obj=proposal,
                    person_id=s.person_id,
                    changes={"before": {}, "after": audit.snapshot(proposal)},
                )
        except IntegrityError:
            continue  # a concurrent scan proposed it first
        created += 1
    return created
