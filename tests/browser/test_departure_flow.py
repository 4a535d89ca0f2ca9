"""A departure from BO, end to end in a browser across COA, police and Nidos.

The COA mentor registers the departure from the person's BO placement and reports it
to the police (and informs the guardian); the AVIM detective acknowledges; the voogd
classifies it as MOB with the evidence. The police's next step is then made overdue
(its due time moved into the past through the ORM), the sweep escalates it, and the
police work queue shows it overdue and escalated; the figures page shows compliance.
"""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from ketenzicht.accounts.models import Unit
from ketenzicht.accounts.roles import OrganisationKind, Role, UnitKind
from ketenzicht.deadlines.models import Deadline, Notification
from ketenzicht.deadlines.services import escalate_overdue
from ketenzicht.departures.models import DepartureCase
from ketenzicht.people.models import Guardianship, IdentityRecord, Person
from ketenzicht.reception.models import Location, Placement
from tests.factories import UserFactory, organisation

from .conftest import log_in

pytestmark = pytest.mark.browser


def _unit(kind: str, name: str, org_kind: str) -> Unit:
    unit, _ = Unit.objects.get_or_create(
        organisation=organisation(org_kind), name=name, defaults={"kind": kind}
    )
    return unit


def _location(name: str, region: Unit) -> Location:
    unit = _unit(UnitKind.LOCATION, name, OrganisationKind.COA)
    location, _ = Location.objects.get_or_create(
        unit=unit,
        defaults={"name": name, "location_type": "bo", "capacity": 20, "police_region": region},
    )
    return location


def _step(page, step: str, fill: dict | None = None, check: str | None = None) -> None:
    page.click(f"#step-{step} summary")
    for selector, value in (fill or {}).items():
        page.fill(selector, value)
    if check:
        page.check(check)
    page.click(f"button[name=do][value={step}]")
    page.wait_for_load_state()


def test_departure_from_bo_across_the_chain_with_a_missed_deadline(new_page):
    region = _unit(UnitKind.REGION, "Noord-Nederland", OrganisationKind.POLITIE)
    bo = _location("BO Ter Apel", region)
    manager = UserFactory(username="manager", role=Role.LOCATION_MANAGER, unit=bo.unit)
    UserFactory(username="mentor", role=Role.MENTOR, unit=bo.unit, supervisor=manager)
    teamleider = UserFactory(username="teamleider", role=Role.AVIM_RECHERCHEUR, unit=region)
    UserFactory(username="avim", role=Role.AVIM_RECHERCHEUR, unit=region, supervisor=teamleider)
    voogd = UserFactory(
        username="voogd",
        role=Role.VOOGD,
        unit=_unit(UnitKind.REGION, "Nidos Noord", OrganisationKind.NIDOS),
    )
    person = Person.objects.create()
    IdentityRecord.objects.create(
        person=person,
        organisation=organisation(OrganisationKind.COA),
        given_names="Van Anh",
        family_name="Nguyen",
        date_of_birth=date(2009, 5, 14),
        nationality="VNM",
    )
    Placement.objects.create(
        person=person,
        location=bo,
        planned_arrival=timezone.now() - timedelta(days=20),
        arrived_at=timezone.now() - timedelta(days=20),
    )
    Guardianship.objects.create(person=person, voogd=voogd, started_on=date(2025, 1, 1))

    # COA: register the departure and report it.
    page = new_page()
    log_in(page, "mentor")
    page.goto(f"/vertrek/openen/{person.pk}/")
    detected = timezone.localtime() - timedelta(hours=3)
    page.fill("#id_detected_at", detected.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_circumstances", "Bed leeg bij de ochtendronde, tas weg.")
    page.click("form.stacked button[type=submit]")
    page.wait_for_load_state()
    case = DepartureCase.objects.get(person=person)
    assert page.url.endswith(f"/vertrek/{case.pk}/")
    assert page.locator("#checklist tbody tr").count() == 3
    _step(page, "report_to_police", {"#id_report_to_police-police_reference": "PL-2026-1"})
    _step(page, "inform_guardian")
    case.refresh_from_db()
    assert case.status == "reported" and case.is_bo and case.guardian_informed_at

    # Police/AVIM: acknowledge.
    police = new_page()
    log_in(police, "avim")
    police.goto(f"/vertrek/{case.pk}/")
    _step(police, "acknowledge")
    case.refresh_from_db()
    assert case.status == "acknowledged"

    # Nidos: classify as MOB with the evidence.
    nidos = new_page()
    log_in(nidos, "voogd")
    nidos.goto(f"/vertrek/{case.pk}/")
    _step(
        nidos,
        "classify",
        {"#id_classify-evidence": "Geen contact, telefoon uit, geen familie in Europa bekend."},
        check="input[name=classify-classification][value=mob]",
    )
    assert "MOB" in nidos.locator("#case-classification").inner_text()
    case.refresh_from_db()
    assert case.classification == "mob"

    # The police miss their next step: move its due time into the past, run the sweep.
    step = Deadline.objects.get(
        subject_id=str(case.pk), kind="departure.record_missing_person_report"
    )
    step.due_at = timezone.now() - timedelta(hours=1)
    step.save(update_fields=["due_at"])
    result = escalate_overdue()
    assert result.escalated == 1
    step.refresh_from_db()
    assert step.escalated_at is not None
    assert Notification.objects.get(deadline=step).recipient == teamleider

    police.goto("/werkvoorraad/")
    row = police.locator("tr.missed", has_text=step.title)
    assert row.count() == 1
    assert row.locator(".badge.danger").count() == 1 and row.locator(".badge.warn").count() == 1
    police.goto(f"/vertrek/{case.pk}/")
    assert police.locator("#checklist tr.missed").count() == 1

    # The figures page shows compliance per responsible organisation.
    figures = new_page()
    log_in(figures, "manager")
    figures.goto("/vertrek/cijfers/")
    table = figures.locator("#compliance")
    assert table.count() == 1
    assert "COA" in table.inner_text() and "Nidos" in table.inner_text()
