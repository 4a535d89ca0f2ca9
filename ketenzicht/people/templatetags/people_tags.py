"""Display helpers for person data: age status, partial dates of birth, countries."""

from django import template
from django.utils.translation import gettext as _

from ketenzicht.people import age_text, countries
from ketenzicht.people.models import DatePrecision

register = template.Library()


@register.filter
def age_label(status) -> str:
    return age_text.label(status)


@register.filter
def age_reason(status) -> str:
    return age_text.reason(status)


@register.filter
def age_badge(status) -> str:
    return age_text.BADGE[status.minor]


@register.filter
def country(code) -> str:
    return countries.name(code) if code else ""


@register.filter
def claimed_dob(record) -> str:
    """The date of birth at the precision it was claimed, placeholders marked."""
    dob = record.date_of_birth
    if dob is None or record.dob_precision == DatePrecision.UNKNOWN:
        return _("unknown")
    if record.dob_precision == DatePrecision.YEAR:
        text = f"{dob.year}"
    elif record.dob_precision == DatePrecision.YEAR_MONTH:
        text = f"{dob.month:02d}-{dob.year}"
    else:
        text = f"{dob.day:02d}-{dob.month:02d}-{dob.year}"
    if record.dob_is_placeholder:
        text = _("%(date)s (placeholder)") % {"date": text}
    return text
