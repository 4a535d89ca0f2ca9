"""Suite-wide rules for the `postgres` and `browser` markers and for CI.

- On SQLite, tests marked `postgres` are deselected (pytest reports them as
  deselected), never skipped; `make test` also passes `-m "not postgres"`.
- In CI (`CI` set), a PostgreSQL DATABASE_URL must be reachable before any test
  runs, and a `postgres` test that skips anyway is turned into a failure: CI must
  not go green without having run them.
"""

import os

import pytest

# Playwright's sync API runs an event loop in this thread; Django's async-safety
# check would otherwise refuse the ORM calls the live-server tests make.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


def database_is_postgres() -> bool:
    return (os.environ.get("DATABASE_URL") or "").startswith(("postgres://", "postgresql://"))


def _postgres_unreachable_reason() -> str | None:
    """None when the server behind DATABASE_URL accepts a connection, else why not."""
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(os.environ["DATABASE_URL"])
    try:
        # The maintenance database: the run's own database is created by pytest-django.
        psycopg.connect(
            host=cfg["HOST"] or None,
            port=cfg["PORT"] or None,
            user=cfg["USER"] or None,
            password=cfg["PASSWORD"] or None,
            dbname="postgres",
            connect_timeout=5,
        ).close()
    except psycopg.Error as exc:
        return str(exc).strip()
    return None


def pytest_configure(config):
    if in_ci() and database_is_postgres():
        reason = _postgres_unreachable_reason()
        if reason:
            pytest.exit(f"CI: PostgreSQL from DATABASE_URL is unreachable: {reason}", returncode=3)


def pytest_collection_modifyitems(config, items):
    if database_is_postgres():
        return
    deselected = [item for item in items if item.get_closest_marker("postgres")]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not item.get_closest_marker("postgres")]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.skipped and in_ci() and item.get_closest_marker("postgres"):
        report.outcome = "failed"
        report.longrepr = f"CI: a test marked postgres was skipped ({report.longrepr})"
    return report
