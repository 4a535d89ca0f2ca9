import re

import pytest
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ketenzicht.audit.models import AuditEvent
from ketenzicht.audit.verify import verify_chain
from ketenzicht.deadlines.models import Deadline
from ketenzicht.signals import views_public
from ketenzicht.signals.models import Category, Signal

pytestmark = pytest.mark.django_db

MARITIME = {
    "item_types": ["inflatable_boat", "outboard_motor"],
    "quantities": "2 boten, 1 motor 40 pk",
    "payment_method": "cash",
    "vehicle_plate": "Bestelbus 12-ABC-3",
    "buyer_description": "Twee mannen, spraken Engels",
    "stated_destination": "Duinkerken",
    "occurred_on": "2026-11-20",
    "place": "Vlissingen",
    "description": "Contant betaald, wilden geen bon.",
    "passphrase": "zeilboot-in-de-mist",
    "website": "",
}


def _file_receipt(client, data=MARITIME, **files):
    response = client.post("/melden/maritiem/", {**data, **files})
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(response["Location"])
    return re.search(r"<code>([0-9A-Z-]{19})</code>", page.content.decode()).group(1)


def test_boat_dealer_reports_anonymously_and_follows_up(client, chain):
    code = _file_receipt(client)
    signal = Signal.objects.get()
    assert signal.channel == "maritime" and signal.sector == "maritime"
    assert signal.receiving_organisation.kind == "kmar"
    assert signal.details["item_types"] == ["inflatable_boat", "outboard_motor"]
    # No receipt code, IP address or browser data stored in clear anywhere.
    assert code.replace("-", "") not in str(Signal.objects.values().get())
    event = AuditEvent.objects.get(object_kind="signals.signal")
    assert event.actor_label == "public" and "127.0.0.1" not in str(event.changes)
    # A triage deadline of 24 hours for KMar.
    deadline = Deadline.objects.get(kind="signal_triage")
    assert deadline.organisation.kind == "kmar"
    assert (deadline.due_at - signal.received_at).total_seconds() == 24 * 3600

    # The code is shown once only.
    assert client.get("/melden/ontvangen/").status_code == 302

    response = client.post(
        "/melden/status/", {"code": code.lower(), "passphrase": MARITIME["passphrase"]}
    )
    assert response.status_code == 302
    page = client.get("/melden/aanvullen/")
    text = page.content.decode()
    assert "Ontvangen, nog niet in behandeling" in text
    # Nothing internal leaks to the public side.
    assert signal.reference not in text and "KMar" not in text

    client.post("/melden/aanvullen/", {"text": "Ze kwamen terug voor benzine."})
    assert signal.public_additions.get().text == "Ze kwamen terug voor benzine."


def test_wrong_passphrase_and_guessing_are_rate_limited(client, chain):
    code = _file_receipt(client)
    for _ in range(10):
        response = client.post(
            "/melden/status/", {"code": code, "passphrase": "verkeerd-wachtwoord"}
        )
        assert response.status_code == 400
    # Even the right passphrase is refused once the address is over the limit.
    response = client.post("/melden/status/", {"code": code, "passphrase": MARITIME["passphrase"]})
    assert response.status_code == 400
    assert "Te veel pogingen" in response.content.decode()


def test_failed_submission_keeps_what_was_typed(client, chain):
    data = {**MARITIME, "occurred_on": "2999-01-01"}
    response = client.post("/melden/maritiem/", data)
    assert response.status_code == 400
    text = response.content.decode()
    assert "Deze datum ligt in de toekomst." in text
    assert "Twee mannen, spraken Engels" in text and "Duinkerken" in text
    assert 'value="zeilboot-in-de-mist"' in text
    assert Signal.objects.count() == 0


def test_honeypot_refuses_bots_without_saving(client, chain):
    response = client.post("/melden/maritiem/", {**MARITIME, "website": "http://spam"})
    assert response.status_code == 400
    assert Signal.objects.count() == 0


def test_disguised_attachment_is_refused_with_a_reason(client, chain):
    fake_pdf = SimpleUploadedFile("factuur.pdf", b"MZ\x90\x00\x03binary", "application/pdf")
    response = client.post("/melden/maritiem/", {**MARITIME, "files": fake_pdf})
    assert response.status_code == 400
    assert "factuur.pdf" in response.content.decode()
    assert Signal.objects.count() == 0
    text_as_pdf = SimpleUploadedFile("notitie.pdf", b"gewone tekst", "application/pdf")
    response = client.post("/melden/maritiem/", {**MARITIME, "files": text_as_pdf})
    assert response.status_code == 400


def test_real_pdf_attachment_is_stored_outside_the_web_root(client, chain, settings):
    pdf = SimpleUploadedFile("bon.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n", "application/pdf")
    _file_receipt(client, files=pdf)
    attachment = Signal.objects.get().attachments.get()
    assert attachment.content_type == "application/pdf"
    assert str(settings.MEDIA_ROOT) in attachment.file.path
    assert not attachment.file.name.endswith("bon.pdf")


def test_submissions_per_address_are_limited(client, chain):
    for _ in range(10):
        _file_receipt(client)
    response = client.post("/melden/maritiem/", MARITIME)
    assert response.status_code == 400
    assert Signal.objects.count() == 10


def test_public_pages_work_in_english(client, chain):
    client.cookies["django_language"] = "en"
    response = client.get("/melden/maritiem/")
    assert "Report a suspicious purchase" in response.content.decode()


def _token(page) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)


def test_public_form_page_queries(chain, django_assert_num_queries):
    """The maritime form page runs no query at all: no session is read or written
    (CSRF has its own cookie) and its fields are rendered once per language. The
    general form runs one: its category choices, which also key the rendered fields
    (two on the first visit, which renders them)."""
    views_public._EMPTY_FIELDS.clear()  # as in a freshly started worker
    client = Client(enforce_csrf_checks=True)
    for general_queries in (2, 1):
        with django_assert_num_queries(0):
            assert client.get("/melden/maritiem/").status_code == 200
        with django_assert_num_queries(general_queries):
            assert client.get("/melden/algemeen/").status_code == 200


def test_public_submit_queries(chain, django_assert_num_queries):
    """A maritime report POST (with its CSRF token) runs 14 statements: 2 reads
    before the transaction (the category with its parent; the receiving
    organisation); the transaction (here a savepoint in the test's transaction,
    in production BEGIN and COMMIT: 2); the signal (a savepoint around the next
    reference and the INSERT: 4); the triage deadline (savepoint, INSERT, release:
    3); the audit trail, both events in one append (SELECT the chain head, one
    INSERT, UPDATE the head: 3). No session is read or written. Measured on the
    second report: the first ever also creates the chain head."""
    client = Client(enforce_csrf_checks=True)
    for expected in (None, 14):
        token = _token(client.get("/melden/maritiem/"))
        data = {**MARITIME, "csrfmiddlewaretoken": token}
        if expected is None:
            response = client.post("/melden/maritiem/", data)
        else:
            with django_assert_num_queries(expected):
                response = client.post("/melden/maritiem/", data)
        assert response.status_code == 302
    assert AuditEvent.objects.count() == 4 and verify_chain().ok


def test_receipt_code_travels_in_a_short_lived_cookie_not_the_session(client, chain):
    response = client.post("/melden/maritiem/", MARITIME)
    cookie = response.cookies["melden_ontvangst"]
    assert cookie["path"] == "/melden/ontvangen/" and cookie["httponly"]
    assert cookie["samesite"] == "Strict" and int(cookie["max-age"]) <= 15 * 60
    page = client.get(response["Location"])
    code = re.search(r"<code>([0-9A-Z-]{19})</code>", page.content.decode()).group(1)
    assert page.cookies["melden_ontvangst"].value == ""  # deleted with the page
    # Reporting created no session, so the code was never in the database.
    assert not Session.objects.exists()
    assert code.replace("-", "") not in str(list(Signal.objects.values()))
    # A forged or tampered cookie shows nothing.
    client.cookies["melden_ontvangst"] = "ABCD-EFGH-JKMN-PQRS"
    assert client.get("/melden/ontvangen/").status_code == 302


def test_empty_form_is_rendered_like_before_and_keeps_the_honeypot(client, chain):
    first = client.get("/melden/maritiem/").content.decode()
    second = client.get("/melden/maritiem/").content.decode()
    for text in (first, second):
        assert 'name="item_types"' in text and 'name="passphrase"' in text
        assert 'id="id_website" tabindex="-1"' in text
    # Only the CSRF tokens (masked per request) differ.
    assert _strip_tokens(first) == _strip_tokens(second)
    client.cookies["django_language"] = "en"
    assert "What was bought?" in client.get("/melden/maritiem/").content.decode()


def test_a_new_category_shows_on_the_general_form_at_once(client, chain):
    assert "Nieuwe categorie" not in client.get("/melden/algemeen/").content.decode()
    Category.objects.create(code="new-test", label_nl="Nieuwe categorie", label_en="New category")
    assert "Nieuwe categorie" in client.get("/melden/algemeen/").content.decode()


def _strip_tokens(text: str) -> str:
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)
    return re.sub(r'"X-CSRFToken": "[^"]+"', "", text)
