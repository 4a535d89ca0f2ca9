"""Issue 7 with the real engine: a generated chain, a full run, then an incremental run.

The demo generator writes some human beings under several persons (an
organisation that did not have the V-number registered its own); its answer
key (`demo.TrueIdentity`, read only by tests) says which records are one
human being. The application never sees that key.
"""

from datetime import date

import pytest
from django.db.models import Count, Q

from ketenzicht.accounts.roles import Role
from ketenzicht.demo.generator import run_demo
from ketenzicht.demo.models import TrueIdentity
from ketenzicht.linkage import services
from ketenzicht.linkage.models import CandidateLink, LinkageRun, Merge, RunStatus
from ketenzicht.linkage.models import CandidateStatus as S
from ketenzicht.people.models import IdentityRecord, Person
from ketenzicht.people.names import search_key
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def truth() -> dict[int, str]:
    return dict(TrueIdentity.objects.values_list("identity_record_id", "true_key"))


def precision(pairs, key: dict[int, str]) -> float:
    pairs = list(pairs)
    right = sum(key.get(c.left_record_id) == key.get(c.right_record_id) for c in pairs)
    return right / len(pairs) if pairs else 1.0


def test_full_then_incremental_run_on_a_generated_chain(django_capture_on_commit_callbacks):
    run_demo(persons=600, seed=5, as_of=date(2025, 11, 24))
    ir = UserFactory(username="ir-e2e", role=Role.IR_OFFICER)
    key = truth()
    split_humans = (
        TrueIdentity.objects.values("true_key")
        .order_by()
        .annotate(n=Count("person_id", distinct=True))
        .filter(n__gt=1)
        .count()
    )
    assert split_humans > 0  # the generator made duplicates to find

    with django_capture_on_commit_callbacks(execute=True):
        full = services.start_run("full", ir)
    full.refresh_from_db()
    assert full.status == RunStatus.DONE, full.error
    assert full.model and full.progress == 100 and full.max_record_id
    assert full.counts["records"] == IdentityRecord.objects.count()

    linked = CandidateLink.objects.filter(status=S.AUTO_LINKED)
    # A cluster of three records is two merges; its third pair is then already one person.
    assert 0 < Merge.objects.count() <= full.counts["auto_linked"] == linked.count()
    assert precision(linked, key) >= 0.97
    pending = CandidateLink.objects.filter(status=S.PENDING)
    for cand in pending[:20]:
        assert cand.explanation and {"comparison", "level", "weight"} <= set(cand.explanation[0])
        assert 0.8 <= cand.match_probability < 0.995
    # Every automatic link merged two persons that were apart; the merged-away persons are hidden.
    for merge in Merge.objects.select_related("absorbed"):
        assert merge.absorbed.merged_into_id == merge.survivor_id

    # Incremental: one more registration of an existing human being, by an organisation
    # that had not registered them yet, under a new person of its own.
    source = (
        IdentityRecord.objects.filter(person__merged_into__isnull=True, dob_precision="full")
        .exclude(Q(given_names="") | Q(family_name="") | Q(date_of_birth__isnull=True))
        .select_related("organisation")
        .order_by("pk")
        .first()
    )
    from ketenzicht.accounts.models import Organisation

    used = set(
        IdentityRecord.objects.filter(person=source.person).values_list("organisation", flat=True)
    )
    org = Organisation.objects.exclude(pk__in=used).order_by("pk").first()
    newcomer = IdentityRecord.objects.create(
        person=Person.objects.create(),
        organisation=org,
        given_names=source.given_names,
        family_name=source.family_name,
        search_name=search_key(source.given_names, source.family_name),
        date_of_birth=source.date_of_birth,
        sex=source.sex,
        nationality=source.nationality,
    )
    before = set(CandidateLink.objects.values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        incremental = services.start_run("incremental", ir)
    incremental.refresh_from_db()
    assert incremental.status == RunStatus.DONE, incremental.error
    assert incremental.model_from == full and incremental.counts["new_records"] == 1
    new = CandidateLink.objects.exclude(pk__in=before)
    assert new.exists()
    assert all(newcomer.pk in (c.left_record_id, c.right_record_id) for c in new)
    found = new.filter(Q(left_record=source) | Q(right_record=source)) | new.filter(
        Q(left_record__person=source.person) | Q(right_record__person=source.person)
    )
    assert (
        found.exists()
        or Person.objects.get(pk=newcomer.person_id).merged_into_id == source.person_id
    )
    assert LinkageRun.objects.filter(status=RunStatus.RUNNING).count() == 0
