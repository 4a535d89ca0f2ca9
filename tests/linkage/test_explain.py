"""The explanation waterfall: from the prior through each comparison to the match weight."""

from ketenzicht.linkage import explain
from ketenzicht.linkage.explain import comparison_label, waterfall

STEPS = [
    {"comparison": "name", "level": "exact", "weight": 6.0},
    {"comparison": "sex", "level": "different", "weight": -2.0},
]


def test_bars_run_from_the_prior_to_the_match_weight():
    bars = waterfall(STEPS, match_weight=1.0)
    assert [b.comparison for b in bars] == ["prior", "name", "sex", "total"]
    assert [b.weight for b in bars] == [-3.0, 6.0, -2.0, 1.0]
    assert [b.running for b in bars] == [-3.0, 3.0, 1.0, 1.0]
    assert [b.kind for b in bars] == ["neg", "pos", "neg", "total"]
    # The axis runs from -3 (lowest running total) to 3 (highest): 6 units.
    prior, name, sex, total = bars
    assert (prior.offset, prior.width) == (0, 50)  # 0 down to -3
    assert (name.offset, name.width) == (0, 100)  # -3 up to 3
    assert (sex.offset, sex.width) == (67, 33)  # 3 down to 1
    assert (total.offset, total.width) == (50, 17)  # 0 up to 1


def test_without_a_gap_there_is_no_prior_bar_and_nothing_is_invisible():
    bars = waterfall([{"comparison": "v_number", "level": "same", "weight": 0.0}], 0.0)
    assert [b.comparison for b in bars] == ["v_number", "total"]
    assert all(1 <= b.width <= 100 and 0 <= b.offset <= 100 - b.width for b in bars)
    assert waterfall([]) == []


def test_known_comparisons_have_labels_and_unknown_ones_show_as_named():
    assert comparison_label("date_of_birth") == "geboortedatum"
    assert comparison_label("phone_number") == "phone number"


def test_every_level_the_engine_can_report_has_a_translated_label():
    from ketenzicht.linkage import comparisons

    settings = comparisons.as_dict(comparisons.settings(["coa", "ind"], set(comparisons.OPTIONAL)))
    labels = {
        level["label_for_charts"]
        for comparison in settings["comparisons"]
        for level in comparison["comparison_levels"]
        if not level.get("is_null_level")
    }
    assert labels <= set(explain.LEVEL_LABELS)
    assert "two random records" in explain.LEVEL_LABELS  # the prior's level


def test_level_labels_are_shown_in_the_users_language():
    from django.utils import translation

    with translation.override("en"):
        assert waterfall(STEPS)[1].level == "different"
    with translation.override("nl"):
        bars = waterfall([{"comparison": "sex", "level": "different", "weight": -2.0}])
        assert bars[0].level == "verschillend"
    # A level the table does not know shows as the engine wrote it.
    assert waterfall([{"comparison": "x", "level": "custom level", "weight": 1.0}])[0].level == (
        "custom level"
    )


def test_rounded_weights_do_not_add_a_prior_bar():
    steps = [{"comparison": "prior", "level": "two random records", "weight": -14.244}, *STEPS]
    bars = waterfall(steps, match_weight=-10.2431)  # the stored weights, rounded, sum to -10.244
    assert [b.comparison for b in bars] == ["prior", "name", "sex", "total"]
