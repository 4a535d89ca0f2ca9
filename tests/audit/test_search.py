"""Audit search, export and "who viewed this file": scope, filters, paging, times."""

import csv
import io
from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from ketenzicht.accounts.models import Unit
from ketenzicht.accounts.roles import OrganisationKind as O
from ketenzicht.accounts.roles import Role, UnitKind
from ketenzicht.audit import services as audit
from ketenzicht.audit.models import AuditEvent
from ketenzicht.people.models import Guardianship, Person
from tests.factories import UserFactory, organisation


class World:
    pass


@pytest.fixture
def w(db):
    w = World()
    coa, politie = organisation(O.COA), organisation(O.POLITIE)
    location = Unit.objects.create(organisation=coa, kind=UnitKind.LOCATION, name="BO Ter Apel")
    region = Unit.objects.create(organisation=politie, kind=UnitKind.REGION, name="Oost")
    w.admin = UserFactory(username="beheer_coa", role=Role.BEHEERDER)
    w.police_admin = UserFactory(username="beheer_pol", role=Role.BEHEERDER, organisation=politie)
    w.privacy = UserFactory(username="fg", role=Role.PRIVACY_OFFICER)
    w.mentor = UserFactory(username="mentor", role=Role.MENTOR, unit=location, first_name="Mo")
    w.avim = UserFactory(username="avim", role=Role.AVIM_RECHERCHEUR, unit=region)
    w.voogd = UserFactory(username="voogd", role=Role.VOOGD)
    w.p1, w.p2 = Person.objects.create(), Person.objects.create()
    Guardianship.objects.create(person=w.p2, voogd=w.voogd, started_on=timezone.localdate())
    w.ev_mentor = audit.record_read(actor=w.mentor, obj=w.p1, person_id=w.p1.pk)
    w.ev_avim = audit.record_read(actor=w.avim, obj=w.p1, person_id=w.p1.pk)
    w.ev_voogd = audit.record_read(actor=w.voogd, obj=w.p2, person_id=w.p2.pk)
    w.ev_failed = audit.record(
        actor=None, action="login_failed", object_kind="accounts.user", actor_label="=HYPERLINK()"
    )
    return w


def rows(client, **params):
    response = client.get(reverse("audit:search"), params)
    assert response.status_code == 200
    return [e.id for e in response.context["page"].rows]


def login(client, user):
    client.force_login(user)
    return client


def test_beheerder_sees_events_of_own_organisations_users_only(client, w):
    login(client, w.admin)
    assert rows(client) == [w.ev_mentor.id]
    login(client, w.police_admin)
    assert rows(client) == [w.ev_avim.id]


def test_privacy_officer_sees_all_events(client, w):
    login(client, w.privacy)
    ids = rows(client)
    assert ids == sorted(ids, reverse=True)
    assert {w.ev_mentor.id, w.ev_avim.id, w.ev_voogd.id, w.ev_failed.id} <= set(ids)


@pytest.mark.parametrize("role", [Role.MENTOR, Role.VOOGD, Role.BELEIDSANALIST])
def test_other_roles_may_not_search_or_export(client, w, role):
    login(client, UserFactory(role=role))
    assert client.get(reverse("audit:search")).status_code == 403
    assert client.get(reverse("audit:export")).status_code == 403


def test_filters(client, w):
    login(client, w.privacy)
    assert rows(client, actor="MENTOR") == [w.ev_mentor.id]
    assert rows(client, person=str(w.p2.pk)) == [w.ev_voogd.id]
    assert set(rows(client, person=w.p1.pseudonym.lower())) == {w.ev_mentor.id, w.ev_avim.id}
    assert rows(client, action="login_failed") == [w.ev_failed.id]
    assert rows(client, object_kind="accounts.user") == [w.ev_failed.id]
    today = timezone.localdate()
    assert w.ev_voogd.id in rows(client, date_from=today.isoformat(), date_to=today.isoformat())
    assert rows(client, date_from=(today + timedelta(days=1)).isoformat()) == []
    assert rows(client, date_to=(today - timedelta(days=1)).isoformat()) == []
    assert rows(client, person="P-BESTAATNIET") == []


def test_an_inverted_date_range_is_a_field_error(client, w):
    login(client, w.privacy)
    response = client.get(
        reverse("audit:search"), {"date_from": "2026-05-02", "date_to": "2026-05-01"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["date_to"]
    assert response.context["page"].rows == []


def test_every_search_is_itself_recorded(client, w):
    login(client, w.privacy)
    client.get(reverse("audit:search"), {"actor": "mentor"})
    event = AuditEvent.objects.latest("id")
    assert (event.action, event.actor_id) == ("search", w.privacy.pk)
    assert event.changes["after"] == {"filters": {"actor": "mentor"}, "rows": 1}


def test_keyset_pages_newest_first(client, w):
    for i in range(120):
        audit.record(actor=w.mentor, action="read", object_kind="people.person", object_id=str(i))
    login(client, w.admin)
    url = reverse("audit:search")
    first = client.get(url, {"action": "read"})
    page1 = [e.id for e in first.context["page"].rows]
    assert len(page1) == 50 and page1 == sorted(page1, reverse=True)
    assert first.context["links"]["newer"] == ""
    older = first.context["links"]["older"]
    assert older == f"?action=read&before={page1[-1]}"
    second = client.get(url + older)
    page2 = [e.id for e in second.context["page"].rows]
    assert page2[0] == page1[-1] - 1 and len(page2) == 50
    third = client.get(url + second.context["links"]["older"])
    page3 = [e.id for e in third.context["page"].rows]
    assert len(page3) == 21  # 120 + the mentor's read in the fixture
    assert third.context["links"]["older"] == ""
    back = client.get(url + third.context["links"]["newer"])
    assert [e.id for e in back.context["page"].rows] == page2


def test_search_page_query_count(client, w, django_assert_num_queries):
    """Twelve queries for a page of 50, whatever the number of events:
    1 session, 2 acting user, 3 the user's organisation (scope), 4 the page of
    events with actor joined and pseudonym as a subquery (no COUNT: keyset),
    5-9 recording the search (savepoint, lock head, insert event, update head,
    release), 10-12 the session saved again (savepoint, UPDATE, release)."""
    for i in range(80):
        audit.record(actor=w.mentor, action="read", object_kind="people.person", object_id=str(i))
    login(client, w.admin)
    with django_assert_num_queries(12) as captured:
        response = client.get(reverse("audit:search"))
    assert len(response.context["page"].rows) == 50
    sql = " ".join(q["sql"] for q in captured.captured_queries)
    assert "COUNT(" not in sql


def test_export_csv_in_scope_and_recorded(client, w):
    login(client, w.privacy)
    response = client.get(reverse("audit:export"), {"action": "login_failed"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="ketenzicht-audit-')
    body = b"".join(response.streaming_content).decode()
    table = list(csv.reader(io.StringIO(body)))
    assert table[0][:3] == ["id", "occurred_at", "actor_username"]
    assert len(table) == 2
    assert table[1][0] == str(w.ev_failed.id)
    assert table[1][2] == "'=HYPERLINK()"  # no spreadsheet formula
    event = AuditEvent.objects.latest("id")
    assert (event.action, event.object_kind) == ("export", "audit.auditevent")
    assert event.changes["after"] == {"rows": 1, "filters": {"action": "login_failed"}}


def test_export_rows_match_the_recorded_count(client, w):
    """The export's own event (and anything newer) is not in the file it describes."""
    login(client, w.privacy)
    response = client.get(reverse("audit:export"))
    body = b"".join(response.streaming_content).decode()
    exported = list(csv.reader(io.StringIO(body)))[1:]
    event = AuditEvent.objects.get(action="export")
    assert len(exported) == event.changes["after"]["rows"] == event.id - 1
    assert [int(r[0]) for r in exported] == list(range(1, event.id))


def test_person_log_query_count(client, w, django_assert_num_queries):
    """Fourteen queries, whatever the number of events: 1 session, 2 acting user,
    3 the person through the VIEW_LOG scope (one query with the ward subquery),
    4 the page of events with actors joined, 5 the viewer's organisation (copied
    into the audit event), 6-10 recording the read (savepoint, lock head, insert,
    update head, release), 11 the work-queue badge in the navigation (open and
    overdue deadlines of a voogd), 12-14 the session saved again."""
    for _ in range(70):
        audit.record_read(actor=w.mentor, obj=w.p2, person_id=w.p2.pk)
    login(client, w.voogd)
    with django_assert_num_queries(14):
        response = client.get(reverse("audit:person_log", args=[w.p2.pk]))
    assert len(response.context["page"].rows) == 50


def test_export_respects_the_beheerder_scope(client, w):
    login(client, w.admin)
    body = b"".join(client.get(reverse("audit:export")).streaming_content).decode()
    ids = [row[0] for row in list(csv.reader(io.StringIO(body)))[1:]]
    assert str(w.ev_mentor.id) in ids
    assert str(w.ev_avim.id) not in ids and str(w.ev_voogd.id) not in ids


def test_person_log_for_the_voogd_of_that_person(client, w):
    login(client, w.voogd)
    response = client.get(reverse("audit:person_log", args=[w.p2.pk]))
    assert response.status_code == 200
    assert [e.id for e in response.context["page"].rows] == [w.ev_voogd.id]
    # Looking at the log is itself recorded as a read about the person.
    event = AuditEvent.objects.latest("id")
    assert (event.action, event.person_id, event.actor_id) == ("read", w.p2.pk, w.voogd.pk)


@pytest.mark.parametrize("who", ["voogd", "mentor", "privacy", "admin"])
def test_person_log_of_a_person_out_of_reach_is_not_found(client, w, who):
    login(client, getattr(w, who))
    assert client.get(reverse("audit:person_log", args=[w.p1.pk])).status_code == 404
    assert client.get(reverse("audit:person_log", args=[999999])).status_code == 404


def test_person_log_shows_name_organisation_role_and_dutch_time(client, w):
    at = datetime(2026, 7, 1, 10, 0, tzinfo=UTC)  # 12:00 in Amsterdam (summer time)
    with mock.patch("ketenzicht.audit.services.timezone.now", return_value=at):
        audit.record_read(actor=w.mentor, obj=w.p2, person_id=w.p2.pk)
    login(client, w.voogd)
    html = client.get(reverse("audit:person_log", args=[w.p2.pk])).content.decode()
    assert "12:00:00" in html and "10:00:00" not in html
    assert "Mo " in html  # the actor's name
    assert "COA" in html
    assert "mentor" in html


def test_who_viewed_link_include(rf, w):
    from django.template.loader import render_to_string

    request = rf.get("/")
    request.user = w.voogd
    html = render_to_string("audit/_who_viewed_link.html", {"person": w.p2}, request=request)
    assert reverse("audit:person_log", args=[w.p2.pk]) in html
    request.user = w.mentor
    assert (
        render_to_string("audit/_who_viewed_link.html", {"person": w.p2}, request=request).strip()
        == ""
    )


@pytest.mark.parametrize(
    "params",
    [
        {"date_from": "gisteren"},
        {"before": "abc", "after": "-1"},
        {"person": "'; DROP TABLE audit_auditevent; --"},
        {"object_kind": "people.nonsense"},
        {"action": "hack"},
        {"actor": "x" * 500},
    ],
)
def test_garbage_filters_give_field_errors_not_failures(client, w, params):
    login(client, w.privacy)
    response = client.get(reverse("audit:search"), params)
    assert response.status_code == 200
    export = client.get(reverse("audit:export"), params)
    assert export.status_code in (200, 302)
    if export.status_code == 302:
        assert export.url.startswith(reverse("audit:search"))
    assert AuditEvent.objects.filter(action="export").count() == (
        1 if export.status_code == 200 else 0
    )
