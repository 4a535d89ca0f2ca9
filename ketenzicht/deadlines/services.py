"""Writes on deadlines: open, meet, cancel, and the escalation sweep."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.core.mail import EmailMessage, get_connection
from django.db import connection, models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ketenzicht.accounts.models import Organisation, Unit, User
from ketenzicht.audit import services as audit
from ketenzicht.audit.events import AuditAction

from .models import Deadline, Notification

SWEEP_ACTOR_LABEL = "deadline-sweep"


def open_deadline(
    *,
    actor: User | None,
    subject: models.Model,
    kind: str,
    title: str,
    organisation: Organisation,
    due_at: datetime,
    unit: Unit | None = None,
    person_id: int | None = None,
    url: str = "",
    rule_version: int = 1,
) -> Deadline:
    with transaction.atomic():
        deadline = Deadline.objects.create(
            subject_kind=subject._meta.label_lower,
            subject_id=str(subject.pk),
            kind=kind,
            title=title,
            organisation=organisation,
            unit=unit,
            due_at=due_at,
            person_id=person_id,
            url=url,
            rule_version=rule_version,
        )
        audit.record_created(actor=actor, obj=deadline, person_id=person_id)
    return deadline


def _open_for(subject: models.Model, kinds: Iterable[str] | None):
    qs = Deadline.objects.filter(
        subject_kind=subject._meta.label_lower,
        subject_id=str(subject.pk),
        met_at__isnull=True,
        cancelled_at__isnull=True,
    )
    if kinds is not None:
        qs = qs.filter(kind__in=list(kinds))
    return qs


def meet_deadlines(
    *, actor: User, subject: models.Model, kinds: Iterable[str] | None = None
) -> list[Deadline]:
    """Mark the open deadlines of `subject` (of the given kinds) as met, now."""
    now = timezone.now()
    met = []
    with transaction.atomic():
        for deadline in _open_for(subject, kinds).select_for_update(no_key=True):
            before = audit.snapshot(deadline)
            deadline.met_at, deadline.met_by = now, actor
            deadline.save(update_fields=["met_at", "met_by"])
            audit.record_updated(
                actor=actor, obj=deadline, before=before, person_id=deadline.person_id
            )
            met.append(deadline)
    return met


def cancel_deadlines(
    *, actor: User, subject: models.Model, kinds: Iterable[str] | None = None
) -> int:
    now = timezone.now()
    count = 0
    with transaction.atomic():
        for deadline in _open_for(subject, kinds).select_for_update(no_key=True):
            before = audit.snapshot(deadline)
            deadline.cancelled_at = now
            deadline.save(update_fields=["cancelled_at"])
            audit.record_updated(
                actor=actor, obj=deadline, before=before, person_id=deadline.person_id
            )
            count += 1
    return count


@dataclass(frozen=True)
class SweepResult:
    escalated: int
    notifications: int


def escalation_recipients(
    pairs: set[tuple[int, int | None]],
) -> dict[tuple[int, int | None], list[User]]:
    """The next level for each (organisation, unit): the supervisors of its active users.

    Falls back to the location manager(s) of a unit when nobody has a supervisor
    set, so an escalation never disappears into nobody's inbox.
    """
    result: dict[tuple[int, int | None], list[User]] = defaultdict(list)
    if not pairs:
        return result
    org_ids = {org for org, _unit in pairs}
    staff = list(
        User.objects.filter(organisation_id__in=org_ids, is_active=True)
        .select_related("supervisor")
        .only(
            "id",
            "organisation_id",
            "unit_id",
            "role",
            "email",
            "username",
            "supervisor__id",
            "supervisor__email",
            "supervisor__username",
            "supervisor__is_active",
        )
    )
    for org, unit in pairs:
        members = [
            u for u in staff if u.organisation_id == org and (unit is None or u.unit_id == unit)
        ]
        chosen: dict[int, User] = {}
        for member in members:
            sup = member.supervisor
            if sup is not None and sup.is_active and sup.pk != member.pk:
                chosen[sup.pk] = sup
        if not chosen:
            for member in members:
                if member.role == "location_manager":
                    chosen[member.pk] = member
        result[(org, unit)] = list(chosen.values())
    return result


def escalate_overdue(*, now: datetime | None = None, batch_size: int = 2000) -> SweepResult:
    """Escalate every open deadline that passed its due time and was not escalated yet.

    Idempotent: a deadline is claimed by a conditional update (escalated_at IS
    NULL), so a second or concurrent run finds nothing to do, and notifications
    are unique per deadline, recipient and level.
    """
    now = now or timezone.now()
    escalated = notified = 0
    # Keyset cursor: each batch continues after the last (due_at, id) it handled, so a
    # batch does not wade through the index entries of rows escalated just before
    # (dead tuples until vacuum); without it a 100k sweep grows quadratically.
    after: tuple | None = None
    while True:
        with transaction.atomic():
            pending = Deadline.objects.filter(
                met_at__isnull=True,
                cancelled_at__isnull=True,
                escalated_at__isnull=True,
                due_at__lt=now,
            )
            if after is not None:
                # (due_at, id) > after, with a plain lower bound so the index range starts there.
                pending = pending.filter(due_at__gte=after[0]).filter(
                    Q(due_at__gt=after[0]) | Q(id__gt=after[1])
                )
            candidates = list(
                pending.order_by("due_at", "id")
                .select_for_update(skip_locked=True, no_key=True)
                .values_list(
                    "id", "organisation_id", "unit_id", "title", "url", "escalation_level", "due_at"
                )[:batch_size]
            )
            if not candidates:
                break
            ids = [c[0] for c in candidates]
            claimed = _claim(ids, now)
            if claimed != len(ids):  # someone else claimed part of the batch; redo it
                transaction.set_rollback(True)
                continue
            recipients = escalation_recipients({(c[1], c[2]) for c in candidates})
            overdue = _("Overdue: %(title)s")  # translated once per batch, not per row
            notes = [
                (user.pk, deadline_id, level + 1, overdue % {"title": title}, url)
                for deadline_id, org, unit, title, url, level, _due in candidates
                for user in recipients[(org, unit)]
            ]
            _insert_notifications(notes, now)
            # One audit event per batch: the sweep is one system action.
            audit.record(
                actor=None,
                actor_label=SWEEP_ACTOR_LABEL,
                action=AuditAction.UPDATE,
                object_kind="deadlines.deadline",
                object_id=f"{ids[0]}..{ids[-1]}",
                changes={"after": {"escalated": ids, "at": now.isoformat()}},
            )
            batch_ids = ids
            # E-mail is the worker's job, queued once the batch is committed.
            transaction.on_commit(lambda batch_ids=batch_ids: _queue_mail(batch_ids))
            escalated += len(ids)
            notified += len(notes)
            after = (candidates[-1][6], candidates[-1][0])
    return SweepResult(escalated=escalated, notifications=notified)


def _claim(ids: list[int], now: datetime) -> int:
    """Mark these deadlines escalated unless someone else did; returns how many were claimed."""
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(Deadline._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET escalated_at = %s, "  # noqa: S608  (constants only)
                "escalation_level = escalation_level + 1 "
                "WHERE id = ANY(%s) AND escalated_at IS NULL",
                [now, ids],
            )
            return cursor.rowcount
    return Deadline.objects.filter(pk__in=ids, escalated_at__isnull=True).update(
        escalated_at=now, escalation_level=F("escalation_level") + 1
    )


def _insert_notifications(rows: list[tuple], now: datetime) -> None:
    """Insert (recipient, deadline, level, message, url) rows; existing ones are kept.

    One multi-row statement per 1000 rows instead of model instances: at 100k
    overdue steps, building Notification objects was most of the sweep's time.
    Same rows and the same uniqueness as `bulk_create(ignore_conflicts=True)`.
    """
    if not rows:
        return
    table = connection.ops.quote_name(Notification._meta.db_table)
    columns = "recipient_id, deadline_id, level, message, url, created_at"
    if connection.vendor == "postgresql":
        # Five array parameters instead of thousands of placeholders to parse.
        recipients, deadlines, levels, messages, urls = (list(c) for c in zip(*rows, strict=True))
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} ({columns}) "  # noqa: S608  (constants only)
                "SELECT r, d, l, m, u, %s FROM unnest("
                "%s::bigint[], %s::bigint[], %s::smallint[], %s::text[], %s::text[]"
                ") AS t(r, d, l, m, u) ON CONFLICT DO NOTHING",
                [now, recipients, deadlines, levels, messages, urls],
            )
        return
    for start in range(0, len(rows), 1000):
        chunk = rows[start : start + 1000]
        values = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(chunk))
        params = [v for row in chunk for v in (*row, now)]
        with connection.cursor() as cursor:
            cursor.execute(
                # Only constants and placeholders are interpolated; the values are parameters.
                f"INSERT INTO {table} ({columns}) VALUES {values} ON CONFLICT DO NOTHING",  # noqa: S608
                params,
            )


def _queue_mail(deadline_ids: list[int]) -> None:
    from .tasks import mail_notifications

    mail_notifications(deadline_ids)


def send_notification_mail(deadline_ids: list[int]) -> int:
    """E-mail the notifications of these deadlines that were not e-mailed yet."""
    pending = list(
        Notification.objects.filter(deadline_id__in=deadline_ids, emailed_at__isnull=True)
        .exclude(recipient__email="")
        .select_related("recipient")
    )
    if not pending:
        return 0
    messages = [
        EmailMessage(
            subject=n.message,
            body=n.message + ("\n\n" + n.url if n.url else ""),
            to=[n.recipient.email],
        )
        for n in pending
    ]
    with get_connection() as connection:
        sent = connection.send_messages(messages) or 0
    Notification.objects.filter(pk__in=[n.pk for n in pending]).update(emailed_at=timezone.now())
    return sent


def mark_notification_read(*, actor: User, notification: Notification) -> None:
    if notification.recipient_id != actor.pk:
        raise PermissionError("Not your notification.")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
