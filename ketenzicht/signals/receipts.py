"""Receipt codes for public reporters.

A code has 16 characters from a 32-letter alphabet (80 random bits), shown
once. The database keeps only an HMAC of the code for lookup and a salted
password hash of the passphrase, so a database copy reveals neither.
"""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher

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


# OWASP's Password Storage Cheat Sheet lists equally strong minimum settings for
# Argon2id with one lane: 46 MiB and 1 pass, 19 MiB/2, 12 MiB/3, 9 MiB/4 or 7 MiB/5.
OWASP_ARGON2ID_MINIMUMS = ((47104, 1), (19456, 2), (12288, 3), (9216, 4), (7168, 5))


class PassphraseHasher(Argon2PasswordHasher):
    """Argon2id with 12 MiB and 3 passes, one lane: one of OWASP's minimum settings.

    About 18-20 ms of one core here; the 19 MiB/2-pass setting costs some 10% more
    for the same strength. The passphrase is the second secret: the first is the
    80-bit receipt code, which the database holds only as an HMAC under the server
    key, and online guessing is rate limited per address. Django's login
    parameters (100 MiB) would cost ~200 ms per public report and cap intake at a
    few reports per second on two cores; see docs/adr/0006-public-intake.md.
    Hashes made with earlier parameters keep verifying (each hash carries its own).
    """

    algorithm = "argon2"
    time_cost = 3
    memory_cost = 12288
    parallelism = 1


_HASHER = PassphraseHasher()
# A hash of a random passphrase, checked when no report matches, so a wrong code
# costs as much time as a wrong passphrase and does not reveal which was wrong.
_DUMMY = _HASHER.encode(secrets.token_urlsafe(16), _HASHER.salt())


def hash_passphrase(passphrase: str) -> str:
    return _HASHER.encode(passphrase, _HASHER.salt())


def check_passphrase(passphrase: str, encoded: str | None) -> bool:
    if not encoded:
        _HASHER.verify(passphrase, _DUMMY)
        return False
    return _HASHER.verify(passphrase, encoded)
