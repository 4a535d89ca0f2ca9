"""The life of one synthetic person in the chain, decided in pure Python.

`plan_person` draws everything about one person (who they are, what happened
to them, how each organisation wrote them down) from a random generator seeded
with the run seed and the person's index only, so a person is the same whatever
the batch size and the database. `generator.py` turns plans into rows.
"""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from ketenzicht.accounts.roles import OrganisationKind
from ketenzicht.people.models import AgeOutcome, AsylumStatus, RegisteredAs, Sex
from ketenzicht.reception.models import LocationType

from . import calibration as cal
from .names import POOLS, NamePool, romanise
from .variation import RecordText, TrueName, record_text

Org = OrganisationKind
LT = LocationType

AMV, ADULT, DISPLACED = "amv", "adult", "displaced"

# Placement end reasons, values of the reception app's closed vocabulary
# (reception.services.END_REASONS; a test keeps them in step). Every departure
# the demo generates is one with unknown destination (MOB); an outflow to a
# municipal home after a residence permit has no value of its own: "other".
END_TRANSFER = "transfer"
END_MOB = "departure"
END_ADULT = "adult"
END_RETURN = "returned"
END_HOUSING = "other"
END_REASONS = (END_TRANSFER, END_MOB, END_ADULT, END_RETURN, END_HOUSING)


@dataclass(frozen=True)
class Cell:
    category: str
    year: int
    nationality: str


@dataclass
class PlannedRecord:
    organisation: str
    text: RecordText
    recorded_on: date
    split: bool = False  # filed under a separate, unlinked person


@dataclass
class PlannedPlacement:
    location_type: str
    start: date
    end: date | None
    end_reason: str
    transferred: bool  # follows the previous placement as a transfer
    owner: str = Org.COA


@dataclass
class PlannedHit:
    member_state: str
    hit_date: date
    category: int
    registered_as: str


@dataclass
class PersonPlan:
    index: int
    cell: Cell
    true_key: str
    name: TrueName
    sex: str
    true_dob: date
    claimed_dob: date
    dob_known: bool
    arrival: date
    claimed_minor: bool
    true_minor: bool
    records: list[PlannedRecord] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    hits: list[PlannedHit] = field(default_factory=list)
    asylum: tuple[date, str] | None = None
    inspection: tuple[date, str, bool] | None = None  # date, outcome, on arrival w/o asylum
    investigation: tuple[date, date | None, str] | None = None
    guardianship: tuple[date, date | None, str] | None = None
    placements: list[PlannedPlacement] = field(default_factory=list)


# --- apportionment ---------------------------------------------------------------


@dataclass
class Apportionment:
    cells: list[tuple[Cell, int]]
    amv_scale: float  # generated amv per real amv
    adult_scale: float
    bo_probability: dict[tuple[int, str], float]  # non-Vietnamese amv → BO by year

    def total(self) -> int:
        return sum(n for _, n in self.cells)


def _year_fraction(year: int, as_of: date) -> float:
    if year < as_of.year:
        return 1.0
    start = date(year, 1, 1)
    return max(0.0, (as_of - start).days / 365.0)


def real_weights(as_of: date) -> tuple[dict[Cell, float], dict[Cell, float]]:
    """Real-scale inflow per cell: (amv cells, adult cells)."""
    amv: dict[Cell, float] = {}
    adult: dict[Cell, float] = {}
    for year in range(cal.FIRST_YEAR, as_of.year + 1):
        frac = _year_fraction(year, as_of)
        if frac <= 0:
            continue
        cy = cal.calibrated_year(year)
        amv[Cell(AMV, year, "VNM")] = cal.VIETNAMESE_AMV[cy] * frac
        mix = cal.amv_mix(year)
        total = sum(mix.values())
        for nat, w in mix.items():
            amv[Cell(AMV, year, nat)] = cal.AMV_INFLOW[cy] * frac * w / total
        mix = cal.adult_mix(year)
        total = sum(mix.values())
        for nat, w in mix.items():
            adult[Cell(ADULT, year, nat)] = cal.ADULT_INFLOW[cy] * frac * w / total
        if cy in cal.UKRAINIAN_DISPLACED:
            adult[Cell(DISPLACED, year, "UKR")] = cal.UKRAINIAN_DISPLACED[cy] * frac
    return amv, adult


def _largest_remainder(weights: dict[Cell, float], n: int) -> dict[Cell, int]:
    total = sum(weights.values())
    exact = {c: n * w / total for c, w in weights.items()}
    counts = {c: int(x) for c, x in exact.items()}
    left = n - sum(counts.values())
    # Deterministic tie-break: by remainder, then by the cell's natural order.
    order = sorted(
        exact, key=lambda c: (-(exact[c] - counts[c]), c.category, c.year, c.nationality)
    )
    for c in order[:left]:
        counts[c] += 1
    return counts


def apportion(persons: int, as_of: date) -> Apportionment:
    amv_w, adult_w = real_weights(as_of)
    n_amv = round(persons * cal.AMV_DEMO_SHARE)
    amv_counts = _largest_remainder(amv_w, n_amv)
    adult_counts = _largest_remainder(adult_w, persons - n_amv)
    amv_scale = n_amv / sum(amv_w.values())
    adult_scale = (persons - n_amv) / sum(adult_w.values())
    bo: dict[tuple[int, str], float] = {}
    for year in sorted({c.year for c in amv_counts}):
        cy = cal.calibrated_year(year)
        frac = _year_fraction(year, as_of)
        others = {
            c.nationality: n
            for c, n in amv_counts.items()
            if c.year == year and c.nationality != "VNM"
        }
        remaining = cal.BO_INFLOW[cy] * frac * amv_scale - amv_counts[Cell(AMV, year, "VNM")]
        weighted = sum(n * cal.BO_PROPENSITY.get(nat, 0.5) for nat, n in others.items())
        k = max(0.0, remaining) / weighted if weighted else 0.0
        for nat in others:
            bo[(year, nat)] = min(1.0, k * cal.BO_PROPENSITY.get(nat, 0.5))
    cells = sorted(
        [(c, n) for c, n in itertools.chain(amv_counts.items(), adult_counts.items()) if n],
        key=lambda cn: (cn[0].year, cn[0].category, cn[0].nationality),
    )
    return Apportionment(cells, amv_scale, adult_scale, bo)


def cell_of_index(apportionment: Apportionment) -> tuple[list[int], list[Cell]]:
    """Cumulative bounds to find the cell of person `index` with bisect."""
    bounds, cells, total = [], [], 0
    for cell, n in apportionment.cells:
        total += n
        bounds.append(total)
        cells.append(cell)
    return bounds, cells


def find_cell(bounds: list[int], cells: list[Cell], index: int) -> Cell:
    return cells[bisect.bisect_right(bounds, index)]


def plans(
    apportionment: Apportionment, seed: int, as_of: date, start: int, stop: int
) -> Iterator[PersonPlan]:
    """The plans of persons `start` to `stop` (exclusive): the same for a seed, in any batch."""
    bounds, cells = cell_of_index(apportionment)
    for index in range(start, stop):
        cell = find_cell(bounds, cells, index)
        p_bo = apportionment.bo_probability.get((cell.year, cell.nationality), 0.0)
        yield plan_person(seed=seed, index=index, cell=cell, as_of=as_of, bo_probability=p_bo)


# --- helpers -------------------------------------------------------------------------


def _weighted(rng: random.Random, table: dict, default=None):
    keys = list(table)
    return rng.choices(keys, weights=[table[k] for k in keys])[0] if keys else default


def _years_before(day: date, years: int, rng: random.Random) -> date:
    # A birthday somewhere in the year before the age was reached.
    anchor = date(day.year - years, day.month, min(day.day, 28))
    return anchor - timedelta(days=rng.randrange(0, 365))


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def true_name(pool: NamePool, sex: str, rng: random.Random) -> TrueName:
    given_pool = pool.female if sex == Sex.FEMALE else pool.male
    if pool.order == "family_first":
        middle = pool.middle_female if sex == Sex.FEMALE else pool.middle_male
        return TrueName(
            given=(rng.choice(middle), rng.choice(given_pool)), family=(rng.choice(pool.family),)
        )
    if pool.patronymic:
        father = rng.choice(pool.fathers)
        grandfather = rng.choice(pool.fathers)
        family = (father, grandfather) if rng.random() < 0.6 else (father,)
        return TrueName(given=(rng.choice(given_pool),), family=family)
    given = (rng.choice(given_pool),)
    if pool.cyrillic:
        return TrueName(given=given, family=(rng.choice(pool.family),), cyrillic=True)
    if rng.random() < pool.single_name_share:
        return TrueName(given=given, family=())
    return TrueName(given=given, family=(rng.choice(pool.family),))


def mob_rate(location_type: str, nationality: str, year: int) -> float:
    """The calibration input: chance a placement of this kind ends in MOB."""
    cy = cal.calibrated_year(year)
    if location_type == LT.BO:
        if nationality == "VNM":
            return cal.MOB_BO_VIETNAMESE[cy]
        return cal.MOB_BO_OTHER.get(cy, cal.MOB_BO_OTHER_DEFAULT)
    if location_type == LT.ADULT_AZC:
        if nationality == "NGA" and cy >= 2019:
            return cal.MOB_NIGERIAN_ADULT_FROM_2019
        return cal.MOB_ADULT_AZC.get(nationality, cal.DEFAULT_MOB)
    base = cal.MOB_REGULAR_AMV.get(nationality, cal.DEFAULT_MOB)
    if nationality == "NGA" and cy >= 2019:
        base = cal.MOB_NIGERIAN_FROM_2019
    return min(0.9, base * cal.MOB_TYPE_FACTOR.get(location_type, 1.0))


def _eurodac(plan: PersonPlan, rng: random.Random) -> None:
    nat = plan.cell.nationality
    dist = cal.EURODAC_STATES.get(nat, cal.DEFAULT_EURODAC_STATES)
    k = rng.choices(range(len(dist)), weights=dist)[0]
    route = dict(cal.EURODAC_ROUTES.get(nat, cal.DEFAULT_ROUTE))
    # Long journeys pass through states outside the usual route too.
    for state in ("DEU", "FRA", "BEL", "ITA", "AUT", "CHE", "SWE", "DNK", "ESP", "POL"):
        route.setdefault(state, 0.3)
    p_adult = (
        cal.EURODAC_ADULT_IF_TRUE_ADULT
        if not plan.true_minor or plan.cell.category != AMV
        else cal.EURODAC_ADULT_IF_MINOR.get(nat, cal.DEFAULT_EURODAC_ADULT_IF_MINOR)
    )
    day = plan.arrival
    for _ in range(k):
        state = _weighted(rng, route)
        del route[state]
        day = day - timedelta(days=rng.randrange(5, 120))
        plan.hits.append(
            PlannedHit(
                member_state=state,
                hit_date=day,
                category=rng.choices((1, 2, 3), weights=(0.4, 0.35, 0.25))[0],
                registered_as=RegisteredAs.ADULT if rng.random() < p_adult else RegisteredAs.MINOR,
            )
        )
    plan.hits.reverse()


# --- the person ----------------------------------------------------------------------


def plan_person(
    *, seed: int, index: int, cell: Cell, as_of: date, bo_probability: float
) -> PersonPlan:
    rng = random.Random(f"ketenzicht-demo:{seed}:{index}")
    nat = cell.nationality
    pool = POOLS[nat]
    year_start = date(cell.year, 1, 1)
    span = min(365, (as_of - year_start).days)
    arrival = year_start + timedelta(days=rng.randrange(max(1, span)))
    if cell.category == AMV:
        female = cal.FEMALE_SHARE_AMV.get(nat, cal.DEFAULT_FEMALE_SHARE_AMV)
    else:
        female = cal.FEMALE_SHARE_ADULT.get(nat, cal.DEFAULT_FEMALE_SHARE_ADULT)
    sex = Sex.FEMALE if rng.random() < female else Sex.MALE
    if cell.category == AMV:
        claimed_age = _weighted(rng, cal.AMV_AGE_MIX)
        true_adult = rng.random() < cal.TRUE_ADULT_SHARE.get(nat, cal.DEFAULT_TRUE_ADULT_SHARE)
        if true_adult:
            claimed_age = max(claimed_age, 15)
            true_dob = _years_before(arrival, rng.randint(18, 23), rng)
            claimed_dob = _years_before(arrival, claimed_age, rng)
        else:
            true_dob = _years_before(arrival, claimed_age, rng)
            claimed_dob = true_dob
    else:
        true_adult = True
        age = min(70, 18 + int(rng.expovariate(1 / 12)))
        true_dob = _years_before(arrival, age, rng)
        claimed_dob = true_dob
    dob_known = rng.random() >= cal.DOB_UNKNOWN.get(nat, cal.DEFAULT_DOB_UNKNOWN)
    plan = PersonPlan(
        index=index,
        cell=cell,
        true_key=f"T{seed % 100000:05d}-{index:07d}",
        name=true_name(pool, sex, rng),
        sex=sex,
        true_dob=true_dob,
        claimed_dob=claimed_dob,
        dob_known=dob_known,
        arrival=arrival,
        claimed_minor=cell.category == AMV,
        true_minor=not true_adult,
    )
    _eurodac(plan, rng)
    if cell.category == AMV:
        _amv_life(plan, rng, as_of, bo_probability)
    elif cell.category == ADULT:
        _adult_life(plan, rng, as_of, start=arrival, asylum=True)
    else:
        plan.hits = []  # temporary protection: no Eurodac registration in this demo
        plan.asylum = None
    _records(plan, rng, as_of)
    alias_share = cal.ALIAS_SHARE.get(nat, cal.DEFAULT_ALIAS_SHARE)
    if rng.random() < alias_share:
        other = true_name(pool, sex, rng)
        alias_name = " ".join(other.given + plan.name.family)
        if pool.cyrillic:
            alias_name = romanise(alias_name)
        plan.aliases.append(alias_name)
    return plan


def _asylum_status(
    rng: random.Random, nat: str, applied: date, as_of: date, left_on: date | None
) -> str:
    decided = applied + timedelta(days=rng.randrange(60, 400))
    if left_on is not None and left_on < decided:
        return AsylumStatus.WITHDRAWN
    if decided > as_of:
        return AsylumStatus.PENDING
    granted = cal.GRANTED.get(nat, 0.4)
    return AsylumStatus.GRANTED if rng.random() < granted else AsylumStatus.REJECTED


def _amv_life(plan: PersonPlan, rng: random.Random, as_of: date, bo_probability: float) -> None:
    nat, year, arrival = plan.cell.nationality, plan.cell.year, plan.arrival
    if nat == "VNM":
        applies = rng.random() >= cal.VIETNAMESE_WITHOUT_ASYLUM
    else:
        applies = rng.random() >= cal.WITHOUT_ASYLUM.get(nat, cal.DEFAULT_WITHOUT_ASYLUM)
    applied_on = arrival + timedelta(days=rng.randrange(0, 6)) if applies else None
    if applied_on is not None and applied_on > as_of:
        applied_on = None  # arrived in the last days: not applied yet
    # Age: leeftijdsschouw, and an investigation in doubt unless Eurodac shows an
    # adult registration elsewhere.
    adult_from: date | None = None
    undocumented = rng.random() < 0.85
    inspect = False
    on_arrival = False
    if applied_on is not None and undocumented:
        inspect = year >= 2018 or rng.random() < cal.INSPECTION_SHARE_BEFORE_2018
    elif not applies and year >= cal.INSPECTION_ON_ARRIVAL_FROM:
        inspect = on_arrival = rng.random() < cal.INSPECTION_ON_ARRIVAL_SHARE
    if inspect:
        day = arrival if on_arrival else applied_on + timedelta(days=rng.randrange(0, 4))
        if day <= as_of:
            weights = (
                cal.INSPECTION_OUTCOME_TRUE_MINOR
                if plan.true_minor
                else cal.INSPECTION_OUTCOME_TRUE_ADULT
            )
            outcome = rng.choices(
                (AgeOutcome.MINOR, AgeOutcome.DOUBT, AgeOutcome.ADULT), weights=weights
            )[0]
            plan.inspection = (day, outcome, on_arrival)
            eurodac_adult = any(h.registered_as == RegisteredAs.ADULT for h in plan.hits)
            if outcome == AgeOutcome.ADULT or (outcome == AgeOutcome.DOUBT and eurodac_adult):
                adult_from = day
            elif outcome == AgeOutcome.DOUBT:
                started = day + timedelta(days=rng.randrange(3, 15))
                concluded = started + timedelta(days=rng.randrange(30, 150))
                p_adult = (
                    cal.INVESTIGATION_ADULT_IF_TRUE_MINOR
                    if plan.true_minor
                    else cal.INVESTIGATION_ADULT_IF_TRUE_ADULT
                )
                result = AgeOutcome.ADULT if rng.random() < p_adult else AgeOutcome.MINOR
                if started <= as_of:
                    if concluded > as_of:
                        plan.investigation = (started, None, "")
                    else:
                        plan.investigation = (started, concluded, result)
                        if result == AgeOutcome.ADULT:
                            adult_from = concluded
    majority = _add_years(plan.claimed_dob, 18)
    # Reception: Vietnamese amv go to BO by policy, others on real suspicion.
    if nat == "VNM" or rng.random() < bo_probability:
        first_type = LT.BO
    elif rng.random() < cal.EMERGENCY_SHARE.get(year, 0.0):
        first_type = LT.EMERGENCY
    else:
        first_type = LT.REGULAR_AMV
    start = arrival + timedelta(days=rng.randrange(0, 3))
    location_type, transferred = first_type, False
    left_on: date | None = None
    adult_handover: date | None = None
    while start <= as_of and len(plan.placements) < 6:
        adult_at = min(d for d in (majority, adult_from, date.max) if d is not None)
        if adult_at <= start:
            adult_handover = start
            break
        natural_end, next_type = _amv_next(location_type, start, adult_at, rng)
        placement = PlannedPlacement(location_type, start, None, "", transferred)
        plan.placements.append(placement)
        if rng.random() < mob_rate(location_type, nat, start.year):
            lo, hi = cal.MOB_DELAY_DAYS.get(nat, cal.DEFAULT_MOB_DELAY_DAYS)
            mob_on = start + timedelta(days=rng.randint(lo, hi))
            # MOB takes precedence over the placement's other ending.
            mob_on = max(start + timedelta(days=1), min(mob_on, natural_end - timedelta(days=1)))
            if mob_on > as_of:
                break
            placement.end, placement.end_reason = mob_on, END_MOB
            if rng.random() < cal.REAPPEARANCE_SHARE:
                start = mob_on + timedelta(days=rng.randrange(20, 300))
                location_type, transferred = LT.REGULAR_AMV, False
                continue
            left_on = mob_on
            break
        if natural_end > as_of:
            break
        if next_type is None:
            placement.end, placement.end_reason = natural_end, END_HOUSING
            break
        if next_type == LT.ADULT_AZC:
            placement.end, placement.end_reason = natural_end, END_ADULT
            adult_handover = natural_end
            break
        placement.end, placement.end_reason = natural_end, END_TRANSFER
        start, location_type, transferred = natural_end, next_type, True
    if applied_on is not None:
        plan.asylum = (applied_on, _asylum_status(rng, nat, applied_on, as_of, left_on))
    # Guardianship for a claimed minor, until majority, an adult assessment or
    # some months after a departure with unknown destination.
    g_start = arrival + timedelta(days=rng.randrange(1, 4))
    if g_start <= as_of and g_start < min(majority, adult_from or date.max):
        ends = [(majority, "reached the age of majority")]
        if adult_from is not None:
            ends.append((adult_from, "assessed as adult"))
        if left_on is not None:
            ends.append(
                (
                    left_on + timedelta(days=rng.randrange(60, 120)),
                    "departure with unknown destination",
                )
            )
        end_on, reason = min(ends)
        plan.guardianship = (g_start, end_on, reason) if end_on <= as_of else (g_start, None, "")
    if adult_handover is not None and adult_handover <= as_of:
        _adult_life(plan, rng, as_of, start=adult_handover, asylum=False, transferred=True)


def _amv_next(
    location_type: str, start: date, adult_at: date, rng: random.Random
) -> tuple[date, str | None]:
    """When a placement ends without MOB and where the person goes next."""
    if location_type == LT.EMERGENCY:
        end, nxt = start + timedelta(days=rng.randrange(14, 70)), LT.REGULAR_AMV
    elif location_type == LT.BO:
        # BO residents stay until it is safe to move on, often a year or more.
        end = start + timedelta(days=rng.randrange(120, 540))
        nxt = LT.SMALL_UNIT if rng.random() < 0.4 else LT.REGULAR_AMV
    elif location_type == LT.REGULAR_AMV and rng.random() < cal.SMALL_UNIT_SHARE:
        end, nxt = start + timedelta(days=rng.randrange(60, 280)), LT.SMALL_UNIT
    else:
        end, nxt = date.max, None
    if adult_at < end:
        # Majority or an adult assessment: to adult reception.
        return adult_at, LT.ADULT_AZC
    return end, nxt


def _adult_life(
    plan: PersonPlan,
    rng: random.Random,
    as_of: date,
    *,
    start: date,
    asylum: bool,
    transferred: bool = False,
) -> None:
    nat = plan.cell.nationality
    applied_on = None
    if asylum:
        applied_on = start + timedelta(days=rng.randrange(0, 6))
        if applied_on > as_of:
            applied_on = None  # arrived in the last days: not applied yet
    decided = (applied_on or start) + timedelta(days=rng.randrange(90, 500))
    granted = rng.random() < cal.GRANTED.get(nat, 0.4)
    first = True
    left_on: date | None = None
    while start <= as_of and len(plan.placements) < 8:
        placement = PlannedPlacement(LT.ADULT_AZC, start, None, "", transferred)
        plan.placements.append(placement)
        if first and not transferred:
            # Registration centre first, then a transfer to another azc.
            natural_end, nxt = start + timedelta(days=rng.randrange(7, 60)), True
        elif decided > start:
            natural_end, nxt = decided + timedelta(days=rng.randrange(30, 240)), False
        else:
            natural_end, nxt = start + timedelta(days=rng.randrange(30, 240)), False
        first = False
        if rng.random() < mob_rate(LT.ADULT_AZC, nat, start.year):
            lo, hi = cal.DEFAULT_MOB_DELAY_DAYS
            mob_on = start + timedelta(days=rng.randint(lo, hi))
            mob_on = max(start + timedelta(days=1), min(mob_on, natural_end - timedelta(days=1)))
            if mob_on <= as_of:
                placement.end, placement.end_reason = mob_on, END_MOB
                left_on = mob_on
            break
        if natural_end > as_of:
            break
        if nxt:
            placement.end, placement.end_reason = natural_end, END_TRANSFER
            start, transferred = natural_end, True
            continue
        placement.end = natural_end
        placement.end_reason = END_HOUSING if granted else END_RETURN
        left_on = natural_end
        break
    if asylum and applied_on is not None:
        if left_on is not None and left_on < decided:
            status = AsylumStatus.WITHDRAWN
        elif decided > as_of:
            status = AsylumStatus.PENDING
        else:
            status = AsylumStatus.GRANTED if granted else AsylumStatus.REJECTED
        plan.asylum = (applied_on, status)
    if not granted and decided <= as_of and rng.random() < cal.RETURN_PROCESS_SHARE:
        plan.records.append(PlannedRecord(Org.DTV, None, decided))  # text filled in _records


def _records(plan: PersonPlan, rng: random.Random, as_of: date) -> None:
    """Which organisations hold a record, and how each wrote the person down."""
    nat = plan.cell.nationality
    wanted: list[tuple[str, date]] = []
    kmar = rng.random() < cal.KMAR_ENTRY_SHARE.get(nat, cal.DEFAULT_KMAR_ENTRY_SHARE)
    wanted.append((Org.KMAR if kmar else Org.POLITIE, plan.arrival))
    if plan.asylum is not None or plan.cell.category == DISPLACED:
        applied = plan.asylum[0] if plan.asylum else plan.arrival + timedelta(days=7)
        if applied <= as_of:
            wanted.append((Org.IND, applied))
    if plan.cell.category == DISPLACED and not kmar:
        pass  # municipal registration; the police record above is the second one
    elif plan.cell.category == DISPLACED:
        wanted.append((Org.POLITIE, plan.arrival))
    if plan.placements:
        wanted.append((Org.COA, plan.placements[0].start))
    if plan.guardianship is not None:
        wanted.append((Org.NIDOS, plan.guardianship[0]))
    # DT&V was appended by the adult life when the person entered the return process.
    dtv = [r for r in plan.records if r.organisation == Org.DTV]
    plan.records = []
    if dtv and len(wanted) < 4:
        wanted.append((Org.DTV, dtv[0].recorded_on))
    for organisation, recorded_on in wanted:
        text = record_text(
            plan.name,
            nationality=nat,
            claimed_dob=plan.claimed_dob,
            dob_known=plan.dob_known,
            organisation_kind=organisation,
            rng=rng,
        )
        # The entry organisation assigns the V-nummer: it always has it.
        if organisation == wanted[0][0] and text.missing_v_number:
            text.missing_v_number = False
            text.variations.remove("missing_v_number")
        split = text.missing_v_number and rng.random() < cal.SPLIT_WITHOUT_V_NUMBER
        plan.records.append(PlannedRecord(organisation, text, recorded_on, split))
