"""The linkage model: what is compared, how, and which pairs are compared at all.

Written once for every backend: levels use Splink's comparison library or SQL
simple enough for Splink to translate, so the same settings run on DuckDB (the
embedded default) and on Spark (EU-scale volumes).

Designed for this population (see docs/linkage.md for the reasoning):

- Names are compared as sets of folded tokens (`prepare.py`), so token order,
  diacritics and transliteration cost nothing; common names (Nguyen, Tran,
  Mohammed) weigh less than rare ones through term frequencies.
- Dates of birth are claims with known failure modes: a day/month swap, a year
  typo, 1 January as placeholder, year only. Each gets its own level, so EM
  learns how much a partial agreement is worth instead of calling it a miss.
- V-nummer and organisation numbers are strong evidence both ways; a one-digit
  difference is a level of its own (typing errors happen).
- Nationality and sex are weak evidence and never a reason on their own; they
  only refine a pair that names and dates already brought together.
"""

from __future__ import annotations

from typing import Any

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import SettingsCreator, block_on

# Comparison names double as the labels of the explanation waterfall.
NAME = "name"
DATE_OF_BIRTH = "date_of_birth"
V_NUMBER = "v_number"
ORG_NUMBER = "org_number"
SEX = "sex"
NATIONALITY = "nationality"
ADDRESS = "address"
POSTCODE = "postcode"


def _edits_within(column: str, edits: int) -> cll.CustomLevel:
    """Damerau-Levenshtein distance at most `edits`, computed only where the lengths allow it.

    The length test is cheap and rules out most pairs of different names
    before the edit distance is computed (both backends know both functions).
    """
    return cll.CustomLevel(
        f"abs(length({column}_l) - length({column}_r)) <= {edits} "
        f"AND damerau_levenshtein({column}_l, {column}_r) <= {edits}"
    )


def _name() -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name=NAME,
        comparison_description="folded name tokens, order free",
        comparison_levels=[
            cll.NullLevel("name_key"),
            cll.ExactMatchLevel("name_key", term_frequency_adjustments=True).configure(
                label_for_charts="same name (any order, any spelling)"
            ),
            # Edit distance, not Jaro-Winkler: tokens are sorted, so a shared family
            # name often comes first and Jaro-Winkler's prefix bonus would call
            # Youssef Darwish and Mustafa Darwish "nearly the same".
            _edits_within("name_key", 1).configure(label_for_charts="one letter different"),
            cll.ArrayIntersectLevel("name_tokens", 2).configure(
                label_for_charts="two or more name parts in common"
            ),
            _edits_within("name_key", 2).configure(label_for_charts="two letters different"),
            cll.ArrayIntersectLevel("name_tokens", 1).configure(
                label_for_charts="one name part in common"
            ),
            cll.ElseLevel().configure(label_for_charts="different names"),
        ],
    )


def _date_of_birth() -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name=DATE_OF_BIRTH,
        comparison_description="claimed date of birth with its known errors",
        comparison_levels=[
            cll.NullLevel("dob_year"),
            cll.ExactMatchLevel("dob").configure(label_for_charts="same full date"),
            cll.CustomLevel(
                "dob_year_l = dob_year_r AND dob_month_l = dob_day_r AND dob_day_l = dob_month_r",
                label_for_charts="day and month swapped",
            ),
            cll.DamerauLevenshteinLevel("dob", 1).configure(label_for_charts="one digit different"),
            cll.CustomLevel(
                "abs(dob_year_l - dob_year_r) = 1 AND dob_month_l = dob_month_r "
                "AND dob_day_l = dob_day_r",
                label_for_charts="year one off, same day",
            ),
            cll.CustomLevel(
                "dob_year_l = dob_year_r AND (dob_day_l IS NULL OR dob_day_r IS NULL)",
                label_for_charts="same year, day unknown or placeholder",
            ),
            cll.ExactMatchLevel("dob_year").configure(label_for_charts="same year only"),
            cll.ElseLevel().configure(label_for_charts="different dates"),
        ],
    )


def _identifier(column: str, description: str) -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name=column,
        comparison_description=description,
        comparison_levels=[
            cll.NullLevel(column),
            cll.ExactMatchLevel(column).configure(label_for_charts="same number"),
            cll.DamerauLevenshteinLevel(column, 1).configure(
                label_for_charts="one typing error (a swap included)"
            ),
            cll.ElseLevel().configure(label_for_charts="different numbers"),
        ],
    )


def _exact(column: str, description: str) -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name=column,
        comparison_description=description,
        comparison_levels=[
            cll.NullLevel(column),
            cll.ExactMatchLevel(column).configure(label_for_charts="same"),
            cll.ElseLevel().configure(label_for_charts="different"),
        ],
    )


def _address() -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name=ADDRESS,
        comparison_description="address as extracted",
        comparison_levels=[
            cll.NullLevel(ADDRESS),
            cll.ExactMatchLevel(ADDRESS).configure(label_for_charts="same address"),
            cll.JaroWinklerLevel(ADDRESS, 0.9).configure(label_for_charts="similar address"),
            cll.ElseLevel().configure(label_for_charts="different addresses"),
        ],
    )


# Compared only when the extracts carry them: a column nobody filled in cannot be
# trained and would only add noise.
OPTIONAL = (V_NUMBER, ORG_NUMBER, SEX, NATIONALITY, ADDRESS, POSTCODE)


def comparisons(present: set[str]) -> list[cl.CustomComparison]:
    """Name and date of birth always; the other comparisons for columns with data."""
    optional = {
        V_NUMBER: lambda: _identifier(V_NUMBER, "V-nummer"),
        ORG_NUMBER: lambda: _identifier(ORG_NUMBER, "organisation number"),
        SEX: lambda: _exact(SEX, "sex"),
        NATIONALITY: lambda: _exact(NATIONALITY, "nationality (ISO 3166)"),
        ADDRESS: _address,
        POSTCODE: lambda: _identifier(POSTCODE, "postcode"),
    }
    return [_name(), _date_of_birth()] + [make() for c, make in optional.items() if c in present]


# Pairs that are compared at all. Each rule catches what the others miss:
# shared numbers; the same not-common name in any year (a missing or wrong
# date; `prepare.RARE_NAME_MAX`); the same full date within a nationality and
# sex, or with any one name token in common (a spelling difference elsewhere in the
# name); the outer name tokens within a year.
PREDICTION_BLOCKING = (
    block_on("v_number"),
    block_on("org_number"),
    block_on("rare_name_key"),
    block_on("dob", "nationality", "sex"),
    block_on("name_tokens", "dob", arrays_to_explode=["name_tokens"]),
    block_on("tok_first", "tok_last", "dob_year"),
)
# Where extracts carry an address, records at one postcode are compared when
# they share a name token or the date.
ADDRESS_BLOCKING = (
    block_on("postcode", "tok_first"),
    block_on("postcode", "tok_last"),
    block_on("postcode", "dob"),
    block_on("address"),
)


# Expectation maximisation sessions. Each trains the comparisons whose columns
# its blocking rule does not use. EM finds the matches only where they are a
# fair share of the blocked pairs: blocked on a common name part, it settles on
# "same nationality" as what makes a match and unlearns the V-nummer. Records
# sharing a V-nummer are nearly all matches, so that session trains names and
# dates on real matches; the date session then trains the V-nummer. Extracts
# without V-nummers train names within a birth year instead.
def training_blocking(present: set[str]) -> tuple:
    if V_NUMBER in present:
        return (block_on("v_number"), block_on("dob"))
    return (block_on("tok_first", "tok_last", "dob_year"), block_on("dob"))


# Deterministic rules that admit (almost) no false positives, to estimate how
# likely two random records are to match.
DETERMINISTIC_RULES = (
    "l.v_number = r.v_number",
    "l.name_key = r.name_key AND l.dob = r.dob",
)


def settings(sources: list[str], present: set[str]) -> SettingsCreator:
    link_type = "link_and_dedupe" if len(sources) > 1 else "dedupe_only"
    return SettingsCreator(
        link_type=link_type,
        unique_id_column_name="unique_id",
        source_dataset_column_name="source_dataset",
        comparisons=comparisons(present),
        blocking_rules_to_generate_predictions=[
            *PREDICTION_BLOCKING,
            *(ADDRESS_BLOCKING if {ADDRESS, POSTCODE} & present else ()),
        ],
        retain_intermediate_calculation_columns=True,
        retain_matching_columns=True,
        additional_columns_to_retain=["record_id"],
    )


def as_dict(settings_creator: SettingsCreator) -> dict[str, Any]:
    return settings_creator.get_settings("duckdb").as_dict()


def in_dialect(model: dict[str, Any], settings_creator: SettingsCreator, dialect: str) -> dict:
    """A trained model as settings for another SQL dialect, with the same parameters.

    A saved model holds the SQL of the backend that trained it; rebuilding the
    settings for `dialect` ("duckdb", "spark") and copying the probabilities
    level by level keeps Splink's own translation of every level (and its
    recognition of exact-match levels for term frequencies).
    """
    translated = settings_creator.get_settings(dialect).as_dict()
    translated["probability_two_random_records_match"] = model[
        "probability_two_random_records_match"
    ]
    trained = {c["output_column_name"]: c for c in model["comparisons"]}
    for comparison in translated["comparisons"]:
        source = trained[comparison["output_column_name"]]["comparison_levels"]
        for level, learned in zip(comparison["comparison_levels"], source, strict=True):
            for key in ("m_probability", "u_probability"):
                if key in learned:
                    level[key] = learned[key]
    return translated
