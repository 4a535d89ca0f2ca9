"""The departure pages: rendering, step forms with field errors, access, query counts."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ketenzicht.audit.models import AuditEvent
from ketenzicht.departures import services
from ketenzicht.departures.models import DepartureCase, DepartureStatus, TriggerProposal

from .conftest import make_person

pytestmark = pytest.mark.django_db


def _open(chain, person=None, hours_ago=1):
    return services.open_case(
        actor=chain.mentor,
        person=person or chain.person,
        detected_at=timezone.now() - timedelta(hours=hours_ago),
    )


def test_open_a_departure_from_the_person(client, chain):
    client.force_login(chain.mentor)
    listing = client.get("/vertrek/").content.decode()
    assert f'<option value="{chain.person.pk}">{chain.person.pseudonym} · Van Anh Nguyen' in listing
    response = client.get(f"/vertrek/openen/?person={chain.person.pk}")
    assert response["Location"] == f"/vertrek/openen/{chain.person.pk}/"
    assert client.get("/vertrek/openen/?person=x")["Location"] == "/vertrek/"
    url = f"/vertrek/openen/{chain.person.pk}/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"detected_at": "2999-01-01T10:00"})
    assert response.status_code == 400
    assert "errorlist" in response.content.decode()
    assert not DepartureCase.objects.exists()
    when = timezone.localtime() - timedelta(hours=2)
    response = client.post(url, {"detected_at": when.strftime("%Y-%m-%dT%H:%M")})
    case = DepartureCase.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/vertrek/{case.pk}/"


def test_open_for_an_invisible_person_is_not_found(client, chain):
    other, _pl = make_person(chain.amv)
    client.force_login(chain.mentor)
    assert client.get(f"/vertrek/openen/{other.pk}/").status_code == 404
    client.force_login(chain.dtv)  # DT&V may not open departures at all
    assert client.get(f"/vertrek/openen/{chain.person.pk}/").status_code == 403


def test_case_page_shows_checklist_and_next_steps_and_records_the_read(client, chain):
    case = _open(chain)
    client.force_login(chain.mentor)
    response = client.get(f"/vertrek/{case.pk}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="checklist"' in body
    assert f"/vertrek/{case.pk}/stap/report_to_police/" in body
    assert f"/vertrek/{case.pk}/stap/acknowledge/" not in body  # not the mentor's step
    assert AuditEvent.objects.filter(
        action="read", object_kind="departures.departurecase", person_id=chain.person.pk
    ).exists()
    client.force_login(chain.other_mentor)
    assert client.get(f"/vertrek/{case.pk}/").status_code == 404


def test_step_form_errors_stay_next_to_the_field_and_nothing_changes(client, chain):
    case = _open(chain)
    services.inform_guardian(actor=chain.mentor, case=case, expected_version=1)
    client.force_login(chain.voogd)
    url = f"/vertrek/{case.pk}/stap/classify/"
    response = client.post(
        url,
        {
            "classify-version": "2",
            "classify-classification": "known",
            "classify-evidence": "Spoke to him by phone",
        },
    )
    assert response.status_code == 400
    assert 'id="id_classify-known_destination_error"' in response.content.decode()
    case.refresh_from_db()
    assert case.classification == "" and case.version == 2


def test_a_stale_form_is_refused_with_a_clear_message(client, chain):
    case = _open(chain)
    client.force_login(chain.mentor)
    services.inform_guardian(actor=chain.manager, case=case, expected_version=1)
    response = client.post(
        f"/vertrek/{case.pk}/stap/report_to_police/",
        {
            "report_to_police-version": "1",
            "report_to_police-reported_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    case.refresh_from_db()
    assert case.status == DepartureStatus.OPEN


def test_unknown_step_and_invalid_step_are_not_500(client, chain):
    case = _open(chain)
    client.force_login(chain.avim)
    assert client.get(f"/vertrek/{case.pk}/stap/nonsense/").status_code == 404
    response = client.post(f"/vertrek/{case.pk}/stap/close/", {"close-version": "1"})
    assert response.status_code == 400


def test_case_list_filters_and_constant_queries(client, chain, django_assert_num_queries):
    """10 queries, measured with 1 and with 12 cases (the number does not grow):
    session and user (2); the list count and its rows, whose open/overdue step counts are
    subqueries of the same query (2); the persons for the "register a departure" picker
    and their identity records (2); the user's unit in the header (1); saving the session
    on every request: savepoint, update, release (3). The nav work-queue counts are one
    aggregate, kept in the session for a minute (0 here, 1 on the first page of a minute).
    Policy checks for links read the policy table, not the database."""
    client.force_login(chain.manager)
    _open(chain)
    with CaptureQueriesContext(connection) as first:
        assert client.get("/vertrek/").status_code == 200
    with CaptureQueriesContext(connection) as small:
        assert client.get("/vertrek/").status_code == 200
    for _ in range(11):
        person, _pl = make_person(chain.bo, voogd=chain.voogd)
        _open(chain, person=person, hours_ago=30)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get("/vertrek/")
    assert len(small.captured_queries) == 10
    assert len(first.captured_queries) == 11  # the nav counts, once a minute
    body = response.content.decode()
    assert body.count("/vertrek/") >= 12
    response = client.get("/vertrek/?overdue_only=on")
    assert response.status_code == 200
    assert response.content.decode().count('class="missed"') == 11


def test_case_page_query_count(client, chain, django_assert_num_queries):
    """16 queries, the same with 2 and with 4 steps taken: session and user (2); the case
    with person, location and voogd (1); its events with actors and organisations (1); the
    checklist deadlines with organisation and unit (1); may the user update it (1); the
    read in the audit trail: the actor's organisation, savepoint, chain head, insert, head
    update, release (6); the user's unit in the header (1); saving the session: savepoint,
    update, release (3). Nav counts come from the session (see the list test)."""
    case = _open(chain)
    services.report_to_police(actor=chain.mentor, case=case, expected_version=1)
    client.force_login(chain.avim)
    client.get("/vertrek/")  # the nav counts of this minute
    with django_assert_num_queries(16):
        assert client.get(f"/vertrek/{case.pk}/").status_code == 200
    services.acknowledge(actor=chain.avim, case=case, expected_version=2)
    services.inform_guardian(actor=chain.mentor, case=case, expected_version=3)
    with django_assert_num_queries(16):
        assert client.get(f"/vertrek/{case.pk}/").status_code == 200


def test_proposal_confirm_and_dismiss(client, chain):
    from ketenzicht.departures.services import propose_from_triggers

    person, placement = make_person(chain.bo, days=3)
    other, _ = make_person(chain.bo, days=3)
    assert propose_from_triggers() >= 2
    client.force_login(chain.mentor)
    assert client.get("/vertrek/voorstellen/").status_code == 200
    proposal = TriggerProposal.objects.get(person=person)
    response = client.post(f"/vertrek/voorstellen/{proposal.pk}/bevestigen/")
    case = DepartureCase.objects.get(person=person)
    assert response.status_code == 302 and response["Location"] == f"/vertrek/{case.pk}/"
    proposal.refresh_from_db()
    assert proposal.status == "confirmed" and proposal.case == case
    dismiss = TriggerProposal.objects.get(person=other)
    url = f"/vertrek/voorstellen/{dismiss.pk}/afwijzen/"
    assert client.post(url, {"note": ""}).status_code == 400
    assert client.post(url, {"note": "Was on a school trip"}).status_code == 302
    dismiss.refresh_from_db()
    assert dismiss.status == "dismissed"
    client.force_login(chain.other_mentor)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("path", ["/vertrek/begrippen/", "/vertrek/instellingen/"])
def test_glossary_and_settings_are_shown_to_every_professional(client, chain, path):
    client.force_login(chain.dtv)
    response = client.get(path)
    assert response.status_code == 200
    if "begrippen" in path:
        assert "MOB" in response.content.decode()
    else:
        assert "48" in response.content.decode()


def test_nav_shows_departures_and_work_queue_with_counts(client, chain):
    _open(chain, hours_ago=30)  # report and inform guardian are overdue
    client.force_login(chain.mentor)
    body = client.get("/vertrek/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'href="/vertrek/"' in body
    assert 'href="/werkvoorraad/"' in body
    assert "(2 open, 2 overdue)" in body or "(2 open, 2 te laat)" in body
    # Kept for a minute in the session; a new step shows after that minute.
    from ketenzicht.departures.navigation import SESSION_KEY

    session = client.session
    assert session[SESSION_KEY]["open"] == 2
    session[SESSION_KEY]["at"] -= 61
    session.save()
    case = DepartureCase.objects.get()
    services.report_to_police(actor=chain.mentor, case=case, expected_version=1)
    body = client.get("/vertrek/").content.decode()
    assert "(1 open, 1 overdue)" in body or "(1 open, 1 te laat)" in body
    # On the work queue page itself the counts are live.
    services.inform_guardian(actor=chain.mentor, case=case, expected_version=2)
    body = client.get("/werkvoorraad/").content.decode()
    assert "Werkvoorraad</a>" in body or "Work queue</a>" in body  # nothing open any more
