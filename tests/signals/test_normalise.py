import pytest

from ketenzicht.signals import normalise


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("06 12345678", "+31612345678"),
        ("+31 (0)6-1234 5678", "+31612345678"),
        ("0031612345678", "+31612345678"),
        ("+44 7911 123456", "+447911123456"),
        ("+33 6 12 34 56 78", "+33612345678"),
    ],
)
def test_phone_numbers_become_e164(raw, expected):
    assert normalise.phone_e164(raw) == expected


@pytest.mark.parametrize("raw", ["12345", "not a phone", "+31 6 1234"])
def test_invalid_phone_numbers_are_refused(raw):
    with pytest.raises(ValueError):
        normalise.phone_e164(raw)


def test_iban_is_checked_with_mod_97():
    assert normalise.iban("nl91 abna 0417 1643 00") == "NL91ABNA0417164300"
    with pytest.raises(ValueError, match="controlecijfers"):
        normalise.iban("NL92ABNA0417164300")
    with pytest.raises(ValueError, match="18"):
        normalise.iban("NL91ABNA041716430")


def test_plates_are_one_key_whatever_the_separators():
    assert normalise.plate("12-abc-3") == normalise.plate("12 ABC 3") == "NL:12ABC3"
    assert normalise.plate("AB-123-CD", "fr") == "FR:AB123CD"
    with pytest.raises(ValueError):
        normalise.plate("X")
