"""The wording of the derived age status ("treated as minor: yes, because ...")."""

from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .age import AgeStatus, Minor, Rule

LABELS = {
    Minor.YES: gettext_lazy("treated as minor"),
    Minor.NO: gettext_lazy("treated as adult"),
    Minor.UNDETERMINED: gettext_lazy("age undetermined"),
}
ANSWERS = {
    Minor.YES: gettext_lazy("yes"),
    Minor.NO: gettext_lazy("no"),
    Minor.UNDETERMINED: gettext_lazy("undetermined"),
}
BADGE = {Minor.YES: "ok", Minor.NO: "", Minor.UNDETERMINED: "warn"}


def _d(value: str | None) -> str:
    if not value:
        return ""
    return date_format(date.fromisoformat(value), "j F Y")


def reason(status: AgeStatus) -> str:
    """Why, in one sentence, in the active language."""
    f = status.facts
    texts = {
        Rule.INVESTIGATION_ADULT: _("The age investigation concluded on %(date)s: adult."),
        Rule.INVESTIGATION_MINOR: _("The age investigation concluded on %(date)s: minor."),
        Rule.INVESTIGATION_MINOR_NOW_ADULT: _(
            "The age investigation of %(date)s found a minor, who turned 18 on %(turned_18)s "
            "by the claimed date of birth."
        ),
        Rule.INVESTIGATION_OPEN: _(
            "An age investigation is running since %(date)s; until it concludes the person "
            "gets the benefit of the doubt."
        ),
        Rule.INSPECTION_ADULT: _("The leeftijdsschouw of %(date)s found an evident adult."),
        Rule.INSPECTION_MINOR: _("The leeftijdsschouw of %(date)s found a minor."),
        Rule.INSPECTION_MINOR_NOW_ADULT: _(
            "The leeftijdsschouw of %(date)s found a minor, who turned 18 on %(turned_18)s "
            "by the claimed date of birth."
        ),
        Rule.INSPECTION_DOUBT_EURODAC_ADULT: _(
            "The leeftijdsschouw of %(date)s ended in doubt; an earlier Eurodac registration "
            "as an adult settles it without an age investigation."
        ),
        Rule.INSPECTION_DOUBT_NO_INVESTIGATION: _(
            "The leeftijdsschouw of %(date)s ended in doubt and no age investigation has "
            "started yet."
        ),
        Rule.CLAIMED_MINOR: _(
            "Claimed minor (18 on %(turns_18)s at the earliest); no leeftijdsschouw yet."
        ),
        Rule.CLAIMED_ADULT: _("Claimed date of birth: 18 or older since %(turned_18)s."),
        Rule.CLAIMED_MINOR_EURODAC_ADULT: _(
            "Claimed minor, but registered as an adult in Eurodac; a leeftijdsschouw is needed."
        ),
        Rule.CLAIMS_DISAGREE: _(
            "The claimed dates of birth disagree (%(organisations)s); a leeftijdsschouw is needed."
        ),
        Rule.CLAIM_STRADDLES_18: _(
            "The claimed date of birth is too imprecise to tell whether the person is 18 yet."
        ),
        Rule.NOTHING_KNOWN: _("No date of birth, leeftijdsschouw or age investigation known."),
    }
    params = {
        "date": _d(f.get("date")),
        "turned_18": _d(f.get("turned_18")),
        "turns_18": _d(f.get("turns_18")),
        "organisations": f.get("organisations", ""),
    }
    return texts[status.rule] % params


def label(status: AgeStatus) -> str:
    return str(LABELS[status.minor])


def answer(status: AgeStatus) -> str:
    return str(ANSWERS[status.minor])
