from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ketenzicht.access.enforce import NotVisible
from ketenzicht.audit.models import AuditEvent
from ketenzicht.reception import services
from ketenzicht.reception.models import Placement, PresenceCheck, RiskAssessment, RiskFactor

from .conftest import make_person, place

pytestmark = pytest.mark.django_db


def test_place_person_is_awaited_until_arrival_is_confirmed(site):
    person = make_person()
    placement = services.place_person(
        actor=site.manager,
        person=person,
        location=site.bo,
        planned_arrival=timezone.now() + timedelta(hours=2),
    )
    assert placement.arrived_at is None
    services.confirm_arrival(actor=site.manager, placement=placement)
    placement.refresh_from_db()
    assert placement.arrived_at is not None
    assert (
        AuditEvent.objects.filter(object_kind="reception.placement", person_id=person.pk).count()
        == 2
    )


def test_a_second_open_placement_is_refused(site):
    person = make_person()
    place(person, site.bo)
    with pytest.raises(ValidationError) as exc:
        services.place_person(
            actor=site.manager, person=person, location=site.bo, planned_arrival=timezone.now()
        )
    assert "person" in exc.value.message_dict


def test_full_location_needs_confirmation_and_the_override_is_audited(site):
    for i in range(3):
        place(make_person(f"Persoon {i}"), site.bo)
    person = make_person("Tran Thi")
    with pytest.raises(ValidationError) as exc:
        services.place_person(
            actor=site.manager, person=person, location=site.bo, planned_arrival=timezone.now()
        )
    assert "confirm_over_capacity" in exc.value.message_dict
    assert not Placement.objects.filter(person=person).exists()  # nothing half saved
    placement = services.place_person(
        actor=site.manager,
        person=person,
        location=site.bo,
        planned_arrival=timezone.now(),
        confirm_over_capacity=True,
    )
    event = AuditEvent.objects.filter(
        object_kind="reception.placement", object_id=str(placement.pk)
    ).get()
    assert event.changes["after"]["over_capacity_confirmed"] is True


def test_manager_of_another_location_cannot_place_here(site):
    person = make_person()
    with pytest.raises(NotVisible):
        services.place_person(
            actor=site.other_manager,
            person=person,
            location=site.bo,
            planned_arrival=timezone.now(),
        )


def test_placement_cannot_end_before_it_started_or_in_the_future(site):
    placement = place(make_person(), site.bo)
    for ended_at, field in (
        (placement.arrived_at - timedelta(minutes=1), "ended_at"),
        (timezone.now() + timedelta(hours=1), "ended_at"),
    ):
        with pytest.raises(ValidationError) as exc:
            services.end_placement(
                actor=site.manager, placement=placement, ended_at=ended_at, reason="departure"
            )
        assert field in exc.value.message_dict
    placement.refresh_from_db()
    assert placement.ended_at is None


def test_transfer_ends_here_and_awaits_there(site):
    placement = place(make_person(), site.bo)
    new = services.transfer_person(
        actor=site.manager,
        placement=placement,
        to_location=site.amv,
        planned_arrival=timezone.now() + timedelta(hours=3),
    )
    placement.refresh_from_db()
    assert placement.end_reason == "transfer" and placement.ended_at is not None
    assert new.transferred_from == placement and new.arrived_at is None
    assert new.location == site.amv


def test_risk_assessment_requires_explained_factors(site):
    person = make_person()
    place(person, site.bo)
    debt = RiskFactor.objects.get(code="debt")
    kwargs = dict(
        actor=site.mentor,
        person=person,
        location=site.bo,
        assessed_on=date.today(),
        level="high",
        explanation="Signalen van schuld",
        review_on=date.today(),
        measures=["extra_supervision", "reporting_duty"],
        reporting_per_day=4,
    )
    with pytest.raises(ValidationError) as exc:
        services.record_risk_assessment(**kwargs, factors=[(debt, "  ")])
    assert "factors" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.record_risk_assessment(
            **{**kwargs, "review_on": date.today() - timedelta(1)},
            factors=[(debt, "Moet reis terugbetalen")],
        )
    assert "review_on" in exc.value.message_dict
    assert not RiskAssessment.objects.exists()
    assessment = services.record_risk_assessment(
        **kwargs, factors=[(debt, "Moet reis terugbetalen")]
    )
    assert assessment.factors.get().explanation == "Moet reis terugbetalen"


def test_presence_is_idempotent_and_only_for_real_moments(site):
    placement = place(make_person(), site.bo)
    from ketenzicht.reception.reporting import AMSTERDAM

    now = timezone.now().astimezone(AMSTERDAM)
    moment = now.replace(hour=9, minute=0, second=0, microsecond=0)
    if moment > now + timedelta(hours=2):
        moment -= timedelta(days=1)
    first = services.record_presence(actor=site.mentor, placement=placement, moment=moment)
    second = services.record_presence(actor=site.mentor, placement=placement, moment=moment)
    assert first.pk == second.pk and PresenceCheck.objects.count() == 1
    with pytest.raises(ValidationError):
        services.record_presence(
            actor=site.mentor, placement=placement, moment=moment.replace(hour=10)
        )
    with pytest.raises(ValidationError):
        services.record_presence(
            actor=site.mentor, placement=placement, moment=moment - timedelta(days=3)
        )


def test_location_validation(site):
    data = services.LocationData(
        name="AMV Zeist",
        location_type="regular_amv",
        capacity=0,
        police_region=site.bo.unit,
        reporting_times="9 uur",
    )
    with pytest.raises(ValidationError) as exc:
        services.create_location(actor=site.beheerder, data=data)
    assert set(exc.value.message_dict) == {"name", "capacity", "police_region", "reporting_times"}
    ok = services.LocationData(
        name="KWE Leeuwarden", location_type="small_unit", capacity=8, police_region=site.region
    )
    location = services.create_location(actor=site.beheerder, data=ok)
    assert location.reporting_times == "09:00,21:00"  # the type's default meldplicht
    assert location.unit.organisation.kind == "coa"
