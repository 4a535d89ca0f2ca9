"""`manage.py check --deploy` passes with production settings and a real environment."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_check(**overrides: str) -> subprocess.CompletedProcess:
    # The test runner's own switches (settings module, async safety off for the
    # browser tests) are not part of a deployment.
    ignored = ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if k not in ignored}
    env.update(
        {
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "ketenzicht.example.nl",
            "DATABASE_URL": "postgres://ketenzicht@db.example.nl:5432/ketenzicht",
            "REDIS_URL": "redis://redis.example.nl:6379/0",
        }
    )
    env.update(overrides)
    return subprocess.run(
        [
            sys.executable,
            "manage.py",
            "check",
            "--deploy",
            "--settings=ketenzicht.settings.production",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes():
    result = run_check()
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    # No deployment (security) finding at all, not even a warning. Other apps'
    # warnings (e.g. OpenAPI schema hints) do not concern deployment.
    assert "security.W" not in output and "security.E" not in output, output
    assert "ERRORS:" not in output


def test_check_deploy_refuses_a_weak_secret_key():
    result = run_check(SECRET_KEY="short")
    assert "security.W009" in result.stdout + result.stderr


def test_production_refuses_to_start_without_its_environment():
    result = run_check(SECRET_KEY="")
    assert result.returncode != 0
    assert "Set the environment variable SECRET_KEY for production." in result.stderr
