"""The explanation of a pair's score as a waterfall the template can draw with CSS.

The engine explains a score as one weight per comparison (log2 of a Bayes
factor: positive for evidence of one person, negative against). Their sum plus
the prior (how likely two random records are one person) is the match weight.
The chart starts at the prior, adds each comparison in turn and ends at the
match weight; every bar also carries its number as text.

Widths and offsets are whole percentages of the chart, drawn with the classes
`wf-o-N` / `wf-w-N` of `linkage.css` (the Content-Security-Policy forbids style
attributes).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# Labels of the engine's comparisons (comparisons.py names them; unknown ones show as is).
COMPARISON_LABELS = {
    "prior": _("starting point (prior)"),
    "name": _("name"),
    "date_of_birth": _("date of birth"),
    "v_number": _("V-number"),
    "org_number": _("organisation's number"),
    "sex": _("sex"),
    "nationality": _("nationality"),
    "address": _("address"),
    "postcode": _("postcode"),
}


# What each comparison found: the engine's level labels (comparisons.py; the
# stored explanation keeps them in English so they stay stable across languages).
LEVEL_LABELS = {
    "two random records": _("two random records"),
    "same name (any order, any spelling)": _("same name (any order, any spelling)"),
    "one letter different": _("one letter different"),
    "two or more name parts in common": _("two or more name parts in common"),
    "two letters different": _("two letters different"),
    "one name part in common": _("one name part in common"),
    "different names": _("different names"),
    "same full date": _("same full date"),
    "day and month swapped": _("day and month swapped"),
    "one digit different": _("one digit different"),
    "year one off, same day": _("year one off, same day"),
    "same year, day unknown or placeholder": _("same year, day unknown or placeholder"),
    "same year only": _("same year only"),
    "different dates": _("different dates"),
    "same number": _("same number"),
    "one typing error (a swap included)": _("one typing error (a swap included)"),
    "different numbers": _("different numbers"),
    "same": _("same"),
    "different": _("different"),
    "same address": _("same address"),
    "similar address": _("similar address"),
    "different addresses": _("different addresses"),
}
# Stored weights are rounded to 0.001 each; a larger gap means the explanation
# lacks its prior (explanations stored before the engine added it).
_ROUNDING = 0.05


def comparison_label(name: str) -> str:
    return str(COMPARISON_LABELS.get(name, name.replace("_", " ")))


def level_label(level: str) -> str:
    return str(LEVEL_LABELS.get(level, level))


@dataclass(frozen=True)
class Bar:
    comparison: str
    label: str
    level: str
    weight: float
    running: float  # the total after this bar
    offset: int  # percent of the chart width
    width: int  # percent of the chart width (at least 1, so a bar is always visible)
    kind: str  # "pos", "neg" or "total"


def waterfall(explanation: list[dict], match_weight: float | None = None) -> list[Bar]:
    steps = [
        (str(e.get("comparison", "")), str(e.get("level", "")), float(e.get("weight", 0.0)))
        for e in explanation or []
    ]
    total = sum(w for _c, _l, w in steps)
    if match_weight is not None and abs(match_weight - total) > _ROUNDING:
        steps.insert(0, ("prior", "", match_weight - total))
        total = match_weight
    running = [0.0]
    for _c, _l, w in steps:
        running.append(running[-1] + w)
    low, high = min(running), max(running)
    span = (high - low) or 1.0

    def pct(value: float) -> int:
        return max(0, min(100, round((value - low) / span * 100)))

    bars = []
    for (comparison, level, weight), before, after in zip(
        steps, running[:-1], running[1:], strict=True
    ):
        start, end = pct(min(before, after)), pct(max(before, after))
        width = max(1, end - start)
        bars.append(
            Bar(
                comparison=comparison,
                label=comparison_label(comparison),
                level=level_label(level),
                weight=weight,
                running=after,
                offset=min(start, 100 - width),
                width=width,
                kind="pos" if weight >= 0 else "neg",
            )
        )
    if bars:
        start, end = pct(min(0.0, total)), pct(max(0.0, total))
        width = max(1, end - start)
        bars.append(
            Bar(
                comparison="total",
                label=str(_("match weight")),
                level="",
                weight=total,
                running=total,
                offset=min(start, 100 - width),
                width=width,
                kind="total",
            )
        )
    return bars
