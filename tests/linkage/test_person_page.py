"""The person page after a merge: provenance on the survivor, a redirect from the
absorbed person's address, and merges and splits on the timeline."""

import pytest

from ketenzicht.linkage import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def merged(chain):
    return services.merge_persons(chain.anh_coa, chain.anh_ind, by=chain.ir)


def test_the_absorbed_address_redirects_to_the_survivor(client, chain, merged):
    client.force_login(chain.voogd)  # the voogd of the survivor
    response = client.get(f"/personen/{chain.anh_ind.pk}/", follow=True)
    assert response.redirect_chain == [(f"/personen/{chain.anh_coa.pk}/", 302)]
    body = response.content.decode()
    assert (
        f"Deze persoon is samengevoegd met {chain.anh_coa.pseudonym}; "
        "u ziet het samengevoegde dossier."
    ) in body


def test_no_redirect_for_someone_who_may_not_see_the_survivor(client, chain, merged):
    client.force_login(chain.mentor)
    assert client.get(f"/personen/{chain.anh_ind.pk}/").status_code == 404
    assert client.get("/personen/999999/").status_code == 404


def test_the_survivor_shows_where_its_records_came_from(client, chain, merged):
    client.force_login(chain.voogd)
    body = client.get(f"/personen/{chain.anh_coa.pk}/").content.decode()
    assert "Samengevoegd dossier" in body
    assert f"Samengevoegd met {chain.anh_ind.pseudonym} op " in body and " door ir " in body
    assert "samengevoegd uit" in body  # the records row: which record came with the merge
    assert f"{chain.anh_ind.pseudonym}, " in body
    # Both organisations' records are in the merged view.
    assert "Nguyễn" in body and "COA-77" in body


def test_timeline_has_merge_and_split(client, chain, merged):
    services.split_merge(merged, by=chain.ir, reason="Tweeling")
    client.force_login(chain.voogd)
    body = client.get(f"/personen/{chain.anh_coa.pk}/").content.decode()
    assert f"Samengevoegd met {chain.anh_ind.pseudonym}" in body
    assert f"Samenvoeging met {chain.anh_ind.pseudonym} gesplitst" in body
    assert "Samengevoegd dossier" not in body  # split: no longer a merged file
