"""The chain person registry.

A `Person` is one human being as the chain knows them. Every organisation keeps
its own `IdentityRecord` with the name, date of birth and number as *that*
organisation wrote them; nothing is overwritten by another organisation's view.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def new_pseudonym() -> str:
    # Analysts (APM) see this instead of any identifying field.
    return "P-" + secrets.token_hex(6).upper()


class Sex(models.TextChoices):
    MALE = "m", _("male")
    FEMALE = "f", _("female")
    OTHER = "x", _("other")
    UNKNOWN = "u", _("unknown")


class DatePrecision(models.TextChoices):
    FULL = "full", _("full date")
    YEAR_MONTH = "year_month", _("year and month")
    YEAR = "year", _("year only")
    UNKNOWN = "unknown", _("unknown")


class Person(models.Model):
    pseudonym = models.CharField(max_length=20, unique=True, default=new_pseudonym, editable=False)
    v_number = models.CharField(
        _("V-number"),
        max_length=10,
        null=True,
        blank=True,
        unique=True,
        help_text=_("Alien number (V-nummer), the chain's shared key where known."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Reversible linkage: a person merged into another keeps its records; the
    # link can be undone. Selectors show only persons that are not merged away.
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_persons"
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")

    def __str__(self) -> str:
        return self.pseudonym


class IdentityRecord(models.Model):
    """One organisation's record of a person, as that organisation wrote it."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="identity_records")
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="identity_records",
        verbose_name=_("organisation"),
    )
    org_number = models.CharField(_("organisation's own number"), max_length=40, blank=True)
    v_number = models.CharField(_("V-number"), max_length=10, blank=True)
    given_names = models.CharField(_("given names"), max_length=200, blank=True)
    family_name = models.CharField(_("family name"), max_length=200, blank=True)
    # Normalised tokens (lower case, no diacritics, transliteration folded,
    # sorted) so search is order free; maintained by the service, never by hand.
    search_name = models.CharField(max_length=400, blank=True, db_index=True, editable=False)
    date_of_birth = models.DateField(_("date of birth (as claimed)"), null=True, blank=True)
    dob_precision = models.CharField(
        _("precision of date of birth"),
        max_length=12,
        choices=DatePrecision.choices,
        default=DatePrecision.FULL,
    )
    dob_is_placeholder = models.BooleanField(
        _("placeholder date"),
        default=False,
        help_text=_("The day and month are a registration placeholder (such as 1 January)."),
    )
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    nationality = models.CharField(
        _("nationality"), max_length=3, blank=True, help_text=_("ISO 3166-1 alpha-3 code")
    )
    languages = models.CharField(_("languages"), max_length=200, blank=True)
    photo = models.FileField(_("photo"), upload_to="photos/", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("identity record")
        verbose_name_plural = _("identity records")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "v_number"],
                condition=~models.Q(v_number=""),
                name="identity_v_number_unique_per_org",
            ),
            models.UniqueConstraint(
                fields=["organisation", "org_number"],
                condition=~models.Q(org_number=""),
                name="identity_org_number_unique_per_org",
            ),
        ]
        indexes = [
            models.Index(fields=["v_number"], name="identity_v_number_idx"),
            models.Index(fields=["org_number"], name="identity_org_number_idx"),
            models.Index(fields=["person", "organisation"], name="identity_person_org_idx"),
            models.Index(fields=["date_of_birth"], name="identity_dob_idx"),
            # Nationality and (partial) date of birth without a name: the range
            # of one nationality's dates, persons included (index-only).
            models.Index(
                fields=["nationality", "date_of_birth"],
                include=["person"],
                name="identity_nationality_dob_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.family_name}, {self.given_names}".strip(", ")

    @property
    def display_name(self) -> str:
        return " ".join(p for p in (self.given_names, self.family_name) if p) or "—"


class Alias(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="aliases")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT)
    name = models.CharField(_("alias"), max_length=200)
    search_name = models.CharField(max_length=400, blank=True, db_index=True, editable=False)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_at", "id"]
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")


class DocumentAuthenticity(models.TextChoices):
    NOT_ASSESSED = "not_assessed", _("not assessed")
    GENUINE = "genuine", _("genuine")
    FALSE = "false", _("false or falsified")
    DOUBT = "doubt", _("in doubt")


class IdentityDocument(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="documents")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT)
    document_type = models.CharField(_("document type"), max_length=60)
    number = models.CharField(_("document number"), max_length=60)
    issuing_country = models.CharField(_("issuing country"), max_length=3)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    authenticity = models.CharField(
        _("authenticity"),
        max_length=20,
        choices=DocumentAuthenticity.choices,
        default=DocumentAuthenticity.NOT_ASSESSED,
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_at", "id"]
        verbose_name = _("identity document")
        verbose_name_plural = _("identity documents")


class RegisteredAs(models.TextChoices):
    ADULT = "adult", _("adult")
    MINOR = "minor", _("minor")


class EurodacHit(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="eurodac_hits")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT)
    member_state = models.CharField(_("member state"), max_length=3)
    hit_date = models.DateField(_("date"))
    category = models.PositiveSmallIntegerField(
        _("category"),
        choices=[(1, "1"), (2, "2"), (3, "3")],
        help_text=_("1: asylum application, 2: irregular border crossing, 3: illegal stay"),
    )
    registered_as = models.CharField(_("registered as"), max_length=5, choices=RegisteredAs.choices)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["hit_date", "id"]
        verbose_name = _("Eurodac hit")
        verbose_name_plural = _("Eurodac hits")


class ForeignReference(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="foreign_references")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT)
    partner = models.CharField(
        _("partner"), max_length=80, help_text=_("e.g. SIS, Europol, UK NCA")
    )
    reference = models.CharField(_("reference"), max_length=120)
    note = models.TextField(_("note"), blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_at", "id"]
        verbose_name = _("foreign reference")
        verbose_name_plural = _("foreign references")


class AsylumStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    GRANTED = "granted", _("granted")
    REJECTED = "rejected", _("rejected")
    WITHDRAWN = "withdrawn", _("withdrawn")


class AsylumApplication(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="asylum_applications")
    applied_on = models.DateField(_("date of application"))
    status = models.CharField(_("status"), max_length=12, choices=AsylumStatus.choices)
    recorded_at = models.DateTimeField(auto_now_add=True)
    # Who recorded it (IND in practice); nullable because bulk imports predate it.
    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )

    class Meta:
        ordering = ["applied_on", "id"]
        verbose_name = _("asylum application")
        verbose_name_plural = _("asylum applications")


class AgeOutcome(models.TextChoices):
    MINOR = "minor", _("minor")
    ADULT = "adult", _("adult")
    DOUBT = "doubt", _("doubt")


class AgeInspection(models.Model):
    """Leeftijdsschouw by an IND and an AVIM officer."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="age_inspections")
    inspected_on = models.DateField(_("date of inspection"))
    ind_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("IND officer"),
    )
    avim_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("AVIM officer"),
    )
    outcome = models.CharField(_("outcome"), max_length=5, choices=AgeOutcome.choices)
    on_arrival_without_asylum = models.BooleanField(
        _("on arrival day, no asylum application"),
        default=False,
        help_text=_("Inspection of a claimed minor who did not apply for asylum (Ter Apel)."),
    )
    place = models.CharField(_("place"), max_length=100, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["inspected_on", "id"]
        verbose_name = _("age inspection")
        verbose_name_plural = _("age inspections")


class AgeInvestigation(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="age_investigations")
    started_on = models.DateField(_("started on"))
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"),
        max_length=5,
        blank=True,
        choices=[
            (AgeOutcome.MINOR, AgeOutcome.MINOR.label),
            (AgeOutcome.ADULT, AgeOutcome.ADULT.label),
        ],
    )
    note = models.TextField(_("note"), blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )

    class Meta:
        ordering = ["started_on", "id"]
        verbose_name = _("age investigation")
        verbose_name_plural = _("age investigations")


class Guardianship(models.Model):
    """Nidos guardianship (voogdij) of a minor."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="guardianships")
    voogd = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="wards",
        verbose_name=_("guardian"),
    )
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(_("reason for ending"), max_length=200, blank=True)

    class Meta:
        ordering = ["started_on", "id"]
        verbose_name = _("guardianship")
        verbose_name_plural = _("guardianships")
        indexes = [models.Index(fields=["voogd", "ended_on"], name="guardianship_voogd_idx")]


_POSTING_CARRIES = [
    "identity_record",
    "alias",
    "date_of_birth",
    "dob_precision",
    "dob_is_placeholder",
    "nationality",
]


class NameToken(models.Model):
    """One folded name token of one identity record or alias: the name search's postings.

    Derived data, never edited by hand: `name_index` writes it whenever the
    service writes a record's or alias's `search_name` (and the demo loader and
    `manage.py rebuild_name_tokens` in bulk). Exactly one of `identity_record`
    and `alias` is set.

    `person_id` is a copy of that record's or alias's person, so a search reads
    postings in person order without touching the records. It is deliberately
    not a foreign key to Person: whoever re-points a record or alias to another
    person (a linkage merge or split moves every person relation generically)
    moves its postings with it through a database trigger (migration 0004), and
    the postings themselves are never a person relation of their own.

    A record's posting also copies what search filters a name by (date of birth
    with its precision, nationality; same field names as on the record, so one
    filter fits both): the filter then reads the index, not three million
    records. An alias has none of these (empty).
    """

    token = models.CharField(max_length=200)
    person_id = models.BigIntegerField()
    identity_record = models.ForeignKey(
        IdentityRecord, null=True, on_delete=models.CASCADE, db_index=False, related_name="+"
    )
    alias = models.ForeignKey(
        Alias, null=True, on_delete=models.CASCADE, db_index=False, related_name="+"
    )
    date_of_birth = models.DateField(null=True)
    dob_precision = models.CharField(max_length=12, blank=True, default="")
    dob_is_placeholder = models.BooleanField(default=False)
    nationality = models.CharField(max_length=3, blank=True, default="")

    # The columns a search reads from an index-only scan.
    COPIED_FROM_RECORD = ("date_of_birth", "dob_precision", "dob_is_placeholder", "nationality")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(identity_record__isnull=True, alias__isnull=False)
                | models.Q(identity_record__isnull=False, alias__isnull=True),
                name="name_token_one_source",
            )
        ]
        indexes = [
            # A rare token: its postings in person order. The source and the
            # filter columns ride along (PostgreSQL), so scans are index-only.
            models.Index(
                fields=["token", "person_id"],
                include=_POSTING_CARRIES,
                name="name_token_person_idx",
            ),
            # A common token or prefix (most persons have one): persons newest
            # first, each with its tokens; and "does this person's record also
            # carry that token" probes, one b-tree descent whatever the prefix.
            models.Index(
                fields=["person_id", "token"],
                include=_POSTING_CARRIES,
                name="name_token_by_person_idx",
            ),
            # Maintenance: replacing the postings of one record or alias.
            models.Index(
                fields=["identity_record"],
                condition=models.Q(identity_record__isnull=False),
                name="name_token_record_idx",
            ),
            models.Index(
                fields=["alias"],
                condition=models.Q(alias__isnull=False),
                name="name_token_alias_idx",
            ),
        ]


class NameTokenVocabulary(models.Model):
    """The distinct name tokens with their number of postings.

    Small (tens of thousands of rows at chain scale): prefix and misspelling
    lookups run here, never on the postings or the records. `frequency` picks
    the rarest query token to start from; it may lag (a hint, not a count).
    """

    token = models.CharField(max_length=200, primary_key=True)
    frequency = models.IntegerField(default=0)
