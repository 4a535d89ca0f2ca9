"""The linkage pages: queue, pair, decision, merges and split, runs, evaluation."""

import re

import pytest
from django.utils import timezone

from ketenzicht.audit.models import AuditEvent
from ketenzicht.linkage.models import CandidateLink, LinkageRun, Merge, RunStatus
from ketenzicht.linkage.models import CandidateStatus as S
from ketenzicht.people.models import Person
from tests.linkage.conftest import candidate, record

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    client.get("/koppeling/beoordelen/")  # the nav counts of this minute
    return client


def more_pairs(chain, n):
    for i in range(n):
        one, other = Person.objects.create(), Person.objects.create()
        candidate(
            chain.run,
            record(one, "dtv", given_names=f"Bao {i}"),
            record(other, "kmar", given_names=f"Bao {i}"),
            match_probability=0.81 + i / 100,
        )


def test_queue_lists_pairs_highest_probability_first_in_fixed_queries(
    client, chain, django_assert_num_queries
):
    """9 queries, the same with 1 and with 13 pairs: session and user (2); the
    counts per queue status, one aggregate (1); the paginator's count (1); the page
    with both records, their organisations and persons (1); the user's unit in the
    header (1); saving the session: savepoint, update, release (3). The nav counts
    come from the session."""
    candidate(chain.run, chain.coa_record, chain.ind_record)
    login(client, chain.ir)
    with django_assert_num_queries(9):
        response = client.get("/koppeling/beoordelen/")
    assert response.status_code == 200
    more_pairs(chain, 12)
    with django_assert_num_queries(9):
        response = client.get("/koppeling/beoordelen/")
    body = response.content.decode()
    probabilities = [
        float(p.replace(",", ".")) for p in re.findall(r'class="probability">([\d,.]+)<', body)
    ]
    assert probabilities == sorted(probabilities, reverse=True) and len(probabilities) == 13
    assert "13 paren wachten op een besluit." in body


def test_queue_filters_by_status_and_sorts(client, chain):
    candidate(chain.run, chain.coa_record, chain.ind_record, status=S.UNSURE)
    more_pairs(chain, 3)
    login(client, chain.ir)
    body = client.get("/koppeling/beoordelen/?status=unsure").content.decode()
    assert body.count('href="/koppeling/paren/') == 1
    body = client.get("/koppeling/beoordelen/?sort=probability_asc").content.decode()
    probabilities = re.findall(r'class="probability">([\d,.]+)<', body)
    assert probabilities == sorted(probabilities)
    assert client.get("/koppeling/beoordelen/?status=bogus&sort=bogus").status_code == 200


def test_empty_queue_says_so(client, chain):
    body = login(client, chain.ir).get("/koppeling/beoordelen/").content.decode()
    assert "Geen paren te beoordelen." in body


def test_pair_page_shows_both_records_the_waterfall_and_records_the_reads(client, chain):
    pair = candidate(chain.run, chain.coa_record, chain.ind_record)
    login(client, chain.ir)
    body = client.get(f"/koppeling/paren/{pair.pk}/").content.decode()
    for text in ("COA-77", "1234567890", "Nguyễn", "01-01-2009 (plaatsvervanger)", "IND"):
        assert text in body
    # The waterfall: every weight as text, positive and negative bars, the total.
    assert "+8,10" in body and "-1,20" in body
    assert 'class="wf-bar pos' in body and 'class="wf-bar neg' in body
    assert 'class="wf-bar total' in body
    assert 'name="decision" value="same"' in body and 'value="different"' in body
    reads = AuditEvent.objects.filter(
        action="read", object_kind="linkage.candidatelink", object_id=str(pair.pk)
    )
    assert set(reads.values_list("person_id", flat=True)) == {chain.anh_coa.pk, chain.anh_ind.pk}


def test_the_prior_is_the_first_bar_when_the_weights_do_not_add_up(client, chain):
    pair = candidate(chain.run, chain.coa_record, chain.ind_record, match_weight=5.0)
    body = login(client, chain.ir).get(f"/koppeling/paren/{pair.pk}/").content.decode()
    assert "Startpunt (a-priorikans)" in body and "-7,90" in body


def test_confirming_merges_and_goes_to_the_next_pair(client, chain):
    pair = candidate(chain.run, chain.coa_record, chain.ind_record)
    more_pairs(chain, 1)
    nxt = CandidateLink.objects.exclude(pk=pair.pk).get()
    login(client, chain.ir)
    response = client.post(
        f"/koppeling/paren/{pair.pk}/besluit/", {"decision": "same", "note": "Zelfde foto"}
    )
    assert response.status_code == 302 and response["Location"] == f"/koppeling/paren/{nxt.pk}/"
    pair.refresh_from_db()
    assert pair.status == S.SAME and Merge.objects.get().candidate == pair
    body = client.get(f"/koppeling/paren/{pair.pk}/").content.decode()
    assert f"/koppeling/samenvoegingen/{Merge.objects.get().pk}/splitsen/" in body
    assert 'name="decision"' not in body


def test_a_refused_decision_shows_the_reason(client, chain):
    from ketenzicht.reception.models import Placement

    Placement.objects.create(
        person=chain.anh_coa, location=chain.bo, planned_arrival=timezone.now()
    )
    pair = candidate(chain.run, chain.coa_record, chain.ind_record)
    response = login(client, chain.ir).post(
        f"/koppeling/paren/{pair.pk}/besluit/", {"decision": "same"}
    )
    assert response.status_code == 400
    assert "Beide personen hebben een plaatsing" in response.content.decode()
    response = client.post(f"/koppeling/paren/{pair.pk}/besluit/", {"decision": "split"})
    assert response.status_code == 400


def test_split_asks_for_a_reason_and_confirms(client, chain):
    pair = candidate(chain.run, chain.coa_record, chain.ind_record)
    login(client, chain.ir).post(f"/koppeling/paren/{pair.pk}/besluit/", {"decision": "same"})
    merge = Merge.objects.get()
    body = client.get("/koppeling/samenvoegingen/").content.decode()
    assert (
        chain.anh_ind.pseudonym in body
        and f"/koppeling/samenvoegingen/{merge.pk}/splitsen/" in body
    )
    page = client.get(f"/koppeling/samenvoegingen/{merge.pk}/splitsen/").content.decode()
    assert "data-confirm=" in page and "Plaatsingen: 1" in page and "Vermoede vertrekken: 1" in page
    assert (
        client.post(f"/koppeling/samenvoegingen/{merge.pk}/splitsen/", {"reason": ""}).status_code
        == 400
    )
    response = client.post(
        f"/koppeling/samenvoegingen/{merge.pk}/splitsen/", {"reason": "Tweeling"}
    )
    assert response.status_code == 302
    merge.refresh_from_db()
    assert merge.split_reason == "Tweeling"
    body = client.get("/koppeling/samenvoegingen/?state=split").content.decode()
    assert "Tweeling" in body


@pytest.mark.parametrize("username", ["avim", "mentor", "voogd"])
def test_others_get_nothing(client, chain, username):
    pair = candidate(chain.run, chain.coa_record, chain.ind_record)
    client.force_login(getattr(chain, username))
    assert client.get("/koppeling/").status_code == 403
    assert client.get("/koppeling/beoordelen/").status_code == 403
    assert client.get(f"/koppeling/paren/{pair.pk}/").status_code == 404
    assert (
        client.post(f"/koppeling/paren/{pair.pk}/besluit/", {"decision": "same"}).status_code == 404
    )
    assert client.get("/koppeling/runs/").status_code == 403
    assert client.get("/koppeling/evaluatie/").status_code == 403
    assert client.get("/koppeling/samenvoegingen/").status_code == 403


def test_the_beheerder_starts_a_run_and_sees_its_progress(
    client, chain, django_capture_on_commit_callbacks
):
    client.force_login(chain.beheerder)
    assert client.get("/koppeling/")["Location"] == "/koppeling/runs/"
    assert client.get("/koppeling/beoordelen/").status_code == 403
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post("/koppeling/runs/", {"kind": "full"})
    assert response.status_code == 302
    run = LinkageRun.objects.get(started_by=chain.beheerder)
    body = client.get("/koppeling/runs/").content.decode()
    assert f'hx-get="/koppeling/runs/{run.pk}/voortgang/"' in body
    assert "Wacht op de verwerker" in body
    response = client.post("/koppeling/runs/", {"kind": "full"})
    assert response.status_code == 400 and "al een koppelrun" in response.content.decode()
    LinkageRun.objects.filter(pk=run.pk).update(
        status=RunStatus.RUNNING, progress=42, stage="train"
    )
    partial = client.get(f"/koppeling/runs/{run.pk}/voortgang/", HTTP_HX_REQUEST="true")
    text = partial.content.decode()
    assert 'value="42"' in text and "Model trainen" in text and "hx-get" in text
    LinkageRun.objects.filter(pk=run.pk).update(
        status=RunStatus.DONE, progress=100, counts={"proposed": 3, "auto_linked": 1}
    )
    text = client.get(f"/koppeling/runs/{run.pk}/voortgang/").content.decode()
    assert "hx-get" not in text and "3 nieuwe paren te beoordelen, 1 automatisch gekoppeld." in text
    assert "nieuwe paren te beoordelen" in client.get(f"/koppeling/runs/{run.pk}/").content.decode()


def test_evaluation_counts_decisions_per_band(client, chain):
    people = [Person.objects.create() for _ in range(8)]
    recs = [record(p, "dtv") for p in people]
    candidate(chain.run, recs[0], recs[1], match_probability=0.999, status=S.AUTO_LINKED)
    candidate(chain.run, recs[2], recs[3], match_probability=0.97, status=S.SAME)
    candidate(chain.run, recs[4], recs[5], match_probability=0.96, status=S.SPLIT)
    candidate(chain.run, recs[6], recs[7], match_probability=0.85, status=S.DIFFERENT)
    body = login(client, chain.ir).get("/koppeling/evaluatie/").content.decode()
    rows = re.findall(r"<tr>\s*<th scope=\"row\" class=\"probability\">(.*?)</tr>", body, re.S)
    assert len(rows) == 6
    cells = [re.findall(r"<td>(.*?)</td>", row) for row in rows]
    assert cells[0][-1] == "1"  # auto-linked, top band
    assert cells[2][:3] == ["1", "1", "50%"]  # 0.95–0.99: one same, one split
    assert cells[4][:3] == ["0", "1", "0%"]  # 0.80–0.90: one different


def test_nav_shows_linkage_to_ir_and_beheerder_only(client, chain):
    from django.urls import reverse

    for user, shown in ((chain.ir, True), (chain.beheerder, True), (chain.avim, False)):
        client.force_login(user)
        body = client.get(reverse("core:workspace")).content.decode()
        assert ('href="/koppeling/"' in body) is shown, user.username


def test_merge_list_has_a_fixed_number_of_queries(client, chain, django_assert_num_queries):
    """8 queries, the same with 1 and with 4 merges: session and user (2); the
    paginator's count (1); the page with both persons, who merged, who split and
    the pair (1); the user's unit in the header (1); saving the session:
    savepoint, update, release (3)."""
    from ketenzicht.linkage import services

    services.merge_persons(chain.anh_coa, chain.anh_ind, by=chain.ir)
    login(client, chain.ir)
    with django_assert_num_queries(8):
        assert client.get("/koppeling/samenvoegingen/").status_code == 200
    for _ in range(3):
        services.merge_persons(Person.objects.create(), Person.objects.create(), by=None)
    with django_assert_num_queries(8):
        body = client.get("/koppeling/samenvoegingen/").content.decode()
    assert body.count("/splitsen/") == 4 and "automatische koppeling" in body


def test_the_first_run_is_full_and_later_ones_incremental_by_default(client, chain):
    client.force_login(chain.ir)
    LinkageRun.objects.all().delete()
    body = client.get("/koppeling/runs/").content.decode()
    assert re.search(r'value="full"[^>]*checked', body)
    LinkageRun.objects.create(
        kind="full", status=RunStatus.DONE, model={"m": 1}, finished_at=timezone.now()
    )
    body = client.get("/koppeling/runs/").content.decode()
    assert re.search(r'value="incremental"[^>]*checked', body)


def test_organisations_are_not_marked_as_a_difference(client, chain):
    pair = candidate(chain.run, chain.coa_record, chain.ind_record)
    body = login(client, chain.ir).get(f"/koppeling/paren/{pair.pk}/").content.decode()
    organisation_row = re.search(r"<tr><th scope=\"row\">Organisatie(.*?)</tr>", body, re.S).group(
        1
    )
    assert "differs" not in organisation_row
    family_row = re.search(r"<tr><th scope=\"row\">Achternaam(.*?)</tr>", body, re.S).group(1)
    assert 'class="differs"' in family_row
