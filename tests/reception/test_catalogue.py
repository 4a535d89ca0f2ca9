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


def test_coa_beheerder_maintains_the_catalogue_in_the_ui(client, site):
    client.force_login(site.beheerder)
    response = client.post(
        "/opvang/risicofactoren/nieuw/",
        {
            "code": "herkomstland",
            "label_nl": "Herkomstland",
            "label_en": "Country of origin",
            "explanation": "x",
            "is_active": "on",
        },
    )
    assert response.status_code == 400
    assert not RiskFactor.objects.filter(code="herkomstland").exists()
    response = client.post(
        "/opvang/risicofactoren/nieuw/",
        {
            "code": "night-pickups",
            "label_nl": "Wordt 's nachts opgehaald",
            "label_en": "Picked up at night",
            "explanation": "Door onbekenden met een auto.",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert RiskFactor.objects.filter(code="night-pickups", is_active=True).exists()
    client.force_login(site.mentor)
    assert client.get("/opvang/risicofactoren/nieuw/").status_code == 403
