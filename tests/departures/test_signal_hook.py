"""A sign of trafficking on a departure becomes a signal that goes to triage and the OM."""

from datetime import timedelta

import pytest
from django.utils import timezone

from ketenzicht.deadlines.models import Deadline
from ketenzicht.departures import services
from ketenzicht.signals.models import Signal

pytestmark = pytest.mark.django_db


def test_trafficking_sign_on_a_departure_opens_a_signal(chain):
    case = services.open_case(
        actor=chain.mentor, person=chain.person, detected_at=timezone.now() - timedelta(hours=1)
    )
    services.record_trafficking_sign(
        actor=chain.mentor,
        case=case,
        expected_version=case.version,
        note="Werd 's nachts opgehaald door een busje met Engels kenteken",
    )
    signal = Signal.objects.get()
    assert signal.category.code == "departures"
    assert list(signal.persons.all()) == [chain.person]
    assert signal.submitted_by == chain.mentor
    assert signal.receiving_organisation.kind == "politie"
    assert Deadline.objects.filter(
        subject_kind="signals.signal",
        subject_id=str(signal.pk),
        kind="signal_triage",
        met_at__isnull=True,
    ).exists()
