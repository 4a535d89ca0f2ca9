"""How one organisation writes down a person: the realistic variation between records.

A person's true name and claimed date of birth are the same for everyone; what
each organisation records differs the way it does in practice: diacritics lost
in a system without them (Nguyễn → Nguyen), another transliteration (Mohammed /
Muhammad, Ukrainian Oleksandr / Aleksandr / Oleksandr in Dutch spelling), the
family name in the given-name field (Vietnamese and Eritrean names, whose order
Dutch forms do not fit), a typing error, a day/month swap or year ±1 in the
date of birth, 1 January as registration placeholder, a year-only date, and a
missing V-nummer. The probabilities are calibration inputs per organisation;
what actually happened to a record is returned, so the truth table can say.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from ketenzicht.accounts.roles import OrganisationKind
from ketenzicht.people.models import DatePrecision
from ketenzicht.people.names import strip_diacritics

from . import names as pools

Org = OrganisationKind


@dataclass(frozen=True)
class OrgStyle:
    """Probabilities (per record) that an organisation's registration varies."""

    drop_diacritics: float
    spelling_variant: float  # per name token that has known variants
    swapped_order: float  # for Vietnamese, Eritrean and Somali names
    swapped_order_other: float  # for other names
    typo: float
    dob_day_month_swap: float
    dob_year_off: float
    dob_placeholder: float  # 1 January written although the date was claimed
    dob_year_only: float
    missing_v_number: float
    transliteration: tuple[str, ...]  # Cyrillic systems in use, most frequent first


STYLES: dict[str, OrgStyle] = {
    # I&R copies names from documents where there are any, types otherwise.
    Org.POLITIE: OrgStyle(
        0.45, 0.20, 0.12, 0.03, 0.05, 0.03, 0.03, 0.05, 0.03, 0.03, ("national", "english", "dutch")
    ),
    Org.KMAR: OrgStyle(
        0.40, 0.20, 0.15, 0.04, 0.05, 0.03, 0.03, 0.06, 0.04, 0.35, ("national", "english")
    ),
    Org.IND: OrgStyle(0.20, 0.15, 0.08, 0.02, 0.03, 0.02, 0.02, 0.04, 0.03, 0.00, ("national",)),
    Org.COA: OrgStyle(
        0.70,
        0.30,
        0.20,
        0.05,
        0.08,
        0.04,
        0.05,
        0.08,
        0.05,
        0.05,
        ("dutch", "english", "national", "russian"),
    ),
    Org.NIDOS: OrgStyle(
        0.60,
        0.30,
        0.18,
        0.04,
        0.07,
        0.04,
        0.04,
        0.06,
        0.04,
        0.12,
        ("english", "national", "dutch", "russian"),
    ),
    Org.DTV: OrgStyle(
        0.50, 0.20, 0.10, 0.03, 0.05, 0.03, 0.03, 0.05, 0.04, 0.02, ("national", "english")
    ),
}

ORDER_SENSITIVE = frozenset({"VNM", "ERI", "SOM"})

_KEY_NEIGHBOURS = {
    "a": "qsz",
    "b": "vn",
    "c": "xv",
    "d": "sf",
    "e": "wr",
    "f": "dg",
    "g": "fh",
    "h": "gj",
    "i": "uo",
    "j": "hk",
    "k": "jl",
    "l": "k",
    "m": "n",
    "n": "bm",
    "o": "ip",
    "p": "o",
    "q": "w",
    "r": "et",
    "s": "ad",
    "t": "ry",
    "u": "yi",
    "v": "cb",
    "w": "qe",
    "x": "zc",
    "y": "tu",
    "z": "x",
}


@dataclass(frozen=True)
class TrueName:
    """A name as the person would write it, in the parts Dutch forms ask for."""

    given: tuple[str, ...]  # given names in writing order (Vietnamese: middle + given)
    family: tuple[str, ...]  # family name, or father's (and grandfather's) name
    cyrillic: bool = False

    def given_text(self) -> str:
        return " ".join(self.given)

    def family_text(self) -> str:
        return " ".join(self.family)


@dataclass
class RecordText:
    given_names: str
    family_name: str
    date_of_birth: date | None
    dob_precision: str
    dob_is_placeholder: bool
    missing_v_number: bool
    variations: list[str] = field(default_factory=list)


def typo(word: str, rng: random.Random) -> str:
    """One keyboard error: neighbour key, dropped, doubled or transposed letter."""
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(4)
    ch = word[i]
    if kind == 0 and ch.lower() in _KEY_NEIGHBOURS:
        return word[:i] + rng.choice(_KEY_NEIGHBOURS[ch.lower()]) + word[i + 1 :]
    if kind == 1:
        return word[:i] + word[i + 1 :]
    if kind == 2:
        return word[:i] + ch + word[i:]
    return word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]


def _spell(tokens: tuple[str, ...], p: float, rng: random.Random, applied: list[str]):
    out = []
    for token in tokens:
        variant = pools.spelling_variant(token, rng) if rng.random() < p else None
        if variant is not None:
            applied.append("spelling_variant")
            out.append(variant)
        else:
            out.append(token)
    return out


def _safe_date(year: int, month: int, day: int) -> date:
    while True:
        try:
            return date(year, month, day)
        except ValueError:
            day -= 1


def vary_dob(
    claimed: date, *, dob_known: bool, style: OrgStyle, rng: random.Random, applied: list[str]
) -> tuple[date | None, str, bool]:
    """The date of birth as this organisation records it: (date, precision, placeholder)."""
    if not dob_known:
        # The person does not know the date: organisations write 1 January of the
        # claimed year, or the year only.
        if rng.random() < 0.3:
            applied.append("dob_year_only")
            return date(claimed.year, 1, 1), DatePrecision.YEAR, False
        applied.append("dob_placeholder")
        return date(claimed.year, 1, 1), DatePrecision.FULL, True
    value = claimed
    if rng.random() < style.dob_day_month_swap and value.day <= 12 and value.day != value.month:
        value = date(value.year, value.day, value.month)
        applied.append("dob_day_month_swap")
    if rng.random() < style.dob_year_off:
        value = _safe_date(value.year + rng.choice((-1, 1)), value.month, value.day)
        applied.append("dob_year_off")
    roll = rng.random()
    if roll < style.dob_placeholder:
        applied.append("dob_placeholder")
        return date(value.year, 1, 1), DatePrecision.FULL, True
    if roll < style.dob_placeholder + style.dob_year_only:
        applied.append("dob_year_only")
        return date(value.year, 1, 1), DatePrecision.YEAR, False
    return value, DatePrecision.FULL, False


def record_text(
    name: TrueName,
    *,
    nationality: str,
    claimed_dob: date,
    dob_known: bool,
    organisation_kind: str,
    rng: random.Random,
) -> RecordText:
    """How `organisation_kind` writes this person's name and date of birth."""
    style = STYLES[organisation_kind]
    applied: list[str] = []
    if name.cyrillic:
        system = rng.choice(style.transliteration)
        if system != "national":
            applied.append("transliteration")
        given = [pools.romanise(t, system) for t in name.given]
        family = [pools.romanise(t, system) for t in name.family]
    else:
        given = _spell(name.given, style.spelling_variant, rng, applied)
        family = list(name.family)
        if family and family[0].lower().startswith(("al-", "el-")) and rng.random() < 0.5:
            varied = pools.article_variant(family[0], rng)
            if varied != family[0]:
                applied.append("article_variant")
                family[0] = varied
        family = _spell(tuple(family), style.spelling_variant, rng, applied)
    if nationality == "VNM" and len(given) > 1 and rng.random() < 0.15:
        given = given[1:]  # the middle name (Văn, Thị) left out
        applied.append("middle_name_dropped")
    if len(family) > 1 and rng.random() < 0.3:
        family = family[:1]  # grandfather's name left out
        applied.append("grandfather_dropped")
    given_text, family_text = " ".join(given), " ".join(family)
    if rng.random() < style.drop_diacritics and strip_diacritics(given_text + family_text) != (
        given_text + family_text
    ):
        given_text, family_text = strip_diacritics(given_text), strip_diacritics(family_text)
        applied.append("diacritics_dropped")
    p_swap = style.swapped_order if nationality in ORDER_SENSITIVE else style.swapped_order_other
    if family_text and rng.random() < p_swap:
        given_text, family_text = family_text, given_text
        applied.append("swapped_order")
    if rng.random() < style.typo:
        if family_text and (not given_text or rng.random() < 0.5):
            family_text = typo(family_text, rng)
        else:
            given_text = typo(given_text, rng)
        applied.append("typo")
    dob, precision, placeholder = vary_dob(
        claimed_dob, dob_known=dob_known, style=style, rng=rng, applied=applied
    )
    missing_v = rng.random() < style.missing_v_number
    if missing_v:
        applied.append("missing_v_number")
    return RecordText(given_text, family_text, dob, precision, placeholder, missing_v, applied)
