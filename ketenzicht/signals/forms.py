from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .grading import HandlingCode, InformationValidity, SourceReliability, Tlp
from .models import AssessmentOutcome, Category, EntityKind, Sector
from .selectors import active_categories

DATE_IN_FUTURE = _("This date is in the future.")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Category) -> str:
        return f"{obj.parent} – {obj}" if obj.parent_id else str(obj)


class _SignalFields(forms.Form):
    category = CategoryChoiceField(queryset=Category.objects.none(), label=_("What is it about?"))
    description = forms.CharField(
        label=_("What did you see or hear?"),
        widget=forms.Textarea,
        help_text=_("Describe what happened, who was involved and why it worries you."),
        max_length=10000,
    )
    occurred_on = forms.DateField(
        label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    place = forms.CharField(label=_("Place"), required=False, max_length=200)
    files = MultipleFileField(
        label=_("Attachments"),
        required=False,
        help_text=_("At most 5 files of 10 MB: PDF, photo (JPEG, PNG, GIF) or text."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = active_categories()

    def clean_occurred_on(self):
        value = self.cleaned_data.get("occurred_on")
        if value and value > timezone.localdate():
            raise forms.ValidationError(DATE_IN_FUTURE)
        return value

    def clean_files(self):
        files = self.cleaned_data.get("files") or []
        if len(files) > 5:
            raise forms.ValidationError(_("At most 5 files."))
        return files


class PublicSignalForm(_SignalFields):
    passphrase = forms.CharField(
        label=_("Choose a passphrase"),
        widget=forms.PasswordInput(render_value=True),
        min_length=10,
        max_length=200,
        help_text=_(
            "With the receipt code you will get and this passphrase you can follow "
            "your report later. Nobody else can see it."
        ),
    )
    # Honeypot: invisible to people (CSS), tempting to bots. Filled in → refused.
    website = forms.CharField(label=_("Leave this field empty"), required=False)


ITEM_TYPES = [
    ("inflatable_boat", _("inflatable boat")),
    ("outboard_motor", _("outboard motor")),
    ("life_vests", _("life vests")),
    ("fuel_jerrycans", _("fuel jerrycans")),
    ("other", _("other")),
]
PAYMENT_METHODS = [
    ("cash", _("cash")),
    ("card", _("bank card")),
    ("transfer", _("bank transfer")),
    ("crypto", _("crypto currency")),
    ("other", _("other")),
]


class MaritimeSignalForm(PublicSignalForm):
    """The maritime sector's variant: a suspicious purchase."""

    item_types = forms.MultipleChoiceField(
        label=_("What was bought?"), choices=ITEM_TYPES, widget=forms.CheckboxSelectMultiple
    )
    quantities = forms.CharField(
        label=_("How many?"), max_length=200, help_text=_("e.g. 2 boats, 1 motor of 40 hp")
    )
    payment_method = forms.ChoiceField(label=_("Payment method"), choices=PAYMENT_METHODS)
    vehicle_plate = forms.CharField(
        label=_("Vehicle and licence plate"), required=False, max_length=100
    )
    buyer_description = forms.CharField(
        label=_("Description of the buyer(s)"),
        widget=forms.Textarea,
        required=False,
        max_length=2000,
    )
    stated_destination = forms.CharField(
        label=_("Destination the buyer mentioned"), required=False, max_length=200
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The category is known: preparatory acts with vessels and equipment.
        del self.fields["category"]
        self.fields["description"].label = _("What happened during the purchase?")
        self.order_fields(
            [
                "item_types",
                "quantities",
                "payment_method",
                "vehicle_plate",
                "buyer_description",
                "stated_destination",
                "occurred_on",
                "place",
                "description",
                "files",
                "passphrase",
                "website",
            ]
        )

    def details(self) -> dict:
        keys = (
            "item_types",
            "quantities",
            "payment_method",
            "vehicle_plate",
            "buyer_description",
            "stated_destination",
        )
        return {k: self.cleaned_data.get(k) for k in keys}


class ReceiptLookupForm(forms.Form):
    code = forms.CharField(
        label=_("Receipt code"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    passphrase = forms.CharField(label=_("Passphrase"), widget=forms.PasswordInput, max_length=200)


class PublicAdditionForm(forms.Form):
    text = forms.CharField(
        label=_("Additional information"), widget=forms.Textarea, max_length=10000
    )
    files = MultipleFileField(label=_("Attachments"), required=False)


class ProfessionalSignalForm(_SignalFields):
    sector = forms.ChoiceField(label=_("Sector"), choices=Sector.choices, required=False)


class TriageForm(forms.Form):
    source_reliability = forms.ChoiceField(
        label=_("Source reliability"), choices=SourceReliability.choices
    )
    information_validity = forms.ChoiceField(
        label=_("Information validity"), choices=InformationValidity.choices
    )
    handling_code = forms.ChoiceField(label=_("Handling code"), choices=HandlingCode.choices)
    tlp = forms.ChoiceField(label=_("TLP"), choices=Tlp.choices, initial=Tlp.AMBER)
    version = forms.IntegerField(widget=forms.HiddenInput)


class EntityLinkForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=EntityKind.choices)
    value = forms.CharField(
        label=_("Value"),
        max_length=300,
        help_text=_(
            "Phone number, licence plate, IBAN, address, vessel or "
            "profile (platform and handle or address)."
        ),
    )
    country = forms.CharField(
        label=_("Country of the plate"),
        required=False,
        max_length=3,
        help_text=_("For licence plates, e.g. NL, FR, GB."),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=200)


class AssessmentForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=AssessmentOutcome.choices, widget=forms.RadioSelect
    )
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea, required=False)
    investigation = forms.ModelChoiceField(
        label=_("Existing investigation"), required=False, queryset=None
    )
    new_investigation_name = forms.CharField(
        label=_("Name of the new investigation"), required=False, max_length=120
    )
    team = forms.ModelChoiceField(
        label=_("Team of the new investigation"), required=False, queryset=None
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, investigations=None, teams=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["investigation"].queryset = investigations
        self.fields["team"].queryset = teams


class CategoryForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=50)
    label_nl = forms.CharField(label=_("Label (Dutch)"), max_length=120)
    label_en = forms.CharField(label=_("Label (English)"), max_length=120)
    parent = forms.ModelChoiceField(
        label=_("Main category"),
        required=False,
        queryset=None,
        help_text=_("Leave empty for a main category."),
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, parents=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parents
