import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from ketenzicht.accounts.roles import OrganisationKind as O
from ketenzicht.audit.models import AuditEvent
from ketenzicht.core import timeline
from ketenzicht.people import services
from ketenzicht.people.models import EurodacHit, IdentityRecord, Person
from ketenzicht.people.timeline import people_events
from tests.factories import organisation
from tests.people.conftest import add_record, place, register, ward

pytestmark = pytest.mark.django_db


def _without_tokens(response) -> str:
    # The CSRF token differs per response; everything else must be identical.
    return re.sub(r'(X-CSRFToken": "|value=")[^"]+"', "", response.content.decode())


def _client(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def anh(chain):
    person = register(chain.ind, family_name="NGUYEN", given_names="Anh Van", v_number="1234567890")
    place(person, chain.location)
    return person


def test_search_page_lists_and_finds(client, chain, anh):
    response = _client(client, chain.ir).get(reverse("people:search"), {"q": "Nguyen Van Anh"})
    assert response.status_code == 200
    assert "NGUYEN" in response.content.decode()
    assert reverse("people:detail", args=[anh.pk]) in response.content.decode()


def test_search_with_htmx_returns_only_the_results(client, chain, anh):
    response = _client(client, chain.ir).get(
        reverse("people:search"), {"q": "nguyen"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="results"')
    assert "<html" not in body


def test_search_empty_state_and_field_error(client, chain, anh):
    c = _client(client, chain.ir)
    body = c.get(reverse("people:search"), {"q": "Zzyzx"}).content.decode()
    assert "No persons found." in body or "Geen personen gevonden." in body
    response = c.get(reverse("people:search"), {"dob": "31-02-2009"})
    assert response.status_code == 200
    assert 'class="field field-error"' in response.content.decode()


def test_search_is_forbidden_for_roles_without_person_access(client, chain):
    assert _client(client, chain.ovj).get(reverse("people:search")).status_code == 403


def test_detail_records_a_read_with_person_id(client, chain, anh):
    response = _client(client, chain.mentor).get(reverse("people:detail", args=[anh.pk]))
    assert response.status_code == 200
    event = AuditEvent.objects.filter(action="read").get()
    assert (event.person_id, event.object_kind, event.actor_id) == (
        anh.pk,
        "people.person",
        chain.mentor.pk,
    )


@pytest.mark.parametrize("username", ["other_mentor", "voogd", "kmar", "other_avim", "dtv", "ovj"])
def test_forbidden_person_looks_exactly_like_a_missing_one(client, chain, anh, username):
    c = _client(client, getattr(chain, username))
    forbidden = c.get(reverse("people:detail", args=[anh.pk]))
    missing = c.get(reverse("people:detail", args=[10**9]))
    assert forbidden.status_code == missing.status_code == 404
    assert _without_tokens(forbidden) == _without_tokens(missing)
    assert not AuditEvent.objects.filter(action="read").exists()


def test_mentor_sees_persons_at_own_location_only(client, chain, anh):
    elsewhere = register(chain.ind, family_name="Elsewhere")
    place(elsewhere, chain.other_location)
    c = _client(client, chain.mentor)
    assert c.get(reverse("people:detail", args=[anh.pk])).status_code == 200
    assert c.get(reverse("people:detail", args=[elsewhere.pk])).status_code == 404


def test_voogd_sees_own_wards_on_the_wards_page(client, chain, anh):
    other = register(chain.ind, family_name="Haile", given_names="Tesfaye")
    ward(anh, chain.voogd)
    ward(other, chain.other_voogd)
    c = _client(client, chain.voogd)
    body = c.get(reverse("people:wards")).content.decode()
    assert "NGUYEN" in body and "Haile" not in body
    assert c.get(reverse("people:detail", args=[anh.pk])).status_code == 200
    assert c.get(reverse("people:detail", args=[other.pk])).status_code == 404


def test_wards_are_sortable(client, chain):
    a = register(chain.ind, family_name="Abebe", date_of_birth=date(2010, 1, 1))
    b = register(chain.ind, family_name="Bui", date_of_birth=date(2008, 1, 1))
    ward(a, chain.voogd)
    ward(b, chain.voogd)
    c = _client(client, chain.voogd)
    by_name = c.get(reverse("people:wards"), {"sort": "name"}).content.decode()
    by_dob = c.get(reverse("people:wards"), {"sort": "dob"}).content.decode()
    assert by_name.index("Abebe") < by_name.index("Bui")
    assert by_dob.index("Bui") < by_dob.index("Abebe")
    assert c.get(reverse("people:wards"), {"sort": "nonsense"}).status_code == 200


def _identity_detail(person, chain):
    services.add_document(
        actor=chain.ind,
        person=person,
        document_type="passport",
        number="C777",
        issuing_country="VNM",
    )
    EurodacHit.objects.create(
        person=person,
        organisation=organisation(O.IND),
        member_state="DEU",
        hit_date=date(2024, 2, 2),
        category=1,
        registered_as="adult",
    )


def test_mentor_does_not_get_identity_detail_sections(client, chain, anh):
    _identity_detail(anh, chain)
    mentor_body = _client(client, chain.mentor).get(reverse("people:detail", args=[anh.pk]))
    assert "C777" not in mentor_body.content.decode()
    client.logout()
    ind_body = _client(client, chain.ind).get(reverse("people:detail", args=[anh.pk]))
    assert "C777" in ind_body.content.decode()


def test_detail_shows_each_organisations_record_and_the_age_status(client, chain, anh):
    add_record(
        anh,
        O.COA,
        family_name="Nguyen",
        given_names="Van Anh",
        date_of_birth=date(2009, 1, 1),
        dob_is_placeholder=True,
    )
    body = _client(client, chain.mentor).get(reverse("people:detail", args=[anh.pk])).content
    body = body.decode()
    assert "IND" in body and "COA" in body
    assert "01-01-2009" in body  # the placeholder is shown as such
    assert "ja" in body or "yes" in body


def test_audit_log_link_only_for_roles_that_may_see_it(client, chain, anh, monkeypatch):
    from ketenzicht.people import views

    monkeypatch.setattr(views, "reverse", _fake_reverse(views.reverse))
    ward(anh, chain.voogd)
    voogd_body = _client(client, chain.voogd).get(reverse("people:detail", args=[anh.pk]))
    assert "/audit/persons/" in voogd_body.content.decode()
    client.logout()
    mentor_body = _client(client, chain.mentor).get(reverse("people:detail", args=[anh.pk]))
    assert "/audit/persons/" not in mentor_body.content.decode()


def _fake_reverse(real):
    def fake(name, *args, **kwargs):
        if name == "audit:person_log":
            return f"/audit/persons/{kwargs.get('args', args[0] if args else [''])[0]}/"
        return real(name, *args, **kwargs)

    return fake


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_person_page_query_count_is_fixed(client, chain, anh, monkeypatch):
    """The person page costs exactly 18 queries more than the bare search page.

    Both pages share the request, the layout and the session save (whatever
    the base template needs: session, user, header unit, navigation counts).
    The search page without criteria adds 1 (the location choices); the person
    page adds 19 on top of the shared part:
    - 12 for `selectors.person_page`: person, identity records, aliases, asylum
      applications, age inspections, age investigations, guardianships, open
      placement, documents, Eurodac hits, foreign references, and whether the
      user may see "who viewed this file". The timeline reuses them (0).
    - 6 for the read audit: the actor's organisation, savepoint, lock the chain
      head, insert the event, move the head, release.
    - 1 for the merge provenance (`linkage.selectors.provenance_for`: persons
      merged into this one; a second query, which records came with them, only
      for a merged file).
    So 19 - 1 = 18, and it stays 18 when the file grows. Only this app's
    timeline provider is active, so other apps' providers do not count here.
    """
    monkeypatch.setattr(timeline, "_PROVIDERS", [people_events])
    _identity_detail(anh, chain)
    c = _client(client, chain.ir)
    detail = reverse("people:detail", args=[anh.pk])
    c.get(detail)  # the first request creates the session
    base = _queries(c, reverse("people:search"))
    assert _queries(c, detail) == base + 18
    for i in range(4):
        services.add_alias(actor=chain.ind, person=anh, name=f"Alias {i}")
        _identity_detail(anh, chain)
    add_record(anh, O.DTV, family_name="Nguyen")
    add_record(anh, O.COA, family_name="Nguyen")
    services.record_asylum_application(actor=chain.ind, person=anh, applied_on=date(2025, 1, 1))
    ward(anh, chain.voogd)
    assert _queries(c, detail) == base + 18
    assert c.get(detail).content.decode().count("Alias ") >= 4


def test_search_page_query_count_is_fixed(client, chain):
    """A search page of results costs exactly 7 queries more than the bare search
    page: `selectors.search_persons` (the name tokens in the vocabulary, ranked
    ids, page persons, identity records, open placements, inspections,
    investigations), whatever the number of hits."""
    c = _client(client, chain.ir)
    for i in range(3):
        place(register(chain.ind, family_name=f"Nguyen {i}"), chain.location)
    c.get(reverse("people:search"))
    base = _queries(c, reverse("people:search"))
    url = reverse("people:search") + "?q=nguyen"
    assert _queries(c, url) == base + 7
    for i in range(10):
        place(register(chain.ind, family_name=f"Nguyen x{i}"), chain.location)
    assert _queries(c, url) == base + 7


def test_register_page_with_inspection(client, chain):
    c = _client(client, chain.ir)
    assert c.get(reverse("people:register")).status_code == 200
    response = c.post(
        reverse("people:register"),
        {
            "family_name": "Nguyen",
            "given_names": "Van Anh",
            "date_of_birth": "2009",
            "sex": "m",
            "nationality": "VNM",
            "v_number": "9876543210",
            "with_inspection": "on",
            "inspection-inspected_on": timezone.localdate().isoformat(),
            "inspection-ind_officer": chain.ind.pk,
            "inspection-avim_officer": chain.ir.pk,
            "inspection-outcome": "doubt",
            "inspection-on_arrival_without_asylum": "on",
        },
    )
    person = Person.objects.get(v_number="9876543210")
    assert response.status_code == 302
    assert response["Location"] == reverse("people:detail", args=[person.pk])
    record = person.identity_records.get()
    assert (record.date_of_birth, record.dob_precision) == (date(2009, 1, 1), "year")
    assert person.age_inspections.get().on_arrival_without_asylum
    assert person.age_investigations.count() == 1


def test_register_page_errors_next_to_fields_and_nothing_saved(client, chain):
    register(chain.ir, v_number="9876543210")
    before = (Person.objects.count(), IdentityRecord.objects.count())
    response = _client(client, chain.ir).post(
        reverse("people:register"),
        {
            "family_name": "Nguyen",
            "date_of_birth": "2099-01-01",
            "sex": "m",
            "nationality": "",
            "v_number": "9876543210",
            "with_inspection": "on",
            "inspection-inspected_on": timezone.localdate().isoformat(),
            "inspection-ind_officer": chain.ind.pk,
            "inspection-avim_officer": chain.ir.pk,
            "inspection-outcome": "minor",
        },
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["date_of_birth"] == [str(services.DOB_IN_FUTURE)]
    assert form.errors["v_number"] == [str(services.DUPLICATE_V_NUMBER)]
    assert (Person.objects.count(), IdentityRecord.objects.count()) == before


def test_register_is_forbidden_for_mentor(client, chain):
    assert _client(client, chain.mentor).get(reverse("people:register")).status_code == 403


def test_edit_own_record_only(client, chain, anh):
    ind_record = anh.identity_records.get()
    police = add_record(anh, O.POLITIE, family_name="X", recorded_by=chain.avim)
    c = _client(client, chain.avim)
    assert c.get(reverse("people:edit_identity_record", args=[ind_record.pk])).status_code == 404
    response = c.post(
        reverse("people:edit_identity_record", args=[police.pk]),
        {"family_name": "Nguyễn", "given_names": "Văn Anh", "date_of_birth": "", "sex": "u"},
    )
    assert response.status_code == 302
    police.refresh_from_db()
    assert (police.family_name, police.search_name) == ("Nguyễn", " anh nguian van ")
    assert police.dob_precision == "unknown"


@pytest.mark.parametrize(
    ("url_name", "data", "user"),
    [
        ("people:add_alias", {"name": "Lily"}, "avim"),
        (
            "people:add_eurodac_hit",
            {
                "member_state": "DEU",
                "hit_date": "2024-01-01",
                "category": "2",
                "registered_as": "minor",
            },
            "ind",
        ),
        ("people:add_asylum_application", {"applied_on": "2025-01-02", "status": "pending"}, "ind"),
        ("people:add_foreign_reference", {"partner": "SIS", "reference": "R-1"}, "ind"),
        (
            "people:add_document",
            {
                "document_type": "passport",
                "number": "1",
                "issuing_country": "VNM",
                "authenticity": "genuine",
            },
            "ind",
        ),
        ("people:start_age_investigation", {"started_on": "2025-01-02"}, "ind"),
    ],
)
def test_small_forms(client, chain, anh, url_name, data, user):
    c = _client(client, getattr(chain, user))
    url = reverse(url_name, args=[anh.pk])
    assert c.get(url).status_code == 200
    response = c.post(url, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else ""


def test_small_form_error_is_shown_at_the_field(client, chain, anh):
    response = _client(client, chain.ind).post(
        reverse("people:add_asylum_application", args=[anh.pk]),
        {"applied_on": "2999-01-01", "status": "pending"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["applied_on"] == [str(services.DATE_IN_FUTURE)]


def test_small_form_forbidden_kind_is_403_invisible_person_404(client, chain, anh):
    c = _client(client, chain.mentor)
    assert c.get(reverse("people:add_document", args=[anh.pk])).status_code == 403
    client.logout()
    c = _client(client, chain.other_mentor)
    assert c.get(reverse("people:add_alias", args=[anh.pk])).status_code == 404


def test_voogd_assignment_and_end_through_the_pages(client, chain, anh):
    c = _client(client, chain.ind)
    response = c.post(
        reverse("people:assign_guardian", args=[anh.pk]),
        {"voogd": chain.voogd.pk, "started_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302
    g = anh.guardianships.get()
    client.logout()
    c = _client(client, chain.voogd)
    response = c.post(
        reverse("people:end_guardianship", args=[g.pk]),
        {"ended_on": timezone.localdate().isoformat(), "end_reason": "18 geworden"},
    )
    assert response.status_code == 302


def test_search_landing_without_criteria_queries_no_persons(
    client, chain, anh, django_assert_max_num_queries
):
    c = _client(client, chain.ir)
    c.get(reverse("people:search"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = c.get(reverse("people:search"))
    assert response.status_code == 200
    assert not any("people_person" in q["sql"] for q in ctx.captured_queries)
    assert reverse("people:detail", args=[anh.pk]) not in response.content.decode()


def test_photo_is_served_only_to_those_who_see_the_record(client, chain, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    png = b"\x89PNG\r\n\x1a\n" + b"0" * 20
    person = register(chain.ind, photo=SimpleUploadedFile("p.png", png, "image/png"))
    record = person.identity_records.get()
    response = _client(client, chain.ind).get(reverse("people:photo", args=[record.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == png
    assert response["Cache-Control"] == "private, no-store"
    assert AuditEvent.objects.filter(action="read", person_id=person.pk).exists()
    client.logout()
    assert (
        _client(client, chain.dtv).get(reverse("people:photo", args=[record.pk])).status_code == 404
    )
