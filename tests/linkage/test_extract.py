"""The registry as a linkage extract: one row per identity record of a person not merged away."""

import pytest

from ketenzicht.linkage.extract import chain_records

pytestmark = pytest.mark.django_db


def test_a_record_without_v_number_carries_its_persons(chain):
    assert chain.ind_record.v_number == ""
    rows = {r["record_id"]: r for r in chain_records().to_pylist()}
    assert rows[str(chain.ind_record.pk)]["v_number"] is None

    # The IND person got its own V-nummer: different from COA's, which is evidence.
    chain.anh_ind.v_number = "9876543210"
    chain.anh_ind.save(update_fields=["v_number"])
    rows = {r["record_id"]: r for r in chain_records().to_pylist()}
    coa, ind = rows[str(chain.coa_record.pk)], rows[str(chain.ind_record.pk)]
    assert (coa["source"], coa["v_number"]) == ("coa", "1234567890")
    assert (ind["source"], ind["v_number"]) == ("ind", "9876543210")
