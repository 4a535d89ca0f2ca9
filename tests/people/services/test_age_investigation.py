from datetime import date, timedelta

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone

from ketenzicht.audit.models import AuditEvent
from ketenzicht.people import services
from ketenzicht.people.services import InspectionData
from tests.people.conftest import register

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _inspect(chain, person, outcome="doubt", **kw):
    return services.record_age_inspection(
        actor=chain.ind,
        person=person,
        data=InspectionData(
            inspected_on=kw.pop("inspected_on", TODAY),
            ind_officer=chain.ind,
            avim_officer=chain.avim,
            outcome=outcome,
            **kw,
        ),
    )


def test_doubt_does_not_start_a_second_investigation(chain):
    person = register(chain.ind)
    _inspect(chain, person)
    _inspect(chain, person)
    assert person.age_investigations.count() == 1


def test_arrival_flag_refused_when_asylum_was_applied_for(chain):
    person = register(chain.ind)
    services.record_asylum_application(actor=chain.ind, person=person, applied_on=TODAY)
    with pytest.raises(ValidationError) as excinfo:
        _inspect(chain, person, outcome="minor", on_arrival_without_asylum=True)
    assert excinfo.value.message_dict == {
        "on_arrival_without_asylum": [str(services.ARRIVAL_FLAG_WITH_ASYLUM)]
    }
    assert not person.age_inspections.exists()


def test_start_and_conclude(chain):
    person = register(chain.ind)
    investigation = services.start_age_investigation(
        actor=chain.ind, person=person, started_on=TODAY - timedelta(days=10)
    )
    with pytest.raises(ValidationError) as excinfo:
        services.start_age_investigation(actor=chain.ind, person=person, started_on=TODAY)
    assert excinfo.value.message_dict[NON_FIELD_ERRORS] == [
        str(services.INVESTIGATION_ALREADY_OPEN)
    ]
    services.conclude_age_investigation(
        actor=chain.ind, investigation=investigation, concluded_on=TODAY, outcome="adult"
    )
    investigation.refresh_from_db()
    assert (investigation.concluded_on, investigation.outcome) == (TODAY, "adult")
    event = AuditEvent.objects.get(action="update", object_kind="people.ageinvestigation")
    assert event.changes["after"] == {"concluded_on": TODAY.isoformat(), "outcome": "adult"}


def test_conclude_errors(chain):
    person = register(chain.ind)
    investigation = services.start_age_investigation(
        actor=chain.ind, person=person, started_on=date(2025, 3, 1)
    )
    with pytest.raises(ValidationError) as excinfo:
        services.conclude_age_investigation(
            actor=chain.ind,
            investigation=investigation,
            concluded_on=date(2025, 2, 1),
            outcome="doubt",  # an investigation ends in minor or adult
        )
    assert excinfo.value.message_dict == {
        "concluded_on": [str(services.BEFORE_START)],
        "outcome": [str(services.INVALID_CHOICE)],
    }
    services.conclude_age_investigation(
        actor=chain.ind, investigation=investigation, concluded_on=TODAY, outcome="minor"
    )
    with pytest.raises(ValidationError) as excinfo:
        services.conclude_age_investigation(
            actor=chain.ind, investigation=investigation, concluded_on=TODAY, outcome="adult"
        )
    assert excinfo.value.message_dict[NON_FIELD_ERRORS] == [str(services.INVESTIGATION_CONCLUDED)]
    investigation.refresh_from_db()
    assert investigation.outcome == "minor"
