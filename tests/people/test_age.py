"""Every rule of the derived age status, as a table (today is fixed: 15 June 2025)."""

from datetime import date

import pytest

from ketenzicht.people.age import (
    Claim,
    Inspection,
    Investigation,
    Minor,
    Rule,
    birth_range,
    derive_age_status,
)

TODAY = date(2025, 6, 15)
MINOR_DOB = Claim(date(2009, 5, 14), "full")  # 16
ADULT_DOB = Claim(date(2000, 1, 2), "full")  # 25
TURNED_18_YESTERDAY = Claim(date(2007, 6, 14), "full")
TURNS_18_TOMORROW = Claim(date(2007, 6, 16), "full")
YEAR_2007 = Claim(date(2007, 1, 1), "year")  # 18 somewhere in 2025: undecided in June
YEAR_2006 = Claim(date(2006, 1, 1), "year")  # 18 in 2024 at the latest
PLACEHOLDER_2007 = Claim(date(2007, 1, 1), "full", placeholder=True)  # only the year is real
MONTH_2007_06 = Claim(date(2007, 6, 1), "year_month")  # 18 between 1 and 30 June 2025
MONTH_2007_05 = Claim(date(2007, 5, 1), "year_month")  # 18 by 31 May 2025
UNKNOWN = Claim(None, "unknown")

INSPECT_MINOR = Inspection(date(2025, 3, 1), "minor")
INSPECT_ADULT = Inspection(date(2025, 3, 1), "adult")
INSPECT_DOUBT = Inspection(date(2025, 3, 1), "doubt")
OPEN = Investigation(date(2025, 3, 2))
CONCLUDED_ADULT = Investigation(date(2025, 3, 2), date(2025, 5, 1), "adult")
CONCLUDED_MINOR = Investigation(date(2025, 3, 2), date(2025, 5, 1), "minor")

Y, N, U = Minor.YES, Minor.NO, Minor.UNDETERMINED

# (id, claims, inspections, investigations, eurodac_adult, expected, rule)
TABLE = [
    # 1. a concluded investigation decides
    (
        "investigation adult beats minor claim",
        [MINOR_DOB],
        [INSPECT_DOUBT],
        [CONCLUDED_ADULT],
        False,
        N,
        Rule.INVESTIGATION_ADULT,
    ),
    (
        "investigation minor beats eurodac adult",
        [MINOR_DOB],
        [INSPECT_DOUBT],
        [CONCLUDED_MINOR],
        True,
        Y,
        Rule.INVESTIGATION_MINOR,
    ),
    (
        "investigation minor, without any dob",
        [UNKNOWN],
        [INSPECT_DOUBT],
        [CONCLUDED_MINOR],
        False,
        Y,
        Rule.INVESTIGATION_MINOR,
    ),
    (
        "investigation minor, since turned 18",
        [TURNED_18_YESTERDAY],
        [INSPECT_DOUBT],
        [CONCLUDED_MINOR],
        False,
        N,
        Rule.INVESTIGATION_MINOR_NOW_ADULT,
    ),
    (
        "latest concluded investigation counts",
        [MINOR_DOB],
        [],
        [CONCLUDED_MINOR, Investigation(date(2025, 5, 2), date(2025, 6, 1), "adult")],
        False,
        N,
        Rule.INVESTIGATION_ADULT,
    ),
    # 2. an open investigation: benefit of the doubt
    ("open investigation", [ADULT_DOB], [INSPECT_DOUBT], [OPEN], False, Y, Rule.INVESTIGATION_OPEN),
    (
        "open investigation beats eurodac adult",
        [MINOR_DOB],
        [INSPECT_DOUBT],
        [OPEN],
        True,
        Y,
        Rule.INVESTIGATION_OPEN,
    ),
    # 3. the latest inspection
    (
        "inspection adult beats minor claim",
        [MINOR_DOB],
        [INSPECT_ADULT],
        [],
        False,
        N,
        Rule.INSPECTION_ADULT,
    ),
    ("inspection minor", [MINOR_DOB], [INSPECT_MINOR], [], False, Y, Rule.INSPECTION_MINOR),
    (
        "inspection minor without dob",
        [UNKNOWN],
        [INSPECT_MINOR],
        [],
        False,
        Y,
        Rule.INSPECTION_MINOR,
    ),
    (
        "inspection minor, turned 18 yesterday",
        [TURNED_18_YESTERDAY],
        [INSPECT_MINOR],
        [],
        False,
        N,
        Rule.INSPECTION_MINOR_NOW_ADULT,
    ),
    (
        "inspection minor, 18 tomorrow",
        [TURNS_18_TOMORROW],
        [INSPECT_MINOR],
        [],
        False,
        Y,
        Rule.INSPECTION_MINOR,
    ),
    (
        "inspection doubt settled by eurodac adult",
        [MINOR_DOB],
        [INSPECT_DOUBT],
        [],
        True,
        N,
        Rule.INSPECTION_DOUBT_EURODAC_ADULT,
    ),
    (
        "inspection doubt, no investigation yet",
        [MINOR_DOB],
        [INSPECT_DOUBT],
        [],
        False,
        U,
        Rule.INSPECTION_DOUBT_NO_INVESTIGATION,
    ),
    (
        "latest inspection counts",
        [MINOR_DOB],
        [INSPECT_ADULT, Inspection(date(2025, 4, 1), "minor")],
        [],
        False,
        Y,
        Rule.INSPECTION_MINOR,
    ),
    # 4. claimed dates of birth only
    ("claimed minor, not inspected", [MINOR_DOB], [], [], False, Y, Rule.CLAIMED_MINOR),
    ("claimed adult", [ADULT_DOB], [], [], False, N, Rule.CLAIMED_ADULT),
    ("turned 18 yesterday", [TURNED_18_YESTERDAY], [], [], False, N, Rule.CLAIMED_ADULT),
    ("turns 18 tomorrow", [TURNS_18_TOMORROW], [], [], False, Y, Rule.CLAIMED_MINOR),
    (
        "claimed minor but eurodac adult, not inspected",
        [MINOR_DOB],
        [],
        [],
        True,
        U,
        Rule.CLAIMED_MINOR_EURODAC_ADULT,
    ),
    ("claimed adult with eurodac adult", [ADULT_DOB], [], [], True, N, Rule.CLAIMED_ADULT),
    ("two organisations disagree", [MINOR_DOB, ADULT_DOB], [], [], False, U, Rule.CLAIMS_DISAGREE),
    (
        "two organisations agree on minor",
        [MINOR_DOB, Claim(date(2009, 1, 1), "year")],
        [],
        [],
        False,
        Y,
        Rule.CLAIMED_MINOR,
    ),
    (
        "an unknown claim does not disagree",
        [MINOR_DOB, UNKNOWN],
        [],
        [],
        False,
        Y,
        Rule.CLAIMED_MINOR,
    ),
    ("year only, 18th birthday this year", [YEAR_2007], [], [], False, U, Rule.CLAIM_STRADDLES_18),
    ("year only, 18 last year at the latest", [YEAR_2006], [], [], False, N, Rule.CLAIMED_ADULT),
    (
        "1 January placeholder is year only",
        [PLACEHOLDER_2007],
        [],
        [],
        False,
        U,
        Rule.CLAIM_STRADDLES_18,
    ),
    (
        "month only, 18th birthday this month",
        [MONTH_2007_06],
        [],
        [],
        False,
        U,
        Rule.CLAIM_STRADDLES_18,
    ),
    ("month only, 18 last month", [MONTH_2007_05], [], [], False, N, Rule.CLAIMED_ADULT),
    # 5. nothing known
    ("nothing known", [UNKNOWN], [], [], False, U, Rule.NOTHING_KNOWN),
    ("no records at all", [], [], [], False, U, Rule.NOTHING_KNOWN),
    ("eurodac adult alone does not decide", [], [], [], True, U, Rule.NOTHING_KNOWN),
]


@pytest.mark.parametrize(
    ("claims", "inspections", "investigations", "eurodac_adult", "expected", "rule"),
    [row[1:] for row in TABLE],
    ids=[row[0] for row in TABLE],
)
def test_age_rules(claims, inspections, investigations, eurodac_adult, expected, rule):
    status = derive_age_status(
        claims=claims,
        inspections=inspections,
        investigations=investigations,
        eurodac_adult=eurodac_adult,
        today=TODAY,
    )
    assert (status.minor, status.rule) == (expected, rule)


def test_every_rule_is_in_the_table():
    assert {row[-1] for row in TABLE} == set(Rule)


def test_claimed_minor_says_when_18_at_the_earliest():
    status = derive_age_status(claims=[Claim(date(2009, 5, 1), "year_month")], today=TODAY)
    assert status.facts == {"turns_18": "2027-05-01"}


def test_29_february_birthday():
    leap = Claim(date(2008, 2, 29), "full")
    assert derive_age_status(claims=[leap], today=date(2026, 2, 28)).minor == Minor.YES
    assert derive_age_status(claims=[leap], today=date(2026, 3, 1)).minor == Minor.NO


def test_birth_range_per_precision():
    assert birth_range(MONTH_2007_06) == (date(2007, 6, 1), date(2007, 6, 30))
    assert birth_range(PLACEHOLDER_2007) == (date(2007, 1, 1), date(2007, 12, 31))
    assert birth_range(UNKNOWN) is None
