"""Suspected departures from reception data: the three triggers, their thresholds and
idempotence. Times are fixed through the scan's `now` argument."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from ketenzicht.accounts.models import Unit
from ketenzicht.accounts.roles import OrganisationKind as O
from ketenzicht.accounts.roles import UnitKind
from ketenzicht.departures import services
from ketenzicht.departures.models import TriggerProposal
from ketenzicht.departures.rules import DepartureRules, current_rules
from ketenzicht.departures.triggers import last_moments, parse_times
from ketenzicht.people.models import Person
from ketenzicht.reception.models import Location, Placement, PresenceCheck
from tests.factories import organisation

AMS = ZoneInfo("Europe/Amsterdam")


@pytest.mark.parametrize(
    ("now", "count", "expected"),
    [
        # Tuesday 10 March 2026, noon: this morning and last night.
        (datetime(2026, 3, 10, 12, 0, tzinfo=AMS), 2, ["2026-03-09 21:00", "2026-03-10 09:00"]),
        # Tuesday exactly at a moment: that moment counts.
        (datetime(2026, 3, 10, 9, 0, tzinfo=AMS), 1, ["2026-03-10 09:00"]),
        # Sunday 29 March 2026, the clocks go forward at 02:00: three moments across it.
        (
            datetime(2026, 3, 29, 12, 0, tzinfo=AMS),
            3,
            ["2026-03-28 09:00", "2026-03-28 21:00", "2026-03-29 09:00"],
        ),
        # Monday 1 minute after midnight: both moments of Sunday.
        (datetime(2026, 3, 2, 0, 1, tzinfo=AMS), 2, ["2026-03-01 09:00", "2026-03-01 21:00"]),
    ],
)
def test_last_reporting_moments(now, count, expected):
    moments = last_moments(now, parse_times("21:00, 09:00"), count)
    assert [m.astimezone(AMS).strftime("%Y-%m-%d %H:%M") for m in moments] == expected
    assert all(m.tzinfo is not None for m in moments)


def test_settings_override_and_refuse_unknown_keys(settings):
    settings.KETENZICHT_DEPARTURES = {"missed_reporting_moments": 3, "rules_version": 2}
    rules = current_rules()
    assert rules.missed_reporting_moments == 3 and rules.rule("classify").version == 2
    settings.KETENZICHT_DEPARTURES = {"missed_moments": 3}
    with pytest.raises(ValueError, match="missed_moments"):
        current_rules()
    assert DepartureRules().no_arrival_hours == 48 and DepartureRules().no_presence_days == 8


def _place(location, *, arrived_days_ago=None, planned_hours_ago=None) -> Placement:
    now = timezone.now()
    planned = now - timedelta(hours=planned_hours_ago or (arrived_days_ago or 0) * 24)
    return Placement.objects.create(
        person=Person.objects.create(),
        location=location,
        planned_arrival=planned,
        arrived_at=None if arrived_days_ago is None else now - timedelta(days=arrived_days_ago),
    )


def _check(placement, moment, user):
    PresenceCheck.objects.create(
        placement=placement, moment=moment, status="present", checked_by=user
    )


@pytest.mark.django_db
def test_two_missed_reporting_moments_propose_once(chain):
    now = timezone.now()
    moments = last_moments(now, parse_times("09:00,21:00"), 3)
    gone = _place(chain.bo, arrived_days_ago=3)
    _check(gone, moments[0], chain.mentor)  # the third-last moment was met
    present = _place(chain.bo, arrived_days_ago=3)
    _check(present, moments[-1], chain.mentor)  # the last moment was met
    new = _place(chain.bo, arrived_days_ago=0)  # arrived after the moments: not suspected
    new.arrived_at = now
    new.save()

    assert services.propose_from_triggers(now=now) >= 1
    proposals = TriggerProposal.objects.filter(trigger="missed_reporting")
    assert {p.placement for p in proposals} >= {gone}
    assert present not in {p.placement for p in proposals}
    assert new not in {p.placement for p in proposals}
    mine = proposals.get(placement=gone)
    assert mine.suspected_since == moments[1] and mine.location == chain.bo
    assert services.propose_from_triggers(now=now) == 0  # idempotent


@pytest.mark.django_db
def test_dismissed_suspicion_is_not_proposed_again_until_new_moments_are_missed(chain):
    now = timezone.now()
    gone = _place(chain.bo, arrived_days_ago=3)
    for moment in last_moments(now, parse_times("09:00,21:00"), 6)[:-2]:
        _check(gone, moment, chain.mentor)
    services.propose_from_triggers(now=now)
    proposal = TriggerProposal.objects.get(placement=gone)
    services.dismiss_proposal(actor=chain.mentor, proposal=proposal, note="At school trip")
    assert services.propose_from_triggers(now=now) == 0
    # Two days later, without any check since: a new suspicion, proposed again.
    later = now + timedelta(days=2)
    services.propose_from_triggers(now=later)
    assert TriggerProposal.objects.filter(placement=gone, status="pending").count() == 1


@pytest.mark.django_db
def test_no_arrival_after_48_hours(chain):
    late = _place(chain.amv, planned_hours_ago=49)
    on_way = _place(chain.amv, planned_hours_ago=47)
    services.propose_from_triggers()
    placements = set(
        TriggerProposal.objects.filter(trigger="no_arrival").values_list("placement", flat=True)
    )
    assert late.pk in placements and on_way.pk not in placements


@pytest.mark.django_db
def test_eight_days_without_presence_for_adults(chain):
    unit = Unit.objects.create(
        organisation=organisation(O.COA), kind=UnitKind.LOCATION, name="AZC Budel"
    )
    azc = Location.objects.create(
        unit=unit,
        name="AZC Budel",
        location_type="adult_azc",
        capacity=500,
        police_region=chain.region,
    )
    now = timezone.now()
    quiet = _place(azc, arrived_days_ago=20)
    _check(quiet, now - timedelta(days=9), chain.mentor)
    seen = _place(azc, arrived_days_ago=20)
    _check(seen, now - timedelta(days=2), chain.mentor)
    never = _place(azc, arrived_days_ago=10)
    services.propose_from_triggers(now=now)
    proposals = {p.placement_id: p for p in TriggerProposal.objects.filter(trigger="no_presence")}
    assert set(proposals) == {quiet.pk, never.pk}
    assert proposals[quiet.pk].suspected_since == now - timedelta(days=9)


@pytest.mark.django_db
def test_no_proposal_for_a_person_with_an_open_departure_and_confirm_opens_it(chain):
    now = timezone.now()
    services.open_case(actor=chain.mentor, person=chain.person, detected_at=now)
    services.propose_from_triggers(now=now)
    assert not TriggerProposal.objects.filter(person=chain.person).exists()
    gone = _place(chain.bo, arrived_days_ago=3)
    services.propose_from_triggers(now=now)
    proposal = TriggerProposal.objects.get(placement=gone)
    case = services.confirm_proposal(actor=chain.mentor, proposal=proposal)
    assert case.person == gone.person and case.detected_at == proposal.suspected_since
    assert case.is_bo
    proposal.refresh_from_db()
    assert proposal.status == "confirmed" and proposal.decided_by == chain.mentor
    with pytest.raises(Exception, match=r"already been decided|al beslist"):
        services.confirm_proposal(actor=chain.mentor, proposal=proposal)


def test_the_periodic_scan_is_registered():
    from huey.contrib.djhuey import HUEY

    import ketenzicht.departures.tasks  # noqa: F401

    assert "scan_departure_triggers" in {t.name for t in HUEY._registry.periodic_tasks}


@pytest.mark.django_db
def test_a_placement_left_for_good_is_not_proposed_again(chain):
    now = timezone.now()
    gone = _place(chain.bo, arrived_days_ago=3)
    case = services.open_case(actor=chain.mentor, person=gone.person, detected_at=now)
    services.report_to_police(actor=chain.mentor, case=case, expected_version=1)
    services.inform_guardian(actor=chain.mentor, case=case, expected_version=2)
    services.record_reappearance(
        actor=chain.avim, case=case, expected_version=3, kind="found_nl", detail="Utrecht"
    )
    services.close(actor=chain.avim, case=case, expected_version=4, outcome="found_abroad")
    later = now + timedelta(days=2)  # the placement is still open: the location ends it
    services.propose_from_triggers(now=later)
    assert not TriggerProposal.objects.filter(placement=gone).exists()
