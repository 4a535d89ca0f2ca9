"""The audit search form: parses filters; the selectors apply them."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .events import AuditAction
from .selectors import EventFilters, object_kind_choices

DATE_RANGE_INVERTED = _("The end date is before the start date.")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class AuditSearchForm(forms.Form):
    actor = forms.CharField(
        label=_("Username"),
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
    )
    person = forms.CharField(
        label=_("Person number or pseudonym"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    object_kind = forms.ChoiceField(label=_("Kind of information"), required=False)
    action = forms.ChoiceField(label=_("Action"), required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("Up to and including"), required=False, widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["object_kind"].choices = [("", _("All kinds")), *object_kind_choices()]
        self.fields["action"].choices = [("", _("All actions")), *AuditAction.choices]

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", ValidationError(DATE_RANGE_INVERTED))
        return data

    def filters(self) -> EventFilters:
        data = self.cleaned_data
        return EventFilters(
            actor=data.get("actor", "").strip(),
            person=data.get("person", "").strip(),
            object_kind=data.get("object_kind", ""),
            action=data.get("action", ""),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
