"""Production settings come from the environment and pass Django's deployment checks.

Each case runs manage.py in a subprocess, because the production module reads
the environment at import time and must not leak into the test process.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = "ketenzicht.settings.production"


def production_env(**overrides: str | None) -> dict[str, str]:
    # Not the test process's own settings, nor its async-safety escape hatch
    # (set for Playwright in tests/conftest.py; check --deploy rightly refuses it).
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env.update(
        {
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "ketenzicht.example.nl,api.ketenzicht.example.nl",
            # A host that does not resolve: the deployment checks must not need the database.
            "DATABASE_URL": "postgres://ketenzicht@db.invalid:5432/ketenzicht",
            "REDIS_URL": "redis://redis.invalid:6379/0",
        }
    )
    for name, value in overrides.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args, f"--settings={SETTINGS}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_with_the_environment_set():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"])
def test_a_missing_required_variable_stops_start_up_with_its_name(missing):
    result = manage("check", env=production_env(**{missing: None}))
    assert result.returncode != 0
    assert f"Set the environment variable {missing} for production." in result.stderr


def test_production_reads_database_redis_and_hosts_from_the_environment():
    code = (
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.DATABASES['default']['HOST']);"
        "print(s.CACHES['default']['BACKEND']);"
        "print(s.HUEY['huey_class']);"
        "print(','.join(s.ALLOWED_HOSTS));"
        "print(s.DEBUG, s.KETENZICHT_REQUIRE_2FA, s.SESSION_COOKIE_SECURE)"
    )
    result = manage("shell", "--no-imports", "-c", code, env=production_env())
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "django.db.backends.postgresql db.invalid",
        "django.core.cache.backends.redis.RedisCache",
        "huey.PriorityRedisHuey",
        "ketenzicht.example.nl,api.ketenzicht.example.nl",
        "False True True",
    ]
