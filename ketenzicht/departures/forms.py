"""Forms of the departure pages: one per step, plus opening, proposals, filters and figures.

Forms only parse input; the services validate the rules and return field errors,
which `apply_service_errors` puts next to the fields.
"""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ketenzicht.core.forms import apply_service_errors  # noqa: F401 (used by this app's views)

from .models import (
    Classification,
    DepartureStatus,
    Outcome,
    PoliceFollowUp,
    ReappearanceChannel,
    ReappearanceKind,
)
from .workflow import Step

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M"]


def _moment(label, required=True, help_text=""):
    return forms.DateTimeField(
        label=label,
        required=required,
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=help_text,
    )


NOTE = _("Note")


def _note(label=NOTE, required=False):
    return forms.CharField(
        label=label, required=required, widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )


class _Versioned(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class OpenCaseForm(forms.Form):
    detected_at = _moment(
        _("Departure detected at"), help_text=_("When the person was found to be gone.")
    )
    return_process = forms.BooleanField(label=_("In the return process (DT&V)"), required=False)
    asylum_affected = forms.BooleanField(
        label=_("Asylum procedure affected (inform the IND)"), required=False
    )
    circumstances = _note(_("Circumstances"))


class ReportToPoliceForm(_Versioned):
    reported_at = _moment(_("Reported to the police at"))
    police_reference = forms.CharField(label=_("Police reference"), required=False, max_length=60)
    note = _note()


class InformGuardianForm(_Versioned):
    informed_at = _moment(_("Guardian informed at"))
    note = _note()


class NoteForm(_Versioned):
    note = _note()


class MissingPersonReportForm(_Versioned):
    reference = forms.CharField(label=_("Missing-person report number"), max_length=60)
    follow_up = forms.ChoiceField(label=_("Follow-up"), choices=PoliceFollowUp.choices)
    trafficking_sign = forms.BooleanField(
        label=_("There are signs of trafficking or smuggling"), required=False
    )
    note = _note(_("Note (required with signs of trafficking or smuggling)"))


class ClassifyForm(_Versioned):
    classification = forms.ChoiceField(
        label=_("Classification"), choices=Classification.choices, widget=forms.RadioSelect
    )
    evidence = forms.CharField(
        label=_("Evidence"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        help_text=_("What the classification rests on: contact, documents, statements."),
    )
    known_destination = forms.CharField(
        label=_("Known destination"),
        required=False,
        max_length=200,
        help_text=_("Required for a known destination: where the minor is and with whom."),
    )


class GuardianshipTransferForm(_Versioned):
    transferred_to = forms.CharField(
        label=_("Guardianship transferred to"),
        max_length=200,
        help_text=_("The guardian or authority that took over, and the country."),
    )
    note = _note()


class TraffickingSignForm(_Versioned):
    note = _note(_("What was seen or heard"), required=True)


class ReappearanceForm(_Versioned):
    kind = forms.ChoiceField(label=_("How the person reappeared"), choices=ReappearanceKind.choices)
    channel = forms.ChoiceField(
        label=_("Reported through (member state)"),
        choices=[("", "—"), *ReappearanceChannel.choices],
        required=False,
    )
    reappeared_at = _moment(_("Reappeared at"))
    detail = forms.CharField(label=_("Where and how"), max_length=300)


class CloseForm(_Versioned):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    note = _note(_("Explanation of the outcome"))


class ReopenForm(_Versioned):
    detected_at = _moment(_("Departed again at"))
    note = _note(_("Reason for reopening"), required=True)


STEP_FORMS: dict[str, type[forms.Form]] = {
    Step.REPORT_TO_POLICE: ReportToPoliceForm,
    Step.INFORM_GUARDIAN: InformGuardianForm,
    Step.ACKNOWLEDGE: NoteForm,
    Step.RECORD_MISSING_PERSON_REPORT: MissingPersonReportForm,
    Step.CLASSIFY: ClassifyForm,
    Step.REGISTER_GUARDIANSHIP_TRANSFER: GuardianshipTransferForm,
    Step.INFORM_POLICE_CLOSURE: NoteForm,
    Step.REGISTER_DTV_DEPARTURE: NoteForm,
    Step.INFORM_IND: NoteForm,
    Step.RECORD_TRAFFICKING_SIGN: TraffickingSignForm,
    Step.RECORD_REAPPEARANCE: ReappearanceForm,
    Step.CLOSE: CloseForm,
    Step.REOPEN: ReopenForm,
}


def step_form(step: str, case, data=None) -> forms.Form:
    now = timezone.localtime().replace(second=0, microsecond=0)
    initial = {"version": case.version}
    for name in ("reported_at", "informed_at", "reappeared_at", "detected_at"):
        initial[name] = now
    return STEP_FORMS[step](data, initial=initial, prefix=step)


class DismissForm(forms.Form):
    note = _note(_("Why this is not a departure"), required=True)


class ConfirmForm(forms.Form):
    note = _note(_("Circumstances"))


class CaseFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("all")), *DepartureStatus.choices]
    )
    classification = forms.ChoiceField(
        label=_("Classification"),
        required=False,
        choices=[("", _("all")), *Classification.choices, ("none", _("not classified yet"))],
    )
    bo_only = forms.BooleanField(label=_("Only departures from BO"), required=False)
    overdue_only = forms.BooleanField(label=_("Only with overdue steps"), required=False)


class PeriodForm(forms.Form):
    start = forms.DateField(
        label=_("From"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end = forms.DateField(
        label=_("To"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    MAX_DAYS = 3 * 366

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                self.add_error("end", _("The end lies before the start."))
            elif (end - start) > timedelta(days=self.MAX_DAYS):
                self.add_error("end", _("Choose a period of at most three years."))
        return data
