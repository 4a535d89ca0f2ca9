"""Writing the synthetic chain to the database, in batches.

Persons are planned one by one (`plan.plan_person`, deterministic per seed and
index) and written in batches with `bulk_create`, so memory stays bounded by
the batch size and 100k persons take minutes, 1M is feasible on PostgreSQL.
Rows go in through `fastinsert` (executemany / COPY with ids allocated up
front), which also lets every row keep its historic timestamp (`recorded_at`
of a 2016 registration is in 2016, not the day the demo was loaded).

Generated rows bypass the services on purpose: the services audit every row
and check a live user's permissions, which is right for people's work and
wrong for loading a synthetic history of millions of rows. The run writes one
audit event that says what it loaded (see `run_demo`).
"""

from __future__ import annotations

import itertools
import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as dtime
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from ketenzicht.accounts.roles import OrganisationKind
from ketenzicht.audit.services import record as audit_record
from ketenzicht.people import name_index
from ketenzicht.people.models import (
    AgeInspection,
    AgeInvestigation,
    Alias,
    AsylumApplication,
    EurodacHit,
    Guardianship,
    IdentityRecord,
    NameToken,
    Person,
)
from ketenzicht.people.names import search_key
from ketenzicht.reception import reporting
from ketenzicht.reception.models import (
    Location,
    LocationType,
    Measure,
    Placement,
    PresenceCheck,
    PresenceStatus,
    RiskAssessment,
    RiskAssessmentFactor,
    RiskFactor,
    RiskLevel,
)

from . import calibration as cal
from . import fastinsert as fast
from . import numbers
from . import plan as planning
from . import reference as ref
from .models import DemoRun, TrueIdentity
from .names import POOLS
from .users import Staff, ensure_demo_users, ensure_staff

Org = OrganisationKind
LT = LocationType
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
DEFAULT_BATCH = 2000
# Enough for a few current residents in BO (about 30 amv a year at real scale).
DEFAULT_PERSONS = 20_000
DEMO_WARDS = 12


Progress = Callable[[str], None]


@dataclass
class RunResult:
    run: DemoRun
    created: bool
    message: str


def _aware(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, dtime(hour, minute), tzinfo=AMSTERDAM)


def existing_run() -> DemoRun | None:
    return DemoRun.objects.filter(finished_at__isnull=False).order_by("id").first()


def run_demo(
    *,
    persons: int,
    seed: int,
    as_of: date | None = None,
    batch_size: int = DEFAULT_BATCH,
    progress: Progress | None = None,
) -> RunResult:
    """Generate the demo chain once; a second call finds it and does nothing."""
    say = progress or (lambda _msg: None)
    as_of = as_of or timezone.localdate()
    previous = existing_run()
    if previous is not None:
        same = (previous.persons, previous.seed) == (persons, seed)
        message = (
            f"Demo data already present ({previous.persons} persons, seed {previous.seed}, "
            f"as of {previous.as_of}); nothing to do."
            if same
            else f"Demo data already present with other parameters ({previous.persons} "
            f"persons, seed {previous.seed}); nothing done. Run `make reset` to start over."
        )
        reference = ref.load_reference()
        ensure_demo_users(reference)
        return RunResult(previous, False, message)
    started = time.monotonic()
    apportionment = planning.apportion(persons, as_of)
    with transaction.atomic():
        reference = ref.load_reference()
        demo_users = ensure_demo_users(reference)
        staff = ensure_staff(reference, persons=persons, seed=seed)
        run = DemoRun.objects.create(
            persons=persons,
            seed=seed,
            as_of=as_of,
            parameters={
                "batch_size": batch_size,
                "amv_scale": apportionment.amv_scale,
                "adult_scale": apportionment.adult_scale,
                "amv_demo_share": cal.AMV_DEMO_SHARE,
            },
        )
        writer = _Writer(run, reference, staff, seed, as_of)
        if not writer.factors:
            say("The reception risk-factor catalogue is empty: no risk assessments created.")
        for start in range(0, persons, batch_size):
            stop = min(persons, start + batch_size)
            writer.write(list(planning.plans(apportionment, seed, as_of, start, stop)))
            say(f"  {stop:>9,} / {persons:,} persons  ({time.monotonic() - started:6.1f} s)")
        wards = _assign_demo_wards(next(u for u in demo_users if u.username == "voogd"))
        counts = writer.counts
        counts["demo_wards"] = wards
        run.counts = dict(counts)
        run.finished_at = timezone.now()
        run.duration_seconds = round(time.monotonic() - started, 2)
        run.save(update_fields=["counts", "finished_at", "duration_seconds"])
        # One audit event for the whole run instead of one per row: the rows are
        # synthetic, written by no person, and millions of events would bury the
        # trail that matters. The event names the run, its parameters and counts,
        # which is enough to reproduce every row (the generator is deterministic).
        audit_record(
            actor=None,
            action="create",
            object_kind="demo.demorun",
            object_id=str(run.pk),
            changes={
                "before": {},
                "after": {
                    "persons": persons,
                    "seed": seed,
                    "as_of": as_of.isoformat(),
                    "counts": run.counts,
                },
            },
            actor_label="demo generator",
        )
    return RunResult(run, True, f"Generated {persons:,} persons in {run.duration_seconds} s.")


def _assign_demo_wards(voogd) -> int:
    """Give the demo voogd a dozen current wards, preferably placed where the demo users work."""
    open_g = Guardianship.objects.filter(ended_on__isnull=True).exclude(voogd=voogd)
    preferred = open_g.filter(
        person__placements__ended_at__isnull=True,
        person__placements__location__name__in=(ref.DEMO_BO_LOCATION, ref.DEMO_AMV_LOCATION),
    )
    have = Guardianship.objects.filter(voogd=voogd, ended_on__isnull=True).count()
    need = max(0, DEMO_WARDS - have)
    ids = list(preferred.order_by("id").values_list("id", flat=True).distinct()[:need])
    if len(ids) < need:
        ids += list(
            open_g.exclude(id__in=ids)
            .order_by("-started_on", "id")
            .values_list("id", flat=True)[: need - len(ids)]
        )
    Guardianship.objects.filter(id__in=ids).update(voogd=voogd)
    return have + len(ids)


class _Writer:
    """Turns batches of plans into rows."""

    def __init__(
        self, run: DemoRun, reference: ref.Reference, staff: Staff, seed: int, as_of: date
    ) -> None:
        self.run = run
        self.reference = reference
        self.staff = staff
        self.seed = seed
        self.as_of = as_of
        self.orgs = reference.organisations
        self.counts: Counter[str] = Counter()
        self.by_type: dict[str, list[Location]] = {t: reference.locations_of(t) for t in LT.values}
        self.registration_centre = next(
            loc for loc in self.by_type[LT.ADULT_AZC] if "Ter Apel" in loc.name
        )
        self.demo_bo_location = reference.location(ref.DEMO_BO_LOCATION)
        self.factors = list(RiskFactor.objects.filter(is_active=True).order_by("code"))

    # --- placement helpers -----------------------------------------------------

    def choose_location(
        self,
        rng: random.Random,
        location_type: str,
        avoid: Location | None,
        first_adult: bool,
        current: bool = False,
    ) -> Location:
        if first_adult:
            return self.registration_centre
        if current and location_type == LT.BO:
            # BO takes some 30 amv a year: below real scale there are only a
            # handful of current residents in the whole country. They all stay
            # at the demo BO location so its demo logins see them; figures are
            # per location type, so the calibration does not change.
            return self.demo_bo_location
        options = [
            loc
            for loc in self.by_type[location_type]
            if loc != avoid and loc != self.registration_centre
        ] or self.by_type[location_type]
        return rng.choices(options, weights=[loc.capacity for loc in options])[0]

    # --- batch -----------------------------------------------------------------

    def write(self, plans: list[planning.PersonPlan]) -> None:
        persons: list[dict] = []
        record_persons: list[list[int]] = []  # per plan: position in `persons` per record
        taken_v = set(
            Person.objects.filter(
                v_number__in=[numbers.v_number(self.seed, p.index) for p in plans]
            ).values_list("v_number", flat=True)
        )
        for p in plans:
            v = numbers.v_number(self.seed, p.index)
            main_pos = len(persons)
            persons.append(
                {
                    "v_number": None if v in taken_v else v,
                    "pseudonym": numbers.pseudonym(self.seed, p.index, 0),
                    "created_at": _aware(p.arrival, 10),
                }
            )
            positions = []
            for k, r in enumerate(p.records, start=1):
                if r.split:
                    persons.append(
                        {
                            "v_number": None,
                            "pseudonym": numbers.pseudonym(self.seed, p.index, k),
                            "created_at": _aware(r.recorded_on, 11),
                        }
                    )
                    positions.append(len(persons) - 1)
                else:
                    positions.append(main_pos)
            record_persons.append(positions)
        for row, pk in zip(persons, fast.table(Person).allocate_ids(len(persons)), strict=True):
            row["id"] = pk
        self.counts["persons"] += fast.table(Person).insert(persons)

        records: list[dict] = []
        owner: list[dict[str, int]] = []  # per plan: organisation → person id
        record_ids = iter(
            fast.table(IdentityRecord).allocate_ids(sum(len(p.records) for p in plans))
        )
        truths: list[dict] = []
        for p, positions in zip(plans, record_persons, strict=True):
            main_v = persons[positions[0]]["v_number"] if positions else None
            owners = {}
            true_given = " ".join(p.name.given)
            true_family = " ".join(p.name.family)
            for r, pos in zip(p.records, positions, strict=True):
                person_id = persons[pos]["id"]
                owners[r.organisation] = person_id
                t = r.text
                record_id = next(record_ids)
                records.append(
                    {
                        "id": record_id,
                        "person_id": person_id,
                        "organisation_id": self.orgs[r.organisation].pk,
                        "org_number": numbers.org_number(r.organisation, p.index, p.arrival),
                        "v_number": "" if t.missing_v_number or not main_v else main_v,
                        "given_names": t.given_names[:200],
                        "family_name": t.family_name[:200],
                        "search_name": search_key(t.given_names, t.family_name),
                        "date_of_birth": t.date_of_birth,
                        "dob_precision": t.dob_precision,
                        "dob_is_placeholder": t.dob_is_placeholder,
                        "sex": p.sex,
                        "nationality": p.cell.nationality,
                        "languages": POOLS[p.cell.nationality].languages,
                        "photo": "",
                        "recorded_by_id": self._recorder(r.organisation, p),
                        "recorded_at": _aware(r.recorded_on, 9 + p.index % 8, p.index % 60),
                    }
                )
                truths.append(
                    {
                        "run_id": self.run.pk,
                        "identity_record_id": record_id,
                        "person_id": person_id,
                        "true_key": p.true_key,
                        "organisation_kind": r.organisation,
                        "nationality": p.cell.nationality,
                        "true_given_names": true_given,
                        "true_family_name": true_family,
                        "true_date_of_birth": p.true_dob,
                        "true_sex": p.sex,
                        "parameters": {
                            "category": p.cell.category,
                            "arrival": p.arrival.isoformat(),
                            "claimed_dob": p.claimed_dob.isoformat(),
                            "dob_known": p.dob_known,
                            "claimed_minor": p.claimed_minor,
                            "true_minor": p.true_minor,
                            "split": r.split,
                            "variations": sorted(set(r.text.variations)),
                        },
                    }
                )
            owner.append(owners)
        self.counts["identity_records"] += fast.table(IdentityRecord).insert(records)
        self._index_names(
            name_index.posting_rows(r["search_name"], person_id=r["person_id"], record=r)
            for r in records
        )
        truth_table = fast.table(TrueIdentity)
        for row, pk in zip(truths, truth_table.allocate_ids(len(truths)), strict=True):
            row["id"] = pk
        self.counts["true_identities"] += truth_table.insert(truths)
        self._person_rows(plans, owner)

    def _index_names(self, postings) -> None:
        """The name search's token index for rows written here (the services do it otherwise)."""
        rows = [row for rows in postings for row in rows]
        fast.table(NameToken).insert(rows)
        name_index.add_to_vocabulary(Counter(row["token"] for row in rows))
        self.counts["name_tokens"] += len(rows)

    def _recorder(self, organisation: str, p: planning.PersonPlan) -> int | None:
        staff = self.staff
        if organisation == Org.POLITIE:
            return staff.registration_officers[p.index % len(staff.registration_officers)].pk
        if organisation == Org.IND:
            return staff.ind_officers[p.index % len(staff.ind_officers)].pk
        return None

    def _person_rows(self, plans: list[planning.PersonPlan], owner: list[dict[str, int]]) -> None:
        aliases, hits, asylum, inspections, investigations, guardianships = [], [], [], [], [], []
        ind = self.orgs[Org.IND].pk
        staff = self.staff
        placements: list[dict] = []
        for p, owners in zip(plans, owner, strict=True):
            rng = random.Random(f"ketenzicht-demo-rows:{self.seed}:{p.index}")
            entry = p.records[0].organisation
            main_id = owners[entry]
            ind_id = owners.get(Org.IND, main_id)
            for name in p.aliases:
                aliases.append(
                    {
                        "person_id": main_id,
                        "organisation_id": self.orgs[entry].pk,
                        "name": name,
                        "search_name": search_key(name),
                        "recorded_at": _aware(p.arrival, 15),
                    }
                )
            hit_org = ind if Org.IND in owners else self.orgs[entry].pk
            for h in p.hits:
                hits.append(
                    {
                        "person_id": ind_id,
                        "organisation_id": hit_org,
                        "member_state": h.member_state,
                        "hit_date": h.hit_date,
                        "category": h.category,
                        "registered_as": h.registered_as,
                        "recorded_at": _aware(p.arrival, 12),
                    }
                )
            if p.asylum is not None:
                applied, status = p.asylum
                asylum.append(
                    {
                        "person_id": ind_id,
                        "applied_on": applied,
                        "status": status,
                        "organisation_id": ind,
                        "recorded_at": _aware(applied, 13),
                    }
                )
            if p.inspection is not None:
                day, outcome, on_arrival = p.inspection
                inspections.append(
                    {
                        "person_id": ind_id,
                        "inspected_on": day,
                        "ind_officer_id": rng.choice(staff.ind_officers).pk,
                        "avim_officer_id": rng.choice(staff.registration_officers).pk,
                        "outcome": outcome,
                        "on_arrival_without_asylum": on_arrival,
                        "place": "Ter Apel",
                        "note": "",
                        "recorded_at": _aware(day, 16),
                    }
                )
            if p.investigation is not None:
                started, concluded, result = p.investigation
                investigations.append(
                    {
                        "person_id": ind_id,
                        "started_on": started,
                        "concluded_on": concluded,
                        "outcome": result,
                        "note": "",
                        "organisation_id": ind,
                        "recorded_at": _aware(started, 14),
                    }
                )
            if p.guardianship is not None:
                g_start, g_end, reason = p.guardianship
                guardianships.append(
                    {
                        "person_id": owners.get(Org.NIDOS, main_id),
                        "voogd_id": rng.choice(staff.voogden).pk,
                        "started_on": g_start,
                        "ended_on": g_end,
                        "end_reason": reason,
                    }
                )
            if p.placements:
                placements.extend(self._placement_rows(p, owners.get(Org.COA, main_id), rng))
        alias_table = fast.table(Alias)
        for row, pk in zip(aliases, alias_table.allocate_ids(len(aliases)), strict=True):
            row["id"] = pk
        self.counts["aliases"] += alias_table.insert(aliases)
        self._index_names(
            name_index.posting_rows(a["search_name"], person_id=a["person_id"], alias_id=a["id"])
            for a in aliases
        )
        self.counts["eurodac_hits"] += fast.table(EurodacHit).insert(hits)
        self.counts["asylum_applications"] += fast.table(AsylumApplication).insert(asylum)
        self.counts["age_inspections"] += fast.table(AgeInspection).insert(inspections)
        self.counts["age_investigations"] += fast.table(AgeInvestigation).insert(investigations)
        self.counts["guardianships"] += fast.table(Guardianship).insert(guardianships)
        placement_table = fast.table(Placement)
        for row, pk in zip(placements, placement_table.allocate_ids(len(placements)), strict=True):
            row["id"] = pk
        # A transfer points at the person's previous placement (just before it).
        for before, row in itertools.pairwise(placements):
            if row["_transferred"] and before["person_id"] == row["person_id"]:
                row["transferred_from_id"] = before["id"]
        self.counts["placements"] += placement_table.insert(placements)
        self._risk_assessments(placements)
        self._presence(placements)

    def _placement_rows(
        self, p: planning.PersonPlan, person_id: int, rng: random.Random
    ) -> list[dict]:
        rows = []
        previous: Location | None = None
        first_adult = True
        for k, pp in enumerate(p.placements):
            adult_first = pp.location_type == LT.ADULT_AZC and first_adult and not pp.transferred
            if pp.location_type == LT.ADULT_AZC:
                first_adult = False
            location = self.choose_location(
                rng,
                pp.location_type,
                previous if pp.transferred else None,
                adult_first,
                current=pp.end is None,
            )
            previous = location
            arrived = _aware(pp.start, 10 + rng.randrange(8), rng.randrange(60))
            ended = _aware(pp.end, 8 + rng.randrange(14), rng.randrange(60)) if pp.end else None
            rows.append(
                {
                    "person_id": person_id,
                    "location_id": location.pk,
                    "planned_arrival": arrived,
                    "arrived_at": arrived,
                    "ended_at": ended,
                    "end_reason": pp.end_reason,
                    "transferred_from_id": None,
                    "created_by_id": None,
                    "_transferred": pp.transferred,
                    # Seeds the placement's own draws: stable whatever ids the database gives.
                    "_key": f"{self.seed}:{p.index}:{k}",
                    "_location": location,
                }
            )
        return rows

    def _risk_assessments(self, placements: list[dict]) -> None:
        if not self.factors:
            return
        assessments, chosen = [], []
        for row in placements:
            location = row["_location"]
            if location.location_type != LT.BO:
                continue
            rng = random.Random(f"ketenzicht-demo-risk:{row['_key']}")
            start = row["arrived_at"].date()
            day = start + timedelta(days=rng.randrange(1, 4))
            if day > self.as_of or (row["ended_at"] and day > row["ended_at"].date()):
                continue
            factors = rng.sample(self.factors, k=min(len(self.factors), rng.randint(1, 3)))
            level = (
                RiskLevel.HIGH
                if len(factors) >= 3
                else RiskLevel.MEDIUM
                if len(factors) == 2
                else RiskLevel.LOW
            )
            measures = {
                RiskLevel.HIGH: [
                    Measure.EXTRA_SUPERVISION,
                    Measure.SECURITY,
                    Measure.POLICE_INFORMED,
                    Measure.REPORTING_DUTY,
                ],
                RiskLevel.MEDIUM: [Measure.EXTRA_SUPERVISION, Measure.REPORTING_DUTY],
                RiskLevel.LOW: [Measure.REPORTING_DUTY],
            }[level]
            assessments.append(
                {
                    "person_id": row["person_id"],
                    "location_id": location.pk,
                    "assessed_on": day,
                    "assessor_id": self.staff.mentors[location.pk].pk,
                    "level": str(level),
                    "explanation": "; ".join(f.label_nl for f in factors),
                    "review_on": day + timedelta(days=28),
                    "measures": [str(m) for m in measures],
                    "reporting_per_day": {RiskLevel.HIGH: 4, RiskLevel.MEDIUM: 3}.get(level, 2),
                    "recorded_at": _aware(day, 15),
                }
            )
            chosen.append(factors)
        table = fast.table(RiskAssessment)
        for row, pk in zip(assessments, table.allocate_ids(len(assessments)), strict=True):
            row["id"] = pk
        self.counts["risk_assessments"] += table.insert(assessments)
        # The board uses the latest assessment's reporting frequency instead of
        # the location's moments; the generated check-ins must follow it too.
        self._overrides = {a["person_id"]: a["reporting_per_day"] for a in assessments}
        links = [
            {"assessment_id": a["id"], "factor_id": f.pk, "explanation": f.explanation}
            for a, factors in zip(assessments, chosen, strict=True)
            for f in factors
        ]
        self.counts["risk_assessment_factors"] += fast.table(RiskAssessmentFactor).insert(links)

    def _presence(self, placements: list[dict]) -> None:
        checks = []
        for row in placements:
            location = row["_location"]
            if row["ended_at"] is not None or not location.reporting_times:
                continue
            rng = random.Random(f"ketenzicht-demo-presence:{row['_key']}")
            mentor = self.staff.mentors[location.pk].pk
            per_day = getattr(self, "_overrides", {}).get(row["person_id"])
            times = (
                reporting.spread_times(per_day)
                if per_day
                else reporting.parse_times(location.reporting_times)
            )
            # Up to the reference day itself: today's moments that have passed
            # already (generation time) are met or missed like any other.
            cutoff = min(timezone.now(), _aware(self.as_of + timedelta(days=1), 0))
            for back in range(cal.PRESENCE_DAYS, -1, -1):
                day = self.as_of - timedelta(days=back)
                for at in times:
                    moment = _aware(day, at.hour, at.minute)
                    if moment < row["arrived_at"] or moment > cutoff:
                        continue
                    roll = rng.random()
                    if roll < cal.PRESENCE_MISSED:
                        continue  # a missed moment has no check
                    status = (
                        PresenceStatus.EXCUSED
                        if roll < cal.PRESENCE_MISSED + cal.PRESENCE_EXCUSED
                        else PresenceStatus.PRESENT
                    )
                    checks.append(
                        {
                            "placement_id": row["id"],
                            "moment": moment,
                            "status": str(status),
                            "checked_at": moment + timedelta(minutes=7),
                            "checked_by_id": mentor,
                        }
                    )
        self.counts["presence_checks"] += fast.table(PresenceCheck).insert(checks)
