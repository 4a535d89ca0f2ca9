from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import LocationType, Measure, RiskLevel
from .services import END_REASONS

DATETIME = {"type": "datetime-local"}


class LocationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    location_type = forms.ChoiceField(label=_("Type"), choices=LocationType.choices)
    capacity = forms.IntegerField(label=_("Capacity"), min_value=1)
    municipality = forms.CharField(label=_("Municipality"), max_length=100, required=False)
    police_region = forms.ModelChoiceField(label=_("Police region"), queryset=None)
    reporting_times = forms.CharField(
        label=_("Reporting moments"),
        required=False,
        max_length=100,
        help_text=_("Times of day, e.g. 09:00,21:00. Empty: the default for the type."),
    )
    contact_person = forms.ModelChoiceField(
        label=_("Contact person trafficking/smuggling"), queryset=None, required=False
    )

    def __init__(self, *args, regions=None, contacts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["police_region"].queryset = regions
        self.fields["contact_person"].queryset = contacts


class PlacementForm(forms.Form):
    location = forms.ModelChoiceField(label=_("Location"), queryset=None)
    planned_arrival = forms.DateTimeField(
        label=_("Planned arrival"), widget=forms.DateTimeInput(attrs=DATETIME)
    )
    confirm_over_capacity = forms.BooleanField(
        label=_("Place the person even though the location is full"), required=False
    )

    def __init__(self, *args, locations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = locations


class ReceiveForm(forms.Form):
    identifier = forms.CharField(label=_("V-number or COA number"), max_length=40)
    planned_arrival = forms.DateTimeField(
        label=_("Planned arrival"), widget=forms.DateTimeInput(attrs=DATETIME)
    )
    confirm_over_capacity = forms.BooleanField(
        label=_("Place the person even though the location is full"), required=False
    )


class TransferForm(forms.Form):
    to_location = forms.ModelChoiceField(label=_("To location"), queryset=None)
    planned_arrival = forms.DateTimeField(
        label=_("Planned arrival"), widget=forms.DateTimeInput(attrs=DATETIME)
    )
    confirm_over_capacity = forms.BooleanField(
        label=_("Transfer even though the destination is full"), required=False
    )

    def __init__(self, *args, locations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_location"].queryset = locations


class EndPlacementForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason"), choices=[(value, _(label)) for value, label in END_REASONS.choices]
    )
    ended_at = forms.DateTimeField(
        label=_("Ended at"),
        required=False,
        widget=forms.DateTimeInput(attrs=DATETIME),
        help_text=_("Empty: now."),
    )


class RiskAssessmentForm(forms.Form):
    assessed_on = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}), initial=timezone.localdate
    )
    level = forms.ChoiceField(label=_("Level"), choices=RiskLevel.choices)
    explanation = forms.CharField(label=_("Explanation"), widget=forms.Textarea)
    review_on = forms.DateField(
        label=_("Review date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    measures = forms.MultipleChoiceField(
        label=_("Measures"),
        choices=Measure.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    reporting_per_day = forms.IntegerField(
        label=_("Reporting moments per day"),
        required=False,
        min_value=1,
        max_value=8,
        help_text=_("Only with the measure reporting duty; empty: the location's moments."),
    )

    def __init__(self, *args, factors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.factor_fields = []
        for factor in factors:
            chosen = forms.BooleanField(
                label=factor.label, required=False, help_text=factor.explanation
            )
            why = forms.CharField(
                label=_("Why this factor applies"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"factor_{factor.pk}"] = chosen
            self.fields[f"why_{factor.pk}"] = why
            self.factor_fields.append((factor, f"factor_{factor.pk}", f"why_{factor.pk}"))

    def chosen_factors(self):
        return [
            (factor, self.cleaned_data.get(why, ""))
            for factor, chosen, why in self.factor_fields
            if self.cleaned_data.get(chosen)
        ]


class RiskFactorForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=50)
    label_nl = forms.CharField(label=_("Label (Dutch)"), max_length=200)
    label_en = forms.CharField(label=_("Label (English)"), max_length=200)
    explanation = forms.CharField(label=_("Explanation"), widget=forms.Textarea)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)
