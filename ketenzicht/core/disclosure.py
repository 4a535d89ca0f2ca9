"""Disclosure control for every count that leaves the system.

One function, `protect`, takes a table of counts (rows × columns) and returns
what may be shown: counts from 1 up to the threshold are replaced by
"< threshold" (primary suppression); then, wherever a row, a column or the
totals would let a suppressed count be recomputed by subtraction, the smallest
other count in that line is suppressed too (secondary suppression) until no
line has exactly one hidden number. Zeros are shown: they reveal no one.

Pages, CSV, API and PDF all call this; nothing else decides what is shown.
"""

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

PRIMARY = "primary"
SECONDARY = "secondary"


@dataclass(frozen=True)
class Cell:
    value: int | None  # None when suppressed: the true value never leaves this module
    suppressed: str = ""  # "", PRIMARY or SECONDARY

    @property
    def shown(self) -> str:
        if self.suppressed == PRIMARY:
            return _("< %(threshold)s") % {"threshold": threshold()}
        if self.suppressed == SECONDARY:
            return "•"
        return str(self.value)


@dataclass(frozen=True)
class ProtectedTable:
    rows: list[Hashable]
    columns: list[Hashable]
    cells: dict[tuple[Hashable, Hashable], Cell]
    row_totals: dict[Hashable, Cell]
    column_totals: dict[Hashable, Cell]
    total: Cell

    def cell(self, row: Hashable, column: Hashable) -> Cell:
        return self.cells[(row, column)]

    @property
    def any_suppressed(self) -> bool:
        return any(c.suppressed for c in self._all())

    def _all(self):
        yield from self.cells.values()
        yield from self.row_totals.values()
        yield from self.column_totals.values()
        yield self.total


def threshold() -> int:
    return int(getattr(settings, "DISCLOSURE_THRESHOLD", 5))


def protect(
    counts: dict[tuple[Hashable, Hashable], int],
    rows: Sequence[Hashable],
    columns: Sequence[Hashable],
    *,
    limit: int | None = None,
    publish_totals: bool = True,
) -> ProtectedTable:
    """Protect a table of counts; missing (row, column) pairs count as 0.

    With `publish_totals=False` the caller shows no totals: they are withheld
    (suppressed) and no secondary suppression is needed to protect them.
    """
    limit = threshold() if limit is None else limit
    rows, columns = list(rows), list(columns)
    # Every number that will be shown, keyed: ("c", r, c), ("r", r), ("k", c), ("t",).
    values: dict[tuple, int] = {}
    for r in rows:
        for c in columns:
            values[("c", r, c)] = int(counts.get((r, c), 0))
    for r in rows:
        values[("r", r)] = sum(values[("c", r, c)] for c in columns)
    for c in columns:
        values[("k", c)] = sum(values[("c", r, c)] for r in rows)
    values[("t",)] = sum(values[("r", r)] for r in rows)

    status: dict[tuple, str] = {
        key: PRIMARY if 0 < value < limit else "" for key, value in values.items()
    }
    if not publish_totals:
        for key in values:
            if key[0] != "c":
                status[key] = SECONDARY
    # Each line is an equation "parts sum to total"; one hidden member is recomputable.
    lines: list[list[tuple]] = []
    lines += [[("c", r, c) for c in columns] + [("r", r)] for r in rows]
    lines += [[("c", r, c) for r in rows] + [("k", c)] for c in columns]
    lines.append([("k", c) for c in columns] + [("t",)])
    lines.append([("r", r) for r in rows] + [("t",)])
    if not publish_totals:
        lines = []  # no published sums: no cell can be recomputed from the others

    changed = True
    while changed:
        changed = False
        for line in lines:
            hidden = [key for key in line if status[key]]
            if len(hidden) != 1:
                continue
            candidates = [key for key in line if not status[key] and values[key] > 0]
            if not candidates:
                continue  # every other member is zero, so the hidden one is zero too
            smallest = min(candidates, key=lambda key: values[key])
            status[smallest] = SECONDARY
            changed = True

    def make(key: tuple) -> Cell:
        return Cell(value=None, suppressed=status[key]) if status[key] else Cell(values[key])

    return ProtectedTable(
        rows=rows,
        columns=columns,
        cells={(r, c): make(("c", r, c)) for r in rows for c in columns},
        row_totals={r: make(("r", r)) for r in rows},
        column_totals={c: make(("k", c)) for c in columns},
        total=make(("t",)),
    )
