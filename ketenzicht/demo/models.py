"""Bookkeeping of the synthetic demo chain.

`DemoRun` records each generation with its parameters, so a second run can see
that the data is already there. `TrueIdentity` is the answer key for record
linkage: which generated identity records belong to the same human being.

The application never reads `TrueIdentity` (a test enforces that only the demo
app, the benchmarks and the tests import it). It refers to identity records by
plain integer ids instead of foreign keys on purpose: no relation, reverse
accessor or join path leads from the registry to the truth.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DemoRun(models.Model):
    persons = models.PositiveIntegerField(_("persons"))
    seed = models.BigIntegerField(_("seed"))
    as_of = models.DateField(_("reference date"))
    parameters = models.JSONField(_("parameters"), default=dict)
    counts = models.JSONField(_("row counts"), default=dict)
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    duration_seconds = models.FloatField(_("duration in seconds"), null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("demo run")
        verbose_name_plural = _("demo runs")

    def __str__(self) -> str:
        return f"demo {self.persons} persons, seed {self.seed}"


class TrueIdentity(models.Model):
    """The generated truth behind one identity record (linkage answer key)."""

    run = models.ForeignKey(DemoRun, on_delete=models.CASCADE, related_name="+")
    identity_record_id = models.BigIntegerField(unique=True)
    # The Person row the record was written under: records an organisation made
    # without the V-nummer may sit under a separate, unlinked Person.
    person_id = models.BigIntegerField(db_index=True)
    true_key = models.CharField(max_length=16, db_index=True)
    organisation_kind = models.CharField(max_length=20)
    nationality = models.CharField(max_length=3)
    true_given_names = models.CharField(max_length=200)
    true_family_name = models.CharField(max_length=200)
    true_date_of_birth = models.DateField()
    true_sex = models.CharField(max_length=1)
    # Category (amv/adult/displaced), arrival date, claimed-minor flag and the
    # variations applied to this record (e.g. ["swapped_order", "dob_placeholder"]).
    parameters = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("true identity (demo)")
        verbose_name_plural = _("true identities (demo)")
