"""Is this person treated as a minor, and why? A pure function over plain facts.

No database, no clock, no Django: the caller passes the claimed dates of birth,
the age inspections (leeftijdsschouw), the age investigations, whether Eurodac
holds an adult registration, and today's date. The result carries a stable
rule code (what the tests and the API key on) and the facts behind it; the
wording lives in `age_text.py`.

The rules, in order of precedence (the first that applies decides):

1. A concluded age investigation decides: adult -> no; minor -> yes, until the
   claimed date of birth shows the person has turned 18.
2. An open age investigation: yes, the benefit of the doubt while it runs.
3. The latest age inspection decides:
   adult -> no; minor -> yes (until 18 by the claimed date of birth);
   doubt -> no when Eurodac holds an adult registration (that settles the doubt
   without an investigation); otherwise undetermined until an investigation starts.
4. No inspection: the claimed dates of birth decide. All claims minor -> yes
   (not yet inspected); all adult -> no; claims that disagree, or a date whose
   precision straddles the 18th birthday -> undetermined. A claimed minor with an
   adult Eurodac registration and no inspection -> undetermined (inspect).
5. Nothing known -> undetermined.

Dates with year or year-month precision, and placeholder dates (1 January),
cover a range of possible birthdays: a claim says "minor" only while even the
*earliest* possible 18th birthday is ahead, and "adult" only once even the
*latest* possible 18th birthday has passed; in between it says nothing certain.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

ADULT_AGE = 18


class Minor(StrEnum):
    YES = "yes"
    NO = "no"
    UNDETERMINED = "undetermined"


class Precision(StrEnum):
    # Same values as models.DatePrecision, repeated so this module stays pure.
    FULL = "full"
    YEAR_MONTH = "year_month"
    YEAR = "year"
    UNKNOWN = "unknown"


class Rule(StrEnum):
    INVESTIGATION_ADULT = "investigation_adult"
    INVESTIGATION_MINOR = "investigation_minor"
    INVESTIGATION_MINOR_NOW_ADULT = "investigation_minor_now_adult"
    INVESTIGATION_OPEN = "investigation_open"
    INSPECTION_ADULT = "inspection_adult"
    INSPECTION_MINOR = "inspection_minor"
    INSPECTION_MINOR_NOW_ADULT = "inspection_minor_now_adult"
    INSPECTION_DOUBT_EURODAC_ADULT = "inspection_doubt_eurodac_adult"
    INSPECTION_DOUBT_NO_INVESTIGATION = "inspection_doubt_no_investigation"
    CLAIMED_MINOR = "claimed_minor"
    CLAIMED_ADULT = "claimed_adult"
    CLAIMED_MINOR_EURODAC_ADULT = "claimed_minor_eurodac_adult"
    CLAIMS_DISAGREE = "claims_disagree"
    CLAIM_STRADDLES_18 = "claim_straddles_18"
    NOTHING_KNOWN = "nothing_known"


@dataclass(frozen=True)
class Claim:
    """A date of birth as one organisation recorded it."""

    dob: date | None
    precision: str = Precision.FULL
    placeholder: bool = False
    organisation: str = ""


@dataclass(frozen=True)
class Inspection:
    on: date
    outcome: str  # "minor" | "adult" | "doubt"


@dataclass(frozen=True)
class Investigation:
    started_on: date
    concluded_on: date | None = None
    outcome: str = ""  # "minor" | "adult" | "" while open


@dataclass(frozen=True)
class AgeStatus:
    minor: Minor
    rule: Rule
    # The facts behind the rule, for the explanation (dates as ISO strings).
    facts: dict[str, str] = field(default_factory=dict)

    @property
    def is_minor(self) -> bool | None:
        return {Minor.YES: True, Minor.NO: False}.get(self.minor)


def _add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February in a non-leap year: the day after 28 February
        return date(d.year + years, 3, 1)


def birth_range(claim: Claim) -> tuple[date, date] | None:
    """Earliest and latest possible birthday for a claim, or None if unknown."""
    if claim.dob is None or claim.precision == Precision.UNKNOWN:
        return None
    d = claim.dob
    precision = claim.precision
    if claim.placeholder:
        # A placeholder day and month say nothing beyond the year.
        precision = Precision.YEAR
    if precision == Precision.YEAR:
        return date(d.year, 1, 1), date(d.year, 12, 31)
    if precision == Precision.YEAR_MONTH:
        last = calendar.monthrange(d.year, d.month)[1]
        return date(d.year, d.month, 1), date(d.year, d.month, last)
    return d, d


def eighteenth_birthday(claim: Claim) -> tuple[date, date] | None:
    span = birth_range(claim)
    if span is None:
        return None
    return _add_years(span[0], ADULT_AGE), _add_years(span[1], ADULT_AGE)


def claim_minor(claim: Claim, today: date) -> Minor | None:
    """What one claim says today; None when it says nothing."""
    turns = eighteenth_birthday(claim)
    if turns is None:
        return None
    earliest, latest = turns
    if today < earliest:
        return Minor.YES
    if today >= latest:
        return Minor.NO
    return Minor.UNDETERMINED


def _turned_18(claims: Sequence[Claim], today: date) -> str | None:
    """The date the person turned 18 if every dated claim agrees they have."""
    verdicts = [(c, claim_minor(c, today)) for c in claims]
    dated = [(c, v) for c, v in verdicts if v is not None]
    if dated and all(v == Minor.NO for _, v in dated):
        latest = max(eighteenth_birthday(c)[1] for c, _ in dated)  # type: ignore[index]
        return latest.isoformat()
    return None


def derive_age_status(
    *,
    claims: Sequence[Claim],
    inspections: Sequence[Inspection] = (),
    investigations: Sequence[Investigation] = (),
    eurodac_adult: bool = False,
    today: date,
) -> AgeStatus:
    # 1-2. Age investigation.
    concluded = [i for i in investigations if i.concluded_on and i.outcome]
    if concluded:
        last = max(concluded, key=lambda i: (i.concluded_on, i.started_on))
        facts = {"date": last.concluded_on.isoformat()}  # type: ignore[union-attr]
        if last.outcome == "adult":
            return AgeStatus(Minor.NO, Rule.INVESTIGATION_ADULT, facts)
        turned = _turned_18(claims, today)
        if turned:
            return AgeStatus(
                Minor.NO, Rule.INVESTIGATION_MINOR_NOW_ADULT, {**facts, "turned_18": turned}
            )
        return AgeStatus(Minor.YES, Rule.INVESTIGATION_MINOR, facts)
    open_ = [i for i in investigations if not i.concluded_on]
    if open_:
        first = min(open_, key=lambda i: i.started_on)
        return AgeStatus(Minor.YES, Rule.INVESTIGATION_OPEN, {"date": first.started_on.isoformat()})

    # 3. Age inspection (leeftijdsschouw): the latest one counts.
    if inspections:
        last_inspection = max(inspections, key=lambda i: i.on)
        facts = {"date": last_inspection.on.isoformat()}
        if last_inspection.outcome == "adult":
            return AgeStatus(Minor.NO, Rule.INSPECTION_ADULT, facts)
        if last_inspection.outcome == "minor":
            turned = _turned_18(claims, today)
            if turned:
                return AgeStatus(
                    Minor.NO, Rule.INSPECTION_MINOR_NOW_ADULT, {**facts, "turned_18": turned}
                )
            return AgeStatus(Minor.YES, Rule.INSPECTION_MINOR, facts)
        if eurodac_adult:
            return AgeStatus(Minor.NO, Rule.INSPECTION_DOUBT_EURODAC_ADULT, facts)
        return AgeStatus(Minor.UNDETERMINED, Rule.INSPECTION_DOUBT_NO_INVESTIGATION, facts)

    # 4. Claimed dates of birth.
    verdicts = [(c, claim_minor(c, today)) for c in claims]
    dated = [(c, v) for c, v in verdicts if v is not None]
    if not dated:
        return AgeStatus(Minor.UNDETERMINED, Rule.NOTHING_KNOWN)
    kinds = {v for _, v in dated}
    if kinds == {Minor.YES}:
        if eurodac_adult:
            return AgeStatus(Minor.UNDETERMINED, Rule.CLAIMED_MINOR_EURODAC_ADULT)
        latest_18 = min(eighteenth_birthday(c)[0] for c, _ in dated)  # type: ignore[index]
        return AgeStatus(Minor.YES, Rule.CLAIMED_MINOR, {"turns_18": latest_18.isoformat()})
    if kinds == {Minor.NO}:
        return AgeStatus(Minor.NO, Rule.CLAIMED_ADULT, {"turned_18": _turned_18(claims, today)})
    if kinds == {Minor.UNDETERMINED}:
        return AgeStatus(Minor.UNDETERMINED, Rule.CLAIM_STRADDLES_18)
    return AgeStatus(
        Minor.UNDETERMINED,
        Rule.CLAIMS_DISAGREE,
        {"organisations": ", ".join(sorted({c.organisation for c, _ in dated if c.organisation}))},
    )
