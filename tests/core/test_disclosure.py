"""Disclosure control: primary and secondary suppression, as tables."""

import itertools

import pytest

from ketenzicht.core.disclosure import PRIMARY, SECONDARY, protect


def table(grid: list[list[int]]):
    rows = list(range(len(grid)))
    cols = list(range(len(grid[0])))
    counts = {(r, c): grid[r][c] for r in rows for c in cols}
    return protect(counts, rows, cols), rows, cols


def shown(t, rows, cols) -> list[list[str]]:
    out = [[t.cell(r, c).shown for c in cols] + [t.row_totals[r].shown] for r in rows]
    out.append([t.column_totals[c].shown for c in cols] + [t.total.shown])
    return out


@pytest.mark.parametrize(
    ("grid", "expected"),
    [
        # Nothing small: everything shown.
        ([[10, 20], [30, 40]], [["10", "20", "30"], ["30", "40", "70"], ["40", "60", "100"]]),
        # Zeros are shown; they reveal no one.
        ([[0, 20], [30, 40]], [["0", "20", "20"], ["30", "40", "70"], ["30", "60", "90"]]),
        # One small cell: primary "< 5", and its row and column partners are
        # hidden too (secondary), and then the diagonal to close the square.
        ([[3, 20], [30, 40]], [["< 5", "•", "23"], ["•", "•", "70"], ["33", "60", "93"]]),
    ],
)
def test_suppression_tables(grid, expected):
    t, rows, cols = table(grid)
    assert shown(t, rows, cols) == expected


def test_small_total_is_itself_suppressed():
    t, rows, cols = table([[2, 0], [0, 1]])
    assert t.total.suppressed == PRIMARY
    assert t.row_totals[0].suppressed == PRIMARY


def test_secondary_cells_do_not_claim_to_be_small():
    t, rows, cols = table([[3, 20], [30, 40]])
    assert t.cell(0, 1).suppressed == SECONDARY and t.cell(0, 1).shown == "•"


def _recomputable(t, rows, cols, grid) -> bool:
    """Can any hidden cell be recomputed from one line of shown numbers?"""
    lines = [[(("c", r, c)) for c in cols] + [("r", r)] for r in rows]
    lines += [[("c", r, c) for r in rows] + [("k", c)] for c in cols]

    def cell(key):
        if key[0] == "c":
            return t.cell(key[1], key[2])
        if key[0] == "r":
            return t.row_totals[key[1]]
        return t.column_totals[key[1]]

    for line in lines:
        hidden = [k for k in line if cell(k).suppressed]
        if len(hidden) == 1:
            return True
    return False


@pytest.mark.parametrize("seed", range(40))
def test_no_hidden_cell_is_recomputable_from_a_single_line(seed):
    import random

    rng = random.Random(seed)
    grid = [[rng.choice([0, 1, 2, 3, 4, 5, 8, 13, 40]) for _ in range(4)] for _ in range(3)]
    t, rows, cols = table(grid)
    assert not _recomputable(t, rows, cols, grid)
    # And every shown number is the true number.
    for r, c in itertools.product(rows, cols):
        cell = t.cell(r, c)
        if not cell.suppressed:
            assert cell.value == grid[r][c]
        if 0 < grid[r][c] < 5:
            assert cell.suppressed == PRIMARY


def test_without_published_totals_only_small_counts_are_hidden():
    t = protect({("w", 2025): 2, ("w", 2026): 7}, ["w"], [2025, 2026], publish_totals=False)
    assert [t.cell("w", y).shown for y in (2025, 2026)] == ["< 5", "7"]
    assert t.total.suppressed and t.row_totals["w"].suppressed
