"""decide: same merges (survivor with the V-number or the older), different and unsure
do not; every decision is audited; the transition table guards every change."""

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _

from ketenzicht.access.enforce import NotVisible
from ketenzicht.audit.models import AuditEvent
from ketenzicht.linkage import services
from ketenzicht.linkage.models import CandidateStatus as S
from ketenzicht.linkage.models import Merge
from ketenzicht.linkage.workflow import INVALID_TRANSITION
from ketenzicht.people.models import Person
from tests.linkage.conftest import candidate, record

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(chain):
    return candidate(chain.run, chain.coa_record, chain.ind_record)


def test_same_merges_into_the_person_with_the_v_number(chain, pair):
    services.decide(pair, S.SAME, by=chain.ir, note="Zelfde foto op beide kaarten")
    pair.refresh_from_db()
    assert (pair.status, pair.decided_by, pair.note) == (
        S.SAME,
        chain.ir,
        "Zelfde foto op beide kaarten",
    )
    merge = Merge.objects.get()
    assert (merge.survivor, merge.absorbed, merge.candidate) == (chain.anh_coa, chain.anh_ind, pair)


def test_without_v_numbers_the_older_person_survives(chain):
    old, new = Person.objects.create(), Person.objects.create()
    cand = candidate(chain.run, record(new, "dtv"), record(old, "kmar"))
    services.decide(cand, S.SAME, by=chain.ir)
    assert Merge.objects.get().survivor == old


@pytest.mark.parametrize("decision", [S.DIFFERENT, S.UNSURE])
def test_different_and_unsure_merge_nothing(chain, pair, decision):
    services.decide(pair, decision, by=chain.ir, note="")
    pair.refresh_from_db()
    assert pair.status == decision
    assert not Merge.objects.exists()


def test_unsure_can_be_settled_later(chain, pair):
    services.decide(pair, S.UNSURE, by=chain.ir)
    services.decide(pair, S.SAME, by=chain.ir)
    assert Merge.objects.count() == 1


def test_decisions_are_audited_with_before_and_after(chain, pair):
    services.decide(pair, S.UNSURE, by=chain.ir, note="Navragen bij COA")
    event = AuditEvent.objects.get(object_kind="linkage.candidatelink", action="update")
    assert event.actor_id == chain.ir.pk
    assert event.changes["before"]["status"] == S.PENDING
    assert event.changes["after"]["status"] == S.UNSURE
    assert event.changes["after"]["note"] == "Navragen bij COA"


def test_a_decided_pair_cannot_be_decided_again(chain, pair):
    services.decide(pair, S.DIFFERENT, by=chain.ir)
    with pytest.raises(ValidationError) as excinfo:
        services.decide(pair, S.SAME, by=chain.ir)
    assert excinfo.value.message_dict[NON_FIELD_ERRORS] == [
        _(INVALID_TRANSITION) % {"current": S.DIFFERENT.label, "target": S.SAME.label}
    ]


def test_split_is_not_a_decision(chain, pair):
    with pytest.raises(ValidationError) as excinfo:
        services.decide(pair, S.SPLIT, by=chain.ir)
    assert excinfo.value.message_dict == {"decision": [_(services.INVALID_DECISION)]}


def test_a_conflict_leaves_the_pair_pending(chain, pair):
    from datetime import timedelta

    from django.utils import timezone

    from ketenzicht.reception.models import Placement

    Placement.objects.create(
        person=chain.anh_coa,
        location=chain.bo,
        planned_arrival=timezone.now() - timedelta(days=1),
    )
    with pytest.raises(ValidationError) as excinfo:
        services.decide(pair, S.SAME, by=chain.ir)
    assert excinfo.value.messages == [_(services.BOTH_PLACED)]
    pair.refresh_from_db()
    assert pair.status == S.PENDING
    assert not AuditEvent.objects.filter(object_kind="linkage.candidatelink").exists()


def test_records_already_one_person_are_same_without_a_merge(chain):
    third = Person.objects.create()
    dtv = record(third, "dtv")
    first = candidate(chain.run, chain.coa_record, dtv)
    second = candidate(chain.run, chain.ind_record, dtv, match_probability=0.85)
    services.decide(first, S.SAME, by=chain.ir)
    services.decide(candidate(chain.run, chain.coa_record, chain.ind_record), S.SAME, by=chain.ir)
    # dtv and the IND record are now one person: "same" records it, "different" refuses.
    with pytest.raises(ValidationError) as excinfo:
        services.decide(second, S.DIFFERENT, by=chain.ir)
    assert excinfo.value.messages == [_(services.ALREADY_ONE_PERSON)]
    services.decide(second, S.SAME, by=chain.ir)
    assert Merge.objects.count() == 2


@pytest.mark.parametrize("username", ["avim", "mentor", "beheerder", "voogd"])
def test_only_ir_decides_and_others_do_not_see_the_pair(chain, pair, username):
    with pytest.raises(NotVisible):
        services.decide(pair, S.SAME, by=getattr(chain, username))


def test_the_other_region_ir_officer_decides_too(chain, pair):
    # Identification is chain-wide: the queue is not split by region.
    services.decide(pair, S.DIFFERENT, by=chain.other_ir)
