"""ISO 3166-1 countries: validation, normalisation to alpha-3, names in the UI language.

Organisations exchange nationality as alpha-3 (VNM, ERI, NGA); people type
alpha-2 too. Besides ISO 3166 the ICAO travel-document codes for statelessness
and unspecified nationality are accepted, because the chain records them.
"""

import gettext
from functools import cache

import pycountry
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# ICAO Doc 9303 codes that are not countries but are real answers.
EXTRA_CODES = {
    "XXA": _("stateless"),
    "XXX": _("nationality unspecified"),
}

# Member states that take part in Eurodac (EU plus the Dublin associates).
EURODAC_STATES = frozenset(
    [
        "AUT",
        "BEL",
        "BGR",
        "HRV",
        "CYP",
        "CZE",
        "DNK",
        "EST",
        "FIN",
        "FRA",
        "DEU",
        "GRC",
        "HUN",
        "IRL",
        "ITA",
        "LVA",
        "LTU",
        "LUX",
        "MLT",
        "NLD",
        "POL",
        "PRT",
        "ROU",
        "SVK",
        "SVN",
        "ESP",
        "SWE",
        "ISL",
        "LIE",
        "NOR",
        "CHE",
    ]
)


def normalise(code: str | None) -> str | None:
    """The alpha-3 code for an alpha-2 or alpha-3 input, or None if unknown."""
    value = (code or "").strip().upper()
    if not value:
        return None
    if value in EXTRA_CODES:
        return value
    country = None
    if len(value) == 2:
        country = pycountry.countries.get(alpha_2=value)
    elif len(value) == 3:
        country = pycountry.countries.get(alpha_3=value)
    return country.alpha_3 if country else None


@cache
def _translator(language: str):
    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
    except OSError:
        return gettext.NullTranslations()


def name(code: str | None) -> str:
    """The country's common name in the active language ('Vietnam', 'Eritrea')."""
    if not code:
        return ""
    if code in EXTRA_CODES:
        return str(EXTRA_CODES[code])
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        return code
    english = getattr(country, "common_name", None) or country.name
    language = (get_language() or "nl").split("-")[0]
    if language == "en":
        return english
    return _translator(language).gettext(country.name)


def choices(*, only: frozenset[str] | None = None) -> list[tuple[str, str]]:
    """(code, "Name (CODE)") sorted by name in the active language."""
    codes = [c.alpha_3 for c in pycountry.countries]
    if only is None:
        codes += list(EXTRA_CODES)
    else:
        codes = [c for c in codes if c in only]
    return sorted(((c, f"{name(c)} ({c})") for c in codes), key=lambda pair: pair[1].casefold())
