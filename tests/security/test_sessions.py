"""Idle session timeout: 30 minutes, renewed by every request; expired means log in again."""

from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from ketenzicht.settings import base


def test_idle_timeout_settings():
    assert base.SESSION_COOKIE_AGE == 30 * 60
    assert base.SESSION_SAVE_EVERY_REQUEST is True
    assert base.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert base.SESSION_COOKIE_HTTPONLY is True
    assert settings.SESSION_COOKIE_AGE == base.SESSION_COOKIE_AGE


def test_every_request_renews_the_session(client, orgs):
    client.force_login(orgs.mentor)
    key = client.session.session_key
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() + timedelta(minutes=1)
    )
    assert client.get("/werkruimte/").status_code == 200
    renewed = Session.objects.get(session_key=key).expire_date
    assert renewed > timezone.now() + timedelta(minutes=29)


def test_an_expired_session_redirects_to_login(client, orgs):
    client.force_login(orgs.mentor)
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    response = client.get("/werkruimte/")
    assert response.status_code == 302
    assert response.url == "/account/inloggen/?next=/werkruimte/"
