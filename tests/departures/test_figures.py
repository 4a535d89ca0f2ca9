"""Figures on departures: compliance per organisation, MOB vs known destination, time to
the police report and reappearance, all through disclosure control."""

from datetime import timedelta

import pytest
from django.utils import timezone

from ketenzicht.departures import selectors, services

from .conftest import make_person

pytestmark = pytest.mark.django_db


def _case(chain, *, hours_ago, classification=None, report_after=None, reappear=False):
    person, _pl = make_person(chain.bo, voogd=chain.voogd)
    case = services.open_case(
        actor=chain.mentor,
        person=person,
        detected_at=timezone.now() - timedelta(hours=hours_ago),
    )
    v = 1
    if report_after is not None:
        services.report_to_police(
            actor=chain.mentor,
            case=case,
            expected_version=v,
            reported_at=case.detected_at + timedelta(hours=report_after),
        )
        v += 1
    if classification:
        services.inform_guardian(actor=chain.mentor, case=case, expected_version=v)
        v += 1
        services.classify(
            actor=chain.voogd,
            case=case,
            expected_version=v,
            classification=classification,
            evidence="evidence",
            known_destination="Family in Lyon" if classification == "known" else "",
        )
        v += 1
    if reappear:
        services.record_reappearance(
            actor=chain.avim, case=case, expected_version=v, kind="found_nl", detail="Utrecht CS"
        )
    return case


def test_small_counts_are_suppressed_and_cannot_be_recomputed(chain):
    for _ in range(3):
        _case(chain, hours_ago=2, classification="mob", report_after=1)
    for _ in range(6):
        _case(chain, hours_ago=2, classification="known", report_after=1)
    today = timezone.localdate()
    fig = selectors.figures(chain.apm, start=today - timedelta(days=30), end=today)

    (month,) = fig.classification.rows
    mob = fig.classification.cell(month, "mob")
    known = fig.classification.cell(month, "known")
    assert mob.suppressed and mob.value is None and mob.shown.startswith("<")
    # 9 = 3 + 6 + 0 would reveal the 3; so the 6 is hidden too (secondary suppression).
    assert known.suppressed and known.value is None
    assert fig.classification.row_totals[month].value == 9
    # Police reports: 9 in the month, all within the hour.
    (row,) = fig.police_report
    assert row.reported.value == 9 and row.median_hours == 1.0 and row.within_24h == 100.0


def test_compliance_per_organisation(chain):
    # Six departures reported 2 hours after detection (on time), six guardians informed.
    for _ in range(6):
        _case(chain, hours_ago=3, classification="mob", report_after=2)
    # Six departures 30 hours ago, nobody did anything: report and inform overdue.
    for _ in range(6):
        _case(chain, hours_ago=30)
    today = timezone.localdate()
    fig = selectors.figures(chain.apm, start=today - timedelta(days=30), end=today)
    coa = {r.organisation: r.on_time_pct for r in fig.step_rows}["COA"]
    assert fig.steps.cell("COA", "on_time").value == 12  # 6 reports + 6 informs
    assert fig.steps.cell("COA", "overdue").value == 12
    assert coa == 50.0
    assert fig.steps.cell("Nidos", "on_time").value == 6


def test_reappearance_rate(chain):
    for _ in range(5):
        _case(chain, hours_ago=3, report_after=1, reappear=True)
    for _ in range(5):
        _case(chain, hours_ago=3, report_after=1)
    today = timezone.localdate()
    fig = selectors.figures(chain.apm, start=today - timedelta(days=30), end=today)
    assert fig.reappearance.cell("bo", "reappeared").value == 5
    assert fig.reappearance_rate["bo"] == 50.0
    assert fig.reappearance_rate["other"] is None


def test_figures_page_access_and_disclosure(client, chain):
    for _ in range(2):
        _case(chain, hours_ago=2, classification="mob", report_after=1)
    client.force_login(chain.mentor)
    assert client.get("/vertrek/cijfers/").status_code == 403
    client.force_login(chain.apm)
    response = client.get("/vertrek/cijfers/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "&lt; 5" in body and 'id="compliance"' in body
    today = timezone.localdate()
    assert f'value="{today:%Y-%m-%d}"' in body  # the period is shown in the date fields
    assert client.get("/vertrek/cijfers/?start=2026-02-01&end=2025-01-01").status_code == 400
    assert client.get("/vertrek/cijfers/?start=nonsense").status_code == 400
    # The location manager sees the figures of their own location only.
    other, _pl = make_person(chain.amv)
    services.open_case(actor=chain.other_mentor, person=other, detected_at=timezone.now())
    today = timezone.localdate()
    fig = selectors.figures(chain.manager, start=today - timedelta(days=1), end=today)
    assert fig.classification.total.suppressed  # 2 of own location, "< 5"
    fig_all = selectors.figures(chain.apm, start=today - timedelta(days=1), end=today)
    assert fig_all.classification.total.shown == fig.classification.total.shown  # both < 5
