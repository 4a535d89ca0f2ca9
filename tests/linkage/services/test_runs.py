"""start_run and execute_run around the engine's interface.

These tests give `execute_run` scored pairs chosen by hand (the engine's own
`ScoredPair`s, through a stand-in for `engine.link`) to pin down what the
application does with them: thresholds, automatic links and their conflicts,
pairs decided before, incremental runs, failures. The real engine runs in
`tests/linkage/test_end_to_end.py`.
"""

import types
from datetime import timedelta

import pyarrow as pa
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

import ketenzicht.linkage as linkage_package
from ketenzicht.audit.models import AuditEvent
from ketenzicht.linkage import engine, services
from ketenzicht.linkage.models import CandidateLink, LinkageRun, Merge, RunStatus
from ketenzicht.linkage.models import CandidateStatus as S
from ketenzicht.people.models import IdentityRecord, Person
from ketenzicht.reception.models import Placement
from tests.linkage.conftest import candidate, record

pytestmark = pytest.mark.django_db


def scored(one, other, probability, weight=5.0):
    return engine.ScoredPair(
        left_source="x",
        left_record=str(one.pk),
        right_source="y",
        right_record=str(other.pk),
        match_weight=weight,
        match_probability=probability,
        explanation=(engine.Explanation("name", "exact", weight),),
    )


class Stand_in:
    """Records what `execute_run` asked of the engine and returns the given pairs."""

    def __init__(self, pairs=(), model=None, error=None):
        self.pairs, self.model, self.error = list(pairs), model or {"trained": True}, error
        self.calls = []

    def link(self, records, **kwargs):
        self.calls.append({"records": records.num_rows, **kwargs})
        if kwargs.get("progress"):
            kwargs["progress"]("train", 0.5)
        if self.error:
            raise self.error
        return engine.LinkResult(pairs=self.pairs, model=self.model, timings={"train": 1.5})


@pytest.fixture
def stand_in(monkeypatch):
    def install(**kwargs):
        fake = Stand_in(**kwargs)
        monkeypatch.setattr(engine, "link", fake.link)

        def chain_records(since_id=None):
            ids = IdentityRecord.objects.filter(person__merged_into__isnull=True)
            if since_id is not None:
                ids = ids.filter(pk__gt=since_id)
            return pa.table({"record_id": [str(pk) for pk in ids.values_list("pk", flat=True)]})

        extract = types.SimpleNamespace(chain_records=chain_records)
        monkeypatch.setattr(linkage_package, "extract", extract, raising=False)
        return fake

    return install


def queued(kind="full", **fields):
    return LinkageRun.objects.create(
        kind=kind, thresholds={"auto_link": 0.995, "review": 0.8}, **fields
    )


@pytest.fixture
def others(chain):
    p, q = Person.objects.create(), Person.objects.create()
    return record(p, "dtv", given_names="Bao"), record(q, "kmar", given_names="Bao")


def test_a_full_run_keeps_pairs_for_review_and_links_above_the_upper_threshold(
    chain, stand_in, others
):
    dtv, kmar = others
    far_1, far_2 = record(Person.objects.create(), "dtv"), record(Person.objects.create(), "ind")
    fake = stand_in(
        pairs=[
            scored(chain.ind_record, chain.coa_record, 0.999, 12.0),
            scored(dtv, kmar, 0.9),
            scored(far_1, far_2, 0.5),
        ]
    )
    run = services.execute_run(queued().pk)

    assert run.status == RunStatus.DONE and run.progress == 100 and run.error == ""
    assert fake.calls[0]["model"] is None and fake.calls[0]["new_record_ids"] is None
    assert fake.calls[0]["min_probability"] == 0.8
    assert run.model == {"trained": True} and run.timings == {"train": 1.5}
    assert run.max_record_id == IdentityRecord.objects.order_by("-pk").first().pk
    assert run.counts["proposed"] == 2 and run.counts["below_review"] == 1
    assert run.counts["auto_linked"] == 1

    auto = CandidateLink.objects.get(match_probability=0.999)
    assert (auto.left_record_id, auto.right_record_id) == tuple(
        sorted((chain.coa_record.pk, chain.ind_record.pk))
    )
    assert auto.status == S.AUTO_LINKED and auto.decided_by is None
    assert auto.explanation == [{"comparison": "name", "level": "exact", "weight": 12.0}]
    merge = Merge.objects.get()
    assert (merge.survivor, merge.absorbed, merge.merged_by) == (chain.anh_coa, chain.anh_ind, None)
    assert CandidateLink.objects.get(match_probability=0.9).status == S.PENDING


def test_run_start_and_finish_are_audited(chain, stand_in):
    stand_in()
    run = services.execute_run(queued().pk)
    events = AuditEvent.objects.filter(object_kind="linkage.linkagerun", object_id=str(run.pk))
    statuses = [e.changes["after"].get("status") for e in events.order_by("id")]
    assert statuses == [RunStatus.RUNNING, RunStatus.DONE]
    assert {e.actor_label for e in events} == {f"linkage run {run.pk}"}


def test_a_conflicting_automatic_link_goes_to_review_with_a_note(chain, stand_in):
    Placement.objects.create(
        person=chain.anh_coa, location=chain.bo, planned_arrival=timezone.now()
    )
    stand_in(pairs=[scored(chain.coa_record, chain.ind_record, 0.999)])
    run = services.execute_run(queued().pk)
    cand = CandidateLink.objects.get()
    assert cand.status == S.PENDING
    assert cand.note == _(services.AUTO_LINK_REFUSED) % {"reason": _(services.BOTH_PLACED)}
    assert run.counts["auto_link_refused"] == 1 and not Merge.objects.exists()


def test_decided_pairs_are_not_asked_again_and_pending_ones_are_refreshed(chain, stand_in, others):
    dtv, kmar = others
    old_run = queued(status=RunStatus.DONE)
    decided = candidate(old_run, chain.coa_record, chain.ind_record, status=S.DIFFERENT)
    pending = candidate(old_run, dtv, kmar, match_probability=0.81)
    stand_in(pairs=[scored(chain.coa_record, chain.ind_record, 0.999), scored(kmar, dtv, 0.97)])
    run = services.execute_run(queued().pk)
    decided.refresh_from_db()
    pending.refresh_from_db()
    assert decided.status == S.DIFFERENT and decided.run == old_run
    assert (pending.run, pending.match_probability, pending.status) == (run, 0.97, S.PENDING)
    assert run.counts["skipped_decided"] == 1 and run.counts["refreshed"] == 1
    assert CandidateLink.objects.count() == 2 and not Merge.objects.exists()


def test_pairs_of_one_person_or_of_merged_persons_are_not_kept(chain, stand_in):
    second_coa = record(chain.anh_coa, "dtv")
    gone = Person.objects.create(merged_into=chain.anh_coa)
    gone_record = record(gone, "kmar")
    stand_in(
        pairs=[
            scored(chain.coa_record, second_coa, 0.95),
            scored(gone_record, chain.ind_record, 0.9),
        ]
    )
    run = services.execute_run(queued().pk)
    assert not CandidateLink.objects.exists()
    assert run.counts["skipped_one_person"] == 1 and run.counts["skipped_merged_or_gone"] == 1


def test_an_incremental_run_reuses_the_model_and_scores_only_new_records(chain, stand_in):
    base = queued(status=RunStatus.DONE, model={"m": 1}, finished_at=timezone.now())
    base.max_record_id = chain.ind_record.pk
    base.save()
    new = record(Person.objects.create(), "dtv")
    fake = stand_in(pairs=[scored(new, chain.coa_record, 0.85)])
    run = services.execute_run(queued(kind="incremental").pk)
    assert fake.calls[0]["model"] == {"m": 1}
    assert fake.calls[0]["new_record_ids"] == {str(new.pk)}
    assert run.model_from == base and run.model == {"trained": True}
    assert run.counts["new_records"] == 1 and run.counts["proposed"] == 1


def test_an_incremental_run_without_new_records_does_not_call_the_engine(chain, stand_in):
    base = queued(status=RunStatus.DONE, model={"m": 1}, finished_at=timezone.now())
    base.max_record_id = IdentityRecord.objects.order_by("-pk").first().pk
    base.save()
    fake = stand_in()
    run = services.execute_run(queued(kind="incremental").pk)
    assert fake.calls == [] and run.status == RunStatus.DONE
    assert run.counts["new_records"] == 0 and run.model == {"m": 1}


def test_a_failing_engine_fails_the_run_with_its_error(chain, stand_in):
    stand_in(error=RuntimeError("duckdb ran out of memory"))
    run = services.execute_run(queued().pk)
    assert run.status == RunStatus.FAILED and run.finished_at is not None
    assert run.error == "RuntimeError: duckdb ran out of memory"
    assert run.stage == "train"  # where it stopped
    event = AuditEvent.objects.filter(object_kind="linkage.linkagerun").order_by("-id").first()
    assert event.changes["after"]["status"] == RunStatus.FAILED


def test_a_run_is_executed_once(chain, stand_in):
    fake = stand_in()
    run = queued()
    services.execute_run(run.pk)
    services.execute_run(run.pk)
    assert len(fake.calls) == 1


def test_start_run_queues_and_the_task_runs_after_commit(
    chain, stand_in, django_capture_on_commit_callbacks
):
    stand_in(pairs=[scored(chain.coa_record, chain.ind_record, 0.9)])
    with django_capture_on_commit_callbacks(execute=True):
        run = services.start_run("full", chain.ir)
    assert AuditEvent.objects.filter(
        object_kind="linkage.linkagerun", action="create", actor_id=chain.ir.pk
    ).exists()
    run.refresh_from_db()
    assert run.status == RunStatus.DONE  # Huey runs immediately in the test settings
    assert run.thresholds == {"auto_link": 0.995, "review": 0.8}
    assert CandidateLink.objects.get().status == S.PENDING


def test_thresholds_come_from_the_settings(chain, settings):
    settings.LINKAGE_AUTO_LINK_PROBABILITY = 0.999
    settings.LINKAGE_REVIEW_PROBABILITY = 0.7
    run = services.start_run("full", chain.beheerder)
    assert run.thresholds == {"auto_link": 0.999, "review": 0.7}


def test_one_run_at_a_time_and_a_lost_worker_does_not_block(chain):
    services.start_run("full", chain.ir)
    with pytest.raises(ValidationError) as excinfo:
        services.start_run("full", chain.ir)
    assert excinfo.value.messages == [_(services.RUN_ACTIVE)]
    LinkageRun.objects.update(queued_at=timezone.now() - timedelta(hours=2))
    services.start_run("full", chain.ir)
    lost = LinkageRun.objects.filter(started_by=chain.ir).order_by("id").first()
    assert lost.status == RunStatus.FAILED
    assert lost.error == _(services.WORKER_LOST) % {"minutes": 30}


def test_incremental_needs_a_finished_model(chain):
    with pytest.raises(ValidationError) as excinfo:
        services.start_run("incremental", chain.ir)
    assert excinfo.value.message_dict == {"kind": [_(services.NO_MODEL_YET)]}


@pytest.mark.parametrize("username", ["avim", "mentor", "voogd"])
def test_only_ir_and_beheerder_start_runs(chain, username):
    with pytest.raises(PermissionDenied):
        services.start_run("full", getattr(chain, username))
