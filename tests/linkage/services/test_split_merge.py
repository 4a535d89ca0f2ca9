"""split_merge: exactly the recorded rows go back; later rows stay; chains are refused."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from ketenzicht.audit.models import AuditEvent
from ketenzicht.linkage import services
from ketenzicht.linkage.models import CandidateStatus
from ketenzicht.people.models import EurodacHit, Person
from ketenzicht.reception.models import Placement
from tests.factories import organisation
from tests.linkage.conftest import candidate, record

from .test_merge_persons import rows_of

pytestmark = pytest.mark.django_db


def test_split_restores_exactly_the_moved_rows(chain):
    before_ind, before_coa = rows_of(chain.anh_ind), rows_of(chain.anh_coa)
    merge = services.merge_persons(chain.anh_coa, chain.anh_ind, by=chain.ir)
    # After the merge the chain records a new Eurodac hit on the merged person.
    later = EurodacHit.objects.create(
        person=chain.anh_coa,
        organisation=organisation("ind"),
        member_state="FRA",
        hit_date=date(2025, 3, 1),
        category=1,
        registered_as="minor",
    )

    services.split_merge(merge, by=chain.ir, reason="Andere vingerafdrukken")

    after_ind, after_coa = rows_of(chain.anh_ind), rows_of(chain.anh_coa)
    # The join row the merge collapsed is created again (a new id, the same link).
    signal_rows = "signals.signal_persons.person"
    assert len(after_ind.pop(signal_rows)) == len(before_ind.pop(signal_rows)) == 1
    assert after_ind == before_ind
    before_coa["people.eurodachit.person"] = {later.pk}
    assert after_coa == before_coa
    assert set(chain.signal.persons.all()) == {chain.anh_coa, chain.anh_ind}

    chain.anh_ind.refresh_from_db()
    merge.refresh_from_db()
    assert chain.anh_ind.merged_into is None
    assert (merge.split_by, merge.split_reason) == (chain.ir, "Andere vingerafdrukken")
    assert merge.split_at is not None


def test_split_gives_the_v_number_back(chain):
    merge = services.merge_persons(chain.anh_ind, chain.anh_coa, by=chain.ir)
    services.split_merge(merge, by=chain.ir, reason="Twee personen")
    chain.anh_ind.refresh_from_db()
    chain.anh_coa.refresh_from_db()
    assert (chain.anh_coa.v_number, chain.anh_ind.v_number) == ("1234567890", None)


def test_split_is_audited(chain):
    merge = services.merge_persons(chain.anh_coa, chain.anh_ind, by=chain.ir)
    services.split_merge(merge, by=chain.ir, reason="Twee personen")
    event = AuditEvent.objects.filter(object_kind="linkage.merge", action="update").get()
    assert event.changes["after"]["split_reason"] == "Twee personen"
    assert "reception.placement.person" in event.changes["moved_back"]
    assert (
        AuditEvent.objects.filter(
            object_kind="people.person", person_id=chain.anh_ind.pk, action="update"
        ).count()
        == 2
    )  # merged_into set, then cleared


def test_split_needs_a_reason_and_happens_once(chain):
    merge = services.merge_persons(chain.anh_coa, chain.anh_ind, by=chain.ir)
    with pytest.raises(ValidationError) as excinfo:
        services.split_merge(merge, by=chain.ir, reason="  ")
    assert excinfo.value.message_dict == {"reason": [_(services.REASON_REQUIRED)]}
    services.split_merge(merge, by=chain.ir, reason="Twee personen")
    with pytest.raises(ValidationError) as excinfo:
        services.split_merge(merge, by=chain.ir, reason="nog eens")
    assert excinfo.value.messages == [_(services.ALREADY_SPLIT)]


def test_a_chain_of_merges_is_split_newest_first(chain):
    third = Person.objects.create()
    record(third, "dtv", given_names="Anh")
    first = services.merge_persons(chain.anh_coa, chain.anh_ind, by=chain.ir)
    second = services.merge_persons(third, chain.anh_coa, by=chain.ir)
    placement = Placement.objects.get(location=chain.amv)
    assert placement.person_id == third.pk  # moved twice

    with pytest.raises(ValidationError) as excinfo:
        services.split_merge(first, by=chain.ir, reason="eerst")
    assert excinfo.value.messages == [
        _(services.LATER_MERGE) % {"survivor": chain.anh_coa.pseudonym, "other": third.pseudonym}
    ]
    services.split_merge(second, by=chain.ir, reason="tweede eerst")
    services.split_merge(first, by=chain.ir, reason="dan de eerste")
    placement.refresh_from_db()
    assert placement.person_id == chain.anh_ind.pk
    assert not Person.objects.filter(merged_into__isnull=False).exists()


def test_a_row_moved_on_since_refuses_the_split_and_changes_nothing(chain):
    merge = services.merge_persons(chain.anh_coa, chain.anh_ind, by=chain.ir)
    other = Person.objects.create()
    hit = EurodacHit.objects.get(member_state="ITA")
    hit.person = other  # e.g. corrected by hand in the registry since
    hit.save()
    with pytest.raises(ValidationError) as excinfo:
        services.split_merge(merge, by=chain.ir, reason="Twee personen")
    assert excinfo.value.messages == [
        _(services.MOVED_SINCE) % {"rows": f"people.eurodachit#{hit.pk}"}
    ]
    chain.anh_ind.refresh_from_db()
    assert chain.anh_ind.merged_into == chain.anh_coa
    assert Placement.objects.get(location=chain.amv).person_id == chain.anh_coa.pk


def test_split_of_a_confirmed_pair_marks_the_pair_split(chain):
    cand = candidate(chain.run, chain.coa_record, chain.ind_record)
    services.decide(cand, CandidateStatus.SAME, by=chain.ir, note="Zelfde foto")
    merge = cand.merges.get()
    services.split_merge(merge, by=chain.ir, reason="Tweeling")
    cand.refresh_from_db()
    assert (cand.status, cand.note) == (CandidateStatus.SPLIT, "Tweeling")


@pytest.mark.parametrize("username", ["avim", "mentor", "beheerder"])
def test_only_ir_splits(chain, username):
    from ketenzicht.access.enforce import NotVisible

    merge = services.merge_persons(chain.anh_coa, chain.anh_ind, by=chain.ir)
    with pytest.raises((NotVisible, PermissionDenied)):
        services.split_merge(merge, by=getattr(chain, username), reason="x")
    merge.refresh_from_db()
    assert merge.split_at is None


def test_placements_ended_after_the_merge_still_go_back(chain):
    merge = services.merge_persons(chain.anh_coa, chain.anh_ind, by=chain.ir)
    placement = Placement.objects.get(location=chain.amv)
    placement.ended_at = timezone.now() - timedelta(hours=1)
    placement.save()
    services.split_merge(merge, by=chain.ir, reason="Twee personen")
    placement.refresh_from_db()
    assert placement.person_id == chain.anh_ind.pk and placement.ended_at is not None


def test_name_search_postings_follow_the_records_both_ways(chain):
    """The people app's name-token postings copy the person id; its trigger moves them
    when a merge or split re-points the record (people migration 0004)."""
    from ketenzicht.people import name_index
    from ketenzicht.people.models import NameToken

    for rec in (chain.coa_record, chain.ind_record):
        name_index.index_record(rec, created=True)

    def owners():
        return set(
            NameToken.objects.filter(identity_record=chain.ind_record).values_list(
                "person_id", flat=True
            )
        )

    assert owners() == {chain.anh_ind.pk}
    merge = services.merge_persons(chain.anh_coa, chain.anh_ind, by=chain.ir)
    assert owners() == {chain.anh_coa.pk}
    services.split_merge(merge, by=chain.ir, reason="Twee personen")
    assert owners() == {chain.anh_ind.pk}


def test_the_audit_chain_stays_intact_through_merge_decide_and_split(chain):
    from ketenzicht.audit.verify import verify_chain

    cand = candidate(chain.run, chain.coa_record, chain.ind_record)
    services.decide(cand, CandidateStatus.SAME, by=chain.ir)
    services.split_merge(cand.merges.get(), by=chain.ir, reason="Tweeling")
    result = verify_chain()
    assert result.ok, result
    assert result.checked == 6  # merge, absorbed person, pair; split, absorbed person, pair
