"""The services of the work agreements, step by step, with their deadlines and audit."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from ketenzicht.access.enforce import NotVisible
from ketenzicht.audit.models import AuditEvent
from ketenzicht.audit.verify import verify_chain
from ketenzicht.core.timeline import timeline_for
from ketenzicht.deadlines import services as deadline_services
from ketenzicht.deadlines.models import Deadline, Notification
from ketenzicht.departures import hooks, services
from ketenzicht.departures.models import DepartureCase, DepartureEvent, DepartureStatus
from ketenzicht.departures.workflow import Step
from ketenzicht.people.models import Guardianship

from ..conftest import make_person

pytestmark = pytest.mark.django_db


def _open(chain, hours_ago: float = 1, **kwargs) -> DepartureCase:
    return services.open_case(
        actor=chain.mentor,
        person=chain.person,
        detected_at=timezone.now() - timedelta(hours=hours_ago),
        **kwargs,
    )


def _deadlines(case) -> dict[str, Deadline]:
    return {
        d.kind: d
        for d in Deadline.objects.filter(
            subject_kind="departures.departurecase", subject_id=str(case.pk)
        )
    }


def test_open_case_from_bo_starts_the_first_steps_with_their_deadlines(chain):
    case = _open(chain, hours_ago=2, return_process=True)

    assert case.status == DepartureStatus.OPEN
    assert case.is_bo and case.location == chain.bo and case.placement == chain.placement
    assert case.voogd == chain.voogd and case.version == 1
    d = _deadlines(case)
    assert set(d) == {
        "departure.report_to_police",
        "departure.inform_guardian",
        "departure.classify",
        "departure.register_dtv_departure",
    }
    report = d["departure.report_to_police"]
    assert report.organisation.kind == "coa" and report.unit == chain.bo.unit
    assert report.due_at == case.detected_at + timedelta(hours=24)
    assert report.person_id == chain.person.pk and report.url == f"/vertrek/{case.pk}/"
    assert d["departure.classify"].organisation.kind == "nidos"
    assert d["departure.classify"].due_at == case.detected_at + timedelta(hours=72)
    assert d["departure.register_dtv_departure"].organisation.kind == "dtv"
    created = AuditEvent.objects.get(object_kind="departures.departurecase", action="create")
    assert created.person_id == chain.person.pk
    # The placement stays: there is no reception service to end it yet.
    chain.placement.refresh_from_db()
    assert chain.placement.ended_at is None


def test_a_second_open_departure_for_the_same_person_is_refused(chain):
    _open(chain)
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        _open(chain)
    assert excinfo.value.message_dict["__all__"] == [
        "This person already has a departure that is not closed."
    ]
    assert DepartureCase.objects.count() == 1


def test_opening_needs_a_visible_person_and_a_moment_in_the_past(chain):
    other, _pl = make_person(chain.amv)
    with pytest.raises(NotVisible):
        services.open_case(actor=chain.mentor, person=other, detected_at=timezone.now())
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        _open(chain, hours_ago=-2)
    assert excinfo.value.message_dict == {"detected_at": ["This moment lies in the future."]}
    assert not DepartureCase.objects.exists() and not Deadline.objects.exists()


def test_full_flow_known_destination_to_closure(chain):
    case = _open(chain, hours_ago=3)
    services.report_to_police(
        actor=chain.mentor, case=case, expected_version=1, police_reference="PL-1"
    )
    assert case.status == DepartureStatus.REPORTED and case.version == 2
    ack = _deadlines(case)["departure.acknowledge"]
    assert ack.organisation.kind == "politie" and ack.unit == chain.region
    assert _deadlines(case)["departure.report_to_police"].met_by == chain.mentor

    services.inform_guardian(actor=chain.mentor, case=case, expected_version=2)
    services.acknowledge(actor=chain.avim, case=case, expected_version=3)
    services.record_missing_person_report(
        actor=chain.avim, case=case, expected_version=4, reference="VM-77", follow_up="search"
    )
    assert case.status == DepartureStatus.MISSING
    services.classify(
        actor=chain.voogd,
        case=case,
        expected_version=5,
        classification="known",
        evidence="Called from his uncle's phone in Lyon; uncle confirmed by video call.",
        known_destination="Uncle in Lyon, France",
    )
    assert "departure.inform_police_closure" in _deadlines(case)
    services.register_guardianship_transfer(
        actor=chain.voogd, case=case, expected_version=6, transferred_to="ASE Lyon (France)"
    )
    guardianship = Guardianship.objects.get(person=chain.person)
    assert guardianship.ended_on == timezone.localdate()
    assert "ASE Lyon" in guardianship.end_reason
    services.inform_police_closure(actor=chain.voogd, case=case, expected_version=7)
    assert _deadlines(case)["departure.close"].organisation.kind == "politie"
    services.close(
        actor=chain.avim, case=case, expected_version=8, outcome="guardianship_transferred"
    )

    case.refresh_from_db()
    assert case.status == DepartureStatus.CLOSED and case.version == 9
    assert case.outcome == "guardianship_transferred"
    # Every deadline of the case is met (or cancelled), none is left open.
    assert all(d.met_at or d.cancelled_at for d in _deadlines(case).values())
    assert list(case.events.values_list("step", flat=True)) == [
        "opened",
        Step.REPORT_TO_POLICE,
        Step.INFORM_GUARDIAN,
        Step.ACKNOWLEDGE,
        Step.RECORD_MISSING_PERSON_REPORT,
        Step.CLASSIFY,
        Step.REGISTER_GUARDIANSHIP_TRANSFER,
        Step.INFORM_POLICE_CLOSURE,
        Step.CLOSE,
    ]
    steps = AuditEvent.objects.filter(
        object_kind="departures.departurecase", action="update"
    ).values_list("changes", "person_id")
    assert [c["step"] for c, _p in steps] == [
        e for e in case.events.values_list("step", flat=True) if e != "opened"
    ]
    assert {p for _c, p in steps} == {chain.person.pk}
    assert verify_chain().ok


def test_every_step_is_on_the_persons_timeline_for_those_who_see_the_case(chain):
    case = _open(chain)
    services.report_to_police(actor=chain.mentor, case=case, expected_version=1)
    kinds = [e.kind for e in timeline_for(chain.avim, chain.person)]
    assert "departure.opened" in kinds and "departure.report_to_police" in kinds
    # The other region's detective sees the person chain-wide once reported, and the case.
    assert "departure.report_to_police" in [
        e.kind for e in timeline_for(chain.other_avim, chain.person)
    ]
    from ketenzicht.departures.timeline import departure_events

    assert list(departure_events(chain.dtv, chain.person)) == []  # not in the return process


def test_a_mandatory_step_cannot_be_skipped(chain):
    case = _open(chain)
    services.report_to_police(actor=chain.mentor, case=case, expected_version=1)
    services.acknowledge(actor=chain.avim, case=case, expected_version=2)
    services.record_missing_person_report(
        actor=chain.avim, case=case, expected_version=3, reference="VM-1", follow_up="search"
    )
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        services.close(actor=chain.avim, case=case, expected_version=4, outcome="still_missing")
    assert excinfo.value.message_dict["__all__"] == ["The guardian must be informed first."]
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        services.classify(
            actor=chain.voogd, case=case, expected_version=4, classification="mob", evidence="x"
        )
    assert excinfo.value.message_dict["__all__"] == ["The guardian must be informed first."]
    case.refresh_from_db()
    assert case.status == DepartureStatus.MISSING and case.version == 4


def test_invalid_transition_and_wrong_role_are_clear_errors(chain):
    case = _open(chain)
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        services.acknowledge(actor=chain.avim, case=case, expected_version=1)
    assert "is not possible for a departure with status" in excinfo.value.messages[0]
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        services.report_to_police(actor=chain.voogd, case=case, expected_version=1)
    assert excinfo.value.messages == [
        "Your role cannot take the step “report the departure to the police”."
    ]


def test_a_stale_version_loses_nothing_and_says_so(chain):
    case = _open(chain)
    services.inform_guardian(actor=chain.mentor, case=case, expected_version=1)
    stale = DepartureCase.objects.get(pk=case.pk)
    stale.version = 1
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        services.report_to_police(actor=chain.manager, case=stale, expected_version=1)
    assert excinfo.value.message_dict["__all__"] == [services.STALE_VERSION]
    case.refresh_from_db()
    assert case.guardian_informed_at is not None and case.status == DepartureStatus.OPEN


def test_field_errors_for_classification(chain):
    case = _open(chain)
    services.inform_guardian(actor=chain.mentor, case=case, expected_version=1)
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        services.classify(
            actor=chain.voogd,
            case=case,
            expected_version=2,
            classification="known",
            evidence="  ",
        )
    assert excinfo.value.message_dict == {
        "evidence": ["This field is required."],
        "known_destination": ["Give the known destination."],
    }


def test_bo_departure_reappearing_before_the_police_report_is_refused(chain):
    case = _open(chain)
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        services.record_reappearance(
            actor=chain.mentor, case=case, expected_version=1, kind="returned", detail="back"
        )
    assert excinfo.value.messages == ["A departure from BO is always reported to the police first."]


def test_reappearance_abroad_then_reopen_and_a_second_departure(chain):
    case = _open(chain, hours_ago=10)
    services.report_to_police(actor=chain.mentor, case=case, expected_version=1)
    services.inform_guardian(actor=chain.mentor, case=case, expected_version=2)
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        services.record_reappearance(
            actor=chain.avim, case=case, expected_version=3, kind="member_state", detail="DE"
        )
    assert excinfo.value.message_dict == {
        "channel": ["Say through which channel the member state reported."]
    }
    services.record_reappearance(
        actor=chain.avim,
        case=case,
        expected_version=3,
        kind="member_state",
        channel="eurodac",
        detail="Eurodac hit in Germany (Bremen)",
    )
    assert case.status == DepartureStatus.REAPPEARED
    open_kinds = {k for k, d in _deadlines(case).items() if not d.met_at and not d.cancelled_at}
    assert open_kinds == set()  # police track and classification no longer needed
    services.close(actor=chain.avim, case=case, expected_version=4, outcome="found_abroad")
    services.reopen(
        actor=chain.voogd,
        case=case,
        expected_version=5,
        detected_at=timezone.now() - timedelta(hours=1),
        note="Left the reception in Bremen again",
    )
    case.refresh_from_db()
    assert case.status == DepartureStatus.OPEN and case.cycle == 2
    assert case.reported_to_police_at is None and case.outcome == ""
    open_kinds = {k for k, d in _deadlines(case).items() if not d.met_at and not d.cancelled_at}
    assert open_kinds == {
        "departure.report_to_police",
        "departure.inform_guardian",
        "departure.classify",
    }
    # The police keep seeing a departure once reported, also in its next cycle.
    assert DepartureCase.objects.filter(pk=case.pk).exists()
    from ketenzicht.departures.selectors import cases_visible_to

    assert case in cases_visible_to(chain.other_avim)


def test_trafficking_sign_flags_the_case_for_the_om_and_calls_the_hook(chain):
    calls = []

    def handler(*, case, actor, note):
        calls.append((case.pk, actor.pk, note))

    hooks.register_trafficking_sign_handler(handler)
    try:
        case = _open(chain)
        from ketenzicht.departures.selectors import cases_visible_to

        assert case not in cases_visible_to(chain.ovj)
        services.record_trafficking_sign(
            actor=chain.mentor, case=case, expected_version=1, note="Picked up by a van at night"
        )
    finally:
        hooks._TRAFFICKING_SIGN_HANDLERS.remove(handler)
    assert calls == [(case.pk, chain.mentor.pk, "Picked up by a van at night")]
    assert case in cases_visible_to(chain.ovj)


def test_dtv_and_ind_steps_only_when_flagged_and_required_before_closing(chain):
    case = _open(chain, asylum_affected=True)
    with pytest.raises(NotVisible):
        services.register_dtv_departure(actor=chain.dtv, case=case, expected_version=1)
    services.inform_ind(actor=chain.mentor, case=case, expected_version=1)
    case.refresh_from_db()
    assert case.ind_informed_at is not None
    assert _deadlines(case)["departure.inform_ind"].met_at is not None


def test_overdue_report_is_escalated_once_and_met_late(chain, django_capture_on_commit_callbacks):
    """Frozen clock: the sweep runs at fixed moments through its `now` argument."""
    case = _open(chain, hours_ago=1)
    report = _deadlines(case)["departure.report_to_police"]
    before_due = report.due_at - timedelta(minutes=1)
    after_due = report.due_at + timedelta(minutes=1)
    assert deadline_services.escalate_overdue(now=before_due).escalated == 0
    with django_capture_on_commit_callbacks(execute=True):
        first = deadline_services.escalate_overdue(now=after_due)
        second = deadline_services.escalate_overdue(now=after_due + timedelta(hours=1))
    # Report, inform guardian (both 24h, COA) escalate; classification (72h) does not yet.
    assert first.escalated == 2 and second.escalated == 0
    notes = Notification.objects.filter(deadline=report)
    assert [n.recipient for n in notes] == [chain.manager]
    report.refresh_from_db()
    assert report.escalation_level == 1


def test_events_are_append_only_through_the_services(chain):
    case = _open(chain)
    with pytest.raises(NotImplementedError):
        DepartureCase.objects.filter(pk=case.pk).update(status="closed")
    assert DepartureEvent.objects.filter(case=case).count() == 1


def _reappeared(chain, hours_ago=10):
    case = _open(chain, hours_ago=hours_ago)
    services.report_to_police(actor=chain.mentor, case=case, expected_version=1)
    services.inform_guardian(actor=chain.mentor, case=case, expected_version=2)
    services.record_reappearance(
        actor=chain.avim,
        case=case,
        expected_version=3,
        kind="member_state",
        channel="liaison",
        detail="Seen in Calais by the liaison officer",
    )
    return case


def test_closing_for_good_ends_the_placement_through_reception_when_the_actor_may(chain):
    case = _reappeared(chain)
    services.close(actor=chain.manager, case=case, expected_version=4, outcome="found_abroad")
    chain.placement.refresh_from_db()
    assert chain.placement.ended_at == case.detected_at
    assert chain.placement.end_reason == "departure"
    assert AuditEvent.objects.filter(
        object_kind="reception.placement", action="update", person_id=chain.person.pk
    ).exists()


def test_the_police_closing_leaves_the_placement_to_the_location(chain):
    case = _reappeared(chain)
    services.close(actor=chain.avim, case=case, expected_version=4, outcome="found_abroad")
    chain.placement.refresh_from_db()
    assert chain.placement.ended_at is None


def test_returned_to_reception_keeps_the_placement(chain):
    case = _reappeared(chain)
    services.close(
        actor=chain.manager, case=case, expected_version=4, outcome="returned_to_reception"
    )
    chain.placement.refresh_from_db()
    assert chain.placement.ended_at is None
