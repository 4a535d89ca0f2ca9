from django import forms
from django.utils.translation import gettext_lazy as _

from .models import RunKind
from .workflow import DECISIONS

NOTE_MAX = 2000


class DecisionForm(forms.Form):
    """The note field; the decision comes from the button pressed (name="decision")."""

    decision = forms.ChoiceField(
        choices=[(d.value, d.label) for d in DECISIONS], widget=forms.HiddenInput
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What made you decide, e.g. a document, a photo or a statement."),
    )


class SplitForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the split"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why these are two different persons. Recorded in the audit trail."),
    )


class StartRunForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of run"),
        choices=RunKind.choices,
        initial=RunKind.INCREMENTAL,
        widget=forms.RadioSelect,
    )
