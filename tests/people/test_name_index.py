"""The name search's token index (ADR 0011): kept in step by the services, rebuildable,
and only ever read through the access policy."""

import io
from collections import Counter
from datetime import date

import pytest
from django.core.management import call_command

from ketenzicht.accounts.roles import OrganisationKind as O
from ketenzicht.accounts.roles import Role
from ketenzicht.people import name_index, selectors, services
from ketenzicht.people.models import IdentityRecord, NameToken, NameTokenVocabulary
from ketenzicht.people.names import search_key
from ketenzicht.people.selectors import parse_dob_query, search_persons
from tests.factories import UserFactory
from tests.people.conftest import add_record, place, register

pytestmark = pytest.mark.django_db


def _postings(**source) -> set[tuple[str, int]]:
    return set(NameToken.objects.filter(**source).values_list("token", "person_id"))


def _vocabulary() -> dict[str, int]:
    return dict(NameTokenVocabulary.objects.values_list("token", "frequency"))


def _expected_index() -> tuple[set, Counter]:
    """The index as it follows from every record's and alias's search_name."""
    postings, counts = set(), Counter()
    for model, column in ((IdentityRecord, "identity_record_id"), (services.Alias, "alias_id")):
        for pk, person_id, key in model.objects.values_list("id", "person_id", "search_name"):
            for token in key.split():
                postings.add((token, person_id, column, pk))
                counts[token] += 1
    return postings, counts


def _actual_index() -> set:
    rows = NameToken.objects.values_list("token", "person_id", "identity_record_id", "alias_id")
    return {(t, p, "identity_record_id", r) if r else (t, p, "alias_id", a) for t, p, r, a in rows}


@pytest.fixture
def anh(chain):
    return register(chain.ind, family_name="NGUYEN", given_names="Anh Van", v_number="1234567890")


def test_registering_indexes_the_records_folded_tokens(chain, anh):
    record = anh.identity_records.get()
    assert _postings(identity_record_id=record.pk) == {
        ("anh", anh.pk),
        ("nguian", anh.pk),
        ("van", anh.pk),
    }
    assert _vocabulary() == {"anh": 1, "nguian": 1, "van": 1}


def test_a_second_record_and_an_alias_add_postings_and_frequencies(chain, anh):
    place(anh, chain.location)  # in the I&R officer's region
    services.add_identity_record(
        actor=chain.ir,
        person=anh,
        identity=services.IdentityData(
            family_name="Nguyễn", given_names="Văn Anh", dob_precision="unknown"
        ),
    )
    alias = services.add_alias(actor=chain.ind, person=anh, name="Lily Nguyen")
    assert _postings(alias_id=alias.pk) == {("lili", anh.pk), ("nguian", anh.pk)}
    assert _vocabulary() == {"anh": 2, "nguian": 3, "van": 2, "lili": 1}


def test_changing_a_name_replaces_its_postings(chain, anh):
    record = anh.identity_records.get()
    services.update_identity_record(
        actor=chain.ind,
        record=record,
        identity=services.IdentityData(
            family_name="Tran", given_names="Anh", date_of_birth=date(2009, 5, 14)
        ),
    )
    assert _postings(identity_record_id=record.pk) == {("anh", anh.pk), ("tran", anh.pk)}
    # Tokens that lost their last posting stay in the vocabulary (at zero): a
    # vocabulary token without postings costs an empty lookup, a posting
    # without its vocabulary token would be unfindable.
    assert _vocabulary() == {"anh": 1, "nguian": 0, "van": 0, "tran": 1}
    assert selectors.search_persons(chain.ind, q="nguyen").rows == []
    assert [r.person for r in search_persons(chain.ind, q="tran anh").rows] == [anh]


def test_postings_copy_the_records_date_of_birth_and_nationality(chain, anh):
    record = anh.identity_records.get()
    assert set(NameToken.objects.values_list("date_of_birth", "nationality")) == {
        (date(2009, 5, 14), "")
    }
    services.update_identity_record(
        actor=chain.ind,
        record=record,
        identity=services.IdentityData(
            family_name="NGUYEN",
            given_names="Anh Van",
            date_of_birth=date(2010, 3, 1),
            nationality="ERI",
        ),
    )
    assert set(NameToken.objects.values_list("date_of_birth", "nationality")) == {
        (date(2010, 3, 1), "ERI")
    }
    assert _vocabulary() == {"anh": 1, "nguian": 1, "van": 1}  # same tokens, counted once
    found = search_persons(chain.ind, q="nguyen", dob=parse_dob_query("2010"), nationality="ERI")
    assert [r.person for r in found.rows] == [anh]
    assert search_persons(chain.ind, q="nguyen", dob=parse_dob_query("2009")).rows == []


def test_an_unchanged_name_writes_no_postings(chain, anh, django_assert_num_queries):
    record = anh.identity_records.get()
    with django_assert_num_queries(1):  # reads the postings, finds them current
        name_index.index_record(record)
    assert _vocabulary() == {"anh": 1, "nguian": 1, "van": 1}


def test_a_failed_update_leaves_the_index_alone(chain, anh):
    record = anh.identity_records.get()
    register(chain.ind, family_name="Other", org_number="IND-1")
    with pytest.raises(services.ValidationError):
        services.update_identity_record(
            actor=chain.ind,
            record=record,
            identity=services.IdentityData(
                family_name="Tran", date_of_birth=date(2009, 5, 14), org_number="IND-1"
            ),
        )
    assert _postings(identity_record_id=record.pk) == {
        ("anh", anh.pk),
        ("nguian", anh.pk),
        ("van", anh.pk),
    }


def test_merge_and_split_take_the_postings_along(chain, anh):
    """A linkage merge re-points the absorbed person's records and aliases to the
    survivor (generically, not through the people services); a database trigger
    moves their postings with them, and back on a split. Postings are no person
    relation of their own, so the merge's move ledger does not list them."""
    from ketenzicht.linkage import services as linkage

    twin = register(chain.ind, family_name="Nguyen", given_names="Lily", org_number="IND-2")
    alias = services.add_alias(actor=chain.ind, person=twin, name="Lily Pham")
    merge = linkage.merge_persons(anh, twin, by=chain.ir)
    assert not merge.moves.filter(model="people.nametoken").exists()
    assert set(NameToken.objects.values_list("person_id", flat=True)) == {anh.pk}
    assert [r.person for r in search_persons(chain.ind, q="lily pham").rows] == [anh]
    assert [r.person for r in search_persons(chain.ind, q="nguyen lily").rows] == [anh]

    linkage.split_merge(merge, by=chain.ir, reason="two people after all")
    assert _postings(alias_id=alias.pk) == {("lili", twin.pk), ("fam", twin.pk)}
    assert [r.person for r in search_persons(chain.ind, q="lily pham").rows] == [twin]
    assert [r.person for r in search_persons(chain.ind, q="nguyen").rows] == [twin, anh]
    assert _actual_index() == _expected_index()[0]


def test_rebuild_reproduces_what_the_services_maintain(chain, anh):
    services.add_alias(actor=chain.ind, person=anh, name="Lily Nguyen")
    other = register(chain.ind, family_name="Tesfaye", given_names="Semhar")
    services.update_identity_record(
        actor=chain.ind,
        record=other.identity_records.get(),
        identity=services.IdentityData(
            family_name="Tesfay", given_names="Semhar Filmon", date_of_birth=date(2009, 5, 14)
        ),
    )
    maintained, vocabulary = _actual_index(), _vocabulary()
    expected, counts = _expected_index()
    assert maintained == expected
    assert {t: n for t, n in vocabulary.items() if n} == dict(counts)
    NameToken.objects.all().delete()
    NameTokenVocabulary.objects.all().delete()
    call_command("rebuild_name_tokens", stdout=io.StringIO())
    assert _actual_index() == expected
    assert _vocabulary() == dict(counts)


def test_records_loaded_outside_the_services_are_found_after_a_rebuild(chain):
    person = services.Person.objects.create()
    IdentityRecord.objects.create(
        person=person,
        organisation=chain.ind.organisation,
        family_name="Okafor",
        search_name=search_key("Okafor"),
    )
    assert search_persons(chain.ind, q="okafor").rows == []
    name_index.rebuild()
    assert [r.person for r in search_persons(chain.ind, q="okafor").rows] == [person]


def test_tokens_of_two_records_do_not_combine(chain, anh):
    # The index keeps each organisation's name as one unit, like the alias case.
    add_record(anh, O.COA, given_names="Lily", family_name="Pham")
    assert search_persons(chain.ind, q="lily nguyen").rows == []
    assert [r.person for r in search_persons(chain.ind, q="lily pham").rows] == [anh]


# --- reading the index ----------------------------------------------------------------


@pytest.mark.parametrize("q", ["Ngyuen Van Anh", "Nguyen Vna Anh", "NGUYEN Anh Vam"])
def test_one_typo_is_tolerated_on_every_database(chain, anh, q):
    register(chain.ind, family_name="Tran", given_names="Thi Lan")
    result = search_persons(chain.ind, q=q)
    assert [r.person for r in result.rows] == [anh]
    assert result.fuzzy


def test_an_unknown_name_is_not_corrected_into_something_else(chain, anh):
    assert search_persons(chain.ind, q="Okonkwo").rows == []
    assert search_persons(chain.ind, q="Xq").rows == []  # too short to correct


def test_a_prefix_with_many_tokens_reads_a_range(chain, anh, monkeypatch):
    monkeypatch.setattr(selectors, "IN_LIST_MAX", 1)
    nguyet = register(chain.ind, family_name="Nguyet", given_names="Anhthu")
    assert [r.person for r in search_persons(chain.ind, q="ngu anh").rows] == [nguyet, anh]


@pytest.mark.parametrize(
    ("prefix", "end"),
    [("ngu", "ngv"), ("a9", "aa"), ("az", "b"), ("abz", "ac"), ("zz", None), ("1", "2")],
)
def test_prefix_end(prefix, end):
    assert selectors._prefix_end(prefix) == end


def test_analysts_find_nobody_through_the_index(chain, anh):
    analyst = UserFactory(username="apm", role=Role.BELEIDSANALIST)
    assert search_persons(analyst, q="nguyen").rows == []
    assert search_persons(chain.kmar, q="nguyen").rows == []  # KMar did not record anh


def test_strict_name_search_query_count(chain, anh, django_assert_num_queries):
    """7: vocabulary, ranked ids, page persons and four prefetches (see search_persons)."""
    with django_assert_num_queries(7):
        assert len(search_persons(chain.ind, q="anh nguyen").rows) == 1


def test_unknown_token_skips_the_strict_search(chain, anh, django_assert_num_queries):
    """8: strict vocabulary (a token nobody has: no ids query), typo vocabulary,
    ids of the corrected name, then the page persons and four prefetches."""
    with django_assert_num_queries(8):
        assert len(search_persons(chain.ind, q="Ngyuen Van Anh").rows) == 1


def test_known_tokens_in_no_single_name_query_count(chain, anh, django_assert_num_queries):
    """4, nobody found: strict vocabulary and ids (every token exists, no name has
    them together), typo vocabulary and the ids of the corrected tokens."""
    register(chain.ind, family_name="Tran", given_names="Lan")
    with django_assert_num_queries(4):
        assert search_persons(chain.ind, q="Tran Anh Van").rows == []
