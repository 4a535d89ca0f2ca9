"""Writes of identity linkage: runs, decisions on candidate pairs, merges and splits.

One function per state change, each in one transaction with its audit events
(chained in one append at the end of the change, `audit.appended_together`):

- `start_run(kind, by)` queues a run (a Huey task on commit);
  `execute_run(run_id)` is the task's body: engine, candidates, automatic links.
- `decide(candidate, decision, by=..., note=...)`: same / different / unsure, through
  the transition table in `workflow.py`; "same" merges the two persons.
- `merge_persons(survivor, absorbed, by=..., candidate=...)` re-points every row
  that refers to the absorbed person and records each moved row (`MergeMove`).
- `split_merge(merge, by=..., reason=...)` moves exactly those rows back.

Why a move ledger instead of resolving merged persons on every read: ADR 0010.
"""

from __future__ import annotations

import logging
import time
import traceback
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ketenzicht.access.enforce import require
from ketenzicht.access.policy import Action
from ketenzicht.accounts.models import User
from ketenzicht.audit import services as audit
from ketenzicht.audit.events import AuditAction
from ketenzicht.people.models import IdentityRecord, Person

from .models import (
    ACTIVE_RUN_STATUSES,
    CandidateLink,
    CandidateStatus,
    LinkageRun,
    Merge,
    MergeMove,
    RunKind,
    RunStatus,
)
from .workflow import DECISIONS, SYSTEM, check_transition

logger = logging.getLogger(__name__)

RUN_KIND = "linkage.linkagerun"
CANDIDATE_KIND = "linkage.candidatelink"
MERGE_KIND = "linkage.merge"

# --- messages (exported: the tests assert them) ---------------------------------

SAME_PERSON = gettext_noop("These records already belong to one person.")
ALREADY_MERGED = gettext_noop("%(person)s has already been merged into another person.")
BOTH_PLACED = gettext_noop(
    "Both persons have a placement that has not ended. End or transfer one of them first."
)
BOTH_DEPARTED = gettext_noop(
    "Both persons have a departure that is not closed. Close one of them first."
)
BOTH_GUARDED = gettext_noop(
    "Both persons have a current guardianship. End one of them first (Nidos)."
)
DATABASE_CONFLICT = gettext_noop(
    "The merge would break a rule of the registry (%(detail)s). Nothing was changed."
)
ALREADY_ONE_PERSON = gettext_noop(
    "These records already belong to one person through another merge. "
    "Split that merge first if they are different persons."
)
RECORD_OF_MERGED_PERSON = gettext_noop(
    "A record of this pair belongs to a person that has been merged away."
)
INVALID_DECISION = gettext_noop("Choose same person, different persons or unsure.")
REASON_REQUIRED = gettext_noop("Give the reason for the split.")
ALREADY_SPLIT = gettext_noop("This merge has already been split.")
LATER_MERGE = gettext_noop(
    "%(survivor)s was merged into %(other)s later. Split that merge first (newest first)."
)
MOVED_SINCE = gettext_noop(
    "Rows moved by this merge now belong to another person (%(rows)s). "
    "Split the later merge that moved them first."
)
NOT_MERGED = gettext_noop("The absorbed person is no longer merged into the survivor.")
RUN_ACTIVE = gettext_noop("A linkage run is already queued or running. Wait until it finishes.")
NO_MODEL_YET = gettext_noop(
    "An incremental run needs the model of a finished full run. Start a full run first."
)
INVALID_KIND = gettext_noop("Choose a full or an incremental run.")
AUTO_LINK_REFUSED = gettext_noop("Not linked automatically: %(reason)s")
WORKER_LOST = gettext_noop(
    "The run stopped without finishing (no progress for %(minutes)s minutes)."
)


def _error(message: str, field: str = NON_FIELD_ERRORS, code: str | None = None, **params):
    text = _(message) % params if params else _(message)
    return ValidationError({field: [ValidationError(text, code=code)]})


def _actor_label(by: User | None, run: LinkageRun | None = None) -> str | None:
    if by is not None:
        return None
    return f"linkage run {run.pk}" if run is not None else "linkage"


# --- merges --------------------------------------------------------------------


def person_relations() -> list[models.ForeignKey]:
    """Every foreign key (or one-to-one) of another model that points at a person.

    Found generically, so a new app's person rows move with a merge without
    touching this module. Many-to-many links are reached through their join
    model's key (the hidden relations). Left out: `Person.merged_into` and
    linkage's own bookkeeping (merges refer to both persons on purpose).
    """
    fields = []
    for rel in Person._meta.get_fields(include_hidden=True):
        if not (rel.is_relation and rel.auto_created and not rel.concrete):
            continue
        if rel.many_to_many:
            continue
        model = rel.related_model
        if model is Person or model._meta.app_label == "linkage":
            continue
        fields.append(rel.field)
    return sorted(fields, key=lambda f: (f.model._meta.label_lower, f.name))


@dataclass(frozen=True)
class OpenRowRule:
    """At most one such row per person: two persons that each have one cannot merge."""

    model: str
    condition: Q
    message: str


OPEN_ROW_RULES: tuple[OpenRowRule, ...] = (
    OpenRowRule("reception.placement", Q(ended_at__isnull=True), BOTH_PLACED),
    OpenRowRule("departures.departurecase", ~Q(status="closed"), BOTH_DEPARTED),
    OpenRowRule("people.guardianship", Q(ended_on__isnull=True), BOTH_GUARDED),
)


def merge_conflicts(survivor: Person, absorbed: Person) -> list[str]:
    """Translated reasons why the two persons cannot be merged as they are (empty: they can)."""
    problems = []
    for rule in OPEN_ROW_RULES:
        model = apps.get_model(rule.model)
        holders = set(
            model._base_manager.filter(rule.condition, person_id__in=[survivor.pk, absorbed.pk])
            .values_list("person_id", flat=True)
            .distinct()
        )
        if holders == {survivor.pk, absorbed.pk}:
            problems.append(_(rule.message))
    return problems


def choose_survivor(one: Person, other: Person) -> tuple[Person, Person]:
    """(survivor, absorbed): the person with the V-number, else the older one."""
    if bool(one.v_number) != bool(other.v_number):
        return (one, other) if one.v_number else (other, one)
    if (one.created_at, one.pk) <= (other.created_at, other.pk):
        return one, other
    return other, one


def _lock_persons(*pks: int) -> dict[int, Person]:
    # no_key: the merge changes merged_into (and at most the V-number), never the
    # primary key; PostgreSQL upgrades the lock itself if a key column changes.
    locked = Person.objects.select_for_update(no_key=True).filter(pk__in=pks).order_by("pk")
    return {p.pk: p for p in locked}


def _join_row_partner(model: type[models.Model], person_field: models.Field) -> list[models.Field]:
    """The other keys of an automatic many-to-many join row (empty for ordinary models)."""
    if not model._meta.auto_created:
        return []
    return [f for f in model._meta.concrete_fields if f.is_relation and f is not person_field]


def _move_rows(
    fk: models.ForeignKey, *, source: Person, target: Person, merge: Merge
) -> list[MergeMove]:
    model = fk.model
    label = model._meta.label_lower
    partners = _join_row_partner(model, fk)
    moves = []
    for row in model._base_manager.filter(**{fk.attname: source.pk}).order_by("pk"):
        if partners:
            values = {f.attname: getattr(row, f.attname) for f in partners}
            if model._base_manager.filter(**values, **{fk.attname: target.pk}).exists():
                # The survivor already has this link: keep it once, remember the other.
                moves.append(
                    MergeMove(
                        merge=merge,
                        model=label,
                        field=fk.name,
                        object_id=str(row.pk),
                        recreate=values,
                    )
                )
                row.delete()
                continue
        setattr(row, fk.attname, target.pk)
        row.save(update_fields=[fk.name])
        moves.append(MergeMove(merge=merge, model=label, field=fk.name, object_id=str(row.pk)))
    return moves


def _moves_summary(moves: Iterable[MergeMove]) -> dict[str, list[str]]:
    summary: dict[str, list[str]] = defaultdict(list)
    for move in moves:
        summary[f"{move.model}.{move.field}"].append(move.object_id)
    return dict(sorted(summary.items()))


def merge_persons(
    survivor: Person,
    absorbed: Person,
    *,
    by: User | None,
    candidate: CandidateLink | None = None,
    run: LinkageRun | None = None,
) -> Merge:
    """Merge `absorbed` into `survivor`; `by` None is an automatic link by `run`.

    Every row that refers to the absorbed person is re-pointed to the survivor
    and recorded as a `MergeMove`; the absorbed person keeps existing with
    `merged_into` set (hidden by the access policy). A survivor without a
    V-number takes the absorbed person's (recorded, a split gives it back). A
    conflict (two open placements, a database constraint) raises ValidationError
    and changes nothing.
    """
    if by is not None:
        require(by, Action.CREATE, MERGE_KIND)
    try:
        with transaction.atomic(), audit.appended_together():
            return _merge(survivor, absorbed, by=by, candidate=candidate, run=run)
    except IntegrityError as exc:
        raise _error(DATABASE_CONFLICT, code="conflict", detail=str(exc).splitlines()[0]) from exc


def _merge(
    survivor: Person,
    absorbed: Person,
    *,
    by: User | None,
    candidate: CandidateLink | None,
    run: LinkageRun | None,
) -> Merge:
    if survivor.pk == absorbed.pk:
        raise _error(SAME_PERSON, code="same_person")
    persons = _lock_persons(survivor.pk, absorbed.pk)
    s, a = persons[survivor.pk], persons[absorbed.pk]
    for p in (s, a):
        if p.merged_into_id is not None:
            raise _error(ALREADY_MERGED, code="already_merged", person=p.pseudonym)
    problems = merge_conflicts(s, a)
    if problems:
        raise ValidationError(
            {NON_FIELD_ERRORS: [ValidationError(p, code="conflict") for p in problems]}
        )
    now = timezone.now()
    merge = Merge.objects.create(
        survivor=s, absorbed=a, candidate=candidate, merged_by=by, merged_at=now
    )
    moves: list[MergeMove] = []
    for fk in person_relations():
        moves += _move_rows(fk, source=a, target=s, merge=merge)
    MergeMove.objects.bulk_create(moves)

    before_a, before_s = audit.snapshot(a), audit.snapshot(s)
    taken = a.v_number if (a.v_number and not s.v_number) else ""
    a.merged_into = s
    if taken:
        a.v_number = None
    a.save(update_fields=["merged_into", "v_number"])
    if taken:
        s.v_number = taken
        s.save(update_fields=["v_number"])
        merge.v_number_taken = taken
        merge.save(update_fields=["v_number_taken"])

    label = _actor_label(by, run)
    audit.record(
        actor=by,
        actor_label=label,
        action=AuditAction.CREATE,
        obj=merge,
        person_id=s.pk,
        changes={"before": {}, "after": {**audit.snapshot(merge), "moved": _moves_summary(moves)}},
    )
    audit.record(
        actor=by,
        actor_label=label,
        action=AuditAction.UPDATE,
        obj=a,
        person_id=a.pk,
        changes=audit.diff(before_a, audit.snapshot(a)),
    )
    if taken:
        audit.record(
            actor=by,
            actor_label=label,
            action=AuditAction.UPDATE,
            obj=s,
            person_id=s.pk,
            changes=audit.diff(before_s, audit.snapshot(s)),
        )
    return merge


def split_merge(merge: Merge, *, by: User, reason: str) -> Merge:
    """Undo `merge`: move exactly the rows it moved back, restore the V-number.

    Refused while a later merge sits on top (the survivor was itself merged
    away, or a moved row has moved on): split the newest merge first.
    """
    require(by, Action.UPDATE, MERGE_KIND, merge)
    reason = (reason or "").strip()
    if not reason:
        raise _error(REASON_REQUIRED, "reason", code="required")
    try:
        with transaction.atomic(), audit.appended_together():
            return _split(merge, by=by, reason=reason)
    except IntegrityError as exc:
        raise _error(DATABASE_CONFLICT, code="conflict", detail=str(exc).splitlines()[0]) from exc


def _split(merge: Merge, *, by: User, reason: str) -> Merge:
    m = Merge.objects.select_for_update(no_key=True).get(pk=merge.pk)
    if m.split_at is not None:
        raise _error(ALREADY_SPLIT, code="already_split")
    persons = _lock_persons(m.survivor_id, m.absorbed_id)
    s, a = persons[m.survivor_id], persons[m.absorbed_id]
    if s.merged_into_id is not None:
        other = Person.objects.get(pk=s.merged_into_id)
        raise _error(LATER_MERGE, code="later_merge", survivor=s.pseudonym, other=other.pseudonym)
    if a.merged_into_id != s.pk:
        raise _error(NOT_MERGED, code="not_merged")
    candidate = None
    if m.candidate_id is not None:
        candidate = CandidateLink.objects.select_for_update(no_key=True).get(pk=m.candidate_id)
        try:
            check_transition(role=by.role, current=candidate.status, target=CandidateStatus.SPLIT)
        except ValidationError as exc:
            raise ValidationError({NON_FIELD_ERRORS: exc.error_list}) from exc

    # Check every recorded row before moving any.
    groups: dict[tuple[str, str], list[MergeMove]] = defaultdict(list)
    for move in m.moves.all():
        groups[(move.model, move.field)].append(move)
    back: list[tuple[models.Model, models.Field]] = []
    recreate: list[tuple[type[models.Model], models.Field, dict]] = []
    missing: list[str] = []
    elsewhere: list[str] = []
    for (label, field_name), group in sorted(groups.items()):
        model = apps.get_model(label)
        fk = model._meta.get_field(field_name)
        plain = [mv for mv in group if mv.recreate is None]
        rows = {
            str(r.pk): r for r in model._base_manager.filter(pk__in=[mv.object_id for mv in plain])
        }
        for mv in plain:
            row = rows.get(mv.object_id)
            if row is None:
                missing.append(f"{label}#{mv.object_id}")
            elif getattr(row, fk.attname) != s.pk:
                elsewhere.append(f"{label}#{mv.object_id}")
            else:
                back.append((row, fk))
        recreate += [(model, fk, mv.recreate) for mv in group if mv.recreate is not None]
    if elsewhere:
        raise _error(MOVED_SINCE, code="moved_since", rows=", ".join(elsewhere))

    for row, fk in back:
        setattr(row, fk.attname, a.pk)
        row.save(update_fields=[fk.name])
    for model, fk, values in recreate:
        model._base_manager.create(**values, **{fk.attname: a.pk})

    before_a, before_s = audit.snapshot(a), audit.snapshot(s)
    if m.v_number_taken and s.v_number == m.v_number_taken:
        s.v_number = None
        s.save(update_fields=["v_number"])
    a.merged_into = None
    if m.v_number_taken:
        a.v_number = m.v_number_taken
    a.save(update_fields=["merged_into", "v_number"])

    before_m = audit.snapshot(m)
    m.split_by, m.split_at, m.split_reason = by, timezone.now(), reason
    m.save(update_fields=["split_by", "split_at", "split_reason"])
    audit.record(
        actor=by,
        action=AuditAction.UPDATE,
        obj=m,
        person_id=s.pk,
        changes={
            **audit.diff(before_m, audit.snapshot(m)),
            "moved_back": _moves_summary(mv for mv in m.moves.all()),
            "missing": missing,
        },
    )
    audit.record(
        actor=by,
        action=AuditAction.UPDATE,
        obj=a,
        person_id=a.pk,
        changes=audit.diff(before_a, audit.snapshot(a)),
    )
    if audit.snapshot(s) != before_s:
        audit.record(
            actor=by,
            action=AuditAction.UPDATE,
            obj=s,
            person_id=s.pk,
            changes=audit.diff(before_s, audit.snapshot(s)),
        )
    if candidate is not None:
        _set_status(candidate, CandidateStatus.SPLIT, by=by, note=reason, person_id=s.pk)
    return m


# --- decisions on candidate pairs ------------------------------------------------


def _set_status(
    candidate: CandidateLink,
    status: str,
    *,
    by: User | None,
    note: str = "",
    person_id: int | None = None,
    run: LinkageRun | None = None,
) -> None:
    before = audit.snapshot(candidate)
    candidate.status = status
    candidate.decided_by = by
    candidate.decided_at = timezone.now()
    if note:
        candidate.note = note
    candidate.save(update_fields=["status", "decided_by", "decided_at", "note"])
    audit.record(
        actor=by,
        actor_label=_actor_label(by, run),
        action=AuditAction.UPDATE,
        obj=candidate,
        person_id=person_id,
        changes=audit.diff(before, audit.snapshot(candidate)),
    )


def _records_of(candidate: CandidateLink) -> tuple[IdentityRecord, IdentityRecord]:
    records = {
        r.pk: r
        for r in IdentityRecord.objects.filter(
            pk__in=[candidate.left_record_id, candidate.right_record_id]
        ).select_related("person")
    }
    left, right = records[candidate.left_record_id], records[candidate.right_record_id]
    if left.person.merged_into_id is not None or right.person.merged_into_id is not None:
        raise _error(RECORD_OF_MERGED_PERSON, code="merged_person")
    return left, right


def decide(candidate: CandidateLink, decision: str, *, by: User, note: str = "") -> CandidateLink:
    """Record a reviewer's decision; "same" merges the two persons (ADR 0010).

    The survivor is the person with the V-number, else the older one.
    """
    require(by, Action.UPDATE, CANDIDATE_KIND, candidate)
    if decision not in DECISIONS:
        raise _error(INVALID_DECISION, "decision", code="invalid_choice")
    note = (note or "").strip()
    with transaction.atomic(), audit.appended_together():
        cand = CandidateLink.objects.select_for_update(no_key=True).get(pk=candidate.pk)
        try:
            check_transition(role=by.role, current=cand.status, target=decision)
        except ValidationError as exc:
            raise ValidationError({NON_FIELD_ERRORS: exc.error_list}) from exc
        left, right = _records_of(cand)
        one_person = left.person_id == right.person_id
        if decision == CandidateStatus.SAME and not one_person:
            survivor, absorbed = choose_survivor(left.person, right.person)
            merge_persons(survivor, absorbed, by=by, candidate=cand)
        elif decision == CandidateStatus.DIFFERENT and one_person:
            raise _error(ALREADY_ONE_PERSON, code="one_person")
        _set_status(cand, decision, by=by, note=note, person_id=left.person_id)
    return cand


def auto_link(candidate: CandidateLink, *, run: LinkageRun) -> Merge | None:
    """Link a pair above the upper threshold without review (the run is the actor)."""
    with transaction.atomic(), audit.appended_together():
        cand = CandidateLink.objects.select_for_update(no_key=True).get(pk=candidate.pk)
        check_transition(role=SYSTEM, current=cand.status, target=CandidateStatus.AUTO_LINKED)
        left, right = _records_of(cand)
        merge = None
        if left.person_id != right.person_id:
            survivor, absorbed = choose_survivor(left.person, right.person)
            merge = merge_persons(survivor, absorbed, by=None, candidate=cand, run=run)
        _set_status(cand, CandidateStatus.AUTO_LINKED, by=None, person_id=left.person_id, run=run)
    return merge


def _note_refusal(candidate: CandidateLink, reasons: list[str], *, run: LinkageRun) -> None:
    with transaction.atomic():
        before = audit.snapshot(candidate)
        candidate.note = _(AUTO_LINK_REFUSED) % {"reason": " ".join(reasons)}
        candidate.save(update_fields=["note"])
        audit.record(
            actor=None,
            actor_label=_actor_label(None, run),
            action=AuditAction.UPDATE,
            obj=candidate,
            changes=audit.diff(before, audit.snapshot(candidate)),
        )


# --- runs --------------------------------------------------------------------------


def thresholds() -> dict[str, float]:
    return {
        "auto_link": float(settings.LINKAGE_AUTO_LINK_PROBABILITY),
        "review": float(settings.LINKAGE_REVIEW_PROBABILITY),
    }


def model_run() -> LinkageRun | None:
    """The last done run with a trained model: incremental runs reuse its model."""
    return (
        LinkageRun.objects.filter(status=RunStatus.DONE, model__isnull=False)
        .order_by("-finished_at", "-id")
        .first()
    )


def _stale_before():
    return timezone.now() - timedelta(minutes=settings.LINKAGE_STALE_MINUTES)


def _fail_stale_runs() -> None:
    """Runs whose worker vanished (no heartbeat, or never picked up) are failed, not left."""
    limit = _stale_before()
    stale = LinkageRun.objects.filter(
        Q(status=RunStatus.RUNNING, heartbeat_at__lt=limit)
        | Q(status=RunStatus.QUEUED, queued_at__lt=limit)
    )
    for run in stale.select_for_update(no_key=True):
        _finish(
            run,
            status=RunStatus.FAILED,
            error=_(WORKER_LOST) % {"minutes": settings.LINKAGE_STALE_MINUTES},
        )


def start_run(kind: str, by: User) -> LinkageRun:
    """Queue a run; the Huey task `tasks.run_linkage` executes it after commit."""
    require(by, Action.CREATE, RUN_KIND)
    if kind not in RunKind.values:
        raise _error(INVALID_KIND, "kind", code="invalid_choice")
    with transaction.atomic():
        _fail_stale_runs()
        if LinkageRun.objects.filter(status__in=ACTIVE_RUN_STATUSES).exists():
            raise _error(RUN_ACTIVE, code="run_active")
        if kind == RunKind.INCREMENTAL and model_run() is None:
            raise _error(NO_MODEL_YET, "kind", code="no_model")
        run = LinkageRun.objects.create(kind=kind, started_by=by, thresholds=thresholds())
        audit.record_created(actor=by, obj=run)

        def enqueue() -> None:
            from .tasks import run_linkage

            run_linkage(run.pk)

        transaction.on_commit(enqueue)
    return run


STAGE_EXTRACT = "extract"
STAGE_LINK = "link"
STAGE_STORE = "store"
STAGE_AUTO_LINK = "auto_link"
STAGE_DONE = "done"


class _Progress:
    """Writes progress to the run row (its own small commits, so the page sees it).

    The engine reports (stage, fraction of its own work); each of our stages
    owns a band of the percentage. Writes at most once a second unless the
    percentage moves on.
    """

    def __init__(self, run: LinkageRun) -> None:
        self.run = run
        self.band = (0, 100)
        self.last_write = 0.0
        self.last_percent = -1

    def enter(self, stage: str, start: int, end: int) -> None:
        self.band = (start, end)
        self(stage, 0.0, force=True)

    def __call__(self, stage: str, fraction: float, *, force: bool = False) -> None:
        start, end = self.band
        fraction = min(max(float(fraction or 0.0), 0.0), 1.0)
        percent = int(start + (end - start) * fraction)
        now = time.monotonic()
        if not force and percent == self.last_percent and now - self.last_write < 1.0:
            return
        self.last_write, self.last_percent = now, percent
        LinkageRun.objects.filter(pk=self.run.pk).update(
            progress=percent, stage=str(stage)[:200], heartbeat_at=timezone.now()
        )


def execute_run(run_id: int) -> LinkageRun:
    """The work of a queued run. Ends done or failed, never left running.

    Safe to call twice: only a queued run is claimed (a retried task finds it
    taken and returns).
    """
    now = timezone.now()
    claimed = LinkageRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING, started_at=now, heartbeat_at=now, stage=STAGE_EXTRACT
    )
    run = LinkageRun.objects.get(pk=run_id)
    if not claimed:
        return run
    audit.record(
        actor=None,
        actor_label=_actor_label(None, run),
        action=AuditAction.UPDATE,
        obj=run,
        changes={"before": {"status": RunStatus.QUEUED}, "after": {"status": RunStatus.RUNNING}},
    )
    try:
        outcome = _work(run)
    except Exception as exc:  # any failure is recorded on the run
        logger.exception("linkage run %s failed", run_id)
        detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        _finish(run, status=RunStatus.FAILED, error=detail[:4000])
    else:
        _finish(run, status=RunStatus.DONE, **outcome)
    run.refresh_from_db()
    return run


def _finish(run: LinkageRun, *, status: str, error: str = "", **fields: Any) -> None:
    with transaction.atomic():
        row = LinkageRun.objects.select_for_update(no_key=True).get(pk=run.pk)
        before = audit.snapshot(row, ["status", "progress", "counts", "error"])
        row.status = status
        row.error = error
        row.finished_at = timezone.now()
        row.stage = STAGE_DONE if status == RunStatus.DONE else row.stage
        if status == RunStatus.DONE:
            row.progress = 100
        for name, value in fields.items():
            setattr(row, name, value)
        row.save()
        audit.record(
            actor=None,
            actor_label=_actor_label(None, row),
            action=AuditAction.UPDATE,
            obj=row,
            changes=audit.diff(
                before, audit.snapshot(row, ["status", "progress", "counts", "error"])
            ),
        )


def _chunks(values: Iterable[int], size: int = 2000) -> Iterator[list[int]]:
    values = list(values)
    for i in range(0, len(values), size):
        yield values[i : i + size]


def _work(run: LinkageRun) -> dict[str, Any]:
    from . import engine, extract

    limits = run.thresholds or thresholds()
    review, auto = float(limits["review"]), float(limits["auto_link"])
    progress = _Progress(run)

    progress.enter(STAGE_EXTRACT, 0, 10)
    records = extract.chain_records()
    record_ids = [int(i) for i in records.column("record_id").to_pylist()]
    max_record_id = max(record_ids, default=run.max_record_id or 0)
    counts: dict[str, Any] = {"records": len(record_ids)}

    model = None
    model_from = None
    new_ids: set[str] | None = None
    if run.kind == RunKind.INCREMENTAL:
        model_from = model_run()
        if model_from is None:
            raise RuntimeError("no finished run with a trained model to reuse")
        model = model_from.model
        since = model_from.max_record_id or 0
        new_ids = {str(i) for i in record_ids if i > since}
        counts["new_records"] = len(new_ids)

    timings: dict[str, float] = {}
    pairs: list = []
    trained = model
    if new_ids is None or new_ids:
        progress.enter(STAGE_LINK, 10, 85)
        result = engine.link(
            records,
            model=model,
            new_record_ids=new_ids,
            min_probability=review,
            progress=progress,
        )
        pairs, trained, timings = list(result.pairs), result.model, dict(result.timings)
        if result.notes:  # logged by the engine; the run page shows the count
            counts["training_sessions_skipped"] = len(result.notes)
    counts["pairs_scored"] = len(pairs)

    progress.enter(STAGE_STORE, 85, 92)
    stored = store_candidates(run, pairs, review=review)
    counts.update(stored.counts)

    progress.enter(STAGE_AUTO_LINK, 92, 100)
    counts.update(_auto_link_run(run, auto=auto, progress=progress))
    return {
        "counts": counts,
        "timings": timings,
        "model": trained,
        "model_from": model_from,
        "max_record_id": max_record_id,
    }


@dataclass
class Stored:
    counts: dict[str, int] = field(default_factory=dict)


def store_candidates(run: LinkageRun, pairs: Iterable, *, review: float) -> Stored:
    """Keep the engine's pairs at or above the review threshold as candidates.

    Only pairs whose records belong to two different persons that are not
    merged away. A pair proposed before is refreshed while pending and left
    alone once decided (a reviewer is never asked twice).
    """
    stats = defaultdict(int)
    wanted: dict[tuple[int, int], Any] = {}
    for pair in pairs:
        if pair.match_probability < review:
            stats["below_review"] += 1
            continue
        left, right = sorted((int(pair.left_record), int(pair.right_record)))
        if left == right:
            continue
        best = wanted.get((left, right))
        if best is None or pair.match_probability > best.match_probability:
            wanted[(left, right)] = pair
    record_ids = {i for key in wanted for i in key}
    # Two key lookups rather than one join: with the join SQLite's planner walks
    # every person not merged away (all of them) for each chunk, 4 s per 2,000.
    person_of: dict[int, int] = {}
    for chunk in _chunks(sorted(record_ids)):
        person_of.update(IdentityRecord.objects.filter(pk__in=chunk).values_list("pk", "person_id"))
    merged_away: set[int] = set()
    for chunk in _chunks(sorted(set(person_of.values()))):
        merged_away.update(
            Person.objects.filter(pk__in=chunk, merged_into__isnull=False).values_list(
                "pk", flat=True
            )
        )
    person_of = {r: p for r, p in person_of.items() if p not in merged_away}
    existing: dict[tuple[int, int], CandidateLink] = {}
    for chunk in _chunks(sorted({left for left, _right in wanted})):
        for cand in CandidateLink.objects.filter(left_record_id__in=chunk).only(
            "pk", "left_record_id", "right_record_id", "status"
        ):
            existing[(cand.left_record_id, cand.right_record_id)] = cand

    new: list[CandidateLink] = []
    refreshed: list[CandidateLink] = []
    for (left, right), pair in wanted.items():
        if left not in person_of or right not in person_of:
            stats["skipped_merged_or_gone"] += 1
            continue
        if person_of[left] == person_of[right]:
            stats["skipped_one_person"] += 1
            continue
        explanation = [
            {"comparison": e.comparison, "level": e.level, "weight": float(e.weight)}
            for e in pair.explanation
        ]
        cand = existing.get((left, right))
        if cand is None:
            new.append(
                CandidateLink(
                    run=run,
                    left_record_id=left,
                    right_record_id=right,
                    match_weight=float(pair.match_weight),
                    match_probability=float(pair.match_probability),
                    explanation=explanation,
                )
            )
        elif cand.status == CandidateStatus.PENDING:
            cand.run = run
            cand.match_weight = float(pair.match_weight)
            cand.match_probability = float(pair.match_probability)
            cand.explanation = explanation
            refreshed.append(cand)
        else:
            stats["skipped_decided"] += 1
    with transaction.atomic():
        CandidateLink.objects.bulk_create(new, batch_size=500)
        CandidateLink.objects.bulk_update(
            refreshed,
            ["run", "match_weight", "match_probability", "explanation"],
            batch_size=500,
        )
    stats["proposed"] = len(new)
    stats["refreshed"] = len(refreshed)
    return Stored(dict(stats))


def _auto_link_run(run: LinkageRun, *, auto: float, progress: _Progress) -> dict[str, int]:
    ids = list(
        CandidateLink.objects.filter(
            run=run, status=CandidateStatus.PENDING, match_probability__gte=auto
        )
        .order_by("-match_probability", "id")
        .values_list("pk", flat=True)
    )
    linked = refused = 0
    for i, pk in enumerate(ids):
        candidate = CandidateLink.objects.get(pk=pk)
        try:
            auto_link(candidate, run=run)
        except ValidationError as exc:
            refused += 1
            _note_refusal(candidate, exc.messages, run=run)
        else:
            linked += 1
        progress(STAGE_AUTO_LINK, (i + 1) / len(ids))
    return {"auto_linked": linked, "auto_link_refused": refused}
