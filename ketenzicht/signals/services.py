"""Writes on signals: intake, triage, entities, OM assessment, merging.

Every function runs in one transaction with its audit event; public intake has
no actor (the audit event says "public") and stores nothing about the sender.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ketenzicht.access.enforce import require
from ketenzicht.access.policy import Action
from ketenzicht.accounts.models import Organisation, Unit, User
from ketenzicht.accounts.roles import OrganisationKind
from ketenzicht.audit import services as audit
from ketenzicht.audit.events import AuditAction
from ketenzicht.deadlines import services as deadlines
from ketenzicht.deadlines.rules import DeadlineRule
from ketenzicht.people.models import Person

from . import attachments, receipts
from .models import (
    AssessmentOutcome,
    Category,
    Channel,
    Entity,
    Investigation,
    OMAssessment,
    PublicAddition,
    Signal,
    SignalEntity,
    SignalStatus,
)
from .normalise import normalise
from .workflow import check_transition

PUBLIC_ACTOR_LABEL = "public"
TRIAGE = DeadlineRule(kind="signal_triage", version=1, hours=24)
OM_ASSESSMENT = DeadlineRule(kind="signal_om_assessment", version=1, hours=14 * 24)

STALE_VERSION = gettext_noop(
    "Someone else changed this signal while you were working on it. Reload and try again."
)
PASSPHRASE_TOO_SHORT = gettext_noop("Choose a passphrase of at least 10 characters.")
REASONS_REQUIRED = gettext_noop("Give the reasons for the assessment.")
INVESTIGATION_REQUIRED = gettext_noop("Choose the existing investigation.")
NEW_INVESTIGATION_REQUIRED = gettext_noop("Give the new investigation a name and a team.")
GRADING_REQUIRED = gettext_noop("Grade the source and the information before triage.")
MERGE_INTO_ITSELF = gettext_noop("A signal cannot be merged into itself.")

# Smuggling and maritime reports go to KMar (border police); the rest to the police.
SMUGGLING_ROOT = "smuggling"


def _receiving_organisation(category: Category, channel: str) -> Organisation:
    root = category.parent.code if category.parent_id else category.code
    kind = (
        OrganisationKind.KMAR
        if channel == Channel.MARITIME or root == SMUGGLING_ROOT
        else OrganisationKind.POLITIE
    )
    return Organisation.objects.get(kind=kind)


def _next_reference() -> str:
    year = timezone.localdate().year
    prefix = f"S-{year}-"
    last = (
        Signal.objects.filter(reference__startswith=prefix)
        .order_by("-reference")
        .values_list("reference", flat=True)
        .first()
    )
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:06d}"


def _create_signal(**fields) -> Signal:
    # The reference is sequential per year; a concurrent insert retries with the next.
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Signal.objects.create(reference=_next_reference(), **fields)
        except IntegrityError:
            continue
    raise IntegrityError("Could not allocate a signal reference.")


def _open_triage_deadline(signal: Signal) -> None:
    deadlines.open_deadline(
        actor=None,
        subject=signal,
        kind=TRIAGE.kind,
        rule_version=TRIAGE.version,
        title=_("Triage signal %(ref)s") % {"ref": signal.reference},
        organisation=signal.receiving_organisation,
        due_at=TRIAGE.due_at(signal.received_at),
        url=f"/signalen/{signal.pk}/",
    )


@dataclass(frozen=True)
class PublicReceipt:
    signal: Signal
    code: str


def submit_public_signal(
    *,
    channel: str,
    category: Category,
    description: str,
    passphrase: str,
    occurred_on=None,
    place: str = "",
    sector: str = "",
    details: dict | None = None,
    files: list[UploadedFile] = (),
) -> PublicReceipt:
    if len(passphrase or "") < 10:
        raise ValidationError({"passphrase": [_(PASSPHRASE_TOO_SHORT)]})
    checked = [attachments.check_upload(f) for f in files]
    code = receipts.new_code()
    # Hashing (Argon2id, the bulk of a report's cost) and reads happen before the
    # transaction: on SQLite a write transaction holds the database's only write
    # lock, so everything inside it is serialised across web workers.
    receipt_lookup = receipts.lookup_key(code)
    passphrase_hash = receipts.hash_passphrase(passphrase)
    organisation = _receiving_organisation(category, channel)
    # Both audit events (signal, triage deadline) are chained in one append.
    with transaction.atomic(), audit.appended_together():
        signal = _create_signal(
            channel=channel,
            sector=sector,
            category=category,
            description=description,
            occurred_on=occurred_on,
            place=place,
            details=details or {},
            receiving_organisation=organisation,
            receipt_lookup=receipt_lookup,
            passphrase_hash=passphrase_hash,
        )
        for upload, content_type in checked:
            attachments.store(
                signal=signal, upload=upload, content_type=content_type, from_public=True
            )
        audit.record(
            actor=None,
            actor_label=PUBLIC_ACTOR_LABEL,
            action=AuditAction.CREATE,
            obj=signal,
            changes={
                "after": {
                    "channel": channel,
                    "category": category.code,
                    "attachments": len(checked),
                }
            },
        )
        _open_triage_deadline(signal)
    return PublicReceipt(signal=signal, code=code)


def find_by_receipt(*, code: str, passphrase: str) -> Signal | None:
    """The reporter's own signal, or None. Same cost whether or not the code exists."""
    signal = Signal.objects.filter(receipt_lookup=receipts.lookup_key(code)).first()
    matches = receipts.check_passphrase(
        passphrase or "", signal.passphrase_hash if signal else None
    )
    return signal if matches else None


def add_public_information(*, signal: Signal, text: str, files: list[UploadedFile] = ()) -> None:
    checked = [attachments.check_upload(f) for f in files]
    with transaction.atomic():
        addition = PublicAddition.objects.create(signal=signal, text=text)
        for upload, content_type in checked:
            attachments.store(
                signal=signal, upload=upload, content_type=content_type, from_public=True
            )
        audit.record(
            actor=None,
            actor_label=PUBLIC_ACTOR_LABEL,
            action=AuditAction.CREATE,
            obj=addition,
            changes={"after": {"signal": signal.reference, "attachments": len(checked)}},
        )


def submit_professional_signal(
    *,
    actor: User,
    category: Category,
    description: str,
    occurred_on=None,
    place: str = "",
    sector: str = "",
    person: Person | None = None,
    files: list[UploadedFile] = (),
) -> Signal:
    require(actor, Action.CREATE, "signals.signal")
    checked = [attachments.check_upload(f) for f in files]
    with transaction.atomic():
        signal = _create_signal(
            channel=Channel.PROFESSIONAL,
            sector=sector,
            category=category,
            description=description,
            occurred_on=occurred_on,
            place=place,
            submitted_by=actor,
            receiving_organisation=_receiving_organisation(category, Channel.PROFESSIONAL),
        )
        if person is not None:
            signal.persons.add(person)
        for upload, content_type in checked:
            attachments.store(signal=signal, upload=upload, content_type=content_type)
        audit.record_created(actor=actor, obj=signal, person_id=person.pk if person else None)
        _open_triage_deadline(signal)
    return signal


def _lock(signal: Signal, expected_version: int | None) -> Signal:
    locked = Signal.objects.select_for_update(no_key=True).get(pk=signal.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ValidationError(_(STALE_VERSION), code="stale")
    return locked


def _set_status(actor: User, signal: Signal, target: str) -> None:
    check_transition(role=actor.role, current=signal.status, target=target)
    signal.status = target
    signal.version += 1


def triage_signal(
    *,
    actor: User,
    signal: Signal,
    source_reliability: str,
    information_validity: str,
    handling_code: str,
    tlp: str,
    expected_version: int | None = None,
) -> Signal:
    require(actor, Action.UPDATE, "signals.signal", signal)
    if not source_reliability or not information_validity:
        raise ValidationError(_(GRADING_REQUIRED), code="grading_required")
    with transaction.atomic():
        signal = _lock(signal, expected_version)
        before = audit.snapshot(signal)
        _set_status(actor, signal, SignalStatus.TRIAGED)
        signal.source_reliability = source_reliability
        signal.information_validity = information_validity
        signal.handling_code = handling_code
        signal.tlp = tlp
        signal.save()
        audit.record_updated(actor=actor, obj=signal, before=before)
        deadlines.meet_deadlines(actor=actor, subject=signal, kinds=[TRIAGE.kind])
    return signal


def submit_for_assessment(
    *, actor: User, signal: Signal, expected_version: int | None = None
) -> Signal:
    require(actor, Action.UPDATE, "signals.signal", signal)
    with transaction.atomic():
        signal = _lock(signal, expected_version)
        before = audit.snapshot(signal)
        _set_status(actor, signal, SignalStatus.FOR_ASSESSMENT)
        signal.save()
        audit.record_updated(actor=actor, obj=signal, before=before)
        deadlines.open_deadline(
            actor=actor,
            subject=signal,
            kind=OM_ASSESSMENT.kind,
            rule_version=OM_ASSESSMENT.version,
            title=_("Assess signal %(ref)s for investigative leads") % {"ref": signal.reference},
            organisation=Organisation.objects.get(kind=OrganisationKind.OM),
            due_at=OM_ASSESSMENT.due_at(timezone.now()),
            url=f"/signalen/{signal.pk}/",
        )
    return signal


def assess_signal(
    *,
    actor: User,
    signal: Signal,
    outcome: str,
    reasons: str,
    investigation: Investigation | None = None,
    new_investigation_name: str = "",
    team: Unit | None = None,
    expected_version: int | None = None,
) -> OMAssessment:
    require(actor, Action.UPDATE, "signals.signal", signal)
    errors: dict[str, list[str]] = {}
    if not reasons.strip():
        errors["reasons"] = [_(REASONS_REQUIRED)]
    if outcome == AssessmentOutcome.EXISTING and investigation is None:
        errors["investigation"] = [_(INVESTIGATION_REQUIRED)]
    if outcome == AssessmentOutcome.NEW and (not new_investigation_name.strip() or team is None):
        errors["new_investigation_name"] = [_(NEW_INVESTIGATION_REQUIRED)]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        signal = _lock(signal, expected_version)
        before = audit.snapshot(signal)
        _set_status(actor, signal, SignalStatus.ASSESSED)
        signal.save()
        if outcome == AssessmentOutcome.NEW:
            investigation = create_investigation(
                actor=actor, name=new_investigation_name.strip(), team=team
            )
        assessment = OMAssessment.objects.create(
            signal=signal,
            prosecutor=actor,
            outcome=outcome,
            reasons=reasons,
            investigation=investigation
            if outcome in {AssessmentOutcome.EXISTING, AssessmentOutcome.NEW}
            else None,
        )
        audit.record_updated(actor=actor, obj=signal, before=before)
        audit.record_created(actor=actor, obj=assessment)
        deadlines.meet_deadlines(actor=actor, subject=signal, kinds=[OM_ASSESSMENT.kind])
    return assessment


def create_investigation(*, actor: User, name: str, team: Unit) -> Investigation:
    with transaction.atomic():
        if Investigation.objects.filter(name__iexact=name).exists():
            raise ValidationError(
                {"new_investigation_name": [_("An investigation with this name exists.")]}
            )
        investigation = Investigation.objects.create(name=name, team=team)
        audit.record_created(actor=actor, obj=investigation)
    return investigation


def link_entity(
    *, actor: User, signal: Signal, kind: str, value: str, country: str = "", note: str = ""
) -> SignalEntity:
    require(actor, Action.UPDATE, "signals.signal", signal)
    try:
        key = normalise(kind, value, country)
    except ValueError as exc:
        raise ValidationError({"value": [str(exc)]}) from exc
    with transaction.atomic():
        entity, created = Entity.objects.get_or_create(
            kind=kind, key=key, defaults={"display": value.strip()}
        )
        if created:
            audit.record_created(actor=actor, obj=entity)
        link, linked = SignalEntity.objects.get_or_create(
            signal=signal, entity=entity, defaults={"note": note, "linked_by": actor}
        )
        if linked:
            audit.record_created(actor=actor, obj=link)
    return link


def link_person(*, actor: User, signal: Signal, person: Person) -> None:
    require(actor, Action.UPDATE, "signals.signal", signal)
    with transaction.atomic():
        signal.persons.add(person)
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=signal,
            person_id=person.pk,
            changes={"after": {"linked_person": person.pk}},
        )


def merge_signal(*, actor: User, signal: Signal, into: Signal) -> Signal:
    require(actor, Action.UPDATE, "signals.signal", signal)
    require(actor, Action.UPDATE, "signals.signal", into)
    if signal.pk == into.pk:
        raise ValidationError(_(MERGE_INTO_ITSELF))
    with transaction.atomic():
        signal = _lock(signal, None)
        before = audit.snapshot(signal)
        _set_status(actor, signal, SignalStatus.MERGED)
        signal.merged_into = into
        signal.save()
        for link in signal.entity_links.all():
            SignalEntity.objects.get_or_create(
                signal=into, entity=link.entity, defaults={"note": link.note, "linked_by": actor}
            )
        into.persons.add(*signal.persons.all())
        audit.record_updated(actor=actor, obj=signal, before=before)
        deadlines.cancel_deadlines(actor=actor, subject=signal)
    return signal


CATEGORY_CODE_TAKEN = gettext_noop("A category with this code exists.")
CATEGORY_TOO_DEEP = gettext_noop("Subcategories cannot have subcategories of their own.")


def save_category(
    *,
    actor: User,
    category: Category | None,
    code: str,
    label_nl: str,
    label_en: str,
    parent: Category | None,
    is_active: bool,
) -> Category:
    """Create or change a category (functional administrator). Categories are never
    deleted: signals keep the category they were filed under; deactivate instead."""
    require(actor, Action.UPDATE if category else Action.CREATE, "signals.category", category)
    errors: dict[str, list[str]] = {}
    taken = Category.objects.filter(code=code)
    if category is not None:
        taken = taken.exclude(pk=category.pk)
    if taken.exists():
        errors["code"] = [_(CATEGORY_CODE_TAKEN)]
    if parent is not None and parent.parent_id is not None:
        errors["parent"] = [_(CATEGORY_TOO_DEEP)]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        before = audit.snapshot(category) if category else None
        category = category or Category()
        category.code, category.label_nl, category.label_en = code, label_nl, label_en
        category.parent, category.is_active = parent, is_active
        category.save()
        if before is None:
            audit.record_created(actor=actor, obj=category)
        else:
            audit.record_updated(actor=actor, obj=category, before=before)
    return category


def open_signal_for_departure(*, actor: User, case, note: str) -> Signal:
    """A sign of trafficking or smuggling recorded on a departure becomes a signal.

    Called from the departure step (ketenzicht.departures.hooks) inside its
    transaction, after that step passed the access policy and the workflow
    table: the signal is the step's consequence (Aanwijzing mensenhandel: the
    OM assesses every sign), so it does not ask for a second permission.
    """
    with transaction.atomic():
        category = Category.objects.get(code="departures")
        signal = _create_signal(
            channel=Channel.PROFESSIONAL,
            category=category,
            description=note,
            occurred_on=timezone.localdate(case.detected_at),
            submitted_by=actor,
            place=case.location.name if getattr(case, "location_id", None) else "",
            receiving_organisation=_receiving_organisation(category, Channel.PROFESSIONAL),
        )
        signal.persons.add(case.person_id)
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=signal,
            person_id=case.person_id,
            changes={"after": {"from_departure_case": case.pk, "category": category.code}},
        )
        _open_triage_deadline(signal)
    return signal
