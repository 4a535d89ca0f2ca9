"""Normalised keys for entities, so the same phone or plate in two signals is one entity.

Each function returns the normalised key or raises ValueError with a message
that the form shows next to the field.
"""

import re
import string

import phonenumbers
from django.utils.translation import gettext as _

# Numbers written without a country code are read as Dutch: the chain is Dutch.
DEFAULT_PHONE_REGION = "NL"


def phone_e164(raw: str) -> str:
    try:
        number = phonenumbers.parse(raw, DEFAULT_PHONE_REGION)
    except phonenumbers.NumberParseException as exc:
        raise ValueError(_("This is not a phone number.")) from exc
    if not phonenumbers.is_valid_number(number):
        raise ValueError(
            _("This phone number is not valid. Use the international form, e.g. +31 6 12345678.")
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


_IBAN_LENGTHS = {
    "NL": 18,
    "BE": 16,
    "DE": 22,
    "FR": 27,
    "GB": 22,
    "ES": 24,
    "IT": 27,
    "PL": 28,
    "RO": 24,
    "BG": 22,
    "LT": 20,
    "LU": 20,
    "IE": 22,
    "PT": 25,
    "AT": 20,
    "CH": 21,
    "DK": 18,
    "SE": 24,
}


def iban(raw: str) -> str:
    compact = re.sub(r"\s+", "", raw).upper()
    if not re.fullmatch(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{10,30}", compact):
        raise ValueError(_("An IBAN starts with a country code and two check digits."))
    expected = _IBAN_LENGTHS.get(compact[:2])
    if expected is not None and len(compact) != expected:
        raise ValueError(
            _("An IBAN from %(country)s has %(length)s characters.")
            % {"country": compact[:2], "length": expected}
        )
    rearranged = compact[4:] + compact[:4]
    digits = "".join(
        str(string.ascii_uppercase.index(c) + 10) if c.isalpha() else c for c in rearranged
    )
    if int(digits) % 97 != 1:
        raise ValueError(_("The check digits of this IBAN are wrong. Check for a typing error."))
    return compact


def plate(raw: str, country: str = "NL") -> str:
    compact = re.sub(r"[^A-Za-z0-9]", "", raw).upper()
    if not 2 <= len(compact) <= 10:
        raise ValueError(_("A licence plate has 2 to 10 letters and digits."))
    country = (country or "NL").upper()
    if not re.fullmatch(r"[A-Z]{1,3}", country):
        raise ValueError(_("Give the country of the plate as a country code, e.g. NL or FR."))
    return f"{country}:{compact}"


def vessel(raw: str) -> str:
    compact = re.sub(r"\s+", " ", raw).strip().upper()
    if len(compact) < 2:
        raise ValueError(_("Give the vessel's name, registration or hull number."))
    return compact


def address(raw: str) -> str:
    compact = re.sub(r"[\s,]+", " ", raw).strip().lower()
    if len(compact) < 5:
        raise ValueError(_("Give at least a street and place."))
    return compact


def online_profile(raw: str) -> str:
    value = raw.strip()
    if not value:
        raise ValueError(_("Give the platform and the handle or the profile address."))
    value = re.sub(r"^https?://(www\.)?", "", value, flags=re.IGNORECASE).rstrip("/")
    return value.lower()


NORMALISERS = {
    "phone": phone_e164,
    "bank_account": iban,
    "vessel": vessel,
    "address": address,
    "online_profile": online_profile,
}


def normalise(kind: str, raw: str, country: str = "") -> str:
    if kind == "vehicle":
        return plate(raw, country or "NL")
    return NORMALISERS[kind](raw)
