"""Name normalisation for search and linkage.

Organisations write the same name differently: with or without diacritics
(Nguyễn / Nguyen), transliterated differently (Mohammed / Muhammad / Mohamed,
Tesfay / Tesfaye), and in a different order (Vietnamese family name first or
last). `name_tokens` folds a name to comparable tokens; `search_key` is the
sorted, de-duplicated token string stored on identity records so that search
is independent of token order.
"""

import re
import unicodedata

_SPLIT = re.compile(r"[^a-z0-9]+")

# Letter clusters that transliterations of Arabic, Tigrinya, Pashto and Vietnamese
# render differently. Applied in order, on diacritic-free lower-case tokens.
_FOLDS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"ph", "f"),
        (r"kh", "k"),
        (r"gh", "g"),
        (r"dh", "d"),
        (r"th", "t"),
        (r"ck", "k"),
        (r"q", "k"),
        (r"c(?=[aou]|$)", "k"),
        (r"ou", "u"),
        (r"oo", "u"),
        (r"ee", "i"),
        (r"y", "i"),
        (r"w", "u"),
        (r"j", "i"),
        (r"e", "a"),  # vowel quality varies most: Mohammed / Muhammad / Mohamed
        (r"o", "u"),
        (r"(.)\1+", r"\1"),  # doubled letters: Mohammed / Mohamed
    )
)
# A trailing vowel is often added or dropped in transliteration (Tesfay /
# Tesfaye, Haile / Hail, Abdullahi / Abdullah). Dropped from longer tokens only,
# so short names (Ali, Anh) keep their distinguishing letters.
_TRAILING_VOWELS = re.compile(r"(?<=[^aiu])[aiu]+$")
_TRAILING_MIN_LENGTH = 5
# Diacritic-free letters that NFKD does not decompose.
_SPECIAL = str.maketrans(
    {
        "đ": "d",
        "Đ": "d",
        "ø": "o",
        "Ø": "o",
        "ß": "ss",
        "ł": "l",
        "Ł": "l",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "ı": "i",
    }
)


def strip_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def plain_tokens(text: str) -> list[str]:
    """Lower case, no diacritics, split on anything that is not a letter or digit."""
    return [t for t in _SPLIT.split(strip_diacritics(text).lower()) if t]


def fold_token(token: str) -> str:
    folded = token
    for pattern, replacement in _FOLDS:
        folded = pattern.sub(replacement, folded)
    if len(folded) >= _TRAILING_MIN_LENGTH:
        folded = _TRAILING_VOWELS.sub("", folded)
    # Keep the first letter as written (after diacritics) so very short names
    # do not all collapse to the same key.
    return folded or token


def name_tokens(*parts: str) -> list[str]:
    return [fold_token(t) for part in parts if part for t in plain_tokens(part)]


def search_key(*parts: str) -> str:
    """Sorted unique folded tokens, space separated, with leading and trailing space.

    The surrounding spaces let a database `LIKE '% token%'` match a token prefix
    without matching inside another token.
    """
    tokens = sorted(set(name_tokens(*parts)))
    return f" {' '.join(tokens)} " if tokens else ""
