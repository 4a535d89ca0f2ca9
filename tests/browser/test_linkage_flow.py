"""Issue 7 in Chromium: an I&R officer works the review queue of likely duplicates,
reads the explanation, confirms a pair (the persons merge), sees the merged file with
its provenance, and later splits the merge again with a reason."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ketenzicht.accounts.models import Unit
from ketenzicht.accounts.roles import OrganisationKind, Role, UnitKind
from ketenzicht.linkage.models import CandidateLink, LinkageRun, Merge
from ketenzicht.people.models import IdentityRecord, Person
from ketenzicht.reception.models import Location, Placement
from tests.factories import UserFactory, organisation

from .conftest import log_in

pytestmark = pytest.mark.browser

EXPLANATION = [
    {"comparison": "name", "level": "all name tokens agree", "weight": 9.4},
    {"comparison": "date_of_birth", "level": "same year, placeholder date", "weight": 2.1},
    {"comparison": "nationality", "level": "same", "weight": 0.6},
    {"comparison": "sex", "level": "different", "weight": -1.8},
]


def _record(person, org_kind, **fields):
    return IdentityRecord.objects.create(
        person=person, organisation=organisation(org_kind), nationality="VNM", **fields
    )


def _pair(run, one, other, probability):
    left, right = sorted((one, other), key=lambda r: r.pk)
    return CandidateLink.objects.create(
        run=run,
        left_record=left,
        right_record=right,
        match_weight=sum(e["weight"] for e in EXPLANATION) - 3.0,
        match_probability=probability,
        explanation=EXPLANATION,
    )


def test_ir_officer_confirms_a_duplicate_and_later_splits_it(new_page):
    region = Unit.objects.create(
        organisation=organisation(OrganisationKind.POLITIE),
        kind=UnitKind.REGION,
        name="Noord-Nederland",
    )
    location = Location.objects.create(
        unit=Unit.objects.create(
            organisation=organisation(OrganisationKind.COA),
            kind=UnitKind.LOCATION,
            name="BO Ter Apel",
        ),
        name="BO Ter Apel",
        location_type="bo",
        capacity=20,
        police_region=region,
    )
    UserFactory(username="priya", role=Role.IR_OFFICER, unit=region, first_name="Priya")

    coa_person = Person.objects.create(v_number="2203118876")
    coa_record = _record(
        coa_person,
        OrganisationKind.COA,
        given_names="Van Anh",
        family_name="Nguyen",
        date_of_birth=date(2009, 5, 14),
        v_number="2203118876",
        sex="f",
    )
    Placement.objects.create(
        person=coa_person,
        location=location,
        planned_arrival=timezone.now() - timedelta(days=3),
        arrived_at=timezone.now() - timedelta(days=3),
    )
    ind_person = Person.objects.create()
    ind_record = _record(
        ind_person,
        OrganisationKind.IND,
        given_names="Anh Van",
        family_name="Nguyễn",
        date_of_birth=date(2009, 1, 1),
        dob_is_placeholder=True,
        sex="u",
    )
    other_one = _record(Person.objects.create(), OrganisationKind.DTV, given_names="Bao")
    other_two = _record(Person.objects.create(), OrganisationKind.KMAR, given_names="Bảo")
    run = LinkageRun.objects.create(kind="full", status="done", finished_at=timezone.now())
    likely = _pair(run, coa_record, ind_record, 0.97)
    _pair(run, other_one, other_two, 0.83)

    page = new_page()
    csp: list[str] = []
    page.on(
        "console",
        lambda m: csp.append(m.text) if "Content Security Policy" in m.text else None,
    )
    log_in(page, "priya")

    # 1. The navigation leads to the queue: two pairs, the likeliest first.
    page.click("nav.main-nav >> text=Identiteitskoppeling")
    page.wait_for_url("**/koppeling/beoordelen/")
    expect(page.locator("main table tbody tr")).to_have_count(2)
    assert page.locator("main table tbody tr td.probability").first.inner_text() == "0,970"
    assert "2 paren wachten op een besluit." in page.content()

    # 2. Open it from the keyboard; both records side by side, the explanation as text.
    page.focus("main table tbody tr >> nth=0 >> a")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/koppeling/paren/{likely.pk}/")
    records = page.locator("table.pair").inner_text()
    for text in ("Nguyen", "Nguyễn", "2203118876", "01-01-2009 (plaatsvervanger)", "IND", "COA"):
        assert text in records
    waterfall = page.locator("table.waterfall")
    assert "+9,40" in waterfall.inner_text() and "-1,80" in waterfall.inner_text()
    expect(waterfall.locator(".wf-bar.neg")).to_have_count(2)  # sex and the prior

    # 3. Confirm with a note: the persons merge, the next pair opens.
    page.fill("#id_note", "Zelfde foto en vingerafdruk-hit")
    page.click("button[name=decision][value=same]")
    page.wait_for_selector(".message-success")
    merge = Merge.objects.get()
    assert (merge.survivor_id, merge.absorbed_id) == (coa_person.pk, ind_person.pk)
    assert IdentityRecord.objects.get(pk=ind_record.pk).person_id == coa_person.pk

    # 4. The absorbed person's address shows the merged file with its provenance.
    page.goto(f"/personen/{ind_person.pk}/")
    page.wait_for_url(f"**/personen/{coa_person.pk}/")
    body = page.content()
    assert f"Deze persoon is samengevoegd met {coa_person.pseudonym}" in body
    assert f"Samengevoegd met {ind_person.pseudonym} op " in body and "door Priya" in body
    assert "Nguyễn" in page.locator("table.records").inner_text()

    # 5. Later: split it, with a reason and a confirmation.
    page.goto("/koppeling/samenvoegingen/")
    page.click(f"a[href='/koppeling/samenvoegingen/{merge.pk}/splitsen/']")
    page.wait_for_load_state("networkidle")  # app.js (deferred) attaches the confirmation
    page.fill("#id_reason", "Tweelingzussen: andere vingerafdrukken")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button:has-text('Samenvoeging splitsen')")
    page.wait_for_selector(".message-success")
    merge.refresh_from_db()
    assert merge.split_reason == "Tweelingzussen: andere vingerafdrukken"
    assert IdentityRecord.objects.get(pk=ind_record.pk).person_id == ind_person.pk
    assert Person.objects.get(pk=ind_person.pk).merged_into_id is None
    likely.refresh_from_db()
    assert likely.status == "split"
    assert csp == []
