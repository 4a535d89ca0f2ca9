"""The demo generator: determinism, idempotence, records per person, variation, speed."""

import time
from collections import Counter, defaultdict
from datetime import timedelta

import pytest
from django.db import transaction

from ketenzicht.accounts.models import User
from ketenzicht.audit.models import AuditEvent
from ketenzicht.demo.generator import run_demo
from ketenzicht.demo.models import DemoRun, TrueIdentity
from ketenzicht.people.models import (
    Alias,
    EurodacHit,
    Guardianship,
    IdentityRecord,
    NameToken,
    NameTokenVocabulary,
    Person,
)
from ketenzicht.reception.models import Placement, PresenceCheck

from .conftest import AS_OF


def _snapshot() -> dict[str, list]:
    """Generated content by natural keys (surrogate ids differ between databases)."""
    pseudonym = dict(Person.objects.values_list("pk", "pseudonym"))
    placement_key = {
        pk: (pseudonym[person], arrived)
        for pk, person, arrived in Placement.objects.values_list("pk", "person_id", "arrived_at")
    }
    return {
        "persons": sorted(Person.objects.values_list("pseudonym", "v_number", "created_at")),
        "records": sorted(
            (pseudonym[r[0]], *r[1:])
            for r in IdentityRecord.objects.values_list(
                "person_id",
                "organisation__kind",
                "org_number",
                "v_number",
                "given_names",
                "family_name",
                "search_name",
                "date_of_birth",
                "dob_precision",
                "dob_is_placeholder",
                "sex",
                "nationality",
                "recorded_by__username",
                "recorded_at",
            )
        ),
        "placements": sorted(
            (pseudonym[p[0]], *p[1:])
            for p in Placement.objects.values_list(
                "person_id", "location__name", "arrived_at", "ended_at", "end_reason"
            )
        ),
        "transfers": sorted(
            (placement_key[pk], placement_key[src])
            for pk, src in Placement.objects.filter(transferred_from__isnull=False).values_list(
                "pk", "transferred_from_id"
            )
        ),
        "hits": sorted(
            (pseudonym[h[0]], *h[1:])
            for h in EurodacHit.objects.values_list(
                "person_id", "member_state", "hit_date", "category", "registered_as"
            )
        ),
        "guardianships": sorted(
            (pseudonym[g[0]], *g[1:])
            for g in Guardianship.objects.values_list(
                "person_id", "voogd__username", "started_on", "ended_on", "end_reason"
            )
        ),
        "presence": sorted(
            (placement_key[c[0]], *c[1:])
            for c in PresenceCheck.objects.values_list("placement_id", "moment", "status")
        ),
        "truth": sorted(
            TrueIdentity.objects.values_list(
                "true_key", "organisation_kind", "true_given_names", "true_date_of_birth"
            )
        ),
    }


def _generate_and_roll_back(**kwargs) -> dict[str, list]:
    with transaction.atomic():
        run_demo(**kwargs)
        snapshot = _snapshot()
        transaction.set_rollback(True)
    return snapshot


def test_same_seed_gives_identical_rows_whatever_the_batch_size(db):
    first = _generate_and_roll_back(persons=250, seed=5, as_of=AS_OF, batch_size=1000)
    second = _generate_and_roll_back(persons=250, seed=5, as_of=AS_OF, batch_size=37)
    assert first["records"], "the run generated identity records"
    assert first == second


def test_another_seed_gives_other_rows(db):
    first = _generate_and_roll_back(persons=150, seed=5, as_of=AS_OF)
    other = _generate_and_roll_back(persons=150, seed=6, as_of=AS_OF)
    assert first["records"] != other["records"]


def test_second_run_does_nothing_and_says_so(db):
    result = run_demo(persons=200, seed=3, as_of=AS_OF)
    assert result.created
    counts = {
        "persons": Person.objects.count(),
        "records": IdentityRecord.objects.count(),
        "runs": DemoRun.objects.count(),
        "users": User.objects.count(),
    }
    again = run_demo(persons=200, seed=3, as_of=AS_OF)
    assert not again.created
    assert "nothing to do" in again.message
    other = run_demo(persons=500, seed=4, as_of=AS_OF)
    assert not other.created
    assert "nothing done" in other.message
    assert counts == {
        "persons": Person.objects.count(),
        "records": IdentityRecord.objects.count(),
        "runs": DemoRun.objects.count(),
        "users": User.objects.count(),
    }


def test_one_audit_event_per_run(db):
    result = run_demo(persons=100, seed=3, as_of=AS_OF)
    events = AuditEvent.objects.filter(object_kind="demo.demorun")
    assert events.count() == 1
    event = events.get()
    assert event.object_id == str(result.run.pk)
    assert event.changes["after"]["persons"] == 100
    run_demo(persons=100, seed=3, as_of=AS_OF)
    assert events.count() == 1


def test_run_records_parameters_and_counts(small_demo):
    run = small_demo.run
    assert (run.persons, run.seed, run.as_of) == (1500, 11, AS_OF)
    assert run.finished_at is not None
    assert run.counts["identity_records"] == IdentityRecord.objects.count()
    assert run.counts["placements"] == Placement.objects.count()
    assert run.parameters["amv_scale"] > 0


def test_every_person_appears_in_two_to_four_organisations(small_demo):
    orgs_per_person: dict[str, set[str]] = defaultdict(set)
    records_per_person: Counter = Counter()
    settled = {}
    for key, org, params in TrueIdentity.objects.values_list(
        "true_key", "organisation_kind", "parameters"
    ):
        orgs_per_person[key].add(org)
        records_per_person[key] += 1
        settled[key] = params["arrival"] <= (AS_OF - timedelta(days=30)).isoformat()
    # Persons who arrived in the last month may not have reached every organisation.
    sizes = Counter(len(orgs) for key, orgs in orgs_per_person.items() if settled[key])
    assert set(sizes) <= {2, 3, 4}, sizes
    assert sizes[4] > 0 and sizes[3] > 0
    # One record per organisation per person.
    assert all(records_per_person[k] == len(v) for k, v in orgs_per_person.items())
    assert len(orgs_per_person) == 1500


def test_truth_maps_every_identity_record(small_demo):
    record_ids = set(IdentityRecord.objects.values_list("pk", flat=True))
    truth = dict(TrueIdentity.objects.values_list("identity_record_id", "person_id"))
    assert set(truth) == record_ids
    assert truth == dict(IdentityRecord.objects.values_list("pk", "person_id"))


def test_records_vary_realistically(small_demo):
    variations: Counter = Counter()
    total = 0
    for params in TrueIdentity.objects.values_list("parameters", flat=True):
        total += 1
        variations.update(params["variations"])
    for kind in (
        "swapped_order",
        "diacritics_dropped",
        "spelling_variant",
        "typo",
        "dob_placeholder",
        "dob_year_only",
        "dob_day_month_swap",
        "dob_year_off",
        "missing_v_number",
    ):
        assert variations[kind] > 0, kind
    assert 0.01 < variations["swapped_order"] / total < 0.2
    records = IdentityRecord.objects
    assert records.filter(dob_is_placeholder=True, date_of_birth__month=1, date_of_birth__day=1)
    assert records.filter(dob_precision="year").exists()
    assert records.filter(v_number="").exists()
    # Vietnamese names without diacritics next to ones with them.
    assert records.filter(nationality="VNM", family_name="Nguyen").exists() or records.filter(
        nationality="VNM", given_names__startswith="Nguyen"
    )


def test_unlinked_records_sit_under_their_own_person(small_demo):
    split = [
        (pid, params)
        for pid, params in TrueIdentity.objects.values_list("person_id", "parameters")
        if params["split"]
    ]
    assert split, "some records without V-nummer were filed under a separate person"
    persons = Person.objects.in_bulk([pid for pid, _ in split])
    assert all(persons[pid].v_number is None for pid, _ in split)


def test_search_names_are_filled(small_demo):
    assert not IdentityRecord.objects.filter(search_name="").exists()
    assert not Alias.objects.filter(search_name="").exists()
    assert Alias.objects.exists()


def test_generated_names_are_in_the_search_token_index(small_demo):
    """The loader writes the postings and vocabulary the services would (ADR 0011)."""
    expected, counts = set(), Counter()
    for model, column in ((IdentityRecord, "identity_record_id"), (Alias, "alias_id")):
        for pk, person_id, key in model.objects.values_list("id", "person_id", "search_name"):
            for token in key.split():
                expected.add((token, person_id, column, pk))
                counts[token] += 1
    rows = NameToken.objects.values_list("token", "person_id", "identity_record_id", "alias_id")
    actual = {
        (t, p, "identity_record_id", r) if r else (t, p, "alias_id", a) for t, p, r, a in rows
    }
    assert actual == expected
    assert dict(NameTokenVocabulary.objects.values_list("token", "frequency")) == dict(counts)
    copied = set(
        NameToken.objects.filter(identity_record__isnull=False).values_list(
            "identity_record_id", "date_of_birth", "dob_precision", "nationality"
        )
    )
    records = IdentityRecord.objects.values_list(
        "id", "date_of_birth", "dob_precision", "nationality"
    )
    assert copied == {r for r in records if r[0] in {c[0] for c in copied}}


def test_generated_history_keeps_its_dates(small_demo):
    # Registrations of 2016 are dated 2016, not the day the demo was loaded.
    years = set(IdentityRecord.objects.values_list("recorded_at__year", flat=True))
    assert min(years) == 2015
    assert max(years) <= AS_OF.year
    assert not Placement.objects.filter(arrived_at__date__gt=AS_OF).exists()
    assert not Placement.objects.filter(ended_at__date__gt=AS_OF).exists()


def test_presence_checks_only_for_current_placements_with_missed_moments(small_demo):
    checks = PresenceCheck.objects.select_related("placement")
    assert checks.exists()
    assert not checks.filter(placement__ended_at__isnull=False).exists()
    open_amv = Placement.objects.filter(ended_at__isnull=True).exclude(location__reporting_times="")
    assert checks.filter(moment__date__gte=AS_OF - timedelta(days=3)).count() == checks.count()
    # Every moment of the last three days and the reference day, at the person's own
    # frequency where a risk assessment set one: fewer checks than moments means
    # some were missed.
    from ketenzicht.reception.selectors import reporting_times_for

    moments = sum(len(reporting_times_for(p)) * 4 for p in open_amv.select_related("location"))
    assert 0 < checks.count() < moments


def test_risk_catalogue_empty_means_no_assessments(db):
    from ketenzicht.reception.models import RiskAssessment, RiskFactor

    RiskFactor.objects.all().delete()
    lines: list[str] = []
    run_demo(persons=150, seed=2, as_of=AS_OF, progress=lines.append)
    assert not RiskAssessment.objects.exists()
    assert any("catalogue is empty" in line for line in lines)


def test_risk_assessments_use_the_catalogue(db):
    from ketenzicht.reception.models import RiskAssessment, RiskFactor

    for code in ("signs-of-recruitment", "contact-with-unknown-adults", "debt-to-smuggler"):
        RiskFactor.objects.get_or_create(
            code=code,
            defaults={
                "label_nl": code.replace("-", " "),
                "label_en": code.replace("-", " "),
                "explanation": f"Observed: {code}",
            },
        )
    run_demo(persons=3000, seed=2, as_of=AS_OF)
    assessments = RiskAssessment.objects.all()
    assert assessments.exists()
    assert not assessments.exclude(location__location_type="bo").exists()
    assert all(a.factors.exists() for a in assessments)


def test_small_run_is_fast(db):
    started = time.monotonic()
    run_demo(persons=400, seed=9, as_of=AS_OF)
    # Generous bound: the machine is shared; 100k persons are measured separately.
    assert time.monotonic() - started < 60


def test_end_reasons_belong_to_the_reception_vocabulary(small_demo):
    from ketenzicht.demo.plan import END_REASONS

    services = pytest.importorskip("ketenzicht.reception.services")
    allowed = {value for value, _label in services.END_REASONS.choices}
    assert set(END_REASONS) <= allowed
    used = set(Placement.objects.exclude(end_reason="").values_list("end_reason", flat=True))
    assert used <= allowed


def test_application_can_add_rows_after_the_generated_ones(small_demo):
    # Ids were allocated by the generator: the database's own sequence must follow.
    highest = Person.objects.order_by("-pk").values_list("pk", flat=True).first()
    person = Person.objects.create()
    placement_max = Placement.objects.order_by("-pk").values_list("pk", flat=True).first()
    assert person.pk > highest
    placement = Placement.objects.create(
        person=person,
        location=Placement.objects.get(pk=placement_max).location,
        planned_arrival=small_demo.run.finished_at,
    )
    assert placement.pk > placement_max
