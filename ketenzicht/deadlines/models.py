"""Generic deadlines: who must do what by when, stored as data.

"Overdue" is never stored: it is derived from `due_at`, `met_at` and the
current time at query time, so screens are right even when the worker that
escalates is down. The sweep only records *that* it escalated
(`escalated_at`, `escalation_level`) and the notifications it sent.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Deadline(models.Model):
    subject_kind = models.CharField(max_length=60)  # e.g. "departures.departurecase"
    subject_id = models.CharField(max_length=64)
    person_id = models.BigIntegerField(null=True, blank=True)
    kind = models.CharField(_("step"), max_length=60)
    rule_version = models.PositiveSmallIntegerField(default=1)
    title = models.CharField(_("what must be done"), max_length=200)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="deadlines",
        verbose_name=_("responsible organisation"),
    )
    unit = models.ForeignKey(
        "accounts.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deadlines",
        verbose_name=_("responsible unit"),
    )
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    due_at = models.DateTimeField(_("due"))
    met_at = models.DateTimeField(_("done at"), null=True, blank=True)
    met_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    escalation_level = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [
            # The work queue: open deadlines of an organisation by due time.
            models.Index(
                fields=["organisation", "due_at"],
                name="deadline_open_org_idx",
                condition=Q(met_at__isnull=True, cancelled_at__isnull=True),
            ),
            # The work queue of one unit (and the organisation's unit-less steps).
            models.Index(
                fields=["organisation", "unit", "due_at"],
                name="deadline_open_unit_idx",
                condition=Q(met_at__isnull=True, cancelled_at__isnull=True),
            ),
            # The sweep: open, not yet escalated, by due time.
            models.Index(
                fields=["due_at"],
                name="deadline_sweep_idx",
                condition=Q(
                    met_at__isnull=True, cancelled_at__isnull=True, escalated_at__isnull=True
                ),
            ),
            models.Index(fields=["subject_kind", "subject_id"], name="deadline_subject_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class Notification(models.Model):
    """An in-app notification (also e-mailed). Unique per deadline, recipient and level,
    so a sweep that runs twice never notifies twice."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    deadline = models.ForeignKey(
        Deadline, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    level = models.PositiveSmallIntegerField(default=0)
    message = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["deadline", "recipient", "level"], name="notification_once_per_level"
            )
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
        ]
