from datetime import date

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from ketenzicht.accounts.roles import OrganisationKind as O
from ketenzicht.audit.models import AuditEvent
from ketenzicht.people import services
from ketenzicht.people.models import EurodacHit, IdentityRecord, Person
from tests.factories import organisation
from tests.people.conftest import place, register

pytestmark = pytest.mark.django_db
LIST = "/api/v1/persons/"


def _api(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


@pytest.fixture
def anh(chain):
    person = register(chain.ind, family_name="NGUYEN", given_names="Anh Van", v_number="1234567890")
    place(person, chain.location)
    EurodacHit.objects.create(
        person=person,
        organisation=organisation(O.IND),
        member_state="FRA",
        hit_date=date(2024, 1, 1),
        category=1,
        registered_as="minor",
    )
    return person


def test_list_searches_through_the_same_selector(chain, anh):
    register(chain.ind, family_name="Tesfay")
    response = _api(chain.ind).get(LIST, {"q": "Nguyen Van Anh"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    row = body["results"][0]
    assert row["id"] == anh.pk
    assert row["identity_records"][0]["organisation"] == {"kind": "ind", "name": "IND"}
    assert row["age_status"]["treated_as_minor"] == "yes"
    assert row["current_placement"]["location"] == "BO Ter Apel"


def test_list_filter_errors_are_problem_details(chain):
    response = _api(chain.ind).get(LIST, {"dob": "2009-13"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert set(response.json()["errors"]) == {"dob"}


def test_list_is_forbidden_without_person_access(chain):
    response = _api(chain.ovj).get(LIST)
    assert response.status_code == 403
    assert response.json()["status"] == 403


def test_detail_has_provenance_redactions_and_a_read_audit(chain, anh):
    body = _api(chain.ind).get(f"{LIST}{anh.pk}/").json()
    assert body["identity_records"][0]["family_name"] == "NGUYEN"
    assert body["eurodac_hits"][0]["organisation"]["kind"] == "ind"
    assert body["age_status"]["rule"] == "claimed_minor"
    mentor_body = _api(chain.mentor).get(f"{LIST}{anh.pk}/").json()
    assert "eurodac_hits" not in mentor_body and "documents" not in mentor_body
    assert set(mentor_body["hidden_sections"]) == {
        "documents",
        "eurodac_hits",
        "foreign_references",
    }
    reads = AuditEvent.objects.filter(action="read", person_id=anh.pk)
    assert sorted(reads.values_list("actor_id", flat=True)) == sorted(
        [chain.ind.pk, chain.mentor.pk]
    )


def test_forbidden_detail_is_the_same_404_as_missing(chain, anh):
    api = _api(chain.other_mentor)
    forbidden, missing = api.get(f"{LIST}{anh.pk}/"), api.get(f"{LIST}999999/")
    assert forbidden.status_code == missing.status_code == 404
    assert {k: v for k, v in forbidden.json().items() if k != "instance"} == {
        k: v for k, v in missing.json().items() if k != "instance"
    }
    assert not AuditEvent.objects.filter(action="read").exists()


def test_register_through_the_api(chain):
    response = _api(chain.ir).post(
        LIST,
        {
            "family_name": "Nguyễn",
            "given_names": "Văn Anh",
            "date_of_birth": "2009-01-01",
            "dob_is_placeholder": True,
            "nationality": "VNM",
            "v_number": "5555555555",
            "age_inspection": {
                "inspected_on": timezone.localdate().isoformat(),
                "ind_officer": chain.ind.pk,
                "avim_officer": chain.ir.pk,
                "outcome": "minor",
                "on_arrival_without_asylum": True,
            },
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    person = Person.objects.get(v_number="5555555555")
    assert body["id"] == person.pk
    assert body["age_status"]["rule"] == "inspection_minor"
    assert body["age_inspections"][0]["on_arrival_without_asylum"] is True


def test_register_validation_errors_per_field_and_nothing_saved(chain):
    register(chain.ir, v_number="5555555555")
    before = (Person.objects.count(), IdentityRecord.objects.count())
    response = _api(chain.ir).post(
        LIST,
        {
            "family_name": "Nguyen",
            "date_of_birth": "2999-01-01",
            "nationality": "QQQ",
            "v_number": "5555555555",
            "age_inspection": {
                "inspected_on": timezone.localdate().isoformat(),
                "ind_officer": chain.ir.pk,
                "avim_officer": chain.ir.pk,
                "outcome": "minor",
            },
        },
        format="json",
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    errors = response.json()["errors"]
    assert errors["date_of_birth"] == [str(services.DOB_IN_FUTURE)]
    assert errors["nationality"] == [str(services.UNKNOWN_COUNTRY)]
    assert errors["v_number"] == [str(services.DUPLICATE_V_NUMBER)]
    assert errors["age_inspection"]["ind_officer"] == [str(services.IND_OFFICER_ROLE)]
    assert (Person.objects.count(), IdentityRecord.objects.count()) == before


def test_register_errors_in_dutch(chain):
    response = _api(chain.ir).post(
        LIST,
        {"family_name": "X", "date_of_birth": "2999-01-01"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    assert response.json()["errors"]["date_of_birth"] == [
        "De geboortedatum kan niet in de toekomst liggen."
    ]


def test_register_forbidden_for_mentor(chain):
    response = _api(chain.mentor).post(LIST, {"family_name": "X"}, format="json")
    assert response.status_code == 403


def test_schema_describes_the_person_endpoints(client):
    from django.urls import reverse

    response = client.get(reverse("api-schema"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "/api/v1/persons/" in text and "/api/v1/persons/{id}/" in text
