"""merge_persons: every row of the absorbed person moves, each move is recorded,
conflicts change nothing."""

from datetime import timedelta

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from ketenzicht.audit.models import AuditEvent
from ketenzicht.departures.models import DepartureCase, TriggerProposal
from ketenzicht.linkage import services
from ketenzicht.linkage.models import Merge, MergeMove
from ketenzicht.people.models import (
    Alias,
    EurodacHit,
    Guardianship,
    IdentityRecord,
    Person,
)
from ketenzicht.reception.models import Placement, RiskAssessment
from ketenzicht.signals.models import Signal

pytestmark = pytest.mark.django_db


def rows_of(person: Person) -> dict[str, set[int]]:
    """Every row that refers to `person`, per model and field (found like the service does)."""
    found = {}
    for fk in services.person_relations():
        ids = set(
            fk.model._base_manager.filter(**{fk.attname: person.pk}).values_list("pk", flat=True)
        )
        if ids:
            found[f"{fk.model._meta.label_lower}.{fk.name}"] = ids
    return found


def test_relations_are_found_generically_including_hidden_and_many_to_many():
    labels = {f"{fk.model._meta.label_lower}.{fk.name}" for fk in services.person_relations()}
    assert {
        "people.identityrecord.person",
        "people.alias.person",
        "people.eurodachit.person",
        "people.guardianship.person",
        "reception.placement.person",
        "reception.riskassessment.person",
        "departures.departurecase.person",
        "departures.triggerproposal.person",  # related_name="+": a hidden relation
        "signals.signal_persons.person",  # the join rows of Signal.persons
    } <= labels
    assert not [label for label in labels if label.startswith(("linkage.", "people.person."))]


def test_merge_moves_every_row_of_other_apps_and_records_each(chain):
    before_ind = rows_of(chain.anh_ind)
    before_coa = rows_of(chain.anh_coa)
    assert {"reception.placement.person", "departures.triggerproposal.person"} <= set(before_ind)

    merge = services.merge_persons(chain.anh_coa, chain.anh_ind, by=chain.ir)

    assert rows_of(chain.anh_ind) == {}
    after = rows_of(chain.anh_coa)
    # The signal named both persons: the survivor keeps its own link, the other is recorded.
    assert after["signals.signal_persons.person"] == before_coa["signals.signal_persons.person"]
    for label, ids in before_ind.items():
        if label != "signals.signal_persons.person":
            assert ids <= after[label], label
    moved = {(m.model, m.field, m.object_id) for m in merge.moves.filter(recreate__isnull=True)}
    assert moved == {
        (label.rsplit(".", 1)[0], label.rsplit(".", 1)[1], str(pk))
        for label, ids in before_ind.items()
        if label != "signals.signal_persons.person"
        for pk in ids
    }
    collapsed = merge.moves.get(recreate__isnull=False)
    assert collapsed.model == "signals.signal_persons"
    assert collapsed.recreate == {"signal_id": chain.signal.pk}
    assert list(chain.signal.persons.all()) == [chain.anh_coa]

    chain.anh_ind.refresh_from_db()
    assert chain.anh_ind.merged_into == chain.anh_coa
    assert merge.merged_by == chain.ir and merge.v_number_taken == ""


def test_identity_records_keep_their_organisation_and_values(chain):
    services.merge_persons(chain.anh_coa, chain.anh_ind, by=chain.ir)
    ind = IdentityRecord.objects.get(pk=chain.ind_record.pk)
    assert (ind.person_id, ind.organisation.kind, ind.family_name) == (
        chain.anh_coa.pk,
        "ind",
        "Nguyễn",
    )


def test_survivor_without_v_number_takes_it_and_the_merge_remembers(chain):
    merge = services.merge_persons(chain.anh_ind, chain.anh_coa, by=chain.ir)
    chain.anh_ind.refresh_from_db()
    chain.anh_coa.refresh_from_db()
    assert chain.anh_ind.v_number == "1234567890"
    assert chain.anh_coa.v_number is None
    assert merge.v_number_taken == "1234567890"


def test_merge_is_audited_with_the_moves_in_the_same_transaction(chain):
    merge = services.merge_persons(chain.anh_coa, chain.anh_ind, by=chain.ir)
    event = AuditEvent.objects.get(object_kind="linkage.merge", object_id=str(merge.pk))
    assert (event.action, event.person_id, event.actor_id) == (
        "create",
        chain.anh_coa.pk,
        chain.ir.pk,
    )
    assert set(event.changes["after"]["moved"]) >= {"reception.placement.person"}
    absorbed = AuditEvent.objects.get(object_kind="people.person", person_id=chain.anh_ind.pk)
    assert absorbed.changes["after"]["merged_into_id"] == chain.anh_coa.pk


def test_automatic_merge_has_the_run_as_actor(chain):
    merge = services.merge_persons(chain.anh_coa, chain.anh_ind, by=None, run=chain.run)
    event = AuditEvent.objects.get(object_kind="linkage.merge", object_id=str(merge.pk))
    assert event.actor_id is None
    assert event.actor_label == f"linkage run {chain.run.pk}"


def _state():
    return (
        {p.pk: (p.merged_into_id, p.v_number) for p in Person.objects.all()},
        sorted(Placement.objects.values_list("pk", "person_id")),
        sorted(EurodacHit.objects.values_list("pk", "person_id")),
        sorted(Guardianship.objects.values_list("pk", "person_id")),
        sorted(Alias.objects.values_list("pk", "person_id")),
        sorted(RiskAssessment.objects.values_list("pk", "person_id")),
        sorted(DepartureCase.objects.values_list("pk", "person_id")),
        sorted(TriggerProposal.objects.values_list("pk", "person_id")),
        sorted(Signal.persons.through.objects.values_list("pk", "person_id")),
        Merge.objects.count(),
        MergeMove.objects.count(),
        AuditEvent.objects.count(),
    )


def test_two_open_placements_conflict_and_nothing_changes(chain):
    now = timezone.now()
    Placement.objects.create(
        person=chain.anh_coa,
        location=chain.bo,
        planned_arrival=now - timedelta(days=1),
        arrived_at=now - timedelta(days=1),
    )
    before = _state()
    with pytest.raises(ValidationError) as excinfo:
        services.merge_persons(chain.anh_coa, chain.anh_ind, by=chain.ir)
    assert excinfo.value.message_dict[NON_FIELD_ERRORS] == [_(services.BOTH_PLACED)]
    assert _state() == before


def test_two_current_guardianships_and_two_open_departures_conflict(chain):
    Guardianship.objects.create(person=chain.anh_ind, voogd=chain.voogd, started_on="2025-02-01")
    DepartureCase.objects.create(
        person=chain.anh_coa, location=chain.bo, detected_at=timezone.now(), status="open"
    )
    DepartureCase.objects.create(
        person=chain.anh_ind, location=chain.amv, detected_at=timezone.now(), status="reported"
    )
    with pytest.raises(ValidationError) as excinfo:
        services.merge_persons(chain.anh_coa, chain.anh_ind, by=chain.ir)
    assert excinfo.value.message_dict[NON_FIELD_ERRORS] == [
        _(services.BOTH_DEPARTED),
        _(services.BOTH_GUARDED),
    ]


def test_a_database_conflict_is_a_clear_error_and_changes_nothing(chain, monkeypatch):
    from django.db import IntegrityError

    real = services._move_rows
    calls = []

    def failing(fk, **kwargs):
        calls.append(fk)
        if len(calls) == 3:  # halfway through the relations
            raise IntegrityError("UNIQUE constraint failed: reception_placement.person_id")
        return real(fk, **kwargs)

    monkeypatch.setattr(services, "_move_rows", failing)
    before = _state()
    with pytest.raises(ValidationError) as excinfo:
        services.merge_persons(chain.anh_coa, chain.anh_ind, by=chain.ir)
    assert excinfo.value.error_dict[NON_FIELD_ERRORS][0].code == "conflict"
    assert "UNIQUE constraint failed" in excinfo.value.messages[0]
    assert _state() == before


def test_a_person_cannot_be_merged_twice_or_with_itself(chain):
    with pytest.raises(ValidationError) as excinfo:
        services.merge_persons(chain.anh_coa, chain.anh_coa, by=chain.ir)
    assert excinfo.value.messages == [_(services.SAME_PERSON)]
    services.merge_persons(chain.anh_coa, chain.anh_ind, by=chain.ir)
    third = Person.objects.create()
    with pytest.raises(ValidationError) as excinfo:
        services.merge_persons(third, chain.anh_ind, by=chain.ir)
    assert excinfo.value.messages == [
        _(services.ALREADY_MERGED) % {"person": chain.anh_ind.pseudonym}
    ]


@pytest.mark.parametrize("username", ["avim", "mentor", "beheerder", "voogd"])
def test_only_ir_merges(chain, username):
    with pytest.raises(PermissionDenied):
        services.merge_persons(chain.anh_coa, chain.anh_ind, by=getattr(chain, username))
    assert not Merge.objects.exists()


def test_choose_survivor_prefers_the_v_number_then_the_older(chain):
    assert services.choose_survivor(chain.anh_ind, chain.anh_coa) == (chain.anh_coa, chain.anh_ind)
    older, newer = Person.objects.create(), Person.objects.create()
    assert services.choose_survivor(newer, older) == (older, newer)
