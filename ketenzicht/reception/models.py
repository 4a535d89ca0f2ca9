"""Reception: locations, placements, risk assessments and reporting duty."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LocationType(models.TextChoices):
    REGULAR_AMV = "regular_amv", _("regular amv reception")
    BO = "bo", _("protected reception (BO)")
    EMERGENCY = "emergency", _("emergency reception")
    SMALL_UNIT = "small_unit", _("small living unit")
    ADULT_AZC = "adult_azc", _("adult reception centre (azc)")


# Meldplicht moments per location type: amv locations report twice a day.
DEFAULT_REPORTING_TIMES = {
    LocationType.REGULAR_AMV: "09:00,21:00",
    LocationType.BO: "09:00,21:00",
    LocationType.SMALL_UNIT: "09:00,21:00",
    LocationType.EMERGENCY: "09:00,21:00",
    LocationType.ADULT_AZC: "",
}


class Location(models.Model):
    unit = models.OneToOneField(
        "accounts.Unit", on_delete=models.PROTECT, related_name="location", verbose_name=_("unit")
    )
    name = models.CharField(_("name"), max_length=200)
    location_type = models.CharField(_("type"), max_length=20, choices=LocationType.choices)
    capacity = models.PositiveIntegerField(_("capacity"))
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    police_region = models.ForeignKey(
        "accounts.Unit",
        on_delete=models.PROTECT,
        related_name="locations_in_region",
        verbose_name=_("police region"),
    )
    contact_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("contact person trafficking/smuggling"),
    )
    reporting_times = models.CharField(
        _("reporting moments"),
        max_length=100,
        blank=True,
        help_text=_("Times of day of the reporting duty, e.g. 09:00,21:00"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("location")
        verbose_name_plural = _("locations")

    def __str__(self) -> str:
        return self.name


class Placement(models.Model):
    """A stay at a location. Without `arrived_at` the person is still awaited."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="placements")
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="placements")
    planned_arrival = models.DateTimeField(_("planned arrival"))
    arrived_at = models.DateTimeField(_("arrived at"), null=True, blank=True)
    planned_departure = models.DateTimeField(_("planned departure"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    transferred_from = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="transferred_to"
    )
    end_reason = models.CharField(_("reason for ending"), max_length=40, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-planned_arrival"]
        indexes = [
            models.Index(fields=["location", "ended_at"], name="placement_location_open_idx"),
            models.Index(fields=["person", "ended_at"], name="placement_person_open_idx"),
        ]


class RiskLevel(models.TextChoices):
    LOW = "low", _("low")
    MEDIUM = "medium", _("medium")
    HIGH = "high", _("high")


class RiskFactor(models.Model):
    """A maintained catalogue entry. Never a nationality or ethnicity (see the validator)."""

    code = models.SlugField(_("code"), unique=True)
    label_nl = models.CharField(_("label (Dutch)"), max_length=200)
    label_en = models.CharField(_("label (English)"), max_length=200)
    explanation = models.TextField(_("explanation"))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        from django.utils.translation import get_language

        return self.label_en if (get_language() or "nl").startswith("en") else self.label_nl


class Measure(models.TextChoices):
    EXTRA_SUPERVISION = "extra_supervision", _("extra supervision")
    SECURITY = "security", _("security")
    POLICE_INFORMED = "police_informed", _("police informed")
    REPORTING_DUTY = "reporting_duty", _("reporting duty")


class RiskAssessment(models.Model):
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="risk_assessments"
    )
    location = models.ForeignKey(Location, null=True, blank=True, on_delete=models.PROTECT)
    assessed_on = models.DateField(_("date"))
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    level = models.CharField(_("level"), max_length=10, choices=RiskLevel.choices)
    explanation = models.TextField(_("explanation"))
    review_on = models.DateField(_("review date"))
    measures = models.JSONField(_("measures"), default=list)
    reporting_per_day = models.PositiveSmallIntegerField(
        _("reporting moments per day"), null=True, blank=True
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-assessed_on", "-id"]


class RiskAssessmentFactor(models.Model):
    assessment = models.ForeignKey(RiskAssessment, on_delete=models.CASCADE, related_name="factors")
    factor = models.ForeignKey(RiskFactor, on_delete=models.PROTECT)
    explanation = models.TextField(_("why this factor applies"))


class PresenceStatus(models.TextChoices):
    PRESENT = "present", _("present")
    EXCUSED = "excused", _("excused (known absence)")


class PresenceCheck(models.Model):
    """A reporting-duty moment that was met. A moment without a check is missed."""

    placement = models.ForeignKey(
        Placement, on_delete=models.PROTECT, related_name="presence_checks"
    )
    moment = models.DateTimeField(_("reporting moment"))
    status = models.CharField(_("status"), max_length=10, choices=PresenceStatus.choices)
    checked_at = models.DateTimeField(auto_now_add=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["placement", "moment"], name="presence_once_per_moment")
        ]
