"""Playwright driving Debian's Chromium against pytest-django's live server.

Chromium is required, not optional: `make test` installs Debian's package when
it is missing, and a missing browser fails these tests instead of skipping them.
"""

import importlib
from pathlib import Path

import pytest

_TRIGGERS = importlib.import_module("ketenzicht.audit.migrations.0002_append_only_triggers")

CHROMIUM = Path("/usr/bin/chromium")
# Headless as root in a closed network: no sandbox, no GPU, and none of the
# background connections Chromium would otherwise try (and fail) to make.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory's password


@pytest.fixture(scope="session")
def _serialized_db(django_db_setup, django_db_blocker):
    """The migrated database as serialized by Django, taken before Playwright starts.

    Playwright's sync API leaves an event loop running in this thread, and from
    then on Django's connection handler (context-local under a running loop) hands
    out a new connection object that lacks the serialized contents, so Django
    would silently skip the serialized rollback. `_audit_flush_allowed` puts it back."""
    from django.db import connection

    return getattr(connection, "_test_serialized_contents", None)


# Per module, not per session: Playwright's sync API leaves its event loop running
# in this thread while it is started, and any other sync_playwright() in the same
# run (another folder's browser tests) refuses to start inside it.
@pytest.fixture(scope="module")
def chromium(_serialized_db):
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test`, which installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()
        # Close the connections opened while Playwright's loop was running (see
        # `_serialized_db`); left open, they keep PostgreSQL from dropping the
        # test database at the end of the run.
        from django.db import connections

        connections.close_all()


def _prepare_audit_for_flush() -> None:
    """Live-server tests commit for real, so the test database is flushed after each
    one, and the audit trail refuses DELETE and TRUNCATE by trigger."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # TRUNCATE fires its statement trigger even on an empty table: skip
            # user triggers for this connection only (reset at the next setup).
            cursor.execute("SET session_replication_role = replica")
        else:
            # Empty the table with the triggers briefly off, then put them back,
            # so the flush deletes nothing from it and later tests keep the guard.
            for sql in _TRIGGERS.SQLITE_DOWN:
                cursor.execute(sql)
            cursor.execute("DELETE FROM audit_auditevent")
            for sql in _TRIGGERS.SQLITE_UP:
                cursor.execute(sql)


def _audit_guard_on() -> None:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = DEFAULT")


@pytest.fixture(scope="module", autouse=True)
def _audit_guard_back_after_module(django_db_setup, django_db_blocker):
    yield
    with django_db_blocker.unblock():
        _audit_guard_on()


@pytest.fixture
def _audit_flush_allowed(transactional_db, _serialized_db):
    from django.db import connection

    if _serialized_db and not hasattr(connection, "_test_serialized_contents"):
        connection._test_serialized_contents = _serialized_db
        connection.creation.deserialize_db_from_string(_serialized_db)
    _audit_guard_on()
    yield
    _prepare_audit_for_flush()


@pytest.fixture
def new_page(
    django_db_serialized_rollback,
    transactional_db,
    _audit_flush_allowed,
    chromium,
    live_server,
):
    """Factory for pages in fresh browser contexts (own cookies), Dutch browser by default.

    Serialized rollback gives every test the migrated reference data (the chain's
    organisations) even though the flush after the previous test removed it."""
    contexts = []

    def make(*, width=1280, height=900, locale="nl-NL"):
        context = chromium.new_context(
            base_url=live_server.url,
            viewport={"width": width, "height": height},
            locale=locale,
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


def log_in(page, username: str, password: str = PASSWORD):
    page.goto("/account/inloggen/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form.stacked button[type=submit]")
    page.wait_for_load_state()
