from datetime import timedelta

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.utils import timezone

from ketenzicht.access.enforce import NotVisible
from ketenzicht.people import services
from ketenzicht.people.models import Guardianship
from tests.people.conftest import register

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def test_ind_records_the_appointed_voogd_and_the_voogd_then_sees_the_ward(chain):
    from ketenzicht.people.selectors import visible_persons

    person = register(chain.ind)
    assert not visible_persons(chain.voogd).filter(pk=person.pk).exists()
    services.assign_guardian(actor=chain.ind, person=person, voogd=chain.voogd, started_on=TODAY)
    assert visible_persons(chain.voogd).filter(pk=person.pk).exists()


def test_voogd_transfers_guardianship(chain):
    person = register(chain.ind)
    first = services.assign_guardian(
        actor=chain.ind, person=person, voogd=chain.voogd, started_on=TODAY - timedelta(days=30)
    )
    second = services.assign_guardian(
        actor=chain.voogd, person=person, voogd=chain.other_voogd, started_on=TODAY
    )
    first.refresh_from_db()
    assert (first.ended_on, first.end_reason) == (TODAY, services.TRANSFER_REASON)
    assert second.ended_on is None
    assert Guardianship.objects.filter(person=person, ended_on__isnull=True).get() == second


def test_guardian_errors(chain):
    person = register(chain.ind)
    services.assign_guardian(actor=chain.ind, person=person, voogd=chain.voogd, started_on=TODAY)
    with pytest.raises(ValidationError) as excinfo:
        services.assign_guardian(
            actor=chain.ind, person=person, voogd=chain.voogd, started_on=TODAY
        )
    assert excinfo.value.message_dict == {"voogd": [str(services.ALREADY_GUARDIAN)]}
    with pytest.raises(ValidationError) as excinfo:
        services.assign_guardian(
            actor=chain.ind, person=person, voogd=chain.mentor, started_on=None
        )
    assert excinfo.value.message_dict == {
        "voogd": [str(services.VOOGD_ROLE)],
        "started_on": [str(services.REQUIRED)],
    }
    assert Guardianship.objects.count() == 1


def test_end_guardianship(chain):
    person = register(chain.ind)
    g = services.assign_guardian(
        actor=chain.ind, person=person, voogd=chain.voogd, started_on=TODAY - timedelta(days=2)
    )
    with pytest.raises(ValidationError) as excinfo:
        services.end_guardianship(
            actor=chain.voogd, guardianship=g, ended_on=TODAY - timedelta(days=5), end_reason=""
        )
    assert excinfo.value.message_dict == {
        "ended_on": [str(services.BEFORE_START)],
        "end_reason": [str(services.REQUIRED)],
    }
    services.end_guardianship(
        actor=chain.voogd, guardianship=g, ended_on=TODAY, end_reason="turned 18"
    )
    g.refresh_from_db()
    assert g.ended_on == TODAY
    # The ward is no longer the voogd's: the voogd cannot see (or end) it again.
    with pytest.raises(NotVisible):
        services.end_guardianship(
            actor=chain.voogd, guardianship=g, ended_on=TODAY, end_reason="again"
        )
    with pytest.raises(PermissionDenied):
        # IND sees the person but only records guardianships; ending is Nidos' call.
        services.end_guardianship(actor=chain.ind, guardianship=g, ended_on=TODAY, end_reason="x")


def test_end_twice_is_refused_for_whoever_still_sees_it(chain, monkeypatch):
    person = register(chain.ind)
    services.assign_guardian(actor=chain.ind, person=person, voogd=chain.voogd, started_on=TODAY)
    g2 = services.assign_guardian(
        actor=chain.voogd, person=person, voogd=chain.other_voogd, started_on=TODAY
    )
    first = Guardianship.objects.exclude(pk=g2.pk).get()
    # other_voogd sees the person (current ward), and so the ended guardianship too.
    with pytest.raises(ValidationError) as excinfo:
        services.end_guardianship(
            actor=chain.other_voogd, guardianship=first, ended_on=TODAY, end_reason="x"
        )
    assert excinfo.value.message_dict[NON_FIELD_ERRORS] == [str(services.GUARDIANSHIP_ENDED)]
