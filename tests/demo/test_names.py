"""Name pools, transliteration and per-organisation variation (pure functions)."""

import random
from collections import Counter
from datetime import date

from ketenzicht.accounts.roles import OrganisationKind
from ketenzicht.demo.names import POOLS, VARIANTS, romanise, spelling_variant
from ketenzicht.demo.plan import true_name
from ketenzicht.demo.variation import TrueName, record_text, typo
from ketenzicht.people.models import DatePrecision, Sex
from ketenzicht.people.names import search_key


def test_ukrainian_names_in_the_transliterations_in_use():
    assert romanise("Олександр Шевченко", "national") == "Oleksandr Shevchenko"
    assert romanise("Олександр Шевченко", "dutch") == "Oleksandr Sjevtsjenko"
    assert romanise("Олександр", "russian") == "Aleksandr"
    assert romanise("Юлія", "national") == "Yuliia"
    assert romanise("Юлія", "english") == "Yuliya"


def test_arabic_and_tigrinya_variants_are_symmetric():
    assert "Muhammad" in VARIANTS["Mohammed"] and "Mohammed" in VARIANTS["Muhammad"]
    assert "Tesfaye" in VARIANTS["Tesfay"]
    assert spelling_variant("Nobody", random.Random(1)) is None


def test_every_nationality_has_names_for_both_sexes():
    rng = random.Random(3)
    for nat, pool in POOLS.items():
        for sex in (Sex.MALE, Sex.FEMALE):
            name = true_name(pool, sex, rng)
            assert name.given, nat


def test_vietnamese_records_vary_in_order_and_diacritics():
    name = TrueName(given=("Văn", "Minh"), family=("Nguyễn",))
    rng = random.Random(42)
    seen: Counter = Counter()
    for _ in range(400):
        text = record_text(
            name,
            nationality="VNM",
            claimed_dob=date(2008, 3, 7),
            dob_known=True,
            organisation_kind=OrganisationKind.COA,
            rng=rng,
        )
        seen.update(text.variations)
        if "swapped_order" in text.variations:
            assert text.given_names.startswith(("Nguy", "Ngu"))
        # Whatever the variation, the search key still finds the family name
        # unless a typo hit it.
        if "typo" not in text.variations:
            assert search_key("Nguyen") in search_key(text.given_names, text.family_name)
    assert seen["swapped_order"] > 20
    assert seen["diacritics_dropped"] > 100
    assert seen["dob_day_month_swap"] > 0


def test_unknown_birth_dates_become_placeholders_or_year_only():
    name = TrueName(given=("Samiullah",), family=())
    rng = random.Random(5)
    for _ in range(50):
        text = record_text(
            name,
            nationality="AFG",
            claimed_dob=date(2007, 8, 19),
            dob_known=False,
            organisation_kind=OrganisationKind.POLITIE,
            rng=rng,
        )
        assert text.date_of_birth == date(2007, 1, 1)
        assert text.dob_is_placeholder or text.dob_precision == DatePrecision.YEAR


def test_typo_changes_one_letter_position():
    rng = random.Random(0)
    for word in ("Gebremedhin", "Okonkwo", "Abdirahman"):
        changed = typo(word, rng)
        assert changed != word or len(set(word)) < len(word)
        assert abs(len(changed) - len(word)) <= 1
