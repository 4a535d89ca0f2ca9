from datetime import date, timedelta
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ketenzicht.accounts.roles import OrganisationKind as O
from ketenzicht.audit.models import AuditEvent
from ketenzicht.people import services
from ketenzicht.people.models import (
    AgeInspection,
    AgeInvestigation,
    DatePrecision,
    EurodacHit,
    IdentityRecord,
    Person,
)
from ketenzicht.people.services import IdentityData, InspectionData
from tests.factories import organisation
from tests.people.conftest import register

pytestmark = pytest.mark.django_db


def _counts():
    return (
        Person.objects.count(),
        IdentityRecord.objects.count(),
        AgeInspection.objects.count(),
        AgeInvestigation.objects.count(),
        AuditEvent.objects.count(),
    )


def _errors(excinfo) -> dict:
    return excinfo.value.message_dict


def test_registers_person_with_own_organisations_record_and_audit(chain):
    person = register(chain.ir, v_number="12.34.56.78.90", org_number="AVIM-1", nationality="vn")
    record = person.identity_records.get()
    assert record.organisation.kind == O.POLITIE
    assert record.recorded_by == chain.ir
    assert record.search_name == " anh nguian van "
    assert record.nationality == "VNM"  # alpha-2 input stored as alpha-3
    assert record.v_number == person.v_number == "1234567890"
    events = AuditEvent.objects.filter(person_id=person.pk).order_by("id")
    assert [(e.action, e.object_kind) for e in events] == [
        ("create", "people.person"),
        ("create", "people.identityrecord"),
        ("update", "people.person"),  # the V-number becomes the chain key
    ]


def test_partial_dates_are_stored_at_the_start_of_their_period(chain):
    person = register(chain.ind, date_of_birth=date(2009, 5, 14), dob_precision="year")
    assert person.identity_records.get().date_of_birth == date(2009, 1, 1)
    person = register(
        chain.dtv, date_of_birth=date(2009, 5, 14), dob_precision=DatePrecision.YEAR_MONTH
    )
    assert person.identity_records.get().date_of_birth == date(2009, 5, 1)


def test_known_v_number_links_to_the_existing_person(chain):
    first = register(chain.ir, v_number="1234567890")
    second = register(chain.ind, v_number="1234567890", family_name="NGUYEN", given_names="Anh Van")
    assert first == second
    assert sorted(r.organisation.kind for r in first.identity_records.all()) == [
        O.IND,
        O.POLITIE,
    ]


def test_registration_with_age_inspection_in_one_transaction(chain):
    person = services.register_person(
        actor=chain.ir,
        identity=IdentityData(family_name="Tesfaye", date_of_birth=date(2009, 1, 1)),
        inspection=InspectionData(
            inspected_on=timezone.localdate(),
            ind_officer=chain.ind,
            avim_officer=chain.ir,
            outcome="minor",
            on_arrival_without_asylum=True,
            place="Ter Apel",
        ),
    )
    inspection = person.age_inspections.get()
    assert inspection.on_arrival_without_asylum
    assert not person.age_investigations.exists()


def test_inspection_doubt_starts_an_age_investigation(chain):
    person = services.register_person(
        actor=chain.ind,
        identity=IdentityData(family_name="Okafor", dob_precision="unknown"),
        inspection=InspectionData(
            inspected_on=timezone.localdate(),
            ind_officer=chain.ind,
            avim_officer=chain.avim,
            outcome="doubt",
        ),
    )
    investigation = person.age_investigations.get()
    assert investigation.started_on == timezone.localdate()
    assert investigation.concluded_on is None


def test_inspection_doubt_with_adult_eurodac_hit_starts_no_investigation(chain):
    person = register(chain.ind, v_number="1111111111")
    EurodacHit.objects.create(
        person=person,
        organisation=organisation(O.IND),
        member_state="DEU",
        hit_date=date(2024, 1, 5),
        category=1,
        registered_as="adult",
    )
    services.record_age_inspection(
        actor=chain.ind,
        person=person,
        data=InspectionData(
            inspected_on=timezone.localdate(),
            ind_officer=chain.ind,
            avim_officer=chain.avim,
            outcome="doubt",
        ),
    )
    assert not person.age_investigations.exists()


TOMORROW = timezone.localdate() + timedelta(days=1)


@pytest.mark.parametrize(
    ("identity", "field", "message"),
    [
        ({"family_name": "", "given_names": " "}, "family_name", services.NAME_REQUIRED),
        ({"date_of_birth": TOMORROW}, "date_of_birth", services.DOB_IN_FUTURE),
        ({"date_of_birth": date(1890, 1, 1)}, "date_of_birth", services.DOB_IMPLAUSIBLE),
        ({"date_of_birth": None}, "date_of_birth", services.DOB_REQUIRED),
        ({"dob_precision": "unknown"}, "date_of_birth", services.DOB_NOT_EXPECTED),
        ({"dob_precision": "decade"}, "dob_precision", services.INVALID_CHOICE),
        ({"nationality": "XYZ"}, "nationality", services.UNKNOWN_COUNTRY),
        ({"sex": "q"}, "sex", services.INVALID_CHOICE),
        ({"v_number": "12345"}, "v_number", services.INVALID_V_NUMBER),
        (
            {"photo": SimpleUploadedFile("x.jpg", b"not an image", "image/jpeg")},
            "photo",
            services.PHOTO_INVALID,
        ),
    ],
)
def test_impossible_data_is_a_field_error_and_saves_nothing(chain, identity, field, message):
    identity = {"family_name": "Nguyen", "date_of_birth": date(2009, 5, 14), **identity}
    before = _counts()
    with pytest.raises(ValidationError) as excinfo:
        services.register_person(actor=chain.ir, identity=IdentityData(**identity))
    assert _errors(excinfo)[field] == [str(message)]
    assert _counts() == before


def test_all_errors_are_reported_at_once(chain):
    with pytest.raises(ValidationError) as excinfo:
        services.register_person(
            actor=chain.ir,
            identity=IdentityData(date_of_birth=TOMORROW, nationality="QQ"),
        )
    assert set(_errors(excinfo)) == {"family_name", "date_of_birth", "nationality"}


def test_duplicate_numbers_within_an_organisation(chain):
    register(chain.ind, v_number="1234567890", org_number="IND-7")
    before = _counts()
    with pytest.raises(ValidationError) as excinfo:
        register(chain.other_ind, v_number="1234567890", org_number="IND-7")
    assert _errors(excinfo) == {
        "org_number": [str(services.DUPLICATE_ORG_NUMBER)],
        "v_number": [str(services.DUPLICATE_V_NUMBER)],
    }
    assert _counts() == before


def test_same_org_number_in_another_organisation_is_fine(chain):
    register(chain.ind, org_number="X-1")
    register(chain.dtv, org_number="X-1")
    assert IdentityRecord.objects.filter(org_number="X-1").count() == 2


def test_a_race_on_the_database_constraint_is_a_field_error(chain):
    register(chain.ind, org_number="IND-7")
    before = _counts()
    with (
        mock.patch.object(services, "_check_numbers"),
        pytest.raises(ValidationError) as excinfo,
    ):
        register(chain.other_ind, org_number="IND-7")
    assert _errors(excinfo) == {"org_number": [str(services.DUPLICATE_ORG_NUMBER)]}
    assert _counts() == before


def test_inspection_errors_are_prefixed_and_nothing_is_saved(chain):
    before = _counts()
    with pytest.raises(ValidationError) as excinfo:
        services.register_person(
            actor=chain.ir,
            identity=IdentityData(family_name="Nguyen", date_of_birth=date(2009, 1, 1)),
            inspection=InspectionData(
                inspected_on=TOMORROW,
                ind_officer=chain.ir,  # not an IND officer
                avim_officer=chain.kmar,  # not police
                outcome="maybe",
            ),
        )
    assert _errors(excinfo) == {
        "inspection_inspected_on": [str(services.DATE_IN_FUTURE)],
        "inspection_ind_officer": [str(services.IND_OFFICER_ROLE)],
        "inspection_avim_officer": [str(services.AVIM_OFFICER_ROLE)],
        "inspection_outcome": [str(services.INVALID_CHOICE)],
    }
    assert _counts() == before


def test_the_same_officer_cannot_sign_twice(chain):
    chain.ir.role = "ind_medewerker"  # a misconfigured account still may not sign twice
    with pytest.raises(ValidationError) as excinfo:
        services.register_person(
            actor=chain.ind,
            identity=IdentityData(family_name="Nguyen", date_of_birth=date(2009, 1, 1)),
            inspection=InspectionData(
                inspected_on=timezone.localdate(),
                ind_officer=chain.avim,
                avim_officer=chain.avim,
                outcome="minor",
            ),
        )
    assert _errors(excinfo)["inspection_avim_officer"] == [str(services.SAME_OFFICER)]


def test_a_failing_later_write_rolls_back_everything(chain):
    before = _counts()
    with (
        mock.patch.object(services, "_write_inspection", side_effect=RuntimeError("disk full")),
        pytest.raises(RuntimeError),
    ):
        services.register_person(
            actor=chain.ir,
            identity=IdentityData(family_name="Nguyen", date_of_birth=date(2009, 1, 1)),
            inspection=InspectionData(
                inspected_on=timezone.localdate(),
                ind_officer=chain.ind,
                avim_officer=chain.ir,
                outcome="minor",
            ),
        )
    assert _counts() == before


@pytest.mark.parametrize("role_user", ["mentor", "voogd", "kmar", "ovj"])
def test_roles_without_create_may_not_register(chain, role_user):
    with pytest.raises(PermissionDenied):
        register(getattr(chain, role_user))


def test_valid_photo_is_stored(chain, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    png = SimpleUploadedFile("p.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20, "image/png")
    person = register(chain.ind, photo=png)
    assert person.identity_records.get().photo.name.startswith("photos/")


def test_an_account_without_organisation_cannot_register(chain):
    from ketenzicht.accounts.models import User

    orphan = User.objects.create(username="orphan", role="ind_medewerker", organisation=None)
    with pytest.raises(PermissionDenied) as excinfo:
        register(orphan)
    assert str(excinfo.value) == str(services.NO_ORGANISATION)
    assert not Person.objects.exists()
