"""Receipt codes and passphrase hashes of public reporters."""

from django.contrib.auth.hashers import Argon2PasswordHasher

from ketenzicht.signals import receipts


def test_passphrase_hash_is_argon2id_at_or_above_an_owasp_minimum():
    encoded = receipts.hash_passphrase("lange-wachtzin-voor-de-melder")
    decoded = receipts.PassphraseHasher().decode(encoded)
    assert decoded["variety"] == "argon2id"
    memory, passes = decoded["memory_cost"], decoded["time_cost"]
    assert any(memory >= m and passes >= t for m, t in receipts.OWASP_ARGON2ID_MINIMUMS)
    assert receipts.check_passphrase("lange-wachtzin-voor-de-melder", encoded)
    assert not receipts.check_passphrase("een-andere-wachtzin", encoded)


def test_hashes_made_with_earlier_parameters_keep_verifying():
    class Earlier(Argon2PasswordHasher):
        time_cost, memory_cost, parallelism = 2, 9216, 1

    earlier = Earlier()
    encoded = earlier.encode("lange-wachtzin-voor-de-melder", earlier.salt())
    assert receipts.check_passphrase("lange-wachtzin-voor-de-melder", encoded)
    assert not receipts.check_passphrase("een-andere-wachtzin", encoded)


def test_unknown_code_costs_a_hash_check_and_fails():
    assert not receipts.check_passphrase("lange-wachtzin-voor-de-melder", None)
