import pytest
from django.core.exceptions import ValidationError

from ketenzicht.reception import services
from ketenzicht.reception.catalogue import check_factor_text
from ketenzicht.reception.models import RiskFactor

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "text",
    [
        "Nationaliteit",
        "Vietnamese nationality",
        "Etnische afkomst",
        "Herkomstland",
        "Eritrean origin",
        "Religie",
        "Moedertaal Tigrinya",
        "Oekraïens",
    ],
)
def test_forbidden_grounds_are_refused(text):
    assert check_factor_text(text)


@pytest.mark.parametrize(
    "text", ["Contact met onbekende volwassenen", "Schuld voor de reis", "Missed reporting moments"]
)
def test_individual_circumstances_are_fine(text):
    assert check_factor_text(text) == ""


def test_the_seeded_catalogue_is_clean():
    factors = RiskFactor.objects.all()
    assert factors.count() >= 10
    for f in factors:
        for text in (f.code.replace("-", " "), f.label_nl, f.label_en, f.explanation):
            assert check_factor_text(text) == "", (f.code, text)


def test_beheerder_cannot_add_a_nationality_factor(site):
    with pytest.raises(ValidationError) as exc:
        services.save_risk_factor(
            actor=site.beheerder,
            factor=None,
            code="nationaliteit-vnm",
            label_nl="Vietnamese nationaliteit",
            label_en="Vietnamese",
            explanation="x",
            is_active=True,
        )
    assert {"code", "label_nl", "label_en"} <= set(exc.value.message_dict)
    assert not RiskFactor.objects.filter(code="nationaliteit-vnm").exists()
