from datetime import date

import pytest

from ketenzicht.accounts.roles import OrganisationKind as O
from ketenzicht.people import services
from ketenzicht.people.age import Minor, Rule
from ketenzicht.people.models import EurodacHit
from ketenzicht.people.selectors import person_page
from tests.factories import organisation
from tests.people.conftest import place, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(chain):
    p = register(
        chain.ind, family_name="Okafor", given_names="Blessing", date_of_birth=date(2009, 3, 3)
    )
    place(p, chain.location)
    services.add_document(
        actor=chain.ind, person=p, document_type="passport", number="A1", issuing_country="NGA"
    )
    EurodacHit.objects.create(
        person=p,
        organisation=organisation(O.IND),
        member_state="ITA",
        hit_date=date(2024, 6, 1),
        category=2,
        registered_as="adult",
    )
    return p


def test_redacted_sections_are_not_loaded_for_the_mentor(chain, person, django_assert_num_queries):
    """Mentor: 9 queries. Person, records, aliases, asylum, inspections,
    investigations, guardianships, placement, and the adult-Eurodac fact (the
    mentor may not see the hits themselves). Documents, Eurodac hits and foreign
    references are redacted, and a mentor may not see the audit log: no query."""
    with django_assert_num_queries(9):
        page = person_page(chain.mentor, person.pk)
    assert page.documents is page.eurodac_hits is page.foreign_references is None
    assert set(page.hidden_sections) == {"documents", "eurodac_hits", "foreign_references"}


def test_ind_sees_identity_detail(chain, person, django_assert_num_queries):
    """IND: 11 queries, the three identity-detail sections included; the
    adult-Eurodac fact comes from the loaded hits, and IND may not see the
    audit log (no query for that check)."""
    with django_assert_num_queries(11):
        page = person_page(chain.ind, person.pk)
    assert [d.number for d in page.documents] == ["A1"]
    assert [h.member_state for h in page.eurodac_hits] == ["ITA"]
    assert page.hidden_sections == []


def test_age_status_uses_eurodac_even_when_the_role_may_not_see_it(chain, person):
    services.record_age_inspection(
        actor=chain.ind,
        person=person,
        data=services.InspectionData(
            inspected_on=date(2025, 1, 1),
            ind_officer=chain.ind,
            avim_officer=chain.avim,
            outcome="doubt",
        ),
    )
    for user in (chain.mentor, chain.ind):
        status = person_page(user, person.pk).age_status
        assert (status.minor, status.rule) == (Minor.NO, Rule.INSPECTION_DOUBT_EURODAC_ADULT)
    assert not person.age_investigations.exists()  # settled by Eurodac, no investigation


def test_timeline_has_the_registry_events(chain, person):
    from ketenzicht.people.timeline import people_events

    page = person_page(chain.ind, person.pk)
    kinds = {e.kind for e in people_events(chain.ind, page.person)}
    assert {"people.identity_record", "people.document", "people.eurodac_hit"} <= kinds
    mentor_page = person_page(chain.mentor, person.pk)
    mentor_kinds = {e.kind for e in people_events(chain.mentor, mentor_page.person)}
    assert "people.document" not in mentor_kinds and "people.eurodac_hit" not in mentor_kinds


def test_the_registry_timeline_provider_is_registered():
    from ketenzicht.core import timeline
    from ketenzicht.people.timeline import people_events

    assert people_events in timeline._PROVIDERS


def test_rows_of_visible_persons_still_follow_the_grant(chain, person):
    from ketenzicht.people.models import IdentityDocument
    from ketenzicht.people.selectors import of_visible_persons

    docs = IdentityDocument.objects.filter(person=person)
    assert of_visible_persons(chain.ind, docs).count() == 1
    assert of_visible_persons(chain.mentor, docs).count() == 0  # no grant for documents
    chain.ind.is_active = False
    assert of_visible_persons(chain.ind, docs).count() == 0
