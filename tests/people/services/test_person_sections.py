"""Aliases, documents, Eurodac hits, foreign references, asylum applications."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ketenzicht.access.enforce import NotVisible
from ketenzicht.audit.models import AuditEvent
from ketenzicht.people import services
from ketenzicht.people.models import (
    Alias,
    AsylumApplication,
    EurodacHit,
    ForeignReference,
    IdentityDocument,
)
from tests.people.conftest import place, register

pytestmark = pytest.mark.django_db
TOMORROW = timezone.localdate() + timedelta(days=1)


def _errors(excinfo) -> dict:
    return excinfo.value.message_dict


def _audited(obj, person) -> bool:
    return AuditEvent.objects.filter(
        action="create",
        object_kind=obj._meta.label_lower,
        object_id=str(obj.pk),
        person_id=person.pk,
    ).exists()


def test_alias_keeps_a_search_name(chain):
    person = register(chain.ir)
    alias = services.add_alias(actor=chain.ir, person=person, name="  Nguyễn Thị Lan ")
    assert (alias.name, alias.search_name) == ("Nguyễn Thị Lan", " lan nguian ti ")
    assert _audited(alias, person)


def test_empty_alias_is_refused(chain):
    person = register(chain.ir)
    with pytest.raises(ValidationError) as excinfo:
        services.add_alias(actor=chain.ir, person=person, name="  ")
    assert _errors(excinfo) == {"name": [str(services.REQUIRED)]}
    assert not Alias.objects.exists()


def test_document(chain):
    person = register(chain.ir)
    doc = services.add_document(
        actor=chain.ir,
        person=person,
        document_type="passport",
        number="C1234567",
        issuing_country="vn",
        valid_until=date(2030, 1, 1),
        authenticity="doubt",
    )
    assert doc.issuing_country == "VNM"
    assert _audited(doc, person)


def test_document_errors(chain):
    person = register(chain.ir)
    with pytest.raises(ValidationError) as excinfo:
        services.add_document(
            actor=chain.ir,
            person=person,
            document_type="",
            number="",
            issuing_country="XXA",  # stateless is a nationality, not an issuer
            authenticity="probably",
        )
    assert _errors(excinfo) == {
        "document_type": [str(services.REQUIRED)],
        "number": [str(services.REQUIRED)],
        "issuing_country": [str(services.UNKNOWN_COUNTRY)],
        "authenticity": [str(services.INVALID_CHOICE)],
    }
    assert not IdentityDocument.objects.exists()


def test_mentor_may_not_add_documents_to_a_person_they_see(chain):
    person = register(chain.ir)
    place(person, chain.location)
    with pytest.raises(PermissionDenied):
        services.add_document(
            actor=chain.mentor,
            person=person,
            document_type="passport",
            number="1",
            issuing_country="VNM",
        )


def test_eurodac_hit(chain):
    person = register(chain.ind)
    hit = services.add_eurodac_hit(
        actor=chain.ind,
        person=person,
        member_state="DE",
        hit_date=date(2024, 3, 1),
        category="1",
        registered_as="adult",
    )
    assert (hit.member_state, hit.category) == ("DEU", 1)
    assert _audited(hit, person)


def test_eurodac_errors(chain):
    person = register(chain.ind)
    with pytest.raises(ValidationError) as excinfo:
        services.add_eurodac_hit(
            actor=chain.ind,
            person=person,
            member_state="VNM",
            hit_date=TOMORROW,
            category=7,
            registered_as="child",
        )
    assert _errors(excinfo) == {
        "member_state": [str(services.NOT_EURODAC_STATE)],
        "hit_date": [str(services.DATE_IN_FUTURE)],
        "category": [str(services.INVALID_CHOICE)],
        "registered_as": [str(services.INVALID_CHOICE)],
    }
    with pytest.raises(ValidationError) as excinfo:
        services.add_eurodac_hit(
            actor=chain.ind,
            person=person,
            member_state="ZZ",
            hit_date=None,
            category=None,
            registered_as="adult",
        )
    assert _errors(excinfo)["member_state"] == [str(services.UNKNOWN_COUNTRY)]
    assert _errors(excinfo)["hit_date"] == [str(services.REQUIRED)]
    assert not EurodacHit.objects.exists()


def test_foreign_reference(chain):
    person = register(chain.ir)
    ref = services.add_foreign_reference(
        actor=chain.ir, person=person, partner="UK NCA", reference="NCA/2025/17", note=""
    )
    assert _audited(ref, person)
    with pytest.raises(ValidationError) as excinfo:
        services.add_foreign_reference(actor=chain.ir, person=person, partner="", reference="")
    assert set(_errors(excinfo)) == {"partner", "reference"}
    assert ForeignReference.objects.count() == 1


def test_asylum_application_only_by_ind(chain):
    person = register(chain.ind)
    application = services.record_asylum_application(
        actor=chain.ind, person=person, applied_on=date(2025, 1, 10), status="pending"
    )
    assert application.organisation.kind == "ind"
    place(person, chain.location)
    with pytest.raises(PermissionDenied):
        services.record_asylum_application(
            actor=chain.avim, person=person, applied_on=date(2025, 1, 10)
        )
    with pytest.raises(ValidationError) as excinfo:
        services.record_asylum_application(
            actor=chain.ind, person=person, applied_on=TOMORROW, status="lost"
        )
    assert _errors(excinfo) == {
        "applied_on": [str(services.DATE_IN_FUTURE)],
        "status": [str(services.INVALID_CHOICE)],
    }
    assert AsylumApplication.objects.count() == 1


def test_adding_to_an_invisible_person_is_not_found(chain):
    person = register(chain.ind)
    with pytest.raises(NotVisible):
        services.add_alias(actor=chain.other_avim, person=person, name="X")
