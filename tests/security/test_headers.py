"""Security headers on every response; no inline script or style; request ids in the audit."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from ketenzicht.audit import services as audit
from ketenzicht.audit.models import AuditEvent
from ketenzicht.core.middleware import CONTENT_SECURITY_POLICY
from ketenzicht.people.models import Guardianship, Person
from tests.factories import UserFactory

from .conftest import PASSWORD


class InlineFinder(HTMLParser):
    """Collects what a strict CSP would block: inline scripts, style attributes and tags,
    event-handler attributes and javascript: URLs."""

    def __init__(self):
        super().__init__()
        self.problems: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            if not attrs.get("src"):
                self.problems.append("inline <script>")
            self._in_script = True
        if tag == "style":
            self.problems.append("<style> element")
        if "style" in attrs:
            self.problems.append(f"style= on <{tag}>")
        for name, value in attrs.items():
            if name.startswith("on"):
                self.problems.append(f"{name}= on <{tag}>")
            if name in ("href", "src", "action") and (value or "").lower().startswith(
                "javascript:"
            ):
                self.problems.append(f"javascript: URL on <{tag}>")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.problems.append("inline script content")


def inline_problems(html: str) -> list[str]:
    finder = InlineFinder()
    finder.feed(html)
    return finder.problems


@pytest.fixture
def pages(orgs):
    """Logged-in pages of this issue, with the user who may open them."""
    person = Person.objects.create()
    voogd = UserFactory(role="voogd")
    Guardianship.objects.create(person=person, voogd=voogd, started_on="2026-01-01")
    audit.record_read(actor=voogd, obj=person, person_id=person.pk)
    privacy = UserFactory(role="privacy_officer")
    return [
        (orgs.mentor, "/werkruimte/"),
        (orgs.admin, reverse("accounts:user_list")),
        (orgs.admin, reverse("accounts:user_create")),
        (orgs.admin, reverse("accounts:user_edit", args=[orgs.mentor.pk])),
        (orgs.admin, reverse("accounts:unit_list")),
        (orgs.admin, reverse("accounts:unit_create")),
        (orgs.admin, reverse("accounts:unit_edit", args=[orgs.location.pk])),
        (privacy, reverse("audit:search")),
        (voogd, reverse("audit:person_log", args=[person.pk])),
        (orgs.mentor, reverse("accounts:two_factor_setup")),
    ]


def check_csp(response) -> None:
    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_csp_and_no_inline_code_on_the_login_and_error_pages(client, db):
    for url, status in [(reverse("accounts:login"), 200), ("/bestaat-niet/", 404)]:
        response = client.get(url)
        assert response.status_code == status
        check_csp(response)
        html = response.content.decode()
        assert inline_problems(html) == [], url
        assert re.search(r'<script src="/static/ketenzicht/htmx\.min\.js"', html)


def test_csp_and_no_inline_code_on_every_page_of_this_issue(client, pages):
    for user, url in pages:
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, url
        check_csp(response)
        assert inline_problems(response.content.decode()) == [], url


def test_the_finder_finds_what_csp_would_block():
    html = (
        '<p style="color:red">x</p><script>alert(1)</script>'
        '<a href="javascript:x()" onclick="y()">z</a><style>p{}</style>'
    )
    assert len(inline_problems(html)) == 6


def test_csp_on_json_and_problem_responses(client, db):
    response = client.get("/api/v1/bestaat-niet/")
    check_csp(response)


def test_every_response_has_a_request_id(client, db):
    first = client.get(reverse("accounts:login"))
    second = client.get(reverse("accounts:login"))
    assert re.fullmatch(r"[0-9a-f]{32}", first["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_a_sane_incoming_request_id_is_kept_and_a_bad_one_replaced(client, db):
    kept = client.get(reverse("accounts:login"), HTTP_X_REQUEST_ID="proxy-1234abcd")
    assert kept["X-Request-ID"] == "proxy-1234abcd"
    replaced = client.get(reverse("accounts:login"), HTTP_X_REQUEST_ID="<script>")
    assert re.fullmatch(r"[0-9a-f]{32}", replaced["X-Request-ID"])


def test_the_audit_event_carries_the_request_id_of_its_request(client, orgs):
    response = client.post(reverse("accounts:login"), {"username": "mentor", "password": PASSWORD})
    event = AuditEvent.objects.latest("id")
    assert event.action == "login"
    assert event.request_id == response["X-Request-ID"]
    client.force_login(orgs.admin)
    response = client.post(
        reverse("accounts:user_deactivate", args=[orgs.mentor.pk]),
        HTTP_X_REQUEST_ID="deactivate-0001",
    )
    event = AuditEvent.objects.latest("id")
    assert event.changes["after"] == {"is_active": False}
    assert event.request_id == response["X-Request-ID"] == "deactivate-0001"
