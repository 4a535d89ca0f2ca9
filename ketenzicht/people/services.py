"""Every change to the person registry: validated, policy-checked, one transaction, audited.

Views, the API and imports call these functions; nothing else writes the
people models. Each function checks the access policy first, validates all
input before writing anything (so a failed save changes nothing), writes the
audit event in the same transaction, and keeps `search_name` in step with the
names through `names.search_key` and the search's token index with
`search_name` through `name_index` (ADR 0011).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ketenzicht.access.enforce import require
from ketenzicht.access.policy import Action
from ketenzicht.accounts.roles import Role
from ketenzicht.audit.services import record_created, record_updated, snapshot

from . import countries, name_index
from .models import (
    AgeInspection,
    AgeInvestigation,
    AgeOutcome,
    Alias,
    AsylumApplication,
    AsylumStatus,
    DatePrecision,
    DocumentAuthenticity,
    EurodacHit,
    ForeignReference,
    Guardianship,
    IdentityDocument,
    IdentityRecord,
    Person,
    RegisteredAs,
    Sex,
)
from .names import search_key

# --- validation messages (exported: tests assert them exactly) ---------------

NAME_REQUIRED = _("Enter at least a given name or a family name.")
DOB_IN_FUTURE = _("The date of birth cannot be in the future.")
DOB_IMPLAUSIBLE = _("This date of birth is more than 120 years ago.")
DOB_REQUIRED = _("Enter the date of birth as claimed, or choose 'unknown' as precision.")
DOB_NOT_EXPECTED = _("Leave the date of birth empty when its precision is 'unknown'.")
UNKNOWN_COUNTRY = _("Unknown country code. Use an ISO 3166 code such as VNM, ERI or NGA.")
NOT_EURODAC_STATE = _("This country does not take part in Eurodac.")
INVALID_V_NUMBER = _("A V-number consists of 10 digits.")
DUPLICATE_V_NUMBER = _("Your organisation already registered this V-number for another record.")
V_NUMBER_OTHER_PERSON = _(
    "This V-number belongs to another person in the register. Ask for the records to be linked."
)
V_NUMBER_CONFLICT = _("This person is already known under another V-number.")
DUPLICATE_ORG_NUMBER = _("Your organisation already uses this number for another record.")
RECORD_EXISTS = _(
    "Your organisation already has an identity record for this person: edit that record."
)
INVALID_CHOICE = _("Choose one of the options.")
REQUIRED = _("This field is required.")
DATE_IN_FUTURE = _("This date cannot be in the future.")
PHOTO_INVALID = _("Upload a JPEG or PNG photo of at most 5 MB.")
IND_OFFICER_ROLE = _("Choose an active IND officer.")
AVIM_OFFICER_ROLE = _("Choose an active AVIM or identification & registration officer.")
SAME_OFFICER = _("The IND and the AVIM officer must be two different people.")
ARRIVAL_FLAG_WITH_ASYLUM = _(
    "This person applied for asylum on or before this date; the inspection is not one "
    "of a claimed minor without an asylum application."
)
INVESTIGATION_ALREADY_OPEN = _("An age investigation is already running for this person.")
INVESTIGATION_CONCLUDED = _("This age investigation has already been concluded.")
BEFORE_START = _("This date lies before the start date.")
VOOGD_ROLE = _("Choose an active Nidos guardian (voogd).")
GUARDIANSHIP_ENDED = _("This guardianship has already ended.")
ALREADY_GUARDIAN = _("This guardian already has the guardianship of this person.")
NO_ORGANISATION = _("Your account is not attached to an organisation.")

V_NUMBER_RE = re.compile(r"^\d{10}$")
PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_SIGNATURES = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")
MAX_AGE_YEARS = 120
AVIM_ROLES = frozenset({Role.AVIM_RECHERCHEUR, Role.IR_OFFICER})
TRANSFER_REASON = "transferred to another guardian"


def _today() -> date:
    return timezone.localdate()


class _Errors(dict):
    """Collects field errors so the user sees all of them at once."""

    def add(self, field: str, message: Any) -> None:
        self.setdefault(field, []).append(message)

    def raise_if_any(self) -> None:
        if self:
            raise ValidationError(dict(self))


def _require_person(actor, kind: str, action: Action, person: Person) -> None:
    # A person the actor cannot see is "not found" (404), whatever the kind;
    # one they see but may not change gives 403.
    require(actor, Action.VIEW, "people.person", person)
    require(actor, action, kind)


def _organisation(actor):
    if not getattr(actor, "organisation_id", None):
        raise PermissionDenied(NO_ORGANISATION)
    return actor.organisation


def clean_v_number(value: str | None) -> str:
    # People write V-numbers with dots or spaces (12.34.56.78.90); store digits.
    return re.sub(r"[\s.\-]", "", value or "")


def _check_choice(errors: _Errors, field: str, value: Any, choices) -> None:
    if value not in choices:
        errors.add(field, INVALID_CHOICE)


def _check_past(errors: _Errors, field: str, value: date | None, message=DATE_IN_FUTURE) -> None:
    if value is not None and value > _today():
        errors.add(field, message)


# --- identity records ----------------------------------------------------------


@dataclass
class IdentityData:
    """What an organisation writes about a person in its identity record."""

    given_names: str = ""
    family_name: str = ""
    date_of_birth: date | None = None
    dob_precision: str = DatePrecision.FULL
    dob_is_placeholder: bool = False
    sex: str = Sex.UNKNOWN
    nationality: str = ""
    languages: str = ""
    org_number: str = ""
    v_number: str = ""
    photo: UploadedFile | None = None

    @classmethod
    def fields(cls) -> list[str]:
        return list(cls.__dataclass_fields__)


def normalise_dob(value: date | None, precision: str) -> date | None:
    """Store a partial date at the first day of its period, so ranges compare."""
    if value is None or precision == DatePrecision.UNKNOWN:
        return None
    if precision == DatePrecision.YEAR:
        return value.replace(month=1, day=1)
    if precision == DatePrecision.YEAR_MONTH:
        return value.replace(day=1)
    return value


def _clean_identity(data: IdentityData, errors: _Errors) -> IdentityData:
    data.given_names = (data.given_names or "").strip()
    data.family_name = (data.family_name or "").strip()
    data.languages = (data.languages or "").strip()
    data.org_number = (data.org_number or "").strip()
    data.v_number = clean_v_number(data.v_number)
    if not data.given_names and not data.family_name:
        errors.add("family_name", NAME_REQUIRED)
    _check_choice(errors, "dob_precision", data.dob_precision, DatePrecision.values)
    _check_choice(errors, "sex", data.sex, Sex.values)
    if data.dob_precision == DatePrecision.UNKNOWN:
        if data.date_of_birth is not None:
            errors.add("date_of_birth", DOB_NOT_EXPECTED)
        data.dob_is_placeholder = False
    elif data.date_of_birth is None:
        errors.add("date_of_birth", DOB_REQUIRED)
    else:
        if data.date_of_birth > _today():
            errors.add("date_of_birth", DOB_IN_FUTURE)
        elif data.date_of_birth.year < _today().year - MAX_AGE_YEARS:
            errors.add("date_of_birth", DOB_IMPLAUSIBLE)
        data.date_of_birth = normalise_dob(data.date_of_birth, data.dob_precision)
    if data.nationality:
        code = countries.normalise(data.nationality)
        if code is None:
            errors.add("nationality", UNKNOWN_COUNTRY)
        else:
            data.nationality = code
    if data.v_number and not V_NUMBER_RE.match(data.v_number):
        errors.add("v_number", INVALID_V_NUMBER)
    if data.photo is not None:
        _check_photo(errors, data.photo)
    return data


def _check_photo(errors: _Errors, photo: UploadedFile) -> None:
    head = photo.read(8)
    photo.seek(0)
    if (photo.size or 0) > PHOTO_MAX_BYTES or not head.startswith(PHOTO_SIGNATURES):
        errors.add("photo", PHOTO_INVALID)


def _check_numbers(
    errors: _Errors,
    *,
    organisation_id: int,
    data: IdentityData,
    person: Person | None,
    record: IdentityRecord | None,
) -> None:
    own = IdentityRecord.objects.filter(organisation_id=organisation_id)
    if record is not None:
        own = own.exclude(pk=record.pk)
    if data.org_number and own.filter(org_number=data.org_number).exists():
        errors.add("org_number", DUPLICATE_ORG_NUMBER)
    if not data.v_number or "v_number" in errors:
        return
    if own.filter(v_number=data.v_number).exists():
        errors.add("v_number", DUPLICATE_V_NUMBER)
    elif person is not None:
        if Person.objects.filter(v_number=data.v_number).exclude(pk=person.pk).exists():
            errors.add("v_number", V_NUMBER_OTHER_PERSON)
        elif person.v_number and person.v_number != data.v_number:
            errors.add("v_number", V_NUMBER_CONFLICT)


def _integrity_error(exc: IntegrityError) -> ValidationError:
    # The check above runs first; this catches the race where two officers
    # save the same number at the same moment.
    text = str(exc)
    if "org_number" in text:
        return ValidationError({"org_number": [DUPLICATE_ORG_NUMBER]})
    if "v_number" in text:
        return ValidationError({"v_number": [DUPLICATE_V_NUMBER]})
    raise exc


def _set_person_v_number(actor, person: Person, v_number: str) -> None:
    if v_number and not person.v_number:
        before = snapshot(person)
        person.v_number = v_number
        person.save(update_fields=["v_number"])
        record_updated(actor=actor, obj=person, before=before, person_id=person.pk)


def _write_record(actor, person: Person, data: IdentityData) -> IdentityRecord:
    record = IdentityRecord(
        person=person,
        organisation_id=actor.organisation_id,
        recorded_by=actor,
        search_name=search_key(data.given_names, data.family_name),
        **{f: getattr(data, f) for f in IdentityData.fields() if f != "photo"},
    )
    if data.photo is not None:
        record.photo = data.photo
    record.save()
    name_index.index_record(record, created=True)
    record_created(actor=actor, obj=record, person_id=person.pk)
    _set_person_v_number(actor, person, data.v_number)
    return record


@dataclass
class InspectionData:
    inspected_on: date | None = None
    ind_officer: Any = None
    avim_officer: Any = None
    outcome: str = ""
    on_arrival_without_asylum: bool = False
    place: str = ""
    note: str = ""


def register_person(
    *, actor, identity: IdentityData, inspection: InspectionData | None = None
) -> Person:
    """Register a person with the actor organisation's identity record.

    When the V-number is already the chain key of a person, the new record is
    added to that person instead of creating a second one: the V-number is the
    shared key. An optional age inspection is recorded in the same transaction;
    its field errors carry the prefix `inspection_`.
    """
    require(actor, Action.CREATE, "people.person")
    org = _organisation(actor)
    errors = _Errors()
    data = _clean_identity(identity, errors)
    existing = None
    if data.v_number and "v_number" not in errors:
        existing = Person.objects.filter(v_number=data.v_number, merged_into__isnull=True).first()
    _check_numbers(errors, organisation_id=org.pk, data=data, person=existing, record=None)
    if (
        existing is not None
        and "v_number" not in errors
        and existing.identity_records.filter(organisation_id=org.pk).exists()
    ):
        errors.add("v_number", DUPLICATE_V_NUMBER)
    if inspection is not None:
        require(actor, Action.CREATE, "people.ageinspection")
        for field, messages in _inspection_errors(inspection, person=None).items():
            for message in messages:
                errors.add(f"inspection_{field}", message)
    errors.raise_if_any()
    try:
        with transaction.atomic():
            person = existing
            if person is None:
                person = Person.objects.create()
                record_created(actor=actor, obj=person, person_id=person.pk)
            _write_record(actor, person, data)
            if inspection is not None:
                _write_inspection(actor, person, inspection)
    except IntegrityError as exc:
        raise _integrity_error(exc) from exc
    return person


def add_identity_record(*, actor, person: Person, identity: IdentityData) -> IdentityRecord:
    """The actor's organisation adds its own record to a person it can see."""
    _require_person(actor, "people.identityrecord", Action.CREATE, person)
    org = _organisation(actor)
    errors = _Errors()
    data = _clean_identity(identity, errors)
    if person.identity_records.filter(organisation_id=org.pk).exists():
        errors.add(NON_FIELD_ERRORS, RECORD_EXISTS)
    _check_numbers(errors, organisation_id=org.pk, data=data, person=person, record=None)
    errors.raise_if_any()
    try:
        with transaction.atomic():
            return _write_record(actor, person, data)
    except IntegrityError as exc:
        raise _integrity_error(exc) from exc


def update_identity_record(
    *, actor, record: IdentityRecord, identity: IdentityData
) -> IdentityRecord:
    """Change the actor organisation's own record; other organisations' records are theirs."""
    require(actor, Action.UPDATE, "people.identityrecord", record)
    errors = _Errors()
    data = _clean_identity(identity, errors)
    person = record.person
    _check_numbers(
        errors, organisation_id=record.organisation_id, data=data, person=person, record=record
    )
    errors.raise_if_any()
    before = snapshot(record)
    for field in IdentityData.fields():
        if field != "photo":
            setattr(record, field, getattr(data, field))
    if data.photo is not None:
        record.photo = data.photo
    record.search_name = search_key(record.given_names, record.family_name)
    try:
        with transaction.atomic():
            record.save()
            name_index.index_record(record)
            record_updated(actor=actor, obj=record, before=before, person_id=person.pk)
            _set_person_v_number(actor, person, data.v_number)
    except IntegrityError as exc:
        raise _integrity_error(exc) from exc
    return record


# --- aliases, documents, references --------------------------------------------


def add_alias(*, actor, person: Person, name: str) -> Alias:
    _require_person(actor, "people.alias", Action.CREATE, person)
    name = (name or "").strip()
    errors = _Errors()
    if not name:
        errors.add("name", REQUIRED)
    errors.raise_if_any()
    with transaction.atomic():
        alias = Alias.objects.create(
            person=person,
            organisation_id=_organisation(actor).pk,
            name=name,
            search_name=search_key(name),
        )
        name_index.index_alias(alias, created=True)
        record_created(actor=actor, obj=alias, person_id=person.pk)
    return alias


def add_document(
    *,
    actor,
    person: Person,
    document_type: str,
    number: str,
    issuing_country: str,
    valid_until: date | None = None,
    authenticity: str = DocumentAuthenticity.NOT_ASSESSED,
) -> IdentityDocument:
    _require_person(actor, "people.identitydocument", Action.CREATE, person)
    errors = _Errors()
    document_type = (document_type or "").strip()
    number = (number or "").strip()
    if not document_type:
        errors.add("document_type", REQUIRED)
    if not number:
        errors.add("number", REQUIRED)
    country = countries.normalise(issuing_country)
    if country is None or country in countries.EXTRA_CODES:
        errors.add("issuing_country", UNKNOWN_COUNTRY)
    _check_choice(errors, "authenticity", authenticity, DocumentAuthenticity.values)
    errors.raise_if_any()
    with transaction.atomic():
        document = IdentityDocument.objects.create(
            person=person,
            organisation_id=_organisation(actor).pk,
            document_type=document_type,
            number=number,
            issuing_country=country,
            valid_until=valid_until,
            authenticity=authenticity,
        )
        record_created(actor=actor, obj=document, person_id=person.pk)
    return document


def add_eurodac_hit(
    *,
    actor,
    person: Person,
    member_state: str,
    hit_date: date | None,
    category: int | str | None,
    registered_as: str,
) -> EurodacHit:
    _require_person(actor, "people.eurodachit", Action.CREATE, person)
    errors = _Errors()
    state = countries.normalise(member_state)
    if state is None:
        errors.add("member_state", UNKNOWN_COUNTRY)
    elif state not in countries.EURODAC_STATES:
        errors.add("member_state", NOT_EURODAC_STATE)
    if hit_date is None:
        errors.add("hit_date", REQUIRED)
    _check_past(errors, "hit_date", hit_date)
    try:
        category = int(category)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        category = None
    _check_choice(errors, "category", category, (1, 2, 3))
    _check_choice(errors, "registered_as", registered_as, RegisteredAs.values)
    errors.raise_if_any()
    with transaction.atomic():
        hit = EurodacHit.objects.create(
            person=person,
            organisation_id=_organisation(actor).pk,
            member_state=state,
            hit_date=hit_date,
            category=category,
            registered_as=registered_as,
        )
        record_created(actor=actor, obj=hit, person_id=person.pk)
    return hit


def add_foreign_reference(
    *, actor, person: Person, partner: str, reference: str, note: str = ""
) -> ForeignReference:
    _require_person(actor, "people.foreignreference", Action.CREATE, person)
    errors = _Errors()
    partner, reference = (partner or "").strip(), (reference or "").strip()
    if not partner:
        errors.add("partner", REQUIRED)
    if not reference:
        errors.add("reference", REQUIRED)
    errors.raise_if_any()
    with transaction.atomic():
        ref = ForeignReference.objects.create(
            person=person,
            organisation_id=_organisation(actor).pk,
            partner=partner,
            reference=reference,
            note=(note or "").strip(),
        )
        record_created(actor=actor, obj=ref, person_id=person.pk)
    return ref


def record_asylum_application(
    *, actor, person: Person, applied_on: date | None, status: str = AsylumStatus.PENDING
) -> AsylumApplication:
    _require_person(actor, "people.asylumapplication", Action.CREATE, person)
    errors = _Errors()
    if applied_on is None:
        errors.add("applied_on", REQUIRED)
    _check_past(errors, "applied_on", applied_on)
    _check_choice(errors, "status", status, AsylumStatus.values)
    errors.raise_if_any()
    with transaction.atomic():
        application = AsylumApplication.objects.create(
            person=person,
            applied_on=applied_on,
            status=status,
            organisation_id=_organisation(actor).pk,
        )
        record_created(actor=actor, obj=application, person_id=person.pk)
    return application


# --- age -------------------------------------------------------------------------


def _active_with_role(user, roles) -> bool:
    return bool(user is not None and getattr(user, "is_active", False) and user.role in roles)


def _inspection_errors(data: InspectionData, *, person: Person | None) -> _Errors:
    errors = _Errors()
    if data.inspected_on is None:
        errors.add("inspected_on", REQUIRED)
    _check_past(errors, "inspected_on", data.inspected_on)
    if not _active_with_role(data.ind_officer, {Role.IND_MEDEWERKER}):
        errors.add("ind_officer", IND_OFFICER_ROLE)
    if not _active_with_role(data.avim_officer, AVIM_ROLES):
        errors.add("avim_officer", AVIM_OFFICER_ROLE)
    elif data.ind_officer is not None and data.ind_officer.pk == data.avim_officer.pk:
        errors.add("avim_officer", SAME_OFFICER)
    _check_choice(errors, "outcome", data.outcome, AgeOutcome.values)
    if (
        data.on_arrival_without_asylum
        and person is not None
        and data.inspected_on is not None
        and person.asylum_applications.filter(applied_on__lte=data.inspected_on).exists()
    ):
        errors.add("on_arrival_without_asylum", ARRIVAL_FLAG_WITH_ASYLUM)
    return errors


def _write_inspection(actor, person: Person, data: InspectionData) -> AgeInspection:
    inspection = AgeInspection.objects.create(
        person=person,
        inspected_on=data.inspected_on,
        ind_officer=data.ind_officer,
        avim_officer=data.avim_officer,
        outcome=data.outcome,
        on_arrival_without_asylum=data.on_arrival_without_asylum,
        place=(data.place or "").strip(),
        note=(data.note or "").strip(),
    )
    record_created(actor=actor, obj=inspection, person_id=person.pk)
    # In doubt an age investigation starts, unless Eurodac already shows an
    # adult registration elsewhere (that settles it) or one is running.
    if data.outcome == AgeOutcome.DOUBT:
        settled = person.eurodac_hits.filter(registered_as=RegisteredAs.ADULT).exists()
        running = person.age_investigations.filter(concluded_on__isnull=True).exists()
        if not settled and not running:
            investigation = AgeInvestigation.objects.create(
                person=person,
                started_on=data.inspected_on,
                organisation_id=actor.organisation_id,
                note=str(_("Started because the age inspection ended in doubt.")),
            )
            record_created(actor=actor, obj=investigation, person_id=person.pk)
    return inspection


def record_age_inspection(*, actor, person: Person, data: InspectionData) -> AgeInspection:
    """Leeftijdsschouw by an IND and an AVIM officer; doubt starts an age investigation."""
    _require_person(actor, "people.ageinspection", Action.CREATE, person)
    _inspection_errors(data, person=person).raise_if_any()
    with transaction.atomic():
        return _write_inspection(actor, person, data)


def start_age_investigation(
    *, actor, person: Person, started_on: date | None, note: str = ""
) -> AgeInvestigation:
    _require_person(actor, "people.ageinvestigation", Action.CREATE, person)
    errors = _Errors()
    if started_on is None:
        errors.add("started_on", REQUIRED)
    _check_past(errors, "started_on", started_on)
    if person.age_investigations.filter(concluded_on__isnull=True).exists():
        errors.add(NON_FIELD_ERRORS, INVESTIGATION_ALREADY_OPEN)
    errors.raise_if_any()
    with transaction.atomic():
        investigation = AgeInvestigation.objects.create(
            person=person,
            started_on=started_on,
            organisation_id=_organisation(actor).pk,
            note=(note or "").strip(),
        )
        record_created(actor=actor, obj=investigation, person_id=person.pk)
    return investigation


def conclude_age_investigation(
    *,
    actor,
    investigation: AgeInvestigation,
    concluded_on: date | None,
    outcome: str,
    note: str = "",
) -> AgeInvestigation:
    require(actor, Action.UPDATE, "people.ageinvestigation", investigation)
    errors = _Errors()
    if investigation.concluded_on is not None:
        errors.add(NON_FIELD_ERRORS, INVESTIGATION_CONCLUDED)
    if concluded_on is None:
        errors.add("concluded_on", REQUIRED)
    else:
        _check_past(errors, "concluded_on", concluded_on)
        if concluded_on < investigation.started_on:
            errors.add("concluded_on", BEFORE_START)
    _check_choice(errors, "outcome", outcome, (AgeOutcome.MINOR, AgeOutcome.ADULT))
    errors.raise_if_any()
    before = snapshot(investigation)
    investigation.concluded_on = concluded_on
    investigation.outcome = outcome
    if note:
        investigation.note = "\n".join(p for p in (investigation.note, note.strip()) if p)
    with transaction.atomic():
        investigation.save()
        record_updated(
            actor=actor, obj=investigation, before=before, person_id=investigation.person_id
        )
    return investigation


# --- guardianship ----------------------------------------------------------------


def assign_guardian(*, actor, person: Person, voogd, started_on: date | None) -> Guardianship:
    """Make `voogd` the guardian; a running guardianship of another voogd is transferred."""
    _require_person(actor, "people.guardianship", Action.CREATE, person)
    errors = _Errors()
    if not _active_with_role(voogd, {Role.VOOGD}):
        errors.add("voogd", VOOGD_ROLE)
    if started_on is None:
        errors.add("started_on", REQUIRED)
    _check_past(errors, "started_on", started_on)
    running = list(person.guardianships.filter(ended_on__isnull=True))
    if voogd is not None and any(g.voogd_id == voogd.pk for g in running):
        errors.add("voogd", ALREADY_GUARDIAN)
    for g in running:
        if started_on is not None and started_on < g.started_on:
            errors.add("started_on", BEFORE_START)
    errors.raise_if_any()
    with transaction.atomic():
        for g in running:
            before = snapshot(g)
            g.ended_on = started_on
            g.end_reason = TRANSFER_REASON
            g.save(update_fields=["ended_on", "end_reason"])
            record_updated(actor=actor, obj=g, before=before, person_id=person.pk)
        guardianship = Guardianship.objects.create(
            person=person, voogd=voogd, started_on=started_on
        )
        record_created(actor=actor, obj=guardianship, person_id=person.pk)
    return guardianship


def end_guardianship(
    *, actor, guardianship: Guardianship, ended_on: date | None, end_reason: str
) -> Guardianship:
    require(actor, Action.UPDATE, "people.guardianship", guardianship)
    errors = _Errors()
    end_reason = (end_reason or "").strip()
    if guardianship.ended_on is not None:
        errors.add(NON_FIELD_ERRORS, GUARDIANSHIP_ENDED)
    if ended_on is None:
        errors.add("ended_on", REQUIRED)
    else:
        _check_past(errors, "ended_on", ended_on)
        if ended_on < guardianship.started_on:
            errors.add("ended_on", BEFORE_START)
    if not end_reason:
        errors.add("end_reason", REQUIRED)
    errors.raise_if_any()
    before = snapshot(guardianship)
    guardianship.ended_on = ended_on
    guardianship.end_reason = end_reason
    with transaction.atomic():
        guardianship.save(update_fields=["ended_on", "end_reason"])
        record_updated(
            actor=actor, obj=guardianship, before=before, person_id=guardianship.person_id
        )
    return guardianship
