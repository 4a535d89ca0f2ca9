"""Two people acting on the same departure at the same moment, in real concurrent
transactions on PostgreSQL: no update is lost, a stale form is refused."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone

from ketenzicht.departures import services
from ketenzicht.departures.models import DepartureCase, DepartureEvent

# Serialized rollback like the browser tests: after the flush the next test gets the
# migrated reference data back, and no test finds it twice.
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(scope="module", autouse=True)
def _restore_triggers(django_db_blocker):
    yield
    if connection.vendor == "postgresql":
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = DEFAULT")


@pytest.fixture(autouse=True)
def _postgres_only(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (runs in the PostgreSQL pass)")
    yield
    # The test database is flushed after each transactional test; the audit trail
    # refuses TRUNCATE by trigger. Skip triggers for this connection only while
    # flushing (the module fixture above restores them).
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")


def _race(*calls):
    """Run the calls in threads released at the same moment; return results or errors."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait()
            results[i] = call()
        except Exception as exc:  # collected and asserted by the test
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return results


def _open(chain):
    return services.open_case(
        actor=chain.mentor, person=chain.person, detected_at=timezone.now() - timedelta(hours=1)
    )


def test_two_forms_from_the_same_version_one_wins_the_other_is_told(chain):
    case = _open(chain)
    results = _race(
        lambda: services.report_to_police(
            actor=chain.mentor, case=DepartureCase.objects.get(pk=case.pk), expected_version=1
        ),
        lambda: services.inform_guardian(
            actor=chain.manager, case=DepartureCase.objects.get(pk=case.pk), expected_version=1
        ),
    )
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], ValidationError)
    assert errors[0].message_dict == {"__all__": [services._(services.STALE_VERSION)]}
    case.refresh_from_db()
    assert case.version == 2
    assert DepartureEvent.objects.filter(case=case).count() == 2  # opened + the winner


def test_without_a_version_both_steps_land_and_nothing_is_lost(chain):
    case = _open(chain)
    results = _race(
        lambda: services.report_to_police(
            actor=chain.mentor, case=DepartureCase.objects.get(pk=case.pk), expected_version=None
        ),
        lambda: services.inform_guardian(
            actor=chain.manager, case=DepartureCase.objects.get(pk=case.pk), expected_version=None
        ),
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    case.refresh_from_db()
    assert case.version == 3
    assert case.reported_to_police_at is not None and case.guardian_informed_at is not None
    assert case.status == "reported"


def test_two_mentors_opening_the_same_departure_at_once_open_one_case(chain):
    results = _race(
        lambda: services.open_case(
            actor=chain.mentor, person=chain.person, detected_at=timezone.now()
        ),
        lambda: services.open_case(
            actor=chain.manager, person=chain.person, detected_at=timezone.now()
        ),
    )
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], ValidationError)
    assert DepartureCase.objects.filter(person=chain.person).count() == 1
