"""Friendly error pages (Dutch by default, English when chosen) and API problem details."""

import json

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

PROBLEM = "application/problem+json"


def problem(response) -> dict:
    assert response["Content-Type"] == PROBLEM
    return json.loads(response.content)


def test_unknown_api_url_is_a_problem_document(client, db):
    response = client.get("/api/v1/bestaat-niet/")
    assert response.status_code == 404
    body = problem(response)
    assert body["status"] == 404 and body["title"] and body["instance"] == "/api/v1/bestaat-niet/"


def test_unauthenticated_api_call_is_a_problem_document(client, db):
    response = client.get("/api/v1/persons/")
    assert response.status_code in (401, 403)
    body = problem(response)
    assert body["status"] == response.status_code
    assert body["type"] == "about:blank" and body["title"]


def test_api_object_out_of_reach_is_a_problem_404(client, orgs):
    client.force_login(orgs.mentor)
    response = client.get("/api/v1/persons/999999/")
    assert response.status_code == 404
    assert problem(response)["status"] == 404


def test_404_page_in_dutch_by_default(client, db):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="nl">' in html
    assert "Pagina niet gevonden" in html


def test_404_page_in_english_when_asked(db):
    response = Client(HTTP_ACCEPT_LANGUAGE="en").get("/bestaat-niet/")
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Page not found" in html


def test_language_switch_cookie_gives_english(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    html = client.get("/bestaat-niet/").content.decode()
    assert '<html lang="en">' in html and "Page not found" in html


def test_403_page_in_dutch_and_english(client, orgs):
    client.force_login(orgs.mentor)
    response = client.get(reverse("accounts:user_list"))
    assert response.status_code == 403
    assert "Geen toegang" in response.content.decode()
    english = Client(HTTP_ACCEPT_LANGUAGE="en")
    english.force_login(orgs.mentor)
    response = english.get(reverse("accounts:user_list"))
    assert response.status_code == 403
    assert "No access" in response.content.decode()


@override_settings(ROOT_URLCONF="tests.security.urls_boom")
@pytest.mark.parametrize("language", ["nl", "en"])
def test_500_page_is_friendly_and_bilingual(db, language):
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE=language)
    response = client.get("/kapot/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Er ging iets mis" in html and "Something went wrong" in html
    assert "RuntimeError" not in html and "Traceback" not in html
    assert response["Content-Security-Policy"]


@override_settings(ROOT_URLCONF="tests.security.urls_boom")
def test_api_500_is_a_problem_document(db):
    response = Client(raise_request_exception=False).get("/api/v1/kapot/")
    assert response.status_code == 500
    assert problem(response)["status"] == 500
