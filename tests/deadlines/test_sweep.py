from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from ketenzicht.accounts.models import Unit
from ketenzicht.accounts.roles import OrganisationKind as O
from ketenzicht.accounts.roles import Role, UnitKind
from ketenzicht.audit.verify import verify_chain
from ketenzicht.deadlines import selectors, services
from ketenzicht.deadlines.models import Deadline, Notification
from ketenzicht.people.models import Person
from tests.factories import UserFactory, organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def coa_location_team():
    coa = organisation(O.COA)
    unit = Unit.objects.create(organisation=coa, kind=UnitKind.LOCATION, name="BO Zeist")
    manager = UserFactory(role=Role.LOCATION_MANAGER, unit=unit, email="manager@coa.example")
    mentor = UserFactory(role=Role.MENTOR, unit=unit, supervisor=manager, email="m@coa.example")
    return coa, unit, manager, mentor


def _deadline(org, unit, due_in_hours: float, person=None) -> Deadline:
    subject = person or Person.objects.create()
    return services.open_deadline(
        actor=None,
        subject=subject,
        kind="report_to_police",
        title="Vertrek melden bij politie",
        organisation=org,
        unit=unit,
        due_at=timezone.now() + timedelta(hours=due_in_hours),
        person_id=subject.pk,
        url="/werkvoorraad/",
    )


def test_sweep_escalates_overdue_once_and_notifies_the_supervisor(
    coa_location_team, django_capture_on_commit_callbacks
):
    coa, unit, manager, mentor = coa_location_team
    late = _deadline(coa, unit, -1)
    on_time = _deadline(coa, unit, +5)

    with django_capture_on_commit_callbacks(execute=True):
        first = services.escalate_overdue()
    with django_capture_on_commit_callbacks(execute=True):
        second = services.escalate_overdue()

    assert (first.escalated, first.notifications) == (1, 1)
    assert (second.escalated, second.notifications) == (0, 0)
    late.refresh_from_db()
    on_time.refresh_from_db()
    assert late.escalated_at is not None and late.escalation_level == 1
    assert on_time.escalated_at is None
    note = Notification.objects.get()
    assert note.recipient == manager and note.deadline == late
    assert [m.to for m in mail.outbox] == [["manager@coa.example"]]
    assert verify_chain().ok


def test_met_and_cancelled_deadlines_are_not_escalated(coa_location_team):
    coa, unit, manager, mentor = coa_location_team
    met = _deadline(coa, unit, -1)
    services.meet_deadlines(actor=mentor, subject=Person.objects.get(pk=met.person_id))
    cancelled = _deadline(coa, unit, -1)
    services.cancel_deadlines(actor=mentor, subject=Person.objects.get(pk=cancelled.person_id))
    assert services.escalate_overdue().escalated == 0


def test_overdue_is_derived_at_query_time_without_the_worker(coa_location_team):
    coa, unit, manager, mentor = coa_location_team
    _deadline(coa, unit, -2)
    _deadline(coa, unit, +2)
    # No sweep has run: the queue still shows the overdue step first.
    page = selectors.work_queue(mentor)
    assert [d.is_overdue for d in page.object_list] == [True, False]
    assert selectors.queue_counts(mentor) == selectors.QueueCounts(open=2, overdue=1)


def test_without_supervisors_the_location_manager_is_notified(coa_location_team):
    coa, unit, manager, mentor = coa_location_team
    mentor.supervisor = None
    mentor.save()
    _deadline(coa, unit, -1)
    services.escalate_overdue()
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == [
        manager.username
    ]


def test_sweep_in_batches_escalates_everything(coa_location_team):
    coa, unit, manager, mentor = coa_location_team
    for _ in range(7):
        _deadline(coa, unit, -1)
    result = services.escalate_overdue(batch_size=3)
    assert result.escalated == 7
    assert Deadline.objects.filter(escalated_at__isnull=True).count() == 0


def test_work_queue_query_count_is_independent_of_size(
    coa_location_team, client, django_assert_num_queries
):
    """Measured once with 3 and once with 30 deadlines: the number must not grow.

    A first request warms what the navigation keeps in the session, so both
    measured requests do the same work apart from the queue itself.
    """
    coa, unit, manager, mentor = coa_location_team
    client.force_login(mentor)
    for _ in range(3):
        _deadline(coa, unit, -1)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/werkvoorraad/")
    with CaptureQueriesContext(connection) as small:
        assert client.get("/werkvoorraad/").status_code == 200
    for _ in range(27):
        _deadline(coa, unit, +1)
    with CaptureQueriesContext(connection) as large:
        response = client.get("/werkvoorraad/")
    assert response.status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


def test_notification_of_someone_else_is_not_found(coa_location_team, client):
    coa, unit, manager, mentor = coa_location_team
    _deadline(coa, unit, -1)
    services.escalate_overdue()
    note = Notification.objects.get()
    client.force_login(mentor)
    assert client.post(f"/werkvoorraad/meldingen/{note.pk}/openen/").status_code == 404
    client.force_login(manager)
    response = client.post(f"/werkvoorraad/meldingen/{note.pk}/openen/")
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.read_at is not None


def test_periodic_task_is_registered():
    from huey.contrib.djhuey import HUEY

    import ketenzicht.deadlines.tasks  # noqa: F401  (registers the task)

    periodic = {task.name for task in HUEY._registry.periodic_tasks}
    assert "sweep_deadlines" in periodic
