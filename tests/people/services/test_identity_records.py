from datetime import date

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError

from ketenzicht.access.enforce import NotVisible
from ketenzicht.accounts.roles import OrganisationKind as O
from ketenzicht.audit.models import AuditEvent
from ketenzicht.people import services
from ketenzicht.people.models import IdentityRecord
from ketenzicht.people.services import IdentityData
from tests.people.conftest import add_record, place, register

pytestmark = pytest.mark.django_db


def _data(**kw) -> IdentityData:
    kw.setdefault("family_name", "NGUYEN")
    kw.setdefault("given_names", "Anh Van")
    kw.setdefault("date_of_birth", date(2009, 1, 1))
    return IdentityData(**kw)


def test_a_person_the_actor_cannot_see_is_not_found(chain):
    person = register(chain.ind)
    # DT&V cannot see a person only IND recorded: "not found", as if absent.
    with pytest.raises(NotVisible):
        services.add_identity_record(actor=chain.dtv, person=person, identity=_data())


def test_police_adds_record_to_person_placed_in_region(chain):
    person = register(chain.ind)
    place(person, chain.location)
    record = services.add_identity_record(
        actor=chain.avim, person=person, identity=_data(org_number="PL-1")
    )
    assert record.organisation.kind == O.POLITIE
    assert AuditEvent.objects.filter(
        object_kind="people.identityrecord", object_id=str(record.pk), person_id=person.pk
    ).exists()


def test_one_record_per_organisation(chain):
    person = register(chain.ind)
    with pytest.raises(ValidationError) as excinfo:
        services.add_identity_record(actor=chain.other_ind, person=person, identity=_data())
    assert excinfo.value.message_dict[NON_FIELD_ERRORS] == [str(services.RECORD_EXISTS)]


def test_v_number_of_another_person_is_refused(chain):
    register(chain.dtv, v_number="2222222222")
    person = register(chain.ind)
    place(person, chain.location)
    with pytest.raises(ValidationError) as excinfo:
        services.add_identity_record(
            actor=chain.avim, person=person, identity=_data(v_number="2222222222")
        )
    assert excinfo.value.message_dict["v_number"] == [str(services.V_NUMBER_OTHER_PERSON)]


def test_conflicting_v_number_for_the_same_person_is_refused(chain):
    person = register(chain.ind, v_number="3333333333")
    place(person, chain.location)
    with pytest.raises(ValidationError) as excinfo:
        services.add_identity_record(
            actor=chain.avim, person=person, identity=_data(v_number="4444444444")
        )
    assert excinfo.value.message_dict["v_number"] == [str(services.V_NUMBER_CONFLICT)]


def test_update_own_record_keeps_search_name_and_audits_the_diff(chain):
    person = register(chain.ind, family_name="Mohammed", given_names="Ali")
    record = person.identity_records.get()
    services.update_identity_record(
        actor=chain.other_ind,
        record=record,
        identity=_data(family_name="Muhamad", given_names="Aly", nationality="ERI"),
    )
    record.refresh_from_db()
    assert record.search_name == " ali muhamad "
    event = AuditEvent.objects.filter(action="update", object_kind="people.identityrecord").get()
    assert event.person_id == person.pk
    assert event.changes["after"]["nationality"] == "ERI"
    assert event.changes["before"]["family_name"] == "Mohammed"


def test_another_organisations_record_cannot_be_updated(chain):
    person = register(chain.ind)
    place(person, chain.location)
    police_record = add_record(person, O.POLITIE, family_name="X", recorded_by=chain.avim)
    ind_record = person.identity_records.get(organisation__kind=O.IND)
    with pytest.raises(PermissionDenied):
        # AVIM sees the IND record (403, not 404) but it is IND's to change.
        services.update_identity_record(actor=chain.avim, record=ind_record, identity=_data())
    with pytest.raises(PermissionDenied):
        services.update_identity_record(actor=chain.ind, record=police_record, identity=_data())
    with pytest.raises(NotVisible):
        # KMar does not see this person at all.
        services.update_identity_record(actor=chain.kmar, record=police_record, identity=_data())


def test_failed_update_changes_nothing(chain):
    person = register(chain.ind, org_number="IND-1")
    register(chain.ind, org_number="IND-2", family_name="Other")
    record = person.identity_records.get()
    before = IdentityRecord.objects.values().get(pk=record.pk)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        services.update_identity_record(
            actor=chain.ind,
            record=record,
            identity=_data(org_number="IND-2", family_name="Changed"),
        )
    assert excinfo.value.message_dict == {"org_number": [str(services.DUPLICATE_ORG_NUMBER)]}
    assert IdentityRecord.objects.values().get(pk=record.pk) == before
    assert AuditEvent.objects.count() == events
