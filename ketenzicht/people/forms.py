"""Forms: parse what people type; the services decide what is valid and write it."""

from __future__ import annotations

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from ketenzicht.core.forms import apply_service_errors  # noqa: F401 (used as forms.apply_service_errors)

from . import countries, selectors
from .models import (
    AgeOutcome,
    AsylumStatus,
    DatePrecision,
    DocumentAuthenticity,
    RegisteredAs,
    Sex,
)
from .services import IdentityData, InspectionData

DOB_INVALID = _(
    "Enter a date of birth such as 2008-05-14, 14-05-2008, 2008-05 or 2008, or leave it empty."
)
DOB_QUERY_INVALID = _("Enter a year (2008), a month (2008-05) or a date (14-05-2008).")


class Form(forms.Form):
    """Labels start with a capital on screen; the msgids stay the lower-case field names."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if field.label:
                field.label = capfirst(field.label)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _country_field(label, *, required: bool, help_text="") -> forms.ChoiceField:
    # Choices are computed per form instance so names follow the active language.
    return forms.ChoiceField(label=label, required=required, choices=(), help_text=help_text)


class IdentityForm(Form):
    """One organisation's identity record: names and date of birth as it writes them."""

    family_name = forms.CharField(label=_("family name"), max_length=200, required=False)
    given_names = forms.CharField(label=_("given names"), max_length=200, required=False)
    date_of_birth = forms.CharField(
        label=_("date of birth (as claimed)"),
        required=False,
        max_length=10,
        help_text=_(
            "As claimed: 2008-05-14, 14-05-2008, 2008-05 or 2008. Leave empty when unknown."
        ),
    )
    dob_is_placeholder = forms.BooleanField(
        label=_("the day and month are a placeholder (such as 1 January)"), required=False
    )
    sex = forms.ChoiceField(label=_("sex"), choices=Sex.choices, initial=Sex.UNKNOWN)
    nationality = _country_field(_("nationality"), required=False)
    languages = forms.CharField(
        label=_("languages"),
        max_length=200,
        required=False,
        help_text=_("For example: Vietnamese, Tigrinya, English"),
    )
    org_number = forms.CharField(
        label=_("your organisation's own number"), max_length=40, required=False
    )
    v_number = forms.CharField(
        label=_("V-number"),
        max_length=14,
        required=False,
        help_text=_("10 digits, when known"),
    )
    photo = forms.FileField(
        label=_("photo"), required=False, help_text=_("Optional. JPEG or PNG, at most 5 MB.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nationality"].choices = [("", "—"), *countries.choices()]
        self.fields["date_of_birth"].widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "off"}
        )
        self.fields["family_name"].widget.attrs["autocomplete"] = "off"
        self.fields["given_names"].widget.attrs["autocomplete"] = "off"
        self.fields["photo"].widget.attrs["accept"] = "image/jpeg,image/png"

    def clean_date_of_birth(self) -> tuple[date | None, str]:
        text = self.cleaned_data.get("date_of_birth", "")
        if not text.strip():
            return None, DatePrecision.UNKNOWN
        try:
            query = selectors.parse_dob_query(text)
        except ValueError:
            raise ValidationError(DOB_INVALID) from None
        assert query is not None
        return date(query.year, query.month or 1, query.day or 1), query.precision

    def identity_data(self) -> IdentityData:
        cd = self.cleaned_data
        dob, precision = cd["date_of_birth"]
        return IdentityData(
            given_names=cd["given_names"],
            family_name=cd["family_name"],
            date_of_birth=dob,
            dob_precision=precision,
            dob_is_placeholder=cd["dob_is_placeholder"],
            sex=cd["sex"],
            nationality=cd["nationality"],
            languages=cd["languages"],
            org_number=cd["org_number"],
            v_number=cd["v_number"],
            photo=cd.get("photo") or None,
        )

    @staticmethod
    def initial_from(record) -> dict:
        dob = ""
        if record.date_of_birth and record.dob_precision == DatePrecision.FULL:
            dob = record.date_of_birth.isoformat()
        elif record.date_of_birth and record.dob_precision == DatePrecision.YEAR_MONTH:
            dob = record.date_of_birth.strftime("%Y-%m")
        elif record.date_of_birth and record.dob_precision == DatePrecision.YEAR:
            dob = str(record.date_of_birth.year)
        return {
            "family_name": record.family_name,
            "given_names": record.given_names,
            "date_of_birth": dob,
            "dob_is_placeholder": record.dob_is_placeholder,
            "sex": record.sex,
            "nationality": record.nationality,
            "languages": record.languages,
            "org_number": record.org_number,
            "v_number": record.v_number,
        }


class OfficerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        org = obj.organisation.name if obj.organisation_id else ""
        return f"{obj.get_full_name() or obj.username} ({org})" if org else str(obj)


class InspectionForm(Form):
    inspected_on = forms.DateField(label=_("date of inspection"), widget=DateInput())
    ind_officer = OfficerChoiceField(label=_("IND officer"), queryset=None)
    avim_officer = OfficerChoiceField(label=_("AVIM officer"), queryset=None)
    outcome = forms.ChoiceField(
        label=_("outcome"),
        choices=AgeOutcome.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Doubt starts an age investigation, unless Eurodac shows an adult registration."
        ),
    )
    on_arrival_without_asylum = forms.BooleanField(
        label=_(
            "inspection on the day of arrival of a claimed minor without an asylum application"
        ),
        required=False,
    )
    place = forms.CharField(label=_("place"), max_length=100, required=False)
    note = forms.CharField(
        label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ind_officer"].queryset = selectors.ind_officers()
        self.fields["avim_officer"].queryset = selectors.avim_officers()
        if actor is not None and not self.is_bound:
            # The officer filling in the form is one of the two who inspected.
            if actor.role == "ind_medewerker":
                self.initial.setdefault("ind_officer", actor.pk)
            elif actor.role in ("ir_officer", "avim_rechercheur"):
                self.initial.setdefault("avim_officer", actor.pk)

    def inspection_data(self) -> InspectionData:
        cd = self.cleaned_data
        return InspectionData(**{k: cd[k] for k in InspectionData.__dataclass_fields__})


class RegisterInspectionChoice(Form):
    with_inspection = forms.BooleanField(
        label=_("record the leeftijdsschouw (age inspection) now"), required=False
    )


class AliasForm(Form):
    name = forms.CharField(label=_("alias"), max_length=200)


DOCUMENT_TYPES = (
    ("passport", _("passport")),
    ("id_card", _("identity card")),
    ("birth_certificate", _("birth certificate")),
    ("driving_licence", _("driving licence")),
    ("other", _("other document")),
)


class DocumentForm(Form):
    document_type = forms.ChoiceField(label=_("document type"), choices=DOCUMENT_TYPES)
    number = forms.CharField(label=_("document number"), max_length=60)
    issuing_country = _country_field(_("issuing country"), required=True)
    valid_until = forms.DateField(label=_("valid until"), required=False, widget=DateInput())
    authenticity = forms.ChoiceField(
        label=_("authenticity"),
        choices=DocumentAuthenticity.choices,
        initial=DocumentAuthenticity.NOT_ASSESSED,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuing_country"].choices = [
            ("", "—"),
            *[(c, n) for c, n in countries.choices() if c not in countries.EXTRA_CODES],
        ]


class EurodacHitForm(Form):
    member_state = _country_field(_("member state"), required=True)
    hit_date = forms.DateField(label=_("date"), widget=DateInput())
    category = forms.TypedChoiceField(
        label=_("category"),
        coerce=int,
        choices=[
            (1, _("1: asylum application")),
            (2, _("2: irregular border crossing")),
            (3, _("3: illegal stay")),
        ],
    )
    registered_as = forms.ChoiceField(
        label=_("registered as"), choices=RegisteredAs.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member_state"].choices = [
            ("", "—"),
            *countries.choices(only=countries.EURODAC_STATES),
        ]


class ForeignReferenceForm(Form):
    partner = forms.CharField(
        label=_("partner"), max_length=80, help_text=_("e.g. SIS, Europol, UK NCA")
    )
    reference = forms.CharField(label=_("reference"), max_length=120)
    note = forms.CharField(
        label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class AsylumApplicationForm(Form):
    applied_on = forms.DateField(label=_("date of application"), widget=DateInput())
    status = forms.ChoiceField(
        label=_("status"), choices=AsylumStatus.choices, initial=AsylumStatus.PENDING
    )


class StartInvestigationForm(Form):
    started_on = forms.DateField(label=_("started on"), widget=DateInput())
    note = forms.CharField(
        label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ConcludeInvestigationForm(Form):
    concluded_on = forms.DateField(label=_("concluded on"), widget=DateInput())
    outcome = forms.ChoiceField(
        label=_("outcome"),
        choices=[
            (AgeOutcome.MINOR, AgeOutcome.MINOR.label),
            (AgeOutcome.ADULT, AgeOutcome.ADULT.label),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class GuardianForm(Form):
    voogd = OfficerChoiceField(label=_("guardian (voogd)"), queryset=None)
    started_on = forms.DateField(label=_("started on"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["voogd"].queryset = selectors.voogden()


class EndGuardianshipForm(Form):
    ended_on = forms.DateField(label=_("ended on"), widget=DateInput())
    end_reason = forms.CharField(label=_("reason for ending"), max_length=200)


class SearchForm(Form):
    q = forms.CharField(
        label=_("Name, V-number or organisation number"),
        required=False,
        max_length=200,
    )
    dob = forms.CharField(
        label=_("date of birth"),
        required=False,
        max_length=10,
        help_text=_("2008, 2008-05 or 14-05-2008"),
    )
    nationality = forms.ChoiceField(label=_("nationality"), required=False, choices=())
    location = forms.ModelChoiceField(
        label=_("current location"), required=False, queryset=None, empty_label="—"
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nationality"].choices = [("", "—"), *countries.choices()]
        self.fields["location"].queryset = selectors.visible_locations(user)
        self.fields["q"].widget.attrs.update({"type": "search", "autocomplete": "off"})
        self.fields["q"].widget.input_type = "search"

    def clean_dob(self):
        try:
            return selectors.parse_dob_query(self.cleaned_data.get("dob", ""))
        except ValueError:
            raise ValidationError(DOB_QUERY_INVALID) from None

    def clean_nationality(self):
        value = self.cleaned_data.get("nationality") or ""
        return countries.normalise(value) if value else None

    def search_kwargs(self) -> dict:
        cd = self.cleaned_data
        return {
            "q": cd.get("q", ""),
            "dob": cd.get("dob"),
            "nationality": cd.get("nationality"),
            "location_id": cd["location"].pk if cd.get("location") else None,
        }
