"""Measuring the generated chain against its calibration inputs.

Everything here is computed from the registry and reception tables as the
application sees them (never from the truth table), next to what the
calibration inputs lead one to expect, so `manage.py demo_calibration` and the
tests can check the demo against ../shared/domain.md.

Persons are counted as the chain knows them by V-nummer: a record an
organisation filed without the V-nummer under a separate person is not linked
yet and so not counted (that is what record linkage is for).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from ketenzicht.people.models import AsylumApplication, EurodacHit, Guardianship, IdentityRecord
from ketenzicht.reception.models import LocationType, Placement

from . import calibration as cal
from .models import DemoRun
from .plan import END_MOB, mob_rate

LT = LocationType
AMV_TYPES = (LT.REGULAR_AMV, LT.BO, LT.EMERGENCY, LT.SMALL_UNIT)
# A placement's MOB outcome is decided within a year of its start (see plan.py),
# so MOB rates are measured over placements that started at least this long ago.
DECIDED_AFTER_DAYS = 366


@dataclass
class Rate:
    events: int
    total: int
    expected: float  # expected share from the calibration inputs

    @property
    def share(self) -> float:
        return self.events / self.total if self.total else 0.0

    def tolerance(self, sigmas: float = 4.0) -> float:
        """Binomial tolerance around the expected share for this many trials."""
        if not self.total:
            return 1.0
        p = min(max(self.expected, 1e-9), 1 - 1e-9)
        return sigmas * math.sqrt(p * (1 - p) / self.total) + 1.0 / self.total

    def within(self, sigmas: float = 4.0) -> bool:
        return abs(self.share - self.expected) <= self.tolerance(sigmas)


@dataclass
class Calibration:
    run: DemoRun | None
    amv_scale: float
    bo_inflow: dict[int, int] = field(default_factory=dict)
    bo_inflow_vietnamese: dict[int, int] = field(default_factory=dict)
    vietnamese_without_asylum: Rate | None = None
    eurodac_states: dict[str, Counter] = field(default_factory=dict)
    mob: dict[tuple[str, str], Rate] = field(default_factory=dict)
    mob_bo_by_year: dict[int, dict[str, int]] = field(default_factory=dict)
    records_per_person: Counter = field(default_factory=Counter)

    def bo_inflow_real_scale(self, year: int) -> float:
        return self.bo_inflow.get(year, 0) / self.amv_scale if self.amv_scale else 0.0


def _nationalities(person_ids) -> dict[int, str]:
    out: dict[int, str] = {}
    qs = IdentityRecord.objects.filter(person_id__in=person_ids).values_list(
        "person_id", "nationality"
    )
    for pid, nat in qs.iterator(chunk_size=5000):
        if nat:
            out.setdefault(pid, nat)
    return out


def measure() -> Calibration:
    run = DemoRun.objects.filter(finished_at__isnull=False).order_by("-id").first()
    amv_scale = float(run.parameters.get("amv_scale", 0)) if run else 0.0
    as_of = run.as_of if run else date.today()
    result = Calibration(run=run, amv_scale=amv_scale)
    linked = IdentityRecord.objects.filter(person__v_number__isnull=False)
    nationality = {
        pid: nat
        for pid, nat in linked.values_list("person_id", "nationality").iterator(chunk_size=10000)
        if nat
    }

    # BO inflow: persons entering BO (not as a transfer), by year.
    bo_rows = Placement.objects.filter(
        location__location_type=LT.BO, transferred_from__isnull=True, person__v_number__isnull=False
    )
    seen: set[tuple[int, int]] = set()
    for pid, arrived in bo_rows.values_list("person_id", "arrived_at"):
        key = (pid, arrived.year)
        if key in seen:
            continue
        seen.add(key)
        result.bo_inflow[arrived.year] = result.bo_inflow.get(arrived.year, 0) + 1
        if nationality.get(pid) == "VNM":
            result.bo_inflow_vietnamese[arrived.year] = (
                result.bo_inflow_vietnamese.get(arrived.year, 0) + 1
            )

    # Vietnamese amv and their asylum applications.
    vnm = {pid for pid, nat in nationality.items() if nat == "VNM"}
    amv = set(Guardianship.objects.filter(person_id__in=vnm).values_list("person_id", flat=True))
    amv |= set(
        Placement.objects.filter(
            person_id__in=vnm, location__location_type__in=AMV_TYPES
        ).values_list("person_id", flat=True)
    )
    with_asylum = set(
        AsylumApplication.objects.filter(person_id__in=amv).values_list("person_id", flat=True)
    )
    result.vietnamese_without_asylum = Rate(
        len(amv - with_asylum), len(amv), cal.VIETNAMESE_WITHOUT_ASYLUM
    )

    # Eurodac: number of distinct other member states per person, by nationality.
    states: dict[int, set[str]] = defaultdict(set)
    for pid, state in EurodacHit.objects.values_list("person_id", "member_state").iterator(
        chunk_size=10000
    ):
        states[pid].add(state)
    for pid, nat in nationality.items():
        result.eurodac_states.setdefault(nat, Counter())[len(states.get(pid, ()))] += 1

    # MOB per location type and nationality, over decided placements.
    cutoff = as_of - timedelta(days=DECIDED_AFTER_DAYS)
    placements = Placement.objects.filter(arrived_at__date__lte=cutoff).values_list(
        "person_id", "location__location_type", "arrived_at", "end_reason"
    )
    events: Counter = Counter()
    totals: Counter = Counter()
    expected: defaultdict = defaultdict(float)
    unlinked: set[int] = set()
    for pid, location_type, arrived, end_reason in placements.iterator(chunk_size=10000):
        nat = nationality.get(pid)
        if nat is None:
            unlinked.add(pid)
            continue
        key = (location_type, nat)
        totals[key] += 1
        expected[key] += mob_rate(location_type, nat, arrived.year)
        if end_reason == END_MOB:
            events[key] += 1
            if location_type == LT.BO:
                by_year = result.mob_bo_by_year.setdefault(arrived.year, Counter())
                by_year[nat] += 1
    # Placements of persons filed without V-nummer: nationality from their own record.
    extra = _nationalities(list(unlinked))
    if extra:
        for pid, location_type, arrived, end_reason in placements.filter(
            person_id__in=list(extra)
        ).iterator(chunk_size=10000):
            key = (location_type, extra[pid])
            totals[key] += 1
            expected[key] += mob_rate(location_type, extra[pid], arrived.year)
            events[key] += end_reason == END_MOB
    for key, total in totals.items():
        result.mob[key] = Rate(events[key], total, expected[key] / total)

    per_person: Counter = Counter()
    for pid in linked.values_list("person_id", flat=True).iterator(chunk_size=10000):
        per_person[pid] += 1
    result.records_per_person = Counter(per_person.values())
    return result


def report(c: Calibration) -> list[str]:
    """The calibration outcomes as text lines, next to the inputs."""
    lines = []
    if c.run is None:
        return ["No demo run found: run `manage.py demo` first."]
    lines.append(
        f"Demo run: {c.run.persons:,} persons, seed {c.run.seed}, as of {c.run.as_of}; "
        f"amv scale {c.amv_scale:.3f} (generated amv per real amv)"
    )
    lines.append("")
    lines.append("BO inflow per year (persons entering BO)")
    lines.append(
        f"  {'year':<6}{'measured':>9}{'real scale':>12}{'input':>7}"
        f"{'Vietnamese':>12}{'share':>8}{'input':>7}"
    )
    for year in sorted(c.bo_inflow):
        n = c.bo_inflow[year]
        v = c.bo_inflow_vietnamese.get(year, 0)
        cy = cal.calibrated_year(year)
        lines.append(
            f"  {year:<6}{n:>9}{c.bo_inflow_real_scale(year):>12.1f}{cal.BO_INFLOW[cy]:>7}"
            f"{v:>12}{v / n if n else 0:>8.0%}"
            f"{cal.VIETNAMESE_AMV[cy] / cal.BO_INFLOW[cy]:>7.0%}"
        )
    r = c.vietnamese_without_asylum
    if r is not None:
        lines.append("")
        lines.append(
            f"Vietnamese amv without asylum application: {r.events} of {r.total} "
            f"= {r.share:.1%} (input {r.expected:.0%})"
        )
    lines.append("")
    lines.append("MOB departures from BO by year of placement (Vietnamese / others)")
    for year in sorted(c.mob_bo_by_year):
        counts = c.mob_bo_by_year[year]
        vnm = counts.get("VNM", 0)
        lines.append(f"  {year}: {vnm} / {sum(counts.values()) - vnm}")
    lines.append("")
    lines.append(
        f"MOB rate per location type and nationality "
        f"(placements started ≥ {DECIDED_AFTER_DAYS} days before the reference date)"
    )
    lines.append(
        f"  {'type':<12}{'nat':<5}{'placements':>11}{'MOB':>7}{'rate':>8}{'input':>8}{'ok':>5}"
    )
    for (location_type, nat), rate in sorted(c.mob.items()):
        if rate.total < 5:
            continue
        lines.append(
            f"  {location_type:<12}{nat:<5}{rate.total:>11}{rate.events:>7}"
            f"{rate.share:>8.1%}{rate.expected:>8.1%}"
            f"{'yes' if rate.within() else 'NO':>5}"
        )
    lines.append("")
    lines.append("Eurodac: persons by number of other member states registered in")
    lines.append("  nat  " + "".join(f"{k:>7}" for k in range(11)) + "   ≥2 share")
    for nat, counter in sorted(c.eurodac_states.items()):
        total = sum(counter.values())
        multi = sum(v for k, v in counter.items() if k >= 2)
        lines.append(
            f"  {nat:<5}"
            + "".join(f"{counter.get(k, 0):>7}" for k in range(11))
            + f"   {multi / total if total else 0:.0%}"
        )
    lines.append("")
    lines.append(
        "Identity records per linked person: "
        + ", ".join(f"{k}: {v}" for k, v in sorted(c.records_per_person.items()))
    )
    return lines
