"""A small, fixed chain in which every access rule can be observed.

Two COA locations in two police regions, persons placed at each, wards of two
guardians, records by several organisations, a merged person and an ended
placement. The access-matrix tests name these objects in their expectations.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone

from ketenzicht.accounts.models import Unit, User
from ketenzicht.accounts.roles import OrganisationKind as O
from ketenzicht.accounts.roles import Role, UnitKind
from ketenzicht.audit import services as audit
from ketenzicht.people.models import (
    AgeInspection,
    AgeInvestigation,
    Alias,
    AsylumApplication,
    EurodacHit,
    ForeignReference,
    Guardianship,
    IdentityDocument,
    IdentityRecord,
    Person,
)
from ketenzicht.people.names import search_key
from ketenzicht.reception.models import (
    Location,
    Placement,
    PresenceCheck,
    RiskAssessment,
)
from tests.factories import UserFactory, organisation


@dataclass
class World:
    users: dict[str, User] = field(default_factory=dict)
    objects: dict[str, dict[str, object]] = field(default_factory=dict)

    def add(self, kind: str, name: str, obj) -> None:
        self.objects.setdefault(kind, {})[name] = obj

    def names(self, kind: str, objs) -> set[str]:
        by_pk = {o.pk: n for n, o in self.objects.get(kind, {}).items()}
        return {by_pk[o.pk] for o in objs if o.pk in by_pk}


def build_world() -> World:
    w = World()
    now = timezone.now()
    coa, politie = organisation(O.COA), organisation(O.POLITIE)
    for kind in O.values:
        organisation(kind)
    region_1 = Unit.objects.create(organisation=politie, kind=UnitKind.REGION, name="Noord")
    region_2 = Unit.objects.create(organisation=politie, kind=UnitKind.REGION, name="Rotterdam")
    unit_a = Unit.objects.create(organisation=coa, kind=UnitKind.LOCATION, name="BO Alpha")
    unit_b = Unit.objects.create(organisation=coa, kind=UnitKind.LOCATION, name="AMV Beta")
    nidos_team = Unit.objects.create(
        organisation=organisation(O.NIDOS), kind=UnitKind.REGION, name="Nidos Noord"
    )
    loc_a = Location.objects.create(
        unit=unit_a, name="BO Alpha", location_type="bo", capacity=20, police_region=region_1
    )
    loc_b = Location.objects.create(
        unit=unit_b,
        name="AMV Beta",
        location_type="regular_amv",
        capacity=40,
        police_region=region_2,
    )
    for name, obj in [
        ("region_1", region_1),
        ("region_2", region_2),
        ("unit_a", unit_a),
        ("unit_b", unit_b),
        ("nidos_team", nidos_team),
    ]:
        w.add("accounts.unit", name, obj)
    w.add("reception.location", "loc_a", loc_a)
    w.add("reception.location", "loc_b", loc_b)

    def user(name: str, role: Role, unit: Unit | None = None, org: str | None = None) -> User:
        kwargs = {"username": name, "role": role, "unit": unit}
        if org:
            kwargs["organisation"] = organisation(org)
        u = UserFactory(**kwargs)
        w.users[name] = u
        w.add("accounts.user", name, u)
        return u

    user("mentor_a", Role.MENTOR, unit_a)
    user("manager_a", Role.LOCATION_MANAGER, unit_a)
    user("mentor_b", Role.MENTOR, unit_b)
    voogd_1 = user("voogd_1", Role.VOOGD, nidos_team)
    voogd_2 = user("voogd_2", Role.VOOGD, nidos_team)
    user("avim_1", Role.AVIM_RECHERCHEUR, region_1)
    ir_1 = user("ir_1", Role.IR_OFFICER, region_1)
    user("avim_2", Role.AVIM_RECHERCHEUR, region_2)
    user("kmar", Role.KMAR_ANALIST)
    ind = user("ind", Role.IND_MEDEWERKER)
    user("dtv", Role.DTV_MEDEWERKER)
    user("ovj", Role.OFFICIER_VAN_JUSTITIE)
    user("emm", Role.EMM_ANALIST)
    user("apm", Role.BELEIDSANALIST)
    user("privacy", Role.PRIVACY_OFFICER, org=O.COA)
    user("beheerder_coa", Role.BEHEERDER, org=O.COA)
    user("beheerder_politie", Role.BEHEERDER, org=O.POLITIE)

    def person(name: str, *records: tuple[str, User | None]) -> Person:
        p = Person.objects.create()
        w.add("people.person", name, p)
        for i, (org_kind, recorder) in enumerate(records):
            rec = IdentityRecord.objects.create(
                person=p,
                organisation=organisation(org_kind),
                given_names="Anh",
                family_name=f"Nguyen {name}",
                search_name=search_key("Anh", "Nguyen", name),
                date_of_birth=date(2009, 5, 1),
                nationality="VNM",
                recorded_by=recorder,
            )
            w.add("people.identityrecord", f"{name}_{org_kind}_{i}", rec)
        return p

    def place(name: str, p: Person, loc: Location, ended: bool = False) -> Placement:
        pl = Placement.objects.create(
            person=p,
            location=loc,
            planned_arrival=now - timedelta(days=10),
            arrived_at=now - timedelta(days=10),
            ended_at=now - timedelta(days=1) if ended else None,
        )
        w.add("reception.placement", name, pl)
        return pl

    p_a = person("p_a", (O.COA, None), (O.NIDOS, voogd_1))
    p_b = person("p_b", (O.COA, None), (O.IND, ind))
    p_ended = person("p_ended", (O.COA, None))
    p_police = person("p_police", (O.POLITIE, ir_1))
    person("p_kmar", (O.KMAR, None))
    person("p_dtv", (O.DTV, None))
    p_merged = person("p_merged", (O.COA, None))
    p_merged.merged_into = p_a
    p_merged.save()

    pl_a = place("pl_a", p_a, loc_a)
    pl_b = place("pl_b", p_b, loc_b)
    place("pl_ended", p_ended, loc_a, ended=True)
    place("pl_merged", p_merged, loc_a)

    w.add(
        "people.guardianship",
        "g_a",
        Guardianship.objects.create(person=p_a, voogd=voogd_1, started_on=date(2025, 1, 1)),
    )
    w.add(
        "people.guardianship",
        "g_b",
        Guardianship.objects.create(person=p_b, voogd=voogd_2, started_on=date(2025, 1, 1)),
    )
    w.add(
        "people.ageinspection",
        "ai_a",
        AgeInspection.objects.create(
            person=p_a,
            inspected_on=date(2025, 1, 2),
            ind_officer=ind,
            avim_officer=ir_1,
            outcome="minor",
        ),
    )
    w.add(
        "people.ageinspection",
        "ai_police",
        AgeInspection.objects.create(
            person=p_police,
            inspected_on=date(2025, 1, 2),
            ind_officer=ind,
            avim_officer=ir_1,
            outcome="doubt",
        ),
    )
    w.add(
        "reception.riskassessment",
        "ra_a",
        RiskAssessment.objects.create(
            person=p_a,
            location=loc_a,
            assessed_on=date(2025, 1, 3),
            assessor=w.users["manager_a"],
            level="high",
            explanation="Contact met onbekende volwassenen",
            review_on=date(2025, 2, 3),
        ),
    )
    w.add(
        "reception.riskassessment",
        "ra_b",
        RiskAssessment.objects.create(
            person=p_b,
            location=loc_b,
            assessed_on=date(2025, 1, 3),
            assessor=w.users["mentor_b"],
            level="low",
            explanation="Geen bijzonderheden",
            review_on=date(2025, 2, 3),
        ),
    )
    w.add(
        "reception.presencecheck",
        "pc_a",
        PresenceCheck.objects.create(
            placement=pl_a,
            moment=now - timedelta(hours=3),
            status="present",
            checked_by=w.users["mentor_a"],
        ),
    )

    nidos, ind_org = organisation(O.NIDOS), organisation(O.IND)
    w.add(
        "people.alias", "al_a", Alias.objects.create(person=p_a, organisation=nidos, name="Van Anh")
    )
    w.add(
        "people.identitydocument",
        "doc_a",
        IdentityDocument.objects.create(
            person=p_a,
            organisation=politie,
            document_type="passport",
            number="C123",
            issuing_country="VNM",
        ),
    )
    w.add(
        "people.identitydocument",
        "doc_police",
        IdentityDocument.objects.create(
            person=p_police,
            organisation=politie,
            document_type="id card",
            number="X9",
            issuing_country="NGA",
            authenticity="false",
        ),
    )
    w.add(
        "people.eurodachit",
        "eh_police",
        EurodacHit.objects.create(
            person=p_police,
            organisation=politie,
            member_state="ITA",
            hit_date=date(2024, 3, 1),
            category=2,
            registered_as="adult",
        ),
    )
    w.add(
        "people.eurodachit",
        "eh_b",
        EurodacHit.objects.create(
            person=p_b,
            organisation=ind_org,
            member_state="FRA",
            hit_date=date(2024, 6, 1),
            category=1,
            registered_as="minor",
        ),
    )
    w.add(
        "people.foreignreference",
        "fr_a",
        ForeignReference.objects.create(
            person=p_a, organisation=politie, partner="UK NCA", reference="NCA-1"
        ),
    )
    w.add(
        "people.asylumapplication",
        "as_a",
        AsylumApplication.objects.create(person=p_a, applied_on=date(2025, 1, 5), status="pending"),
    )
    w.add(
        "people.asylumapplication",
        "as_b",
        AsylumApplication.objects.create(person=p_b, applied_on=date(2025, 1, 5), status="granted"),
    )
    w.add(
        "people.ageinvestigation",
        "inv_police",
        AgeInvestigation.objects.create(person=p_police, started_on=date(2025, 1, 3)),
    )

    from ketenzicht.deadlines.models import Deadline, Notification

    def deadline(name: str, org_kind: str, unit: Unit | None) -> Deadline:
        d = Deadline.objects.create(
            subject_kind="people.person",
            subject_id=str(p_a.pk),
            kind="test",
            title=name,
            organisation=organisation(org_kind),
            unit=unit,
            due_at=now + timedelta(hours=1),
        )
        w.add("deadlines.deadline", name, d)
        return d

    d_coa_a = deadline("d_coa_a", O.COA, unit_a)
    deadline("d_coa", O.COA, None)
    deadline("d_pol_1", O.POLITIE, region_1)
    d_nidos = deadline("d_nidos", O.NIDOS, None)
    w.add(
        "deadlines.notification",
        "n_mentor",
        Notification.objects.create(
            recipient=w.users["mentor_a"], deadline=d_coa_a, message="te laat"
        ),
    )
    w.add(
        "deadlines.notification",
        "n_voogd",
        Notification.objects.create(recipient=voogd_1, deadline=d_nidos, message="te laat"),
    )

    from ketenzicht.signals.models import Category, Entity, Investigation, Signal, SignalEntity

    kmar_org = organisation(O.KMAR)
    smuggling = Category.objects.get(code="smuggling-vessels")
    trafficking = Category.objects.get(code="trafficking-labour")
    w.add("signals.category", "cat_smuggling", smuggling)
    w.add("signals.category", "cat_trafficking", trafficking)

    def signal(name, org, status, grading=("", "", "H0", "amber"), by=None, cat=smuggling):
        sig = Signal.objects.create(
            reference=f"S-2026-{len(w.objects.get('signals.signal', {})) + 1:06d}",
            channel="professional" if by else "maritime",
            category=cat,
            description=name,
            status=status,
            receiving_organisation=org,
            submitted_by=by,
            source_reliability=grading[0],
            information_validity=grading[1],
            handling_code=grading[2],
            tlp=grading[3],
        )
        w.add("signals.signal", name, sig)
        return sig

    sig_kmar_new = signal("sig_kmar_new", kmar_org, "received")
    sig_pol_graded = signal(
        "sig_pol_graded",
        politie,
        "triaged",
        ("B", "2", "H1", "amber"),
        by=w.users["mentor_a"],
        cat=trafficking,
    )
    sig_om = signal("sig_om", kmar_org, "for_assessment", ("A", "1", "H2", "amber"))
    signal("sig_emm", politie, "triaged", ("B", "2", "H0", "green"), cat=trafficking)
    phone = Entity.objects.create(kind="phone", key="+31612345678", display="06 12345678")
    plate = Entity.objects.create(kind="vehicle", key="NL:12ABC3", display="12-ABC-3")
    w.add("signals.entity", "ent_phone", phone)
    w.add("signals.entity", "ent_plate", plate)
    for sig, ent in ((sig_kmar_new, phone), (sig_om, phone), (sig_pol_graded, plate)):
        SignalEntity.objects.create(signal=sig, entity=ent)
    kmar_team = Unit.objects.create(organisation=kmar_org, kind=UnitKind.TEAM, name="Team Noord")
    w.add(
        "signals.investigation",
        "inv_kmar",
        Investigation.objects.create(name="Onderzoek Golf", team=kmar_team),
    )
    w.add(
        "signals.investigation",
        "inv_pol",
        Investigation.objects.create(name="Onderzoek Anker", team=region_1),
    )

    from ketenzicht.departures.models import DepartureCase, DepartureEvent, TriggerProposal

    def departure(name, p, loc, *, voogd=None, reported=False, **flags) -> DepartureCase:
        case = DepartureCase.objects.create(
            person=p,
            location=loc,
            voogd=voogd,
            detected_at=now - timedelta(hours=5),
            is_bo=loc.location_type == "bo",
            **flags,
        )
        if reported:  # reported to the police: chain-wide for the police
            case.status, case.reported_to_police_at = "reported", now - timedelta(hours=4)
            case.save()
            DepartureEvent.objects.create(
                case=case,
                step="report_to_police",
                from_status="open",
                to_status="reported",
                at=case.reported_to_police_at,
            )
        w.add("departures.departurecase", name, case)
        return case

    departure("dc_a", p_a, loc_a, voogd=voogd_1, trafficking_sign=True)
    # p_ended's placement has ended; voogd_2 was the guardian when the case opened.
    departure("dc_ended", p_ended, loc_a, voogd=voogd_2, reported=True, return_process=True)
    departure("dc_b", p_b, loc_b, asylum_affected=True)
    for name, p, pl, loc in (("tp_a", p_a, pl_a, loc_a), ("tp_b", p_b, pl_b, loc_b)):
        w.add(
            "departures.triggerproposal",
            name,
            TriggerProposal.objects.create(
                person=p,
                placement=pl,
                location=loc,
                trigger="missed_reporting",
                evidence="twee meldmomenten gemist",
                suspected_since=now - timedelta(hours=12),
            ),
        )

    from ketenzicht.reception.models import RiskFactor

    w.add("reception.riskfactor", "rf_debt", RiskFactor.objects.get(code="debt"))

    from ketenzicht.linkage.models import CandidateLink, LinkageRun, Merge

    run = LinkageRun.objects.create(kind="full", status="done", finished_at=now)
    w.add("linkage.linkagerun", "run_done", run)
    kmar_record = w.objects["people.identityrecord"]["p_kmar_kmar_0"]
    dtv_record = w.objects["people.identityrecord"]["p_dtv_dtv_0"]
    left, right = sorted((kmar_record, dtv_record), key=lambda r: r.pk)
    w.add(
        "linkage.candidatelink",
        "cand_kmar_dtv",
        CandidateLink.objects.create(
            run=run,
            left_record=left,
            right_record=right,
            match_weight=4.2,
            match_probability=0.9,
        ),
    )
    w.add(
        "linkage.merge",
        "merge_a",
        Merge.objects.create(survivor=p_a, absorbed=p_merged, merged_at=now),
    )

    # Audit events by actors of two organisations.
    w.add(
        "audit.auditevent",
        "ev_coa",
        audit.record_read(actor=w.users["mentor_a"], obj=p_a, person_id=p_a.pk),
    )
    w.add(
        "audit.auditevent",
        "ev_politie",
        audit.record_read(actor=w.users["avim_1"], obj=p_a, person_id=p_a.pk),
    )
    return w
