import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ketenzicht.reception.models import PresenceCheck

from .conftest import make_person, place

pytestmark = pytest.mark.django_db


def test_mentor_lands_on_own_board(client, site):
    place(make_person("Anh Nguyen"), site.bo)
    client.force_login(site.mentor)
    response = client.get("/opvang/mijn-bord/")
    assert response.status_code == 302 and response["Location"] == f"/opvang/locaties/{site.bo.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "Anh Nguyen" in page


def test_other_location_board_is_not_found(client, site):
    client.force_login(site.other_mentor)
    assert client.get(f"/opvang/locaties/{site.bo.pk}/").status_code == 404


def test_one_click_check_in_with_htmx_returns_the_row(client, site):
    from django.utils import timezone

    from ketenzicht.reception.reporting import AMSTERDAM

    # A reporting moment at the current hour is open whatever time the test runs.
    site.bo.reporting_times = timezone.now().astimezone(AMSTERDAM).strftime("%H:00")
    site.bo.save()
    placement = place(make_person("Anh Nguyen"), site.bo)
    client.force_login(site.mentor)
    page = client.get(f"/opvang/locaties/{site.bo.pk}/").content.decode()
    moments = re.findall(r'name="moment" value="([^"]+)"', page)
    assert len(moments) == 1
    response = client.post(
        f"/opvang/plaatsingen/{placement.pk}/aanwezig/",
        {"moment": moments[0]},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert f'id="row-{placement.pk}"' in response.content.decode()
    assert PresenceCheck.objects.filter(placement=placement).count() == 1


def test_board_query_count_does_not_grow_with_headcount(client, site):
    """Measured with 2 and with 12 persons at the location: the count must not change."""
    site.bo.capacity = 50
    site.bo.save()
    for i in range(2):
        place(make_person(f"Persoon {i}"), site.bo)
    client.force_login(site.mentor)
    client.get(f"/opvang/locaties/{site.bo.pk}/")
    with CaptureQueriesContext(connection) as small:
        client.get(f"/opvang/locaties/{site.bo.pk}/")
    for i in range(10):
        place(make_person(f"Extra {i}"), site.bo)
    with CaptureQueriesContext(connection) as large:
        page = client.get(f"/opvang/locaties/{site.bo.pk}/").content.decode()
    assert "Extra 9" in page
    assert len(large.captured_queries) == len(small.captured_queries)


def test_location_list_and_api(client, site):
    place(make_person(), site.bo)
    client.force_login(site.beheerder)
    page = client.get("/opvang/locaties/?sort=occupancy").content.decode()
    assert "BO Ter Apel" in page and "AMV Zeist" in page
    data = client.get("/api/v1/locations/").json()
    bo = next(r for r in data["results"] if r["name"] == "BO Ter Apel")
    assert bo["occupied"] == 1 and bo["capacity"] == 3
    response = client.get("/api/v1/placements/999999/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")


def test_over_capacity_form_asks_for_confirmation_and_keeps_input(client, site):
    for i in range(3):
        place(make_person(f"Persoon {i}"), site.bo)
    person = make_person("Tran Thi")
    person.v_number = "1234567890"
    person.save()
    client.force_login(site.manager)
    url = f"/opvang/locaties/{site.bo.pk}/aankomst/"
    response = client.post(url, {"identifier": "999", "planned_arrival": "2026-11-30T10:00"})
    assert "Er is geen persoon met dit nummer geregistreerd." in response.content.decode()
    data = {"identifier": "1234567890", "planned_arrival": "2026-11-30T10:00"}
    response = client.post(url, data)
    assert response.status_code == 400
    text = response.content.decode()
    assert "2026-11-30T10:00" in text and "confirm_over_capacity" in text
    response = client.post(url, {**data, "confirm_over_capacity": "on"})
    assert response.status_code == 302
    assert person.placements.get().arrived_at is None
    client.force_login(site.other_manager)
    assert client.get(url).status_code == 404


def test_catalogue_page_is_public_to_professionals(client, site):
    client.force_login(site.mentor)
    assert (
        "Contact met onbekende volwassenen"
        in client.get("/opvang/risicofactoren/").content.decode()
    )
