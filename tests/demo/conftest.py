from datetime import date

import pytest

from ketenzicht.demo.generator import RunResult, run_demo

AS_OF = date(2025, 11, 24)


@pytest.fixture
def small_demo(db) -> RunResult:
    """A small generated chain (enough for every demo user to have something in scope)."""
    return run_demo(persons=1500, seed=11, as_of=AS_OF)
