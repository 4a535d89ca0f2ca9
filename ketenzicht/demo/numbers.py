"""The demo's identifiers: V-nummers, pseudonyms and each organisation's own numbers.

Functions of the seed and the person's index only, so the database loader and
the extract writer (`extracts.py`) give a person the same numbers.
"""

from __future__ import annotations

import random
from datetime import date
from functools import cache

from ketenzicht.accounts.roles import OrganisationKind as Org

# Bijective scramblers (odd multiplier mod 2^48; multiplier coprime to 9·10^9):
# unique pseudonyms and V-numbers per index without remembering issued ones.
_PSEUDONYM_MULT = 0x5DEECE66D
_V_RANGE = 9_000_000_000
_V_MULT = 2_654_435_761


@cache
def _offsets(seed: int) -> tuple[int, int]:
    return random.Random(f"v:{seed}").randrange(_V_RANGE), random.Random(f"p:{seed}").getrandbits(
        48
    )


def v_number(seed: int, index: int) -> str:
    return str(1_000_000_000 + (index * _V_MULT + _offsets(seed)[0]) % _V_RANGE)


def pseudonym(seed: int, index: int, k: int) -> str:
    value = ((5 * index + k) * _PSEUDONYM_MULT + _offsets(seed)[1]) % (1 << 48)
    return f"P-{value:012X}"


def org_number(organisation: str, index: int, arrival: date) -> str:
    """Each organisation numbers in its own format (no shared prefix to block on)."""
    year = arrival.year
    return {
        Org.POLITIE: f"PL0100-{year}{index:08d}",
        Org.KMAR: f"KMAR-{year}-{index:08d}",
        Org.IND: f"IND-{year % 100:02d}{arrival.month:02d}-{index:08d}",
        Org.COA: f"{30_000_000 + index}",
        Org.NIDOS: f"N{index:08d}",
        Org.DTV: f"DTV-{index:08d}",
    }[organisation]
