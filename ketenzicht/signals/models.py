"""Signals of trafficking and smuggling, their entities, assessments and investigations."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .grading import HandlingCode, InformationValidity, SourceReliability, Tlp


class Category(models.Model):
    code = models.SlugField(_("code"), unique=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("main category"),
    )
    label_nl = models.CharField(_("label (Dutch)"), max_length=120)
    label_en = models.CharField(_("label (English)"), max_length=120)
    is_active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        from django.utils.translation import get_language

        return self.label_en if (get_language() or "nl").startswith("en") else self.label_nl


class Channel(models.TextChoices):
    PROFESSIONAL = "professional", _("chain professional")
    PUBLIC = "public", _("public web form")
    MARITIME = "maritime", _("maritime sector web form")
    MONITORING = "monitoring", _("social media and open source monitoring")
    PARTNER = "partner", _("partner organisation")


class Sector(models.TextChoices):
    NONE = "", _("not applicable")
    MARITIME = "maritime", _("maritime (boats, engines, equipment)")
    TRANSPORT = "transport", _("transport and storage")
    HOSPITALITY = "hospitality", _("hospitality")
    ONLINE = "online", _("online platforms")
    AGRICULTURE = "agriculture", _("agriculture")
    OTHER = "other", _("other")


class SignalStatus(models.TextChoices):
    RECEIVED = "received", _("received")
    TRIAGED = "triaged", _("triaged")
    FOR_ASSESSMENT = "for_assessment", _("with the OM for assessment")
    ASSESSED = "assessed", _("assessed")
    CLOSED = "closed", _("closed")
    MERGED = "merged", _("merged into another signal")


class Signal(models.Model):
    reference = models.CharField(pgettext_lazy("signal", "reference"), max_length=20, unique=True)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices, blank=True)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="signals", verbose_name=_("category")
    )
    description = models.TextField(_("what happened"))
    occurred_on = models.DateField(_("date"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    # Maritime-sector purchase details (item types, quantities, payment, vehicle,
    # buyer, stated destination), kept as the reporter gave them.
    details = models.JSONField(_("details"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=SignalStatus.choices, default=SignalStatus.RECEIVED
    )
    received_at = models.DateTimeField(_("received at"), auto_now_add=True, db_index=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    receiving_organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="received_signals",
        verbose_name=_("receiving organisation"),
    )
    source_reliability = models.CharField(
        _("source reliability"), max_length=1, choices=SourceReliability.choices, blank=True
    )
    information_validity = models.CharField(
        _("information validity"), max_length=1, choices=InformationValidity.choices, blank=True
    )
    handling_code = models.CharField(
        _("handling code"), max_length=2, choices=HandlingCode.choices, default=HandlingCode.H0
    )
    tlp = models.CharField(_("TLP"), max_length=12, choices=Tlp.choices, default=Tlp.AMBER)
    # Public reporters follow up with a receipt code and a passphrase; both are
    # stored only as hashes. No IP address or browser data is ever stored.
    receipt_lookup = models.CharField(max_length=64, unique=True, null=True, blank=True)
    passphrase_hash = models.CharField(max_length=200, blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_signals"
    )
    persons = models.ManyToManyField("people.Person", blank=True, related_name="signals")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("signal")
        verbose_name_plural = _("signals")
        indexes = [
            models.Index(
                fields=["receiving_organisation", "status", "received_at"], name="signal_queue_idx"
            ),
            models.Index(fields=["channel", "received_at"], name="signal_channel_idx"),
        ]

    def __str__(self) -> str:
        return self.reference


class EntityKind(models.TextChoices):
    PHONE = "phone", _("phone number")
    VEHICLE = "vehicle", _("vehicle")
    VESSEL = "vessel", _("vessel")
    ADDRESS = "address", _("address")
    BANK_ACCOUNT = "bank_account", _("bank account")
    ONLINE_PROFILE = "online_profile", _("online profile")


class Entity(models.Model):
    """A phone, plate, vessel, address, account or profile: one row per normalised key,
    so the same phone in two signals is one entity."""

    kind = models.CharField(_("kind"), max_length=20, choices=EntityKind.choices)
    key = models.CharField(_("normalised value"), max_length=300)
    display = models.CharField(_("as entered"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="entity_unique_key")]
        verbose_name = _("entity")
        verbose_name_plural = _("entities")

    def __str__(self) -> str:
        return self.display


class SignalEntity(models.Model):
    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="entity_links")
    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="signal_links")
    note = models.CharField(_("note"), max_length=200, blank=True)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    linked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["signal", "entity"], name="signal_entity_once")
        ]


class Attachment(models.Model):
    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="signals/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    from_public = models.BooleanField(default=False)
    uploaded_at = models.DateTimeField(auto_now_add=True)


class PublicAddition(models.Model):
    """Information a public reporter added later with their receipt code."""

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="public_additions")
    text = models.TextField(_("additional information"))
    added_at = models.DateTimeField(auto_now_add=True)


class InvestigationStatus(models.TextChoices):
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


class Investigation(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    team = models.ForeignKey(
        "accounts.Unit",
        on_delete=models.PROTECT,
        related_name="investigations",
        verbose_name=_("team"),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=InvestigationStatus.choices,
        default=InvestigationStatus.OPEN,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("investigation")
        verbose_name_plural = _("investigations")

    def __str__(self) -> str:
        return self.name


class AssessmentOutcome(models.TextChoices):
    NO_LEADS = "no_leads", _("no investigative leads, no further action")
    EXISTING = "existing", _("investigative leads: linked to an existing investigation")
    NEW = "new", _("investigative leads: new investigation")
    LEADS_LATER = "leads_later", _("investigative leads, no capacity now: kept for analysis")


class OMAssessment(models.Model):
    signal = models.OneToOneField(Signal, on_delete=models.PROTECT, related_name="om_assessment")
    prosecutor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("public prosecutor"),
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=AssessmentOutcome.choices)
    reasons = models.TextField(_("reasons"))
    investigation = models.ForeignKey(
        Investigation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("investigation"),
    )
    assessed_at = models.DateTimeField(auto_now_add=True)
