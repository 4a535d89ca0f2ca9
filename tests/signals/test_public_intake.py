import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ketenzicht.audit.models import AuditEvent
from ketenzicht.deadlines.models import Deadline
from ketenzicht.signals.models import Signal

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
