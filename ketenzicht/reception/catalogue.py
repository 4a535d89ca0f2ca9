"""The risk-factor catalogue may never contain nationality, ethnicity or origin.

Risk is individual and explained (see the childcare-benefits scandal and the
Dutch algorithm register). Every catalogue text passes this check; a test keeps
the seeded catalogue clean.
"""

import re

from django.utils.translation import gettext as _

from ketenzicht.people.names import strip_diacritics

# Grounds that may never be a risk factor, in Dutch and English (word starts).
FORBIDDEN_GROUNDS = (
    "nationalit",
    "nationaliteit",
    "etnic",
    "ethnic",
    "etnisch",
    "afkomst",
    "herkomst",
    "origin",
    "ras ",
    "race",
    "religi",
    "geloof",
    "huidskleur",
    "skin colour",
    "skin color",
    "moedertaal",
    "mother tongue",
    "vietnam",
    "nigeria",
    "eritre",
    "afghan",
    "syri",
    "marokk",
    "morocc",
    "ukrain",
    "oekra",
    "somali",
)


def check_factor_text(text: str) -> str:
    """An error message when the text names a forbidden ground, else ""."""
    folded = " " + re.sub(r"[^a-z ]+", " ", strip_diacritics(text).lower()) + " "
    for ground in FORBIDDEN_GROUNDS:
        if (" " + ground) in folded:
            return _(
                "A risk factor may not refer to nationality, ethnicity, origin, religion or "
                "language: risk is assessed from a person's own situation."
            )
    return ""
