"""Calibration inputs of the demo chain (see ../shared/domain.md and the letters).

These are the parameters the generator samples from. The outcomes (how many
entered BO, who left with unknown destination) are measured from the generated
database by `measure.py`, never taken from here.

Scale. A real-size chain has some 27,000 amv and 300,000 adults in 2015–2025.
The demo generates `--persons N` in total, of whom `AMV_DEMO_SHARE` are amv
(the system is about them, so they are over-represented against reality).
Counts given "at real scale" below are multiplied by
`amv_scale = n_amv / real amv total` (or the adult scale); the calibration
report divides measured counts by that scale again to compare.

Sources: the BO inflow, the Vietnamese share in it and the MOB figures from BO
come from the letters (Kamerstukken 27 062 and 28 638); yearly amv and adult
inflow are rounded IND asylum figures; the nationality mixes, Eurodac spread
and the MOB rates outside BO are stated assumptions in line with the APM and
EMM analyses, to be replaced when better figures are known.
"""

from __future__ import annotations

FIRST_YEAR = 2015
LAST_CALIBRATED_YEAR = 2025

AMV_DEMO_SHARE = 0.5

# First asylum applications of amv per year (rounded), plus Vietnamese amv,
# many of whom never apply (they are counted separately below).
AMV_INFLOW: dict[int, int] = {
    2015: 3860,
    2016: 1710,
    2017: 1180,
    2018: 1210,
    2019: 1020,
    2020: 990,
    2021: 2130,
    2022: 4200,
    2023: 4950,
    2024: 3600,
    2025: 2600,
}
# Vietnamese amv per year: always placed in BO (standing policy rule).
VIETNAMESE_AMV: dict[int, int] = {
    2015: 18,
    2016: 24,
    2017: 22,
    2018: 21,
    2019: 20,
    2020: 14,
    2021: 12,
    2022: 14,
    2023: 17,
    2024: 20,
    2025: 18,
}
# Total inflow into BO per year: "from about 60 (2016) to 30 (2019)", then level.
BO_INFLOW: dict[int, int] = {
    2015: 56,
    2016: 60,
    2017: 50,
    2018: 40,
    2019: 30,
    2020: 27,
    2021: 26,
    2022: 29,
    2023: 30,
    2024: 31,
    2025: 30,
}
# Non-Vietnamese amv whose real suspicion of victimhood leads to BO: relative
# propensity by nationality (Nigerian girls above all). Scaled per year so
# the expected BO inflow equals BO_INFLOW.
BO_PROPENSITY: dict[str, float] = {
    "NGA": 12.0,
    "GIN": 2.5,
    "ERI": 1.5,
    "SOM": 1.2,
    "UKR": 2.0,
    "MAR": 0.6,
    "DZA": 0.6,
    "AFG": 0.5,
    "SYR": 0.3,
    "IRQ": 0.5,
    "TUR": 0.5,
}
# Share of Vietnamese amv without a registered asylum application ("a quarter").
VIETNAMESE_WITHOUT_ASYLUM = 0.25
# Other amv who do not apply (Moroccan and Algerian minors on the move).
WITHOUT_ASYLUM: dict[str, float] = {"MAR": 0.20, "DZA": 0.20}
DEFAULT_WITHOUT_ASYLUM = 0.03

# amv nationality mix (without Vietnamese) by period.
_AMV_MIX = {
    (2015, 2016): {
        "SYR": 30,
        "ERI": 30,
        "AFG": 15,
        "IRQ": 6,
        "SOM": 5,
        "MAR": 4,
        "DZA": 2,
        "NGA": 1.5,
        "GIN": 1.5,
        "TUR": 0.5,
        "UKR": 0.2,
    },
    (2017, 2019): {
        "ERI": 30,
        "SYR": 15,
        "MAR": 10,
        "AFG": 10,
        "DZA": 6,
        "SOM": 6,
        "GIN": 5,
        "NGA": 5,
        "IRQ": 5,
        "TUR": 4,
        "UKR": 0.3,
    },
    (2020, 2021): {
        "SYR": 35,
        "AFG": 20,
        "ERI": 15,
        "MAR": 7,
        "SOM": 5,
        "TUR": 5,
        "DZA": 4,
        "IRQ": 4,
        "GIN": 3,
        "NGA": 2,
        "UKR": 0.3,
    },
    (2022, 2099): {
        "SYR": 40,
        "AFG": 20,
        "ERI": 12,
        "SOM": 6,
        "TUR": 5,
        "MAR": 4,
        "UKR": 3,
        "GIN": 3,
        "IRQ": 3,
        "DZA": 2,
        "NGA": 2,
    },
}

# Adults: first asylum applications per year, and displaced persons from Ukraine
# (temporary protection, municipal reception, so no COA placement).
ADULT_INFLOW: dict[int, int] = {
    2015: 39000,
    2016: 17000,
    2017: 15000,
    2018: 19000,
    2019: 21000,
    2020: 13000,
    2021: 23000,
    2022: 31000,
    2023: 33000,
    2024: 28000,
    2025: 23000,
}
UKRAINIAN_DISPLACED: dict[int, int] = {2022: 60000, 2023: 30000, 2024: 20000, 2025: 15000}
_ADULT_MIX = {
    (2015, 2016): {
        "SYR": 45,
        "ERI": 15,
        "IRQ": 10,
        "AFG": 8,
        "MAR": 3,
        "DZA": 3,
        "NGA": 2,
        "SOM": 3,
        "TUR": 2,
        "GIN": 1,
        "VNM": 0.3,
        "UKR": 0.5,
    },
    (2017, 2019): {
        "SYR": 25,
        "ERI": 10,
        "TUR": 12,
        "NGA": 7,
        "MAR": 8,
        "DZA": 6,
        "IRQ": 8,
        "AFG": 8,
        "SOM": 3,
        "GIN": 3,
        "VNM": 0.5,
        "UKR": 1,
    },
    (2020, 2021): {
        "SYR": 35,
        "AFG": 12,
        "TUR": 15,
        "ERI": 6,
        "MAR": 6,
        "DZA": 5,
        "IRQ": 6,
        "NGA": 4,
        "SOM": 4,
        "GIN": 2,
        "VNM": 0.5,
        "UKR": 1,
    },
    (2022, 2099): {
        "SYR": 38,
        "TUR": 12,
        "AFG": 12,
        "ERI": 8,
        "SOM": 4,
        "IRQ": 5,
        "MAR": 4,
        "DZA": 3,
        "NGA": 3,
        "GIN": 2,
        "VNM": 0.5,
        "UKR": 1,
    },
}


def _period(table: dict, year: int) -> dict[str, float]:
    for (lo, hi), mix in table.items():
        if lo <= year <= hi:
            return mix
    raise KeyError(year)


def calibrated_year(year: int) -> int:
    # Years after the calibrated range carry the last calibrated year forward.
    return min(year, LAST_CALIBRATED_YEAR)


def amv_mix(year: int) -> dict[str, float]:
    return _period(_AMV_MIX, year)


def adult_mix(year: int) -> dict[str, float]:
    return _period(_ADULT_MIX, year)


# Claimed age at arrival of amv (years: weight).
AMV_AGE_MIX: dict[int, float] = {
    9: 1,
    10: 1.5,
    11: 2,
    12: 3,
    13: 5,
    14: 9,
    15: 19,
    16: 29,
    17: 30.5,
}
# Share of claimed minors who are in truth adult (age 18–23).
TRUE_ADULT_SHARE: dict[str, float] = {
    "VNM": 0.18,
    "MAR": 0.25,
    "DZA": 0.25,
    "NGA": 0.12,
    "GIN": 0.15,
}
DEFAULT_TRUE_ADULT_SHARE = 0.06
FEMALE_SHARE_AMV: dict[str, float] = {
    "NGA": 0.65,
    "VNM": 0.35,
    "ERI": 0.30,
    "SOM": 0.25,
    "UKR": 0.45,
    "GIN": 0.15,
}
DEFAULT_FEMALE_SHARE_AMV = 0.08
FEMALE_SHARE_ADULT: dict[str, float] = {"UKR": 0.70, "NGA": 0.45, "ERI": 0.40, "SYR": 0.35}
DEFAULT_FEMALE_SHARE_ADULT = 0.28
# Persons who do not know their date of birth (organisations write 1 January).
DOB_UNKNOWN: dict[str, float] = {
    "AFG": 0.45,
    "SOM": 0.40,
    "ERI": 0.30,
    "GIN": 0.30,
    "VNM": 0.15,
    "NGA": 0.15,
}
DEFAULT_DOB_UNKNOWN = 0.08

# Eurodac: distribution of the number of other member states a person was
# registered in (index = number of states, 0..10).
EURODAC_STATES: dict[str, tuple[float, ...]] = {
    # Minors "on the move" through Europe; some registered in nine or ten states.
    "MAR": (0.15, 0.20, 0.17, 0.13, 0.10, 0.08, 0.06, 0.04, 0.03, 0.02, 0.02),
    "DZA": (0.15, 0.20, 0.17, 0.13, 0.10, 0.08, 0.06, 0.04, 0.03, 0.02, 0.02),
    "VNM": (0.35, 0.25, 0.15, 0.09, 0.06, 0.04, 0.02, 0.015, 0.01, 0.01, 0.005),
    "ERI": (0.20, 0.45, 0.22, 0.08, 0.03, 0.015, 0.005, 0, 0, 0, 0),
    "NGA": (0.20, 0.45, 0.22, 0.08, 0.03, 0.015, 0.005, 0, 0, 0, 0),
    "GIN": (0.15, 0.40, 0.25, 0.12, 0.05, 0.02, 0.01, 0, 0, 0, 0),
    "UKR": (0.97, 0.03, 0, 0, 0, 0, 0, 0, 0, 0, 0),
    "TUR": (0.55, 0.30, 0.10, 0.04, 0.01, 0, 0, 0, 0, 0, 0),
}
DEFAULT_EURODAC_STATES = (0.40, 0.30, 0.17, 0.08, 0.03, 0.015, 0.005, 0, 0, 0, 0)
# Member states on each route (weights per state, drawn without replacement).
EURODAC_ROUTES: dict[str, dict[str, float]] = {
    "VNM": {
        "DEU": 4,
        "FRA": 4,
        "BEL": 4,
        "CZE": 2,
        "POL": 2,
        "HUN": 1,
        "AUT": 1,
        "ITA": 1,
        "ESP": 1,
        "SVK": 1,
        "CHE": 1,
    },
    "MAR": {
        "ESP": 6,
        "FRA": 4,
        "BEL": 3,
        "DEU": 3,
        "ITA": 2,
        "CHE": 1.5,
        "SWE": 1.5,
        "DNK": 1,
        "AUT": 1,
        "NOR": 1,
        "PRT": 1,
    },
    "DZA": {
        "ESP": 4,
        "FRA": 6,
        "BEL": 3,
        "DEU": 3,
        "ITA": 2,
        "CHE": 1.5,
        "SWE": 1,
        "DNK": 1,
        "AUT": 1,
        "LUX": 0.5,
    },
    "ERI": {"ITA": 6, "MLT": 2, "CHE": 2, "DEU": 3, "FRA": 1.5, "SWE": 1, "NOR": 1},
    "NGA": {"ITA": 7, "ESP": 2, "MLT": 1.5, "FRA": 2, "DEU": 2, "BEL": 1, "AUT": 1},
    "GIN": {"ESP": 4, "ITA": 4, "FRA": 4, "BEL": 2, "DEU": 1.5, "PRT": 1},
    "SOM": {"ITA": 4, "MLT": 2, "DEU": 2, "SWE": 2, "NOR": 1, "FIN": 1, "AUT": 1},
    "UKR": {"POL": 4, "SVK": 1, "ROU": 1, "HUN": 1},
}
DEFAULT_ROUTE = {
    "GRC": 5,
    "BGR": 4,
    "HUN": 2,
    "HRV": 2,
    "SVN": 1.5,
    "AUT": 3,
    "DEU": 4,
    "ROU": 1,
    "ITA": 1,
    "CYP": 0.5,
    "CHE": 0.5,
}
# Per Eurodac hit: chance the other state registered the person as adult.
EURODAC_ADULT_IF_TRUE_ADULT = 0.6
EURODAC_ADULT_IF_MINOR: dict[str, float] = {"VNM": 0.20, "MAR": 0.25, "DZA": 0.25}
DEFAULT_EURODAC_ADULT_IF_MINOR = 0.06

# Age inspection (leeftijdsschouw): all undocumented amv who apply since March
# 2018; before that a part of them.
INSPECTION_SHARE_BEFORE_2018 = 0.5
# From the year the proposal took effect, a share of claimed minors without an
# asylum application are inspected on the day of arrival (Ter Apel).
INSPECTION_ON_ARRIVAL_FROM = 2020
INSPECTION_ON_ARRIVAL_SHARE = 0.6
# Outcomes (minor, doubt, adult) of an inspection by the truth.
INSPECTION_OUTCOME_TRUE_MINOR = (0.86, 0.12, 0.02)
INSPECTION_OUTCOME_TRUE_ADULT = (0.12, 0.35, 0.53)
# Age investigation in doubt: chance it concludes "adult", by the truth.
INVESTIGATION_ADULT_IF_TRUE_ADULT = 0.8
INVESTIGATION_ADULT_IF_TRUE_MINOR = 0.1

# MOB: chance that a placement ends in a departure with unknown destination,
# by location type and nationality. Vietnamese in BO by year (fewer than five
# a year at real scale in 2020–2023, fewer than ten in 2024); in 2019 all MOB
# departures from BO were Vietnamese (no others left BO that year).
MOB_BO_VIETNAMESE: dict[int, float] = {
    2015: 0.65,
    2016: 0.65,
    2017: 0.55,
    2018: 0.5,
    2019: 0.45,
    2020: 0.22,
    2021: 0.22,
    2022: 0.22,
    2023: 0.22,
    2024: 0.35,
    2025: 0.3,
}
MOB_BO_OTHER: dict[int, float] = {2019: 0.0}
MOB_BO_OTHER_DEFAULT = 0.08
# Regular amv reception by nationality; Nigerian departures rose in 2019.
MOB_REGULAR_AMV: dict[str, float] = {
    "MAR": 0.45,
    "DZA": 0.45,
    "VNM": 0.5,
    "NGA": 0.15,
    "GIN": 0.12,
    "AFG": 0.06,
    "ERI": 0.05,
    "SYR": 0.02,
    "SOM": 0.07,
    "IRQ": 0.05,
    "TUR": 0.05,
    "UKR": 0.03,
}
MOB_NIGERIAN_FROM_2019 = 0.28
# Other types relative to regular amv reception.
MOB_TYPE_FACTOR: dict[str, float] = {"small_unit": 0.4, "emergency": 1.4}
MOB_ADULT_AZC: dict[str, float] = {
    "MAR": 0.30,
    "DZA": 0.32,
    "NGA": 0.10,
    "VNM": 0.25,
    "GIN": 0.12,
    "AFG": 0.05,
    "ERI": 0.04,
    "SYR": 0.02,
    "SOM": 0.06,
    "IRQ": 0.06,
    "TUR": 0.05,
    "UKR": 0.05,
}
MOB_NIGERIAN_ADULT_FROM_2019 = 0.18
DEFAULT_MOB = 0.05
# A MOB departure happens within this many days of the placement start
# (Vietnamese often within days; capped so a year-old placement is decided).
MOB_DELAY_DAYS: dict[str, tuple[int, int]] = {"VNM": (1, 30), "MAR": (3, 120), "DZA": (3, 120)}
DEFAULT_MOB_DELAY_DAYS = (5, 300)
# Share of MOB departures after which the person reappears (elsewhere in the
# Netherlands) and is placed again.
REAPPEARANCE_SHARE = 0.12

# Emergency reception is used in years of high inflow.
EMERGENCY_SHARE: dict[int, float] = {2015: 0.35, 2016: 0.1, 2022: 0.3, 2023: 0.3, 2024: 0.15}
# amv in regular reception moving on to a small living unit.
SMALL_UNIT_SHARE = 0.35
# Persons entering through Schiphol or a border check: KMar registers them.
KMAR_ENTRY_SHARE: dict[str, float] = {"VNM": 0.25, "NGA": 0.15, "UKR": 0.05}
DEFAULT_KMAR_ENTRY_SHARE = 0.06
# Rejected adults in the DT&V return process.
RETURN_PROCESS_SHARE = 0.6
# Persons known under an alias.
ALIAS_SHARE: dict[str, float] = {"NGA": 0.2, "VNM": 0.2, "MAR": 0.25, "DZA": 0.25}
DEFAULT_ALIAS_SHARE = 0.05
# Share of records without the V-nummer that the organisation also filed under
# a separate, not yet linked person (the linkage task).
SPLIT_WITHOUT_V_NUMBER = 0.7
# Asylum outcome (granted share) by nationality.
GRANTED: dict[str, float] = {
    "SYR": 0.9,
    "ERI": 0.9,
    "SOM": 0.6,
    "AFG": 0.6,
    "IRQ": 0.4,
    "TUR": 0.5,
    "UKR": 0.7,
    "GIN": 0.3,
    "NGA": 0.2,
    "VNM": 0.2,
    "MAR": 0.05,
    "DZA": 0.05,
}
# Presence registration: chance a reporting moment is missed or excused.
PRESENCE_MISSED = 0.05
PRESENCE_EXCUSED = 0.04
PRESENCE_DAYS = 3
