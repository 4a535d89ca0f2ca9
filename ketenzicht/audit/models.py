"""Append-only, hash-chained audit events.

Each event stores the HMAC of its predecessor (`prev_hash`) and of itself
(`hash`), so editing, deleting, inserting or reordering history breaks the
chain (`manage.py verify_audit`). The application cannot update or delete
events: the queryset refuses it, `save()` refuses existing rows and a database
trigger (SQLite and PostgreSQL) rejects UPDATE and DELETE.
"""

from django.conf import settings
from django.db import models

from .events import AuditAction


class AppendOnlyError(Exception):
    pass


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Audit events cannot be changed.")

    def delete(self):
        raise AppendOnlyError("Audit events cannot be deleted.")

    update.queryset_only = True  # type: ignore[attr-defined]
    delete.queryset_only = True  # type: ignore[attr-defined]


class AuditEvent(models.Model):
    occurred_at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    # Copied at the time of the event: later changes to the user do not rewrite history.
    actor_label = models.CharField(max_length=200)
    organisation = models.CharField(max_length=20, blank=True)
    role = models.CharField(max_length=40, blank=True)
    action = models.CharField(max_length=20, choices=AuditAction.choices)
    object_kind = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    # The person the event is about, for "who viewed this file".
    person_id = models.BigIntegerField(null=True, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        # Django's default base manager is a plain Manager whose querysets would
        # update and delete; related-object access must refuse that too.
        base_manager_name = "objects"
        indexes = [
            models.Index(fields=["person_id", "-occurred_at"], name="audit_person_idx"),
            models.Index(fields=["object_kind", "object_id"], name="audit_object_idx"),
            models.Index(fields=["actor", "-occurred_at"], name="audit_actor_idx"),
            # Audit search: a beheerder's scope (organisation), the username filter
            # and the action filter, each walking newest first by id.
            models.Index(fields=["organisation", "-id"], name="audit_org_idx"),
            models.Index(fields=["actor_label", "-id"], name="audit_actor_label_idx"),
            models.Index(fields=["action", "-id"], name="audit_action_idx"),
        ]

    def save(self, *args, **kwargs):
        # Only the chain writer inserts (with an explicit id and force_insert).
        if not kwargs.get("force_insert"):
            raise AppendOnlyError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit events cannot be deleted.")


class AuditChainHead(models.Model):
    """The single row that serialises appends and remembers the newest link.

    Locking it orders events exactly as they are chained; keeping the last id
    and hash here also detects truncation of the newest events.
    """

    last_event_id = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)
