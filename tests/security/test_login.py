"""Login, logout, failed logins, lockout (django-axes) and password hashing."""

from django.contrib.auth.hashers import identify_hasher, make_password
from django.test import override_settings
from django.urls import reverse

from ketenzicht.accounts import services
from ketenzicht.audit.models import AuditEvent
from ketenzicht.settings import base

from .conftest import PASSWORD

LOGIN = "/account/inloggen/"


def test_the_login_url_is_the_accounts_login():
    assert reverse("accounts:login") == LOGIN


def test_login_and_logout_are_recorded(client, orgs):
    response = client.post(LOGIN, {"username": "mentor", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(orgs.mentor.pk)
    login = AuditEvent.objects.latest("id")
    assert (login.action, login.actor_id, login.organisation, login.role) == (
        "login",
        orgs.mentor.pk,
        "coa",
        "mentor",
    )
    assert client.get(reverse("accounts:logout")).status_code == 405  # POST only
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302 and response.url == LOGIN
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.latest("id").action == "logout"


def test_a_failed_login_is_recorded_without_an_actor(client, orgs):
    response = client.post(LOGIN, {"username": "mentor", "password": "wrong password"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    event = AuditEvent.objects.latest("id")
    assert (event.action, event.actor_id, event.actor_label) == ("login_failed", None, "mentor")
    # The account's organisation is noted, so its administrator sees the attempt.
    assert event.organisation == "coa"
    client.force_login(orgs.admin)
    response = client.get(reverse("audit:search"), {"action": "login_failed"})
    assert [e.id for e in response.context["page"].rows] == [event.id]
    client.force_login(orgs.police_admin)
    response = client.get(reverse("audit:search"), {"action": "login_failed"})
    assert response.context["page"].rows == []


def test_a_failed_login_for_an_unknown_name_has_no_organisation(client, orgs):
    client.post(LOGIN, {"username": "bestaat-niet", "password": "wrong password"})
    event = AuditEvent.objects.latest("id")
    assert (event.action, event.organisation, event.actor_label) == (
        "login_failed",
        "",
        "bestaat-niet",
    )


def test_login_never_redirects_off_site(client, orgs):
    response = client.post(
        LOGIN + "?next=https://evil.example/",
        {"username": "mentor", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response.status_code == 302
    assert not response.url.startswith("https://evil.example")


def test_five_failures_lock_the_account_until_unlocked(client, orgs):
    for _ in range(5):
        client.post(LOGIN, {"username": "mentor", "password": "wrong password"})
    response = client.post(LOGIN, {"username": "mentor", "password": PASSWORD})
    assert response.status_code == 429
    assert "accounts/locked_out.html" in [t.name for t in response.templates]
    assert "Account tijdelijk geblokkeerd" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # The administrator unlocks; the correct password works again.
    services.unlock_user(actor=orgs.admin, user=orgs.mentor)
    response = client.post(LOGIN, {"username": "mentor", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(orgs.mentor.pk)


def test_four_failures_do_not_lock(client, orgs):
    for _ in range(4):
        client.post(LOGIN, {"username": "mentor", "password": "wrong password"})
    assert client.post(LOGIN, {"username": "mentor", "password": PASSWORD}).status_code == 302


def test_lockout_settings():
    assert (base.AXES_FAILURE_LIMIT, base.AXES_COOLOFF_TIME) == (5, 0.5)
    assert base.AXES_LOCKOUT_TEMPLATE == "accounts/locked_out.html"
    assert base.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"


def test_argon2_is_the_first_hasher():
    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    with override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS):
        encoded = make_password("Zeer-lang wachtwoord 2026")
        assert encoded.startswith("argon2$")
        assert identify_hasher(encoded).algorithm == "argon2"


def test_production_settings_keep_argon2_and_two_factor():
    import subprocess
    import sys

    code = (
        "import django.conf as c; from ketenzicht.settings import production as p; "
        "print(p.PASSWORD_HASHERS[0], p.KETENZICHT_REQUIRE_2FA, p.SESSION_COOKIE_SECURE)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=_production_env(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert out == ["django.contrib.auth.hashers.Argon2PasswordHasher", "True", "True"]


def _production_env() -> dict:
    import os
    import secrets

    env = dict(os.environ)
    env.update(
        {
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "ketenzicht.example.nl",
            "DATABASE_URL": "postgres://ketenzicht@db.example.nl:5432/ketenzicht",
            "REDIS_URL": "redis://redis.example.nl:6379/0",
            "DJANGO_SETTINGS_MODULE": "ketenzicht.settings.production",
        }
    )
    return env
