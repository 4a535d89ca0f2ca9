"""A small chain for linkage tests: one human being registered twice.

`anh_coa` (COA, with a V-number) and `anh_ind` (IND, no V-number) are two
persons of the registry for the same Vietnamese minor; each has rows in other
apps (placements, guardianship, Eurodac hit, signal, departure, risk
assessment, trigger proposal, alias), so a merge has something to move and a
split something to restore.
"""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.utils import timezone

from ketenzicht.accounts.models import Unit, User
from ketenzicht.accounts.roles import OrganisationKind as O
from ketenzicht.accounts.roles import Role, UnitKind
from ketenzicht.departures.models import DepartureCase, TriggerProposal
from ketenzicht.linkage.models import CandidateLink, LinkageRun
from ketenzicht.people.models import (
    Alias,
    EurodacHit,
    Guardianship,
    IdentityRecord,
    Person,
)
from ketenzicht.people.names import search_key
from ketenzicht.reception.models import Location, Placement, RiskAssessment
from ketenzicht.signals.models import Category, Signal
from tests.factories import UserFactory, organisation


@dataclass
class Chain:
    region: Unit
    bo: Location
    amv: Location
    ir: User
    other_ir: User
    avim: User
    mentor: User
    voogd: User
    beheerder: User
    anh_coa: Person
    anh_ind: Person
    coa_record: IdentityRecord
    ind_record: IdentityRecord
    run: LinkageRun
    signal: Signal


def record(person: Person, org_kind: str, **fields) -> IdentityRecord:
    values = {
        "given_names": "Van Anh",
        "family_name": "Nguyen",
        "date_of_birth": date(2009, 5, 14),
        "nationality": "VNM",
        "sex": "f",
    }
    values.update(fields)
    values.setdefault("search_name", search_key(values["given_names"], values["family_name"]))
    return IdentityRecord.objects.create(
        person=person, organisation=organisation(org_kind), **values
    )


def candidate(run: LinkageRun, one: IdentityRecord, other: IdentityRecord, **fields):
    left, right = sorted((one, other), key=lambda r: r.pk)
    values = {
        "match_weight": 9.5,
        "match_probability": 0.93,
        "explanation": [
            {"comparison": "name", "level": "exact tokens", "weight": 8.1},
            {"comparison": "date_of_birth", "level": "exact", "weight": 6.0},
            {"comparison": "sex", "level": "different", "weight": -1.2},
        ],
    }
    values.update(fields)
    return CandidateLink.objects.create(run=run, left_record=left, right_record=right, **values)


@pytest.fixture
def chain(db) -> Chain:
    for kind in O.values:
        organisation(kind)
    coa, politie = organisation(O.COA), organisation(O.POLITIE)
    region = Unit.objects.create(organisation=politie, kind=UnitKind.REGION, name="Noord-Nederland")
    other_region = Unit.objects.create(organisation=politie, kind=UnitKind.REGION, name="Rotterdam")
    bo_unit = Unit.objects.create(organisation=coa, kind=UnitKind.LOCATION, name="BO Ter Apel")
    amv_unit = Unit.objects.create(organisation=coa, kind=UnitKind.LOCATION, name="AMV Zeist")
    nidos = Unit.objects.create(
        organisation=organisation(O.NIDOS), kind=UnitKind.REGION, name="Nidos Noord"
    )
    bo = Location.objects.create(
        unit=bo_unit, name="BO Ter Apel", location_type="bo", capacity=20, police_region=region
    )
    amv = Location.objects.create(
        unit=amv_unit,
        name="AMV Zeist",
        location_type="regular_amv",
        capacity=40,
        police_region=other_region,
    )

    def user(username, role, unit=None, **extra):
        return UserFactory(username=username, role=role, unit=unit, first_name=username, **extra)

    ir = user("ir", Role.IR_OFFICER, region)
    mentor = user("mentor", Role.MENTOR, bo_unit)
    voogd = user("voogd", Role.VOOGD, nidos)
    now = timezone.now()

    anh_coa = Person.objects.create(v_number="1234567890")
    coa_record = record(anh_coa, O.COA, org_number="COA-77", v_number="1234567890")
    Placement.objects.create(
        person=anh_coa,
        location=bo,
        planned_arrival=now - timedelta(days=40),
        arrived_at=now - timedelta(days=40),
        ended_at=now - timedelta(days=20),
    )
    Guardianship.objects.create(person=anh_coa, voogd=voogd, started_on=date(2025, 1, 1))
    Alias.objects.create(person=anh_coa, organisation=coa, name="Anh")

    anh_ind = Person.objects.create()
    ind_record = record(
        anh_ind,
        O.IND,
        given_names="Anh Van",
        family_name="Nguyễn",
        date_of_birth=date(2009, 1, 1),
        dob_is_placeholder=True,
    )
    placement = Placement.objects.create(
        person=anh_ind,
        location=amv,
        planned_arrival=now - timedelta(days=10),
        arrived_at=now - timedelta(days=10),
    )
    EurodacHit.objects.create(
        person=anh_ind,
        organisation=organisation(O.IND),
        member_state="ITA",
        hit_date=date(2024, 6, 1),
        category=2,
        registered_as="minor",
    )
    RiskAssessment.objects.create(
        person=anh_ind,
        location=amv,
        assessed_on=date(2025, 1, 3),
        assessor=mentor,
        level="high",
        explanation="Contact met onbekende volwassenen",
        review_on=date(2025, 2, 3),
    )
    DepartureCase.objects.create(
        person=anh_ind,
        location=amv,
        detected_at=now - timedelta(days=2),
        status="closed",
        closed_at=now - timedelta(days=1),
    )
    TriggerProposal.objects.create(
        person=anh_ind,
        placement=placement,
        location=amv,
        trigger="missed_reporting",
        evidence="twee meldmomenten gemist",
        suspected_since=now - timedelta(hours=12),
    )
    signal = Signal.objects.create(
        reference="S-2026-000001",
        channel="professional",
        category=Category.objects.get(code="trafficking-labour"),
        description="Werkt in nagelsalon",
        receiving_organisation=politie,
    )
    signal.persons.add(anh_coa, anh_ind)

    run = LinkageRun.objects.create(kind="full", status="done", finished_at=now)
    return Chain(
        region=region,
        bo=bo,
        amv=amv,
        ir=ir,
        other_ir=user("other_ir", Role.IR_OFFICER, other_region),
        avim=user("avim", Role.AVIM_RECHERCHEUR, region),
        mentor=mentor,
        voogd=voogd,
        beheerder=user("beheerder", Role.BEHEERDER),
        anh_coa=anh_coa,
        anh_ind=anh_ind,
        coa_record=coa_record,
        ind_record=ind_record,
        run=run,
        signal=signal,
    )
