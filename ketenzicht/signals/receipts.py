"""Receipt codes for public reporters.

A code has 16 characters from a 32-letter alphabet (80 random bits), shown
once. The database keeps only an HMAC of the code for lookup and a salted
password hash of the passphrase, so a database copy reveals neither.
"""

import hashlib
import hmac
import secrets

from django.conf import settings

# Crockford's base32: no I, L, O, U, so codes read aloud or typed are unambiguous.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 16


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def canonical(code: str) -> str:
    cleaned = code.upper().replace("-", "").replace(" ", "")
    return cleaned.replace("O", "0").replace("I", "1").replace("L", "1")


def lookup_key(code: str) -> str:
    key = (settings.SECRET_KEY + ":signal-receipt").encode()
    return hmac.new(key, canonical(code).encode(), hashlib.sha256).hexdigest()
