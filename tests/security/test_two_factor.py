"""Two-factor login (TOTP) when required: enrolment, verification, no way around it."""

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from ketenzicht.audit.models import AuditEvent

from .conftest import PASSWORD


@pytest.fixture(autouse=True)
def require_2fa(settings):
    settings.KETENZICHT_REQUIRE_2FA = True
    # django-otp slows down guessing (1 s, doubling, after each wrong code); the
    # tests that try a wrong code first would otherwise have to wait.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def code(device: TOTPDevice) -> str:
    """The code an authenticator app shows now, computed from the device's key."""
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{value:0{device.digits}d}"


def log_in(client, username: str) -> None:
    response = client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302


def test_a_new_user_is_sent_to_setup_and_can_confirm_with_a_real_code(client, orgs):
    log_in(client, "mentor")
    response = client.get("/werkruimte/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:two_factor"))
    assert client.get(response.url).url == reverse("accounts:two_factor_setup")

    setup = client.get(reverse("accounts:two_factor_setup"))
    assert setup.status_code == 200
    device = TOTPDevice.objects.get(user=orgs.mentor, confirmed=False)
    assert "<svg" in setup.content.decode()

    wrong = client.post(reverse("accounts:two_factor_setup"), {"token": "000000"})
    assert wrong.context["form"].errors["token"]
    response = client.post(reverse("accounts:two_factor_setup"), {"token": code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/werkruimte/").status_code == 200
    event = AuditEvent.objects.latest("id")
    assert event.changes == {"before": {"two_factor": False}, "after": {"two_factor": True}}


def test_wrong_codes_are_throttled(client, orgs, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 1
    device = TOTPDevice.objects.create(user=orgs.mentor, name="phone", confirmed=True)
    log_in(client, "mentor")
    client.post(reverse("accounts:two_factor"), {"token": "123456"})
    # Right after a wrong code even the right one is refused.
    response = client.post(reverse("accounts:two_factor"), {"token": code(device)})
    assert response.status_code == 200
    assert client.get("/werkruimte/").status_code == 302


def test_a_user_with_a_device_verifies_at_every_login(client, orgs):
    device = TOTPDevice.objects.create(user=orgs.mentor, name="phone", confirmed=True)
    log_in(client, "mentor")
    assert client.get("/werkruimte/").status_code == 302
    page = client.get(reverse("accounts:two_factor") + "?next=/werkruimte/")
    assert page.status_code == 200
    bad = client.post(reverse("accounts:two_factor"), {"token": "123456", "next": "/werkruimte/"})
    assert bad.context["form"].errors["token"]
    failed = AuditEvent.objects.latest("id")
    assert (failed.action, failed.actor_id, failed.changes) == (
        "login_failed",
        orgs.mentor.pk,
        {"after": {"step": "two_factor"}},
    )
    ok = client.post(
        reverse("accounts:two_factor"), {"token": code(device), "next": "/werkruimte/"}
    )
    assert ok.status_code == 302 and ok.url == "/werkruimte/"
    assert client.get("/werkruimte/").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/account/beheer/gebruikers/",
        "/account/beheer/eenheden/",
        "/audit/",
    ],
)
def test_unverified_sessions_reach_no_work_pages(client, orgs, url):
    log_in(client, "beheer_coa")
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:two_factor"))


def test_the_login_and_two_factor_pages_stay_open(client, orgs):
    log_in(client, "mentor")
    assert client.get(reverse("accounts:two_factor_setup")).status_code == 200
    assert client.post(reverse("accounts:logout")).status_code == 302


def test_an_administrator_reset_sends_the_user_back_to_setup(client, orgs):
    from ketenzicht.accounts import services

    TOTPDevice.objects.create(user=orgs.mentor, name="phone", confirmed=True)
    services.reset_two_factor(actor=orgs.admin, user=orgs.mentor)
    log_in(client, "mentor")
    response = client.get(reverse("accounts:two_factor"))
    assert response.url == reverse("accounts:two_factor_setup")


def test_a_second_authenticator_cannot_be_enrolled_with_the_password_alone(client, orgs):
    TOTPDevice.objects.create(user=orgs.mentor, name="phone", confirmed=True)
    log_in(client, "mentor")
    response = client.get(reverse("accounts:two_factor_setup"))
    assert response.status_code == 302 and response.url == reverse("accounts:two_factor")
    response = client.post(reverse("accounts:two_factor_setup"), {"token": "123456"})
    assert response.status_code == 302 and response.url == reverse("accounts:two_factor")
    assert TOTPDevice.objects.filter(user=orgs.mentor).count() == 1
    assert client.get("/werkruimte/").status_code == 302


def test_unverified_api_calls_get_a_problem_document(client, orgs):
    log_in(client, "avim")
    response = client.get("/api/v1/persons/")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["title"] == "Two-factor verification required"
