"""Identity linkage: runs of the linkage engine, the pairs it proposes, and merges.

- `LinkageRun`: one background run of the engine (full or incremental), with
  its progress, the trained model it produced or reused, and what it found.
- `CandidateLink`: two identity records the engine thinks may be the same
  human being, with the explanation of its score and the decision on it. One
  row per pair of records, ever (left record id < right record id): a later run
  updates a pending pair instead of proposing it again.
- `Merge` and `MergeMove`: a reversible merge of two chain persons. The merge
  re-points every row that belonged to the absorbed person to the survivor and
  records exactly which rows it moved, so a split moves exactly those rows back
  (ADR 0010). Nothing is deleted and no organisation's record is rewritten.

Statuses change only through `services.py` (the candidate workflow is the table
in `workflow.py`).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class RunKind(models.TextChoices):
    FULL = "full", _("full: train the model and compare every record")
    INCREMENTAL = "incremental", _("incremental: match new records with the last model")


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("finished")
    FAILED = "failed", _("failed")


ACTIVE_RUN_STATUSES = (RunStatus.QUEUED, RunStatus.RUNNING)


class LinkageRun(models.Model):
    kind = models.CharField(_("kind"), max_length=12, choices=RunKind.choices)
    status = models.CharField(
        _("status"), max_length=8, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (percent)"), default=0)
    stage = models.CharField(_("stage"), max_length=200, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("started by"),
    )
    queued_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # Written with every progress update: a "running" run whose heartbeat is old
    # lost its worker and is marked failed when the next run starts.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    timings = models.JSONField(_("timings (seconds)"), default=dict, blank=True)
    # The trained model (the engine's JSON). An incremental run reuses the model
    # of the last done run (`model_from`) and stores it again, so each run says
    # which model scored its pairs.
    model = models.JSONField(_("trained model"), null=True, blank=True)
    model_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("model of run"),
    )
    thresholds = models.JSONField(_("thresholds used"), default=dict, blank=True)
    # The highest identity record id the run saw: the next incremental run
    # treats records above it as new.
    max_record_id = models.BigIntegerField(null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-queued_at", "-id"]
        verbose_name = _("linkage run")
        verbose_name_plural = _("linkage runs")
        indexes = [models.Index(fields=["status", "-id"], name="linkage_run_status_idx")]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_RUN_STATUSES


class CandidateStatus(models.TextChoices):
    PENDING = "pending", _("to review")
    AUTO_LINKED = "auto_linked", _("linked automatically")
    SAME = "same", _("same person")
    DIFFERENT = "different", _("different persons")
    UNSURE = "unsure", _("unsure")
    SPLIT = "split", _("linked, later split")


# The review queue: pairs waiting for a (final) human decision.
QUEUE_STATUSES = (CandidateStatus.PENDING, CandidateStatus.UNSURE)


class CandidateLink(models.Model):
    run = models.ForeignKey(
        LinkageRun, on_delete=models.PROTECT, related_name="candidates", verbose_name=_("run")
    )
    left_record = models.ForeignKey(
        "people.IdentityRecord", on_delete=models.PROTECT, related_name="+"
    )
    right_record = models.ForeignKey(
        "people.IdentityRecord", on_delete=models.PROTECT, related_name="+"
    )
    match_weight = models.FloatField(_("match weight"))
    match_probability = models.FloatField(_("match probability"))
    # [{"comparison": "name", "level": "...", "weight": 3.2}, ...] in the
    # engine's order; the weights plus the prior add up to the match weight.
    explanation = models.JSONField(_("explanation"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=CandidateStatus.choices, default=CandidateStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("proposed at"), auto_now_add=True)

    class Meta:
        ordering = ["-match_probability", "id"]
        verbose_name = _("candidate pair")
        verbose_name_plural = _("candidate pairs")
        constraints = [
            models.CheckConstraint(
                condition=Q(left_record__lt=F("right_record")), name="linkage_pair_ordered"
            ),
            models.UniqueConstraint(
                fields=["left_record", "right_record"], name="linkage_pair_once"
            ),
        ]
        indexes = [
            # The review queue: one status, highest probability first.
            models.Index(fields=["status", "-match_probability", "id"], name="linkage_queue_idx"),
            models.Index(fields=["right_record"], name="linkage_right_record_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.left_record_id} ~ {self.right_record_id}"


class Merge(models.Model):
    """The absorbed person's rows now belong to the survivor; undone by a split."""

    survivor = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("survivor")
    )
    absorbed = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("absorbed")
    )
    candidate = models.ForeignKey(
        CandidateLink,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merges",
        verbose_name=_("candidate pair"),
    )
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("merged by"),
    )
    merged_at = models.DateTimeField(_("merged at"))
    # The survivor had no V-number and took the absorbed person's: a split gives it back.
    v_number_taken = models.CharField(max_length=10, blank=True)
    split_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("split by"),
    )
    split_at = models.DateTimeField(_("split at"), null=True, blank=True)
    split_reason = models.TextField(_("reason for the split"), blank=True)

    class Meta:
        ordering = ["-merged_at", "-id"]
        verbose_name = _("merge")
        verbose_name_plural = _("merges")
        constraints = [
            models.CheckConstraint(
                condition=~Q(survivor=F("absorbed")), name="linkage_merge_two_persons"
            ),
            # A person is absorbed by at most one merge at a time.
            models.UniqueConstraint(
                fields=["absorbed"],
                condition=Q(split_at__isnull=True),
                name="linkage_absorbed_once",
            ),
        ]
        indexes = [
            models.Index(fields=["survivor", "split_at"], name="linkage_merge_survivor_idx"),
            models.Index(fields=["-merged_at", "-id"], name="linkage_merge_list_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.absorbed_id} → {self.survivor_id}"

    @property
    def is_split(self) -> bool:
        return self.split_at is not None


class MergeMove(models.Model):
    """One row a merge re-pointed: `model` (app_label.model) row `object_id`, field `field`.

    `recreate` is set for a join row that could not move because the survivor
    already had the same link (a signal that named both persons): the merge
    removed it and keeps its values here, and a split creates it again.
    """

    merge = models.ForeignKey(Merge, on_delete=models.PROTECT, related_name="moves")
    model = models.CharField(max_length=100)
    field = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    recreate = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["merge", "model", "field", "object_id"], name="linkage_move_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.model}#{self.object_id}.{self.field}"
