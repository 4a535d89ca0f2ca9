"""The generated chain against its calibration inputs (../shared/domain.md).

Tolerances come from the sampling itself (binomial/Poisson spread around what
the inputs lead one to expect), never from a hard-coded result.
"""

import math
from io import StringIO

import pytest
from django.core.management import call_command

from ketenzicht.demo import calibration as cal
from ketenzicht.demo.generator import run_demo
from ketenzicht.demo.measure import measure
from ketenzicht.demo.plan import AMV, apportion

from .conftest import AS_OF

PERSONS = 10_000


def _poisson_ok(measured: float, expected: float, sigmas: float = 4.0) -> bool:
    return abs(measured - expected) <= sigmas * math.sqrt(max(expected, 1.0)) + 1


def test_apportionment_follows_the_inputs():
    a = apportion(PERSONS, AS_OF)
    assert a.total() == PERSONS
    amv = sum(n for c, n in a.cells if c.category == AMV)
    assert amv == round(PERSONS * cal.AMV_DEMO_SHARE)
    vietnamese = {c.year: n for c, n in a.cells if c.category == AMV and c.nationality == "VNM"}
    for year, n in vietnamese.items():
        expected = cal.VIETNAMESE_AMV[cal.calibrated_year(year)] * a.amv_scale
        if year < AS_OF.year:
            assert abs(n - expected) <= 1


@pytest.fixture
def calibrated(db):
    run_demo(persons=PERSONS, seed=2024, as_of=AS_OF)
    return measure()


def test_generated_outcomes_within_tolerance_of_the_inputs(calibrated):
    c = calibrated
    scale = c.amv_scale
    # BO inflow falls from about 60 to 30 a year: pooled per period at real scale.
    for years in ((2015, 2016, 2017, 2018), (2019, 2020, 2021, 2022), (2023, 2024)):
        measured = sum(c.bo_inflow.get(y, 0) for y in years)
        expected = sum(cal.BO_INFLOW[y] for y in years) * scale
        assert _poisson_ok(measured, expected), (years, measured, expected)
    early = sum(c.bo_inflow.get(y, 0) for y in (2015, 2016, 2017))
    late = sum(c.bo_inflow.get(y, 0) for y in (2019, 2020, 2021))
    assert late < early

    # A growing Vietnamese share of BO inflow.
    def share(years):
        total = sum(c.bo_inflow.get(y, 0) for y in years)
        return sum(c.bo_inflow_vietnamese.get(y, 0) for y in years) / total

    assert share((2019, 2020, 2021)) > share((2015, 2016))
    # A quarter of Vietnamese amv without an asylum application.
    r = c.vietnamese_without_asylum
    assert r.total > 20
    assert r.within(), (r.events, r.total)
    # MOB per location type and nationality: every cell with enough placements.
    checked = 0
    for key, rate in c.mob.items():
        if rate.total >= 30:
            checked += 1
            assert rate.within(), (key, rate.events, rate.total, rate.expected)
    assert checked >= 15
    # Eurodac: some minors on the move were registered in many member states.
    moroccan = c.eurodac_states["MAR"]
    assert max(k for k, v in moroccan.items() if v) >= 7
    total = sum(moroccan.values())
    multi = sum(v for k, v in moroccan.items() if k >= 2) / total
    expected_multi = sum(cal.EURODAC_STATES["MAR"][2:])
    assert abs(multi - expected_multi) <= 4 * math.sqrt(
        expected_multi * (1 - expected_multi) / total
    )
    # Records per linked person: two to four organisations.
    assert set(c.records_per_person) <= {1, 2, 3, 4}


def test_bo_logins_see_the_current_bo_residents(calibrated):
    from ketenzicht.access.enforce import visible_to
    from ketenzicht.accounts.models import User
    from ketenzicht.people.models import Person
    from ketenzicht.reception.models import Placement

    current = set(
        Placement.objects.filter(location__location_type="bo", ended_at__isnull=True).values_list(
            "person_id", flat=True
        )
    )
    assert current
    for username in ("mentor", "locatiemanager"):
        user = User.objects.get(username=username)
        assert set(visible_to(user, Person.objects.all()).values_list("pk", flat=True)) == current


def test_calibration_command_reports(calibrated):
    out = StringIO()
    call_command("demo_calibration", stdout=out)
    text = out.getvalue()
    assert "BO inflow per year" in text
    assert "Vietnamese amv without asylum application" in text
    assert "MOB rate per location type and nationality" in text
    assert "Eurodac" in text
