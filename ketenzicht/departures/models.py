"""Departures (vertrek): the chain work agreements on a person who left reception.

A `DepartureCase` follows one departure of one person through the steps the
chain agreed on (see `workflow.py`); its `status` changes only through
`services.py`, which checks the transition table and bumps `version` so two
people acting on the same case never overwrite each other. `DepartureEvent` is
the case's own history (one row per step taken, also shown on the person's
timeline). `TriggerProposal` is a departure the system suspects from reception
data and a professional must confirm or dismiss.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class DepartureStatus(models.TextChoices):
    OPEN = "open", _("departure detected")
    REPORTED = "reported", _("reported to the police")
    ACKNOWLEDGED = "acknowledged", _("acknowledged by the police")
    MISSING = "missing", _("missing-person report recorded")
    REAPPEARED = "reappeared", _("reappeared")
    CLOSED = "closed", _("closed")


class Classification(models.TextChoices):
    MOB = "mob", _("unknown destination (MOB)")
    KNOWN = "known", _("known destination")


class PoliceFollowUp(models.TextChoices):
    SEARCH = "search", _("search and investigate")
    INVESTIGATION = "investigation", _("criminal investigation")
    REGISTER_ONLY = "register_only", _("register only, no further action for now")


class ReappearanceKind(models.TextChoices):
    FOUND_NL = "found_nl", _("found in the Netherlands")
    MEMBER_STATE = "member_state", _("reported by another member state")
    RETURNED = "returned", _("returned of their own accord")


class ReappearanceChannel(models.TextChoices):
    EURODAC = "eurodac", "Eurodac"
    SCHENGEN = "schengen", _("Schengen Information System")
    LIAISON = "liaison", _("liaison officer")
    OTHER = "other", _("other")


class Outcome(models.TextChoices):
    SAFE_KNOWN_DESTINATION = "safe_known_destination", _("safe at a known destination")
    GUARDIANSHIP_TRANSFERRED = "guardianship_transferred", _("guardianship transferred")
    RETURNED_TO_RECEPTION = "returned_to_reception", _("returned to reception")
    FOUND_ABROAD = "found_abroad", _("found in another member state")
    STILL_MISSING = "still_missing", _("still missing, police investigation ended")


class DepartureCaseQuerySet(models.QuerySet):
    """Cases change one at a time through the services; no bulk writes from the app."""

    def update(self, **kwargs):
        raise NotImplementedError("Departure cases change through departures.services only.")

    def delete(self):
        raise NotImplementedError("Departure cases are never deleted.")


class DepartureCase(models.Model):
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="departure_cases"
    )
    placement = models.ForeignKey(
        "reception.Placement",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="departure_cases",
    )
    location = models.ForeignKey(
        "reception.Location",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="departure_cases",
        verbose_name=_("location"),
    )
    voogd = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("guardian (voogd)"),
    )
    detected_at = models.DateTimeField(_("departure detected at"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=20, choices=DepartureStatus.choices, default=DepartureStatus.OPEN
    )
    version = models.PositiveIntegerField(default=1)
    cycle = models.PositiveSmallIntegerField(_("departure number"), default=1)
    # Flags that decide which steps apply.
    is_bo = models.BooleanField(_("departure from protected reception (BO)"), default=False)
    trafficking_sign = models.BooleanField(_("sign of trafficking or smuggling"), default=False)
    return_process = models.BooleanField(_("in the return process (DT&V)"), default=False)
    asylum_affected = models.BooleanField(_("asylum procedure affected (IND)"), default=False)
    circumstances = models.TextField(_("circumstances"), blank=True)
    # The steps of the current departure (cleared on reopening; history keeps every cycle).
    reported_to_police_at = models.DateTimeField(_("reported to the police at"), null=True)
    police_reference = models.CharField(_("police reference"), max_length=60, blank=True)
    guardian_informed_at = models.DateTimeField(_("guardian informed at"), null=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True)
    missing_report_at = models.DateTimeField(_("missing-person report recorded at"), null=True)
    missing_report_reference = models.CharField(
        _("missing-person report number"), max_length=60, blank=True
    )
    police_follow_up = models.CharField(
        _("police follow-up"), max_length=20, choices=PoliceFollowUp.choices, blank=True
    )
    classification = models.CharField(
        _("classification"), max_length=10, choices=Classification.choices, blank=True
    )
    classification_evidence = models.TextField(_("evidence for the classification"), blank=True)
    known_destination = models.CharField(_("known destination"), max_length=200, blank=True)
    classified_at = models.DateTimeField(_("classified at"), null=True)
    guardianship_transferred_at = models.DateTimeField(
        _("guardianship transfer registered at"), null=True
    )
    guardianship_transferred_to = models.CharField(
        _("guardianship transferred to"), max_length=200, blank=True
    )
    police_told_closure_at = models.DateTimeField(_("police told they can close at"), null=True)
    dtv_registered_at = models.DateTimeField(_("registered by DT&V at"), null=True)
    ind_informed_at = models.DateTimeField(_("IND informed at"), null=True)
    reappeared_at = models.DateTimeField(_("reappeared at"), null=True)
    reappearance_kind = models.CharField(
        _("how the person reappeared"), max_length=20, choices=ReappearanceKind.choices, blank=True
    )
    reappearance_channel = models.CharField(
        _("reported through"), max_length=20, choices=ReappearanceChannel.choices, blank=True
    )
    reappearance_detail = models.CharField(_("where and how"), max_length=300, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True)
    outcome = models.CharField(_("outcome"), max_length=30, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(_("explanation of the outcome"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DepartureCaseQuerySet.as_manager()

    class Meta:
        ordering = ["-detected_at", "-id"]
        verbose_name = _("departure")
        verbose_name_plural = _("departures")
        indexes = [
            models.Index(fields=["-detected_at", "-id"], name="departure_detected_idx"),
            models.Index(fields=["status", "-detected_at"], name="departure_status_idx"),
            models.Index(fields=["location", "-detected_at"], name="departure_location_idx"),
            models.Index(fields=["person", "status"], name="departure_person_idx"),
            models.Index(
                fields=["reported_to_police_at"],
                name="departure_reported_idx",
                condition=Q(reported_to_police_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.detected_at:%Y-%m-%d}"

    @property
    def is_closed(self) -> bool:
        return self.status == DepartureStatus.CLOSED


class DepartureEvent(models.Model):
    """One step taken on a case: the case's own history, append-only."""

    case = models.ForeignKey(DepartureCase, on_delete=models.PROTECT, related_name="events")
    step = models.CharField(_("step"), max_length=40)
    cycle = models.PositiveSmallIntegerField(default=1)
    from_status = models.CharField(max_length=20, choices=DepartureStatus.choices)
    to_status = models.CharField(max_length=20, choices=DepartureStatus.choices)
    at = models.DateTimeField(_("when"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [
            models.Index(fields=["case", "at"], name="departure_event_case_idx"),
            # The police scope: departures (and persons) ever reported to the police.
            models.Index(
                fields=["case"],
                name="departure_event_reported_idx",
                condition=Q(step="report_to_police"),
            ),
        ]


class Trigger(models.TextChoices):
    MISSED_REPORTING = "missed_reporting", _("missed reporting moments")
    NO_ARRIVAL = "no_arrival", _("no arrival after a planned transfer")
    NO_PRESENCE = "no_presence", _("no presence registration")


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("awaiting confirmation")
    CONFIRMED = "confirmed", _("confirmed as departure")
    DISMISSED = "dismissed", _("dismissed")


class TriggerProposalQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise NotImplementedError("Proposals change through departures.services only.")

    def delete(self):
        raise NotImplementedError("Proposals are never deleted.")


class TriggerProposal(models.Model):
    """A departure suspected from reception data; a person confirms or dismisses it."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    placement = models.ForeignKey(
        "reception.Placement", on_delete=models.PROTECT, related_name="departure_proposals"
    )
    location = models.ForeignKey(
        "reception.Location", on_delete=models.PROTECT, related_name="departure_proposals"
    )
    trigger = models.CharField(_("trigger"), max_length=20, choices=Trigger.choices)
    evidence = models.CharField(_("why"), max_length=300)
    suspected_since = models.DateTimeField(_("suspected gone since"))
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("reason"), blank=True)
    case = models.ForeignKey(
        DepartureCase, null=True, blank=True, on_delete=models.PROTECT, related_name="proposals"
    )

    objects = TriggerProposalQuerySet.as_manager()

    class Meta:
        ordering = ["suspected_since", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "trigger"],
                condition=Q(status="pending"),
                name="one_pending_proposal_per_trigger",
            )
        ]
        indexes = [
            models.Index(fields=["location", "status"], name="proposal_location_idx"),
        ]
